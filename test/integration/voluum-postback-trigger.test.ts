import { VoluumPostbackTrigger } from '../../nodes/Voluum/VoluumPostbackTrigger.node';
import { VOLUUM_POSTBACK_MACROS } from '../../nodes/Voluum/postback/macros';
import { fireVoluumPostback, voluumPostbackValues } from '../mock-servers/voluum/postback';
import { describePostbackTrigger } from '../unit/webhook/tracker-suite';

describePostbackTrigger({
	nodeType: () => new VoluumPostbackTrigger(),
	table: VOLUUM_POSTBACK_MACROS,
	values: voluumPostbackValues,
	fire: fireVoluumPostback,
	statuses: ['', 'hold', 'chargeback'],
	canonical: ['approved', 'hold', 'rejected'],
});

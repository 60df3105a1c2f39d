import { BeMobPostbackTrigger } from '../../nodes/BeMob/BeMobPostbackTrigger.node';
import { BEMOB_POSTBACK_MACROS } from '../../nodes/BeMob/postback/macros';
import { fireBeMobPostback, beMobPostbackValues } from '../mock-servers/bemob/postback';
import { describePostbackTrigger } from '../unit/webhook/tracker-suite';

describePostbackTrigger({
	nodeType: () => new BeMobPostbackTrigger(),
	table: BEMOB_POSTBACK_MACROS,
	values: beMobPostbackValues,
	fire: fireBeMobPostback,
	statuses: ['new', 'confirm', 'decline', 'charge'],
	canonical: ['pending', 'approved', 'rejected', 'rejected'],
});

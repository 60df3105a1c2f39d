import { BinomPostbackTrigger } from '../../nodes/Binom/BinomPostbackTrigger.node';
import { BINOM_POSTBACK_MACROS } from '../../nodes/Binom/postback/macros';
import { fireBinomPostback, binomPostbackValues } from '../mock-servers/binom/postback';
import { describePostbackTrigger } from '../unit/webhook/tracker-suite';

describePostbackTrigger({
	nodeType: () => new BinomPostbackTrigger(),
	table: BINOM_POSTBACK_MACROS,
	values: binomPostbackValues,
	fire: fireBinomPostback,
	statuses: ['lead', 'approve', 'reject'],
	canonical: ['pending', 'approved', 'rejected'],
});

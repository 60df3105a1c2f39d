import { TgTrackerPostbackTrigger } from '../../nodes/TgTracker/TgTrackerPostbackTrigger.node';
import { TGTRACKER_POSTBACK_MACROS } from '../../nodes/TgTracker/postback/macros';
import { fireTgTrackerPostback, tgTrackerPostbackValues } from '../mock-servers/tgtracker/postback';
import { describePostbackTrigger } from '../unit/webhook/tracker-suite';

describePostbackTrigger({
	nodeType: () => new TgTrackerPostbackTrigger(),
	table: TGTRACKER_POSTBACK_MACROS,
	values: tgTrackerPostbackValues,
	fire: fireTgTrackerPostback,
	statuses: ['subscribe', 'leave'],
	canonical: ['approved', 'rejected'],
});

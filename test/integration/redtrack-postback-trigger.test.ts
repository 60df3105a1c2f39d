import { RedTrackPostbackTrigger } from '../../nodes/RedTrack/RedTrackPostbackTrigger.node';
import { REDTRACK_POSTBACK_MACROS } from '../../nodes/RedTrack/postback/macros';
import { fireRedTrackPostback, redTrackPostbackValues } from '../mock-servers/redtrack/postback';
import { describePostbackTrigger } from '../unit/webhook/tracker-suite';

describePostbackTrigger({
	nodeType: () => new RedTrackPostbackTrigger(),
	table: REDTRACK_POSTBACK_MACROS,
	values: redTrackPostbackValues,
	fire: fireRedTrackPostback,
	statuses: ['pending', 'approved', 'declined'],
	canonical: ['pending', 'approved', 'rejected'],
});

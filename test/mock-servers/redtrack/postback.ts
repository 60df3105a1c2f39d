/**
 * RedTrack firing its traffic-channel postback (help.redtrack.io supported dynamic parameters):
 * macro values written from RedTrack's docs, independent of the node's table.
 */
import { fireWith, subMacros } from '../shared/postback';
import type { MacroValues, MockConversionEvent } from '../shared/postback';
import { handlePostback, receiverOf } from '../shared/receive-postback';
import type { PostbackReceiver } from '../shared/receive-postback';
import type { Incoming } from '../voluum/tracker-kit';
import type { RedTrackState, RedTrackStatus } from './state';

export const redTrackPostbackValues: MacroValues = (e) => ({
	'{clickid}': e.clickId,
	'{ref_id}': e.externalId,
	'{order}': e.txId,
	'{status}': e.status,
	'{type}': 'Purchase',
	'{payout}': e.payout === undefined ? '' : String(e.payout),
	'{currency}': e.currency,
	'{campaign_id}': e.campaignId,
	'{offer_id}': e.offerId,
	'{source_id}': e.sourceId,
	'{country}': e.country,
	...subMacros(e, (n) => `{sub${n}}`, 20),
});

export const fireRedTrackPostback = (template: string, e: MockConversionEvent, opts?: { method?: 'GET' | 'POST' }) =>
	fireWith(redTrackPostbackValues, template, e, opts);

// ---- RedTrack receiving a postback on its tracking domain (Conversion → Send Postback) ------
// `GET /postback?clickid=&sum=&status=&type=`, no key (help.redtrack.io clickid article; third
// party for sum/type; status name ASSUMED); rules in ../shared/receive-postback.ts. RedTrack's
// transaction-id parameter is unknown: the mock never deduplicates by one (Duplicate Postback
// setting "create a new conversion").
const RT_STATUSES: RedTrackStatus[] = ['approved', 'pending', 'declined', 'other'];

export const redTrackPostbackEndpoint = (state: RedTrackState): PostbackReceiver => receiverOf(state);

/** One line in ./server.ts, before the API routes: true when it answered. */
export function redTrackPostbackRoute(state: RedTrackState, inc: Incoming): boolean {
	return handlePostback(redTrackPostbackEndpoint(state), {
		clickParam: 'clickid',
		payoutParam: 'sum',
		knows: (id) => state.getTrack(id) !== undefined,
		record: (p) => {
			const s = String(p.params.status ?? '').toLowerCase();
			state.addConversion({
				clickid: p.clickId,
				payout: p.payout,
				...(s ? { status: (RT_STATUSES as string[]).includes(s) ? (s as RedTrackStatus) : 'other' } : {}),
				...(p.params.type ? { type: p.params.type } : {}),
			});
		},
	}, inc.req, inc.res, inc.url);
}

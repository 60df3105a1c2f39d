/**
 * BeMob firing its traffic-source postback (docs.bemob.com postback settings of traffic source;
 * statuses new / confirm / decline / charge per help.bemob.com): token values written from
 * BeMob's docs, independent of the node's table.
 */
import { fireWith } from '../shared/postback';
import type { MacroValues, MockConversionEvent } from '../shared/postback';
import { handlePostback, receiverOf } from '../shared/receive-postback';
import type { PostbackReceiver } from '../shared/receive-postback';
import type { Incoming } from '../voluum/tracker-kit';
import type { BeMobState, BeMobStatus } from './state';

export const beMobPostbackValues: MacroValues = (e) => ({
	'{cid}': e.clickId,
	'{externalId}': e.externalId,
	'{status}': e.status,
	'{payout}': e.payout === undefined ? '' : String(e.payout),
	'{txid}': e.txId,
	'{currency}': e.currency,
	'{campaignId}': e.campaignId,
	'{offerId}': e.offerId,
	'{trafficSourceId}': e.sourceId,
	'{countryCode}': e.country,
});

export const fireBeMobPostback = (template: string, e: MockConversionEvent, opts?: { method?: 'GET' | 'POST' }) =>
	fireWith(beMobPostbackValues, template, e, opts);

// ---- BeMob receiving a postback on its tracking domain (Conversion → Send Postback) ---------
// `GET /postback?cid=&payout=&txid=&status=`, only cid required (OFFICIAL,
// docs.bemob.com/en/create-custom-affiliate-network); rules in ../shared/receive-postback.ts.
// A status the mock's affiliate network does not map is ignored (the conversion keeps the default).
const BEMOB_STATUSES: BeMobStatus[] = ['new', 'confirm', 'decline', 'charge'];

export const beMobPostbackEndpoint = (state: BeMobState): PostbackReceiver => receiverOf(state);

/** One line in ./server.ts, before the API routes: true when it answered. */
export function beMobPostbackRoute(state: BeMobState, inc: Incoming): boolean {
	return handlePostback(beMobPostbackEndpoint(state), {
		clickParam: 'cid',
		payoutParam: 'payout',
		txidParam: 'txid',
		knows: (id) => state.visits.some((v) => v.id === id),
		record: (p) => {
			const s = String(p.params.status ?? '').toLowerCase() as BeMobStatus;
			state.addConversion({
				cid: p.clickId,
				txid: p.txid,
				payout: p.payout,
				...(BEMOB_STATUSES.includes(s) ? { status: s } : {}),
			});
		},
	}, inc.req, inc.res, inc.url);
}

/**
 * Voluum firing its traffic-source postback (doc.voluum.com/en/traffic_source_postback_url.html):
 * the tokens Voluum substitutes, written from Voluum's docs (assumed names as labelled in the
 * README), independent of the node's table.
 */
import { fireWith, subMacros } from '../shared/postback';
import { handlePostback, receiverOf } from '../shared/receive-postback';
import type { PostbackReceiver } from '../shared/receive-postback';
import type { VoluumState } from './state';
import type { Incoming } from './tracker-kit';
import type { MacroValues, MockConversionEvent } from '../shared/postback';

export const voluumPostbackValues: MacroValues = (e) => ({
	'{clickid}': e.clickId,
	'{externalid}': e.externalId,
	'{transaction.id}': e.txId,
	'{conversion.type}': e.status,
	'{payout}': e.payout === undefined ? '' : String(e.payout),
	'{currency}': e.currency,
	'{campaign.id}': e.campaignId,
	'{campaign.name}': e.campaignName,
	'{offer.id}': e.offerId,
	'{lander.id}': e.landingId,
	'{trafficsource.id}': e.sourceId,
	'{country}': e.country,
	...subMacros(e, (n) => `{var${n}}`, 10),
});

export const fireVoluumPostback = (template: string, e: MockConversionEvent, opts?: { method?: 'GET' | 'POST' }) =>
	fireWith(voluumPostbackValues, template, e, opts);

// ---- Voluum receiving a postback on its tracking domain (Conversion → Send Postback) --------
// `GET /postback?cid=&payout=&txid=&currency=&et=`, no key (doc.voluum.com/en/
// tracking_conversions_postback.html); the rules are in ../shared/receive-postback.ts.

export const voluumPostbackEndpoint = (state: VoluumState): PostbackReceiver => receiverOf(state);

/** One line in ./server.ts, before the API routes: true when it answered. */
export function voluumPostbackRoute(state: VoluumState, inc: Incoming): boolean {
	return handlePostback(voluumPostbackEndpoint(state), {
		clickParam: 'cid',
		payoutParam: 'payout',
		txidParam: 'txid',
		knows: (id) => state.findVisit(id) !== undefined,
		record: (p) =>
			void state.addConversion({
				clickId: p.clickId,
				transactionId: p.txid,
				conversionType: p.params.et,
				...(p.payout !== undefined ? { revenue: p.payout, payout: p.payout } : {}),
			}),
	}, inc.req, inc.res, inc.url);
}

/**
 * BeMob firing its traffic-source postback (docs.bemob.com postback settings of traffic source;
 * statuses new / confirm / decline / charge per help.bemob.com): token values written from
 * BeMob's docs, independent of the node's table.
 */
import { fireWith } from '../shared/postback';
import type { MacroValues, MockConversionEvent } from '../shared/postback';

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

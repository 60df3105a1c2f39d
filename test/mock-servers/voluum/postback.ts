/**
 * Voluum firing its traffic-source postback (doc.voluum.com/en/traffic_source_postback_url.html):
 * the tokens Voluum substitutes, written from Voluum's docs (assumed names as labelled in the
 * README), independent of the node's table.
 */
import { fireWith, subMacros } from '../shared/postback';
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

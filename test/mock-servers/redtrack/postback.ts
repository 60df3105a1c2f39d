/**
 * RedTrack firing its traffic-channel postback (help.redtrack.io supported dynamic parameters):
 * macro values written from RedTrack's docs, independent of the node's table.
 */
import { fireWith, subMacros } from '../shared/postback';
import type { MacroValues, MockConversionEvent } from '../shared/postback';

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

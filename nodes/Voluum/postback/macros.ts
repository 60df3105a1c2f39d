/**
 * Voluum traffic-source postback tokens (Traffic Sources → Postback URL).
 * Source: https://doc.voluum.com/en/traffic_source_postback_url.html ({externalid} relays the
 * traffic source's click id; "Available URL Tokens"), https://doc.voluum.com/article/parameters-in-postback-urls
 * (payout, txid, et = conversion type). Token names marked assumed were not readable in the docs
 * we had; a token Voluum does not know stays literal and the node treats it as missing.
 */
import { subIdMacros } from '../../shared/postback/macros';
import type { PostbackMacroTable } from '../../shared/postback/macros';
import { VOLUUM_DEFAULT_STATUS_MAP, VOLUUM_STATUS_FALLBACK } from '../trigger/status';

const TS = 'https://doc.voluum.com/en/traffic_source_postback_url.html';
const ASSUMED = 'Assumed: Voluum token name, not confirmed in the docs we could read';

export const VOLUUM_POSTBACK_MACROS: PostbackMacroTable = {
	tracker: 'voluum',
	name: 'Voluum',
	docs: [TS, 'https://doc.voluum.com/article/parameters-in-postback-urls'],
	statusMap: VOLUUM_DEFAULT_STATUS_MAP,
	statusFallback: VOLUUM_STATUS_FALLBACK,
	// Voluum has no approval status: a postback is a conversion (other-trackers-api.md §1.3).
	emptyStatus: '',
	setupHint:
		'Voluum: Traffic Sources → edit the source → Traffic source postback URL, paste the URL, save. Voluum sends it for every conversion; the conversion type ({conversion.type}) becomes the status (map types such as hold or chargeback in Status Map).',
	macros: [
		{ field: 'clickId', param: 'clickid', macro: '{clickid}', aliases: ['cid'], source: `${ASSUMED} ({clickid} is Voluum's click id token in offer URLs)`, assumed: true },
		{ field: 'extra', param: 'externalid', macro: '{externalid}', source: TS },
		{ field: 'transactionId', param: 'txid', macro: '{transaction.id}', source: ASSUMED, assumed: true },
		{ field: 'status', param: 'type', macro: '{conversion.type}', aliases: ['et'], source: ASSUMED, assumed: true },
		{ field: 'payout', param: 'payout', macro: '{payout}', source: TS },
		{ field: 'currency', param: 'currency', macro: '{currency}', source: ASSUMED, assumed: true },
		{ field: 'campaignId', param: 'campaign_id', macro: '{campaign.id}', source: ASSUMED, assumed: true },
		{ field: 'campaignName', param: 'campaign_name', macro: '{campaign.name}', source: ASSUMED, assumed: true },
		{ field: 'offerId', param: 'offer_id', macro: '{offer.id}', source: ASSUMED, assumed: true },
		{ field: 'landingId', param: 'lander_id', macro: '{lander.id}', source: ASSUMED, assumed: true },
		{ field: 'trafficSourceId', param: 'source_id', macro: '{trafficsource.id}', source: ASSUMED, assumed: true },
		{ field: 'country', param: 'country', macro: '{country}', source: ASSUMED, assumed: true },
		...subIdMacros(5, (n) => `var${n}`, (n) => `{var${n}}`, `${ASSUMED} ({varN} custom variables)`, true),
	],
};

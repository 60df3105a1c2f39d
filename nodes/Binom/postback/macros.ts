/**
 * Binom 2 traffic-source / campaign S2S postback tokens.
 * Source: https://docs.binom.org/create-source.php ("Tokens for postback URL": {clickid},
 * {campaign}, {campaign_name}, {trafficsource}, {trafficsource_name}, {external_id}, {lander},
 * {time}, {country_code}…), https://docs.binom.org/conv-to-source-v2.php ({cnv_status},
 * {cnv_status2}, {cnv_currency}), https://docs.binom.org/create-source-v2.php ({t1}…{t30}).
 */
import { subIdMacros } from '../../shared/postback/macros';
import type { PostbackMacroTable } from '../../shared/postback/macros';
import { BINOM_DEFAULT_STATUS_MAP, BINOM_STATUS_FALLBACK } from '../trigger/mapping';

const SRC = 'https://docs.binom.org/create-source.php';
const V2 = 'https://docs.binom.org/conv-to-source-v2.php';

export const BINOM_POSTBACK_MACROS: PostbackMacroTable = {
	tracker: 'binom',
	name: 'Binom',
	docs: [SRC, V2, 'https://docs.binom.org/create-source-v2.php'],
	statusMap: BINOM_DEFAULT_STATUS_MAP,
	statusFallback: BINOM_STATUS_FALLBACK,
	emptyStatus: '',
	setupHint:
		'Binom: Traffic sources → edit the source → Postback URL (all campaigns of the source), or Campaign → Advanced settings → S2S Postback (one campaign). Use "Status-Postback Relation" to send status updates too.',
	macros: [
		{ field: 'clickId', param: 'clickid', macro: '{clickid}', source: SRC },
		// Binom keeps one conversion per click; a status update reuses it (update-conv.php).
		{ field: 'status', param: 'status', macro: '{cnv_status}', source: V2 },
		{ field: 'extra', param: 'status2', macro: '{cnv_status2}', source: V2 },
		{ field: 'payout', param: 'payout', macro: '{payout}', source: 'Assumed: {payout} (the docs describe "Payout %" sent with the conversion; token name not in the list we read)', assumed: true },
		{ field: 'currency', param: 'currency', macro: '{cnv_currency}', source: V2 },
		{ field: 'campaignId', param: 'campaign_id', macro: '{campaign}', source: SRC },
		{ field: 'campaignName', param: 'campaign_name', macro: '{campaign_name}', source: SRC },
		{ field: 'trafficSourceId', param: 'source_id', macro: '{trafficsource}', source: SRC },
		{ field: 'trafficSourceName', param: 'source_name', macro: '{trafficsource_name}', source: SRC },
		{ field: 'landingId', param: 'lander_id', macro: '{lander}', source: SRC },
		{ field: 'extra', param: 'external_id', macro: '{external_id}', source: SRC },
		{ field: 'country', param: 'country', macro: '{country_code}', source: SRC },
		{ field: 'clickTime', param: 'click_time', macro: '{time}', source: `${SRC} ({time}: time of click; format not stated, read as Unix seconds or "YYYY-MM-DD HH:MM:SS" UTC)` },
		...subIdMacros(5, (n) => `t${n}`, (n) => `{t${n}}`, 'https://docs.binom.org/create-source-v2.php'),
	],
};

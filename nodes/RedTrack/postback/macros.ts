/**
 * RedTrack traffic-channel postback macros (Traffic channels → Postback URL).
 * Source: https://help.redtrack.io/knowledgebase/kb/conversion-tracking/supported-dynamic-parameters
 * ({clickid}, sub1…sub20, country), https://help.redtrack.io/knowledgebase/kb/basic-setup-9785/supported-dynamic-parameters/%d1%81lick-id-parameter/
 * (click id). Names marked assumed were not readable in the docs we had.
 */
import { subIdMacros } from '../../shared/postback/macros';
import type { PostbackMacroTable } from '../../shared/postback/macros';
import { REDTRACK_DEFAULT_STATUS_MAP, REDTRACK_STATUS_FALLBACK } from '../trigger/status';

const DP = 'https://help.redtrack.io/knowledgebase/kb/conversion-tracking/supported-dynamic-parameters';
const ASSUMED = 'Assumed: RedTrack macro name, not confirmed in the docs we could read';

export const REDTRACK_POSTBACK_MACROS: PostbackMacroTable = {
	tracker: 'redtrack',
	name: 'RedTrack',
	docs: [DP],
	statusMap: { ...REDTRACK_DEFAULT_STATUS_MAP, '': 'approved' },
	statusFallback: REDTRACK_STATUS_FALLBACK,
	emptyStatus: '',
	setupHint:
		'RedTrack: Traffic channels → edit the channel → Postback URL, paste the URL; in the channel’s conversion settings choose which conversion types and statuses are sent.',
	macros: [
		{ field: 'clickId', param: 'clickid', macro: '{clickid}', source: DP },
		{ field: 'extra', param: 'ref_id', macro: '{ref_id}', source: ASSUMED, assumed: true },
		{ field: 'transactionId', param: 'txid', macro: '{order}', source: ASSUMED, assumed: true },
		{ field: 'status', param: 'status', macro: '{status}', source: ASSUMED, assumed: true },
		{ field: 'extra', param: 'type', macro: '{type}', source: ASSUMED, assumed: true },
		{ field: 'payout', param: 'payout', macro: '{payout}', aliases: ['sum'], source: ASSUMED, assumed: true },
		{ field: 'currency', param: 'currency', macro: '{currency}', source: ASSUMED, assumed: true },
		{ field: 'campaignId', param: 'campaign_id', macro: '{campaign_id}', source: ASSUMED, assumed: true },
		{ field: 'offerId', param: 'offer_id', macro: '{offer_id}', source: ASSUMED, assumed: true },
		{ field: 'trafficSourceId', param: 'source_id', macro: '{source_id}', source: ASSUMED, assumed: true },
		{ field: 'country', param: 'country', macro: '{country}', source: DP },
		...subIdMacros(5, (n) => `sub${n}`, (n) => `{sub${n}}`, DP),
	],
};

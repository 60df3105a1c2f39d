/**
 * BeMob traffic-source postback tokens (Traffic Sources → Postback URL, with the statuses ticked).
 * Source: https://docs.bemob.com/en/postback-settings-of-traffic-source ({externalId}),
 * https://help.bemob.com/docs/send-postbacks-for-selected-statuses ({status}; statuses new /
 * confirm / decline / charge, other-trackers-api.md §3.3), https://docs.bemob.com/en/create-custom-affiliate-network
 * (cid, payout, txid). Names marked assumed were not readable in the docs we had.
 */
import type { PostbackMacroTable } from '../../shared/postback/macros';

const TS = 'https://docs.bemob.com/en/postback-settings-of-traffic-source';
const ST = 'https://help.bemob.com/docs/send-postbacks-for-selected-statuses';
const ASSUMED = 'Assumed: BeMob token name, not confirmed in the docs we could read';

export const BEMOB_POSTBACK_MACROS: PostbackMacroTable = {
	tracker: 'bemob',
	name: 'BeMob',
	docs: [TS, ST],
	statusMap: {
		new: 'pending',
		confirm: 'approved',
		approved: 'approved',
		decline: 'rejected',
		declined: 'rejected',
		charge: 'rejected',
		chargeback: 'rejected',
		// Without "Use conversion statuses" every conversion counts as approved.
		'': 'approved',
	},
	emptyStatus: '',
	setupHint:
		'BeMob: Traffic Sources → edit the source → Postback URL, paste the URL, and tick the statuses to send (Approved must stay ticked). This webhook is BeMob’s only conversion stream: BeMob has no conversion list API.',
	macros: [
		{ field: 'clickId', param: 'cid', macro: '{cid}', aliases: ['clickid'], source: `${ASSUMED} ({cid}: BeMob's click id in the affiliate postback)`, assumed: true },
		{ field: 'extra', param: 'external_id', macro: '{externalId}', source: TS },
		{ field: 'status', param: 'status', macro: '{status}', source: ST },
		{ field: 'payout', param: 'payout', macro: '{payout}', source: ASSUMED, assumed: true },
		{ field: 'transactionId', param: 'txid', macro: '{txid}', source: ASSUMED, assumed: true },
		{ field: 'currency', param: 'currency', macro: '{currency}', source: ASSUMED, assumed: true },
		{ field: 'campaignId', param: 'campaign_id', macro: '{campaignId}', source: ASSUMED, assumed: true },
		{ field: 'offerId', param: 'offer_id', macro: '{offerId}', source: ASSUMED, assumed: true },
		{ field: 'trafficSourceId', param: 'source_id', macro: '{trafficSourceId}', source: ASSUMED, assumed: true },
		{ field: 'country', param: 'country', macro: '{countryCode}', source: ASSUMED, assumed: true },
	],
};

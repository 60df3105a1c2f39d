/**
 * Keitaro S2S postback macros (campaign "S2S postbacks" tab and traffic source postback URL).
 * Source: https://docs.keitaro.io/en/campaigns-and-streams/s2s-postback-placeholders.html (and the
 * v9 page https://v9.help.keitaro.io/en/campaigns-and-streams/s2s-postback-placeholders.html).
 * Query parameter names are Keitaro's own postback names (subid, tid, status, payout, currency,
 * sub_id_N; https://docs.keitaro.io/en/conversions/postback.html), so a hand-written URL works too.
 */
import { subIdMacros } from '../../shared/postback/macros';
import type { PostbackMacroTable } from '../../shared/postback/macros';
import { KEITARO_STATUS_MAP } from '../trigger/status';

const DOC = 'https://docs.keitaro.io/en/campaigns-and-streams/s2s-postback-placeholders.html';

export const KEITARO_POSTBACK_MACROS: PostbackMacroTable = {
	tracker: 'keitaro',
	name: 'Keitaro',
	docs: [DOC, 'https://docs.keitaro.io/en/campaigns-and-streams/s2s-postback.html'],
	statusMap: KEITARO_STATUS_MAP,
	// "status (default is sale)": https://docs.keitaro.io/en/conversions/postback.html
	emptyStatus: 'sale',
	timeZone: 'UTC',
	setupHint:
		'Keitaro: the node adds this URL to the campaigns (or the traffic source) you pick when the workflow is activated, and removes it on deactivation. To paste it yourself instead: Campaign → S2S Postbacks → Add a postback, method GET, tick lead, sale, rejected and rebill.',
	macros: [
		{ field: 'clickId', param: 'subid', macro: '{subid}', aliases: ['sub_id', 'clickid'], source: DOC },
		{ field: 'transactionId', param: 'tid', macro: '{tid}', aliases: ['txid'], source: DOC },
		{
			field: 'status',
			param: 'status',
			macro: '{status}',
			source:
				'{status} as in the docs’ Telegram example (v9 S2S postback page); the placeholder list documents the mapping form {status:mapping}',
		},
		{ field: 'payout', param: 'payout', macro: '{revenue}', aliases: ['revenue'], source: DOC },
		{
			field: 'currency',
			param: 'currency',
			macro: '{currency}',
			source:
				'Assumed: {currency} is not in the placeholder list; if Keitaro leaves it unsubstituted the node treats it as missing',
			assumed: true,
		},
		{ field: 'campaignId', param: 'campaign_id', macro: '{campaign_id}', source: DOC },
		{ field: 'campaignName', param: 'campaign_name', macro: '{campaign_name}', source: DOC },
		{ field: 'offerId', param: 'offer_id', macro: '{offer_id}', source: DOC },
		{ field: 'landingId', param: 'landing_id', macro: '{landing_id}', source: DOC },
		{ field: 'trafficSourceId', param: 'ts_id', macro: '{ts_id}', source: DOC },
		{ field: 'trafficSourceName', param: 'ts_name', macro: '{traffic_source_name}', source: DOC },
		{ field: 'extra', param: 'external_id', macro: '{external_id}', source: DOC },
		{ field: 'country', param: 'country', macro: '{country}', source: DOC },
		{ field: 'ip', param: 'ip', macro: '{ip}', source: DOC },
		{
			field: 'clickTime',
			param: 'click_time',
			macro: '{date:U}',
			source: '{date:format,timezone}: click date, UTC; {date:U} gives unixtime (Russian edition of the page)',
		},
		...subIdMacros(
			5,
			(n) => `sub_id_${n}`,
			(n) => `{sub_id_${n}}`,
			'Assumed: {sub_id_N} as in Keitaro offer URLs; not in the S2S placeholder list',
			true,
		),
	],
};

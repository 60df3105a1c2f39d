/**
 * TG Tracker (TGTrack) postback macros. TGTrack documents a bot API and report exports
 * (https://doc.tgtrack.ru/doc/custom-bot-api, https://doc.tgtrack.ru/?p=802), but we found no
 * public page listing the macros of an outgoing postback; EVERY macro below is assumed
 * (other-trackers-api.md §5: events are subscriptions / bot starts / goals of a Telegram user,
 * with utm tags, no payout). The node treats macros TGTrack leaves literal as missing.
 */
import type { PostbackMacroTable } from '../../shared/postback/macros';
import { TG_DEFAULT_STATUS_MAP } from '../trigger/mapping';

const ASSUMED = 'Assumed: no public TGTrack postback macro list was found';

export const TGTRACKER_POSTBACK_MACROS: PostbackMacroTable = {
	tracker: 'tgtracker',
	name: 'TG Tracker',
	docs: ['https://doc.tgtrack.ru/doc/custom-bot-api'],
	statusMap: {
		...TG_DEFAULT_STATUS_MAP,
		subscribe: 'approved',
		join: 'approved',
		start: 'approved',
		goal: 'approved',
		leave: 'rejected',
		unsubscribe: 'rejected',
		'': 'approved',
	},
	emptyStatus: '',
	setupHint:
		'TG Tracker: paste the URL where TGTrack lets you send events to a URL (webhook / postback of a channel or bot). The macro names are assumptions: adjust them to what your TGTrack account offers.',
	macros: [
		{ field: 'clickId', param: 'user_id', macro: '{user_id}', aliases: ['clickid'], source: ASSUMED, assumed: true },
		{ field: 'status', param: 'event', macro: '{event}', aliases: ['status'], source: ASSUMED, assumed: true },
		{ field: 'transactionId', param: 'event_id', macro: '{event_id}', source: ASSUMED, assumed: true },
		{ field: 'payout', param: 'payout', macro: '{payout}', source: ASSUMED, assumed: true },
		{ field: 'campaignName', param: 'utm_campaign', macro: '{utm_campaign}', source: ASSUMED, assumed: true },
		{ field: 'trafficSourceName', param: 'utm_source', macro: '{utm_source}', source: ASSUMED, assumed: true },
		{ field: 'campaignId', param: 'chat_id', macro: '{chat_id}', source: ASSUMED, assumed: true },
		{ field: 'postbackTime', param: 'event_time', macro: '{event_time}', source: ASSUMED, assumed: true },
		{ field: 'subId', subIndex: 1, param: 'utm_medium', macro: '{utm_medium}', source: ASSUMED, assumed: true },
		{ field: 'subId', subIndex: 2, param: 'utm_content', macro: '{utm_content}', source: ASSUMED, assumed: true },
		{ field: 'subId', subIndex: 3, param: 'utm_term', macro: '{utm_term}', source: ASSUMED, assumed: true },
	],
};

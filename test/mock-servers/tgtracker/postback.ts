/**
 * TG Tracker firing an event postback. No public macro list was found (see the node's table):
 * this mock plays the same labelled assumption — Telegram user id, event name, utm tags.
 */
import { fireWith } from '../shared/postback';
import type { MacroValues, MockConversionEvent } from '../shared/postback';

export const tgTrackerPostbackValues: MacroValues = (e) => ({
	'{user_id}': e.clickId,
	'{event}': e.status,
	'{event_id}': e.txId,
	'{payout}': e.payout === undefined ? '' : String(e.payout),
	'{utm_campaign}': e.campaignName,
	'{utm_source}': e.sourceName,
	'{chat_id}': e.campaignId,
	'{event_time}': e.conversionTime === undefined ? undefined : String(e.conversionTime),
	'{utm_medium}': e.subs?.[0],
	'{utm_content}': e.subs?.[1],
	'{utm_term}': e.subs?.[2],
});

export const fireTgTrackerPostback = (template: string, e: MockConversionEvent, opts?: { method?: 'GET' | 'POST' }) =>
	fireWith(tgTrackerPostbackValues, template, e, opts);

/**
 * Keitaro's S2S postback traffic in the mock, both ways:
 * - incoming: `GET|POST /<postback_key>/postback?subid=…&status=…&payout=…&tid=…` records a
 *   conversion (https://docs.keitaro.io/en/conversions/postback.html: status default `sale`,
 *   `lead_status`/`sale_status`/`rejected_status` comma lists map custom statuses, the raw value is
 *   kept as original_status, `ignore_status` drops a postback, `return=` sets the answer text);
 * - outgoing: `fireS2SPostbacks` plays Keitaro sending the S2S postbacks stored on a campaign
 *   (`postbacks[]`, added through the Admin API) and on its traffic source (`postback_url` +
 *   `postback_statuses`), with Keitaro's placeholders substituted
 *   (https://docs.keitaro.io/en/campaigns-and-streams/s2s-postback-placeholders.html; values
 *   URL-encoded, unknown placeholders left literal).
 *
 * Unknown behaviour offered as switches (`postbackEndpoint(state).options`):
 * - `wrongKey`: what a wrong postback key gets — `html` (the admin page with 200, what the mock
 *   serves for any unknown path; default) or `notFound` (404 text);
 * - `unknownStatus`: a custom status without a mapping — `lead` (default) or `reject` (400 text);
 * - `currencyMacro`: whether `{currency}` is a known placeholder (default false: left literal).
 */
import type { ServerResponse } from 'node:http';

import { sendText } from '../shared/http';
import { sendPostback, substituteMacros } from '../shared/postback';
import type { MockConversionEvent, SentPostback } from '../shared/postback';
import type { ConversionStatus, KeitaroState } from './store';

export interface KeitaroPostbackOptions {
	wrongKey: 'html' | 'notFound';
	unknownStatus: 'lead' | 'reject';
	currencyMacro: boolean;
}

export interface ReceivedPostback {
	params: Record<string, string>;
	status: number;
	conversionId?: number;
}

export interface KeitaroPostbackEndpoint {
	/** The postback key of Maintenance → Postback URL. */
	key: string;
	options: KeitaroPostbackOptions;
	/** Postbacks that reached the right key. */
	received: ReceivedPostback[];
	/** Requests with a wrong key. */
	refused: number;
}

const endpoints = new WeakMap<KeitaroState, KeitaroPostbackEndpoint>();

export function postbackEndpoint(state: KeitaroState): KeitaroPostbackEndpoint {
	let e = endpoints.get(state);
	if (!e) {
		e = {
			key: 'mock-postback-key-7f3a9c',
			options: { wrongKey: 'html', unknownStatus: 'lead', currencyMacro: false },
			received: [],
			refused: 0,
		};
		endpoints.set(state, e);
	}
	return e;
}

const NATIVE: ConversionStatus[] = ['lead', 'sale', 'rejected', 'rebill'];
const byTid = new WeakMap<KeitaroState, Map<string, number>>();

function paramsOf(query: URLSearchParams, body: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of query) out[k] = v;
	if (typeof body === 'string' && body.trim() !== '') {
		for (const [k, v] of new URLSearchParams(body)) out[k] = v;
	} else if (body && typeof body === 'object' && !Array.isArray(body)) {
		for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
			if (v !== null && v !== undefined) out[k] = String(v);
		}
	}
	return out;
}

function listHas(list: string | undefined, value: string): boolean {
	return !!list && list.split(',').map((s) => s.trim().toLowerCase()).includes(value.toLowerCase());
}

/**
 * Handles `/<key>/postback`; returns false for any other path (and for a wrong key in `html` mode,
 * so the server answers with its admin page as for any unknown path).
 */
export function handleIncomingPostback(
	state: KeitaroState,
	url: URL,
	body: unknown,
	res: ServerResponse,
): boolean {
	const m = /^\/([^/]+)\/postback\/?$/.exec(url.pathname);
	if (!m) return false;
	const ep = postbackEndpoint(state);
	if (decodeURIComponent(m[1]) !== ep.key) {
		ep.refused++;
		if (ep.options.wrongKey === 'html') return false;
		sendText(res, 404, 'Not found');
		return true;
	}
	const params = paramsOf(url.searchParams, body);
	const reply = (status: number, text: string, conversionId?: number) => {
		ep.received.push({ params, status, conversionId });
		sendText(res, status, text);
		return true;
	};
	const subid = (params.subid ?? '').trim();
	if (subid === '') return reply(400, 'Error: subid is empty');
	const raw = (params.status ?? '').trim() || 'sale';
	if (listHas(params.ignore_status, raw)) return reply(200, params.return ?? 'Ignored');
	let status: ConversionStatus | undefined;
	if (listHas(params.lead_status, raw)) status = 'lead';
	else if (listHas(params.sale_status, raw)) status = 'sale';
	else if (listHas(params.rejected_status, raw)) status = 'rejected';
	else if ((NATIVE as string[]).includes(raw.toLowerCase())) status = raw.toLowerCase() as ConversionStatus;
	else if (ep.options.unknownStatus === 'reject') return reply(400, `Error: unknown status ${raw}`);
	else status = 'lead';
	const payoutText = params.payout ?? params.revenue;
	const revenue = payoutText === undefined || payoutText === '' ? undefined : Number(payoutText);
	if (revenue !== undefined && !Number.isFinite(revenue)) return reply(400, 'Error: payout is not a number');
	const tid = params.tid ?? '';
	let tids = byTid.get(state);
	if (!tids) byTid.set(state, (tids = new Map()));
	const key = `${subid}\u0000${tid}`;
	const existing = tids.get(key);
	let conversionId: number;
	if (existing !== undefined) {
		try {
			conversionId = state.setConversionStatus(existing, status, {
				revenue,
				original_status: raw,
			}).conversion_id;
		} catch {
			conversionId = existing; // a transition Keitaro does not allow: ignored
		}
	} else {
		conversionId = state.addConversion({
			sub_id: subid,
			status,
			revenue,
			tid: tid || undefined,
			original_status: raw,
		}).conversion_id;
		tids.set(key, conversionId);
	}
	return reply(200, params.return ?? 'OK', conversionId);
}

/** Keitaro placeholders → values of one conversion (as Keitaro substitutes them). */
export function keitaroPlaceholders(
	state: KeitaroState,
	e: MockConversionEvent,
): Record<string, string | undefined> {
	const campaign = e.campaignId ? state.campaigns.get(Number(e.campaignId)) : undefined;
	const source = campaign ? state.trafficSources.get(campaign.traffic_source_id) : undefined;
	const values: Record<string, string | undefined> = {
		'{subid}': e.clickId,
		'{tid}': e.txId,
		'{status}': e.status ?? 'sale',
		'{revenue}': e.payout === undefined ? undefined : String(e.payout),
		'{campaign_id}': e.campaignId,
		'{campaign_name}': e.campaignName ?? campaign?.name,
		'{offer_id}': e.offerId,
		'{landing_id}': e.landingId,
		'{ts_id}': e.sourceId ?? (campaign ? String(campaign.traffic_source_id) : undefined),
		'{traffic_source_name}': e.sourceName ?? source?.name,
		'{external_id}': e.externalId,
		'{country}': e.country,
		'{ip}': e.ip,
		'{date:U}': e.clickTime === undefined ? undefined : String(e.clickTime),
	};
	(e.subs ?? []).forEach((v, i) => (values[`{sub_id_${i + 1}}`] = v));
	for (let i = (e.subs ?? []).length + 1; i <= 30; i++) values[`{sub_id_${i}}`] = '';
	if (postbackEndpoint(state).options.currencyMacro) values['{currency}'] = e.currency;
	return values;
}

/** The S2S postback URLs Keitaro would call for this conversion (campaign's, then source's). */
export function s2sTargets(
	state: KeitaroState,
	e: MockConversionEvent,
): Array<{ url: string; method: 'GET' | 'POST' }> {
	const campaign = e.campaignId ? state.campaigns.get(Number(e.campaignId)) : undefined;
	if (!campaign) return [];
	const status = (e.status ?? 'sale').toLowerCase();
	const values = keitaroPlaceholders(state, e);
	const out: Array<{ url: string; method: 'GET' | 'POST' }> = [];
	for (const p of campaign.postbacks ?? []) {
		if (!p.url || !(p.statuses ?? []).includes(status)) continue;
		out.push({ url: substituteMacros(p.url, values), method: p.method === 'POST' ? 'POST' : 'GET' });
	}
	const source = state.trafficSources.get(campaign.traffic_source_id);
	if (source?.postback_url && (source.postback_statuses ?? []).includes(status)) {
		out.push({ url: substituteMacros(source.postback_url, values), method: 'GET' });
	}
	return out;
}

/**
 * Sends the S2S postbacks of one conversion the way Keitaro does (GET; POST sends the same URL
 * with an empty body — Keitaro's POST body format is not documented).
 */
export async function fireS2SPostbacks(
	state: KeitaroState,
	e: MockConversionEvent,
): Promise<SentPostback[]> {
	const out: SentPostback[] = [];
	for (const t of s2sTargets(state, e)) out.push(await sendPostback(t.url, { method: t.method }));
	return out;
}

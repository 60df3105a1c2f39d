/**
 * Binom v2 mock (facts: /work/shared/docs/other-trackers-api.md §4). Self-hosted tracker: the API
 * lives under `/public/api/v1` of the tracker's own domain; key in the `api-key` header.
 *
 * ```ts
 * const mock = await startBinomMock();
 * await fetch(`${mock.apiUrl}/conversions?datePreset=today&timezone=UTC`, { headers: { 'api-key': mock.apiKey } });
 * const c = mock.state.addConversion({ status: 'lead', payout: 10 });
 * mock.state.upsell(c.id, 5);                 // payout 15, same click id, conversed_at unchanged
 * mock.state.setConversionStatus(c.id, 'approve');
 * ```
 *
 * Routes: `GET /conversions`, `GET /clicklog`, `GET /report/{campaign|offer|trafficSource|landing|
 * affiliateNetwork}`, `GET /info/{campaign|offer|traffic_source|landing|affiliate_network}` (the
 * credential probe calls `/info/campaign?datePreset=today&timezone=UTC&limit=1`).
 * Paths outside `/public/api/`: 200 HTML login page (wrong-URL trap); unknown API paths: 404 JSON.
 *
 * ASSUMPTIONS (docs §4 marks these UNKNOWN/3P-only; options where cheap):
 * - §4.1 auth: `api-key` header (any case). Missing/wrong → 401 `{"error": "Invalid API key"}`
 *   (body from a 3P auto-generated doc). `Authorization: Bearer` is refused unless `acceptBearer`.
 * - §4.2 `datePreset` is REQUIRED on every data endpoint (400 when missing/unknown); the preset list
 *   is the 3P `date_preset_list.json`. `last_N_days` = N calendar days ending today; weeks start
 *   Monday. `custom_time` needs `dateFrom` and `dateTo` as exactly "YYYY-MM-DD HH:MM:SS" (400
 *   otherwise; no `T`, no date-only), both INCLUSIVE to the second. `timezone` is optional: an IANA
 *   name, default the API user's timezone (`userTimezone`, Europe/Moscow — "reports default to the
 *   user timezone"); unknown zone → 400.
 * - §4.5 `/conversions` filters on `conversed_at` (the docs say the field is UNKNOWN; conversion
 *   time is the plausible one). `conversionDateField: 'clicked_at'` switches to click time.
 *   Response `{rows:[...]}` without a total. Rows: id (click id), campaign, traffic_source, offer
 *   (names), clicked_at, conversed_at ("YYYY-MM-DD HH:MM:SS" in the request timezone),
 *   time_since_click (seconds, as a string), payout (a decimal STRING like Binom's stats numbers;
 *   `numbersAsStrings: false` → numbers), status (free string), geo (country code).
 *   `sortColumn` any row column (default conversed_at), `sortType` asc|desc (default desc),
 *   `limit` 1..10000 (default 100; above → 400), `offset`. `direction=next` is ignored.
 * - A later postback updates the row IN PLACE: status changes, payout is added ("upsell") and
 *   `conversed_at` does not move (`state.touchConversedAt = true` moves it).
 * - `/clicklog`: same date/paging parameters, filtered on click time; columns from the 3P
 *   `clicklog_columns.json` (clicked_date "YYYY-MM-DD", click_time "YYYY-MM-DD HH:MM:SS", …).
 * - `/report/{entity}`: `groupings[]` (bracket array, 1–3 of campaign, offer, landing,
 *   trafficSource, affiliateNetwork, geoCountry, day, hour; a plain `groupings=x` → 400), `ids[]`
 *   filters the entity, `sortColumn`/`sortType`, `limit`/`offset` over the flattened rows. Response:
 *   a JSON array of rows in tree order, each with `level` (1…3), `id`, `name`, the parent ids as
 *   `<grouping>_id`-style keys, and metrics as strings (clicks, unique_clicks, leads, cr, epc,
 *   cpc, revenue, cost, profit, roi). Clicks and their conversions are placed by click time.
 * - `/info/{entity}`: an array of entity rows plus a final `{id: "totals", total_count}` row, as
 *   in the 3P `real_api_data.json` capture (numbers as strings there too).
 * - No rate limit (self-hosted, docs §4.4).
 *
 * SWITCHES for what is unknown about the log endpoints (issue 11; the node must be exact under all):
 * - `conversionsDialect` (the query `/conversions` and `/clicklog` speak):
 *   `both` (default, accepts either), `window` (the report dialect: `datePreset=custom_time`,
 *   `dateFrom`/`dateTo`, `sortColumn`, `offset`; a `direction` parameter is refused with 400),
 *   `preset` (what the one working public client sends: `datePreset` (not `custom_time`),
 *   `timezone`, `sortType`, `limit`, `direction=next`; `dateFrom`, `dateTo`, `sortColumn`,
 *   `offset` or `custom_time` are refused with 400, and only the first page can be read: the
 *   cursor of `direction=next` is unknown).
 * - `listOrder`: `requested` (default, honours `sortType`), `newest` / `oldest` (always newest or
 *   oldest first by the filtered time, whatever `sortType` says).
 * - `clickTimeFormat`: `datetime` (default, `click_time` "YYYY-MM-DD HH:MM:SS") or `time`
 *   (`click_time` "HH:MM:SS" next to `clicked_date` "YYYY-MM-DD"; sorting on it sorts by the
 *   time of day).
 * - `state.touchConversedAt`: whether a status change moves `conversed_at` (default false).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { FaultInjector } from '../shared/faults';
import { RequestLog, sendJson, startHttpServer } from '../shared/http';
import {
	QueryCache,
	addDays,
	bracketArray,
	dayStart,
	formatDate,
	formatDateTime,
	header,
	intParam,
	isValidZone,
	pad,
	parseCivil,
	receive,
	sendWrongUrlPage,
	toCivil,
	fromCivil,
	type TimeInput,
} from '../voluum/tracker-kit';
import { BinomState, type BinomClick, type BinomConversion, type SeedOptions } from './state';
import { handleBinomActions } from './actions';

export { BinomState } from './state';
export type { BinomClick, BinomConversion, BinomCampaign } from './state';

export const BINOM_API_BASE = '/public/api/v1';

export const DATE_PRESETS = [
	'today',
	'yesterday',
	'this_week',
	'last_week',
	'last_2_days',
	'last_3_days',
	'last_7_days',
	'last_14_days',
	'last_30_days',
	'this_month',
	'last_month',
	'this_year',
	'last_year',
	'all_time',
	'custom_time',
] as const;

export interface BinomMockOptions {
	apiKey?: string;
	seed?: number;
	port?: number;
	host?: string;
	now?: TimeInput | 'real';
	userTimezone?: string;
	seedData?: boolean | SeedOptions;
	acceptBearer?: boolean;
	conversionDateField?: 'conversed_at' | 'clicked_at';
	numbersAsStrings?: boolean;
	conversionsDialect?: 'both' | 'window' | 'preset';
	listOrder?: 'requested' | 'newest' | 'oldest';
	clickTimeFormat?: 'datetime' | 'time';
}

export interface BinomMock {
	/** Tracker root, e.g. `http://127.0.0.1:PORT` (what a user types in the credential). */
	url: string;
	/** `url + /public/api/v1`. */
	apiUrl: string;
	apiKey: string;
	state: BinomState;
	faults: FaultInjector;
	requests: RequestLog;
	options: Required<
		Pick<
			BinomMockOptions,
			| 'acceptBearer'
			| 'conversionDateField'
			| 'numbersAsStrings'
			| 'conversionsDialect'
			| 'listOrder'
			| 'clickTimeFormat'
		>
	>;
	close(): Promise<void>;
}

class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}
const bad = (message: string) => new ApiError(400, message);

const GROUPINGS = [
	'campaign',
	'offer',
	'landing',
	'trafficSource',
	'affiliateNetwork',
	'geoCountry',
	'day',
	'hour',
] as const;
type Grouping = (typeof GROUPINGS)[number];
const REPORT_ENTITIES: Record<string, Grouping> = {
	campaign: 'campaign',
	offer: 'offer',
	trafficSource: 'trafficSource',
	landing: 'landing',
	affiliateNetwork: 'affiliateNetwork',
};
const METRICS = [
	'clicks',
	'unique_clicks',
	'leads',
	'cr',
	'epc',
	'cpc',
	'revenue',
	'cost',
	'profit',
	'roi',
];

const LOGIN_PAGE = 'Binom';

/** Columns of a /conversions row (3P conversions_columns.json). */
export const CONVERSION_COLUMNS = [
	'id',
	'campaign',
	'traffic_source',
	'offer',
	'clicked_at',
	'conversed_at',
	'time_since_click',
	'payout',
	'status',
	'geo',
];
/** Columns of a /clicklog row (a subset of the 3P clicklog_columns.json). */
export const CLICK_COLUMNS = [
	'id',
	'clicked_date',
	'click_time',
	'uclick_id',
	'campaign_id',
	'campaign',
	'campaign_key',
	'path',
	'path_id',
	'rule',
	'rule_id',
	'offer',
	'offer_id',
	'rotation_id',
	'rotation',
	'landing_id',
	'landing',
	'traffic_source',
	'traffic_source_id',
	'affiliate_network',
	'aff_network_id',
	'ip',
	'country',
	'is_tracker_unique',
	'external_id',
	'cost',
	'payout',
	'conversion',
	'conversed_at',
	'conversion_status_one',
	'conversion_status_two',
];

export async function startBinomMock(options: BinomMockOptions = {}): Promise<BinomMock> {
	const seed = options.seed ?? 1;
	const state = new BinomState({ seed, now: options.now, userTimezone: options.userTimezone });
	if (options.seedData !== false)
		state.seedDefaults(typeof options.seedData === 'object' ? options.seedData : {});
	const apiKey = options.apiKey ?? 'binom-api-key-1d2c3b4a5f6e7d8c9b0a';
	const faults = new FaultInjector({ seed });
	const requests = new RequestLog();
	const behaviour: BinomMock['options'] = {
		acceptBearer: options.acceptBearer ?? false,
		conversionDateField: options.conversionDateField ?? 'conversed_at',
		numbersAsStrings: options.numbersAsStrings ?? true,
		conversionsDialect: options.conversionsDialect ?? 'both',
		listOrder: options.listOrder ?? 'requested',
		clickTimeFormat: options.clickTimeFormat ?? 'datetime',
	};
	const cache = new QueryCache<unknown[]>();
	let apiRequests = 0;

	const num = (n: number, digits = 4): string | number => {
		const v = Math.round(n * 10 ** digits) / 10 ** digits;
		return behaviour.numbersAsStrings ? String(v) : v;
	};

	/** [from, to) and the zone of a request's datePreset/dateFrom/dateTo/timezone. */
	const range = (query: URLSearchParams): { from: number; to: number; tz: string } => {
		const tz = query.get('timezone') || state.userTimezone;
		if (!isValidZone(tz)) throw bad(`Unknown timezone: ${tz}`);
		const preset = query.get('datePreset');
		if (!preset) throw bad('datePreset is required');
		if (!(DATE_PRESETS as readonly string[]).includes(preset))
			throw bad(`Unknown datePreset: ${preset}. Allowed: ${DATE_PRESETS.join(', ')}`);
		const now = state.clock.now();
		const today = toCivil(now, tz);
		const start = (c: { y: number; m: number; d: number }) => dayStart(c, tz);
		const tomorrow = start(addDays(today, 1));
		const lastDays = (n: number) => ({ from: start(addDays(today, 1 - n)), to: tomorrow, tz });
		switch (preset) {
			case 'today':
				return lastDays(1);
			case 'yesterday':
				return { from: start(addDays(today, -1)), to: start(today), tz };
			case 'this_week':
				return { from: start(addDays(today, 1 - today.weekday)), to: tomorrow, tz };
			case 'last_week':
				return {
					from: start(addDays(today, 1 - today.weekday - 7)),
					to: start(addDays(today, 1 - today.weekday)),
					tz,
				};
			case 'last_2_days':
				return lastDays(2);
			case 'last_3_days':
				return lastDays(3);
			case 'last_7_days':
				return lastDays(7);
			case 'last_14_days':
				return lastDays(14);
			case 'last_30_days':
				return lastDays(30);
			case 'this_month':
				return { from: start({ ...today, d: 1 }), to: tomorrow, tz };
			case 'last_month': {
				const first = {
					y: today.m === 1 ? today.y - 1 : today.y,
					m: today.m === 1 ? 12 : today.m - 1,
					d: 1,
				};
				return { from: start(first), to: start({ ...today, d: 1 }), tz };
			}
			case 'this_year':
				return { from: start({ y: today.y, m: 1, d: 1 }), to: tomorrow, tz };
			case 'last_year':
				return {
					from: start({ y: today.y - 1, m: 1, d: 1 }),
					to: start({ y: today.y, m: 1, d: 1 }),
					tz,
				};
			case 'all_time':
				return { from: -Infinity, to: Infinity, tz };
			default: {
				const bound = (name: string) => {
					const raw = query.get(name);
					if (!raw) throw bad(`${name} is required when datePreset=custom_time`);
					const c = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(raw)
						? parseCivil(raw, { allowT: false })
						: undefined;
					if (!c) throw bad(`${name} must have the format YYYY-MM-DD HH:MM:SS, got "${raw}"`);
					return fromCivil(c, tz);
				};
				const from = bound('dateFrom');
				const to = bound('dateTo') + 1000;
				if (from >= to) throw bad('dateFrom must not be after dateTo');
				return { from, to, tz };
			}
		}
	};

	const paging = (query: URLSearchParams) => {
		const limit = intParam(query.get('limit'));
		const offset = intParam(query.get('offset'));
		if (Number.isNaN(limit) || limit === 0 || (limit ?? 0) > 10_000)
			throw bad('limit must be an integer from 1 to 10000');
		if (Number.isNaN(offset)) throw bad('offset must be a non-negative integer');
		return { limit: limit ?? 100, offset: offset ?? 0 };
	};

	const sortType = (query: URLSearchParams): 1 | -1 => {
		const s = (query.get('sortType') ?? 'desc').toLowerCase();
		if (s !== 'asc' && s !== 'desc') throw bad('sortType must be asc or desc');
		return s === 'asc' ? 1 : -1;
	};

	const sortRows = <T extends Record<string, unknown>>(
		rows: T[],
		column: string,
		sign: 1 | -1,
		tie: string,
	): T[] => {
		const val = (v: unknown) =>
			typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) && !/^\d{4}-/.test(v)
				? Number(v)
				: (v as string | number);
		return rows.sort((a, b) => {
			const av = val(a[column]);
			const bv = val(b[column]);
			const c =
				av < bv
					? -1
					: av > bv
						? 1
						: String(a[tie]) < String(b[tie])
							? -1
							: String(a[tie]) > String(b[tie])
								? 1
								: 0;
			return c * sign;
		});
	};

	/** The log dialect switch: 400 for a query in the dialect this Binom does not speak. */
	const checkDialect = (query: URLSearchParams): { preset: boolean } => {
		const d = behaviour.conversionsDialect;
		if (d === 'window' && query.has('direction'))
			throw bad('Unknown parameter: direction');
		if (d === 'preset') {
			for (const name of ['dateFrom', 'dateTo', 'sortColumn', 'offset'])
				if (query.has(name)) throw bad(`Unknown parameter: ${name}`);
			if (query.get('datePreset') === 'custom_time')
				throw bad('datePreset custom_time is not supported here');
			if (query.get('direction') !== 'next') throw bad('direction must be next');
			return { preset: true };
		}
		return { preset: false };
	};

	/** The sort sign the list uses (the `listOrder` switch may ignore `sortType`). */
	const orderSign = (requested: 1 | -1): 1 | -1 =>
		behaviour.listOrder === 'newest' ? -1 : behaviour.listOrder === 'oldest' ? 1 : requested;

	const conversionRow = (c: BinomConversion, tz: string) => {
		const click = state.getClick(c.id);
		const clickedAt = click?.t ?? c.conversedAt;
		return {
			id: c.id,
			campaign: click ? state.name(state.campaigns, click.campaignId) : '',
			traffic_source: click ? state.name(state.trafficSources, click.trafficSourceId) : '',
			offer: click ? state.name(state.offers, click.offerId) : '',
			clicked_at: formatDateTime(clickedAt, tz),
			conversed_at: formatDateTime(c.conversedAt, tz),
			time_since_click: String(Math.max(0, Math.round((c.conversedAt - clickedAt) / 1000))),
			payout: num(c.payout),
			status: c.status,
			geo: click?.country ?? '',
		};
	};

	const clickRow = (k: BinomClick, tz: string) => {
		const conv = state.getConversion(k.id);
		const offer = state.offers.find((o) => o.id === k.offerId);
		return {
			id: k.id,
			clicked_date: formatDate(k.t, tz),
			click_time:
				behaviour.clickTimeFormat === 'time'
					? formatDateTime(k.t, tz).slice(11)
					: formatDateTime(k.t, tz),
			uclick_id: k.unique ? k.id : '',
			campaign_id: k.campaignId,
			campaign: state.name(state.campaigns, k.campaignId),
			campaign_key: state.campaigns.find((c) => c.id === k.campaignId)?.key ?? '',
			path: 'Path 1',
			path_id: 1,
			rule: 'Default',
			rule_id: 0,
			offer: offer?.name ?? '',
			offer_id: k.offerId,
			rotation_id: k.campaignId,
			rotation: '',
			landing_id: k.landingId,
			landing: state.name(state.landings, k.landingId),
			traffic_source: state.name(state.trafficSources, k.trafficSourceId),
			traffic_source_id: k.trafficSourceId,
			affiliate_network: offer ? state.name(state.affiliateNetworks, offer.affiliateNetworkId) : '',
			aff_network_id: offer?.affiliateNetworkId ?? 0,
			ip: k.ip,
			country: k.country,
			is_tracker_unique: k.unique ? 1 : 0,
			external_id: k.externalId,
			cost: num(k.cost, 6),
			payout: num(conv?.payout ?? 0),
			conversion: conv ? 1 : 0,
			conversed_at: conv ? formatDateTime(conv.conversedAt, tz) : '',
			conversion_status_one: conv?.status ?? '',
			conversion_status_two: conv?.status2 ?? '',
		};
	};

	const listConversions = (query: URLSearchParams) => {
		checkDialect(query);
		const { from, to, tz } = range(query);
		const { limit, offset } = paging(query);
		const byClick = behaviour.conversionDateField === 'clicked_at';
		const sign = orderSign(sortType(query));
		const column =
			behaviour.listOrder === 'requested'
				? query.get('sortColumn') || 'conversed_at'
				: byClick
					? 'clicked_at'
					: 'conversed_at';
		if (!CONVERSION_COLUMNS.includes(column)) throw bad(`Unknown sortColumn: ${column}`);
		const key = JSON.stringify([
			'conv',
			from,
			to,
			tz,
			column,
			sign,
			byClick,
			behaviour.numbersAsStrings,
			behaviour.listOrder,
		]);
		const rows = cache.get(state.version, key, () => {
			const matched = state.conversions.filter((c) => {
				const t = byClick ? (state.getClick(c.id)?.t ?? c.conversedAt) : c.conversedAt;
				return t >= from && t < to;
			});
			return sortRows(
				matched.map((c) => conversionRow(c, tz)),
				column,
				sign,
				'id',
			);
		});
		return { rows: rows.slice(offset, offset + limit) };
	};

	const listClicks = (query: URLSearchParams) => {
		checkDialect(query);
		const { from, to, tz } = range(query);
		const { limit, offset } = paging(query);
		const sign = orderSign(sortType(query));
		const column =
			behaviour.listOrder === 'requested' ? query.get('sortColumn') || 'click_time' : 'click_time';
		if (!CLICK_COLUMNS.includes(column)) throw bad(`Unknown sortColumn: ${column}`);
		const key = JSON.stringify([
			'click',
			from,
			to,
			tz,
			column,
			sign,
			behaviour.numbersAsStrings,
			behaviour.clickTimeFormat,
		]);
		const rows = cache.get(state.version, key, () => {
			const matched = state.clicks.filter((k) => k.t >= from && k.t < to);
			if (behaviour.listOrder !== 'requested') {
				// Newest or oldest first by the click's full time, whatever was asked.
				return matched
					.sort((a, b) => (a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) * sign)
					.map((k) => clickRow(k, tz));
			}
			return sortRows(
				matched.map((k) => clickRow(k, tz)),
				column,
				sign,
				'id',
			);
		});
		return { rows: rows.slice(offset, offset + limit) };
	};

	const groupValue = (g: Grouping, k: BinomClick, tz: string): [string | number, string] => {
		switch (g) {
			case 'campaign':
				return [k.campaignId, state.name(state.campaigns, k.campaignId)];
			case 'offer':
				return [k.offerId, state.name(state.offers, k.offerId)];
			case 'landing':
				return [k.landingId, state.name(state.landings, k.landingId)];
			case 'trafficSource':
				return [k.trafficSourceId, state.name(state.trafficSources, k.trafficSourceId)];
			case 'affiliateNetwork': {
				const id = state.offers.find((o) => o.id === k.offerId)?.affiliateNetworkId ?? 0;
				return [id, state.name(state.affiliateNetworks, id)];
			}
			case 'geoCountry':
				return [k.country, k.country];
			case 'day':
				return [formatDate(k.t, tz), formatDate(k.t, tz)];
			default: {
				const h = pad(toCivil(k.t, tz).h);
				return [h, `${h}:00`];
			}
		}
	};

	interface Node {
		id: string | number;
		name: string;
		clicks: number;
		unique: number;
		leads: number;
		revenue: number;
		cost: number;
		children: Map<string, Node>;
	}

	const report = (entity: Grouping, query: URLSearchParams) => {
		const { from, to, tz } = range(query);
		const { limit, offset } = paging(query);
		const sign = sortType(query);
		const groupings = bracketArray(query, 'groupings');
		if (groupings.plain) throw bad('groupings must be an array: use groupings[]=…');
		if (groupings.values.length === 0) throw bad('groupings[] is required');
		if (groupings.values.length > 3) throw bad('At most 3 groupings');
		for (const g of groupings.values)
			if (!(GROUPINGS as readonly string[]).includes(g)) throw bad(`Unknown grouping: ${g}`);
		const ids = bracketArray(query, 'ids');
		if (ids.plain) throw bad('ids must be an array: use ids[]=…');
		const sortColumn = query.get('sortColumn') || 'clicks';
		if (!METRICS.includes(sortColumn) && sortColumn !== 'name')
			throw bad(`Unknown sortColumn: ${sortColumn}`);
		const levels = groupings.values as Grouping[];
		const root: Node = {
			id: 0,
			name: '',
			clicks: 0,
			unique: 0,
			leads: 0,
			revenue: 0,
			cost: 0,
			children: new Map(),
		};
		for (const k of state.clicks) {
			if (k.t < from || k.t >= to) continue;
			if (ids.values.length && !ids.values.includes(String(groupValue(entity, k, tz)[0]))) continue;
			const conv = state.getConversion(k.id);
			let node = root;
			for (const g of levels) {
				const [id, name] = groupValue(g, k, tz);
				const key = String(id);
				let child = node.children.get(key);
				if (!child)
					node.children.set(
						key,
						(child = {
							id,
							name,
							clicks: 0,
							unique: 0,
							leads: 0,
							revenue: 0,
							cost: 0,
							children: new Map(),
						}),
					);
				node = child;
				node.clicks++;
				if (k.unique) node.unique++;
				node.cost += k.cost;
				if (conv) {
					node.leads++;
					node.revenue += conv.payout;
				}
			}
		}
		const rows: Array<Record<string, unknown>> = [];
		const metricValue = (n: Node, m: string): number => {
			switch (m) {
				case 'clicks':
					return n.clicks;
				case 'unique_clicks':
					return n.unique;
				case 'leads':
					return n.leads;
				case 'cr':
					return n.clicks ? (n.leads / n.clicks) * 100 : 0;
				case 'epc':
					return n.clicks ? n.revenue / n.clicks : 0;
				case 'cpc':
					return n.clicks ? n.cost / n.clicks : 0;
				case 'revenue':
					return n.revenue;
				case 'cost':
					return n.cost;
				case 'profit':
					return n.revenue - n.cost;
				default:
					return n.cost ? ((n.revenue - n.cost) / n.cost) * 100 : 0;
			}
		};
		const walk = (node: Node, level: number, parents: Record<string, unknown>) => {
			const children = [...node.children.values()].sort((a, b) => {
				const av = sortColumn === 'name' ? a.name : metricValue(a, sortColumn);
				const bv = sortColumn === 'name' ? b.name : metricValue(b, sortColumn);
				const c = av < bv ? -1 : av > bv ? 1 : String(a.id) < String(b.id) ? -1 : 1;
				return c * sign;
			});
			for (const child of children) {
				const g = levels[level - 1];
				const row: Record<string, unknown> = {
					level,
					id: child.id,
					name: child.name,
					grouping: g,
					...parents,
				};
				for (const m of METRICS)
					row[m] = num(
						metricValue(child, m),
						m === 'clicks' || m === 'unique_clicks' || m === 'leads' ? 0 : 6,
					);
				rows.push(row);
				walk(child, level + 1, { ...parents, [`${g}_id`]: child.id });
			}
		};
		walk(root, 1, {});
		return rows.slice(offset, offset + limit);
	};

	const INFO: Record<
		string,
		'campaign' | 'offer' | 'traffic_source' | 'landing' | 'affiliate_network'
	> = {
		campaign: 'campaign',
		offer: 'offer',
		traffic_source: 'traffic_source',
		landing: 'landing',
		affiliate_network: 'affiliate_network',
	};

	const info = (kind: (typeof INFO)[string], query: URLSearchParams) => {
		const { from, to } = range(query);
		const { limit, offset } = paging(query);
		const now = state.clock.now();
		const entities: Array<{
			id: number;
			name: string;
			deleted: boolean;
			match: (k: BinomClick) => boolean;
			extra: Record<string, unknown>;
		}> =
			kind === 'campaign'
				? state.campaigns.map((c) => ({
						id: c.id,
						name: c.name,
						deleted: c.isDeleted,
						match: (k: BinomClick) => k.campaignId === c.id,
						extra: {
							current_cpc: c.cpc,
							group_name: c.groupName,
							link: `https://tracker.example.com/click.php?key=${c.key}`,
							is_domain_banned: false,
						},
					}))
				: kind === 'offer'
					? state.offers.map((o) => ({
							id: o.id,
							name: o.name,
							deleted: false,
							match: (k: BinomClick) => k.offerId === o.id,
							extra: {
								country: o.country,
								group_name: null,
								affiliate_network: state.name(state.affiliateNetworks, o.affiliateNetworkId),
							},
						}))
					: kind === 'traffic_source'
						? state.trafficSources.map((t) => ({
								id: t.id,
								name: t.name,
								deleted: false,
								match: (k: BinomClick) => k.trafficSourceId === t.id,
								extra: {
									campaigns: String(
										state.campaigns.filter((c) => c.trafficSourceId === t.id).length,
									),
								},
							}))
						: kind === 'landing'
							? state.landings.map((l) => ({
									id: l.id,
									name: l.name,
									deleted: false,
									match: (k: BinomClick) => k.landingId === l.id,
									extra: { language: '', group_name: null },
								}))
							: state.affiliateNetworks.map((a) => ({
									id: a.id,
									name: a.name,
									deleted: false,
									match: (k: BinomClick) =>
										state.offers.find((o) => o.id === k.offerId)?.affiliateNetworkId === a.id,
									extra: {
										offers: String(
											state.offers.filter((o) => o.affiliateNetworkId === a.id).length,
										),
									},
								}));
		const rows: Array<Record<string, unknown>> = entities.slice(offset, offset + limit).map((e) => {
			let clicks = 0;
			let clicksHour = 0;
			let leadsHour = 0;
			let profitHour = 0;
			let first: number | undefined;
			let lastLead: number | undefined;
			for (const k of state.clicks) {
				if (!e.match(k)) continue;
				if (first === undefined || k.t < first) first = k.t;
				if (k.t >= from && k.t < to) clicks++;
				const conv = state.getConversion(k.id);
				if (k.t > now - 3600_000 && k.t <= now) {
					clicksHour++;
					profitHour -= k.cost;
				}
				if (conv && conv.conversedAt > now - 3600_000 && conv.conversedAt <= now) {
					leadsHour++;
					profitHour += conv.payout;
				}
				if (conv && (lastLead === undefined || conv.conversedAt > lastLead))
					lastLead = conv.conversedAt;
			}
			return {
				id: e.id,
				name: e.name,
				is_deleted: e.deleted,
				...e.extra,
				mean_time_to_convert: null,
				seconds_since_last_lead:
					lastLead === undefined ? null : String(Math.max(0, Math.round((now - lastLead) / 1000))),
				clicks_last_hour: String(clicksHour),
				leads_last_hour: String(leadsHour),
				profit_last_hour: Math.round(profitHour * 1e6) / 1e6,
				first_click_time: first === undefined ? null : formatDateTime(first, state.userTimezone),
				clicks: String(clicks),
				is_noted: false,
			};
		});
		rows.push({
			mean_time_to_convert: null,
			clicks_last_hour: '0',
			leads_last_hour: '0',
			profit_last_hour: 0,
			clicks: '0',
			id: 'totals',
			total_count: entities.length,
		});
		return rows;
	};

	const authorized = (req: IncomingMessage): boolean => {
		if (header(req, 'api-key') === apiKey) return true;
		if (!behaviour.acceptBearer) return false;
		const m = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '');
		return !!m && m[1] === apiKey;
	};

	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const inc = await receive(req, res, requests, faults);
		if (!inc) return;
		const { method, path, query } = inc;
		if (await handleBinomActions(state, inc, authorized(req))) return;
		if (!path.startsWith('/public/api/')) return sendWrongUrlPage(res, LOGIN_PAGE);
		if (!authorized(req)) return sendJson(res, 401, { error: 'Invalid API key' });
		const rel = path.startsWith(`${BINOM_API_BASE}/`) ? path.slice(BINOM_API_BASE.length) : '';
		const route = (): (() => unknown) | undefined => {
			if (method !== 'GET') return undefined;
			if (rel === '/conversions') return () => listConversions(query);
			if (rel === '/clicklog') return () => listClicks(query);
			const rep = /^\/report\/([A-Za-z]+)$/.exec(rel);
			if (rep && REPORT_ENTITIES[rep[1]]) return () => report(REPORT_ENTITIES[rep[1]], query);
			const inf = /^\/info\/([a-z_]+)$/.exec(rel);
			if (inf && INFO[inf[1]]) return () => info(INFO[inf[1]], query);
			return undefined;
		};
		const run = route();
		if (!run) return sendJson(res, 404, { error: 'Not found' });
		apiRequests++;
		if (state.onBeforeRespond)
			await state.onBeforeRespond({
				method,
				path: rel,
				query: inc.entry.query,
				requestNumber: apiRequests,
			});
		try {
			return sendJson(res, 200, run());
		} catch (error) {
			if (error instanceof ApiError) return sendJson(res, error.status, { error: error.message });
			throw error;
		}
	};

	const server = await startHttpServer(handler, { host: options.host, port: options.port });
	return {
		url: server.url,
		apiUrl: `${server.url}${BINOM_API_BASE}`,
		apiKey,
		state,
		faults,
		requests,
		options: behaviour,
		close: async () => {
			faults.dispose();
			await server.close();
		},
	};
}

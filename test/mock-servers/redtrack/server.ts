/**
 * RedTrack mock (facts: /work/shared/docs/other-trackers-api.md §2; spec: ./swagger.json, a
 * third-party copy of RedTrack's Swagger 2.0). Real HTTP on 127.0.0.1.
 *
 * ```ts
 * const mock = await startRedTrackMock();
 * await fetch(`${mock.url}/conversions?api_key=${mock.apiKey}&date_from=2025-06-15&date_to=2025-06-16`);
 * const c = mock.state.addConversion({ at: '2025-06-15T08:00:00Z' });   // late postback
 * mock.state.setConversionStatus(c.id, 'approved');                      // status flip, same id
 * ```
 *
 * Routes (all need `api_key` in the query, else 401 `{"error": "..."}` = spec `api.Err`):
 * `GET /me/settings`, `GET /conversions`, `GET /tracks`, `GET /campaigns`, `GET /campaigns/{id}`,
 * `GET /report` (20 requests per minute per key), `GET /offers|sources|networks|landings`.
 * Paths outside the API: 200 HTML page (wrong-URL trap). Unknown API sub-paths: gin's default
 * 404 `404 page not found` (text/plain).
 *
 * ASSUMPTIONS (docs §2 marks these UNKNOWN/UNVERIFIED; options where cheap):
 * - §2.1 `/me/settings`: the spec says "array of models.Settings", and models.Settings has no
 *   timezone; the brief and docs say it carries timezone, currency and conversion types. Default:
 *   ONE object `{id, user_id, timezone, currency, conversion_types, created_at, updated_at}`;
 *   `settingsShape: 'array'` wraps it in an array like the spec says.
 * - §2.5 date filter: `date_from`/`date_to` are REQUIRED `YYYY-MM-DD` (strict; else 400), read in
 *   the ACCOUNT timezone (`/me/settings`), both days inclusive; `date_from > date_to` → 400.
 *   The field they filter is UNKNOWN: `conversionDateField` = `'conv_time'` (default) |
 *   `'created_at'` | `'track_time'`. A late postback has conv_time in the past and created_at now.
 * - §2.5 `time_interval` (e.g. `lasthour`, `today`, `yesterday`, `last24hours`, `last7days`),
 *   when given, replaces the date window (date_from/date_to are still required, spec marks them
 *   required); any other value → 400.
 * - Paging: `page` (1-based, default 1), `per` (default 100); `per` > 10000 (report: > 1000),
 *   `per` < 1 or `page` < 1 → 400. Response `{items, total}`. No sort parameter exists: order is
 *   newest first by the date field, then id (`order: 'asc'` flips it) — so rows inserted while
 *   paging shift later pages.
 * - Time format in rows (UNVERIFIED): `conv_time`/`track_time` "YYYY-MM-DD HH:mm:ss" in the
 *   account timezone, `created_at`/`updated_at` RFC 3339 UTC ("2025-06-16T12:00:00Z", Go's
 *   time.Time). `timeFormat: 'rfc3339'` renders all of them as RFC 3339 UTC.
 * - Rows carry every property of `models.ConversionView` / `models.TrackView` with zero values
 *   ('' / 0) where the mock has no data. `type` is the conversion type key (`default_type`,
 *   `type1`…), `event` its name from settings, `default_type`/`typeN` are 0/1 flags.
 * - `/campaigns`: array, or `{total, items}` with `total_stat=true`; without `per` all rows come
 *   back; `status` is the integer 1/2/3; `stat` covers date_from..date_to (account tz) or today.
 * - `/report`: `group` required (campaign, offer, source, landing, network, country, date, hour,
 *   os, browser, device, sub1…sub20; comma list), `sortby` at most 3 fields, `direction` asc/desc
 *   (or 1/-1). Response: a JSON array (spec `[]models.Stat`, whose schema is empty) of rows with
 *   the group keys and clicks, conversions, approved, pending, declined, other, revenue, cost,
 *   profit, roi, cr, epc, cpc. Clicks are placed by track_time, conversions by conv_time.
 * - §2.4 `/report` rate limit: 20 requests per minute per key, counted on every authenticated
 *   /report request, sliding window on real time (`reportRateLimit: {clock: 'mock'}` for fast
 *   tests) → 429 `{"error": "..."}` with `Retry-After` (seconds; the 429 body is UNKNOWN).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { FaultInjector } from '../shared/faults';
import { RequestLog, sendJson, sendText, startHttpServer } from '../shared/http';
import {
	DEVICES,
	QueryCache,
	addDays,
	dayStart,
	formatDate,
	formatDateTime,
	formatRfc3339Utc,
	intParam,
	isValidZone,
	makeLimiter,
	pad,
	parseCivil,
	receive,
	round2,
	round4,
	sendWrongUrlPage,
	toCivil,
	type RateLimitOption,
	type TimeInput,
} from '../voluum/tracker-kit';
import { redTrackActionRoute } from './actions';
import { RedTrackState, type RtConversion, type RtTrack, type SeedOptions } from './state';
import swagger from './swagger.json';
import { redTrackPostbackRoute } from './postback';

export { RedTrackState } from './state';
export type { RedTrackStatus, RtConversion, RtTrack, RtCampaign } from './state';

export interface RedTrackMockOptions {
	apiKey?: string;
	seed?: number;
	port?: number;
	host?: string;
	now?: TimeInput | 'real';
	/** Account timezone reported by /me/settings (default Europe/Berlin). */
	timezone?: string;
	currency?: string;
	seedData?: boolean | SeedOptions;
	/** `/report` limit: 20 per 60 s per key, real time by default. */
	reportRateLimit?: RateLimitOption;
	settingsShape?: 'object' | 'array';
	conversionDateField?: 'conv_time' | 'created_at' | 'track_time';
	order?: 'desc' | 'asc';
	timeFormat?: 'local' | 'rfc3339';
}

export interface RedTrackMock {
	url: string;
	apiKey: string;
	state: RedTrackState;
	faults: FaultInjector;
	requests: RequestLog;
	/** Live behaviour switches. */
	options: Required<
		Pick<RedTrackMockOptions, 'settingsShape' | 'conversionDateField' | 'order' | 'timeFormat'>
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

type Props = Record<string, { type?: string; $ref?: string }>;
const definitions = (swagger as unknown as { definitions: Record<string, { properties?: Props }> })
	.definitions;

/** Zero values for every property of a spec model ('' / 0 / false / [] / null). */
function zeroRow(model: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, p] of Object.entries(definitions[model]?.properties ?? {})) {
		out[k] =
			p.type === 'string'
				? ''
				: p.type === 'integer' || p.type === 'number'
					? 0
					: p.type === 'boolean'
						? false
						: p.type === 'array'
							? []
							: null;
	}
	return out;
}

const ZERO_CONVERSION = zeroRow('models.ConversionView');
const ZERO_TRACK = zeroRow('models.TrackView');
const ZERO_CAMPAIGN = zeroRow('models.Campaign');

const GROUPS: Record<string, string[]> = {
	campaign: ['campaign_id', 'campaign'],
	offer: ['offer_id', 'offer'],
	source: ['source_id', 'source'],
	landing: ['landing_id', 'landing'],
	network: ['network_id', 'network'],
	country: ['country'],
	date: ['date'],
	hour: ['hour'],
	os: ['os'],
	browser: ['browser'],
	device: ['device'],
	...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`sub${i + 1}`, [`sub${i + 1}`]])),
};
const METRICS = [
	'clicks',
	'conversions',
	'approved',
	'pending',
	'declined',
	'other',
	'revenue',
	'cost',
	'profit',
	'roi',
	'cr',
	'epc',
	'cpc',
];
const INTERVALS = ['lasthour', 'today', 'yesterday', 'last24hours', 'last7days'];

export async function startRedTrackMock(options: RedTrackMockOptions = {}): Promise<RedTrackMock> {
	const seed = options.seed ?? 1;
	const state = new RedTrackState({
		seed,
		now: options.now,
		timezone: options.timezone,
		currency: options.currency,
	});
	if (options.seedData !== false)
		state.seedDefaults(typeof options.seedData === 'object' ? options.seedData : {});
	const apiKey = options.apiKey ?? 'redtrack-api-key-5f0c1e2d3b4a';
	const faults = new FaultInjector({ seed });
	const requests = new RequestLog();
	const behaviour: RedTrackMock['options'] = {
		settingsShape: options.settingsShape ?? 'object',
		conversionDateField: options.conversionDateField ?? 'conv_time',
		order: options.order ?? 'desc',
		timeFormat: options.timeFormat ?? 'local',
	};
	const reportLimiter = makeLimiter(
		options.reportRateLimit,
		{ limit: 20, windowMs: 60_000, clock: 'real' },
		state.clock.now,
	);
	const convCache = new QueryCache<RtConversion[]>();
	const trackCache = new QueryCache<RtTrack[]>();
	let apiRequests = 0;

	const tz = () => state.settings.timezone;
	const localTime = (ms: number) =>
		behaviour.timeFormat === 'rfc3339' ? formatRfc3339Utc(ms) : formatDateTime(ms, tz());

	/** Required YYYY-MM-DD date; returns the civil date. */
	const dateParam = (query: URLSearchParams, name: string, required: boolean) => {
		const raw = query.get(name);
		if (raw === null || raw === '') {
			if (required) throw bad(`${name} is required`);
			return undefined;
		}
		const civil = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? parseCivil(raw) : undefined;
		if (!civil) throw bad(`${name}: invalid date '${raw}', expected format YYYY-MM-DD`);
		return civil;
	};

	/** [from, to) in ms from date_from/date_to (account tz) or time_interval. */
	const dateWindow = (query: URLSearchParams, zone = tz()): { from: number; to: number } => {
		const df = dateParam(query, 'date_from', true)!;
		const dt = dateParam(query, 'date_to', true)!;
		const from = dayStart(df, zone);
		const to = dayStart(addDays(dt, 1), zone);
		if (from >= to) throw bad('date_from must not be after date_to');
		const interval = query.get('time_interval');
		if (interval === null || interval === '') return { from, to };
		const now = state.clock.now();
		const today = toCivil(now, zone);
		switch (interval) {
			case 'lasthour':
				return { from: now - 3600_000, to: now + 1 };
			case 'last24hours':
				return { from: now - 86_400_000, to: now + 1 };
			case 'today':
				return { from: dayStart(today, zone), to: dayStart(addDays(today, 1), zone) };
			case 'yesterday':
				return { from: dayStart(addDays(today, -1), zone), to: dayStart(today, zone) };
			case 'last7days':
				return { from: dayStart(addDays(today, -6), zone), to: dayStart(addDays(today, 1), zone) };
			default:
				throw bad(
					`time_interval: unsupported value '${interval}' (supported: ${INTERVALS.join(', ')})`,
				);
		}
	};

	const paging = (query: URLSearchParams, maxPer: number, defaultPer = 100) => {
		const page = intParam(query.get('page'));
		const per = intParam(query.get('per'));
		if (Number.isNaN(page) || page === 0) throw bad('page must be a positive integer');
		if (Number.isNaN(per) || per === 0) throw bad('per must be a positive integer');
		if (per !== undefined && per > maxPer) throw bad(`per must not exceed ${maxPer}`);
		return { page: page ?? 1, per: per ?? defaultPer };
	};

	const csv = (query: URLSearchParams, name: string) =>
		(query.get(name) ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);

	const trackFilter = (query: URLSearchParams) => {
		const campaigns = csv(query, 'campaign_id');
		const sources = csv(query, 'source_id');
		const offers = csv(query, 'offer_id');
		const networks = csv(query, 'network_id');
		const countries = csv(query, 'country_code').map((c) => c.toUpperCase());
		const fingerprint = query.get('fingerprint');
		return (t: RtTrack) =>
			(campaigns.length === 0 || campaigns.includes(t.campaign_id)) &&
			(sources.length === 0 || sources.includes(t.source_id)) &&
			(offers.length === 0 || offers.includes(t.offer_id)) &&
			(networks.length === 0 || networks.includes(t.network_id)) &&
			(countries.length === 0 || countries.includes(t.country)) &&
			(!fingerprint || t.fingerprint === fingerprint);
	};

	const trackView = (t: RtTrack): Record<string, unknown> => {
		const device = DEVICES[t.device];
		const row: Record<string, unknown> = {
			...ZERO_TRACK,
			id: t.id,
			track_time: localTime(t.t),
			campaign_id: t.campaign_id,
			campaign: state.title(state.campaigns, t.campaign_id),
			source_id: t.source_id,
			source: state.title(state.sources, t.source_id),
			offer_id: t.offer_id,
			offer: state.title(state.offers, t.offer_id),
			landing_id: t.landing_id,
			landing: state.title(state.landings, t.landing_id),
			network: state.title(state.networks, t.network_id),
			country: t.country,
			ip: t.ip,
			isp: t.isp,
			os: device.os,
			browser: device.browser,
			device: device.deviceName,
			device_brand: device.brand,
			device_fullname: `${device.brand} ${device.model}`,
			connection_type: 'broadband',
			cost: t.cost,
			cost_default: t.cost,
			fingerprint: t.fingerprint,
			is_ok: 1,
			uniq: 1,
		};
		t.subs.forEach((v, i) => (row[`sub${i + 1}`] = v));
		return row;
	};

	const conversionView = (c: RtConversion): Record<string, unknown> => {
		const t = state.getTrack(c.clickid);
		const base = t ? trackView(t) : {};
		const row: Record<string, unknown> = { ...ZERO_CONVERSION };
		for (const k of Object.keys(row)) if (k in base) row[k] = base[k];
		Object.assign(row, {
			id: c.id,
			clickid: c.clickid,
			order: c.order,
			type: c.type,
			event: state.settings.conversion_types[c.type] ?? c.type,
			default_type: c.type === 'default_type' ? 1 : 0,
			status: c.status,
			payout: c.payout,
			payout_default: c.payout,
			payout_network: c.payout,
			currency: state.settings.currency,
			conv_time: localTime(c.t),
			track_time: t ? localTime(t.t) : '',
			created_at: formatRfc3339Utc(c.createdAt),
			postback_ip: '203.0.113.7',
			is_transaction: 0,
			attribution_type: 'last_click',
		});
		const typeN = /^type(\d+)$/.exec(c.type);
		if (typeN) row[`type${typeN[1]}`] = 1;
		if (c.fields) Object.assign(row, c.fields);
		return row;
	};

	const conversionTime = (c: RtConversion): number => {
		if (behaviour.conversionDateField === 'created_at') return c.createdAt;
		if (behaviour.conversionDateField === 'track_time') return state.getTrack(c.clickid)?.t ?? c.t;
		return c.t;
	};

	const order = <T>(list: T[], time: (x: T) => number, id: (x: T) => string) => {
		const sign = behaviour.order === 'asc' ? 1 : -1;
		return list.sort(
			(a, b) => (time(a) - time(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0)) * sign,
		);
	};

	const listConversions = (query: URLSearchParams) => {
		const { from, to } = dateWindow(query);
		const { page, per } = paging(query, 10_000);
		const clickid = query.get('clickid');
		const types = csv(query, 'type');
		const roles = csv(query, 'type_role').map((r) => r.toLowerCase());
		const key = JSON.stringify([
			from,
			to,
			clickid,
			types,
			roles,
			[...query.entries()].filter(([k]) => /_id$|country_code|fingerprint/.test(k)),
			behaviour,
		]);
		const all = convCache.get(state.version, key, () => {
			const byTrack = trackFilter(query);
			const out = state.conversions.filter((c) => {
				const t = conversionTime(c);
				if (t < from || t >= to) return false;
				if (clickid && c.clickid !== clickid) return false;
				if (types.length && !types.includes(c.type)) return false;
				if (
					roles.length &&
					!roles.includes(String(state.settings.conversion_types[c.type] ?? '').toLowerCase())
				)
					return false;
				const track = state.getTrack(c.clickid);
				return track ? byTrack(track) : true;
			});
			return order(out, conversionTime, (c) => c.id);
		});
		return {
			items: all.slice((page - 1) * per, page * per).map(conversionView),
			total: all.length,
		};
	};

	const listTracks = (query: URLSearchParams) => {
		const { from, to } = dateWindow(query);
		const { page, per } = paging(query, 10_000);
		const clickid = query.get('clickid');
		const key = JSON.stringify([
			from,
			to,
			clickid,
			[...query.entries()].filter(([k]) => /_id$|country_code|fingerprint/.test(k)),
			behaviour.order,
		]);
		const all = trackCache.get(state.version, key, () => {
			const f = trackFilter(query);
			return order(
				state.tracks.filter(
					(t) => t.t >= from && t.t < to && (!clickid || t.id === clickid) && f(t),
				),
				(t) => t.t,
				(t) => t.id,
			);
		});
		return { items: all.slice((page - 1) * per, page * per).map(trackView), total: all.length };
	};

	const stats = (from: number, to: number, match: (t: RtTrack) => boolean) => {
		let clicks = 0;
		let cost = 0;
		let conversions = 0;
		let revenue = 0;
		for (const t of state.tracks) {
			if (t.t < from || t.t >= to || !match(t)) continue;
			clicks++;
			cost += t.cost;
		}
		for (const c of state.conversions) {
			if (c.t < from || c.t >= to) continue;
			const t = state.getTrack(c.clickid);
			if (!t || !match(t) || c.status === 'declined') continue;
			conversions++;
			revenue += c.payout;
		}
		return {
			clicks,
			conversions,
			revenue: round2(revenue),
			cost: round2(cost),
			profit: round2(revenue - cost),
			roi: cost > 0 ? round2(((revenue - cost) / cost) * 100) : 0,
		};
	};

	const campaignView = (c: RedTrackState['campaigns'][number], from: number, to: number) => ({
		...ZERO_CAMPAIGN,
		id: c.id,
		title: c.title,
		status: c.status,
		source_id: c.source_id,
		source_title: state.title(state.sources, c.source_id),
		created_at: formatRfc3339Utc(c.created_at),
		updated_at: formatRfc3339Utc(c.updated_at),
		tags: c.tags,
		cost_model: c.cost_model,
		cpc: c.cpc,
		serial_number: c.serial_number,
		type: 'regular',
		user_id: state.settings.user_id,
		postback_url: `https://trk.example.com/postback?clickid={clickid}&sum={sum}&campaign=${c.id}`,
		trackback_url: `https://trk.example.com/${c.id}?sub1={site}`,
		notes: [],
		stat: stats(from, to, (t) => t.campaign_id === c.id),
	});

	const listCampaigns = (query: URLSearchParams) => {
		const zone = query.get('timezone') || tz();
		if (!isValidZone(zone)) throw bad(`timezone: unknown time zone '${zone}'`);
		const today = toCivil(state.clock.now(), zone);
		const hasDates = query.get('date_from') || query.get('date_to') || query.get('time_interval');
		const { from, to } = hasDates
			? dateWindow(query, zone)
			: { from: dayStart(today, zone), to: dayStart(addDays(today, 1), zone) };
		const title = (query.get('title') ?? '').toLowerCase();
		const ids = csv(query, 'ids');
		const sources = csv(query, 'sources');
		const statuses = csv(query, 'status');
		const tags = csv(query, 'tags');
		for (const s of statuses) if (!/^[123]$/.test(s)) throw bad(`status: invalid value '${s}'`);
		const matched = state.campaigns.filter(
			(c) =>
				(!title || c.title.toLowerCase().includes(title)) &&
				(ids.length === 0 || ids.includes(c.id)) &&
				(sources.length === 0 || sources.includes(c.source_id)) &&
				(statuses.length === 0 || statuses.includes(String(c.status))) &&
				(tags.length === 0 || tags.some((t) => c.tags.includes(t))),
		);
		const { page, per } = paging(query, 1000, matched.length || 1);
		const items = matched.slice((page - 1) * per, page * per).map((c) => campaignView(c, from, to));
		const totalStat = query.get('total_stat');
		if (totalStat !== null && totalStat !== 'true' && totalStat !== 'false')
			throw bad(`total_stat: invalid boolean '${totalStat}'`);
		return totalStat === 'true' ? { total: matched.length, items } : items;
	};

	const report = (query: URLSearchParams) => {
		const groups = csv(query, 'group');
		if (groups.length === 0) throw bad('group is required');
		for (const g of groups) if (!GROUPS[g]) throw bad(`group: unsupported value '${g}'`);
		const zone = query.get('timezone') || tz();
		if (!isValidZone(zone)) throw bad(`timezone: unknown time zone '${zone}'`);
		const { from, to } = dateWindow(query, zone);
		const { page, per } = paging(query, 1000);
		const sortby = csv(query, 'sortby');
		if (sortby.length > 3) throw bad('sortby: at most 3 fields');
		const keys = groups.flatMap((g) => GROUPS[g]);
		for (const s of sortby)
			if (!METRICS.includes(s) && !keys.includes(s)) throw bad(`sortby: unknown field '${s}'`);
		const dirRaw = (query.get('direction') ?? 'desc').toLowerCase();
		if (!['asc', 'desc', '1', '-1', '0'].includes(dirRaw))
			throw bad(`direction: invalid value '${dirRaw}'`);
		const sign = dirRaw === 'asc' || dirRaw === '1' ? 1 : -1;
		const f = trackFilter(query);
		const subFilters = Array.from(
			{ length: 20 },
			(_, i) => [i, query.get(`sub${i + 1}`)] as const,
		).filter(([, v]) => v);
		const match = (t: RtTrack) => f(t) && subFilters.every(([i, v]) => t.subs[i] === v);
		const keyValues = (t: RtTrack, at: number): string[] => {
			const device = DEVICES[t.device];
			return groups.flatMap((g) => {
				switch (g) {
					case 'campaign':
						return [t.campaign_id, state.title(state.campaigns, t.campaign_id)];
					case 'offer':
						return [t.offer_id, state.title(state.offers, t.offer_id)];
					case 'source':
						return [t.source_id, state.title(state.sources, t.source_id)];
					case 'landing':
						return [t.landing_id, state.title(state.landings, t.landing_id)];
					case 'network':
						return [t.network_id, state.title(state.networks, t.network_id)];
					case 'country':
						return [t.country];
					case 'date':
						return [formatDate(at, zone)];
					case 'hour':
						return [pad(toCivil(at, zone).h)];
					case 'os':
						return [device.os];
					case 'browser':
						return [device.browser];
					case 'device':
						return [device.deviceName];
					default:
						return [t.subs[Number(g.slice(3)) - 1] ?? ''];
				}
			});
		};
		const acc = new Map<
			string,
			{
				keys: string[];
				clicks: number;
				cost: number;
				approved: number;
				pending: number;
				declined: number;
				other: number;
				revenue: number;
			}
		>();
		const get = (values: string[]) => {
			const k = values.join('\u0001');
			let a = acc.get(k);
			if (!a)
				acc.set(
					k,
					(a = {
						keys: values,
						clicks: 0,
						cost: 0,
						approved: 0,
						pending: 0,
						declined: 0,
						other: 0,
						revenue: 0,
					}),
				);
			return a;
		};
		for (const t of state.tracks) {
			if (t.t < from || t.t >= to || !match(t)) continue;
			const a = get(keyValues(t, t.t));
			a.clicks++;
			a.cost += t.cost;
		}
		for (const c of state.conversions) {
			if (c.t < from || c.t >= to) continue;
			const t = state.getTrack(c.clickid);
			if (!t || !match(t)) continue;
			const a = get(keyValues(t, c.t));
			a[c.status]++;
			if (c.status !== 'declined') a.revenue += c.payout;
		}
		const rows = [...acc.values()].map((a) => {
			const row: Record<string, string | number> = {};
			keys.forEach((k, i) => (row[k] = a.keys[i]));
			const conversions = a.approved + a.pending + a.other;
			Object.assign(row, {
				clicks: a.clicks,
				conversions,
				approved: a.approved,
				pending: a.pending,
				declined: a.declined,
				other: a.other,
				revenue: round2(a.revenue),
				cost: round2(a.cost),
				profit: round2(a.revenue - a.cost),
				roi: a.cost > 0 ? round2(((a.revenue - a.cost) / a.cost) * 100) : 0,
				cr: a.clicks > 0 ? round2((conversions / a.clicks) * 100) : 0,
				epc: a.clicks > 0 ? round4(a.revenue / a.clicks) : 0,
				cpc: a.clicks > 0 ? round4(a.cost / a.clicks) : 0,
			});
			return row;
		});
		const sortKeys = sortby.length ? sortby : ['clicks'];
		rows.sort((a, b) => {
			for (const k of sortKeys) {
				if (a[k] < b[k]) return -sign;
				if (a[k] > b[k]) return sign;
			}
			const ak = keys.map((k) => a[k]).join('|');
			const bk = keys.map((k) => b[k]).join('|');
			return ak < bk ? -1 : ak > bk ? 1 : 0;
		});
		return rows.slice((page - 1) * per, page * per);
	};

	const entityList = (list: Array<{ id: string; title: string }>, query: URLSearchParams) => {
		const { page, per } = paging(query, 1000, list.length || 1);
		const title = (query.get('title') ?? '').toLowerCase();
		const ids = csv(query, 'ids');
		return list
			.filter(
				(e) =>
					(!title || e.title.toLowerCase().includes(title)) &&
					(ids.length === 0 || ids.includes(e.id)),
			)
			.slice((page - 1) * per, page * per);
	};

	const API = /^\/(me|conversions|tracks|campaigns|report|offers|sources|networks|landings)(\/|$)/;

	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const inc = await receive(req, res, requests, faults);
		if (!inc) return;
		const { method, path, query } = inc;
		if (redTrackPostbackRoute(state, inc)) return;
		if (!API.test(path)) return sendWrongUrlPage(res, 'RedTrack');
		const key = query.get('api_key');
		if (!key) return sendJson(res, 401, { error: 'api_key is required' });
		if (key !== apiKey) return sendJson(res, 401, { error: 'invalid api_key' });
		if (await redTrackActionRoute(state, inc, key)) return;

		const route = (): (() => unknown) | undefined => {
			if (method !== 'GET') return undefined;
			switch (path) {
				case '/me/settings':
					return () => {
						const s = state.settings;
						const obj = {
							id: s.id,
							user_id: s.user_id,
							timezone: s.timezone,
							currency: s.currency,
							conversion_types: s.conversion_types,
							created_at: formatRfc3339Utc(s.created_at),
							updated_at: formatRfc3339Utc(s.updated_at),
						};
						return behaviour.settingsShape === 'array' ? [obj] : obj;
					};
				case '/conversions':
					return () => listConversions(query);
				case '/tracks':
					return () => listTracks(query);
				case '/campaigns':
					return () => listCampaigns(query);
				case '/report':
					return () => report(query);
				case '/offers':
					return () =>
						entityList(
							state.offers.map((o) => ({
								id: o.id,
								title: o.title,
								network_id: o.network_id,
								payout: o.payout,
							})),
							query,
						);
				case '/sources':
					return () => entityList(state.sources, query);
				case '/networks':
					return () => entityList(state.networks, query);
				case '/landings':
					return () => entityList(state.landings, query);
			}
			const one = /^\/campaigns\/([0-9a-f]{24})$/.exec(path);
			if (one) {
				return () => {
					const c = state.campaigns.find((x) => x.id === one[1]);
					if (!c) throw new ApiError(404, 'campaign not found');
					const today = toCivil(state.clock.now(), tz());
					return campaignView(c, dayStart(today, tz()), dayStart(addDays(today, 1), tz()));
				};
			}
			return undefined;
		};
		const run = route();
		if (!run) return sendText(res, 404, '404 page not found');
		if (path === '/report' && reportLimiter) {
			const rl = reportLimiter.hit(key);
			if (!rl.ok) {
				return sendJson(
					res,
					429,
					{ error: 'Too many requests: /report is limited to 20 requests per minute' },
					{ 'Retry-After': String(Math.ceil(rl.retryAfterMs / 1000)) },
				);
			}
		}
		apiRequests++;
		if (state.onBeforeRespond)
			await state.onBeforeRespond({
				method,
				path,
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

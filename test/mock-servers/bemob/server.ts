/**
 * BeMob mock — BETA: BeMob publishes no API reference; everything here comes from weak
 * third-party evidence (facts: /work/shared/docs/other-trackers-api.md §3).
 *
 * ```ts
 * const mock = await startBeMobMock();
 * const headers = { 'X-Access-Key': mock.accessKey, 'X-Secret-Key': mock.secretKey };
 * await fetch(`${mock.apiUrl}/report?groupBy=campaign&from=2025-06-16T00:00:00Z&to=2025-06-16T23:59:59Z`, { headers });
 * mock.state.setConversionStatus(txid, 'confirm');   // changes a past day of the report
 * ```
 *
 * Routes (base `/v1`): `GET /v1/campaigns` (the credential probe: `?limit=1`), `GET /v1/offers`,
 * `GET /v1/landers`, `GET /v1/traffic-sources`, `GET /v1/dictionaries/countries`,
 * `GET /v1/report`. There is no conversion or click log: `/v1/conversions` etc. → 404.
 * Paths outside `/v1`: 200 HTML page (wrong-URL trap).
 *
 * ASSUMPTIONS (docs §3: all UNVERIFIED; options where cheap):
 * - §3.1 auth: BOTH `X-Access-Key` and `X-Secret-Key` headers (any case) must match, else 401
 *   `{code: 'unauthorized', message}`. Other schemes seen in 3P scripts (X-Api-Key/X-Api-Secret,
 *   Api-Key/Api-Secret, Basic, query accessKey/secretKey) are refused. The 3P note that a 422
 *   came back with other header names suggests validation may run before auth:
 *   `validateBeforeAuth: true` reproduces that for /v1/report (default false: 401 first).
 * - Envelopes: lists are `{payload: [...]}` (3P reads `data.payload`); `limit` (default 100, max
 *   1000) and `offset`; campaigns filter on `status` and `workspaceIds` (comma list). Campaign
 *   fields: id, name, nameFull, workspaceId, trafficSourceId, countryId, trackingDomainId,
 *   redirectDomainId (3P) plus status, costModel, cost, createdAt/updatedAt (ISO UTC, invented).
 * - §3.2 `/v1/report`: `from` and `to` REQUIRED → 422 `{code: 'validation_required', message,
 *   errors: {from: ['validation_required']}}`; they are ISO date-times with Z/offset (instants)
 *   or "YYYY-MM-DD HH:MM:SS" (account timezone), anything else → 422 `validation_date_format`;
 *   `to` is INCLUSIVE (3P uses `…T23:59:59Z`). `groupBy` REQUIRED (1–3, comma list of campaign,
 *   offer, lander, trafficSource, affiliateNetwork, country, day, hour; else 422
 *   `validation_in`); `columns` optional (unknown → 422 `validation_in`); `sort` (default
 *   visits) + `direction` asc|desc; `limit` (default 100, max 10000)/`offset`.
 *   Response `{payload: {rows, total, totals}}` (shape UNKNOWN). Day/hour groups are in the account
 *   timezone (`timezone`, default UTC, docs §3.5). Conversions are placed by postback time.
 * - §3.3 statuses: `conversions` and `revenue` count `new` + `confirm`; `approved`, `pending`,
 *   `declined`, `chargebacks` columns break them down (names invented).
 * - §3.4 no rate limit by default (`rateLimit` turns one on; 429 `{code: 'too_many_requests'}`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { FaultInjector } from '../shared/faults';
import { RequestLog, sendJson, startHttpServer } from '../shared/http';
import {
	COUNTRIES,
	QueryCache,
	formatDate,
	fromCivil,
	header,
	intParam,
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
import { BeMobState, type SeedOptions } from './state';
import { beMobPostbackRoute } from './postback';

export { BeMobState } from './state';
export type { BeMobStatus, BeMobConversion, BeMobCampaign, BeMobVisit } from './state';

export interface BeMobMockOptions {
	accessKey?: string;
	secretKey?: string;
	seed?: number;
	port?: number;
	host?: string;
	now?: TimeInput | 'real';
	timezone?: string;
	seedData?: boolean | SeedOptions;
	validateBeforeAuth?: boolean;
	/** Off by default (no evidence of a limit). */
	rateLimit?: RateLimitOption;
}

export interface BeMobMock {
	url: string;
	/** `url + /v1`. */
	apiUrl: string;
	accessKey: string;
	secretKey: string;
	state: BeMobState;
	faults: FaultInjector;
	requests: RequestLog;
	options: Required<Pick<BeMobMockOptions, 'validateBeforeAuth'>>;
	close(): Promise<void>;
}

class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(
			typeof body === 'object' && body && 'message' in body
				? String((body as { message: unknown }).message)
				: 'error',
		);
	}
}

const validation = (code: string, fields: Record<string, string>) =>
	new ApiError(422, {
		code,
		message: `Validation failed: ${Object.entries(fields)
			.map(([f, m]) => `${f} ${m}`)
			.join('; ')}`,
		errors: Object.fromEntries(Object.keys(fields).map((f) => [f, [code]])),
	});

const GROUPS = [
	'campaign',
	'offer',
	'lander',
	'trafficSource',
	'affiliateNetwork',
	'country',
	'day',
	'hour',
] as const;
type Group = (typeof GROUPS)[number];
const GROUP_KEYS: Record<Group, string[]> = {
	campaign: ['campaignId', 'campaignName'],
	offer: ['offerId', 'offerName'],
	lander: ['landerId', 'landerName'],
	trafficSource: ['trafficSourceId', 'trafficSourceName'],
	affiliateNetwork: ['affiliateNetworkId', 'affiliateNetworkName'],
	country: ['countryCode', 'countryName'],
	day: ['day'],
	hour: ['hour'],
};
const METRICS = [
	'visits',
	'clicks',
	'conversions',
	'approved',
	'pending',
	'declined',
	'chargebacks',
	'revenue',
	'cost',
	'profit',
	'roi',
	'ctr',
	'cr',
	'epv',
	'epc',
	'cpv',
];

export async function startBeMobMock(options: BeMobMockOptions = {}): Promise<BeMobMock> {
	const seed = options.seed ?? 1;
	const state = new BeMobState({ seed, now: options.now, timezone: options.timezone });
	if (options.seedData !== false)
		state.seedDefaults(typeof options.seedData === 'object' ? options.seedData : {});
	const accessKey = options.accessKey ?? 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
	const secretKey = options.secretKey ?? 'bemob-secret-key/Qx9+Zt7w==';
	const faults = new FaultInjector({ seed });
	const requests = new RequestLog();
	const behaviour: BeMobMock['options'] = {
		validateBeforeAuth: options.validateBeforeAuth ?? false,
	};
	const limiter = makeLimiter(
		options.rateLimit ?? false,
		{ limit: 10, windowMs: 1000, clock: 'real' },
		state.clock.now,
	);
	const cache = new QueryCache<Array<Record<string, string | number>>>();
	let apiRequests = 0;

	const paging = (query: URLSearchParams, max: number) => {
		const limit = intParam(query.get('limit'));
		const offset = intParam(query.get('offset'));
		if (Number.isNaN(limit) || limit === 0 || (limit ?? 0) > max)
			throw validation('validation_range', { limit: `must be between 1 and ${max}` });
		if (Number.isNaN(offset))
			throw validation('validation_integer', { offset: 'must be a non-negative integer' });
		return { limit: limit ?? 100, offset: offset ?? 0 };
	};

	const iso = (ms: number) => new Date(ms).toISOString();

	const parseBound = (name: 'from' | 'to', raw: string): number => {
		const civil = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(raw)
			? parseCivil(raw, { allowT: false })
			: undefined;
		if (civil) return fromCivil(civil, state.timezone);
		const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.exec(raw);
		if (m && parseCivil(`${m[1]} ${m[2]}`, { allowT: false })) return Date.parse(raw);
		throw validation('validation_date_format', {
			[name]: 'must be an ISO 8601 date-time or YYYY-MM-DD HH:MM:SS',
		});
	};

	const reportValidate = (query: URLSearchParams) => {
		const missing: Record<string, string> = {};
		for (const f of ['from', 'to', 'groupBy']) if (!query.get(f)) missing[f] = 'is required';
		if (Object.keys(missing).length) throw validation('validation_required', missing);
	};

	const report = (query: URLSearchParams) => {
		reportValidate(query);
		const from = parseBound('from', query.get('from')!);
		const to = parseBound('to', query.get('to')!) + 1000; // inclusive to the second
		if (from >= to) throw validation('validation_range', { from: 'must be before to' });
		const groups = query
			.get('groupBy')!
			.split(',')
			.map((g) => g.trim())
			.filter(Boolean);
		if (groups.length > 3 || groups.some((g) => !(GROUPS as readonly string[]).includes(g)))
			throw validation('validation_in', { groupBy: `must be 1 to 3 of ${GROUPS.join(', ')}` });
		const keys = (groups as Group[]).flatMap((g) => GROUP_KEYS[g]);
		const columns = (query.get('columns') ?? '')
			.split(',')
			.map((c) => c.trim())
			.filter(Boolean);
		const unknown = columns.filter((c) => !METRICS.includes(c) && !keys.includes(c));
		if (unknown.length)
			throw validation('validation_in', { columns: `unknown column(s) ${unknown.join(', ')}` });
		const sort = query.get('sort') ?? 'visits';
		if (!METRICS.includes(sort) && !keys.includes(sort))
			throw validation('validation_in', { sort: `unknown column ${sort}` });
		const direction = (query.get('direction') ?? 'desc').toLowerCase();
		if (direction !== 'asc' && direction !== 'desc')
			throw validation('validation_in', { direction: 'must be asc or desc' });
		const { limit, offset } = paging(query, 10_000);
		const tz = state.timezone;
		const cacheKey = JSON.stringify([from, to, groups, tz]);
		const all = cache.get(state.version, cacheKey, () => {
			const acc = new Map<string, Record<string, number>>();
			const labels = new Map<string, string[]>();
			const valuesOf = (
				v: {
					campaignId: string;
					offerId: string;
					landerId: string;
					trafficSourceId: string;
					country: string;
				},
				at: number,
			) =>
				(groups as Group[]).flatMap((g) => {
					switch (g) {
						case 'campaign':
							return [v.campaignId, state.name(state.campaigns, v.campaignId)];
						case 'offer':
							return [v.offerId, state.name(state.offers, v.offerId)];
						case 'lander':
							return [v.landerId, state.name(state.landers, v.landerId)];
						case 'trafficSource':
							return [v.trafficSourceId, state.name(state.trafficSources, v.trafficSourceId)];
						case 'affiliateNetwork': {
							const id = state.offers.find((o) => o.id === v.offerId)?.affiliateNetworkId ?? '';
							return [id, state.name(state.affiliateNetworks, id)];
						}
						case 'country':
							return [v.country, COUNTRIES.find(([c]) => c === v.country)?.[1] ?? ''];
						case 'day':
							return [formatDate(at, tz)];
						default:
							return [`${formatDate(at, tz)} ${pad(toCivil(at, tz).h)}:00`];
					}
				});
			const bucket = (values: string[]) => {
				const k = values.join('\u0001');
				let a = acc.get(k);
				if (!a) {
					a = {
						visits: 0,
						clicks: 0,
						cost: 0,
						new: 0,
						confirm: 0,
						decline: 0,
						charge: 0,
						revenue: 0,
					};
					acc.set(k, a);
					labels.set(k, values);
				}
				return a;
			};
			for (const v of state.visits) {
				if (v.t < from || v.t >= to) continue;
				const a = bucket(valuesOf(v, v.t));
				a.visits++;
				if (v.clicked) a.clicks++;
				a.cost += v.cost;
			}
			for (const c of state.conversions) {
				if (c.t < from || c.t >= to) continue;
				const v = state.getVisit(c.cid);
				if (!v) continue;
				const a = bucket(valuesOf(v, c.t));
				a[c.status]++;
				if (c.status === 'new' || c.status === 'confirm') a.revenue += c.payout;
			}
			return [...acc.entries()].map(([k, a]) => {
				const row: Record<string, string | number> = {};
				labels.get(k)!.forEach((value, i) => (row[keys[i]] = value));
				const conversions = a.new + a.confirm;
				Object.assign(row, {
					visits: a.visits,
					clicks: a.clicks,
					conversions,
					approved: a.confirm,
					pending: a.new,
					declined: a.decline,
					chargebacks: a.charge,
					revenue: round2(a.revenue),
					cost: round2(a.cost),
					profit: round2(a.revenue - a.cost),
					roi: a.cost > 0 ? round2(((a.revenue - a.cost) / a.cost) * 100) : 0,
					ctr: a.visits > 0 ? round2((a.clicks / a.visits) * 100) : 0,
					cr: a.clicks > 0 ? round2((conversions / a.clicks) * 100) : 0,
					epv: a.visits > 0 ? round4(a.revenue / a.visits) : 0,
					epc: a.clicks > 0 ? round4(a.revenue / a.clicks) : 0,
					cpv: a.visits > 0 ? round4(a.cost / a.visits) : 0,
				});
				return row;
			});
		});
		const sign = direction === 'asc' ? 1 : -1;
		const sorted = [...all].sort((a, b) => {
			const c = a[sort] < b[sort] ? -1 : a[sort] > b[sort] ? 1 : 0;
			if (c) return c * sign;
			const ak = keys.map((k) => a[k]).join('|');
			const bk = keys.map((k) => b[k]).join('|');
			return ak < bk ? -1 : ak > bk ? 1 : 0;
		});
		const pick = (row: Record<string, string | number>) =>
			columns.length
				? Object.fromEntries(
						[...keys, ...columns.filter((c) => !keys.includes(c))].map((c) => [c, row[c]]),
					)
				: row;
		const totals: Record<string, number> = {};
		for (const m of [
			'visits',
			'clicks',
			'conversions',
			'approved',
			'pending',
			'declined',
			'chargebacks',
			'revenue',
			'cost',
			'profit',
		])
			totals[m] = round2(all.reduce((s, r) => s + Number(r[m]), 0));
		return {
			payload: { rows: sorted.slice(offset, offset + limit).map(pick), total: all.length, totals },
		};
	};

	const campaigns = (query: URLSearchParams) => {
		const { limit, offset } = paging(query, 1000);
		const status = (query.get('status') ?? '').toLowerCase();
		if (status && !['active', 'paused', 'archived'].includes(status))
			throw validation('validation_in', { status: 'must be active, paused or archived' });
		const ws = (query.get('workspaceIds') ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		const list = state.campaigns.filter(
			(c) => (!status || c.status === status) && (ws.length === 0 || ws.includes(c.workspaceId)),
		);
		return {
			payload: list.slice(offset, offset + limit).map((c) => ({
				id: c.id,
				name: c.name,
				nameFull: c.nameFull,
				workspaceId: c.workspaceId,
				trafficSourceId: c.trafficSourceId,
				countryId: c.countryId,
				trackingDomainId: c.trackingDomainId,
				redirectDomainId: c.redirectDomainId,
				status: c.status,
				costModel: c.costModel,
				cost: c.cost,
				createdAt: iso(c.createdAt),
				updatedAt: iso(c.updatedAt),
			})),
		};
	};

	const simpleList = (list: Array<Record<string, unknown>>, query: URLSearchParams) => {
		const { limit, offset } = paging(query, 1000);
		return { payload: list.slice(offset, offset + limit) };
	};

	const authorized = (req: IncomingMessage) =>
		header(req, 'x-access-key') === accessKey && header(req, 'x-secret-key') === secretKey;

	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const inc = await receive(req, res, requests, faults);
		if (!inc) return;
		const { method, path, query } = inc;
		if (beMobPostbackRoute(state, inc)) return;
		if (path !== '/v1' && !path.startsWith('/v1/')) return sendWrongUrlPage(res, 'BeMob');
		const rel = path.slice(3);
		try {
			if (behaviour.validateBeforeAuth && method === 'GET' && rel === '/report')
				reportValidate(query);
			if (!authorized(req))
				return sendJson(res, 401, {
					code: 'unauthorized',
					message: 'Invalid access key or secret key',
				});
			if (limiter) {
				const rl = limiter.hit(accessKey);
				if (!rl.ok)
					return sendJson(
						res,
						429,
						{ code: 'too_many_requests', message: 'Too many requests' },
						{ 'Retry-After': String(Math.ceil(rl.retryAfterMs / 1000)) },
					);
			}
			const routes: Record<string, () => unknown> = {
				'/campaigns': () => campaigns(query),
				'/report': () => report(query),
				'/offers': () =>
					simpleList(
						state.offers.map((o) => ({
							id: o.id,
							name: o.name,
							affiliateNetworkId: o.affiliateNetworkId,
							payout: o.payout,
						})),
						query,
					),
				'/landers': () =>
					simpleList(
						state.landers.map((l) => ({ ...l })),
						query,
					),
				'/traffic-sources': () =>
					simpleList(
						state.trafficSources.map((t) => ({ ...t })),
						query,
					),
				'/dictionaries/countries': () =>
					simpleList(
						COUNTRIES.map(([code, name]) => ({ id: code, code, name })),
						query,
					),
			};
			const run = method === 'GET' ? routes[rel] : undefined;
			if (!run)
				return sendJson(res, 404, { code: 'not_found', message: `Not Found: ${method} ${path}` });
			apiRequests++;
			if (state.onBeforeRespond)
				await state.onBeforeRespond({
					method,
					path: rel,
					query: inc.entry.query,
					requestNumber: apiRequests,
				});
			return sendJson(res, 200, run());
		} catch (error) {
			if (error instanceof ApiError) return sendJson(res, error.status, error.body);
			throw error;
		}
	};

	const server = await startHttpServer(handler, { host: options.host, port: options.port });
	return {
		url: server.url,
		apiUrl: `${server.url}/v1`,
		accessKey,
		secretKey,
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

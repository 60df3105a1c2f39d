/**
 * Voluum mock (facts: /work/shared/docs/other-trackers-api.md §1). Real HTTP on 127.0.0.1.
 *
 * ```ts
 * const mock = await startVoluumMock();                      // seeded demo data, frozen clock
 * // POST /auth/access/session {accessId, accessKey} → {token, expirationTimestamp}
 * mock.state.addConversion({ at: '2025-06-16T09:30:00Z' });  // a late postback
 * mock.state.clock.advance(5 * 3600_000);                    // session tokens (4 h) expire
 * ```
 *
 * Routes: `POST /auth/access/session`, `POST /auth/session`, then with `cwauth-token`:
 * `GET /user/current`, `GET /report/conversions`, `GET /report`, `GET /campaign`,
 * `GET /campaign/{id}`, `GET /report/live/clicks/{campaignId}`, `GET /report/live/visits/{campaignId}`.
 * Any other path: 200 HTML page (wrong-URL trap) when it is not an API path, JSON 404 otherwise.
 *
 * Pipeline: request log → body → fault layer → wrong-URL trap → auth → 15 req/s per token →
 * route → validation → `state.onBeforeRespond` → answer.
 *
 * ASSUMPTIONS (docs §1 marks these UNKNOWN/UNVERIFIED; each is an option where cheap):
 * - §1.1 TTL: sessions last 4 h (`tokenTtlMs`) on the MOCK clock, so `state.clock.advance()`
 *   expires them; `expirationTimestamp` is ISO UTC. Expired/unknown/missing token → 401
 *   `{error:{code:'UNAUTHORIZED'}, errorCode, message}` (401 body is UNKNOWN; same shape as 400).
 * - §1.2 `from`/`to`: accepted forms are `YYYY-MM-DDTHH:00[:00[.000]][Z]`; anything else (minutes,
 *   seconds, offsets, date only) → 400 BAD_REQUEST "invalid time format". `windowMode: 'wallclock'`
 *   (default) reads them as wall-clock times in `tz` and ignores a trailing Z (hour rounding then
 *   means hour buckets of the report zone); `'instant'` treats a Z as UTC. With `tz=Etc/GMT` both
 *   agree. `from` inclusive, `to` exclusive; `from > to` → 400.
 * - §1.2 `tz`: default `user.timezone` (Etc/GMT); unknown zone → 400.
 * - §1.2 timestamp format in rows (UNVERIFIED): `timestampFormat: 'ampm'` (default) renders
 *   `postbackTimestamp`/`visitTimestamp` as "YYYY-MM-DD hh:mm:ss AM" in `tz` (the only real
 *   sample, kamforo `_parse_timestamp`); `'24h'` → "YYYY-MM-DD HH:mm:ss"; `'iso'` → ISO with the
 *   zone's offset. Sorting uses the underlying instant, not the rendered text.
 * - §1.2 paging: `limit` default 100, capped at `maxLimit` (default 10000) and the cap is echoed in
 *   the response `limit` (ronniejoshua reads it back); limit ≤ 0 or non-integer → 400. Default
 *   order `sort=postbackTimestamp&direction=DESC`; unknown sort column → 400.
 * - §1.2/§1.5 `/report/conversions` time filter (UNKNOWN which time it uses): `conversionTimeMode`
 *   CONVERSION filters by `postbackTimestamp`, VISIT by `visitTimestamp`, anything else → 400;
 *   absent → the account setting `accountTimeMode` (default CONVERSION, the official reading that
 *   the conversions report is keyed by received time; VISIT = the account's visit-time setting).
 *   `conversionsTimeFilter: 'postback'` makes the report ignore the mode and always filter by
 *   postback time (the other reading of the official article).
 * - §1.2 `columns` restricts the keys of each row (conversions and report); unknown column in
 *   /report → 400, in /report/conversions ignored. `filter` is a case-insensitive substring match
 *   on the text fields.
 * - §1.2 `/campaign` envelope is UNKNOWN: `{campaigns:[...]}` with `limit`/`offset`, deleted
 *   campaigns only with `includeDeleted=true`. Campaign fields beyond id/name are invented:
 *   createdTime, updatedTime (ISO UTC), deleted, trafficSource{id,name}, flow, costModel, cpc,
 *   country, workspace, url. `/campaign/{id}` returns the bare object, 404 when unknown.
 * - §1.2 `/report`: `conversionTimeMode` default VISIT (Voluum's default visit-time reporting);
 *   `include` default TRAFFIC; `groupBy` up to 3 comma-separated levels (campaign, offer, lander,
 *   flow, traffic-source, affiliate-network, country, day, hour and their *Id aliases).
 *   Response `{rows, totalRows, columnMappings}`; `limit` default 100 (max 100000).
 * - §1.4 rate limit: 15 requests per second per token (sliding window, real time by default;
 *   `rateLimit: false` turns it off, `{clock:'mock'}` measures on the mock clock) → 429
 *   `TOO_MANY_REQUESTS` with `Retry-After` in whole seconds. Logins are limited per IP the same way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { FaultInjector, TokenStore } from '../shared/faults';
import { RequestLog, sendJson, startHttpServer } from '../shared/http';
import { voluumActionRoute } from './actions';
import { voluumPostbackRoute } from './postback';
import { buildReport, ReportError } from './report';
import { CONVERSION_COLUMNS, VoluumState, type SeedOptions, type VoluumConversion } from './state';
import {
	formatDateTime,
	formatDateTime12,
	formatIsoInZone,
	fromCivil,
	header,
	intParam,
	isValidZone,
	makeLimiter,
	QueryCache,
	receive,
	sendWrongUrlPage,
	validCivil,
	type RateLimitOption,
	type TimeInput,
} from './tracker-kit';

export type { VoluumConversion } from './state';
export { VoluumState } from './state';

export interface VoluumMockOptions {
	accessId?: string;
	accessKey?: string;
	email?: string;
	password?: string;
	tokenTtlMs?: number;
	seed?: number;
	port?: number;
	host?: string;
	/** Simulated now (default 2025-06-16T12:00:00Z, frozen); `'real'` follows the wall clock. */
	now?: TimeInput | 'real';
	/** Demo data (default true); `false` = empty account; an object sizes it. */
	seedData?: boolean | SeedOptions;
	/** 15 req/s per token (default on, real time). */
	rateLimit?: RateLimitOption;
	timestampFormat?: 'ampm' | '24h' | 'iso';
	windowMode?: 'wallclock' | 'instant';
	maxLimit?: number;
	/** What `/report/conversions` filters by when `conversionTimeMode` is absent. */
	accountTimeMode?: 'CONVERSION' | 'VISIT';
	/** `mode` (default): honour `conversionTimeMode`; `postback`: always postback time. */
	conversionsTimeFilter?: 'mode' | 'postback';
}

export interface VoluumMock {
	url: string;
	accessId: string;
	accessKey: string;
	email: string;
	password: string;
	tokens: TokenStore;
	faults: FaultInjector;
	requests: RequestLog;
	/** Same array as `state.conversions`. */
	conversions: VoluumConversion[];
	/** Number of successful logins. */
	logins: number;
	state: VoluumState;
	/** Live behaviour switches. */
	options: Required<
		Pick<
			VoluumMockOptions,
			'timestampFormat' | 'windowMode' | 'maxLimit' | 'accountTimeMode' | 'conversionsTimeFilter'
		>
	>;
	close(): Promise<void>;
}

const TIME_FORMAT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):00(?::00(?:\.0{1,3})?)?(Z?)$/;

function voluumError(
	res: ServerResponse,
	status: number,
	errorCode: string,
	message: string,
	headers: Record<string, string> = {},
) {
	sendJson(
		res,
		status,
		{ error: { code: errorCode, description: message }, errorCode, message },
		headers,
	);
}

class BadRequest extends Error {}
class NotFound extends Error {}

export async function startVoluumMock(options: VoluumMockOptions = {}): Promise<VoluumMock> {
	const seed = options.seed ?? 1;
	const state = new VoluumState({ seed, now: options.now });
	if (options.email) state.user.email = options.email;
	if (options.seedData !== false)
		state.seedDefaults(typeof options.seedData === 'object' ? options.seedData : {});
	const faults = new FaultInjector({ seed });
	const tokens = new TokenStore({
		ttlMs: options.tokenTtlMs ?? 4 * 3600_000,
		seed: options.seed ?? 3,
		now: state.clock.now,
	});
	faults.attachTokenStore(tokens);
	const requests = new RequestLog();
	const behaviour = {
		timestampFormat: options.timestampFormat ?? 'ampm',
		windowMode: options.windowMode ?? 'wallclock',
		maxLimit: options.maxLimit ?? 10_000,
		accountTimeMode: options.accountTimeMode ?? 'CONVERSION',
		conversionsTimeFilter: options.conversionsTimeFilter ?? 'mode',
	} as VoluumMock['options'];
	const limiter = makeLimiter(
		options.rateLimit,
		{ limit: 15, windowMs: 1000, clock: 'real' },
		state.clock.now,
	);
	const creds = {
		accessId: options.accessId ?? 'voluum-access-id',
		accessKey: options.accessKey ?? 'voluum-secret-access-key-0123456789',
		email: state.user.email,
		password: options.password ?? 'Correct-Horse-9',
		logins: 0,
	};
	const cache = new QueryCache<Array<{ c: VoluumConversion; t: number }>>();
	let apiRequests = 0;

	const renderTime = (iso: string, tz: string): string => {
		const ms = Date.parse(iso);
		if (Number.isNaN(ms)) return iso;
		if (behaviour.timestampFormat === '24h') return formatDateTime(ms, tz);
		if (behaviour.timestampFormat === 'iso') return formatIsoInZone(ms, tz);
		return formatDateTime12(ms, tz);
	};

	const parseWindow = (query: URLSearchParams): { from: number; to: number; tz: string } => {
		const tz = query.get('tz') ?? state.user.timezone;
		if (!isValidZone(tz)) throw new BadRequest(`invalid time zone: ${tz}`);
		const bound = (name: 'from' | 'to'): number => {
			const raw = query.get(name);
			if (raw === null || raw === '') throw new BadRequest(`${name} is required`);
			const m = TIME_FORMAT.exec(raw);
			const civil = m
				? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), h: Number(m[4]), mi: 0, s: 0 }
				: undefined;
			if (!m || !civil || !validCivil(civil)) {
				throw new BadRequest(
					`invalid time format: ${name} must be an ISO date-time rounded to a full hour, e.g. 2026-02-18T22:00:00.000Z`,
				);
			}
			const utc = behaviour.windowMode === 'instant' && m[5] === 'Z';
			return fromCivil(civil, utc ? 'UTC' : tz);
		};
		const from = bound('from');
		const to = bound('to');
		if (from > to) throw new BadRequest('invalid time range: from must not be after to');
		return { from, to, tz };
	};

	const paging = (query: URLSearchParams, defLimit: number, maxLimit: number) => {
		const limit = intParam(query.get('limit'));
		const offset = intParam(query.get('offset'));
		if (Number.isNaN(limit) || limit === 0)
			throw new BadRequest('limit must be a positive integer');
		if (Number.isNaN(offset)) throw new BadRequest('offset must be a non-negative integer');
		return { limit: Math.min(limit ?? defLimit, maxLimit), offset: offset ?? 0 };
	};

	const direction = (query: URLSearchParams): 'ASC' | 'DESC' => {
		const d = (query.get('direction') ?? 'DESC').toUpperCase();
		if (d !== 'ASC' && d !== 'DESC') throw new BadRequest('direction must be ASC or DESC');
		return d;
	};

	const list = (query: URLSearchParams, keys: string[]) =>
		query
			.getAll(keys[0])
			.concat(...keys.slice(1).map((k) => query.getAll(k)))
			.flatMap((v) => v.split(','))
			.map((v) => v.trim())
			.filter(Boolean);

	const conversionsReport = (query: URLSearchParams) => {
		const { from, to, tz } = parseWindow(query);
		const { limit, offset } = paging(query, 100, behaviour.maxLimit);
		const sort = query.get('sort') ?? 'postbackTimestamp';
		const dir = direction(query);
		const filter = (query.get('filter') ?? '').toLowerCase();
		if (!CONVERSION_COLUMNS.includes(sort)) throw new BadRequest(`invalid sort column: ${sort}`);
		const mode = (query.get('conversionTimeMode') ?? behaviour.accountTimeMode).toUpperCase();
		if (mode !== 'VISIT' && mode !== 'CONVERSION')
			throw new BadRequest('conversionTimeMode must be CONVERSION or VISIT');
		const byVisit = mode === 'VISIT' && behaviour.conversionsTimeFilter === 'mode';
		const key = JSON.stringify([from, to, sort, dir, filter, byVisit, state.conversions.length]);
		const sorted = cache.get(state.version, key, () => {
			const out: Array<{ c: VoluumConversion; t: number }> = [];
			for (const c of state.conversions) {
				const t = Date.parse(c.postbackTimestamp);
				const ft = byVisit ? Date.parse(c.visitTimestamp) : t;
				if (ft < from || ft >= to) continue;
				if (
					filter &&
					!Object.values(state.renderConversion(c)).some(
						(v) => typeof v === 'string' && v.toLowerCase().includes(filter),
					)
				)
					continue;
				out.push({ c, t });
			}
			const sign = dir === 'ASC' ? 1 : -1;
			const value = (x: { c: VoluumConversion; t: number }): string | number =>
				sort === 'postbackTimestamp'
					? x.t
					: sort === 'visitTimestamp'
						? Date.parse(x.c.visitTimestamp)
						: (x.c[sort] ?? state.renderConversion(x.c)[sort] ?? '');
			out.sort((a, b) => {
				const av = value(a);
				const bv = value(b);
				let cmp = av < bv ? -1 : av > bv ? 1 : 0;
				if (cmp === 0)
					cmp =
						a.c.clickId < b.c.clickId
							? -1
							: a.c.clickId > b.c.clickId
								? 1
								: a.c.transactionId < b.c.transactionId
									? -1
									: a.c.transactionId > b.c.transactionId
										? 1
										: 0;
				return cmp * sign;
			});
			return out;
		});
		const columns = list(query, ['columns']);
		const rows = sorted.slice(offset, offset + limit).map(({ c }) => {
			const row = state.renderConversion(c);
			row.postbackTimestamp = renderTime(c.postbackTimestamp, tz);
			row.visitTimestamp = renderTime(c.visitTimestamp, tz);
			if (columns.length === 0) return row;
			return Object.fromEntries(columns.filter((k) => k in row).map((k) => [k, row[k]]));
		});
		return { rows, totalRows: sorted.length, limit, offset };
	};

	const report = (query: URLSearchParams) => {
		const { from, to, tz } = parseWindow(query);
		const { limit, offset } = paging(query, 100, 100_000);
		const mode = (query.get('conversionTimeMode') ?? 'VISIT').toUpperCase();
		if (mode !== 'VISIT' && mode !== 'CONVERSION')
			throw new BadRequest('conversionTimeMode must be CONVERSION or VISIT');
		const include = (query.get('include') ?? 'TRAFFIC').toUpperCase();
		if (!['ALL', 'ACTIVE', 'ARCHIVED', 'TRAFFIC', 'ENTITY'].includes(include))
			throw new BadRequest(`invalid include: ${include}`);
		try {
			return buildReport(state, {
				from,
				to,
				tz,
				groupBy: list(query, ['groupBy']),
				columns: list(query, ['columns', 'column']),
				conversionTimeMode: mode as 'VISIT' | 'CONVERSION',
				include: include as 'TRAFFIC',
				filter: query.get('filter') ?? undefined,
				sort: query.get('sort') ?? undefined,
				direction: direction(query),
				limit,
				offset,
			});
		} catch (error) {
			if (error instanceof ReportError) throw new BadRequest(error.message);
			throw error;
		}
	};

	const campaignView = (c: (typeof state.campaigns)[number]) => {
		const { offerIds: _o, landerIds: _l, ...rest } = c;
		void _o;
		void _l;
		return { ...rest };
	};

	const liveRows = (campaignId: string, query: URLSearchParams, onlyClicked: boolean) => {
		if (!state.campaigns.some((c) => c.id === campaignId)) return undefined;
		const { limit } = paging(query, 100, 1000);
		const tz = query.get('tz') ?? state.user.timezone;
		if (!isValidZone(tz)) throw new BadRequest(`invalid time zone: ${tz}`);
		const now = state.clock.now();
		const rows = state.visits
			.filter(
				(v) => v.campaignId === campaignId && v.timestamp <= now && (!onlyClicked || v.clicked),
			)
			.sort((a, b) => b.timestamp - a.timestamp)
			.slice(0, limit)
			.map((v) => ({
				clickId: v.clickId,
				timestamp: formatDateTime12(v.timestamp, tz),
				campaignId: v.campaignId,
				campaignName: state.entityName('campaign', v.campaignId),
				offerId: v.offerId,
				offerName: state.entityName('offer', v.offerId),
				landerId: v.landerId,
				landerName: state.entityName('lander', v.landerId),
				trafficSourceId: v.trafficSourceId,
				countryCode: v.countryCode,
				ip: v.ip,
				...Object.fromEntries(
					v.customVariables.map((value, i) => [`customVariable${i + 1}`, value]),
				),
			}));
		return { rows, totalRows: rows.length };
	};

	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const inc = await receive(req, res, requests, faults);
		if (!inc) return;
		const { method, path, query } = inc;
		if (voluumPostbackRoute(state, inc)) return;
		const apiPath =
			/^\/(auth|user|report|campaign|offer|lander|flow|traffic-source|affiliate-network|tracker-domain|conversion)(\/|$)/.test(
				path,
			);
		if (!apiPath) return sendWrongUrlPage(res, 'Voluum');

		if (method === 'POST' && (path === '/auth/access/session' || path === '/auth/session')) {
			if (limiter) {
				const rl = limiter.hit(`ip:${req.socket.remoteAddress ?? ''}:login`);
				if (!rl.ok)
					return voluumError(res, 429, 'TOO_MANY_REQUESTS', 'Too many requests', {
						'Retry-After': String(Math.ceil(rl.retryAfterMs / 1000)),
					});
			}
			if (
				!inc.bodyIsJson ||
				typeof inc.body !== 'object' ||
				inc.body === null ||
				Array.isArray(inc.body)
			) {
				return voluumError(res, 400, 'BAD_REQUEST', 'Request body must be a JSON object');
			}
			const b = inc.body as Record<string, unknown>;
			const ok =
				path === '/auth/access/session'
					? b.accessId === creds.accessId && b.accessKey === creds.accessKey
					: b.email === creds.email && b.password === creds.password;
			if (!ok) return voluumError(res, 401, 'UNAUTHORIZED', 'Invalid credentials');
			creds.logins++;
			const { token, expiresAt } = tokens.issue(String(b.accessId ?? b.email));
			return sendJson(res, 200, {
				token,
				expirationTimestamp: new Date(expiresAt).toISOString(),
				inaugural: false,
			});
		}

		const token = header(req, 'cwauth-token');
		const check = tokens.verify(token);
		if (!check.ok) {
			return voluumError(
				res,
				401,
				'UNAUTHORIZED',
				check.reason === 'expired' ? 'Session expired' : 'Missing or invalid session token',
			);
		}
		if (limiter) {
			const rl = limiter.hit(`token:${token}`);
			if (!rl.ok)
				return voluumError(
					res,
					429,
					'TOO_MANY_REQUESTS',
					'Too many requests: the limit is 15 requests per second',
					{ 'Retry-After': String(Math.ceil(rl.retryAfterMs / 1000)) },
				);
		}

		if (await voluumActionRoute(state, inc, { kind: check.subject === creds.accessId ? 'accessKey' : 'password', subject: String(check.subject) })) return;
		const route = (): (() => unknown) | undefined => {
			if (method !== 'GET') return undefined;
			if (path === '/user/current')
				return () => ({
					id: state.user.id,
					email: state.user.email,
					firstName: state.user.firstName,
					lastName: state.user.lastName,
					timezone: state.user.timezone,
					currency: state.user.currency,
				});
			if (path === '/report/conversions') return () => conversionsReport(query);
			if (path === '/report') return () => report(query);
			if (path === '/campaign') {
				return () => {
					const { limit, offset } = paging(query, 1000, 10_000);
					const includeDeleted = query.get('includeDeleted') === 'true';
					const all = state.campaigns.filter((c) => includeDeleted || !c.deleted);
					return { campaigns: all.slice(offset, offset + limit).map(campaignView) };
				};
			}
			const one = /^\/campaign\/([^/]+)$/.exec(path);
			if (one) {
				return () => {
					const c = state.campaigns.find((x) => x.id === decodeURIComponent(one[1]));
					if (!c) throw new NotFound(`Campaign ${one[1]} not found`);
					return campaignView(c);
				};
			}
			const live = /^\/report\/live\/(clicks|visits)\/([^/]+)$/.exec(path);
			if (live) {
				return () => {
					const out = liveRows(decodeURIComponent(live[2]), query, live[1] === 'clicks');
					if (!out) throw new NotFound(`Campaign ${live[2]} not found`);
					return out;
				};
			}
			return undefined;
		};
		const run = route();
		if (!run) return voluumError(res, 404, 'NOT_FOUND', `No route for ${method} ${path}`);
		apiRequests++;
		if (state.onBeforeRespond) {
			await state.onBeforeRespond({
				method,
				path,
				query: inc.entry.query,
				requestNumber: apiRequests,
			});
		}
		try {
			return sendJson(res, 200, run());
		} catch (error) {
			if (error instanceof BadRequest) return voluumError(res, 400, 'BAD_REQUEST', error.message);
			if (error instanceof NotFound) return voluumError(res, 404, 'NOT_FOUND', error.message);
			throw error;
		}
	};

	const server = await startHttpServer(handler, { host: options.host, port: options.port });
	const mock: VoluumMock = {
		url: server.url,
		get accessId() {
			return creds.accessId;
		},
		get accessKey() {
			return creds.accessKey;
		},
		get email() {
			return creds.email;
		},
		get password() {
			return creds.password;
		},
		tokens,
		faults,
		requests,
		conversions: state.conversions,
		get logins() {
			return creds.logins;
		},
		state,
		options: behaviour,
		close: async () => {
			faults.dispose();
			await server.close();
		},
	} as VoluumMock;
	return mock;
}

/**
 * Voluum mock: session auth (access key or email/password → `cwauth-token`, tokens expire),
 * `GET /user/current`, and `GET /report/conversions` (hour-rounded `from`/`to` as Voluum requires,
 * `tz`, `limit`/`offset`, `sort`/`direction`). Facts: docs/other-trackers-api.md §1. The full Voluum
 * mock (campaigns, /report, rate limit) grows with the Voluum trigger.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { FaultInjector, TokenStore } from '../shared/faults';
import { parseJsonBody, readBody, RequestLog, sendJson, startHttpServer } from '../shared/http';

export interface VoluumConversion {
	postbackTimestamp: string; // ISO UTC
	visitTimestamp: string;
	clickId: string;
	transactionId: string;
	conversionType: string;
	conversionTypeId: string;
	campaignId: string;
	campaignName: string;
	offerId: string;
	offerName: string;
	trafficSourceId: string;
	trafficSourceName: string;
	revenue: number;
	payout: number;
	countryCode: string;
	[k: string]: string | number;
}

export interface VoluumMockOptions {
	accessId?: string;
	accessKey?: string;
	email?: string;
	password?: string;
	tokenTtlMs?: number;
	seed?: number;
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
	conversions: VoluumConversion[];
	/** Number of successful logins. */
	logins: number;
	close(): Promise<void>;
}

const HOUR_ROUNDED = /^\d{4}-\d{2}-\d{2}T\d{2}:00(:00(\.000)?)?Z$/;

function voluumError(res: ServerResponse, status: number, errorCode: string, message: string) {
	sendJson(res, status, { error: { code: errorCode, description: message }, errorCode, message });
}

export async function startVoluumMock(options: VoluumMockOptions = {}): Promise<VoluumMock> {
	const faults = new FaultInjector({ seed: options.seed ?? 1 });
	const tokens = new TokenStore({ ttlMs: options.tokenTtlMs ?? 4 * 3600_000, seed: options.seed ?? 3 });
	faults.attachTokenStore(tokens);
	const requests = new RequestLog();
	const state = {
		accessId: options.accessId ?? 'voluum-access-id',
		accessKey: options.accessKey ?? 'voluum-secret-access-key-0123456789',
		email: options.email ?? 'buyer@example.com',
		password: options.password ?? 'Correct-Horse-9',
		logins: 0,
		conversions: [] as VoluumConversion[],
	};

	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const entry = requests.begin(req, res, url);
		const raw = await readBody(req);
		const parsed = parseJsonBody(raw);
		entry.body = parsed.ok ? (parsed.empty ? undefined : parsed.value) : raw.toString('utf8');
		if (await faults.middleware(req, res, url.pathname)) return;
		const method = (req.method ?? 'GET').toUpperCase();
		const path = url.pathname;

		if (method === 'POST' && (path === '/auth/access/session' || path === '/auth/session')) {
			if (!parsed.ok || parsed.empty || typeof parsed.value !== 'object') {
				return voluumError(res, 400, 'BAD_REQUEST', 'Request body must be a JSON object');
			}
			const b = parsed.value as Record<string, unknown>;
			const ok =
				path === '/auth/access/session'
					? b.accessId === state.accessId && b.accessKey === state.accessKey
					: b.email === state.email && b.password === state.password;
			if (!ok) return voluumError(res, 401, 'UNAUTHORIZED', 'Invalid credentials');
			state.logins++;
			const { token, expiresAt } = tokens.issue(String(b.accessId ?? b.email));
			return sendJson(res, 200, {
				token,
				expirationTimestamp: new Date(expiresAt).toISOString(),
				inaugural: false,
			});
		}

		const check = tokens.verify(req.headers['cwauth-token'] as string | undefined);
		if (!check.ok) {
			return voluumError(res, 401, 'UNAUTHORIZED', check.reason === 'expired' ? 'Session expired' : 'Missing or invalid session token');
		}

		if (method === 'GET' && path === '/user/current') {
			return sendJson(res, 200, { id: 'u-1', email: state.email, firstName: 'Media', lastName: 'Buyer' });
		}

		if (method === 'GET' && path === '/report/conversions') {
			const from = url.searchParams.get('from') ?? '';
			const to = url.searchParams.get('to') ?? '';
			if (!HOUR_ROUNDED.test(from) || !HOUR_ROUNDED.test(to)) {
				return voluumError(res, 400, 'BAD_REQUEST', 'invalid time format: from and to must be rounded to full hours');
			}
			const limit = Math.max(1, Math.min(100000, Number(url.searchParams.get('limit') ?? 100)));
			const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0));
			const sort = url.searchParams.get('sort') ?? 'postbackTimestamp';
			const direction = (url.searchParams.get('direction') ?? 'DESC').toUpperCase();
			const f = Date.parse(from);
			const t = Date.parse(to);
			const rows = state.conversions
				.filter((c) => {
					const ts = Date.parse(c.postbackTimestamp);
					return ts >= f && ts < t;
				})
				.sort((a, b) => {
					const av = String(a[sort] ?? '');
					const bv = String(b[sort] ?? '');
					const cmp = av < bv ? -1 : av > bv ? 1 : a.clickId < b.clickId ? -1 : a.clickId > b.clickId ? 1 : 0;
					return direction === 'ASC' ? cmp : -cmp;
				});
			return sendJson(res, 200, {
				rows: rows.slice(offset, offset + limit),
				totalRows: rows.length,
				limit,
				offset,
			});
		}

		return voluumError(res, 404, 'NOT_FOUND', `No route for ${method} ${path}`);
	};

	const server = await startHttpServer(handler);
	const mock: VoluumMock = {
		url: server.url,
		get accessId() {
			return state.accessId;
		},
		get accessKey() {
			return state.accessKey;
		},
		get email() {
			return state.email;
		},
		get password() {
			return state.password;
		},
		tokens,
		faults,
		requests,
		conversions: state.conversions,
		get logins() {
			return state.logins;
		},
		close: () => server.close(),
	} as VoluumMock;
	return mock;
}

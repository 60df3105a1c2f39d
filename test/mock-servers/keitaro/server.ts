/**
 * Mock Keitaro Admin API v1 (docs: /work/shared/docs/keitaro-admin-api.md; spec: ./openapi.json).
 * Real HTTP on 127.0.0.1 with an ephemeral port; no internet.
 *
 * ```ts
 * const mock = await startKeitaroMock({ seed: 7 });
 * await axios.get(`${mock.apiUrl}/campaigns`, { headers: { 'Api-Key': mock.apiKey } });
 * mock.options.validationStatus = 406;                      // behaviour switches are live
 * mock.faults.add({ path: '/admin_api/v1/report/build', status: 503, times: 1 });
 * mock.state.addConversion({ status: 'lead' });             // scenario driver
 * await mock.close();
 * ```
 *
 * Request pipeline: request log → body read → fault layer → non-API path → 200 HTML admin page
 * (docs §1.2 "wrong URL" trap) → 402 edition → 401 auth → route (unknown → 400 / HTML) →
 * strict empty-body check → JSON parse + spec validation → `state.onBeforeRespond` → handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector } from '../shared/faults';
import {
	RequestLog,
	Router,
	isJsonContentType,
	parseJsonBody,
	readBody,
	sendBinary,
	sendHtml,
	sendJson,
	sendText,
	startHttpServer,
} from '../shared/http';
import { HTML_ADMIN_PAGE } from './data';
import {
	ApiError,
	buildRoutes,
	fillCostDefaults,
	type Ctx,
	type MockBehaviour,
	type Reply,
	type RouteDef,
} from './routes';
import { seedDefaultData, type SeedDataOptions } from './seed';
import {
	KeitaroState,
	type ConversionIdOrder,
	type ConversionTimeModel,
	type TimeInput,
} from './store';
import { GridError } from './report';
import { validateBody } from './validate';
import { handleIncomingPostback } from './postback';

export const API_PREFIX = '/admin_api/v1';

export interface KeitaroMockOptions extends Partial<MockBehaviour> {
	/** Port to listen on (default 0 = ephemeral). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Admin API key; default `test-keitaro-key-<seeded random>`. */
	apiKey?: string;
	/** Seed of all generated data (default 1). */
	seed?: number;
	/** Simulated "now" (default 2025-06-16 12:00:00 UTC, frozen); `'real'` follows the wall clock. */
	now?: TimeInput | 'real';
	/** Tracker timezone used when a request has no `range.timezone` (default UTC). */
	timezone?: string;
	/** Demo data: true (default), false (empty tracker), or sizing options. */
	seedData?: boolean | SeedDataOptions;
	/** What a status postback does to the log's times (default `fixed`; see store.ts). */
	conversionTimeModel?: ConversionTimeModel;
	/** Conversion ids in `arrival` order (default) or assigned at `click` time. */
	conversionIdOrder?: ConversionIdOrder;
	/** `sub_id_N` columns of the logs: 30 (default) or 15 (Keitaro 9.x). */
	subIdColumns?: 15 | 30;
	/** Seed of the fault layer's PRNGs (default: derived from `seed`). */
	faultSeed?: number;
}

export interface KeitaroMock {
	/** `http://127.0.0.1:PORT` */
	url: string;
	/** `url + '/admin_api/v1'` */
	apiUrl: string;
	port: number;
	apiKey: string;
	/** Live behaviour switches (edit to change the mock's behaviour mid-test). */
	options: MockBehaviour;
	state: KeitaroState;
	faults: FaultInjector;
	/** Request log: `requests.entries` = `[{method, path, query, headers, body, status, ...}]`; `requests.clear()`. */
	requests: RequestLog;
	/** `METHOD /path` of every routed operation (spec paths, relative to /admin_api/v1). */
	routes(): Array<{ method: string; path: string }>;
	close(): Promise<void>;
}

const DEFAULT_BEHAVIOUR: MockBehaviour = {
	edition402: false,
	arrayWrapped: false,
	strictEmptyBody: false,
	validationStatus: 422,
	notFoundJson: false,
	htmlForUnknownRoutes: false,
	stringNumbers: true,
	specStatusCodes: false,
	campaignParametersAsString: false,
	extraRoutes: false,
	reportDateMode: 'click',
	logTimes: 'requested',
	settingsVersion: null,
};

/** Spec path → router pattern: ids are digits only (FastRoute-style `{id:\d+}`). */
const routerPattern = (specPath: string) => specPath.replace(/\{id\}/g, '{id:\\d+}');

export async function startKeitaroMock(options: KeitaroMockOptions = {}): Promise<KeitaroMock> {
	const seed = options.seed ?? 1;
	const behaviour: MockBehaviour = { ...DEFAULT_BEHAVIOUR };
	for (const key of Object.keys(DEFAULT_BEHAVIOUR) as Array<keyof MockBehaviour>) {
		if (options[key] !== undefined)
			(behaviour as unknown as Record<string, unknown>)[key] = options[key];
	}
	const state = new KeitaroState({
		seed,
		now: options.now,
		timezone: options.timezone,
		conversionTimeModel: options.conversionTimeModel,
		conversionIdOrder: options.conversionIdOrder,
		subIdColumns: options.subIdColumns,
	});
	if (options.seedData !== false)
		seedDefaultData(state, options.seedData === true ? {} : options.seedData);
	const apiKey = options.apiKey ?? `test-keitaro-key-${state.randomString(16)}`;
	const faults = new FaultInjector({ seed: options.faultSeed ?? seed });
	const log = new RequestLog();
	const router = new Router<RouteDef>();
	const defs = buildRoutes();
	for (const def of defs) router.add(def.method, routerPattern(def.path), def);
	let apiRequests = 0;

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const entry = log.begin(req, res, url);
		const raw = await readBody(req);
		const parsed = parseJsonBody(raw);
		entry.body = raw.length === 0 ? undefined : parsed.ok ? parsed.value : raw.toString('utf8');

		if (await faults.middleware(req, res, url.pathname, (id) => (entry.fault = id))) return;

		const path = url.pathname;
		const method = (req.method ?? 'GET').toUpperCase();
		if (handleIncomingPostback(state, url, entry.body, res)) return;
		// docs §1.2: a wrong base URL on a live tracker answers 200 with the admin HTML page.
		if (!path.startsWith('/admin_api/')) return sendHtml(res, 200, HTML_ADMIN_PAGE);
		// docs §1.1: 402 when the edition has no Admin API (checked before the key, every call).
		if (behaviour.edition402)
			return sendJson(res, 402, { error: 'Admin API is available only in Business editions' });
		if (!authorized(req, apiKey)) return sendJson(res, 401, { error: 'Invalid API key' });

		const rel = path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length) : '';
		const match = rel ? router.match(method, rel) : undefined;
		if (
			!match ||
			(match.handler.extra && !behaviour.extraRoutes) ||
			(match.handler.when && !match.handler.when(behaviour))
		) {
			if (behaviour.htmlForUnknownRoutes) return sendHtml(res, 200, HTML_ADMIN_PAGE);
			// [SRC9] message (docs §1.2).
			return sendJson(res, 400, { error: `URL '${method} ${path}' does not match any route` });
		}
		const def = match.handler;

		// docs §1.4: optional strict mode catching JSON-typed empty bodies (what n8n sends when it
		// drops an empty `{}` body but keeps the Content-Type).
		const hasBodyMethod =
			method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
		if (
			behaviour.strictEmptyBody &&
			hasBodyMethod &&
			isJsonContentType(req.headers['content-type']) &&
			raw.length === 0
		) {
			return sendJson(res, 400, {
				error: 'Request body is empty but Content-Type is application/json',
			});
		}

		let body: Record<string, unknown> = {};
		if (def.body === 'json') {
			if (!parsed.ok)
				return sendJson(res, 400, { error: `Incorrect JSON in request body: ${parsed.error}` });
			const value = parsed.value;
			if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
				body = {}; // PHP json_decode: `[]`, `null` and "" all become an empty array
			} else if (typeof value === 'object' && !Array.isArray(value)) {
				body = value as Record<string, unknown>;
			} else {
				return sendJson(res, 400, { error: 'Request body must be a JSON object' });
			}
			if (def.path === '/clicks/update_costs') fillCostDefaults(body);
			const errors = validateBody(method, def.path, body);
			if (errors) return sendJson(res, behaviour.validationStatus, errors);
		}
		// Action endpoints ignore their body: empty, {} and [] all work (docs §1.4).

		apiRequests++;
		if (state.onBeforeRespond) {
			await state.onBeforeRespond({
				method,
				path: rel,
				body: def.body === 'json' ? body : entry.body,
				requestNumber: apiRequests,
			});
		}
		const ctx: Ctx = {
			method,
			path: rel,
			params: match.params,
			query: url.searchParams,
			body,
			state,
			flags: behaviour,
		};
		const outcome = runHandler(def, ctx);
		if ('error' in outcome) {
			const error = outcome.error;
			if (error instanceof ApiError) {
				return typeof error.body === 'string'
					? sendText(res, error.status, error.body)
					: sendJson(res, error.status, error.body);
			}
			if (error instanceof GridError) return sendJson(res, 400, { error: error.message });
			console.error('Keitaro mock handler crashed:', error); // a bug in the mock: make it loud
			return sendJson(res, 500, {
				error: `Mock server error: ${error instanceof Error ? error.message : String(error)}`,
			});
		}
		const reply = outcome.reply;
		const status = reply.status ?? 200;
		if ('json' in reply) return sendJson(res, status, reply.json);
		if ('text' in reply)
			return sendText(
				res,
				status,
				reply.text,
				reply.contentType ? { 'Content-Type': reply.contentType } : {},
			);
		return sendBinary(
			res,
			status,
			reply.binary,
			reply.contentType,
			reply.filename ? { 'Content-Disposition': `attachment; filename="${reply.filename}"` } : {},
		);
	};

	const server = await startHttpServer(handle, { host: options.host, port: options.port });
	return {
		url: server.url,
		apiUrl: `${server.url}${API_PREFIX}`,
		port: server.port,
		apiKey,
		options: behaviour,
		state,
		faults,
		requests: log,
		routes: () =>
			defs
				.filter((d) => !d.extra || behaviour.extraRoutes)
				.filter((d) => !d.when || d.when(behaviour))
				.map((d) => ({ method: d.method, path: d.path })),
		close: async () => {
			faults.dispose();
			await server.close();
		},
	};
}

function runHandler(def: RouteDef, ctx: Ctx): { reply: Reply } | { error: unknown } {
	try {
		return { reply: def.handler(ctx) };
	} catch (error) {
		return { error };
	}
}

/** docs §1.1: `Api-Key: <key>` or (v10+) `Authorization: Bearer <key>`. */
function authorized(req: IncomingMessage, apiKey: string): boolean {
	const header = req.headers['api-key'];
	const key = Array.isArray(header) ? header[0] : header;
	if (key !== undefined && key === apiKey) return true;
	const auth = req.headers.authorization;
	const bearer = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
	return !!bearer && bearer[1] === apiKey;
}

export { KeitaroState } from './store';
export type { MockBehaviour } from './routes';

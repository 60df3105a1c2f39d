/**
 * Tests of the shared fault-injection layer (test/mock-servers/shared/faults.ts) and HTTP helpers,
 * on a tiny server and on the Keitaro mock, with real sockets.
 */
import axios, { type AxiosError, type AxiosInstance } from 'axios';
import * as http from 'node:http';

import { FaultInjector, TokenStore, mixSeed, mulberry32 } from '../mock-servers/shared/faults';
import {
	RequestLog,
	Router,
	pathMatches,
	readBody,
	sendJson,
	sendText,
	startHttpServer,
	type StartedServer,
} from '../mock-servers/shared/http';
import { startKeitaroMock, type KeitaroMock } from '../mock-servers/keitaro/server';

const BODY = { hello: 'world', items: Array.from({ length: 20 }, (_, i) => i) };

interface Tiny {
	server: StartedServer;
	faults: FaultInjector;
	log: RequestLog;
	tokens: TokenStore;
	clock: { now: number };
	api: AxiosInstance;
	hits: number;
}

async function startTiny(seed = 1): Promise<Tiny> {
	const faults = new FaultInjector({ seed });
	const log = new RequestLog();
	const clock = { now: 1_000_000 };
	const tokens = new TokenStore({ ttlMs: 60_000, now: () => clock.now, seed: 3 });
	faults.attachTokenStore(tokens);
	const tiny = { faults, log, tokens, clock, hits: 0 } as Tiny;
	tiny.server = await startHttpServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const entry = log.begin(req, res, url);
		await readBody(req);
		if (await faults.middleware(req, res, url.pathname, (id) => (entry.fault = id))) return;
		tiny.hits++;
		if (url.pathname === '/login') return sendJson(res, 200, tokens.issue('buyer'));
		if (url.pathname === '/secure') {
			const check = tokens.verify(req.headers['x-token'] as string | undefined);
			return check.ok
				? sendJson(res, 200, { subject: check.subject })
				: sendJson(res, 401, { reason: check.reason });
		}
		if (url.pathname === '/text') return sendText(res, 200, 'plain');
		return sendJson(res, 200, BODY);
	});
	tiny.api = axios.create({ baseURL: tiny.server.url, validateStatus: () => true, timeout: 5000 });
	return tiny;
}

/** Raw GET: status, headers and the bytes that arrived, plus how the response ended. */
function rawGet(url: string): Promise<{
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	ended: 'complete' | 'aborted' | 'error';
}> {
	return new Promise((resolve) => {
		const req = http.get(url, { agent: false }, (res) => {
			const chunks: Buffer[] = [];
			let settled = false;
			const done = (ended: 'complete' | 'aborted' | 'error') => {
				if (settled) return;
				settled = true;
				resolve({
					status: res.statusCode ?? 0,
					headers: res.headers,
					body: Buffer.concat(chunks),
					ended,
				});
			};
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => done(res.complete ? 'complete' : 'aborted'));
			res.on('aborted', () => done('aborted'));
			res.on('error', () => done('error'));
			res.on('close', () => done(res.complete ? 'complete' : 'aborted'));
		});
		req.on('error', () =>
			resolve({ status: 0, headers: {}, body: Buffer.alloc(0), ended: 'error' }),
		);
	});
}

describe('fault layer on a tiny server', () => {
	let tiny: Tiny;
	beforeEach(async () => {
		tiny = await startTiny();
	});
	afterEach(async () => {
		tiny.faults.dispose();
		await tiny.server.close();
	});

	it('answers a fixed status with a JSON body, a text body or a default body', async () => {
		tiny.faults.add({
			path: '/a',
			status: 503,
			body: { error: 'maintenance' },
			headers: { 'X-Fault': 'yes' },
		});
		tiny.faults.add({
			path: '/b',
			status: 502,
			body: '<html>Bad gateway</html>',
			contentType: 'text/html',
		});
		tiny.faults.add({ path: '/c', status: 500 });
		const a = await tiny.api.get('/a');
		expect([a.status, a.data, a.headers['x-fault']]).toEqual([
			503,
			{ error: 'maintenance' },
			'yes',
		]);
		expect(a.headers['content-type']).toMatch(/application\/json/);
		const b = await tiny.api.get('/b');
		expect([b.status, b.data, b.headers['content-type']]).toEqual([
			502,
			'<html>Bad gateway</html>',
			'text/html',
		]);
		expect((await tiny.api.get('/c')).data).toEqual({ error: 'Injected fault (500)' });
		expect((await tiny.api.get('/d')).data).toEqual(BODY);
		expect(tiny.hits).toBe(1); // faulted requests never reached the handler
	});

	it('matches by method, wildcard/param/RegExp path and predicate; first matching rule wins', async () => {
		tiny.faults.add({ method: 'POST', path: '/items/{id}', status: 409 });
		tiny.faults.add({ method: ['put', 'DELETE'], path: /^\/items\/\d+$/, status: 423 });
		tiny.faults.add({
			path: '/report/*',
			status: 429,
			match: (req) => (req.headers['x-tenant'] ?? '') === 'big',
		});
		tiny.faults.add({ path: '/items/7', status: 418 });
		expect((await tiny.api.post('/items/7')).status).toBe(409);
		expect((await tiny.api.put('/items/7')).status).toBe(423);
		expect((await tiny.api.delete('/items/7')).status).toBe(423);
		expect((await tiny.api.get('/items/7')).status).toBe(418);
		expect((await tiny.api.get('/report/daily', { headers: { 'X-Tenant': 'big' } })).status).toBe(
			429,
		);
		expect((await tiny.api.get('/report/daily')).status).toBe(200);
		expect(pathMatches('/a/*/c', '/a/b/x/c')).toBe(true);
		expect(pathMatches('/a/{x}/c', '/a/b/x/c')).toBe(false);
	});

	it('delays responses (provoking client timeouts) or lets them through after the delay', async () => {
		tiny.faults.add({ path: '/slow', delayMs: 1500, times: 1 });
		const err = await tiny.api.get('/slow', { timeout: 200 }).catch((e: AxiosError) => e);
		expect((err as AxiosError).code).toBe('ECONNABORTED');
		tiny.faults.add({ path: '/late', delayMs: 250 });
		const started = Date.now();
		const res = await tiny.api.get('/late');
		expect(Date.now() - started).toBeGreaterThanOrEqual(240);
		expect(res.data).toEqual(BODY);
		tiny.faults.add({ path: '/late-503', delayMs: 100, status: 503 });
		expect((await tiny.api.get('/late-503')).status).toBe(503);
	});

	it('adds Retry-After to a fault response or to the real response', async () => {
		tiny.faults.add({
			path: '/limited',
			status: 429,
			retryAfter: 2,
			body: { error: 'Too many requests' },
		});
		tiny.faults.add({ path: '/ok', retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' });
		const limited = await tiny.api.get('/limited');
		expect([limited.status, limited.headers['retry-after']]).toEqual([429, '2']);
		const ok = await tiny.api.get('/ok');
		expect([ok.status, ok.headers['retry-after'], ok.data]).toEqual([
			200,
			'Wed, 21 Oct 2015 07:28:00 GMT',
			BODY,
		]);
	});

	it('truncates: full Content-Length then a cut socket, or a short but complete invalid body', async () => {
		const full = Buffer.from(JSON.stringify(BODY));
		tiny.faults.add({ path: '/cut', truncate: true });
		const cut = await rawGet(`${tiny.server.url}/cut`);
		expect(cut.status).toBe(200);
		expect(Number(cut.headers['content-length'])).toBe(full.length);
		expect(cut.ended).not.toBe('complete');
		expect(cut.body.length).toBe(Math.floor(full.length / 2));
		expect(full.subarray(0, cut.body.length).equals(cut.body)).toBe(true); // a valid JSON prefix
		const axiosCut = await tiny.api.get('/cut').catch((e: AxiosError) => e);
		expect(axiosCut).toBeInstanceOf(Error);

		tiny.faults.add({ path: '/short', truncate: { at: 10, mode: 'end' } });
		const short = await rawGet(`${tiny.server.url}/short`);
		expect([short.ended, short.headers['content-length'], short.body.toString()]).toEqual([
			'complete',
			'10',
			full.subarray(0, 10).toString(),
		]);
		expect(() => JSON.parse(short.body.toString())).toThrow();

		tiny.faults.add({
			path: '/fault-cut',
			status: 500,
			body: { error: 'x'.repeat(100) },
			truncate: { at: 0.25, mode: 'end' },
		});
		const faultCut = await rawGet(`${tiny.server.url}/fault-cut`);
		expect(faultCut.status).toBe(500);
		expect(faultCut.body.length).toBe(
			Math.floor(JSON.stringify({ error: 'x'.repeat(100) }).length * 0.25),
		);
	});

	it('resets the connection without a response; the log records status 0 and the rule id', async () => {
		tiny.faults.add({ id: 'reset-once', path: '/reset', reset: true, times: 1 });
		const err = await tiny.api.get('/reset').catch((e: AxiosError) => e);
		expect(['ECONNRESET', 'ERR_BAD_RESPONSE', 'EPIPE']).toContain((err as AxiosError).code);
		expect((await tiny.api.get('/reset')).status).toBe(200);
		await new Promise((r) => setTimeout(r, 20));
		const entries = tiny.log.entries.filter((e) => e.path === '/reset');
		expect(entries.map((e) => [e.status, e.fault])).toEqual([
			[0, 'reset-once'],
			[200, undefined],
		]);
	});

	it('`times` limits a rule to the next N matching requests; handles count seen/fired; remove/clear/enabled', async () => {
		const rule = tiny.faults.add({ path: '/x', status: 503, times: 2 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await tiny.api.get('/x')).status);
		expect(statuses).toEqual([503, 503, 200, 200]);
		expect([rule.fired, rule.remaining]).toEqual([2, 0]);
		const removable = tiny.faults.add({ path: '/y', status: 500 });
		expect((await tiny.api.get('/y')).status).toBe(500);
		removable.remove();
		expect((await tiny.api.get('/y')).status).toBe(200);
		tiny.faults.add({ path: '/z', status: 500 });
		tiny.faults.enabled = false;
		expect((await tiny.api.get('/z')).status).toBe(200);
		tiny.faults.enabled = true;
		expect((await tiny.api.get('/z')).status).toBe(500);
		tiny.faults.clear();
		expect((await tiny.api.get('/z')).status).toBe(200);
		expect(tiny.faults.history.map((h) => [h.path, h.kinds])).toEqual([
			['/x', ['status']],
			['/x', ['status']],
			['/y', ['status']],
			['/z', ['status']],
		]);
		expect(() => tiny.faults.add({ path: '/p', probability: 1.5 })).toThrow();
		expect(() => tiny.faults.add({ path: '/p', times: -1 })).toThrow();
	});

	it('probability uses a seeded PRNG: same seed → same sequence, another seed → another', async () => {
		const run = async (seed: number) => {
			const t = await startTiny(seed);
			try {
				t.faults.add({ path: '/maybe', status: 503, probability: 0.3 });
				const out: number[] = [];
				for (let i = 0; i < 40; i++) out.push((await t.api.get('/maybe')).status);
				return out;
			} finally {
				await t.server.close();
			}
		};
		const a = await run(42);
		const b = await run(42);
		const c = await run(43);
		expect(a).toEqual(b);
		expect(a).not.toEqual(c);
		const failures = a.filter((s) => s === 503).length;
		expect(failures).toBeGreaterThan(3);
		expect(failures).toBeLessThan(25);
		// An explicit rule seed gives the same sequence whatever the injector seed.
		const p1 = new FaultInjector({ seed: 1 });
		const p2 = new FaultInjector({ seed: 999 });
		p1.add({ path: '*', probability: 0.5, seed: 7, status: 500 });
		p2.add({ path: '*', probability: 0.5, seed: 7, status: 500 });
		const picks = (f: FaultInjector) => Array.from({ length: 30 }, () => !!f.pick('GET', '/'));
		expect(picks(p1)).toEqual(picks(p2));
		expect(mulberry32(5)()).toBe(mulberry32(5)());
		expect(mixSeed(1, 'a')).not.toBe(mixSeed(1, 'b'));
	});

	it('token store: TTL on a simulated clock, expire on demand, and an expireTokens rule', async () => {
		const login = (await tiny.api.get('/login')).data as { token: string; expiresAt: number };
		expect(login.token).toMatch(/^[0-9a-f]{32}$/);
		const secure = () => tiny.api.get('/secure', { headers: { 'X-Token': login.token } });
		expect((await secure()).data).toEqual({ subject: 'buyer' });
		tiny.clock.now += 59_000;
		expect((await secure()).status).toBe(200);
		tiny.clock.now += 1_000;
		expect((await secure()).data).toEqual({ reason: 'expired' });
		expect((await tiny.api.get('/secure', { headers: { 'X-Token': 'nope' } })).data).toEqual({
			reason: 'unknown',
		});
		expect((await tiny.api.get('/secure')).data).toEqual({ reason: 'missing' });

		const fresh = tiny.tokens.issue('buyer').token;
		expect(tiny.tokens.verify(fresh).ok).toBe(true);
		expect(tiny.tokens.expire(fresh)).toBe(true);
		expect(tiny.tokens.verify(fresh)).toEqual({ ok: false, reason: 'expired' });
		const second = (await tiny.api.get('/login')).data as { token: string };
		tiny.faults.add({ path: '/secure', expireTokens: true, times: 1 });
		const expired = await tiny.api.get('/secure', { headers: { 'X-Token': second.token } });
		expect([expired.status, expired.data]).toEqual([401, { reason: 'expired' }]);
		const third = (await tiny.api.get('/login')).data as { token: string };
		expect((await tiny.api.get('/secure', { headers: { 'X-Token': third.token } })).status).toBe(
			200,
		);
		expect(tiny.faults.expireTokens()).toBe(1);
		expect(tiny.tokens.revoke(third.token)).toBe(true);
		expect(tiny.tokens.verify(third.token)).toEqual({ ok: false, reason: 'unknown' });
	});

	it('dispose() cancels pending delays so a server can close at once', async () => {
		tiny.faults.add({ path: '/forever', delayMs: 60_000 });
		const pending = tiny.api.get('/forever', { timeout: 2000 }).catch((e: AxiosError) => e);
		await new Promise((r) => setTimeout(r, 50));
		const started = Date.now();
		tiny.faults.dispose();
		await tiny.server.close();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await pending).toBeInstanceOf(Error);
	});
});

describe('shared HTTP helpers', () => {
	it('Router matches params, prefers static routes, restricts by regex', () => {
		const r = new Router<string>();
		r.add('GET', '/campaigns/{id:\\d+}', 'one');
		r.add('GET', '/campaigns/deleted', 'deleted');
		r.add('post', '/logs/:type', 'logs');
		expect(r.match('GET', '/campaigns/12')).toMatchObject({ handler: 'one', params: { id: '12' } });
		expect(r.match('GET', '/campaigns/deleted')?.handler).toBe('deleted');
		expect(r.match('GET', '/campaigns/abc')).toBeUndefined();
		expect(r.match('POST', '/logs/system')?.params).toEqual({ type: 'system' });
		expect(r.match('GET', '/logs/system')).toBeUndefined();
		expect(r.routes()).toHaveLength(3);
	});
});

describe('fault layer on the Keitaro mock', () => {
	let mock: KeitaroMock;
	let api: AxiosInstance;
	beforeAll(async () => {
		mock = await startKeitaroMock({ seed: 8 });
		api = axios.create({
			baseURL: mock.apiUrl,
			headers: { 'Api-Key': mock.apiKey },
			validateStatus: () => true,
			timeout: 5000,
		});
	});
	afterEach(() => mock.faults.clear());
	afterAll(() => mock.close());

	it('runs before auth and routing, and marks the request log', async () => {
		mock.requests.clear();
		mock.faults.add({
			id: 'outage',
			path: '/admin_api/v1/*',
			status: 503,
			body: { error: 'maintenance' },
			times: 1,
		});
		const res = await axios.get(`${mock.apiUrl}/nope`, { validateStatus: () => true });
		expect([res.status, res.data]).toEqual([503, { error: 'maintenance' }]);
		expect(mock.requests.entries[0]).toMatchObject({ status: 503, fault: 'outage' });
		expect((await api.get('/campaigns')).status).toBe(200);
	});

	it('truncates the real Keitaro response (valid JSON prefix, then cut)', async () => {
		const whole = JSON.stringify((await api.get('/campaigns')).data);
		mock.faults.add({ path: '/admin_api/v1/campaigns', truncate: { at: 0.5 }, times: 1 });
		const raw = await new Promise<{ length: number; body: string; complete: boolean }>(
			(resolve) => {
				const req = http.get(
					`${mock.apiUrl}/campaigns`,
					{ headers: { 'Api-Key': mock.apiKey }, agent: false },
					(res) => {
						let body = '';
						res.setEncoding('utf8');
						res.on('data', (c: string) => (body += c));
						res.on('close', () =>
							resolve({
								length: Number(res.headers['content-length']),
								body,
								complete: res.complete,
							}),
						);
					},
				);
				req.on('error', () => undefined);
			},
		);
		expect(raw.complete).toBe(false);
		expect(raw.length).toBe(Buffer.byteLength(whole));
		expect(whole.startsWith(raw.body)).toBe(true);
		expect(raw.body.length).toBeGreaterThan(0);
	});

	it('Retry-After on a 429 for the report endpoint only, once', async () => {
		mock.faults.add({
			method: 'POST',
			path: '/admin_api/v1/report/build',
			status: 429,
			retryAfter: 3,
			body: { error: 'Too many requests' },
			times: 1,
		});
		const body = { measures: ['clicks'] };
		const first = await api.post('/report/build', body);
		expect([first.status, first.headers['retry-after']]).toEqual([429, '3']);
		expect((await api.get('/campaigns')).status).toBe(200);
		expect((await api.post('/report/build', body)).status).toBe(200);
	});

	it('a reset on a create never reaches the handler (nothing is created)', async () => {
		const before = ((await api.get('/campaigns')).data as unknown[]).length;
		mock.faults.add({ method: 'POST', path: '/admin_api/v1/campaigns', reset: true, times: 1 });
		const err = await api
			.post('/campaigns', { name: 'x', alias: 'reset-1' })
			.catch((e: AxiosError) => e);
		expect(err).toBeInstanceOf(Error);
		expect(((await api.get('/campaigns')).data as unknown[]).length).toBe(before);
		expect((await api.post('/campaigns', { name: 'x', alias: 'reset-1' })).status).toBe(200);
	});
});

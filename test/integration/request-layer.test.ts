/**
 * The error table of the shared request layer, driven through the Keitaro mock over real HTTP:
 * every row has a test that proves its message, and no error ever contains the API key.
 */
import type { IDataObject } from 'n8n-workflow';

import { KeitaroApi } from '../../credentials/KeitaroApi.credentials';
import { keitaroProfile } from '../../nodes/Keitaro/transport/profile';
import type { TrackerRequest } from '../../nodes/shared/transport';
import { trackerRequest } from '../../nodes/shared/transport';
import { Harness, createContext } from '../helpers/n8n';
import { startKeitaroMock } from '../mock-servers/keitaro/server';

type Mock = Awaited<ReturnType<typeof startKeitaroMock>>;
type Err = Error & { description?: string; httpCode?: string | null; context?: IDataObject };

const FAST = { baseDelayMs: 5, maxDelayMs: 3000, maxTotalMs: 10_000 };
const collected: Err[] = [];
const keys = new Set<string>(['wrong-key-1234567']);

describe('request layer error table (Keitaro mock)', () => {
	let mock: Mock;
	beforeEach(async () => {
		mock = await startKeitaroMock();
		keys.add(mock.apiKey);
	});
	afterEach(async () => await mock.close());

	function ctxFor(creds: IDataObject = {}) {
		const harness = new Harness().addCredential(new KeitaroApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			authMode: 'apiKeyHeader',
			connectionCheck: 'done',
			...creds,
		});
		return { harness, ctx: createContext({ harness }) };
	}

	async function fails(req: Partial<TrackerRequest> & { path: string }, creds: IDataObject = {}): Promise<Err> {
		const { ctx } = ctxFor(creds);
		const err = await trackerRequest
			.call(ctx, keitaroProfile, { method: 'GET', retry: FAST, ...req } as TrackerRequest)
			.then(
				() => undefined,
				(e: unknown) => e as Err,
			);
		if (!err) throw new Error(`expected ${req.method ?? 'GET'} ${req.path} to fail`);
		collected.push(err);
		return err;
	}

	const apiRequests = () => mock.requests.entries.filter((e) => e.path.startsWith('/admin_api/'));

	it('401 → key rejected, with where to find a key', async () => {
		const err = await fails({ path: '/campaigns' }, { apiKey: 'wrong-key-1234567' });
		expect(err.message).toBe('Keitaro rejected the API key (HTTP 401)');
		expect(err.httpCode).toBe('401');
		expect(err.description).toContain('Maintenance → Users → Admin API keys');
		expect(err.description).toContain('Invalid API key');
	});

	it('402 → licence or edition', async () => {
		await mock.close();
		mock = await startKeitaroMock({ edition402: true });
		const err = await fails({ path: '/campaigns' });
		expect(err.message).toBe('Keitaro says your plan or licence does not include API access (HTTP 402)');
		expect(err.httpCode).toBe('402');
	});

	it('403 → no permission; Cloudflare 1010 → firewall', async () => {
		mock.faults.add({ path: '/admin_api/v1/domains', status: 403, body: { error: 'You have no permission to access this page', stacktrace: null }, times: 1 });
		const err = await fails({ path: '/domains' });
		expect(err.message).toBe('Keitaro refused this action for your API key (HTTP 403)');
		mock.faults.add({ path: '/admin_api/v1/offers', status: 403, body: { title: 'Error 1010: Access denied', status: 403, error_code: 1010, error_name: 'browser_signature_banned', cloudflare_error: true }, times: 1 });
		const cf = await fails({ path: '/offers' });
		expect(cf.message).toBe('A firewall in front of Keitaro blocked the request (HTTP 403)');
	});

	it('404 for an entity → "Campaign N was not found"', async () => {
		const err = await fails({ path: '/campaigns/987654', entity: { label: 'Campaign', id: 987654 } });
		expect(err.message).toBe('Campaign 987654 was not found in Keitaro (HTTP 404)');
		expect(err.httpCode).toBe('404');
	});

	it('unknown API route → wrong URL', async () => {
		const err = await fails({ path: '/no_such_thing' });
		expect(err.message).toBe('Keitaro has no API at this address (HTTP 400)');
		expect(err.description).toContain('Check the tracker URL');
	});

	it('HTML page where JSON was expected → wrong URL or path', async () => {
		const err = await fails({ path: '/campaigns' }, { url: `${mock.url}/some/site` });
		expect(err.message).toBe('Keitaro answered with a web page instead of data');
		expect(err.description).toContain('https://tracker.example.com');
	});

	it('422 and 406 validation → every field and message listed', async () => {
		const err = await fails({ method: 'POST', path: '/campaigns', body: { name: '' } });
		expect(err.httpCode).toMatch(/^(406|422)$/);
		expect(err.message).toMatch(/^Keitaro rejected the data \(HTTP (406|422)\): .*alias: /);
		expect(err.description).toMatch(/^Fix these fields and run again:\n- /);
		await mock.close();
		mock = await startKeitaroMock({ validationStatus: 406 });
		const e406 = await fails({ method: 'POST', path: '/campaigns', body: { name: 'x' } });
		expect(e406.httpCode).toBe('406');
		expect(e406.message).toContain('alias:');
	});

	it('other 400 → the tracker message', async () => {
		const err = await fails({
			method: 'POST',
			path: '/report/build',
			idempotent: true,
			body: { range: { interval: 'today' }, measures: ['clicks'], filters: [{ name: 'clicks', operator: 'BIGGER', expression: 1 }] },
		});
		expect(err.message).toMatch(/^Keitaro rejected the request \(HTTP 400\): Filter clicks contains incorrect operator/);
	});

	it('429 → retried with back-off, then a clear message; Retry-After is honoured', async () => {
		mock.faults.add({ path: '/admin_api/v1/campaigns', status: 429, body: { error: 'Too many requests' } });
		const err = await fails({ path: '/campaigns' });
		expect(err.message).toBe('Keitaro is limiting how often n8n may call it (HTTP 429)');
		expect(err.description).toContain('after 4 attempts');
		expect(apiRequests()).toHaveLength(4);

		mock.faults.clear();
		mock.requests.clear();
		mock.faults.add({ path: '/admin_api/v1/offers', status: 429, retryAfter: 1, times: 1 });
		const { ctx } = ctxFor();
		const started = Date.now();
		const offers = await trackerRequest.call(ctx, keitaroProfile, { method: 'GET', path: '/offers', retry: FAST });
		expect(Date.now() - started).toBeGreaterThanOrEqual(990);
		expect(Array.isArray(offers)).toBe(true);
		expect(apiRequests()).toHaveLength(2);
	});

	it('5xx → 502/503/504 retried then reported; 500 not retried', async () => {
		mock.faults.add({ path: '/admin_api/v1/campaigns', status: 503, body: { error: 'maintenance' } });
		const err = await fails({ path: '/campaigns' });
		expect(err.message).toBe('Keitaro had an internal error (HTTP 503)');
		expect(err.description).toContain('after 4 attempts');
		mock.faults.clear();
		mock.requests.clear();
		mock.faults.add({ path: '/admin_api/v1/campaigns', status: 500, body: { error: 'boom' } });
		const e500 = await fails({ path: '/campaigns' });
		expect(e500.message).toBe('Keitaro had an internal error (HTTP 500)');
		expect(apiRequests()).toHaveLength(1);
		mock.faults.clear();
		mock.requests.clear();
		mock.faults.add({ path: '/admin_api/v1/campaigns', status: 502, times: 2 });
		const { ctx } = ctxFor();
		await expect(trackerRequest.call(ctx, keitaroProfile, { method: 'GET', path: '/campaigns', retry: FAST })).resolves.toBeDefined();
		expect(apiRequests()).toHaveLength(3);
	});

	it('a create is not repeated after a 503 or a reset (it may have been applied)', async () => {
		mock.faults.add({ method: 'POST', path: '/admin_api/v1/campaigns', status: 503, times: 1 });
		const err = await fails({ method: 'POST', path: '/campaigns', body: { name: 'A', alias: 'a1' } });
		expect(err.httpCode).toBe('503');
		expect(apiRequests()).toHaveLength(1);
		mock.requests.clear();
		mock.faults.add({ method: 'POST', path: '/admin_api/v1/campaigns', reset: true, times: 1 });
		const reset = await fails({ method: 'POST', path: '/campaigns', body: { name: 'B', alias: 'b1' } });
		expect(reset.message).toBe('The connection to Keitaro was cut off before the answer arrived');
		expect(apiRequests()).toHaveLength(1);
	});

	it('connection refused', async () => {
		const port = Number(new URL(mock.url).port);
		await mock.close();
		const err = await fails({ path: '/campaigns' });
		expect(err.message).toBe(`Could not connect to 127.0.0.1:${port}: the connection was refused`);
		mock = await startKeitaroMock();
	});

	it('DNS name not found', async () => {
		const err = await fails({ path: '/campaigns' }, { url: 'https://tracker.invalid' });
		expect(err.message).toBe('The tracker address tracker.invalid could not be found');
	});

	it('timeout → retried, then "did not answer within N seconds"', async () => {
		mock.faults.add({ path: '/admin_api/v1/campaigns', delayMs: 1500 });
		const err = await fails({ path: '/campaigns', timeoutMs: 200, retry: { ...FAST, maxAttempts: 2 } });
		expect(err.message).toBe('Keitaro did not answer within 200 ms');
		expect(err.description).toContain('after 2 attempts');
	});

	it('connection reset on a read → retried transparently', async () => {
		mock.faults.add({ path: '/admin_api/v1/offers', reset: true, times: 2 });
		const { ctx } = ctxFor();
		const offers = await trackerRequest.call(ctx, keitaroProfile, { method: 'GET', path: '/offers', retry: FAST });
		expect(Array.isArray(offers)).toBe(true);
		expect(apiRequests()).toHaveLength(3);
	});

	it('invalid or truncated JSON → retried, then "incomplete or unreadable answer"', async () => {
		mock.faults.add({ path: '/admin_api/v1/offers', truncate: { mode: 'end' }, times: 1 });
		const { ctx } = ctxFor();
		await expect(trackerRequest.call(ctx, keitaroProfile, { method: 'GET', path: '/offers', retry: FAST })).resolves.toBeDefined();
		mock.faults.add({ path: '/admin_api/v1/campaigns', truncate: { mode: 'end' } });
		const err = await fails({ path: '/campaigns' });
		expect(err.message).toBe('Keitaro sent an incomplete or unreadable answer');
		mock.faults.clear();
		mock.faults.add({ path: '/admin_api/v1/campaigns', truncate: { mode: 'destroy' } });
		const cut = await fails({ path: '/campaigns' });
		expect(['Keitaro sent an incomplete or unreadable answer', 'The connection to Keitaro was cut off before the answer arrived']).toContain(cut.message);
	});

	it('a URL without a scheme is refused before any request', async () => {
		const err = await fails({ path: '/campaigns' }, { url: 'tracker.example.com' });
		expect(err.message).toMatch(/has no http:\/\/ or https:\/\//);
		expect(apiRequests()).toHaveLength(0);
	});

	it('an echoed key is masked', async () => {
		mock.faults.add({ path: '/admin_api/v1/offers', status: 400, body: { error: `Bad key ${mock.apiKey} in request` }, times: 1 });
		const err = await fails({ path: '/offers' });
		expect(err.message).toBe('Keitaro rejected the request (HTTP 400): Bad key *** in request');
	});

	afterAll(() => {
		// No error of this file may carry the key anywhere (message, description, context, cause).
		expect(collected.length).toBeGreaterThan(15);
		for (const err of collected) {
			const text = [err.message, err.description, JSON.stringify(err.context ?? {}), JSON.stringify(err)].join('\n');
			for (const key of keys) expect(text).not.toContain(key);
		}
	});
});

/**
 * A hostile tracker, over real HTTP on 127.0.0.1: redirects to another origin (a second server on
 * another port), slow drips, endless and compressed-bomb bodies, secrets echoed in bodies and
 * field names. For every tracker's requests and every credential test: no secret reaches the other
 * origin, every failure is one plain sentence, and no secret is anywhere in the serialized error.
 * No timed assertion: deadlines are configured small and the test only checks how each call ends.
 */
import * as zlib from 'node:zlib';

import { TrackerConnectionError, trackerRequest } from '../../nodes/shared/transport';
import { Harness, createContext } from '../helpers/n8n';
import {
	ALL_SECRETS,
	SECRET,
	TRACKERS,
	leaks,
	rejection,
	runProbe,
	serializeError,
	startHostile,
	streamOut,
	type HostileServer,
} from '../unit/transport/hostile';

const NO_RETRY = { maxAttempts: 1 };

/** The secrets this credential holds (what the tracker could know and echo). */
function secretsOf(tc: (typeof TRACKERS)[number]): string[] {
	const data = tc.data('http://127.0.0.1:1');
	return ALL_SECRETS.filter((s) => Object.values(data).includes(s));
}

describe('hostile tracker', () => {
	let tracker: HostileServer;
	let other: HostileServer;
	beforeEach(async () => {
		tracker = await startHostile();
		other = await startHostile();
	});
	afterEach(async () => {
		await tracker.close();
		await other.close();
	});

	function ctxFor(tc: (typeof TRACKERS)[number], extra = {}) {
		const harness = new Harness().addCredential(tc.credential, tc.data(tracker.url, extra));
		return { harness, ctx: createContext({ harness }) };
	}

	describe.each(TRACKERS)('$name', (tc) => {
		it.each([301, 302, 303, 307, 308])('a %s to another origin: nothing goes there, one sentence', async (status) => {
			tracker.handle((_q, res) => {
				res.writeHead(status, { Location: `${other.url}/steal?x=1` });
				res.end();
			});
			const { ctx, harness } = ctxFor(tc);
			const err = await rejection(trackerRequest.call(ctx, tc.profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY }));
			expect(err.message).toBe(`${tc.profile.name} redirected to ${other.url}/steal: check the tracker URL`);
			expect(other.received).toHaveLength(0);
			expect(tracker.received).toHaveLength(1);
			expect(leaks(serializeError(err))).toEqual([]);
			expect(leaks(harness.logs.join('\n'))).toEqual([]);
		});

		it('a POST answered 307 to another origin is not repeated there', async () => {
			tracker.handle((_q, res) => {
				res.writeHead(307, { Location: `${other.url}/steal` });
				res.end();
			});
			const { ctx } = ctxFor(tc);
			const err = await rejection(
				trackerRequest.call(ctx, tc.profile, { method: 'POST', path: '/x', body: { a: 1 }, idempotent: true, retry: NO_RETRY }),
			);
			expect(err.message).toMatch(/redirected to .*: check the tracker URL$/);
			expect(other.received).toHaveLength(0);
		});

		it('the credential test refuses a redirect to another origin too', async () => {
			tracker.handle((_q, res) => {
				res.writeHead(302, { Location: `${other.url}/login` });
				res.end();
			});
			const harness = new Harness();
			const err = await rejection(runProbe(harness, tc, tc.data(tracker.url)));
			expect(err).toBeInstanceOf(TrackerConnectionError);
			expect(err.message).toContain(`redirected to ${other.url}/login: check the tracker URL`);
			expect(other.received).toHaveLength(0);
			expect(leaks(serializeError(err))).toEqual([]);
		});

		it('a same-origin redirect of a GET is followed (with the key, to the same origin only)', async () => {
			tracker.handle((req, res) => {
				if (!req.url?.includes('/moved')) {
					res.writeHead(302, { Location: '/moved/here' });
					res.end();
					return;
				}
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('[{"id":1}]');
			});
			const { ctx } = ctxFor(tc);
			await expect(trackerRequest.call(ctx, tc.profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY })).resolves.toEqual([{ id: 1 }]);
			expect(tracker.received.map((r) => r.url.split('?')[0])).toEqual([expect.stringContaining('/campaigns'), '/moved/here']);
		});

		it('an error body that echoes every secret, in text and as a 422 field name, leaks nothing', async () => {
			tracker.handle((_q, res) => {
				const body: Record<string, string[]> = {};
				for (const s of secretsOf(tc)) body[s] = [`bad value ${s}`];
				res.writeHead(422, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(body));
			});
			const { ctx } = ctxFor(tc);
			const err = await rejection(trackerRequest.call(ctx, tc.profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY }));
			expect(err.message).toMatch(/rejected the data/);
			expect(leaks(serializeError(err))).toEqual([]);
		});

		it('the credential test keeps no raw body on TrackerConnectionError', async () => {
			tracker.handle((_q, res) => {
				res.writeHead(401, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: `Invalid key ${secretsOf(tc).join(' ')}` }));
			});
			const err = await rejection(runProbe(new Harness(), tc, tc.data(tracker.url)));
			expect(err).toBeInstanceOf(TrackerConnectionError);
			const failure = (err as unknown as TrackerConnectionError).trackerFailure;
			expect(failure.trackerMessage).toContain('Invalid key ***');
			expect(leaks(serializeError(err))).toEqual([]);
		});
	});

	it('http → https on the same host: the sentence says to use https', async () => {
		const tc = TRACKERS[0];
		const httpsUrl = tracker.url.replace('http://', 'https://');
		tracker.handle((_q, res) => {
			res.writeHead(301, { Location: `${httpsUrl}/admin_api/v1/campaigns` });
			res.end();
		});
		const { ctx } = ctxFor(tc);
		const err = await rejection(trackerRequest.call(ctx, tc.profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY }));
		expect(err.message).toBe(`Keitaro redirected to ${httpsUrl}/admin_api/v1/campaigns: check the tracker URL`);
		expect(err.description).toContain('start with https://');
	});

	it('a same-origin 302 on a POST is not turned into a GET: refused, one request', async () => {
		const tc = TRACKERS[0];
		tracker.handle((_q, res) => {
			res.writeHead(302, { Location: '/elsewhere' });
			res.end();
		});
		const { ctx } = ctxFor(tc);
		const err = await rejection(trackerRequest.call(ctx, tc.profile, { method: 'POST', path: '/campaigns', body: { name: 'x' }, retry: NO_RETRY }));
		expect(err.message).toMatch(/^Keitaro redirected to http:\/\/127\.0\.0\.1:\d+\/elsewhere: check the tracker URL$/);
		expect(tracker.received).toHaveLength(1);
	});

	it('a redirect loop on the same origin stops with a sentence', async () => {
		const tc = TRACKERS[0];
		let n = 0;
		tracker.handle((_q, res) => {
			res.writeHead(302, { Location: `/loop/${++n}` });
			res.end();
		});
		const { ctx } = ctxFor(tc);
		const err = await rejection(trackerRequest.call(ctx, tc.profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY }));
		expect(err.message).toBe('Keitaro redirected the request too many times');
		expect(tracker.received.length).toBeLessThanOrEqual(6);
	});

	describe('deadlines', () => {
		it('headers, then one byte at a time: the overall deadline ends it', async () => {
			tracker.handle(async (_q, res) => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.write('[');
				const tick = setInterval(() => (res.destroyed ? clearInterval(tick) : res.write(' ')), 50);
				res.on('close', () => clearInterval(tick));
			});
			const { ctx } = ctxFor(TRACKERS[0]);
			const err = await rejection(
				trackerRequest.call(ctx, TRACKERS[0].profile, { method: 'GET', path: '/campaigns', timeoutMs: 400, retry: NO_RETRY }),
			);
			expect(err.message).toBe('Keitaro did not answer within 400 ms');
		});

		it('no headers at all: the deadline ends it', async () => {
			tracker.handle(() => new Promise(() => undefined));
			const { ctx } = ctxFor(TRACKERS[0]);
			const err = await rejection(
				trackerRequest.call(ctx, TRACKERS[0].profile, { method: 'GET', path: '/campaigns', timeoutMs: 300, retry: NO_RETRY }),
			);
			expect(err.message).toBe('Keitaro did not answer within 300 ms');
		});

		it('a timeout is retried for a read, within the retry budget', async () => {
			let n = 0;
			tracker.handle((_q, res) => {
				if (++n === 1) return new Promise(() => undefined);
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('[]');
				return undefined;
			});
			const { ctx } = ctxFor(TRACKERS[0]);
			await expect(
				trackerRequest.call(ctx, TRACKERS[0].profile, {
					method: 'GET',
					path: '/campaigns',
					timeoutMs: 300,
					retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxTotalMs: 10_000 },
				}),
			).resolves.toEqual([]);
		});

		it('the credential test has a deadline too', async () => {
			tracker.handle(async (_q, res) => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.write('[');
			});
			const tc = TRACKERS[0];
			const err = await rejection(
				(async () => {
					const { probeTracker } = await import('../../nodes/shared/transport');
					const harness = new Harness();
					return await probeTracker(
						{ helpers: { httpRequest: (o) => harness.httpRequest(o) } } as Parameters<typeof probeTracker>[0],
						{ tracker: 'Keitaro', rawUrl: tracker.url, apiBasePath: '/admin_api/v1', path: '/groups', secrets: [SECRET.apiKey], timeoutMs: 300 },
					);
				})(),
			);
			expect(err.message).toContain('Keitaro did not answer within 300 ms');
			expect(tc.name).toBe('Keitaro');
		});
	});

	describe('size caps', () => {
		it('a 700 MB streamed body is cut at the cap: the server could write only a little of it', async () => {
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			tracker.handle(async (_q, res, server) => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				await streamOut(res, server, chunk, 700 * 1024 * 1024);
			});
			const { ctx } = ctxFor(TRACKERS[0]);
			const err = await rejection(
				trackerRequest.call(ctx, TRACKERS[0].profile, {
					method: 'GET',
					path: '/campaigns',
					maxResponseBytes: 1024 * 1024,
					retry: NO_RETRY,
				}),
			);
			expect(err.message).toBe('Keitaro sent an answer larger than the limit (1 MB)');
			// Socket buffers hold a few MB at most; the 700 MB body was never sent, let alone kept.
			expect(tracker.bytesWritten).toBeLessThan(64 * 1024 * 1024);
			expect((err as unknown as { errorResponse?: Record<string, unknown> }).errorResponse?.maxResponseBytes).toBe(1024 * 1024);
		});

		it('a gzip bomb (small on the wire, huge inflated) is cut at the cap after inflating', async () => {
			const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
			expect(bomb.length).toBeLessThan(1024 * 1024);
			tracker.handle((_q, res) => {
				res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(bomb.length) });
				res.end(bomb);
			});
			const { ctx } = ctxFor(TRACKERS[0]);
			const err = await rejection(
				trackerRequest.call(ctx, TRACKERS[0].profile, {
					method: 'GET',
					path: '/campaigns',
					maxResponseBytes: 2 * 1024 * 1024,
					retry: NO_RETRY,
				}),
			);
			expect(err.message).toBe('Keitaro sent an answer larger than the limit (2 MB)');
		});

		it('the credential test caps the answer as well', async () => {
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			tracker.handle(async (_q, res, server) => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				await streamOut(res, server, chunk, 700 * 1024 * 1024);
			});
			const { probeTracker } = await import('../../nodes/shared/transport');
			const harness = new Harness();
			const err = await rejection(
				probeTracker({ helpers: { httpRequest: (o) => harness.httpRequest(o) } } as Parameters<typeof probeTracker>[0], {
					tracker: 'Keitaro',
					rawUrl: tracker.url,
					apiBasePath: '/admin_api/v1',
					path: '/groups',
					secrets: [SECRET.apiKey],
					maxResponseBytes: 512 * 1024,
				}),
			);
			expect(err.message).toContain('Keitaro sent an answer larger than the limit (512 kB)');
			expect(tracker.bytesWritten).toBeLessThan(64 * 1024 * 1024);
		});

		it('an error body of 5 MB is read only up to 256 kB and the message stays short', async () => {
			const chunk = Buffer.alloc(64 * 1024, 0x61);
			tracker.handle(async (_q, res, server) => {
				res.writeHead(400, { 'Content-Type': 'text/plain' });
				await streamOut(res, server, chunk, 5 * 1024 * 1024);
			});
			const { ctx } = ctxFor(TRACKERS[0]);
			const err = await rejection(trackerRequest.call(ctx, TRACKERS[0].profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY }));
			expect(err.message.length).toBeLessThan(500);
			expect(err.message).toMatch(/^Keitaro rejected the request \(HTTP 400\)/);
		});
	});

	describe('messages', () => {
		it('a tracker 400 listing 2,000 characters: message trimmed, full text in trackerDetail without secrets', async () => {
			const long = `Unknown measure. Valid measures: ${Array.from({ length: 200 }, (_, i) => `measure_${i}`).join(', ')} key=${SECRET.apiKey}`;
			expect(long.length).toBeGreaterThan(2000);
			tracker.handle((_q, res) => {
				res.writeHead(400, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: long }));
			});
			const { ctx } = ctxFor(TRACKERS[0]);
			const err = await rejection(trackerRequest.call(ctx, TRACKERS[0].profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY }));
			expect(err.message.length).toBeLessThan(450);
			expect(err.message).toContain('full text in the error details');
			const detail = (err as unknown as { errorResponse: { trackerDetail: string } }).errorResponse.trackerDetail;
			expect(detail).toContain('measure_199');
			expect(leaks(serializeError(err))).toEqual([]);
		});

		it('a password in the tracker URL never appears (connection refused, DNS, credential test)', async () => {
			const dead = await startHostile();
			const deadUrl = dead.url;
			await dead.close();
			const withUser = deadUrl.replace('http://', `http://${SECRET.urlUser}:${SECRET.urlPassword}@`);
			const tc = TRACKERS[0];
			const harness = new Harness().addCredential(tc.credential, tc.data(withUser));
			const ctx = createContext({ harness });
			const err = await rejection(trackerRequest.call(ctx, tc.profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY }));
			expect(err.message).toBe(`Could not connect to ${deadUrl.replace('http://', '')}: the connection was refused`);
			expect(leaks(serializeError(err))).toEqual([]);
			const dns = new Harness().addCredential(tc.credential, tc.data(`http://${SECRET.urlUser}:${SECRET.urlPassword}@tracker.invalid`));
			const err2 = await rejection(trackerRequest.call(createContext({ harness: dns }), tc.profile, { method: 'GET', path: '/campaigns', retry: NO_RETRY }));
			expect(err2.message).toBe('The tracker address tracker.invalid could not be found');
			expect(leaks(serializeError(err2))).toEqual([]);
			const err3 = await rejection(runProbe(new Harness(), tc, tc.data(withUser)));
			expect(err3.message).toContain(`Could not connect to ${deadUrl.replace('http://', '')}`);
			expect(leaks(serializeError(err3))).toEqual([]);
		});
	});
});

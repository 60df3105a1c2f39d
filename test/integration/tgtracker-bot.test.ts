/**
 * TG Tracker node, bot API operations (User → Get Info, Goal → Reach Goal) against the bot API
 * mock over real HTTP, under every switch the mock offers for what TGTrack's docs leave open
 * (error style, "no such user" shape, value types, left_date after a re-join, the reach-goal
 * answer); the write guard (read-only credential, sample items, Act on Sample Items), Dry Run,
 * continueOnFail/pairedItem; which key reaches which host; and the bot key — which sits in the URL
 * path — absent from every error, log line and output item under forced 4xx/5xx/network
 * errors/timeouts.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	startTgTrackerMock,
	type TgBotOptions,
	type TgTrackerMock,
	type TgTrackerMockOptions,
} from '../mock-servers/tgtracker/server';
import { runTgTracker as run } from '../helpers/tgtracker';
import { serializeError } from '../unit/transport/hostile';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const info = (userId: number | string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'user',
	operation: 'getInfo',
	userId: String(userId),
	...extra,
});
const goal = (userId: number | string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'goal',
	operation: 'reachGoal',
	userId: String(userId),
	goal: 'purchase',
	...extra,
});

describe('TG Tracker bot API operations (mock, beta)', () => {
	let mock: TgTrackerMock;
	// A: joined, left, joined again; B: joined and left; C: joined.
	let A: number, B: number, C: number;
	const start = async (bot: TgBotOptions = {}, extra: TgTrackerMockOptions = {}) => {
		mock = await startTgTrackerMock({
			seedData: false,
			now: T0,
			rateLimit: false,
			bot,
			...extra,
		});
		A = mock.state.addJoin({
			at: T0 - 10 * H,
			utm: { source: 'yandex', campaign: 'spring' },
		}).userID;
		mock.state.addLeave(A, { at: T0 - 8 * H });
		mock.state.addJoin({ userID: A, at: T0 - 2 * H, utm: { source: 'vk' } });
		B = mock.state.addJoin({ at: T0 - 9 * H, utm: { source: 'vk', medium: 'cpm' } }).userID;
		mock.state.addLeave(B, { at: T0 - 3 * H, status: -1 });
		C = mock.state.addJoin({ at: T0 - 1 * H }).userID;
		mock.profiles.set(C, { first_name: 'Анна', username: 'anna_k', invite_link: 'Яндекс.Директ' });
	};
	afterEach(async () => await mock?.close());

	const botEntries = () => mock.requests.entries.filter((e) => e.path.startsWith('/v1/'));
	const reportEntries = () => mock.requests.entries.filter((e) => e.path.startsWith('/api/'));

	describe('User → Get Info', () => {
		const cells: TgBotOptions[] = [];
		for (const errors of ['http', 'envelope'] as const)
			for (const valueTypes of ['numbers', 'strings'] as const)
				for (const leftDate of ['latest', 'lastLeave'] as const)
					cells.push({ errors, valueTypes, leftDate });

		it.each(cells)('is exact under %j', async (cell) => {
			await start(cell);
			const a = await run(mock, info(A));
			expect(a.error).toBeUndefined();
			expect(a.output).toEqual([
				{
					json: {
						tracker: 'tgtracker',
						userId: String(A),
						subscribed: true,
						firstJoinTime: iso(T0 - 10 * H),
						lastJoinTime: iso(T0 - 2 * H),
						leftTime: cell.leftDate === 'latest' ? null : iso(T0 - 8 * H),
						source: 'yandex',
						firstName: `User ${A}`,
						username: `user${A}`,
						utm: { source: 'yandex', medium: '', campaign: 'spring' },
					},
					pairedItem: { item: 0 },
				},
			]);
			const b = await run(mock, info(B));
			expect(b.output[0].json).toMatchObject({
				subscribed: false,
				lastJoinTime: iso(T0 - 9 * H),
				leftTime: iso(T0 - 3 * H),
			});
			const c = await run(mock, info(C));
			expect(c.output[0].json).toMatchObject({
				subscribed: true,
				leftTime: null,
				source: 'Яндекс.Директ',
				firstName: 'Анна',
				username: 'anna_k',
			});
			const sent = botEntries();
			expect(sent).toHaveLength(3);
			for (const e of sent) {
				expect(e.method).toBe('POST');
				expect(e.path).toBe(`/v1/${mock.botApiKey}/get_user_info`);
				expect(e.headers['content-type']).toMatch(/application\/json/);
			}
			expect(sent.map((e) => e.body)).toEqual([
				{ user_id: String(A) },
				{ user_id: String(B) },
				{ user_id: String(C) },
			]);
		});

		it('Simplify off gives the data object as TGTrack sent it; Include Raw Fields adds it', async () => {
			await start({ valueTypes: 'strings' });
			const raw = await run(mock, info(C, { simplify: false }));
			expect(raw.output[0].json).toMatchObject({
				user_id: String(C),
				first_join_date: String((T0 - H) / 1000),
				left_date: '0',
			});
			const both = await run(mock, info(C, { includeRaw: true }));
			expect(both.output[0].json).toMatchObject({ userId: String(C), raw: { user_id: String(C) } });
		});

		const notFound: TgBotOptions[] = [];
		for (const errors of ['http', 'envelope'] as const)
			for (const userNotFound of ['error', 'nullData', 'emptyArray'] as const)
				notFound.push({ errors, userNotFound });
		it.each(notFound)(
			'an unknown user fails with a sentence naming the user under %j',
			async (cell) => {
				await start(cell);
				const r = await run(mock, info(999_000_111));
				expect(r.error).toBeDefined();
				expect(r.error?.message).toMatch(/999000111/);
				expect(r.error?.message).not.toMatch(/undefined|\[object/);
				const soft = await run(mock, info(999_000_111), { continueOnFail: true });
				expect(soft.output).toHaveLength(1);
				expect(soft.output[0].pairedItem).toEqual({ item: 0 });
				expect(String(soft.output[0].json.error)).toMatch(/999000111/);
			},
		);

		it('a surprise in the answer names the field (zod at the boundary)', async () => {
			await start();
			const path = `/v1/${mock.botApiKey}/get_user_info`;
			mock.faults.add({
				path,
				status: 200,
				body: { status: 'OK', data: { user_id: String(C) } },
				times: 1,
			});
			const r = await run(mock, info(C));
			expect(r.error?.message).toBe(
				'TG Tracker answered POST /v1/{bot key}/get_user_info with an unexpected shape: first_join_date is missing',
			);
			mock.faults.add({ path, status: 200, body: { data: {} }, times: 1 });
			expect((await run(mock, info(C))).error?.message).toMatch(/unexpected shape: status/);
			mock.faults.add({
				path,
				status: 200,
				body: { status: 'OK', data: { user_id: 5, first_join_date: 'yesterday' } },
				times: 1,
			});
			expect((await run(mock, info(C))).error?.message).toMatch(
				/first_join_date: is not a unix time$/,
			);
			mock.faults.add({
				path,
				status: 200,
				body: { status: 'OK', data: { user_id: 5, first_join_date: 1 } },
				times: 1,
			});
			expect((await run(mock, info(C))).error?.message).toMatch(/for user 5 instead of/);
		});

		it.each(['', 'abc', '12a', '-5', '0', '1.5', '1'.repeat(21), '1 2', '../1'])(
			'User ID %j is refused before anything is sent',
			async (userId) => {
				await start();
				const r = await run(mock, info(userId));
				expect(r.error?.message).toMatch(/^User ID ".*" is not a Telegram user ID$/);
				expect(mock.requests.entries).toHaveLength(0);
			},
		);
	});

	describe('Goal → Reach Goal', () => {
		const cells: TgBotOptions[] = [];
		for (const errors of ['http', 'envelope'] as const)
			for (const goalAnswer of ['ok', 'okData', 'empty', 'text'] as const)
				cells.push({ errors, goalAnswer });

		it.each(cells)('sends user_id and target once and reports it under %j', async (cell) => {
			await start(cell);
			const r = await run(mock, goal(C, { goal: '  Покупка курса ' }));
			expect(r.error).toBeUndefined();
			expect(r.output).toEqual([
				{
					json: {
						tracker: 'tgtracker',
						userId: String(C),
						goal: 'Покупка курса',
						sent: true,
						answer: cell.goalAnswer === 'okData' ? true : null,
					},
					pairedItem: { item: 0 },
				},
			]);
			expect(mock.goals).toEqual([{ userId: String(C), target: 'Покупка курса', at: T0 }]);
			const sent = botEntries();
			expect(sent.map((e) => [e.method, e.path, e.body])).toEqual([
				[
					'POST',
					`/v1/${mock.botApiKey}/send_reach_goal`,
					{ user_id: String(C), target: 'Покупка курса' },
				],
			]);
		});

		it.each(['http', 'envelope'] as const)(
			'a goal the tracker refuses fails with its words and is not retried (errors %s)',
			async (errors) => {
				await start({ errors, goalUnknownUser: 'reject' });
				const r = await run(mock, goal(123_456));
				expect(r.error?.message).toMatch(/123456/);
				expect(botEntries()).toHaveLength(1);
				expect(mock.goals).toEqual([]);
				await mock.close();
				await start({ errors });
				mock.faults.add({ path: '/v1/*/send_reach_goal', status: 503, body: 'busy' });
				const busy = await run(mock, goal(C));
				expect(busy.error?.httpCode).toBe('503');
				expect(botEntries()).toHaveLength(1);
			},
		);

		it('refuses an empty goal or one with a line break before anything is sent', async () => {
			await start();
			expect((await run(mock, goal(C, { goal: '  ' }))).error?.message).toBe('Goal is empty');
			expect((await run(mock, goal(C, { goal: 'a\nb' }))).error?.message).toMatch(
				/^Goal must be one line/,
			);
			expect((await run(mock, goal(C, { goal: 'x'.repeat(300) }))).error?.message).toMatch(
				/^Goal must be one line/,
			);
			expect(mock.requests.entries).toHaveLength(0);
		});

		it('Dry Run sends nothing and shows the request without the key', async () => {
			await start();
			const r = await run(mock, goal(C, { dryRun: true }));
			expect(r.output[0].json).toEqual({
				tracker: 'tgtracker',
				userId: String(C),
				goal: 'purchase',
				dryRun: true,
				wouldSend: {
					request: 'POST /v1/{bot key}/send_reach_goal',
					body: { user_id: String(C), target: 'purchase' },
				},
			});
			expect(mock.requests.entries).toHaveLength(0);
			expect(JSON.stringify(r.output)).not.toContain(mock.botApiKey);
		});

		it('write guard: a read-only credential refuses with a sentence and sends nothing', async () => {
			await start();
			const r = await run(mock, goal(C), { credential: { allowWriteOperations: false } });
			expect(r.error?.message).toBe(
				'Refused to reach a goal for a user: this TG Tracker credential is read-only ("Allow Write Operations" is off)',
			);
			expect(mock.requests.entries).toHaveLength(0);
			// Get Info is a read: the same credential may run it.
			expect(
				(await run(mock, info(C), { credential: { allowWriteOperations: false } })).error,
			).toBeUndefined();
		});

		it('sample items are refused per item unless Act on Sample Items is on (continueOnFail, pairedItem)', async () => {
			await start();
			const items = [{ json: { _sample: true } }, { json: {} }];
			const r = await run(mock, goal(C), { items, continueOnFail: true });
			expect(r.output).toHaveLength(2);
			expect(r.output[0]).toMatchObject({
				pairedItem: { item: 0 },
				json: { error: expect.stringMatching(/sample data/) },
			});
			expect(r.output[1]).toMatchObject({ pairedItem: { item: 1 }, json: { sent: true } });
			expect(mock.goals).toHaveLength(1);
			const strict = await run(mock, goal(C), { items });
			expect(strict.error?.message).toMatch(/input item 1 is sample data/);
			expect(mock.goals).toHaveLength(1);
			const allowed = await run(mock, goal(C, { actOnSampleItems: true }), { items });
			expect(allowed.error).toBeUndefined();
			expect(mock.goals).toHaveLength(3);
		});
	});

	describe('keys and hosts', () => {
		it('an empty Bot API Key refuses with a sentence naming the field and sends nothing', async () => {
			await start();
			for (const params of [info(C), goal(C)]) {
				const r = await run(mock, params, { credential: { botApiKey: '' } });
				expect(r.error?.message).toBe(
					'The Bot API Key field of the TG Tracker credential is empty',
				);
				expect(r.error?.description).toMatch(/separate key from the reports key/);
			}
			expect(mock.requests.entries).toHaveLength(0);
		});

		it.each(['bearer', 'query'])(
			'the reports key never reaches the bot host and the bot key never reaches the reports host (%s)',
			async (authMode) => {
				await start();
				const credential = { authMode, connectionCheck: '' };
				await run(mock, info(C), { credential });
				await run(mock, goal(C), { credential });
				await run(mock, { resource: 'tag', operation: 'getAll', returnAll: true }, { credential });
				expect(botEntries()).toHaveLength(2);
				expect(reportEntries().length).toBeGreaterThanOrEqual(2);
				for (const e of botEntries()) {
					expect(JSON.stringify([e.path, e.query, e.headers, e.body])).not.toContain(mock.apiKey);
				}
				for (const e of reportEntries()) {
					expect(JSON.stringify([e.path, e.query, e.headers, e.body])).not.toContain(
						mock.botApiKey,
					);
				}
			},
		);

		it('a wrong bot key is refused by the tracker, without the key anywhere (both error styles)', async () => {
			for (const errors of ['http', 'envelope'] as const) {
				await start({ errors });
				const wrong = 'wrong-bot-key-8e1f2a';
				const r = await run(mock, info(C), { credential: { botApiKey: wrong } });
				expect(r.error).toBeDefined();
				expect(serializeError(r.error)).not.toContain(wrong);
				expect(r.harness.logs.join('\n')).not.toContain(wrong);
				await mock.close();
			}
		});
	});

	describe('the bot key (in the URL path) in no error, log line or output item', () => {
		// Characters that need URL encoding: the key travels encoded, and both forms are masked.
		const KEY = 'BOTKEY-s3cr3t/+ ?&=x9';
		const ENC = encodeURIComponent(KEY);
		const REPORT_KEY = 'REPORTKEY-s3cr3t-41d';

		const forced: Array<[string, (m: TgTrackerMock, path: string) => void]> = [
			[
				'401 echoing the key',
				(m, p) =>
					m.faults.add({
						path: p,
						status: 401,
						body: { status: 'ERROR', error: `bad key ${KEY} at /v1/${ENC}/x` },
					}),
			],
			[
				'403 text with the path',
				(m, p) =>
					m.faults.add({ path: p, status: 403, body: `forbidden /v1/${ENC}/get_user_info ${KEY}` }),
			],
			[
				'404 HTML page',
				(m, p) =>
					m.faults.add({
						path: p,
						status: 404,
						contentType: 'text/html',
						body: `<html><body>No route /v1/${ENC}/</body></html>`,
					}),
			],
			[
				'500 JSON with the URL',
				(m, p) =>
					m.faults.add({
						path: p,
						status: 500,
						body: {
							error: `crash in https://bot-api.tgtrack.ru/v1/${ENC}/get_user_info`,
							key: KEY,
						},
					}),
			],
			['502 plain text', (m, p) => m.faults.add({ path: p, status: 502, body: `upstream ${KEY}` })],
			[
				'200 ERROR envelope echoing the key',
				(m, p) =>
					m.faults.add({
						path: p,
						status: 200,
						body: { status: 'ERROR', error: `key ${KEY} revoked` },
					}),
			],
			[
				'200 not JSON',
				(m, p) => m.faults.add({ path: p, status: 200, body: `key=${KEY}; path=/v1/${ENC}/` }),
			],
			[
				'redirect to another host with the key',
				(m, p) =>
					m.faults.add({
						path: p,
						status: 302,
						headers: { Location: `http://127.0.0.1:9/v1/${ENC}/get_user_info` },
					}),
			],
			[
				'same-origin redirect to a page echoing the key',
				(m, p) =>
					m.faults.add({ path: p, status: 307, headers: { Location: `/elsewhere/${ENC}` } }),
			],
			['connection reset', (m, p) => m.faults.add({ path: p, reset: true })],
			['timeout', (m, p) => m.faults.add({ path: p, delayMs: 4000 })],
		];

		it.each(
			forced.flatMap(([name, add]) => [
				['User → Get Info', name, add] as const,
				['Goal → Reach Goal', name, add] as const,
			]),
		)(
			'%s, %s',
			async (opName, _name, add) => {
				await start({}, { botApiKey: KEY, apiKey: REPORT_KEY });
				const isGoal = opName.startsWith('Goal');
				add(mock, isGoal ? '/v1/*/send_reach_goal' : '/v1/*/get_user_info');
				const params = (isGoal ? goal : info)(C, { options: { timeout: 1 } });
				const credential = { botApiKey: KEY, apiKey: REPORT_KEY };
				const r = await run(mock, params, { credential });
				expect(r.error).toBeDefined();
				const soft = await run(mock, params, { credential, continueOnFail: true });
				expect(soft.output).toHaveLength(1);
				expect(soft.output[0].json.error).toBeDefined();
				const everything = [
					serializeError(r.error),
					String(r.error?.description ?? ''),
					String(r.error?.stack ?? ''),
					r.harness.logs.join('\n'),
					soft.harness.logs.join('\n'),
					JSON.stringify(soft.output),
				].join('\n');
				for (const secret of [KEY, ENC, 'BOTKEY-s3cr3t', REPORT_KEY])
					expect(everything).not.toContain(secret);
				// The key reached the bot host only, encoded in the path (never in a query or header).
				for (const e of botEntries()) {
					expect(e.path.startsWith(`/v1/${ENC}/`)).toBe(true);
					expect(JSON.stringify([e.query, e.headers])).not.toContain('BOTKEY');
				}
			},
			120_000,
		);
	});
});

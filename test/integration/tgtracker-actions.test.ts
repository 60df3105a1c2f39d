/**
 * TG Tracker action node (beta) against the TGTrack reports mock over real HTTP: subscriber joins
 * and leaves of a period (time paging that is exact when the server caps the limit silently, and
 * under each date format the mock offers), tags, the CSV boundary check, continueOnFail and the
 * conformance count.
 */
import type { INodeParameters } from 'n8n-workflow';

import { resources } from '../../nodes/TgTracker/actions';
import { listActionOperations } from '../../nodes/shared/actions';
import {
	startTgTrackerMock,
	type TgTrackerMock,
	type TgTrackerMockOptions,
} from '../mock-servers/tgtracker/server';
import { undeclaredCalls, type RunOptions } from '../helpers/run-action';
import { runTgTracker, type TgRun } from '../helpers/tgtracker';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
const MIN = 60_000;

const run = async (mock: TgTrackerMock, parameters: INodeParameters, options: RunOptions = {}) =>
	await runTgTracker(mock, parameters, {
		...options,
		credential: { authMode: 'query', ...options.credential },
	});
const json = (r: TgRun) => r.output.map((o) => o.json);

describe('TG Tracker node (mock, beta)', () => {
	let mock: TgTrackerMock;
	const start = async (options: TgTrackerMockOptions = {}) => {
		mock = await startTgTrackerMock({ seedData: false, now: T0, rateLimit: false, ...options });
		// 12 joins a minute apart, 3 of them leave later; two joins share a second.
		const members = Array.from({ length: 12 }, (_, k) =>
			mock.state.addJoin({
				at: T0 - 3 * 3600_000 + k * MIN,
				utm: { source: 'yandex', campaign: `c${k % 2}` },
			}),
		);
		mock.state.addJoin({ at: T0 - 3 * 3600_000 + 11 * MIN });
		members
			.slice(0, 3)
			.forEach((m, k) => mock.state.addLeave(m.userID, { at: T0 - 3600_000 + k * 1000 }));
	};
	afterEach(async () => await mock.close());

	const subs = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'subscriber',
		operation: 'getAll',
		from: '2025-06-16',
		to: '2025-06-16',
		timezone: 'UTC',
		returnAll: true,
		...extra,
	});

	it.each([
		['unix', 10_000],
		['unixMs', 10_000],
		['date', 10_000],
		['unix', 4],
	] as const)(
		'returns every join and leave of the period once (dates %s, server cap %s)',
		async (dateFormat, maxLimit) => {
			await start({ dateFormat, maxLimit });
			const r = await run(mock, subs());
			expect(r.error).toBeUndefined();
			const rows = json(r);
			expect(rows).toHaveLength(16);
			expect(new Set(rows.map((x) => x.eventId)).size).toBe(16);
			expect(rows.filter((x) => x.subscribed === true)).toHaveLength(13);
			const first = rows[0];
			expect(first).toMatchObject({
				tracker: 'tgtracker',
				status: 'approved',
				joinTime: new Date(T0 - 3 * 3600_000).toISOString(),
				utm: { source: 'yandex', campaign: 'c0' },
			});
			if (maxLimit < 16) expect(r.calls.length).toBeGreaterThan(4);
		},
	);

	it('filters joins or leaves, honours Limit, and Simplify off gives the CSV rows', async () => {
		await start();
		expect(json(await run(mock, subs({ events: 'leave' })))).toHaveLength(3);
		const two = json(await run(mock, subs({ returnAll: false, limit: 2, simplify: false })));
		expect(two).toHaveLength(2);
		expect(Object.keys(two[0])).toEqual(
			expect.arrayContaining(['userID', 'status', 'joinDate', 'eventDate']),
		);
		const empty = await run(mock, subs({ from: '2025-06-10', to: '2025-06-11' }));
		expect(json(empty)).toEqual([]);
		expect(empty.calls).toEqual(['GET /get_chat_members.php']);
	});

	it('reads From/To in the time zone given and sends unix seconds', async () => {
		await start();
		await run(
			mock,
			subs({ from: '2025-06-16 09:00:00', to: '2025-06-16 09:05:00', timezone: 'Europe/Moscow' }),
		);
		const sent = mock.requests.entries.find((e) => e.path === '/api/get_chat_members.php');
		expect(sent?.query).toMatchObject({
			date_from: String(Date.UTC(2025, 5, 16, 6) / 1000),
			date_to: String(Date.UTC(2025, 5, 16, 6, 5) / 1000),
			ver: '1.0',
			platform: 'api',
			format: 'csv',
		});
	});

	it('a CSV without the expected columns, or a web page, fails with a sentence', async () => {
		await start();
		mock.faults.add({
			path: '/api/get_chat_members.php',
			status: 200,
			body: 'a,b\n1,2\n',
			times: 1,
		});
		const r = await run(mock, subs());
		expect(r.error?.message).toMatch(/without the column userID, status/);
		const bad = await run(mock, subs(), { credential: { url: `${mock.url}/somewhere` } });
		expect(bad.error).toBeDefined();
	});

	it('Tag → Get Many lists the labels', async () => {
		await start();
		const r = await run(mock, { resource: 'tag', operation: 'getAll', returnAll: true });
		expect(json(r)).toEqual(
			mock.state.tags.map((t) => ({
				tracker: 'tgtracker',
				labelId: String(t.labelID),
				name: t.name,
			})),
		);
	});

	it('with Continue On Fail a wrong key gives an error item paired with the input, without the key', async () => {
		await start();
		const r = await run(mock, subs(), {
			continueOnFail: true,
			credential: { apiKey: 'wrong-key-123456' },
		});
		expect(r.output).toHaveLength(1);
		expect(r.output[0]).toMatchObject({ pairedItem: { item: 0 }, json: { httpCode: '401' } });
		expect(JSON.stringify(r.output)).not.toContain('wrong-key-123456');
	});

	it('conformance: every operation runs against the mock and sends only what it declares', async () => {
		await start();
		const firstUser = mock.state.memberships[0].userID;
		const ops = listActionOperations(resources);
		const fixtures: Record<string, INodeParameters> = {
			'subscriber.getAll': subs(),
			'tag.getAll': { resource: 'tag', operation: 'getAll' },
			'user.getInfo': { resource: 'user', operation: 'getInfo', userId: String(firstUser) },
			'goal.reachGoal': {
				resource: 'goal',
				operation: 'reachGoal',
				userId: String(firstUser),
				goal: 'purchase',
			},
		};
		expect(Object.keys(fixtures).sort()).toEqual(ops.map((o) => o.key).sort());
		const problems: string[] = [];
		for (const { key, op } of ops) {
			const r = await run(mock, fixtures[key]);
			problems.push(...undeclaredCalls(key, op.calls, r));
			const writes = r.calls.some((c) => c === 'POST /send_reach_goal');
			if (writes !== !!op.write)
				problems.push(`${key}: write flag ${!!op.write}, writes ${writes}`);
		}
		expect(problems).toEqual([]);
		expect(mock.goals).toEqual([
			expect.objectContaining({ userId: String(firstUser), target: 'purchase' }),
		]);
		console.log(`tgtracker operations: ${ops.length}, each exercised against the mock`);
	});
});

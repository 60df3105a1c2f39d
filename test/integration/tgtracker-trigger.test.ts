/**
 * TG Tracker Trigger (beta) scenarios against the TGTrack mock over real HTTP: CSV with a BOM,
 * unix-second windows, truncated pages split by keyset, joins and leaves as conversion events,
 * late rows, faults, restarts, manual mode, the 3 requests/second limit (452), text dates, tags.
 */
import type { INodeParameters } from 'n8n-workflow';

import { TgTrackerApi } from '../../credentials/TgTrackerApi.credentials';
import { TgTrackerTrigger } from '../../nodes/TgTracker/TgTrackerTrigger.node';
import { pollTgTracker } from '../../nodes/TgTracker/trigger/poll';
import {
	startTgTrackerMock,
	type TgTrackerMock,
	type TgTrackerMockOptions,
} from '../mock-servers/tgtracker/server';
import { TriggerDriver, duplicates } from '../unit/binom/driver';
import { savedAs } from '../helpers/layout';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const sec = (ms: number) => Math.floor(ms / 1000);

describe('TG Tracker Trigger (mock)', () => {
	let mock: TgTrackerMock;
	const start = async (options: TgTrackerMockOptions = {}) => {
		mock = await startTgTrackerMock({ seedData: false, now: T0, rateLimit: false, ...options });
	};
	beforeEach(async () => await start());
	afterEach(async () => await mock.close());

	const clock = () => mock.state.clock.now();
	const advance = (ms: number) => mock.state.clock.advance(ms);

	function driver(
		parameters: INodeParameters,
		authMode: 'bearer' | 'query' = 'bearer',
	): TriggerDriver {
		const d = new TriggerDriver(
			new TgTrackerTrigger(),
			parameters,
			async function (this, deps) {
				return await pollTgTracker.call(this, { ...deps, minIntervalMs: 0 });
			},
			clock,
			{ type: new TgTrackerApi(), data: { url: mock.url, apiKey: mock.apiKey, authMode } },
		);
		return d;
	}
	const memberRequests = () =>
		mock.requests.entries.filter((e) => e.path === '/api/get_chat_members.php');

	it('emits new subscribers once, as approved subscription conversions', async () => {
		mock.state.addJoin({ at: T0 - 5 * MIN });
		const d = driver({ event: 'subscribed' });
		expect((await d.poll()).items).toEqual([]);
		advance(MIN);
		const a = mock.state.addJoin({
			utm: { source: 'yandex', medium: 'cpc', campaign: 'Яндекс.Директ, поиск' },
		});
		const late = mock.state.addJoin({ at: clock() - 7 * MIN });
		advance(MIN);
		const { items } = await d.poll();
		expect(items.map((i) => i.userId)).toEqual([String(late.userID), String(a.userID)]);
		expect(items[1]).toMatchObject({
			tracker: 'tgtracker',
			event: 'conversion.created',
			conversionId: `${a.userID}:${a.joinDate}`,
			clickId: String(a.userID),
			status: 'approved',
			rawStatus: '1',
			revenue: 0,
			campaignName: 'Яндекс.Директ, поиск',
			trafficSourceName: 'yandex',
			subIds: { sub_id_1: 'yandex', sub_id_2: 'cpc', sub_id_3: 'Яндекс.Директ, поиск' },
			subscribed: true,
			joinTime: new Date(a.joinDate * 1000).toISOString(),
			leaveTime: null,
			postbackTime: new Date(a.joinDate * 1000).toISOString(),
			eventId: `join:${a.userID}:${a.joinDate}`,
		});
		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
		const q = memberRequests().pop()?.query ?? {};
		expect(q).toMatchObject({ ver: '1.0', platform: 'api', format: 'csv' });
		expect(Number(q.date_to)).toBe(sec(clock()));
		expect(String(q.date_from)).toMatch(/^\d{10}$/);
	});

	// Node version 1 keeps the Status Map at the top level, version 2 under Options: same result.
	it.each([1, 2] as const)(
		'maps statuses with the Status Map (saved with node version %i)',
		async (version) => {
			const d = driver(savedAs(version, { event: 'subscribed', statusMap: '1=pending' }));
			d.typeVersion = version;
			expect((await d.poll()).items).toEqual([]);
			advance(MIN);
			const a = mock.state.addJoin({});
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => [i.userId, i.rawStatus, i.status])).toEqual([
				[String(a.userID), '1', 'pending'],
			]);
		},
	);

	it('reports leaves as unsubscribe events, or as rejected subscriptions when asked', async () => {
		const d1 = driver({ event: 'all' });
		const d2 = driver({ event: 'unsubscribed', leaveMode: 'reject' });
		await d1.poll();
		await d2.poll();
		advance(MIN);
		const m = mock.state.addJoin();
		advance(MIN);
		mock.state.addLeave(m.userID, { status: -1 });
		advance(MIN);
		const all = (await d1.poll()).items;
		expect(all.map((i) => [i.event, i.status, i.rawStatus])).toEqual([
			['conversion.created', 'approved', '1'],
			['conversion.unsubscribed', 'approved', '-1'],
		]);
		expect(all[1]).toMatchObject({
			conversionId: `${m.userID}:${m.joinDate}`,
			subscribed: false,
			leaveTime: new Date(m.leftDate * 1000).toISOString(),
			eventId: `leave:${m.userID}:${m.leftDate}`,
		});
		const rejected = (await d2.poll()).items;
		expect(rejected).toHaveLength(1);
		expect(rejected[0]).toMatchObject({
			event: 'conversion.statusChanged',
			conversionId: `${m.userID}:${m.joinDate}`,
			status: 'rejected',
			rawStatus: '-1',
			previousStatus: 'approved',
			previousRawStatus: '1',
		});
	});

	it('splits a truncated window by keyset (rows == limit)', async () => {
		await mock.close();
		await start({ maxLimit: 4 });
		const d = driver({ event: 'all', options: { pageSize: 4 } });
		await d.poll();
		advance(MIN);
		const joins = [
			...mock.state.addJoins(3, { at: clock() - 50_000 }),
			...mock.state.addJoins(3, { at: clock() - 40_000 }),
			...Array.from({ length: 7 }, (_, i) =>
				mock.state.addJoin({ at: clock() - 30_000 + i * 1000 }),
			),
		];
		mock.state.addLeave(joins[0].userID, { at: clock() - 20_000 });
		advance(MIN);
		const before = memberRequests().length;
		const { items } = await d.poll();
		expect(items).toHaveLength(14);
		expect(duplicates(items.map((i) => String(i.eventId)))).toEqual([]);
		expect(memberRequests().length - before).toBeGreaterThan(3);
		const froms = memberRequests()
			.slice(before)
			.map((e) => Number(e.query.date_from));
		expect([...froms].sort()).toEqual(froms);
		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
	});

	it('says so when one second holds more rows than a page (no offset to page with)', async () => {
		const d = driver({ event: 'subscribed', options: { pageSize: 3 } });
		await d.poll();
		advance(MIN);
		mock.state.addJoins(5, { at: clock() - 10_000 });
		advance(MIN);
		const { error } = await d.poll();
		expect(error?.message).toMatch(/3 or more events in the second .*raise Page Size/);
	});

	it('backfills from a date in chunks without loss or repeats', async () => {
		mock.state.seedMembers(40, { from: T0 - 20 * HOUR, to: T0 - HOUR, leaveRate: 0.3 });
		const d = driver({
			event: 'all',
			firstRun: 'fromDate',
			fromDate: new Date(T0 - 24 * HOUR).toISOString(),
			options: { pageSize: 15, maxItemsPerPoll: 9 },
		});
		for (let i = 0; i < 12; i++) {
			await d.poll();
			advance(MIN);
		}
		const events = mock.state.events();
		expect(d.delivered.map((i) => i.eventId)).toEqual(
			events.map((e) =>
				e.status === 1 ? `join:${e.userID}:${e.joinDate}` : `leave:${e.userID}:${e.leftDate}`,
			),
		);
	});

	it('a failing poll keeps the state (faults, 452 beyond retries); restarts repeat nothing', async () => {
		const d = driver({ event: 'subscribed', options: { pageSize: 3 } });
		await d.poll();
		advance(MIN);
		const joins = mock.state.addJoins(2, { at: clock() - 20_000 });
		joins.push(...mock.state.addJoins(2, { at: clock() - 15_000 }));
		joins.push(...mock.state.addJoins(1, { at: clock() - 10_000 }));
		advance(MIN);
		const before = d.stored;
		for (const fault of [
			{ status: 500 },
			{ status: 452, body: 'too many requests' },
			{ reset: true },
			{ status: 200, body: '<html><body>login</body></html>', contentType: 'text/html' },
		]) {
			// on the second page: the first one was read, yet nothing may be kept
			let k = 0;
			mock.faults.add({
				path: '/api/get_chat_members.php',
				times: 1,
				match: () => ++k === 2,
				...fault,
			});
			const { error, items } = await d.poll();
			expect(items).toEqual([]);
			expect(error).toBeDefined();
			expect(d.stored).toBe(before);
		}
		const { items } = await d.poll();
		expect(items.map((i) => i.userId)).toEqual(joins.map((j) => String(j.userID)));
		d.crash();
		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
	});

	it('rate limit: spaces requests to ~3 per second and retries a 452', async () => {
		await mock.close();
		await start({ rateLimit: { limit: 3, windowMs: 1000, clock: 'real' }, maxLimit: 2 });
		const d = new TriggerDriver(
			new TgTrackerTrigger(),
			{ event: 'subscribed', options: { pageSize: 2 } },
			pollTgTracker,
			clock,
			{ type: new TgTrackerApi(), data: { url: mock.url, apiKey: mock.apiKey, authMode: 'query' } },
		);
		await d.poll();
		advance(MIN);
		const joins = Array.from({ length: 5 }, (_, i) =>
			mock.state.addJoin({ at: clock() - 30_000 + i * 1000 }),
		);
		advance(MIN);
		const before = memberRequests().length;
		const { items, error } = await d.poll();
		expect(error).toBeUndefined();
		expect(items.map((i) => i.userId)).toEqual(joins.map((j) => String(j.userID)));
		const times = mock.requests.entries.slice(-(memberRequests().length - before)).map((e) => e.at);
		for (let i = 3; i < times.length; i++)
			expect(times[i] - times[i - 3]).toBeGreaterThanOrEqual(1000);
		expect(mock.requests.entries.some((e) => e.status === 452)).toBe(false);
		// a 452 from elsewhere (another workflow on the same key) is retried (after the real-time
		// limiter window of the requests above has passed, so only the injected 452 answers)
		await new Promise((r) => setTimeout(r, 1100));
		mock.faults.add({
			path: '/api/get_chat_members.php',
			status: 452,
			body: 'too many requests',
			times: 1,
		});
		advance(MIN);
		d.retry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 };
		expect((await d.poll()).error).toBeUndefined();
	});

	it('manual mode returns recent events of the chosen kind and leaves the state alone', async () => {
		const m = mock.state.addJoin({ at: T0 - 3 * HOUR });
		mock.state.addJoins(4, { at: T0 - 10 * MIN });
		mock.state.addLeave(m.userID, { at: T0 - 5 * MIN });
		const d = driver({ event: 'unsubscribed', options: { sampleSize: 3 } });
		await d.poll();
		const stored = d.stored;
		const { items } = await d.poll('manual');
		expect(items.map((i) => i.event)).toEqual(['conversion.unsubscribed']);
		expect(d.stored).toBe(stored);
		const d2 = driver({ event: 'subscribed', options: { sampleSize: 3 } });
		expect((await d2.poll('manual')).items).toHaveLength(3);
		await mock.close();
		await start();
		const { error } = await driver({ event: 'unsubscribed' }).poll('manual');
		expect(error?.message).toBe('No recent events found in the tracker');
	});

	it('reads dates sent as text (in the configured zone) or in milliseconds, and ; delimiters', async () => {
		for (const [options, params] of [
			[{ dateFormat: 'date', timezone: 'Europe/Moscow' }, {}],
			[{ dateFormat: 'date', timezone: 'Asia/Tokyo' }, { textZone: 'Asia/Tokyo' }],
			[{ dateFormat: 'unixMs', delimiter: ';', lineEnding: '\r\n' }, {}],
		] as const) {
			await mock.close();
			await start(options as TgTrackerMockOptions);
			const d = driver({ event: 'all', options: params });
			await d.poll();
			advance(MIN);
			const m = mock.state.addJoin({ at: clock() - 90_000 });
			mock.state.addLeave(m.userID, { at: clock() - 30_000 });
			advance(MIN);
			const { items, error } = await d.poll();
			expect(error).toBeUndefined();
			expect(items.map((i) => [i.event, i.postbackTime])).toEqual([
				['conversion.created', new Date(m.joinDate * 1000).toISOString()],
				['conversion.unsubscribed', new Date(m.leftDate * 1000).toISOString()],
			]);
		}
	});

	it('resolves UTM tag ids when asked', async () => {
		await mock.close();
		await start({ utmAsTagIds: true });
		const tag = mock.state.addTag('vk_ads_june');
		const d = driver({ event: 'subscribed', options: { resolveTags: true } });
		await d.poll();
		advance(MIN);
		mock.state.addJoin({ utm: { source: 'vk_ads_june', content: '777' } });
		advance(MIN);
		const { items } = await d.poll();
		expect(tag.labelID).toBeGreaterThan(100);
		expect(items[0]).toMatchObject({
			trafficSourceName: 'vk_ads_june',
			utm: { source: 'vk_ads_june', content: '777' },
		});
	});

	it('an invalid key is reported as such; a bad status map names the line', async () => {
		const bad = new TriggerDriver(
			new TgTrackerTrigger(),
			{ event: 'subscribed' },
			pollTgTracker,
			clock,
			{
				type: new TgTrackerApi(),
				data: { url: mock.url, apiKey: 'nope-nope-nope', authMode: 'bearer' },
			},
		);
		const { error } = await bad.poll();
		expect(error?.message).toBe('TG Tracker rejected the API key (HTTP 401)');
		const d = driver({ event: 'subscribed', statusMap: '1=joined' });
		expect((await d.poll()).error?.message).toMatch(
			/^Status Map: Line 1: "joined" is not a canonical status/,
		);
	});
});

import type { IDataObject } from 'n8n-workflow';

import {
	DEFAULT_STATE_KEY,
	PollConfigError,
	PollSourceError,
	deadlineFromBudget,
	fetchSample,
	pollStream,
	runPoll,
	validateFirstRun,
	validatePollOptions,
	type PollOptions,
	type PollStateV1,
} from '../../../nodes/shared/polling';
import { Driver, duplicatesOf } from './driver';
import {
	CursorTracker,
	DAY,
	FakeClock,
	FakeTracker,
	HOUR,
	MIN,
	SEC,
	T0,
	type FakeOptions,
} from './fakeSource';

const fromNow: PollOptions['firstRun'] = { mode: 'fromNow' };

function setup(opts: FakeOptions = {}, options: Partial<PollOptions> = {}, start = T0) {
	const clock = new FakeClock(start);
	const source = new FakeTracker(clock, opts);
	const driver = new Driver(source, {
		stream: { event: 'conversion' },
		firstRun: fromNow,
		...options,
	});
	return { clock, source, driver };
}

function ids(rows: Array<{ id: string }>): string[] {
	return rows.map((r) => r.id);
}

describe('first run', () => {
	it('fromNow records a baseline, emits nothing, and does not re-emit rows that existed', async () => {
		const { clock, source, driver } = setup();
		source.add('old', T0 - 20 * MIN);
		source.add('recent', T0 - 5 * MIN);
		const first = await driver.poll();
		expect(first.result?.rows).toEqual([]);
		expect(first.result?.stats.stoppedBy).toBe('baseline');
		expect(first.result?.stats.reset).toBe('first-run');
		expect(first.result?.stats.requests).toBe(1);

		source.add('new', T0 + 30 * SEC);
		clock.ms = T0 + 60 * SEC;
		const second = await driver.poll();
		expect(ids(second.result!.rows)).toEqual(['new']);
		expect(second.result?.stats.reset).toBeUndefined();
	});

	it('fromNow still delivers a late row stamped before activation that appears after it', async () => {
		const { clock, source, driver } = setup();
		await driver.poll();
		source.add('late', T0 - 2 * MIN, { visibleAt: T0 + 90 * SEC });
		clock.ms = T0 + 2 * MIN;
		const r = await driver.poll();
		expect(ids(r.result!.rows)).toEqual(['late']);
	});

	it('an interrupted baseline delivers only the rows it did not reach, never twice', async () => {
		const { clock, source, driver } = setup({ pageSize: 2 });
		for (let i = 0; i < 10; i++) source.add(`old${i}`, T0 - 5 * MIN + i * SEC);
		const first = await driver.poll({ deadline: clock.ms - 1 });
		expect(first.result!.stats.stoppedBy).toBe('deadline');
		source.add('new', T0 + 30 * SEC);
		await driver.drain(MIN);
		// The first page (old0, old1) was read at activation; the rest could not be told from late rows.
		expect(ids(driver.delivered)).toEqual([
			'old2',
			'old3',
			'old4',
			'old5',
			'old6',
			'old7',
			'old8',
			'old9',
			'new',
		]);
		expect(duplicatesOf(driver.keys())).toEqual([]);
	});

	it('a window larger than one poll can read is still covered: every poll goes on where the last stopped', async () => {
		const { clock, source, driver } = setup({ pageSize: 2 }, { overlapMs: 30 * MIN });
		await driver.poll();
		let n = 0;
		for (let p = 0; p < 120; p++) {
			clock.ms += MIN;
			// One row a minute, some up to 20 minutes late: the 30-minute window holds ~30 rows, and
			// one poll (3 requests of 2 rows) reads 6.
			source.add(`r${n++}`, clock.ms - (p % 5) * 5 * MIN - 10 * SEC);
			await driver.poll({ maxRequestsPerPoll: 3 });
		}
		await driver.drain(MIN);
		expect(duplicatesOf(driver.keys())).toEqual([]);
		expect(driver.delivered.length).toBe(source.rows.length);
	});

	for (const stopBy of ['deadline', 'maxRequests'] as const) {
		it(`a baseline stopped by the budget (${stopBy}) never loses a row dated before activation that appears after it`, async () => {
			const { clock, source, driver } = setup({ pageSize: 2 }, { overlapMs: HOUR });
			for (let i = 0; i < 10; i++) source.add(`old${i}`, T0 - 50 * MIN + i * MIN);
			const budget = stopBy === 'deadline' ? { deadline: clock.ms - 1 } : { maxRequestsPerPoll: 1 };
			const first = await driver.poll(budget);
			expect(first.result!.stats.stoppedBy).toBe(stopBy);
			// Late postbacks dated before activation, one inside the part the baseline read, one after.
			source.add('lateEarly', T0 - 49 * MIN + 30 * SEC, { visibleAt: T0 + 10 * MIN });
			source.add('lateLast', T0 - 1 * MIN, { visibleAt: T0 + 20 * MIN });
			source.add('lateDays', T0 - 10 * MIN, { visibleAt: T0 + 45 * MIN });
			for (let i = 0; i < 60; i++) {
				clock.ms += MIN;
				await driver.poll(budget);
			}
			const got = ids(driver.delivered);
			for (const id of ['lateEarly', 'lateLast', 'lateDays']) expect(got).toContain(id);
			expect(got).not.toContain('old0');
			expect(got).not.toContain('old1');
			expect(duplicatesOf(driver.keys())).toEqual([]);
		});
	}

	it('backfillDays drains history in chunks of maxItemsPerPoll, oldest first, exactly once', async () => {
		const { source, driver } = setup(
			{ pageSize: 3 },
			{ firstRun: { mode: 'backfillDays', days: 1 }, maxItemsPerPoll: 5 },
		);
		for (let i = 0; i < 20; i++)
			source.add(`r${String(i).padStart(2, '0')}`, T0 - (20 - i) * HOUR + 1);
		source.add('tooOld', T0 - 25 * HOUR);
		const sizes: number[] = [];
		for (let i = 0; i < 6; i++) {
			source.clock.ms += MIN;
			const { result } = await driver.poll();
			sizes.push(result!.rows.length);
		}
		expect(sizes).toEqual([5, 5, 5, 5, 0, 0]);
		expect(ids(driver.delivered)).toEqual(
			source.rows.filter((r) => r.id !== 'tooOld').map((r) => r.id),
		);
	});

	it('fromDate starts at the given date (no zone = UTC) and emits on the first poll', async () => {
		const { source, driver } = setup(
			{},
			{ firstRun: { mode: 'fromDate', date: '2024-05-01T10:00:00' } },
		);
		source.add('before', Date.UTC(2024, 4, 1, 9, 59, 59));
		source.add('at', Date.UTC(2024, 4, 1, 10, 0, 0));
		source.add('after', Date.UTC(2024, 4, 1, 11, 0, 0));
		const { result } = await driver.poll();
		expect(ids(result!.rows)).toEqual(['at', 'after']);
		expect(result!.stats.reset).toBe('first-run');
	});

	it('a start date in the future costs no request until it is reached', async () => {
		const { source, driver } = setup({}, { firstRun: { mode: 'fromDate', date: '2024-05-02' } });
		const { result } = await driver.poll();
		expect(result!.stats.stoppedBy).toBe('notStarted');
		expect(source.requests).toBe(0);
		expect((driver.state as PollStateV1).from).toBe('2024-05-02T00:00:00.000Z');
	});
});

describe('steady state', () => {
	it('an idle poll costs exactly one request', async () => {
		const { source, driver } = setup();
		source.add('a', T0 - MIN);
		await driver.poll();
		for (let i = 0; i < 5; i++) {
			const before = source.requests;
			source.clock.ms += MIN;
			const { result } = await driver.poll();
			expect(result!.rows).toEqual([]);
			expect(source.requests - before).toBe(1);
		}
	});

	it('delivers late rows inside the overlap once; rows later than the overlap are out of scope', async () => {
		const { clock, source, driver } = setup({}, { overlapMs: 10 * MIN });
		await driver.poll();
		clock.ms = T0 + 20 * MIN;
		await driver.poll();
		// 9 minutes late: inside the overlap.
		source.add('late9', T0 + 12 * MIN, { visibleAt: T0 + 21 * MIN });
		// 15 minutes late: beyond the overlap (documented limit).
		source.add('late15', T0 + 6 * MIN, { visibleAt: T0 + 21 * MIN });
		clock.ms = T0 + 22 * MIN;
		await driver.poll();
		for (let i = 0; i < 15; i++) {
			clock.ms += MIN;
			await driver.poll();
		}
		expect(ids(driver.delivered)).toEqual(['late9']);
	});

	it('emits a new event for every status flip of the same conversion', async () => {
		const { clock, source, driver } = setup({ keyWithStatus: true });
		await driver.poll();
		source.add('x', T0 + 10 * SEC, { status: 'lead' });
		clock.ms = T0 + MIN;
		await driver.poll();
		source.flip('x', 'sale', T0 + 70 * SEC);
		clock.ms = T0 + 2 * MIN;
		await driver.poll();
		clock.ms = T0 + 3 * MIN;
		await driver.poll();
		source.flip('x', 'rejected', T0 + 190 * SEC);
		clock.ms = T0 + 4 * MIN;
		await driver.poll();
		expect(driver.keys()).toEqual(['x|lead', 'x|sale', 'x|rejected']);
	});

	it('a row whose event time moves forward under the same key is not delivered again', async () => {
		const { clock, source, driver } = setup();
		await driver.poll();
		source.add('x', T0 + 10 * SEC);
		clock.ms = T0 + MIN;
		await driver.poll();
		// The status changes but this stream is keyed by id only; the row's time moves forward.
		source.flip('x', 'sale', T0 + 8 * MIN);
		for (let i = 0; i < 30; i++) {
			clock.ms += MIN;
			await driver.poll();
		}
		expect(ids(driver.delivered)).toEqual(['x']);
	});

	it('returns rows in event-time order even when a late row arrives mid-poll', async () => {
		const { clock, source, driver } = setup({ pageSize: 3 });
		await driver.poll();
		for (let i = 0; i < 6; i++) source.add(`n${i}`, T0 + (i + 1) * SEC);
		source.beforeServe = (n) => {
			if (n === 3) source.add('lateInPoll', T0 + 500, { visibleAt: clock.ms });
		};
		clock.ms = T0 + MIN;
		const { result } = await driver.poll();
		const times = result!.rows.map((r) => r.t);
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		await driver.drain(MIN);
		expect(duplicatesOf(ids(driver.delivered))).toEqual([]);
		expect(new Set(ids(driver.delivered))).toEqual(new Set(source.rows.map((r) => r.id)));
	});
});

describe('paging', () => {
	it('a chunk boundary inside one second with many rows neither loses nor duplicates, and resumes exactly', async () => {
		const { source, driver } = setup(
			{ pageSize: 3 },
			{ firstRun: { mode: 'backfillDays', days: 1 }, maxItemsPerPoll: 4 },
		);
		const X = T0 - HOUR;
		for (let i = 0; i < 10; i++) source.add(`a${i}`, X);
		source.add('after', X + SEC);
		source.clock.ms += SEC;
		const p1 = await driver.poll();
		expect(ids(p1.result!.rows)).toEqual(['a0', 'a1', 'a2', 'a3']);
		const state = driver.state as PollStateV1;
		expect(state.resume).toMatchObject({ g: new Date(X).toISOString(), p: 4 });
		const logBefore = source.log.length;
		source.clock.ms += SEC;
		const p2 = await driver.poll();
		// Resumes at the stored position: offset p-1, with the anchor a3 verified at index 0.
		expect(source.log[logBefore].window.fromMs).toBe(X);
		expect(source.log[logBefore].page.offset).toBe(3);
		expect(ids(p2.result!.rows)).toEqual(['a4', 'a5', 'a6', 'a7']);
		await driver.drain(SEC);
		expect(ids(driver.delivered)).toEqual([
			...Array.from({ length: 10 }, (_, i) => `a${i}`),
			'after',
		]);
	});

	it('rows inserted while pages are read (before, at and after the position) are delivered once', async () => {
		const { clock, source, driver } = setup({ pageSize: 3 });
		await driver.poll();
		for (let i = 0; i < 9; i++) source.add(`r${i}`, T0 + (10 + i) * SEC);
		source.beforeServe = (n) => {
			if (n === 3) {
				source.add('earlier', T0 + 9 * SEC, { visibleAt: clock.ms }); // before the position
				source.add('sameSecond', T0 + 12 * SEC, { visibleAt: clock.ms }); // sorts before anchor r2?
				source.add('atEnd', T0 + 50 * SEC, { visibleAt: clock.ms });
			}
		};
		clock.ms = T0 + MIN;
		await driver.poll();
		await driver.drain(MIN);
		expect(duplicatesOf(ids(driver.delivered))).toEqual([]);
		expect(new Set(ids(driver.delivered))).toEqual(new Set(source.rows.map((r) => r.id)));
	});

	it('re-reads a granule when a row before the anchor vanishes while paging', async () => {
		const { clock, source, driver } = setup({ pageSize: 3, granularity: 'hour' });
		await driver.poll();
		for (const [i, id] of ['a', 'b', 'c', 'd', 'e', 'f', 'g'].entries())
			source.add(id, T0 + (i + 1) * SEC);
		source.beforeServe = (n) => {
			if (n === 3) source.remove('a');
		};
		clock.ms = T0 + MIN;
		const { result } = await driver.poll();
		expect(result!.stats.restarts).toBeGreaterThanOrEqual(1);
		await driver.drain(MIN);
		expect(ids(driver.delivered)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
	});

	it('resumes a pass near real time, and a late row landing before the resume point is read by the next pass', async () => {
		const { clock, source, driver } = setup(
			{ pageSize: 3, granularity: 'hour' },
			{ maxItemsPerPoll: 2 },
			T0 + 35 * MIN,
		);
		await driver.poll();
		for (let i = 0; i < 6; i++) source.add(`r${i}`, T0 + 40 * MIN + i * SEC);
		clock.ms = T0 + 41 * MIN;
		const first = await driver.poll();
		expect(ids(first.result!.rows)).toEqual(['r0', 'r1']);
		expect((driver.state as PollStateV1).pos).toBeDefined();
		source.add('late', T0 + 39 * MIN, { visibleAt: T0 + 41 * MIN + 30 * SEC });
		await driver.drain(MIN);
		expect(ids(driver.delivered).sort()).toEqual(['late', 'r0', 'r1', 'r2', 'r3', 'r4', 'r5']);
	});

	it('stops as "unstable" (without losing anything) when the source keeps shifting', async () => {
		const { clock, source, driver } = setup(
			{ pageSize: 2, granularity: 'hour' },
			{ maxRestarts: 1 },
		);
		await driver.poll();
		for (let i = 0; i < 8; i++) source.add(`r${i}`, T0 + (i + 1) * SEC);
		let removed = 0;
		source.beforeServe = (n) => {
			if (n >= 3 && removed < 3) {
				source.remove(source.rows[0].id);
				removed++;
			}
		};
		clock.ms = T0 + MIN;
		const { result } = await driver.poll();
		expect(result!.stats.stoppedBy).toBe('unstable');
		source.beforeServe = () => undefined;
		await driver.drain(MIN);
		expect(duplicatesOf(ids(driver.delivered))).toEqual([]);
		for (const r of source.rows) expect(ids(driver.delivered)).toContain(r.id);
	});

	it.each([
		['aligned', { offsets: 'aligned' as const }],
		['none', { offsets: 'none' as const }],
		['no total', { reportTotal: false }],
		['millisecond', { granularity: 'millisecond' as const }],
		['hour in Asia/Kolkata', { granularity: 'hour' as const, zone: 'Asia/Kolkata' }],
	])('sorted source, %s', async (_name, opts) => {
		const { source, driver } = setup(
			{ pageSize: 4, ...opts },
			{ firstRun: { mode: 'backfillDays', days: 2 }, maxItemsPerPoll: 7 },
		);
		for (let i = 0; i < 40; i++)
			source.add(`r${String(i).padStart(2, '0')}`, T0 - DAY + i * 17 * MIN + (i % 3) * 250);
		await driver.drain(MIN);
		expect(ids(driver.delivered)).toEqual(source.rows.map((r) => r.id));
	});

	it.each([
		['insertion order, any offsets', { unsortedOrder: 'insertion' as const }],
		[
			'scrambled, aligned offsets',
			{ unsortedOrder: 'scrambled' as const, offsets: 'aligned' as const },
		],
		[
			'scrambled, day slices in America/New_York',
			{
				unsortedOrder: 'scrambled' as const,
				granularity: 'day' as const,
				zone: 'America/New_York',
				maxWindowMs: DAY,
			},
		],
	])('unsorted source, %s', async (_name, opts) => {
		const { source, driver } = setup(
			{ pageSize: 5, sorted: false, ...opts },
			{ firstRun: { mode: 'backfillDays', days: 3 }, maxItemsPerPoll: 9 },
		);
		for (let i = 0; i < 60; i++)
			source.add(`u${String(i).padStart(2, '0')}`, T0 - 3 * DAY + 10 * MIN + i * 71 * MIN);
		await driver.drain(MIN);
		const got = driver.delivered;
		expect(duplicatesOf(ids(got))).toEqual([]);
		expect(new Set(ids(got))).toEqual(new Set(source.rows.map((r) => r.id)));
		const times = got.map((r) => r.t);
		expect([...times].sort((a, b) => a - b)).toEqual(times);
	});

	it('unsorted source with cursor paging', async () => {
		const clock = new FakeClock(T0);
		const source = new CursorTracker(clock, {
			pageSize: 4,
			sorted: false,
			unsortedOrder: 'scrambled',
		});
		const driver = new Driver(source, { stream: 's', firstRun: { mode: 'backfillDays', days: 1 } });
		for (let i = 0; i < 23; i++) source.add(`c${i}`, T0 - 20 * HOUR + i * MIN);
		await driver.drain(MIN);
		expect(new Set(ids(driver.delivered)).size).toBe(23);
		expect(driver.delivered.length).toBe(23);
		expect(source.log.some((l) => l.page.cursor !== undefined)).toBe(true);
	});

	it('rejects a "sorted" source that returns rows out of order', async () => {
		const { source, driver } = setup(
			{ pageSize: 5, sorted: false },
			{ firstRun: { mode: 'backfillDays', days: 1 } },
		);
		(source.paging as { sorted: boolean }).sorted = true;
		// The fake orders by insertion when unsorted; declare it sorted to break the contract.
		const real = source.fetchPage.bind(source);
		source.fetchPage = async (w, p) => {
			(source.paging as { sorted: boolean }).sorted = false;
			const res = await real(w, p);
			(source.paging as { sorted: boolean }).sorted = true;
			return res;
		};
		source.add('b', T0 - HOUR);
		source.add('a', T0 - 2 * HOUR);
		const { error } = await driver.poll();
		expect(error).toBeInstanceOf(PollSourceError);
		expect(driver.stored).toBeUndefined();
	});

	it('fails clearly when a source without offsets has more rows in one granule than a page', async () => {
		const { source, driver } = setup(
			{ pageSize: 3, offsets: 'none' },
			{ firstRun: { mode: 'backfillDays', days: 1 } },
		);
		for (let i = 0; i < 5; i++) source.add(`s${i}`, T0 - HOUR);
		const { error } = await driver.poll();
		expect(error).toBeInstanceOf(PollSourceError);
		expect(error!.message).toMatch(/share one second/);
	});
});

describe('faults, restarts and budget', () => {
	it('a failure on any page leaves the state exactly as it was; the next poll delivers everything once', async () => {
		for (let failAt = 1; failAt <= 5; failAt++) {
			const { clock, source, driver } = setup({ pageSize: 2 });
			await driver.poll();
			const before = driver.stored;
			for (let i = 0; i < 7; i++) source.add(`r${i}`, T0 + (i + 1) * SEC);
			const base = source.requests;
			source.failWhen = (n) => n === base + failAt;
			clock.ms = T0 + MIN;
			const { error } = await driver.poll();
			expect(error?.message).toMatch(/injected failure/);
			expect(driver.stored).toBe(before);
			await driver.drain(MIN);
			expect(ids(driver.delivered)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
		}
	});

	it('runPoll writes static data only after a successful poll', async () => {
		const clock = new FakeClock(T0);
		const source = new FakeTracker(clock, { pageSize: 2 });
		// The same type n8n's this.getWorkflowStaticData('node') returns.
		const staticData: IDataObject = {};
		const options: PollOptions = { stream: 'x', firstRun: fromNow, now: clock.now };
		await runPoll(staticData, source, options);
		const snapshot = JSON.stringify(staticData);
		expect(staticData[DEFAULT_STATE_KEY]).toBeDefined();
		for (let i = 0; i < 5; i++) source.add(`r${i}`, T0 + (i + 1) * SEC);
		source.failWhen = () => true;
		clock.ms += MIN;
		await expect(runPoll(staticData, source, options)).rejects.toThrow(/injected failure/);
		expect(JSON.stringify(staticData)).toBe(snapshot);
		source.failWhen = () => false;
		const ok = await runPoll(staticData, source, options);
		expect(ids(ok.rows)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
		expect(JSON.stringify(staticData)).not.toBe(snapshot);
	});

	it('re-activation after a pause keeps the cursor and delivers what arrived meanwhile', async () => {
		const { clock, source, driver } = setup();
		await driver.poll();
		source.add('beforePause', T0 + 30 * SEC);
		clock.ms = T0 + MIN;
		await driver.poll();
		// Deactivated for two hours (no polls); static data survives.
		source.add('duringPause', T0 + HOUR);
		clock.ms = T0 + 2 * HOUR;
		const { result } = await driver.poll();
		expect(result!.stats.reset).toBeUndefined();
		expect(ids(result!.rows)).toEqual(['duringPause']);
		expect(ids(driver.delivered)).toEqual(['beforePause', 'duringPause']);
	});

	it('resets deliberately when the stream or the first-run option changes', async () => {
		const { clock, source, driver } = setup();
		await driver.poll();
		source.add('a', T0 + 10 * SEC);
		clock.ms = T0 + MIN;
		await driver.poll();
		driver.options = { ...driver.options, stream: { event: 'statusChanged' } };
		clock.ms += MIN;
		const changed = await driver.poll();
		expect(changed.result!.stats.reset).toBe('config-changed');
		expect(changed.result!.rows).toEqual([]);
		driver.options = { ...driver.options, firstRun: { mode: 'backfillDays', days: 1 } };
		clock.ms += MIN;
		const backfill = await driver.poll();
		expect(backfill.result!.stats.reset).toBe('config-changed');
		expect(ids(backfill.result!.rows)).toEqual(['a']);
		clock.ms += MIN;
		const same = await driver.poll();
		expect(same.result!.stats.reset).toBeUndefined();
	});

	it('a corrupted or unknown-version state restarts from now and never replays history', async () => {
		for (const bad of [
			{ v: 2 },
			{ v: 1, fp: 'x', from: 'nope', seen: {} },
			'garbage',
			{
				v: 1,
				fp: 'x',
				from: new Date(T0).toISOString(),
				at: '',
				seen: { t: [0], n: [2], h: 'short' },
			},
		]) {
			const { source, driver } = setup({}, { firstRun: { mode: 'backfillDays', days: 30 } });
			source.add('history', T0 - DAY);
			driver.stored = JSON.stringify(bad);
			const { result } = await driver.poll();
			expect(result!.stats.reset).toBe('invalid-state');
			expect(result!.rows).toEqual([]);
		}
	});

	it('stops before the deadline, returns what it has, and resumes there', async () => {
		const { clock, source, driver } = setup({ pageSize: 2, latencyMs: 100 });
		await driver.poll();
		for (let i = 0; i < 10; i++) source.add(`r${i}`, T0 + (i + 1) * SEC);
		clock.ms = T0 + MIN;
		const start = clock.ms;
		const before = source.requests;
		const { result } = await driver.poll({ deadline: start + 250 });
		expect(result!.stats.stoppedBy).toBe('deadline');
		expect(source.requests - before).toBe(2);
		expect(ids(result!.rows)).toEqual(['r0', 'r1', 'r2']);
		await driver.drain(MIN);
		expect(ids(driver.delivered)).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
	});

	it('always makes progress: the first page is fetched even when the deadline has passed', async () => {
		const { clock, source, driver } = setup(
			{ pageSize: 2 },
			{ firstRun: { mode: 'backfillDays', days: 1 } },
		);
		for (let i = 0; i < 5; i++) source.add(`r${i}`, T0 - HOUR + i * SEC);
		const { result } = await driver.poll({ deadline: clock.ms - 1 });
		expect(result!.stats.stoppedBy).toBe('deadline');
		expect(ids(result!.rows)).toEqual(['r0', 'r1']);
	});

	it('honours maxRequestsPerPoll', async () => {
		const { source, driver } = setup(
			{ pageSize: 2 },
			{ firstRun: { mode: 'backfillDays', days: 1 }, maxRequestsPerPoll: 2 },
		);
		for (let i = 0; i < 9; i++) source.add(`r${i}`, T0 - HOUR + i * SEC);
		const { result } = await driver.poll();
		expect(result!.stats.stoppedBy).toBe('maxRequests');
		expect(result!.stats.requests).toBe(2);
		await driver.drain(MIN);
		expect(ids(driver.delivered)).toEqual(source.rows.map((r) => r.id));
	});

	it('deadlineFromBudget keeps a reserve', () => {
		expect(deadlineFromBudget(undefined, 1000)).toBeUndefined();
		expect(deadlineFromBudget(0, 1000)).toBeUndefined();
		expect(deadlineFromBudget(300_000, 0)).toBe(240_000);
		expect(deadlineFromBudget(10_000, 0)).toBe(5000);
		expect(deadlineFromBudget(4000, 0)).toBe(2000);
	});
});

describe('bounded state', () => {
	it('keeps only keys inside [from, now] during steady polling', async () => {
		const { clock, source, driver } = setup({ pageSize: 50 }, { overlapMs: 5 * MIN });
		await driver.poll();
		let id = 0;
		for (let p = 0; p < 200; p++) {
			for (let k = 0; k < 3; k++) source.add(`e${id++}`, clock.ms + k * 7 * SEC);
			clock.ms += MIN;
			const { result } = await driver.poll();
			const st = result!.state;
			const from = Date.parse(st.from);
			const keys = st.seen.h.length / 9;
			// 3 events per minute, 5-minute overlap: at most ~ 3 × (5 + 1) keys.
			expect(keys).toBeLessThanOrEqual(18);
			let t = from;
			st.seen.t.forEach((d) => {
				t += d;
				expect(t).toBeGreaterThanOrEqual(from);
				expect(t).toBeLessThanOrEqual(clock.ms);
			});
		}
		expect(duplicatesOf(ids(driver.delivered))).toEqual([]);
		expect(driver.delivered.length).toBe(600);
	});

	it('the hard cap evicts the oldest keys and raises the window start: no duplicates, ever', async () => {
		const { clock, source, driver } = setup(
			{ pageSize: 50 },
			{ maxSeenKeys: 5, overlapMs: 10 * MIN },
		);
		await driver.poll();
		for (let i = 0; i < 20; i++)
			source.add(`r${String(i).padStart(2, '0')}`, T0 + (i + 1) * 10 * SEC);
		clock.ms = T0 + 4 * MIN;
		const { result } = await driver.poll();
		expect(result!.rows.length).toBe(20);
		expect(result!.stats.evicted).toBe(15);
		expect(result!.state.seen.h.length / 9).toBe(5);
		expect(Date.parse(result!.state.from)).toBe(T0 + 150 * SEC + 1);
		// The trade-off: a late row older than the raised start is not delivered.
		source.add('lateBelowCap', T0 + 60 * SEC, { visibleAt: clock.ms + 1 });
		for (let i = 0; i < 5; i++) {
			clock.ms += MIN;
			await driver.poll();
		}
		expect(duplicatesOf(ids(driver.delivered))).toEqual([]);
		expect(ids(driver.delivered)).not.toContain('lateBelowCap');
	});
});

describe('manual mode', () => {
	it('returns the latest rows via fetchLatest without any state', async () => {
		const clock = new FakeClock(T0);
		const source = new FakeTracker(clock, { withLatest: true });
		for (let i = 0; i < 10; i++) source.add(`r${i}`, T0 - (10 - i) * MIN);
		const sample = await fetchSample(source, { limit: 3, now: clock.now });
		expect(ids(sample)).toEqual(['r7', 'r8', 'r9']);
	});

	it('falls back to at most two page requests over the lookback window', async () => {
		const clock = new FakeClock(T0);
		const source = new FakeTracker(clock, { pageSize: 4 });
		for (let i = 0; i < 10; i++) source.add(`r${i}`, T0 - (10 - i) * MIN);
		const sample = await fetchSample(source, { limit: 2, now: clock.now });
		expect(ids(sample)).toEqual(['r8', 'r9']);
		expect(source.requests).toBe(2);
	});

	it('a trigger in manual mode never reads or writes its static data', async () => {
		const clock = new FakeClock(T0);
		const source = new FakeTracker(clock, { withLatest: true });
		source.add('x', T0 - MIN);
		const touched: string[] = [];
		const staticData = new Proxy<Record<string, unknown>>(
			{},
			{
				get: (t, p) => {
					touched.push(`get ${String(p)}`);
					return Reflect.get(t, p);
				},
				set: (t, p, v) => {
					touched.push(`set ${String(p)}`);
					return Reflect.set(t, p, v);
				},
			},
		);
		// What a trigger's poll() does (see the engine report):
		const mode: string = 'manual';
		const poll = async () =>
			mode === 'manual'
				? await fetchSample(source, { limit: 1, now: clock.now })
				: (await runPoll(staticData, source, { stream: 's', firstRun: fromNow, now: clock.now }))
						.rows;
		expect(ids(await poll())).toEqual(['x']);
		expect(touched).toEqual([]);
	});
});

describe('options', () => {
	it('reports every problem with clear messages', () => {
		const clock = new FakeClock(T0);
		const source = new FakeTracker(clock, { pageSize: 1, zone: 'Mars/Base' });
		const problems = validatePollOptions(source, {
			stream: 's',
			firstRun: { mode: 'backfillDays', days: 0 },
			maxItemsPerPoll: 0,
		});
		expect(problems).toEqual([
			'Backfill days must be a number between 1 and 3650',
			'Page size must be an integer of at least 2',
			'Unknown time zone "Mars/Base" (use an IANA name such as Europe/Madrid)',
			'Max items per poll must be a number ≥ 1',
		]);
		expect(validateFirstRun({ mode: 'fromDate', date: 'yesterday' })[0]).toMatch(
			/not a valid ISO date/,
		);
		expect(validateFirstRun({ mode: 'later' })[0]).toMatch(/Unknown first run mode/);
		expect(validateFirstRun({ mode: 'fromDate', date: '2024-05-01' })).toEqual([]);
		return expect(
			pollStream(source, undefined, { stream: 's', firstRun: { mode: 'backfillDays', days: 0 } }),
		).rejects.toBeInstanceOf(PollConfigError);
	});
});

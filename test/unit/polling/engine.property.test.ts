/**
 * Property-based tests: random trackers (sorted or not, any offset support, second/hour/day
 * granularity in several zones), random traffic (late rows inside the overlap, bursts in one
 * second, rows appearing while pages are read), random faults on any request, tiny budgets and
 * item caps, a JSON round-trip of the state between every poll (restart), and manual polls in
 * between. After draining, every event must have been delivered exactly once.
 */
import fc from 'fast-check';

import {
	fetchSample,
	runPoll,
	type FirstRun,
	type Granularity,
	type OffsetSupport,
	type PollOptions,
	type PollResult,
	type PollStateV1,
} from '../../../nodes/shared/polling';
import {
	FakeClock,
	FakeTracker,
	HOUR,
	MIN,
	SEC,
	T0,
	type FakeOptions,
	type FakeRow,
} from './fakeSource';

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type GranChoice = 'millisecond' | 'second' | 'hour' | 'hourKolkata' | 'dayNY';

const GRAN: Record<GranChoice, { granularity: Granularity; zone?: string; window: number }> = {
	millisecond: { granularity: 'millisecond', window: 20 * MIN },
	second: { granularity: 'second', window: 20 * MIN },
	hour: { granularity: 'hour', window: 2 * HOUR },
	hourKolkata: { granularity: 'hour', zone: 'Asia/Kolkata', window: 3 * HOUR },
	dayNY: { granularity: 'day', zone: 'America/New_York', window: 2 * 24 * HOUR },
};

const eventArb = fc.record({
	at: fc.integer({ min: -4 * 60, max: 3 * 60 }), // visible at T0 + at minutes (+ jitter)
	jitter: fc.integer({ min: 0, max: 59_999 }),
	latePermille: fc.integer({ min: 0, max: 1000 }),
	future: fc.integer({ min: 0, max: 9 }), // 0 → stamped up to 20 s in the future (clock skew)
	burst: fc.integer({ min: 1, max: 8 }),
});

const scenarioArb = fc.record({
	seed: fc.integer(),
	pageSize: fc.integer({ min: 2, max: 6 }),
	sorted: fc.boolean(),
	offsets: fc.constantFrom<OffsetSupport>('any', 'aligned', 'none'),
	gran: fc.constantFrom<GranChoice>(
		'millisecond',
		'second',
		'second',
		'hour',
		'hourKolkata',
		'dayNY',
	),
	overlapMin: fc.integer({ min: 2, max: 15 }),
	maxItems: fc.integer({ min: 1, max: 25 }),
	latency: fc.integer({ min: 0, max: 1500 }),
	budget: fc.option(fc.integer({ min: 50, max: 5000 }), { nil: undefined }),
	maxRequests: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
	firstRun: fc.constantFrom('fromNow', 'backfill', 'fromDate'),
	faultRate: fc.constantFrom(0, 0.05, 0.25),
	reportTotal: fc.boolean(),
	scrambled: fc.boolean(),
	events: fc.array(eventArb, { maxLength: 50 }),
	intervals: fc.array(fc.integer({ min: 20, max: 360 }), { minLength: 1, maxLength: 8 }),
	manualEvery: fc.integer({ min: 0, max: 7 }),
});

type ScenarioValue = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

interface Built {
	source: FakeTracker;
	clock: FakeClock;
	overlap: number;
	options: Omit<PollOptions, 'now' | 'deadline'>;
	budget?: number;
	maxRequests?: number;
	faultRate: number;
	rnd: () => number;
	intervals: number[];
	manualEvery: number;
	firstRun: FirstRun;
}

function setup(s: ScenarioValue): Built {
	const rnd = mulberry32(s.seed);
	let offsets = s.offsets;
	let gran = s.gran;
	if (offsets === 'none') {
		if (!s.sorted) offsets = 'any';
		else if (gran !== 'second' && gran !== 'millisecond') gran = 'second';
	}
	const g = GRAN[gran];
	const overlap = s.overlapMin * MIN;
	const opts: FakeOptions = {
		pageSize: s.pageSize,
		sorted: s.sorted,
		offsets,
		granularity: g.granularity,
		zone: g.zone,
		latencyMs: s.latency,
		reportTotal: s.reportTotal,
		unsortedOrder: s.scrambled ? 'scrambled' : 'insertion',
		maxWindowMs: s.sorted ? undefined : g.window,
	};
	const clock = new FakeClock(T0);
	const source = new FakeTracker(clock, opts);
	const usedSeconds = new Map<number, number>();
	let id = 0;
	for (const e of s.events) {
		const visibleAt = T0 + e.at * MIN + e.jitter;
		const late = Math.floor((e.latePermille / 1000) * (overlap - 2 * SEC));
		let t =
			e.future === 0
				? visibleAt + Math.floor((e.latePermille / 1000) * 20 * SEC)
				: visibleAt - late;
		if (g.granularity !== 'millisecond') t = Math.floor(t / SEC) * SEC;
		const burst = offsets === 'none' ? 1 : e.burst;
		for (let b = 0; b < burst; b++) {
			let tt = t;
			if (offsets === 'none') {
				// A source without offsets cannot page through more rows than a page in one second.
				while ((usedSeconds.get(Math.floor(tt / SEC)) ?? 0) >= s.pageSize - 1) tt += SEC;
				usedSeconds.set(Math.floor(tt / SEC), (usedSeconds.get(Math.floor(tt / SEC)) ?? 0) + 1);
			}
			source.add(`e${String(id++).padStart(4, '0')}`, tt, { visibleAt });
		}
	}
	const firstRun: FirstRun =
		s.firstRun === 'fromNow'
			? { mode: 'fromNow' }
			: s.firstRun === 'backfill'
				? { mode: 'backfillDays', days: 1 }
				: { mode: 'fromDate', date: new Date(T0 - 3 * HOUR).toISOString() };
	return {
		source,
		clock,
		overlap,
		options: { stream: { s: 'prop' }, firstRun, overlapMs: overlap, maxItemsPerPoll: s.maxItems },
		budget: s.budget,
		maxRequests: s.maxRequests,
		faultRate: s.faultRate,
		rnd,
		intervals: s.intervals.map((x) => x * SEC),
		manualEvery: s.manualEvery,
		firstRun,
	};
}

function decodeSeenTimes(st: PollStateV1): number[] {
	const times: number[] = [];
	let t = Date.parse(st.from);
	st.seen.t.forEach((d, i) => {
		t += d;
		for (let k = 0; k < st.seen.n[i]; k++) times.push(t);
	});
	return times;
}

interface RunLog {
	delivered: FakeRow[];
	firstOk?: { start: number; end: number; result: PollResult<FakeRow> };
	polls: number;
}

async function simulate(
	b: Built,
	endAt: number,
	mutate?: (clockMs: number) => void,
): Promise<RunLog> {
	const { source, clock } = b;
	let staticData: Record<string, unknown> = {};
	const log: RunLog = { delivered: [], polls: 0 };
	let faulted = false;
	source.failWhen = () => {
		if (b.faultRate > 0 && b.rnd() < b.faultRate) {
			faulted = true;
			return true;
		}
		return false;
	};
	let prevFrom = -Infinity;
	let step = 0;
	// Mutations also happen while a poll is reading pages (each request advances the clock).
	if (mutate) source.beforeServe = () => mutate(clock.ms);
	const doPoll = async (final: boolean) => {
		// Restart between polls: static data only survives as JSON.
		staticData = JSON.parse(JSON.stringify(staticData)) as Record<string, unknown>;
		const before = JSON.stringify(staticData);
		faulted = false;
		if (final) source.failWhen = () => false;
		const start = clock.ms;
		const options: PollOptions = {
			...b.options,
			now: clock.now,
			deadline: !final && b.budget !== undefined ? start + b.budget : undefined,
			maxRequestsPerPoll: final ? undefined : b.maxRequests,
		};
		log.polls++;
		let result: PollResult<FakeRow> | undefined;
		let error: unknown;
		try {
			result = await runPoll(staticData, source, options);
		} catch (e) {
			error = e;
		}
		if (faulted) {
			// Errors propagate, and the stored state is exactly what it was.
			expect(error).toBeDefined();
			expect(JSON.stringify(staticData)).toBe(before);
			return undefined;
		}
		if (error) throw error;
		const r = result as PollResult<FakeRow>;
		if (!log.firstOk) log.firstOk = { start, end: clock.ms, result: r };
		expect(r.rows.length).toBeLessThanOrEqual(b.options.maxItemsPerPoll ?? 5000);
		const times = r.rows.map((x) => x.t);
		for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
		log.delivered.push(...r.rows);
		// State bound: only keys with from ≤ t ≤ now, never more than the rows in that range.
		const from = Date.parse(r.state.from);
		expect(from).toBeGreaterThanOrEqual(prevFrom);
		prevFrom = from;
		const seenTimes = decodeSeenTimes(r.state);
		for (const t of seenTimes) {
			expect(t).toBeGreaterThanOrEqual(from);
			expect(t).toBeLessThanOrEqual(start);
		}
		if (!mutate) {
			// Append-only traffic: the state never holds more keys than there are rows in range.
			const inRange = new Set(
				source.rows.filter((x) => x.t >= from && x.t <= start).map((x) => source.key(x)),
			);
			expect(seenTimes.length).toBeLessThanOrEqual(inRange.size);
		}
		return r;
	};

	while (clock.ms < endAt) {
		clock.ms += b.intervals[step % b.intervals.length];
		step++;
		mutate?.(clock.ms);
		if (b.manualEvery > 0 && step % b.manualEvery === 0) {
			// Manual "Fetch Test Event": never given the state, and cannot fail the stream.
			const snapshot = JSON.stringify(staticData);
			try {
				await fetchSample(source, { limit: 2, now: clock.now });
			} catch {
				// injected fault: irrelevant for manual mode
			}
			expect(JSON.stringify(staticData)).toBe(snapshot);
		}
		await doPoll(false);
	}
	// Drain: no more traffic, no faults, no budget.
	const lastVisible = Math.max(...source.rows.map((r) => r.visibleAt), clock.ms);
	clock.ms = lastVisible + 1;
	for (let i = 0; i < 2000; i++) {
		clock.ms += MIN;
		const r = await doPoll(true);
		if (r && r.stats.caughtUp && r.rows.length === 0 && clock.ms > lastVisible + b.overlap) break;
	}
	return log;
}

function expectedRows(b: Built, log: RunLog): { must: FakeRow[]; may: Set<string> } {
	const first = log.firstOk;
	if (!first) throw new Error('no successful poll');
	const { source } = b;
	const may = new Set<string>();
	const must: FakeRow[] = [];
	if (b.firstRun.mode === 'fromNow') {
		const interrupted = first.result.stats.stoppedBy !== 'baseline';
		for (const r of source.rows) {
			if (r.visibleAt <= first.start) {
				// existed at activation; an interrupted baseline may deliver the rows it did not reach
				if (interrupted && r.t >= first.start - b.overlap) may.add(r.id);
				continue;
			}
			if (r.visibleAt <= first.end)
				may.add(r.id); // appeared while the baseline was read
			else must.push(r);
		}
	} else {
		const start =
			b.firstRun.mode === 'backfillDays'
				? first.start - b.firstRun.days * 24 * HOUR
				: Date.parse(b.firstRun.date);
		for (const r of source.rows) if (r.t >= start) must.push(r);
	}
	return { must, may };
}

describe('polling engine properties', () => {
	it('delivers every event exactly once across random polls, faults, restarts and budgets', async () => {
		let totalPolls = 0;
		await fc.assert(
			fc.asyncProperty(scenarioArb, async (s) => {
				const b = setup(s);
				const log = await simulate(b, T0 + 3 * HOUR);
				totalPolls += log.polls;
				const keys = log.delivered.map((r) => r.id);
				expect(new Set(keys).size).toBe(keys.length); // nothing twice
				const { must, may } = expectedRows(b, log);
				const got = new Set(keys);
				for (const r of must) expect(got.has(r.id) ? r.id : `MISSING ${r.id}`).toBe(r.id); // nothing lost
				const allowed = new Set([...must.map((r) => r.id), ...may]);
				for (const k of keys) expect(allowed.has(k) ? k : `UNEXPECTED ${k}`).toBe(k);
			}),
			{ numRuns: 60, seed: 20240501 },
		);
		expect(totalPolls).toBeGreaterThan(1000);
	});

	it('status changes: every final status delivered, no key twice, nothing invented', async () => {
		await fc.assert(
			fc.asyncProperty(
				scenarioArb.filter((s) => s.offsets !== 'aligned'),
				fc.array(
					fc.record({
						idx: fc.nat(),
						sec: fc.oneof(
							fc.integer({ min: 1, max: 30 * 60 }),
							fc.integer({ min: 1, max: 170 * 60 }),
						),
					}),
					{ maxLength: 40 },
				),
				fc.integer({ min: 500, max: 20_000 }),
				async (s, flips, latency) => {
					const b = setup({ ...s, firstRun: 'backfill', latency });
					(b.source.opts as FakeOptions).keyWithStatus = true;
					const statuses = ['sale', 'rejected', 'hold', 'rebill'];
					const versions = new Set(b.source.rows.map((r) => `${r.id}|${r.status}`));
					const pending = flips
						.map((f) => ({ ...f, at: T0 + f.sec * SEC }))
						.sort((x, y) => x.at - y.at);
					let n = 0;
					const history = new Map<string, Set<string>>();
					const log = await simulate(b, T0 + 3 * HOUR, (now) => {
						while (pending.length > 0 && pending[0].at <= now) {
							const f = pending.shift()!;
							const visible = b.source.rows.filter((r) => r.visibleAt <= now);
							if (visible.length === 0) continue;
							const row = visible[f.idx % visible.length];
							const status = statuses[n++ % statuses.length];
							const had = history.get(row.id) ?? new Set<string>([row.status]);
							history.set(row.id, had);
							// A status the row already had would be a genuinely repeated event; keep keys unique.
							if (had.has(status)) continue;
							had.add(status);
							// A flip is stamped with its postback time and visible from then on.
							const t = Math.floor(now / SEC) * SEC;
							b.source.flip(row.id, status, t);
							row.visibleAt = now;
							versions.add(`${row.id}|${status}`);
						}
					});
					const keys = log.delivered.map((r) => `${r.id}|${r.status}`);
					expect(new Set(keys).size).toBe(keys.length);
					for (const k of keys) expect(versions.has(k)).toBe(true);
					const first = log.firstOk!;
					const start = first.start - 24 * HOUR;
					const got = new Set(keys);
					for (const r of b.source.rows) {
						if (r.t < start) continue;
						const k = `${r.id}|${r.status}`;
						expect(got.has(k) ? k : `MISSING ${k}`).toBe(k);
					}
				},
			),
			{ numRuns: 30, seed: 424242 },
		);
	});

	it('rows that move (status change → new time) while a backlog is paged are never skipped', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					seed: fc.integer(),
					pageSize: fc.integer({ min: 2, max: 5 }),
					sorted: fc.boolean(),
					gran: fc.constantFrom<GranChoice>('second', 'hour', 'hourKolkata', 'dayNY'),
					rows: fc.integer({ min: 10, max: 120 }),
					spreadMin: fc.integer({ min: 1, max: 300 }),
					flipRate: fc.constantFrom(0.1, 0.3, 0.6),
					maxItems: fc.integer({ min: 1, max: 30 }),
				}),
				async (p) => {
					const rnd = mulberry32(p.seed);
					const g = GRAN[p.gran];
					const clock = new FakeClock(T0);
					const source = new FakeTracker(clock, {
						pageSize: p.pageSize,
						sorted: p.sorted,
						granularity: g.granularity,
						zone: g.zone,
						keyWithStatus: true,
						latencyMs: 1000,
						maxWindowMs: p.sorted ? undefined : g.window,
					});
					for (let i = 0; i < p.rows; i++) {
						const t = T0 - 6 * HOUR + Math.floor(rnd() * p.spreadMin) * MIN;
						source.add(`m${String(i).padStart(3, '0')}`, t, { status: 's0' });
					}
					let k = 0;
					let flipping = true;
					source.beforeServe = () => {
						// Several rows may move between two requests.
						while (flipping && rnd() < p.flipRate) {
							const row = source.rows[Math.floor(rnd() * source.rows.length)];
							source.flip(row.id, `s${++k}`, Math.floor(clock.ms / SEC) * SEC);
							row.visibleAt = clock.ms;
						}
					};
					let staticData: Record<string, unknown> = {};
					const delivered: string[] = [];
					const options: PollOptions = {
						stream: 'moves',
						firstRun: { mode: 'backfillDays', days: 1 },
						maxItemsPerPoll: p.maxItems,
						now: clock.now,
					};
					for (let i = 0; i < 3000; i++) {
						if (clock.ms > T0 + 30 * MIN) flipping = false;
						clock.ms += MIN;
						staticData = JSON.parse(JSON.stringify(staticData)) as Record<string, unknown>;
						const r = await runPoll(staticData, source, options);
						delivered.push(...r.rows.map((x) => `${x.id}|${x.status}`));
						if (!flipping && r.stats.caughtUp && r.rows.length === 0 && clock.ms > T0 + 45 * MIN)
							break;
					}
					expect(new Set(delivered).size).toBe(delivered.length);
					const got = new Set(delivered);
					for (const row of source.rows) {
						const key = `${row.id}|${row.status}`;
						expect(got.has(key) ? key : `MISSING ${key}`).toBe(key);
					}
				},
			),
			{ numRuns: 60, seed: 77 },
		);
	});
});

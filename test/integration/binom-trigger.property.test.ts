/**
 * Property-based: the Binom Trigger against the Binom 2 mock over real HTTP, random traffic (late
 * conversions inside the lateness window, same-second bursts, rows appearing while pages are
 * read), status flips and upsells, faults on any request, lost saves (crash), manual polls in
 * between, tiny pages and item caps, static data JSON round-tripped every poll. After draining:
 * - New Conversion: every conversion exactly once;
 * - Status or Payout Changed (with new conversions): no version twice, per conversion a chain of
 *   events whose "previous" is the version emitted before, ending at the tracker's final version.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { BinomApi } from '../../credentials/BinomApi.credentials';
import { BinomTrigger } from '../../nodes/Binom/BinomTrigger.node';
import { pollBinom, WATCH_KEY } from '../../nodes/Binom/trigger/poll';
import { readWatchState } from '../../nodes/shared/polling/statusWatch';
import { mulberry32 } from '../mock-servers/shared/faults';
import type { FaultRule } from '../mock-servers/shared/faults';
import { startBinomMock } from '../mock-servers/binom/server';
import type { BinomMock } from '../mock-servers/binom/server';
import { TriggerDriver, duplicates } from '../unit/binom/driver';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
/** Statuses only move forward, payouts only grow: a version never comes back (documented limit). */
const LADDER = ['lead', 'hold', 'approve', 'reject', 'trash'];

const stepArb = fc.record({
	advanceSec: fc.integer({ min: 10, max: 400 }),
	adds: fc.integer({ min: 0, max: 3 }),
	burst: fc.integer({ min: 0, max: 7 }),
	lateSec: fc.integer({ min: 0, max: 9 * 60 }),
	flips: fc.integer({ min: 0, max: 2 }),
	upsell: fc.boolean(),
	midPoll: fc.boolean(),
	fault: fc.constantFrom('none', 'none', 'none', '500', 'reset', 'truncate', '400'),
	crash: fc.boolean(),
	manual: fc.boolean(),
});

const scenarioArb = (minPage: number, maxPage: number) =>
	fc.record({
		seed: fc.integer({ min: 1, max: 2 ** 30 }),
		pageSize: fc.integer({ min: minPage, max: maxPage }),
		maxItems: fc.integer({ min: 1, max: 12 }),
		firstRun: fc.constantFrom('fromNow', 'backfillDays'),
		preexisting: fc.integer({ min: 0, max: 6 }),
		steps: fc.array(stepArb, { minLength: 6, maxLength: 16 }),
	});

type Scenario = ReturnType<typeof scenarioArb> extends fc.Arbitrary<infer T> ? T : never;

async function setupMock(): Promise<BinomMock> {
	const mock = await startBinomMock({ seedData: false, now: T0 });
	mock.state.trafficSources.push({ id: 1, name: 'PropellerAds' });
	mock.state.addCampaign({ name: 'Camp A' });
	return mock;
}

async function run(s: Scenario, event: 'newConversion' | 'conversionChanged') {
	const mock = await setupMock();
	try {
		const rnd = mulberry32(s.seed);
		const st = mock.state;
		const clock = () => st.clock.now();
		const ladder = new Map<string, number>();
		const add = (at?: number) => {
			const c = st.addConversion({ at, status: 'lead', payout: 10 });
			ladder.set(c.id, 0);
			return c;
		};
		const flip = () => {
			const open = st.conversions.filter((c) => (ladder.get(c.id) ?? 0) < LADDER.length - 1);
			if (!open.length) return;
			const c = open[Math.floor(rnd() * open.length)];
			const next = (ladder.get(c.id) ?? 0) + 1 + Math.floor(rnd() * 2);
			const i = Math.min(next, LADDER.length - 1);
			ladder.set(c.id, i);
			st.setConversionStatus(c.id, LADDER[i]);
		};
		const upsell = () => {
			if (!st.conversions.length) return;
			st.upsell(
				st.conversions[Math.floor(rnd() * st.conversions.length)].id,
				1 + Math.floor(rnd() * 5),
			);
		};
		for (let i = 0; i < s.preexisting; i++) add(T0 - Math.floor(rnd() * 5 * 3600) * 1000);

		const d = new TriggerDriver(
			new BinomTrigger(),
			{
				event,
				watchDays: 1,
				includeNew: true,
				firstRun: s.firstRun,
				backfillDays: 1,
				options: { pageSize: s.pageSize, maxItemsPerPoll: s.maxItems, overlapMinutes: 10 },
			},
			pollBinom,
			clock,
			{ type: new BinomApi(), data: { url: mock.url, apiKey: mock.apiKey } },
		);

		let baseline: Map<string, string> | undefined;
		const snapshot = () =>
			new Map(st.conversions.map((c) => [c.id, `${c.status}|${c.payout}`] as [string, string]));
		// n8n saves static data when a poll emits: a crash before that loses the first run, and
		// the next poll starts from now again (the baseline is the last such first run).
		const pollOnce = async () => {
			const fresh = d.stored === '{}';
			const out = await d.poll();
			if (!out.error && fresh) baseline = snapshot();
			return out;
		};

		for (const step of s.steps) {
			st.clock.advance(step.advanceSec * 1000);
			for (let i = 0; i < step.adds; i++) add(clock() - Math.floor(rnd() * step.lateSec) * 1000);
			if (step.burst > 1) {
				const at = clock() - Math.floor(rnd() * step.lateSec) * 1000;
				for (let i = 0; i < step.burst; i++) add(at);
			}
			for (let i = 0; i < step.flips; i++) flip();
			if (step.upsell) upsell();
			// (not during a first run: the baseline it takes is what the oracle compares with)
			st.onBeforeRespond =
				step.midPoll && d.stored !== '{}'
					? () => {
							if (rnd() < 0.4) add(clock() - Math.floor(rnd() * 5 * 60) * 1000);
							if (event === 'conversionChanged' && rnd() < 0.3) flip();
						}
					: null;
			let rule: FaultRule | undefined;
			if (step.fault === '500') rule = { status: 500 };
			else if (step.fault === '400') rule = { status: 400, body: { error: 'Bad request' } };
			else if (step.fault === 'reset') rule = { reset: true };
			else if (step.fault === 'truncate') rule = { truncate: { mode: 'end' } };
			const handle = rule
				? mock.faults.add({
						path: '/public/api/v1/conversions',
						times: 1,
						probability: 0.6,
						seed: s.seed,
						...rule,
					})
				: undefined;
			await pollOnce();
			handle?.remove();
			st.onBeforeRespond = null;
			if (step.manual) await d.poll('manual');
			if (step.crash) d.crash();
		}
		// drain
		// Two quiet polls in a row: a poll that ends a pass cut by the budget may be quiet while a late
		// row waits for the next pass.
		for (let i = 0, quiet = 0; i < 200; i++) {
			st.clock.advance(30_000);
			const { items, error } = await pollOnce();
			quiet = !error && items.length === 0 ? quiet + 1 : 0;
			if (quiet >= 2 && i > 2) break;
		}
		return { d, mock, baseline: baseline ?? new Map<string, string>() };
	} catch (e) {
		await mock.close();
		throw e;
	}
}

const version = (i: IDataObject) => `${String(i.rawStatus)}|${Number(i.revenue)}`;

describe('Binom Trigger properties (mock, fast-check)', () => {
	it('New Conversion: every conversion exactly once', async () => {
		jest.setTimeout(180_000);
		let polls = 0;
		await fc.assert(
			fc.asyncProperty(scenarioArb(2, 8), async (s) => {
				const { d, mock, baseline } = await run(s, 'newConversion');
				try {
					polls += d.polls;
					const ids = d.delivered.map((i) => String(i.conversionId));
					expect(duplicates(ids)).toEqual([]);
					const expected = mock.state.conversions
						.map((c) => c.id)
						.filter((id) => s.firstRun === 'backfillDays' || !baseline.has(id));
					expect(new Set(ids)).toEqual(new Set(expected));
					const times = d.delivered.map((i) => String(i.postbackTime));
					expect(times.length).toBe(ids.length);
				} finally {
					await mock.close();
				}
			}),
			{ numRuns: 12, seed: 4242, endOnFailure: true },
		);
		expect(polls).toBeGreaterThan(250);
	}, 240_000);

	it('Status or Payout Changed: no version twice, consistent chains, final versions reached', async () => {
		let polls = 0;
		await fc.assert(
			fc.asyncProperty(scenarioArb(8, 30), async (s) => {
				const { d, mock, baseline } = await run(s, 'conversionChanged');
				try {
					polls += d.polls;
					const keys = d.delivered.map((i) => `${String(i.conversionId)}|${version(i)}`);
					expect(duplicates(keys)).toEqual([]);
					const byId = new Map<string, IDataObject[]>();
					for (const i of d.delivered) {
						const list = byId.get(String(i.conversionId)) ?? [];
						list.push(i);
						byId.set(String(i.conversionId), list);
					}
					for (const c of mock.state.conversions) {
						const events = byId.get(c.id) ?? [];
						const final = `${c.status}|${c.payout}`;
						// (Status or Payout Changed always starts with the current versions as its baseline)
						const known = baseline.get(c.id);
						if (known === undefined) {
							// a conversion the trigger had not seen: created first, then changes
							expect(events[0]?.event).toBe('conversion.created');
						} else if (events.length === 0) {
							expect(final).toBe(known);
							continue;
						}
						let prev = events[0].event === 'conversion.created' ? undefined : known;
						for (const e of events) {
							if (e.event === 'conversion.created') {
								expect(prev).toBeUndefined();
							} else {
								expect(`${String(e.previousRawStatus)}|${Number(e.previousRevenue)}`).toBe(prev);
								expect(['conversion.statusChanged', 'conversion.payoutChanged']).toContain(e.event);
							}
							prev = version(e);
						}
						expect(prev).toBe(final);
					}
					const watch = readWatchState(d.state[WATCH_KEY]);
					expect(watch?.v).toBe(2);
					expect(watch?.days.length).toBeLessThanOrEqual(3);
				} finally {
					await mock.close();
				}
			}),
			{ numRuns: 12, seed: 777, endOnFailure: true },
		);
		expect(polls).toBeGreaterThan(250);
	}, 240_000);
});

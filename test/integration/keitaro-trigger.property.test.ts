/**
 * Property-based scenarios: the Keitaro Trigger (New Conversion, Conversion Status Changed, New
 * Click — three workflows polling the same tracker) against the Keitaro mock over real HTTP, with
 * simulated time, late postbacks (inside the lateness window), bursts in one second, status
 * changes, rows inserted while pages are being read, faults (503, connection resets, truncated
 * bodies, timeouts), n8n restarts (static data back to the last saved JSON), re-activation and
 * manual "Fetch Test Event" runs. Every run ends with fault-free polls; then every event must
 * have been emitted exactly once, and the static data must have stayed small throughout.
 *
 * Scenario rules (see nodes/Keitaro/trigger/watch.ts; the time model × id order matrix with
 * flip-backs is test/integration/keitaro-trigger-matrix.test.ts):
 * - a conversion changes status again only after the Status Changed workflow had a clean poll
 *   since its previous change (Keitaro keeps only the latest status of a conversion).
 */
import fc from 'fast-check';

import { startKeitaroMock } from '../mock-servers/keitaro/server';
import type { Mock } from '../unit/keitaro/trigger/driver';
import { TriggerDriver, duplicates } from '../unit/keitaro/trigger/driver';

jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: jest.fn(async () => undefined),
}));

type Status = 'lead' | 'sale' | 'rejected' | 'rebill';
type FaultKind = 'none' | '503' | '503-fatal' | 'reset' | 'truncate' | 'timeout';

interface Step {
	advance: number;
	conversions: Array<{ late: number; status: Status }>;
	flips: number[];
	clicks: number;
	fault: FaultKind;
	faultPath: 'conversions' | 'clicks' | 'any';
	inject: number;
	restart: number;
	reactivate: boolean;
	manual: boolean;
}

const statusArb = fc.constantFrom<Status>('lead', 'lead', 'sale', 'rebill');
const stepArb: fc.Arbitrary<Step> = fc.record({
	advance: fc.integer({ min: 10, max: 240 }),
	conversions: fc.array(
		fc.record({
			late: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 5 * 60 })),
			status: statusArb,
		}),
		{ maxLength: 5 },
	),
	flips: fc.array(fc.nat({ max: 1000 }), { maxLength: 3 }),
	clicks: fc.integer({ min: 0, max: 4 }),
	fault: fc.oneof(
		{ weight: 14, arbitrary: fc.constant<FaultKind>('none') },
		{ weight: 2, arbitrary: fc.constant<FaultKind>('503') },
		{ weight: 1, arbitrary: fc.constant<FaultKind>('503-fatal') },
		{ weight: 1, arbitrary: fc.constant<FaultKind>('reset') },
		{ weight: 1, arbitrary: fc.constant<FaultKind>('truncate') },
		{ weight: 1, arbitrary: fc.constant<FaultKind>('timeout') },
	),
	faultPath: fc.constantFrom<Step['faultPath']>('conversions', 'clicks', 'any'),
	inject: fc.oneof(
		{ weight: 5, arbitrary: fc.constant(0) },
		{ weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
	),
	restart: fc.oneof(
		{ weight: 6, arbitrary: fc.constant(-1) },
		{ weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) },
	),
	reactivate: fc.boolean().map((b) => b && Math.random() < 0.1),
	manual: fc.oneof(
		{ weight: 12, arbitrary: fc.constant(false) },
		{ weight: 1, arbitrary: fc.constant(true) },
	),
});

const NEXT: Record<Status, Status[]> = {
	lead: ['sale', 'rejected'],
	sale: ['rejected'],
	rebill: ['rejected'],
	rejected: [],
};

const MAX_ITEMS = 4;
/** More scenarios locally: KEITARO_TRIGGER_RUNS=30 npx jest test/integration/keitaro-trigger.property */
const EXTRA_RUNS = Number(process.env.KEITARO_TRIGGER_RUNS ?? 0);
const STATE_BOUND = 16_384;
let totalPolls = 0;

async function runScenario(steps: Step[], backfill: boolean): Promise<void> {
	const mock: Mock = await startKeitaroMock({ seedData: { days: 0 } });
	const clockSpy = jest.spyOn(Date, 'now').mockImplementation(() => mock.state.clock.nowMs());
	try {
		const s = mock.state;
		const campaigns = s.campaigns
			.all()
			.filter((c) => c.state === 'active')
			.map((c) => c.id);
		const status = new Map<number, Status>();
		const truthConv = new Set<string>();
		const truthChange = new Set<string>();
		const truthClick = new Set<string>();
		const changedAt = new Map<number, number>(); // conversion → step of its last change

		const addConv = (late: number, st: Status, track: boolean) => {
			const pb = Math.floor(s.clock.nowMs() / 1000) - late;
			const v = s.addConversion({
				status: st,
				postback_datetime: pb * 1000,
				// The click is logged with the conversion's time: a click is never later than the
				// lateness window either.
				click: { campaign_id: campaigns[v0(campaigns.length)], datetime: pb * 1000 },
			});
			status.set(v.conversion_id, st);
			if (track) {
				truthConv.add(String(v.conversion_id));
				truthClick.add(v.sub_id);
			}
			return v;
		};
		let rnd = 7;
		function v0(n: number) {
			rnd = (rnd * 1103515245 + 12345) % 2147483648;
			return rnd % n;
		}

		// History before the trigger starts (used by the backfill variant).
		s.clock.advance(-2 * 3_600_000);
		for (let i = 0; i < 12; i++) {
			s.clock.advance(8 * 60_000);
			const v = addConv(0, i % 3 === 0 ? 'sale' : 'lead', backfill);
			if (i % 4 === 1 && status.get(v.conversion_id) === 'lead') {
				s.clock.advance(30_000);
				s.setConversionStatus(v.conversion_id, 'sale');
				status.set(v.conversion_id, 'sale');
				changedAt.set(v.conversion_id, -2);
				if (backfill) truthChange.add(`${v.conversion_id}|sale`);
			}
		}
		s.clock.advance(3 * 60_000);

		const common = {
			options: {
				overlapMinutes: 6,
				maxItemsPerPoll: MAX_ITEMS,
				pageSize: 4,
				requestTimeout: 0.2,
				// The mock's default time model gives most changes no time: the sweep finds them, and
				// the catch-up below (3 quiet polls a minute apart) must cover a whole sweep.
				sweepPeriodMinutes: 1,
			},
			...(backfill ? { firstRun: 'backfillDays', backfillDays: 1 } : {}),
		};
		const drivers = [
			new TriggerDriver(mock, { event: 'newConversion', ...common }),
			new TriggerDriver(mock, { event: 'conversionStatusChanged', ...common }),
			new TriggerDriver(mock, { event: 'newClick', ...common }),
		];
		let statusCleanAt = -3; // last step with a clean, complete poll of the status workflow
		const pollAll = async (step: number) => {
			for (const d of drivers) {
				const logsBefore = d.harness.logs.length;
				const before = JSON.stringify(d.live);
				const r = await d.poll();
				// A failed poll leaves the static data exactly as it was: its window is read again.
				if (r.error) expect(JSON.stringify(d.live)).toBe(before);
				totalPolls++;
				if (!r.error) expect(d.stateBytes()).toBeLessThan(STATE_BOUND);
				const done = d.harness.logs
					.slice(logsBefore)
					.some((l) => l.includes('Trigger poll:') && l.includes('stopped by complete'));
				if (d === drivers[1] && !r.error && done) statusCleanAt = step;
			}
		};
		await pollAll(-1);

		for (let i = 0; i < steps.length; i++) {
			const st = steps[i];
			s.clock.advance(st.advance * 1000);
			for (const c of st.conversions) addConv(c.late, c.status, true);
			const flipped = new Set<number>();
			for (const pick of st.flips) {
				const idsList = [...status.keys()];
				const id = idsList[pick % idsList.length];
				const from = status.get(id) as Status;
				const last = changedAt.get(id);
				if (flipped.has(id) || NEXT[from].length === 0) continue;
				if (last !== undefined && statusCleanAt <= last) continue;
				const to = NEXT[from][pick % NEXT[from].length];
				s.setConversionStatus(id, to);
				status.set(id, to);
				changedAt.set(id, i);
				flipped.add(id);
				truthChange.add(`${id}|${to}`);
			}
			for (let k = 0; k < st.clicks; k++) {
				truthClick.add(s.addClick({ campaign_id: campaigns[v0(campaigns.length)] }).sub_id);
			}
			if (st.inject > 0) {
				let fired = false;
				s.onBeforeRespond = (info) => {
					if (fired || !info.path.endsWith('/log')) return;
					fired = true;
					for (let k = 0; k < st.inject; k++) addConv(0, 'lead', true);
				};
			}
			const path =
				st.faultPath === 'conversions'
					? '/admin_api/v1/conversions/log'
					: st.faultPath === 'clicks'
						? '/admin_api/v1/clicks/log'
						: '*';
			switch (st.fault) {
				case '503':
					mock.faults.add({ path, status: 503, times: 1 + (i % 3) });
					break;
				case '503-fatal':
					mock.faults.add({ path, status: 503, times: 5 });
					break;
				case 'reset':
					mock.faults.add({ path, reset: true, times: 1 + (i % 2) });
					break;
				case 'truncate':
					mock.faults.add({ path, truncate: { mode: i % 2 ? 'end' : 'destroy' }, times: 1 });
					break;
				case 'timeout':
					mock.faults.add({ path, delayMs: 350, times: 1 });
					break;
				default:
					break;
			}
			await pollAll(i);
			mock.faults.clear();
			s.onBeforeRespond = null;
			if (st.restart >= 0) drivers[st.restart].restart();
			if (st.reactivate) for (const d of drivers) d.reactivate();
			if (st.manual) {
				for (const d of drivers) {
					const m = await d.manual();
					expect(m.untouched).toBe(true);
				}
			}
		}

		// Fault-free polls until every workflow is caught up.
		let quiet = 0;
		for (let i = 0; i < 200 && quiet < 3; i++) {
			s.clock.advance(60_000);
			const before = drivers.map((d) => d.emitted.length);
			await pollAll(steps.length + i);
			quiet = drivers.every((d, k) => d.emitted.length === before[k]) ? quiet + 1 : 0;
		}

		const convKeys = drivers[0].emitted.map((e) => String(e.conversionId));
		const changeKeys = drivers[1].emitted.map(
			(e) => `${String(e.conversionId)}|${String(e.rawStatus)}`,
		);
		const clickKeys = drivers[2].emitted.map((e) => String(e.clickId));
		expect(duplicates(convKeys)).toEqual([]);
		expect(duplicates(changeKeys)).toEqual([]);
		expect(duplicates(clickKeys)).toEqual([]);
		expect(new Set(convKeys)).toEqual(truthConv);
		expect(new Set(changeKeys)).toEqual(truthChange);
		expect(new Set(clickKeys)).toEqual(truthClick);
		for (const e of drivers[1].emitted) expect(e.previousRawStatus).not.toEqual(e.rawStatus);
	} finally {
		clockSpy.mockRestore();
		await mock.close();
	}
}

describe('Keitaro Trigger scenarios (property-based)', () => {
	afterAll(() => {
		// 3 workflows × steps × runs, plus catch-up polls.
		expect(totalPolls).toBeGreaterThan(1000);
	});

	it('from now: every conversion, status change and click exactly once', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(stepArb, { minLength: 40, maxLength: 60 }), (steps) =>
				runScenario(steps, false),
			),
			{ numRuns: 4 + EXTRA_RUNS, endOnFailure: true },
		);
	}, 300_000);

	it('backfill: the history and everything after it exactly once', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(stepArb, { minLength: 40, maxLength: 60 }), (steps) =>
				runScenario(steps, true),
			),
			{ numRuns: 3 + EXTRA_RUNS, endOnFailure: true },
		);
	}, 300_000);
});

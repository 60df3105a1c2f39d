/**
 * Binom Trigger matrix: what Binom does is unknown in four ways (the query dialect of its log
 * endpoints, the order of the list, whether a status change moves `conversed_at`, and whether
 * `click_time` is a full time or a time of day next to `clicked_date`), so the mock offers each as
 * a switch and the trigger must be exact in every cell, for three event streams at once:
 * - Conversion Status or Payout Changed: every status change reported once, in order, flip-backs
 *   included (A→B→A, A→B→C→B), of conversions seconds to 25 days old; the current status of
 *   conversions that existed at activation is the baseline;
 * - New Conversion (From Now): every conversion created after activation once, bursts larger than
 *   Max Items per Poll included; conversions from before activation never, even when a status
 *   change moves their time;
 * - New Click: every click registered after activation once.
 * With faults (5xx, 429 + Retry-After, truncated bodies, resets, HTML, timeouts), restarts (static
 * data saved only after an emitting poll and after activation), re-activation, a midnight.
 * Prints `binom trigger matrix: C cells, P polls, lost L, duplicated D`.
 */
import type { IDataObject } from 'n8n-workflow';

import { BinomApi } from '../../credentials/BinomApi.credentials';
import { BinomTrigger } from '../../nodes/Binom/BinomTrigger.node';
import { WATCH_KEY } from '../../nodes/Binom/trigger/poll';
import { binomRuntime } from '../../nodes/Binom/trigger/runtime';
import { splitVersion } from '../../nodes/Binom/trigger/watch';
import { readWatchState } from '../../nodes/shared/polling/statusWatch';
import type { SavedWatch } from '../../nodes/shared/polling/statusWatch';
import { Harness } from '../helpers/n8n';
import { startBinomMock } from '../mock-servers/binom/server';
import { mulberry32, N8nPollDriver, pickFault } from '../unit/polling/n8nMatrix';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STATUSES = ['lead', 'approve', 'hold', 'reject'];
const LOG_PATH = /\/public\/api\/v1\/(conversions|clicklog)/;

interface Cell {
	dialect: 'window' | 'preset';
	order: 'requested' | 'newest';
	moves: boolean;
	clickTime: 'datetime' | 'time';
}

/**
 * Every combination of the switches a stream depends on: conversions depend on dialect × order ×
 * moves (8 cells); clicks on dialect × order × click_time, and click_time = dialect ⊕ order ⊕
 * moves gives each of those 8 combinations too.
 */
const CELLS: Cell[] = [];
for (const dialect of ['window', 'preset'] as const)
	for (const order of ['requested', 'newest'] as const)
		for (const moves of [false, true]) {
			const odd = (dialect === 'preset' ? 1 : 0) ^ (order === 'newest' ? 1 : 0) ^ (moves ? 1 : 0);
			CELLS.push({ dialect, order, moves, clickTime: odd ? 'time' : 'datetime' });
		}

/** What the status watch has saved about each conversion (its last observed status). */
function savedStatuses(saved: string): SavedWatch | undefined {
	const watch = (JSON.parse(saved) as IDataObject)[WATCH_KEY];
	if (watch === undefined) return undefined;
	const view = readWatchState(watch);
	if (!view) throw new Error('the saved status watch state does not decode');
	return view;
}

const totals = { cells: 0, polls: 0, lost: 0, duplicated: 0 };

function compare(expected: Map<string, string[]>, got: Map<string, string[]>) {
	let lost = 0;
	let duplicated = 0;
	const wrong: unknown[] = [];
	for (const id of new Set([...expected.keys(), ...got.keys()])) {
		const want = expected.get(id) ?? [];
		const have = got.get(id) ?? [];
		if (want.join() === have.join()) continue;
		lost += Math.max(0, want.length - have.length);
		duplicated += Math.max(0, have.length - want.length);
		if (want.length === have.length) lost += 1;
		wrong.push({ id, want, have });
	}
	return { lost, duplicated, wrong };
}

async function runCell(cell: Cell, index: number, steps: number) {
	const rng = mulberry32(9100 + index);
	const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
	// Half the cells cross midnight (UTC) during the run.
	const start =
		index % 2 === 0
			? Date.UTC(2025, 5, 16, 9, int(0, 59), 7)
			: Date.UTC(2025, 5, 16, 23, int(20, 40), 7);
	const mock = await startBinomMock({
		seedData: { clicks: 300, days: 26, conversionRate: 0.3 },
		now: start,
		conversionsDialect: cell.dialect,
		listOrder: cell.order,
		clickTimeFormat: cell.clickTime,
	});
	mock.state.touchConversedAt = cell.moves;
	const now = () => mock.state.clock.now();
	binomRuntime.now = now;
	try {
		const harness = new Harness().addCredential(new BinomApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			connectionCheck: '',
		});
		const options = { pageSize: 25, maxItemsPerPoll: 5 };
		const drivers = {
			changed: new N8nPollDriver(harness, new BinomTrigger(), {
				event: 'conversionChanged',
				watchDays: 30,
				options: { ...options, sweepMinutes: 10 },
			}),
			created: new N8nPollDriver(harness, new BinomTrigger(), {
				event: 'newConversion',
				firstRun: 'fromNow',
				options,
			}),
			clicks: new N8nPollDriver(harness, new BinomTrigger(), {
				event: 'newClick',
				firstRun: 'fromNow',
				options,
			}),
		};
		const all = Object.values(drivers);
		/** Statuses each conversion is expected to be reported with, in order (after the baseline). */
		const expected = new Map<string, string[]>();
		/** Each conversion's status history (to make flip-backs on purpose). */
		const history = new Map<string, string[]>();
		const createdAt = new Map<string, number>();
		const newConversions = new Set<string>();
		const newClicks = new Set<string>();
		let flipBacks = 0;
		const pollAll = async (opts: { activation?: boolean; manual?: boolean } = {}) => {
			for (const d of all) await d.poll(opts);
		};
		for (const c of mock.state.conversions) createdAt.set(c.id, c.conversedAt);
		await pollAll({ activation: true });
		for (const d of all) expect(d.errors).toEqual([]);

		const addConversion = (at: number) => {
			const c = mock.state.addConversion({ at, status: 'lead' });
			createdAt.set(c.id, now());
			history.set(c.id, ['lead']);
			newConversions.add(c.id);
			return c;
		};
		for (let s = 0; s < steps; s++) {
			mock.state.clock.advance(int(30, 150) * SEC);
			for (let i = int(0, 2); i > 0; i--) addConversion(now() - int(0, 8) * MIN);
			// A burst larger than Max Items per Poll, all in one second.
			if (rng() < 0.08) {
				const at = now() - int(0, 60) * SEC;
				for (let i = int(6, 14); i > 0; i--) addConversion(at);
			}
			for (let i = int(0, 3); i > 0; i--) {
				const k = mock.state.addClick({ at: now() - int(0, 5) * MIN });
				newClicks.add(k.id);
			}
			// Status changes of conversions from seconds to 25 days old, a burst now and then. Only of
			// conversions whose current status the status watch has read and saved: the log shows
			// only the current status, so two changes between two reads are one (README, limits).
			const burst = rng() < 0.06 ? int(6, 12) : int(0, 4);
			const known = savedStatuses(drivers.changed.saved);
			const live = mock.state.conversions.filter((c) => {
				if (!((createdAt.get(c.id) ?? 0) > now() - 25 * DAY)) return false;
				const e = known?.get(c.id);
				return e !== undefined && splitVersion(e.status).status === c.status;
			});
			for (let i = 0; i < burst && live.length; i++) {
				const c = live.splice(int(0, live.length - 1), 1)[0];
				const past = history.get(c.id) ?? [c.status];
				// A flip-back to the status before (A→B→A, A→B→C→B) a third of the time.
				const back = past.length >= 2 ? past[past.length - 2] : undefined;
				const next =
					back !== undefined && back !== c.status && rng() < 0.6
						? back
						: STATUSES.filter((x) => x !== c.status)[int(0, 2)];
				if (next === back) flipBacks++;
				mock.state.setConversionStatus(c.id, next);
				past.push(next);
				history.set(c.id, past);
				expected.set(c.id, [...(expected.get(c.id) ?? []), next]);
			}
			if (rng() < 0.1) {
				const fault =
					rng() < 0.2 ? { path: LOG_PATH, delayMs: 400, times: 1 } : pickFault(rng, LOG_PATH);
				mock.faults.add(fault);
			}
			if (rng() < 0.04) for (const d of all) d.restart();
			if (rng() < 0.02) {
				for (const d of all) d.restart();
				await pollAll({ activation: true });
				continue;
			}
			if (rng() < 0.02) await pollAll({ manual: true });
			await pollAll();
		}
		mock.faults.enabled = false;
		for (let i = 0, quiet = 0; i < 200 && quiet < 13; i++) {
			mock.state.clock.advance(MIN);
			let busy = false;
			for (const d of all) {
				const r = await d.poll();
				if (r.error || r.items.length) busy = true;
			}
			quiet = busy ? 0 : quiet + 1;
		}

		// Status changes: per conversion, exactly the expected statuses, in order.
		const gotChanges = new Map<string, string[]>();
		for (const item of drivers.changed.delivered as IDataObject[]) {
			const id = String(item.conversionId);
			gotChanges.set(id, [...(gotChanges.get(id) ?? []), String(item.rawStatus)]);
		}
		const changes = compare(expected, gotChanges);
		// New conversions and clicks: each once; nothing from before activation.
		const once = (ids: Set<string>) => new Map([...ids].map((id) => [id, ['new']]));
		const got = (d: N8nPollDriver, field: string) => {
			const m = new Map<string, string[]>();
			for (const item of d.delivered as IDataObject[]) {
				const id = String(item[field]);
				m.set(id, [...(m.get(id) ?? []), 'new']);
			}
			return m;
		};
		const created = compare(once(newConversions), got(drivers.created, 'conversionId'));
		// Clicks created by a conversion postback are dated 20 minutes back: allowed, not required.
		const gotClicks = got(drivers.clicks, 'clickId');
		const clickIds = new Set(mock.state.clicks.map((k) => k.id));
		const clickDup = [...gotClicks.entries()].filter(([, v]) => v.length > 1).map(([k]) => k);
		const clickLost = [...newClicks].filter((id) => !gotClicks.has(id));
		const clickForeign = [...gotClicks.keys()].filter((id) => !clickIds.has(id));

		const lost = changes.lost + created.lost + clickLost.length;
		const duplicated = changes.duplicated + created.duplicated + clickDup.length;
		totals.cells++;
		totals.polls += all.reduce((n, d) => n + d.polls, 0);
		totals.lost += lost;
		totals.duplicated += duplicated;
		if (process.env.BINOM_DEBUG) {
			console.log(
				JSON.stringify({
					changes: changes.wrong.slice(0, 5),
					created: created.wrong.slice(0, 5),
					errors: all.map((d) => d.errors.map((e) => e.message).slice(0, 3)),
				}),
			);
		}
		expect({ changes: changes.wrong, created: created.wrong }).toEqual({
			changes: [],
			created: [],
		});
		expect({ clickLost, clickDup, clickForeign }).toEqual({
			clickLost: [],
			clickDup: [],
			clickForeign: [],
		});
		// The scenario really exercised what it claims.
		expect([...expected.values()].flat().length).toBeGreaterThan(30);
		expect(flipBacks).toBeGreaterThan(0);
		expect(newConversions.size).toBeGreaterThan(15);
		expect(newClicks.size).toBeGreaterThan(15);
	} finally {
		await mock.close();
	}
}

describe('Binom Trigger matrix: status changes, new conversions, new clicks', () => {
	const real = { ...binomRuntime };
	beforeAll(() => {
		// Fail fast on a fault (the next poll retries); a delayed answer is a timeout.
		binomRuntime.retry = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 };
		binomRuntime.timeoutMs = 300;
	});
	afterAll(() => {
		Object.assign(binomRuntime, real);
		delete binomRuntime.retry;
		delete binomRuntime.timeoutMs;
		console.log(
			`binom trigger matrix: ${totals.cells} cells, ${totals.polls} polls, lost ${totals.lost}, duplicated ${totals.duplicated}`,
		);
	});
	for (const [i, cell] of CELLS.entries()) {
		it(`exact: dialect ${cell.dialect}, order ${cell.order}, a change ${cell.moves ? 'moves' : 'keeps'} conversed_at, click_time ${cell.clickTime}`, async () => {
			await runCell(cell, i, Number(process.env.BINOM_STEPS ?? 24));
		}, 120_000);
	}
});

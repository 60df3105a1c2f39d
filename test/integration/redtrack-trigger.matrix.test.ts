/**
 * RedTrack Trigger matrix, Conversion Status Changed: what RedTrack does is unknown in three ways
 * (the order of `/conversions`, the field its date filter applies to, whether a status change moves
 * a row's time), so the mock offers each as a switch and the trigger must be exact in every cell:
 * flip-backs (A→B→A, A→B→C→B), changes minutes to days after the conversion, bursts above Max
 * Items per Poll, two changes between polls (seen as one: the log shows only the current status),
 * faults, restarts (static data saved only after an emitting poll and after activation) and
 * re-activation. Prints `redtrack trigger matrix: C cells, P polls, lost L, duplicated D`.
 */
import type { IDataObject } from 'n8n-workflow';

import { RedTrackApi } from '../../credentials/RedTrackApi.credentials';
import { RedTrackTrigger } from '../../nodes/RedTrack/RedTrackTrigger.node';
import { redTrackRuntime } from '../../nodes/RedTrack/trigger/runtime';
import { Harness } from '../helpers/n8n';
import { startRedTrackMock, type RedTrackStatus } from '../mock-servers/redtrack/server';
import { mulberry32, N8nPollDriver, pickFault } from '../unit/polling/n8nMatrix';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STATUSES: RedTrackStatus[] = ['pending', 'approved', 'declined', 'other'];

interface Cell {
	order: 'desc' | 'asc';
	conversionDateField: 'conv_time' | 'created_at';
	statusChangeMoves: 'none' | 'conv_time' | 'created_at';
}

const CELLS: Cell[] = [
	{ order: 'desc', conversionDateField: 'conv_time', statusChangeMoves: 'none' },
	{ order: 'asc', conversionDateField: 'conv_time', statusChangeMoves: 'conv_time' },
	{ order: 'desc', conversionDateField: 'created_at', statusChangeMoves: 'created_at' },
	{ order: 'asc', conversionDateField: 'created_at', statusChangeMoves: 'none' },
];

const totals = { cells: 0, polls: 0, lost: 0, duplicated: 0 };

async function runCell(cell: Cell, seed: number, steps: number) {
	const rng = mulberry32(seed);
	const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
	const mock = await startRedTrackMock({
		reportRateLimit: { clock: 'mock' },
		seedData: { clicks: 200, days: 20, conversionRate: 0.3 },
		order: cell.order,
		conversionDateField: cell.conversionDateField,
		now: Date.UTC(2025, 5, 16, 9, int(0, 59), 7),
	});
	mock.state.statusChangeMoves = cell.statusChangeMoves;
	try {
		redTrackRuntime.now = mock.state.clock.now;
		const now = () => mock.state.clock.now();
		const harness = new Harness().addCredential(new RedTrackApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			connectionCheck: '',
		});
		const d = new N8nPollDriver(harness, new RedTrackTrigger(), {
			event: 'statusChanged',
			watchWindowDays: 30,
			options: { pageSize: 25, maxItemsPerPoll: 5 },
		});
		// The statuses each conversion is expected to be reported with, in order (after the baseline).
		const expected = new Map<string, RedTrackStatus[]>();
		/** When each conversion may next change without two changes being read as one. */
		const quietUntil = new Map<string, number>();
		let savedAt = now();
		const poll = async (opts: { activation?: boolean; manual?: boolean } = {}) => {
			const before = d.saved;
			const startedAt = now();
			const r = await d.poll(opts);
			if (d.saved !== before) savedAt = startedAt;
			return r;
		};
		const act = await poll({ activation: true });
		expect(act.error).toBeUndefined();
		savedAt = now();
		const change = (id: string, status: RedTrackStatus, collapse: boolean) => {
			mock.state.setConversionStatus(id, status);
			const list = expected.get(id) ?? [];
			if (collapse && list.length) list[list.length - 1] = status;
			else list.push(status);
			expected.set(id, list);
		};
		for (let s = 0; s < steps; s++) {
			mock.state.clock.advance(int(30, 150) * SEC);
			for (let i = int(0, 2); i > 0; i--) {
				mock.state.addConversion({ at: now() - int(0, 30) * MIN, status: 'pending' });
			}
			// Status changes: of conversions from minutes to 25 days old; a burst now and then.
			const burst = rng() < 0.06 ? int(6, 12) : int(0, 2);
			// Only conversions the trigger has read and saved (a conversion created and changed before
			// any saved read shows only its last status: see the README's limits).
			const live = mock.state.conversions.filter(
				(c) =>
					c.t > now() - 25 * DAY && c.createdAt < savedAt && (quietUntil.get(c.id) ?? 0) <= now(),
			);
			for (let i = 0; i < burst && live.length; i++) {
				const c = live.splice(int(0, live.length - 1), 1)[0];
				const before = c.status;
				const next = STATUSES.filter((x) => x !== before)[int(0, 2)];
				change(c.id, next, false);
				if (rng() < 0.1) {
					// A second change before any poll: read as one change (or none, when it flips back).
					const again = STATUSES.filter((x) => x !== next)[int(0, 2)];
					const list = expected.get(c.id)!;
					mock.state.setConversionStatus(c.id, again);
					if (again === before) list.pop();
					else list[list.length - 1] = again;
				}
				// The next change of it only after the sweep has surely read this one.
				quietUntil.set(c.id, now() + 20 * MIN);
			}
			if (rng() < 0.1) mock.faults.add(pickFault(rng, '/conversions'));
			if (rng() < 0.04) d.restart();
			if (rng() < 0.02) {
				d.restart();
				await poll({ activation: true });
				continue;
			}
			if (rng() < 0.02) await poll({ manual: true });
			await poll();
		}
		mock.faults.enabled = false;
		for (let i = 0, quiet = 0; i < 200 && quiet < 20; i++) {
			mock.state.clock.advance(MIN);
			const r = await d.poll();
			quiet = !r.error && r.items.length === 0 ? quiet + 1 : 0;
		}
		// Score: per conversion, the reported statuses must be exactly the expected ones, in order.
		const got = new Map<string, string[]>();
		for (const item of d.delivered as IDataObject[]) {
			const id = String(item.conversionId);
			got.set(id, [...(got.get(id) ?? []), String(item.rawStatus)]);
		}
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
		totals.cells++;
		totals.polls += d.polls;
		totals.lost += lost;
		totals.duplicated += duplicated;
		if (process.env.RT_DEBUG)
			console.log(
				JSON.stringify(
					wrong.map((w) => ({
						...(w as object),
						c: mock.state.getConversion((w as { id: string }).id),
					})),
				),
				mock.requests.entries.length,
			);
		expect(wrong).toEqual([]);
		expect([...expected.values()].flat().length).toBeGreaterThan(40);
	} finally {
		await mock.close();
	}
}

describe('RedTrack Trigger matrix: Conversion Status Changed', () => {
	const real = { ...redTrackRuntime };
	afterAll(() => {
		Object.assign(redTrackRuntime, real);
		console.log(
			`redtrack trigger matrix: ${totals.cells} cells, ${totals.polls} polls, lost ${totals.lost}, duplicated ${totals.duplicated}`,
		);
	});
	for (const [i, cell] of CELLS.entries()) {
		it(`every change once: order ${cell.order}, date filter on ${cell.conversionDateField}, a change moves ${cell.statusChangeMoves}`, async () => {
			await runCell(cell, 500 + i, Number(process.env.RT_STEPS ?? 40));
		}, 60_000);
	}
});

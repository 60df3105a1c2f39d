/**
 * The New Conversion id mark (nodes/Keitaro/trigger/conversions.ts) as a pure function of the
 * engine's result: which changed rows are new, and how the state grows and shrinks.
 */
import type { IPollFunctions } from 'n8n-workflow';

import type { PollOptions, PollResult } from '../../../../nodes/shared/polling';
import { fingerprint } from '../../../../nodes/shared/polling';
import type { ConversionMarkV1, LogRow, TriggerOptions } from '../../../../nodes/Keitaro/trigger';
import {
	CLOCK_MARGIN_MS,
	markAt,
	MAX_MARK_ENTRIES,
	MAX_PENDING_IDS,
	newConversionCompanion,
} from '../../../../nodes/Keitaro/trigger';

const options = { timezone: 'UTC', overlapMs: 600_000, timeoutMs: 1000 } as TriggerOptions;
const pollOptions: PollOptions = {
	stream: { s: 1 },
	firstRun: { mode: 'backfillDays', days: 1 },
	overlapMs: 600_000,
};
const fp = fingerprint({ stream: pollOptions.stream, firstRun: pollOptions.firstRun });
const T0 = Date.parse('2025-06-16T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
function row(id: number, atMs: number, previous?: string): LogRow {
	return {
		json: { conversionId: String(id) },
		t: atMs,
		k: String(id),
		id,
		prev: previous ?? '',
		status: previous ? 'sale' : 'lead',
	};
}

function result(
	rows: LogRow[],
	from: number,
	extra: Partial<PollResult<LogRow>['stats']> = {},
): PollResult<LogRow> {
	return {
		rows,
		state: { v: 1, fp, from: iso(from), at: iso(from), seen: { t: [], n: [], h: '' } },
		stats: {
			stoppedBy: 'complete',
			requests: 1,
			rowsRead: rows.length,
			emitted: rows.length,
			duplicates: 0,
			outOfWindow: 0,
			invalidTime: 0,
			restarts: 0,
			evicted: 0,
			seenKeys: 0,
			windowFrom: iso(from),
			windowTo: iso(from),
			nextFrom: iso(from),
			caughtUp: true,
			...extra,
		},
	};
}

const companion = newConversionCompanion({} as IPollFunctions, options);
const run = async (rows: LogRow[], state: unknown, from: number, now: number, extra = {}) =>
	await companion.afterPoll({
		rows,
		state,
		result: result(rows, from, extra),
		previousEngineState: undefined,
		options: pollOptions,
		now,
	});

describe('New Conversion id mark', () => {
	it('a first postback is always new; a change is new only for a conversion never read', async () => {
		const p1 = await run([row(1, T0), row(2, T0 + 1000)], undefined, T0 - 600_000, T0 + 2000);
		const s1 = p1.state as ConversionMarkV1;
		expect(p1.rows).toHaveLength(2);
		expect(s1.e).toEqual([[T0 + 2000 + CLOCK_MARGIN_MS, 2]]);
		expect(s1.g).toEqual([1, 1]); // ids 1, 2 delta-encoded

		const later = T0 + 3_600_000;
		const p2 = await run(
			[row(2, later, 'lead'), row(3, later, 'lead'), row(4, later)],
			JSON.parse(JSON.stringify(s1)),
			later - 600_000,
			later + 500,
		);
		expect(p2.rows.map((r) => r.id)).toEqual([3, 4]);
		const s2 = p2.state as ConversionMarkV1;
		expect(s2.b).toBe(2); // the first step is older than the cursor: folded
		expect(s2.g).toEqual([3, 1]); // 3, 4 wait for their step to pass the cursor
	});

	it('a change registered before a step counts as unread (it moved before the read)', () => {
		const mark = { b: 0, e: [[T0, 10] as [number, number]] };
		expect(markAt(mark, T0 - 1)).toBe(0);
		expect(markAt(mark, T0)).toBe(10);
	});

	it('a drain poll only proves ids read at least one lateness window before its position', async () => {
		const S = T0;
		const rows = [row(5, S - 900_000), row(6, S - 300_000), row(7, S - 100_000, 'lead'), row(8, S)];
		const p = await run(rows, undefined, S - 1_000_000, T0 + 3_600_000, {
			stoppedBy: 'maxItems',
			caughtUp: false,
		});
		const s = p.state as ConversionMarkV1;
		// 5 (older than S − O) and 7 (a changed row before S) prove; 6 and 8 do not.
		expect(s.e.map((e) => e[1])).toEqual([7]);
		expect(s.g.reduce((acc: number[], d) => [...acc, (acc[acc.length - 1] ?? 0) + d], [])).toEqual([
			5, 6, 7, 8,
		]);
	});

	it('stays bounded; an unusable state is replaced by the safe empty mark', async () => {
		let state: unknown;
		let id = 0;
		for (let p = 0; p < 80; p++) {
			const rows = Array.from({ length: 50 }, () => row(++id, T0 + p * 1000));
			const out = await run(rows, state, T0 - 3_600_000, T0 + p * 60_000, {
				stoppedBy: 'maxItems',
				caughtUp: false,
			});
			state = JSON.parse(JSON.stringify(out.state));
		}
		const s = state as ConversionMarkV1;
		expect(s.g.length).toBeLessThanOrEqual(MAX_PENDING_IDS);
		expect(s.e.length).toBeLessThanOrEqual(MAX_MARK_ENTRIES);
		expect(JSON.stringify(s).length).toBeLessThan(20_000);

		const fresh = await run([row(3, T0, 'lead')], { v: 1, fp, b: 'x' }, T0 - 600_000, T0);
		expect(fresh.rows).toHaveLength(1);
		expect((fresh.state as ConversionMarkV1).b).toBe(0);
	});
});

import { dayNumber, memoIdOf, pollStatusWatch } from '../../../nodes/shared/polling/statusWatch';
import type { StatusWatchOptions } from '../../../nodes/shared/polling/statusWatch';

interface Row {
	id: string;
	status: string;
	day: number;
}

const T0 = Date.UTC(2025, 5, 16, 12);
const today = dayNumber('2025-06-16');

function options(rows: Row[], now: number, extra: Partial<StatusWatchOptions<Row>> = {}) {
	return {
		stream: 's',
		today,
		now,
		async readDays(lo: number, hi: number, onRows: (r: Row[]) => void) {
			onRows(rows.filter((r) => r.day >= lo && r.day <= hi).map((r) => ({ ...r })));
			return true;
		},
		describe: (r: Row) => r,
		normalize: (s: string) => s.toLowerCase(),
		...extra,
	};
}

describe('status watch', () => {
	it('emits every change once, flip-backs included, whatever the list order and age', async () => {
		const rows: Row[] = Array.from({ length: 50 }, (_, i) => ({
			id: `c${i}`,
			status: 'pending',
			day: today - (i % 29),
		}));
		let state: unknown;
		let now = T0;
		const poll = async (reverse = false) => {
			const list = reverse ? [...rows].reverse() : rows;
			const r = await pollStatusWatch(state, options(list, now));
			state = JSON.parse(JSON.stringify(r.state));
			now += 60_000;
			return r.events.map((e) => `${e.row.id}:${e.previousStatus}>${e.row.status}#${e.change}`);
		};
		expect(await poll()).toEqual([]); // baseline
		const seen: string[] = [];
		const flips = ['approved', 'pending', 'declined', 'approved'];
		for (const [k, status] of flips.entries()) {
			rows[7].status = status; // 7 days old: swept
			rows[1].status = status; // yesterday: read every poll
			for (let p = 0; p < 16; p++) seen.push(...(await poll(p % 2 === 1)));
			expect(seen.filter((e) => e.startsWith('c1:'))).toHaveLength(k + 1);
		}
		expect(seen.filter((e) => e.startsWith('c7:'))).toEqual([
			'c7:pending>approved#1',
			'c7:approved>pending#2',
			'c7:pending>declined#3',
			'c7:declined>approved#4',
		]);
	});

	it('a change cut by Max Items per Poll is emitted by a later poll, never lost', async () => {
		const rows: Row[] = Array.from({ length: 20 }, (_, i) => ({
			id: `c${i}`,
			status: 'a',
			day: today,
		}));
		let r = await pollStatusWatch(undefined, options(rows, T0, { maxItems: 3 }));
		for (const row of rows) row.status = 'b';
		const got: string[] = [];
		for (let p = 1; p < 10; p++) {
			r = await pollStatusWatch(r.state, options(rows, T0 + p * 60_000, { maxItems: 3 }));
			got.push(...r.events.map((e) => e.row.id));
		}
		expect(got.sort()).toEqual(rows.map((x) => x.id).sort());
	});

	it('state size: 50,000 conversions over 30 days', async () => {
		const rows: Row[] = Array.from({ length: 50_000 }, (_, i) => ({
			id: `6850${(i * 7919).toString(16).padStart(20, '0')}`,
			status: ['pending', 'approved', 'declined'][i % 3],
			day: today - (i % 30),
		}));
		const r = await pollStatusWatch(undefined, options(rows, T0));
		const bytes = JSON.stringify(r.state).length;
		console.log(`status watch state: 50,000 conversions / 30 days = ${bytes} bytes`);
		expect(bytes).toBeLessThan(500_000);
		expect(new Set(rows.map((x) => memoIdOf(x.id))).size).toBe(rows.length);
	});
});

/**
 * nodes/shared/polling/statusMemo.ts: exact round trips (integer and string ids, counters, moves
 * between days), pruning by whole days, rejection of malformed states, and the size goal
 * (50,000 conversions in a 30-day window ≤ 128 KB under both id orders).
 */
import { StatusMemo, dayOf } from '../../../nodes/shared/polling';
import type { MemoEntry } from '../../../nodes/shared/polling';

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

function roundTrip(memo: StatusMemo): StatusMemo {
	const copy = StatusMemo.fromState(JSON.parse(JSON.stringify(memo.toState())));
	expect(copy).toBeDefined();
	return copy as StatusMemo;
}

function sorted(memo: StatusMemo): Array<[string, MemoEntry]> {
	return [...memo.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const STATUSES = ['lead', 'sale', 'rejected', 'rebill'];

/**
 * A window of `count` conversions over 30 days, 2 % of them changing per day. Arrival order: ids
 * follow the conversion time. Click order: the id is the click's (3 clicks per conversion), the
 * conversion comes 0–3 days after its click.
 */
function windowMemo(count: number, order: 'arrival' | 'click', seed: number): StatusMemo {
	const rng = mulberry32(seed);
	const memo = new StatusMemo();
	const day0 = 20_000;
	const perDay = count / 30;
	const convs: Array<{ id: number; at: number }> = [];
	for (let k = 0; k < count; k++) {
		const clickId = 3_000_000 + 3 * k + Math.floor(rng() * 3);
		const at = k / perDay + (order === 'click' ? rng() * 3 : 0);
		convs.push({ id: clickId, at });
	}
	convs.sort((a, b) => a.at - b.at);
	convs.forEach((c, i) => {
		const day = day0 + Math.floor((i * 30) / count);
		const id = order === 'arrival' ? 1_000_000 + i : c.id;
		const age = day0 + 30 - day;
		const changed = rng() < Math.min(0.9, 0.02 * age);
		const status = changed ? STATUSES[1 + Math.floor(rng() * 2)] : 'lead';
		const n = changed ? (rng() < 0.1 ? 2 : 1) : 0;
		memo.set(id, day, { status, prev: changed ? 'lead' : '', n });
	});
	return memo;
}

describe('StatusMemo', () => {
	it('remembers status, previous status, counter and day of integer and string ids', () => {
		const memo = new StatusMemo();
		memo.set(5, 100, { status: 'lead', prev: '', n: 0 });
		memo.set('7', 100, { status: 'sale', prev: 'lead', n: 1 });
		memo.set('abc-1', 101, { status: 'rejected', prev: 'sale', n: 3 });
		memo.set(2 ** 40, 101, { status: 'lead', prev: 'sale', n: 2 });
		memo.set('007', 99, { status: 'sale', prev: '', n: 0 });
		expect(memo.get('5')).toEqual({ day: 100, status: 'lead', prev: '', n: 0 });
		expect(memo.get(7)).toEqual({ day: 100, status: 'sale', prev: 'lead', n: 1 });
		const copy = roundTrip(memo);
		expect(sorted(copy)).toEqual(sorted(memo));
		expect(copy.get('abc-1')).toEqual({ day: 101, status: 'rejected', prev: 'sale', n: 3 });
		expect(copy.get('007')?.day).toBe(99);
		expect(copy.has(7)).toBe(true);
		expect(copy.size).toBe(5);
	});

	it('moves an id to another day and prunes whole days', () => {
		const memo = new StatusMemo();
		for (let i = 1; i <= 10; i++) memo.set(i, 200 + (i % 3), { status: 'lead', prev: '', n: 0 });
		memo.set(3, 205, { status: 'sale', prev: 'lead', n: 1 });
		expect(memo.pruneBefore(202)).toBe(6);
		const left = sorted(roundTrip(memo)).map(([k, e]) => [k, e.day]);
		expect(left).toEqual([
			['2', 202],
			['3', 205],
			['5', 202],
			['8', 202],
		]);
	});

	it('round-trips random memos exactly (property)', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const rng = mulberry32(seed);
			const memo = new StatusMemo();
			const n = Math.floor(rng() * 300);
			for (let i = 0; i < n; i++) {
				const kind = rng();
				const id =
					kind < 0.6
						? Math.floor(rng() * 1e6)
						: kind < 0.8
							? Math.floor(rng() * 2 ** 50)
							: `x${Math.floor(rng() * 1e4)}`;
				const st = STATUSES[Math.floor(rng() * 4)];
				const prev = rng() < 0.5 ? '' : STATUSES[Math.floor(rng() * 4)];
				memo.set(id, 19_000 + Math.floor(rng() * 40), {
					status: st,
					prev,
					n: Math.floor(rng() * 5),
				});
			}
			expect(sorted(roundTrip(memo))).toEqual(sorted(memo));
		}
	});

	it('rejects malformed states', () => {
		const good = new StatusMemo();
		good.set(1, 1, { status: 'lead', prev: '', n: 0 });
		const state = good.toState();
		expect(StatusMemo.fromState(state)).toBeDefined();
		for (const bad of [
			null,
			'x',
			{ ...state, v: 3 },
			{ ...state, p: [['lead']] },
			{ ...state, d: { '1': '\\' } },
			{ ...state, d: { '1': 'Z' } }, // a continuation digit with no end
			{ ...state, d: { x: '#' } },
			{ ...state, x: { '1': -1 } },
			{ ...state, d: { '1': '%#' } }, // a repeated id (delta 0)
		]) {
			expect(StatusMemo.fromState(bad)).toBeUndefined();
		}
	});

	it('keeps 50,000 conversions of a 30-day window in ≤ 128 KB under both id orders', () => {
		for (const order of ['arrival', 'click'] as const) {
			const memo = windowMemo(50_000, order, 11);
			expect(memo.size).toBe(50_000);
			const bytes = Buffer.byteLength(JSON.stringify(memo.toState()));
			console.log(`StatusMemo: 50,000 conversions / 30 days, ${order} ids: ${bytes} bytes`);
			expect(bytes).toBeLessThanOrEqual(128 * 1024);
			expect(sorted(roundTrip(memo))).toEqual(sorted(memo));
		}
	});

	it('stores runs of consecutive ids with the same status in a few characters', () => {
		const memo = new StatusMemo();
		for (let i = 0; i < 10_000; i++)
			memo.set(500_000 + i, 300 + Math.floor(i / 5000), { status: '', prev: '', n: 0 });
		memo.set(510_005, 301, { status: 'sale', prev: 'lead', n: 1 });
		const state = memo.toState();
		expect(JSON.stringify(state).length).toBeLessThan(120);
		expect(sorted(roundTrip(memo))).toEqual(sorted(memo));
	});

	it('takes back the memo of its own unchanged state, and decodes a changed one afresh', () => {
		const memo = windowMemo(2_000, 'click', 5);
		memo.set('ab-1', 20_010, { status: 'sale', prev: 'lead', n: 3 });
		const expected = sorted(memo);
		// Unchanged state and memo: the same memo, once.
		const state = memo.toState();
		const again = StatusMemo.fromState(state);
		expect(again).toBe(memo);
		expect(sorted(again as StatusMemo)).toEqual(expected);
		const second = StatusMemo.fromState(state);
		expect(second).not.toBe(memo);
		expect(sorted(second as StatusMemo)).toEqual(expected);
		// The memo changed after toState: the state's content, not the memo's.
		const state2 = memo.toState();
		memo.set(7, 20_011, { status: 'lead', prev: '', n: 0 });
		const fresh = StatusMemo.fromState(state2) as StatusMemo;
		expect(fresh).not.toBe(memo);
		expect(sorted(fresh)).toEqual(expected);
		// The state changed in place (a day, a counter, a pair): decoded from what it holds now.
		for (const change of [
			(st: ReturnType<StatusMemo['toState']>) => delete st.d[Object.keys(st.d)[0]],
			(st: ReturnType<StatusMemo['toState']>) => (st.x = { ...st.x, 'ab-1': 9 }),
			(st: ReturnType<StatusMemo['toState']>) => (st.p[0] = ['other', '']),
			(st: ReturnType<StatusMemo['toState']>) => (st.d['1'] = 'garbage\\'),
		]) {
			const m = StatusMemo.fromState(JSON.parse(JSON.stringify(memo.toState()))) as StatusMemo;
			const st = m.toState();
			const plain = JSON.parse(JSON.stringify(st)) as ReturnType<StatusMemo['toState']>;
			change(st);
			change(plain);
			const got = StatusMemo.fromState(st);
			expect(got).not.toBe(m);
			const want = StatusMemo.fromState(plain);
			expect(got === undefined ? undefined : sorted(got)).toEqual(
				want === undefined ? undefined : sorted(want),
			);
		}
	});

	it('stays exact when it re-encodes only the days changed since its last state', () => {
		const rng = mulberry32(23);
		const memo = new StatusMemo();
		for (let batch = 0; batch < 60; batch++) {
			for (let k = 0; k < 200; k++) {
				const r = rng();
				const id = rng() < 0.1 ? `s${Math.floor(rng() * 50)}` : Math.floor(rng() * 3000);
				if (r < 0.08) memo.delete(id);
				else {
					const status = rng() < 0.7 ? '' : STATUSES[Math.floor(rng() * STATUSES.length)];
					const prev = rng() < 0.7 ? '' : STATUSES[Math.floor(rng() * STATUSES.length)];
					memo.set(id, 100 + batch + Math.floor(rng() * 5), {
						status,
						prev,
						n: Math.floor(rng() * 3),
					});
				}
			}
			if (batch % 7 === 6) memo.pruneBefore(100 + batch - 3);
			expect(sorted(roundTrip(memo))).toEqual(sorted(memo));
		}
	});

	it('dayOf is the UTC day number', () => {
		expect(dayOf(Date.UTC(1970, 0, 2, 23, 59))).toBe(1);
		expect(dayOf(Date.UTC(2025, 5, 16))).toBe(Math.floor(Date.UTC(2025, 5, 16) / 86_400_000));
	});
});

/**
 * nodes/shared/polling/idRanges.ts: the exact set of ids New Conversion remembers. Randomized
 * against a plain model (ids in arrival order, ids assigned at click time with gaps, out-of-order
 * inserts, string ids, sightings on later days, expiry at the window edge, JSON round trips),
 * rejection of malformed states, the size of a 200,000-id backfill, and the loss-free load of a
 * state written by the previous format (a frozen fixture made by the StatusMemo of main 067019c).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { idsOfMemoState } from '../../../nodes/Keitaro/trigger/watch';
import { ID_BLOCK, IdRanges } from '../../../nodes/shared/polling';
import type { IdRangesState, RangeId } from '../../../nodes/shared/polling';

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

const canonical = (id: RangeId): string => {
	const s = String(id);
	return /^(0|[1-9]\d{0,15})$/.test(s) && Number.isSafeInteger(Number(s)) ? `#${s}` : `$${s}`;
};

/**
 * The model: a Map from id to the latest day it was added with. Pruning drops a string id when
 * its day is before the cut, and every integer id of a block (`floor(id / ID_BLOCK)`) whose
 * latest day (over the ids added to it since it was last emptied) is before the cut.
 */
class Model {
	readonly ids = new Map<string, number>();
	add(id: RangeId, day: number): boolean {
		const k = canonical(id);
		const old = this.ids.get(k);
		this.ids.set(k, Math.max(old ?? day, day));
		return old === undefined;
	}
	prune(cut: number): void {
		const blockDay = new Map<number, number>();
		for (const [k, day] of this.ids) {
			if (k.startsWith('$')) continue;
			const b = Math.floor(Number(k.slice(1)) / ID_BLOCK);
			blockDay.set(b, Math.max(blockDay.get(b) ?? day, day));
		}
		for (const [k, day] of this.ids) {
			const keep = k.startsWith('$')
				? day >= cut
				: (blockDay.get(Math.floor(Number(k.slice(1)) / ID_BLOCK)) as number) >= cut;
			if (!keep) this.ids.delete(k);
		}
	}
}

function same(set: IdRanges, model: Model): void {
	expect(set.size).toBe(model.ids.size);
	const got = [...set.ids()].map(canonical).sort();
	expect(got).toEqual([...model.ids.keys()].sort());
}

const copy = (set: IdRanges): IdRanges => {
	const back = IdRanges.fromState(JSON.parse(JSON.stringify(set.toState())));
	expect(back).toBeDefined();
	return back as IdRanges;
};

describe('IdRanges', () => {
	it('is exactly the model under random inserts of both id orders, gaps, strings, moves and expiry', () => {
		for (let seed = 1; seed <= 6; seed++) {
			const r = mulberry32(seed);
			const model = new Model();
			let set = new IdRanges();
			let day = 20_000;
			let arrival = 1 + Math.floor(r() * 10_000);
			let click = 3_000_000 + Math.floor(r() * 1_000_000);
			const added: RangeId[] = [];
			for (let step = 0; step < 3000; step++) {
				const x = r();
				let id: RangeId;
				if (x < 0.45) {
					id = arrival; // arrival order, a gap now and then
					arrival += r() < 0.1 ? 2 + Math.floor(r() * 5) : 1;
				} else if (x < 0.75) {
					id = click - Math.floor(r() * 20_000); // click order: behind the newest, out of order
					click += 1 + Math.floor(r() * 40);
				} else if (x < 0.85 && added.length) {
					id = added[Math.floor(r() * added.length)]; // seen again (maybe a later day)
				} else if (x < 0.9) {
					id = r() < 0.5 ? `s${Math.floor(r() * 300)}` : `0${Math.floor(r() * 50)}`;
				} else if (x < 0.93) {
					id = String(Math.floor(r() * 2 ** 44)); // integer as a string, far away
				} else {
					id = Math.floor(r() * 50_000);
				}
				const d = day + (r() < 0.2 ? -Math.floor(r() * 3) : 0);
				expect(set.add(id, Math.max(0, d))).toBe(model.add(id, Math.max(0, d)));
				added.push(id);
				if (r() < 0.01) day++;
				if (r() < 0.004) {
					// Expiry at the window edge: the cut is at most a few days behind.
					const cut = day - Math.floor(r() * 4);
					set.pruneBefore(cut);
					model.prune(cut);
				}
				if (r() < 0.005)
					set = r() < 0.5 ? copy(set) : (IdRanges.fromState(set.toState()) as IdRanges);
				if (r() < 0.05) {
					// Membership: ids added, their neighbours, and ids never added.
					for (let k = 0; k < 20; k++) {
						const base = added[Math.floor(r() * added.length)];
						const probes: RangeId[] = [base];
						if (typeof base === 'number') probes.push(base - 1, base + 1);
						for (const p of probes) {
							if (typeof p === 'number' && p < 0) continue;
							expect(set.has(p)).toBe(model.ids.has(canonical(p)));
							expect(set.has(String(p))).toBe(model.ids.has(canonical(p)));
						}
					}
				}
			}
			same(set, model);
			same(copy(set), model);
		}
	});

	it('keeps an id whose last sighting is on the first day of the window, drops the day before', () => {
		const set = new IdRanges();
		set.add(10, 100); // block 0
		set.add(ID_BLOCK + 5, 99); // block 1
		set.add('a', 100);
		set.add('b', 99);
		set.add(ID_BLOCK + 6, 98); // block 1: its latest day stays 99
		expect(set.pruneBefore(100)).toBe(3);
		expect([...set.ids()]).toEqual([10, 'a']);
		// A later sighting moves the id's day: kept while that day is in the window.
		set.add(10, 105);
		expect(set.pruneBefore(105)).toBe(1); // 'a' (day 100)
		expect(set.has(10)).toBe(true);
		expect(set.pruneBefore(106)).toBe(1);
		expect(set.size).toBe(0);
	});

	it('an expired id stays only while another id of its block is in the window (never lost early)', () => {
		const set = new IdRanges();
		set.add(1, 50);
		set.add(2, 60);
		set.pruneBefore(55);
		expect(set.has(1)).toBe(true); // kept longer: it can only avoid a repeat, never cause one
		set.pruneBefore(61);
		expect(set.has(1)).toBe(false);
		expect(set.has(2)).toBe(false);
	});

	it('a 200,000-id backfill read in time order (ids in random order within the window) fits in a few hundred bytes', () => {
		const r = mulberry32(42);
		const ids = Array.from({ length: 200_000 }, (_, i) => i + 1);
		for (let i = ids.length - 1; i > 0; i--) {
			const j = Math.floor(r() * (i + 1));
			[ids[i], ids[j]] = [ids[j], ids[i]];
		}
		const set = new IdRanges();
		ids.forEach((id, i) => set.add(id, 20_000 + Math.floor((i * 30) / ids.length)));
		const json = JSON.stringify(set.toState());
		expect(json.length).toBeLessThan(1000);
		expect(copy(set).size).toBe(200_000);
	});

	it('ids assigned at click time (1 in 3 clicks converts) cost about one to two bytes each', () => {
		const r = mulberry32(7);
		const set = new IdRanges();
		let click = 1;
		for (let i = 0; i < 50_000; i++) {
			click += 1 + Math.floor(r() * 5);
			set.add(click, 20_000 + Math.floor(r() * 30));
		}
		const bytes = JSON.stringify(set.toState()).length;
		expect(bytes).toBeLessThan(50_000 * 2);
		expect(copy(set).size).toBe(50_000);
	});

	it('hands the live set back for an unchanged state, decodes otherwise', () => {
		const set = new IdRanges();
		for (let i = 0; i < 100; i++) set.add(i * 3, 20_000);
		const state = set.toState();
		expect(IdRanges.fromState(state)).toBe(set);
		// Once only: a second read of the same object decodes.
		const again = IdRanges.fromState(state);
		expect(again).not.toBe(set);
		expect(again?.size).toBe(100);
		const st2 = set.toState();
		set.add(1, 20_000); // the set changed after the state was made
		expect(IdRanges.fromState(st2)).not.toBe(set);
		const st3 = set.toState();
		st3.k['0'] = st3.k['0'].slice(0, -2) + st3.k['0'].slice(-1); // the state was changed
		expect(IdRanges.fromState(st3)).not.toBe(set);
	});

	it('rejects malformed states', () => {
		const good = (() => {
			const s = new IdRanges();
			s.add(5, 20_000);
			s.add(6, 20_000);
			s.add(9, 20_000);
			return JSON.parse(JSON.stringify(s.toState())) as IdRangesState;
		})();
		expect(IdRanges.fromState(good)?.size).toBe(3);
		const bad: unknown[] = [
			null,
			'x',
			[],
			{ ...good, v: 2 },
			{ ...good, b: 0 },
			{ ...good, b: '4096' },
			{ ...good, k: [] },
			{ ...good, k: { x: good.k['0'] } },
			{ ...good, k: { '-1': good.k['0'] } },
			{ ...good, k: { '0': 5 } },
			{ ...good, k: { '0': '' } },
			{ ...good, k: { '0': `${good.k['0']}\\` } },
			{ ...good, k: { '0': good.k['0'].slice(0, 3) + String.fromCharCode(100) } }, // ends mid-number
			{ ...good, b: 8 }, // run end past the block
			{ ...good, s: [] },
			{ ...good, s: { x: ['a'] } },
			{ ...good, s: { '1': [5] } },
		];
		for (const b of bad) expect(IdRanges.fromState(b)).toBeUndefined();
	});

	it('rejects non-canonical runs (adjacent or overlapping) and days that are not whole numbers ≥ 0', () => {
		const s = new IdRanges();
		expect(() => s.add(1, -1)).toThrow(/day/);
		expect(() => s.add(1, 1.5)).toThrow(/day/);
		// day 1, run at offset 0 (token 0), then a run at gap 1 (token 2): adjacent.
		expect(IdRanges.fromState({ v: 1, b: ID_BLOCK, k: { '0': '$#%' } })).toBeUndefined();
		expect(IdRanges.fromState({ v: 1, b: ID_BLOCK, k: { '0': "$#'" } })?.size).toBe(2);
	});
});

describe('New Conversion state of the previous format (StatusMemo v2, frozen fixture)', () => {
	const fixture = JSON.parse(
		readFileSync(path.join(__dirname, 'fixtures', 'newConversionMemoV2.json'), 'utf8'),
	) as { state: unknown; ids: Array<[string, number]> };

	it('loads without loss: every id, and the day each was last seen', () => {
		const set = idsOfMemoState(fixture.state) as IdRanges;
		expect(set).toBeDefined();
		expect(set.size).toBe(fixture.ids.length);
		const expected = fixture.ids.map(([id]) => canonical(id)).sort();
		expect([...set.ids()].map(canonical).sort()).toEqual(expected);
		expect(fixture.ids.filter(([id]) => !set.has(id))).toEqual([]);
		// Nothing expires earlier than its own day: a cut on each id's day keeps it.
		for (const day of new Set(fixture.ids.map(([, d]) => d))) {
			const one = idsOfMemoState(fixture.state) as IdRanges;
			one.pruneBefore(day);
			const lost = fixture.ids.filter(([id, d]) => d >= day && !one.has(id));
			expect(lost).toEqual([]);
		}
		// And the converted set round-trips.
		expect([...copy(set).ids()].map(canonical).sort()).toEqual(expected);
	});

	it('ids never stored stay absent', () => {
		const set = idsOfMemoState(fixture.state) as IdRanges;
		const known = new Set(fixture.ids.map(([id]) => canonical(id)));
		for (let id = 900; id < 2300; id++) {
			expect(set.has(id)).toBe(known.has(canonical(id)));
		}
		expect(set.has('12')).toBe(known.has('#12'));
		expect(set.has('0012')).toBe(true);
	});
});

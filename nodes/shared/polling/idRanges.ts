/**
 * An exact, compact set of record ids seen inside a window (for "new record" events that must not
 * rely on the order in which a tracker assigns ids): membership is exact, whatever the id order.
 *
 * ## Model
 * Integer ids (safe integers ≥ 0; `5` and `'5'` are one id) live in blocks of `BLOCK` consecutive
 * ids. A block holds its ids as sorted runs of consecutive ids ([start, end] pairs) and `day`: the
 * latest UTC day (`dayOf`) any of its ids was seen at. `pruneBefore(day)` drops a block only when
 * its `day` is before `day`, so an id is kept at least as long as its own last sighting is in the
 * window, and at most as long as the block's latest one: expiry errs only on the side of
 * remembering (an id remembered longer can never be emitted twice; nothing is dropped early).
 * Other ids (strings) are kept one by one with their own latest day.
 *
 * Ids assigned in arrival order fill each block as one run; ids assigned elsewhere (e.g. at click
 * time, with gaps for clicks that never convert) cost about one varint per id. Cost per operation:
 * `has` a binary search in one block, `add` one insert into one block; `toState` re-encodes only
 * the blocks changed since the last `toState` (the others reuse their string).
 *
 * ## Serialized form (`toState` / `fromState`, JSON)
 * `{ v: 1, b: <ids per block>, k: { <block>: "<varints>" }, s?: { <day>: [id, …] } }`
 * - `k`: per block (`floor(id / b)`), base-45 varints (varint.ts): the block's `day`, then one
 *   token per run, `gap × 2 + r`, where `gap` is the run's first offset in the block minus the
 *   previous run's last offset (the first run: its offset); when `r` is 1 the run's length − 1
 *   follows. A block filled in arrival order is 3–7 characters;
 * - `s`: string ids by the day they were last seen, sorted.
 * `fromState` returns undefined for anything malformed (the caller starts over: a loud reset,
 * never a silent mix).
 */
import { putVarint, readVarints } from './varint';

export const ID_BLOCK = 4096;

export type RangeId = number | string;

export interface IdRangesState {
	v: 1;
	b: number;
	k: Record<string, string>;
	s?: Record<string, string[]>;
}

interface Block {
	/** Sorted, disjoint, non-adjacent runs: [start0, end0, start1, end1, …] (absolute ids). */
	runs: number[];
	count: number;
	day: number;
	/** This block's `k` string as of the last `toState`; undefined when changed since. */
	enc: string | undefined;
}

function intOf(id: RangeId): number | undefined {
	if (typeof id === 'number') return Number.isSafeInteger(id) && id >= 0 ? id : undefined;
	if (!/^(0|[1-9]\d{0,15})$/.test(id)) return undefined;
	const n = Number(id);
	return Number.isSafeInteger(n) ? n : undefined;
}

/** Index of the run whose start is the largest ≤ id (-1 when none). */
function runIndex(runs: number[], id: number): number {
	let lo = 0;
	let hi = runs.length / 2 - 1;
	if (hi < 0 || runs[0] > id) return -1;
	// Ids read in ascending order land after the last run: checked first.
	if (runs[2 * hi] <= id) return hi;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (runs[2 * mid] <= id) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** Adds `id` to sorted runs; false when it was there. */
function addToRuns(runs: number[], id: number): boolean {
	const i = runIndex(runs, id);
	if (i >= 0 && runs[2 * i + 1] >= id) return false;
	const joinsPrev = i >= 0 && runs[2 * i + 1] === id - 1;
	const next = i + 1;
	const joinsNext = 2 * next < runs.length && runs[2 * next] === id + 1;
	if (joinsPrev && joinsNext) {
		runs[2 * i + 1] = runs[2 * next + 1];
		runs.splice(2 * next, 2);
	} else if (joinsPrev) {
		runs[2 * i + 1] = id;
	} else if (joinsNext) {
		runs[2 * next] = id;
	} else if (2 * next === runs.length) {
		runs.push(id, id);
	} else {
		runs.splice(2 * next, 0, id, id);
	}
	return true;
}

interface Live {
	set: IdRanges;
	version: number;
	b: number;
	k: object;
	entries: Array<[string, string]>;
	s: string;
}

/**
 * Each state `toState` made, while it is alive: a trigger decodes its stored state at every poll,
 * and the state n8n keeps in memory between polls is the object the last poll stored, so the next
 * `fromState` takes that set back (when neither changed) instead of decoding it again.
 */
const live = new WeakMap<object, Live>();

export class IdRanges {
	private readonly blocks = new Map<number, Block>();
	private readonly strs = new Map<string, number>();
	private ints = 0;
	private version = 0;

	get size(): number {
		return this.ints + this.strs.size;
	}

	has(id: RangeId): boolean {
		const n = intOf(id);
		if (n === undefined) return this.strs.has(String(id));
		const block = this.blocks.get(Math.floor(n / ID_BLOCK));
		if (!block) return false;
		const i = runIndex(block.runs, n);
		return i >= 0 && block.runs[2 * i + 1] >= n;
	}

	/** Records `id` as seen on `day` (a UTC day number ≥ 0); true when it was not in the set. */
	add(id: RangeId, day: number): boolean {
		if (!Number.isSafeInteger(day) || day < 0) {
			throw new Error(`IdRanges: day must be an integer ≥ 0, got ${day}`);
		}
		const n = intOf(id);
		if (n === undefined) {
			const k = String(id);
			const old = this.strs.get(k);
			if (old === undefined || old < day) {
				this.version++;
				this.strs.set(k, day);
			}
			return old === undefined;
		}
		const key = Math.floor(n / ID_BLOCK);
		let block = this.blocks.get(key);
		if (!block) {
			block = { runs: [], count: 0, day, enc: undefined };
			this.blocks.set(key, block);
		}
		const added = addToRuns(block.runs, n);
		if (added) {
			block.count++;
			this.ints++;
		}
		if (added || day > block.day) {
			if (day > block.day) block.day = day;
			block.enc = undefined;
			this.version++;
		}
		return added;
	}

	/** Adds the ids start…end (integers, ascending runs read from a state). */
	private addRun(start: number, end: number, day: number): void {
		const key = Math.floor(start / ID_BLOCK);
		const block = this.blocks.get(key);
		const runs = block?.runs;
		// A run after the block's last one and inside the block: appended as it is.
		if (
			block &&
			runs &&
			Math.floor(end / ID_BLOCK) === key &&
			(runs.length === 0 || runs[runs.length - 1] < start - 1)
		) {
			runs.push(start, end);
			block.count += end - start + 1;
			this.ints += end - start + 1;
			if (day > block.day) block.day = day;
			block.enc = undefined;
			this.version++;
			return;
		}
		if (!block && Math.floor(end / ID_BLOCK) === key) {
			this.blocks.set(key, { runs: [start, end], count: end - start + 1, day, enc: undefined });
			this.ints += end - start + 1;
			this.version++;
			return;
		}
		for (let id = start; id <= end; id++) this.add(id, day);
	}

	/** Drops every block (string id) whose latest day is before `day`; returns how many ids. */
	pruneBefore(day: number): number {
		let dropped = 0;
		for (const [key, block] of this.blocks) {
			if (block.day < day) {
				this.blocks.delete(key);
				this.ints -= block.count;
				dropped += block.count;
			}
		}
		for (const [k, d] of this.strs) {
			if (d < day) {
				this.strs.delete(k);
				dropped++;
			}
		}
		if (dropped) this.version++;
		return dropped;
	}

	/** Every id (integers as numbers, ascending; then the string ids). */
	*ids(): IterableIterator<RangeId> {
		for (const key of [...this.blocks.keys()].sort((a, b) => a - b)) {
			const runs = (this.blocks.get(key) as Block).runs;
			for (let i = 0; i < runs.length; i += 2) {
				for (let id = runs[i]; id <= runs[i + 1]; id++) yield id;
			}
		}
		yield* this.strs.keys();
	}

	toState(): IdRangesState {
		const keys = [...this.blocks.keys()].sort((a, b) => a - b);
		const k: Record<string, string> = {};
		const entries: Array<[string, string]> = [];
		for (const key of keys) {
			const block = this.blocks.get(key) as Block;
			block.enc ??= encodeBlock(block, key * ID_BLOCK);
			k[String(key)] = block.enc;
			entries.push([String(key), block.enc]);
		}
		const state: IdRangesState = { v: 1, b: ID_BLOCK, k };
		if (this.strs.size) {
			const byDay = new Map<number, string[]>();
			for (const [id, day] of this.strs) {
				let list = byDay.get(day);
				if (!list) byDay.set(day, (list = []));
				list.push(id);
			}
			const s: Record<string, string[]> = {};
			for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
				s[String(day)] = (byDay.get(day) as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
			}
			state.s = s;
		}
		live.set(state, {
			set: this,
			version: this.version,
			b: ID_BLOCK,
			k,
			entries,
			s: JSON.stringify(state.s),
		});
		return state;
	}

	/** The set of a stored state; undefined when the state is not a valid one. */
	static fromState(raw: unknown): IdRanges | undefined {
		if (!raw || typeof raw !== 'object') return undefined;
		const st = raw as Partial<IdRangesState>;
		const kept = live.get(raw);
		if (kept) {
			live.delete(raw);
			if (kept.set.version === kept.version && st.v === 1 && st.b === kept.b && st.k === kept.k) {
				const now = Object.entries(st.k);
				if (
					now.length === kept.entries.length &&
					now.every((e, i) => e[0] === kept.entries[i][0] && e[1] === kept.entries[i][1]) &&
					JSON.stringify(st.s) === kept.s
				) {
					return kept.set;
				}
			}
		}
		if (st.v !== 1 || typeof st.b !== 'number' || !Number.isSafeInteger(st.b) || st.b < 1) {
			return undefined;
		}
		if (!st.k || typeof st.k !== 'object' || Array.isArray(st.k)) return undefined;
		const size = st.b;
		const set = new IdRanges();
		for (const [key, enc] of Object.entries(st.k)) {
			const blockNo = Number(key);
			if (!Number.isSafeInteger(blockNo) || blockNo < 0 || typeof enc !== 'string') {
				return undefined;
			}
			const values = readVarints(enc);
			if (!values || values.length < 1) return undefined;
			const day = values[0];
			if (!Number.isSafeInteger(day)) return undefined;
			const base = blockNo * size;
			let last = -1;
			for (let i = 1; i < values.length; i++) {
				const token = values[i];
				const r = token % 2;
				const gap = (token - r) / 2;
				if (last >= 0 && gap < 2) return undefined;
				let len = 0;
				if (r) {
					len = values[++i];
					if (len === undefined || len < 1) return undefined;
				}
				const start = (last < 0 ? 0 : last) + gap;
				const end = start + len;
				if (end >= size || !Number.isSafeInteger(base + end)) return undefined;
				set.addRun(base + start, base + end, day);
				last = end;
			}
		}
		if (st.s !== undefined) {
			if (!st.s || typeof st.s !== 'object' || Array.isArray(st.s)) return undefined;
			for (const [dayKey, ids] of Object.entries(st.s)) {
				const day = Number(dayKey);
				if (!Number.isSafeInteger(day) || day < 0 || !Array.isArray(ids)) return undefined;
				for (const id of ids) {
					if (typeof id !== 'string') return undefined;
					set.add(id, day);
				}
			}
		}
		return set;
	}
}

function encodeBlock(block: Block, base: number): string {
	const out: string[] = [];
	putVarint(out, block.day);
	const runs = block.runs;
	let last = 0;
	for (let i = 0; i < runs.length; i += 2) {
		const start = runs[i] - base;
		const len = runs[i + 1] - runs[i];
		putVarint(out, (start - last) * 2 + (len > 0 ? 1 : 0));
		if (len > 0) putVarint(out, len);
		last = start + len;
	}
	return out.join('');
}

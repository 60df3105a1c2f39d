/**
 * A compact, exact memo of `id → last known status` for every record (conversion) inside a
 * Watch Window, for triggers that must see status changes the tracker cannot list as events.
 *
 * ## Model
 * Each entry holds the record's last observed `status` and `prev` (the tracker's previous-status
 * column, '' when none), a change counter `n` (how many changes were emitted or baselined for
 * it: an event key `id|status|n` makes flip-backs A→B→A distinct) and the `day` it belongs to (a
 * UTC day number of the record's window time, `dayOf(ms)`). Whole days are pruned at once when
 * they leave the window (`pruneBefore`); moving a record to another day is a `set` with the new day.
 * Ids may be integers (stored compactly) or strings; `1` and `'1'` are the same id.
 *
 * ## Serialized form (`toState` / `fromState`, JSON, a few bytes per entry)
 * `{ v: 2, p: [[status, prev], …], d: { <day>: "<ints>" }, s?: { <day>: [[id, …], "<codes>"] },
 *   x?: { <id>: n } }`
 * - `p`: the (status, prev) pairs in use; an entry stores the pair's index `c`;
 * - `d`: per day, the integer ids sorted ascending as one string of base-45 varints: a token
 *   `((id − previous id) × |p| + c) × 2 + r` (the first delta counts from 0); when `r` is 1 a
 *   second varint `m` follows: the next `m` ids (id+1 … id+m) have the same code (a run). With ids
 *   in arrival order whole runs take 2–3 characters; ids assigned out of order take 1–3 each;
 * - `s`: per day, string ids sorted, and their codes as varints;
 * - `x`: counters that differ from the default (`1` when `prev` is set, else `0`).
 * Varint digits use 90 printable ASCII characters that JSON never escapes (`#`..`}` without `\`):
 * a digit < 45 ends a number, ≥ 45 continues it (little-endian, 45 per digit).
 *
 * Limits: ids that are integers must be safe integers ≥ 0 (others are kept as strings); `fromState`
 * returns undefined for anything malformed (the caller then starts over, a loud reset, never a
 * silent mix of old and new).
 */

import { putVarint, readVarints } from './varint';

export type MemoId = number | string;

export interface MemoValue {
	status: string;
	/** Previous status as last observed ('' when none). */
	prev: string;
	/** Changes emitted or baselined for this id. */
	n: number;
}

export interface MemoEntry extends MemoValue {
	day: number;
}

export interface StatusMemoState {
	v: 2;
	p: Array<[string, string]>;
	d: Record<string, string>;
	s?: Record<string, [string[], string]>;
	x?: Record<string, number>;
}

/** The serialized memo (name kept for callers written against the first version). */
export type StatusMemoStateV1 = StatusMemoState;

const DAY_MS = 86_400_000;

/** UTC day number of an epoch-ms time. */
export function dayOf(ms: number): number {
	return Math.floor(ms / DAY_MS);
}

interface Snapshot {
	v: unknown;
	p: string | undefined;
	s: string | undefined;
	x: string | undefined;
	d: Array<[string, unknown]>;
}

/** What `fromState` compares to tell a state made by `toState` is unchanged (`d`, the large
 * part, by its strings: the same string is compared by reference). */
function snapshot(state: StatusMemoState): Snapshot {
	const d = state.d && typeof state.d === 'object' ? Object.entries(state.d) : [];
	return {
		v: state.v,
		p: JSON.stringify(state.p),
		s: JSON.stringify(state.s),
		x: JSON.stringify(state.x),
		d,
	};
}

/**
 * Each state `toState` made, while it is alive, with its memo and the memo's change count then.
 * A trigger decodes its stored state at every poll; the state n8n keeps in memory between polls
 * is the object the last poll stored, so the next `fromState` takes that memo back instead of
 * decoding (and allocating) every id again. Keyed weakly: a state n8n drops or reloads from its
 * database is decoded as before.
 */
const live = new WeakMap<object, Snapshot & { memo: StatusMemo; version: number }>();

/** An entry's value; never changed in place (`set` puts a new one), so entries may share one. */
interface Slot {
	readonly day: number;
	readonly status: string;
	readonly prev: string;
	readonly n: number;
}

function intId(k: string): number | undefined {
	if (!/^(0|[1-9]\d{0,15})$/.test(k)) return undefined;
	const n = Number(k);
	return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * In memory, integer ids (numbers, or strings that are a safe integer ≥ 0 in canonical form) are
 * keys of `ints` as numbers, any other id a key of `strs` (its `String`), so `1` and `'1'` are one
 * id and reading a large memo makes no string per id. Entries read from a state share their slots.
 */
export class StatusMemo {
	private readonly ints = new Map<number, Slot>();
	private readonly strs = new Map<string, Slot>();
	/** Counts changes (see `toState` / `fromState`: the live memo of an unchanged state). */
	private version = 0;
	/** `d` strings of the last `toState` per day, valid for the pairs `cacheP`; days changed since
	 * then are in `dirty` (re-encoded by the next `toState`, the others reused). */
	private dayCache = new Map<number, string>();
	private cacheP = '';
	private readonly dirty = new Set<number>();

	get size(): number {
		return this.ints.size + this.strs.size;
	}

	private slotOf(id: MemoId): Slot | undefined {
		if (typeof id === 'number') {
			return Number.isSafeInteger(id) && id >= 0 ? this.ints.get(id) : this.strs.get(String(id));
		}
		const n = intId(id);
		return n === undefined ? this.strs.get(id) : this.ints.get(n);
	}

	has(id: MemoId): boolean {
		return this.slotOf(id) !== undefined;
	}

	get(id: MemoId): MemoEntry | undefined {
		const s = this.slotOf(id);
		return s ? { day: s.day, status: s.status, prev: s.prev, n: s.n } : undefined;
	}

	/** Records (or moves to `day`) the last known status of `id`. */
	set(id: MemoId, day: number, value: MemoValue): void {
		if (!Number.isInteger(day)) throw new Error(`StatusMemo: day must be an integer, got ${day}`);
		if (!Number.isInteger(value.n) || value.n < 0) {
			throw new Error(`StatusMemo: change counter must be an integer ≥ 0, got ${value.n}`);
		}
		this.put(id, { day, status: value.status, prev: value.prev, n: value.n });
	}

	private put(id: MemoId, slot: Slot): void {
		this.version++;
		this.dirty.add(slot.day);
		const old = this.slotOf(id);
		if (old) this.dirty.add(old.day);
		if (typeof id === 'number') {
			if (Number.isSafeInteger(id) && id >= 0) this.ints.set(id, slot);
			else this.strs.set(String(id), slot);
			return;
		}
		const n = intId(id);
		if (n === undefined) this.strs.set(id, slot);
		else this.ints.set(n, slot);
	}

	delete(id: MemoId): boolean {
		this.version++;
		const old = this.slotOf(id);
		if (old) this.dirty.add(old.day);
		if (typeof id === 'number') {
			return Number.isSafeInteger(id) && id >= 0
				? this.ints.delete(id)
				: this.strs.delete(String(id));
		}
		const n = intId(id);
		return n === undefined ? this.strs.delete(id) : this.ints.delete(n);
	}

	/** Drops every entry of a day before `day`; returns how many were dropped. */
	pruneBefore(day: number): number {
		let dropped = 0;
		this.version++;
		for (const [k, s] of this.ints) {
			if (s.day < day) {
				this.dirty.add(s.day);
				this.ints.delete(k);
				dropped++;
			}
		}
		for (const [k, s] of this.strs) {
			if (s.day < day) {
				this.dirty.add(s.day);
				this.strs.delete(k);
				dropped++;
			}
		}
		return dropped;
	}

	/** Entries of the memo (unordered). */
	*entries(): IterableIterator<[string, MemoEntry]> {
		for (const [k, s] of this.ints) {
			yield [String(k), { day: s.day, status: s.status, prev: s.prev, n: s.n }];
		}
		for (const [k, s] of this.strs) {
			yield [k, { day: s.day, status: s.status, prev: s.prev, n: s.n }];
		}
	}

	toState(): StatusMemoState {
		// Pair codes: status → prev → code (no string built per entry).
		const pairs = new Map<string, Map<string, number>>();
		const p: Array<[string, string]> = [];
		const codeOf = (s: Slot): number => {
			let byPrev = pairs.get(s.status);
			if (!byPrev) pairs.set(s.status, (byPrev = new Map()));
			let c = byPrev.get(s.prev);
			if (c === undefined) {
				c = p.length;
				byPrev.set(s.prev, c);
				p.push([s.status, s.prev]);
			}
			return c;
		};
		for (const s of this.ints.values()) codeOf(s);
		for (const s of this.strs.values()) codeOf(s);
		const K = p.length;
		const ints = new Map<number, number[]>();
		const strs = new Map<number, string[]>();
		const x: Record<string, number> = {};
		let hasX = false;
		const strOf = (k: string, s: Slot) => {
			let list = strs.get(s.day);
			if (!list) strs.set(s.day, (list = []));
			list.push(k);
			if (s.n !== (s.prev !== '' ? 1 : 0)) {
				x[k] = s.n;
				hasX = true;
			}
		};
		// Integer ids whose varint could pass 2^53 are kept as strings.
		const maxInt = Math.floor(Number.MAX_SAFE_INTEGER / (2 * Math.max(1, K))) - 1;
		// A day's string depends on its ids and codes and on the pairs: days unchanged since the
		// last toState with the same pairs reuse their string; the others are encoded again.
		const pKey = JSON.stringify(p);
		if (pKey !== this.cacheP) {
			this.dayCache.clear();
			this.cacheP = pKey;
		}
		const present = new Set<number>();
		for (const [k, s] of this.ints) {
			if (k > maxInt) {
				strOf(String(k), s);
				continue;
			}
			present.add(s.day);
			if (s.n !== (s.prev !== '' ? 1 : 0)) {
				x[String(k)] = s.n;
				hasX = true;
			}
			if (this.dirty.has(s.day) || !this.dayCache.has(s.day)) {
				let list = ints.get(s.day);
				if (!list) ints.set(s.day, (list = []));
				list.push(k);
			}
		}
		for (const [k, s] of this.strs) strOf(k, s);
		this.dirty.clear();
		for (const day of this.dayCache.keys()) if (!present.has(day)) this.dayCache.delete(day);
		for (const [day, list] of ints) {
			// Mostly in order already (ids read in order, entries kept in insertion order): the
			// sort is then one pass.
			list.sort((a, b) => a - b);
			const out: string[] = [];
			let last = 0;
			let i = 0;
			let id = list[0];
			let c = i < list.length ? codeOf(this.ints.get(id) as Slot) : 0;
			while (i < list.length) {
				// A run: the following ids are consecutive and have the same code.
				let j = i;
				let nextC = -1;
				while (j + 1 < list.length && list[j + 1] === list[j] + 1) {
					nextC = codeOf(this.ints.get(list[j + 1]) as Slot);
					if (nextC !== c) break;
					nextC = -1;
					j++;
				}
				const run = j - i;
				putVarint(out, ((id - last) * K + c) * 2 + (run > 0 ? 1 : 0));
				if (run > 0) putVarint(out, run);
				last = list[j];
				i = j + 1;
				if (i < list.length) {
					id = list[i];
					c = nextC >= 0 ? nextC : codeOf(this.ints.get(id) as Slot);
				}
			}
			this.dayCache.set(day, out.join(''));
		}
		const d: Record<string, string> = {};
		for (const day of [...present].sort((a, b) => a - b)) {
			d[String(day)] = this.dayCache.get(day) as string;
		}
		const state: StatusMemoState = { v: 2, p, d };
		if (strs.size) {
			const s: Record<string, [string[], string]> = {};
			for (const day of [...strs.keys()].sort((a, b) => a - b)) {
				const list = strs.get(day) as string[];
				list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
				const codes: string[] = [];
				for (const k of list) {
					const slot = (
						intId(k) !== undefined ? this.ints.get(Number(k)) : this.strs.get(k)
					) as Slot;
					putVarint(codes, codeOf(slot));
				}
				s[String(day)] = [list, codes.join('')];
			}
			state.s = s;
		}
		if (hasX) state.x = x;
		live.set(state, { memo: this, version: this.version, ...snapshot(state) });
		return state;
	}

	/** The memo of a stored state; undefined when the state is not a valid memo. */
	static fromState(raw: unknown): StatusMemo | undefined {
		if (!raw || typeof raw !== 'object') return undefined;
		// The state this process made last (a poll's, read again by the next poll): its memo, handed
		// over once, when neither the state nor the memo changed since; else a fresh decode.
		const kept = live.get(raw);
		if (kept) {
			live.delete(raw);
			const now = snapshot(raw as StatusMemoState);
			if (
				kept.memo.version === kept.version &&
				now.v === kept.v &&
				now.p === kept.p &&
				now.s === kept.s &&
				now.x === kept.x &&
				now.d.length === kept.d.length &&
				now.d.every((e, i) => e[0] === kept.d[i][0] && e[1] === kept.d[i][1])
			) {
				return kept.memo;
			}
		}
		const st = raw as Partial<StatusMemoState>;
		if (st.v !== 2 || !Array.isArray(st.p) || !st.d || typeof st.d !== 'object') return undefined;
		const p = st.p;
		for (const pair of p) {
			if (
				!Array.isArray(pair) ||
				pair.length !== 2 ||
				typeof pair[0] !== 'string' ||
				typeof pair[1] !== 'string'
			) {
				return undefined;
			}
		}
		const K = p.length;
		const memo = new StatusMemo();
		const x = st.x && typeof st.x === 'object' ? (st.x as Record<string, unknown>) : undefined;
		const hasX = x !== undefined && Object.keys(x).length > 0;
		// One shared slot per (day, code) for entries with the default counter.
		const shared = new Map<number, Slot[]>();
		const slotFor = (day: number, c: number, xn: unknown): Slot | undefined => {
			if (!(c >= 0 && c < K)) return undefined;
			const [status, prev] = p[c];
			if (xn === undefined) {
				let row = shared.get(day);
				if (!row) shared.set(day, (row = []));
				return (row[c] ??= { day, status, prev, n: prev !== '' ? 1 : 0 });
			}
			if (typeof xn !== 'number' || !Number.isInteger(xn) || xn < 0) return undefined;
			return { day, status, prev, n: xn };
		};
		const putInt = (id: number, day: number, c: number): boolean => {
			const slot = slotFor(day, c, hasX ? x[String(id)] : undefined);
			if (!slot) return false;
			memo.ints.set(id, slot);
			return true;
		};
		const putStr = (k: string, day: number, c: number): boolean => {
			const slot = slotFor(day, c, hasX ? x[k] : undefined);
			if (!slot) return false;
			memo.put(k, slot);
			return true;
		};
		for (const [dayKey, enc] of Object.entries(st.d)) {
			const day = Number(dayKey);
			if (!Number.isInteger(day) || typeof enc !== 'string') return undefined;
			if (K === 0) {
				if (enc !== '') return undefined;
				continue;
			}
			const values = readVarints(enc);
			if (!values) return undefined;
			let id = 0;
			for (let i = 0; i < values.length; i++) {
				const token = values[i];
				const hasRun = token % 2;
				const v = (token - hasRun) / 2;
				const c = v % K;
				const delta = (v - c) / K;
				if (i > 0 && delta <= 0) return undefined;
				id += delta;
				let run = 0;
				if (hasRun) {
					run = values[++i];
					if (run === undefined || run < 1) return undefined;
				}
				if (!Number.isSafeInteger(id + run)) return undefined;
				for (let k = 0; k <= run; k++) if (!putInt(id + k, day, c)) return undefined;
				id += run;
			}
		}
		if (st.s !== undefined) {
			if (!st.s || typeof st.s !== 'object') return undefined;
			for (const [dayKey, entry] of Object.entries(st.s)) {
				const day = Number(dayKey);
				if (!Number.isInteger(day) || !Array.isArray(entry) || entry.length !== 2) return undefined;
				const [ids, codes] = entry;
				if (!Array.isArray(ids) || typeof codes !== 'string') return undefined;
				const cs = readVarints(codes);
				if (!cs || cs.length !== ids.length) return undefined;
				for (let i = 0; i < ids.length; i++) {
					if (typeof ids[i] !== 'string') return undefined;
					if (!putStr(ids[i], day, cs[i])) return undefined;
				}
			}
		}
		return memo;
	}
}

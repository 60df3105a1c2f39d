/**
 * Status watch: "a record's status changed" for trackers whose log has no change events (no
 * previous-status column, no time that reliably moves on a change). Tracker-agnostic; a tracker
 * plugs in `readDays` (all rows whose date, in the tracker's report zone, lies in a range of days).
 *
 * ## Model
 * The watch remembers, for every record of the last `windowDays` days, its last status read
 * (`StatusMemo`: id → status, previous status, change counter, day). Each poll re-reads
 * - the two most recent days (every poll), and
 * - the next chunk of the older days, so the whole window is swept once per `sweepMs` (the chunk
 *   grows with the time since the last poll; a sweep cursor wraps around the window),
 * and compares every row with the memo: a different status is a change, emitted once with the
 * status before it, and the memo then holds the new status (change counter + 1, so `id|status|n`
 * identifies the event and a flip-back A→B→A is a new event). A record not in the memo is a first
 * sighting (emitted as new only when asked). Nothing depends on the order of the list, on whether
 * a change moves the record's time (a moved record is found under its id on its new day), or on
 * how late a change comes, as long as it is within the window.
 *
 * ## Guarantees and limits
 * - Every status a record holds when it is read is emitted once if it differs from the status read
 *   before; a record read again with the same status emits nothing. Two changes between two reads
 *   of the record (A→B→C) are seen as one (A→C): the log shows only the current status.
 * - Delay: at most one poll interval for records of the two most recent days, at most `sweepMs`
 *   (plus one poll) for older ones.
 * - A budget stop (max items, deadline) never loses a change: a change not emitted is not recorded,
 *   and a chunk of days not read completely is read again by the next poll.
 * - First run: the first poll(s) read the whole window silently (the baseline: current statuses are
 *   not events). If the budget cuts the baseline, the days not yet read are baselined by the next
 *   polls; a change of such a day made in between is taken for its baseline (documented limit).
 * - Identity is exact where the ids allow it: the state stores each id itself when that is no
 *   larger than its hash (ids that share a head and end in a counter, e.g. sequential or time-ordered
 *   ids), else a 44-bit hash of it (ids with random parts: collision probability ~n²/2^45, 7·10⁻⁵
 *   for 50,000 records, the one inexact case). Records older than the window are forgotten by
 *   whole days.
 *
 * ## Serialized form (state v2, JSON; v1 states load without loss and are rewritten as v2)
 * `{ v: 2, fp, at, cursor, baselineFrom?, p: [[status, prev], …], hd?: [head, …],
 *    e?: { <day>: "<varints>" }, h?: { <day>: "<varints>" }, x?: { <key>: n } }`
 * - `p`: the (status, prev) pairs in use; an entry stores its pair index `c` (`K` = |p|);
 * - `e` (exact ids): an id is split into a head and a tail (its last ≤ 12 hex digits, read base 16;
 *   width kept, so `0042` and `42` differ); per day the ids sorted by (head, width, tail) as base-45
 *   varints: an id with the head and width of the one before is `((tail − tail before − 1)·K + c)·2`,
 *   else `(head index in hd·K + c)·2 + 1` then width and tail;
 * - `h` (hashed ids): per day the sorted 44-bit hashes, `(hash − hash before)·K + c` each;
 * - `x`: change counters that differ from the default (1 when prev is set, else 0), keyed
 *   `=<id>` or `#<hash>`.
 * Each day is written in whichever of `e`/`h` is shorter; a record loaded from `h` is matched by
 * the hash of its id and stored exactly from then on when its day allows it.
 */
import { StatusMemo } from './statusMemo';
import type { StatusMemoStateV1 } from './statusMemo';
import { fingerprint, hash53 } from './hash';
import { putVarint, readVarints } from './varint';

const DAY_MS = 86_400_000;
/** Days re-read by every poll (today and yesterday in the tracker's zone). */
export const RECENT_DAYS = 2;
export const DEFAULT_WATCH_WINDOW_DAYS = 30;
export const DEFAULT_SWEEP_MS = 15 * 60_000;

export interface WatchRow {
	/** Record id as the tracker gives it. */
	id: string;
	/** Raw status as the tracker gives it. */
	status: string;
	/** Day number (UTC-epoch day of the local date in the tracker's zone) the row is listed under. */
	day: number;
}

export interface WatchEvent<Row> {
	row: Row;
	/** 'changed': status differs from the last read; 'new': first sighting (only with includeNew). */
	kind: 'changed' | 'new';
	/** Status read before ('' for a first sighting). */
	previousStatus: string;
	/** How many changes of this record were emitted before this one + 1 (0 for 'new'). */
	change: number;
}

/** State written before v2 (memo ids were always 44-bit hashes); loads without loss. */
export interface WatchStateV1 {
	v: 1;
	fp: string;
	/** Last poll, epoch ms. */
	at: number;
	/** Next day (day number) the sweep reads. */
	cursor: number;
	/** Days before this one (day number) are not baselined yet: first sightings there are silent. */
	baselineFrom?: number;
	memo: StatusMemoStateV1;
}

/** The state a poll returns (see "Serialized form" above). */
export interface WatchStateV2 {
	v: 2;
	fp: string;
	at: number;
	cursor: number;
	baselineFrom?: number;
	p: Array<[string, string]>;
	hd?: string[];
	e?: Record<string, string>;
	h?: Record<string, string>;
	x?: Record<string, number>;
}

export type WatchState = WatchStateV2;

export interface StatusWatchOptions<Row> {
	/** Fingerprint material: a change starts the watch over. */
	stream: unknown;
	/** Today's day number in the tracker's zone. */
	today: number;
	now: number;
	windowDays?: number;
	sweepMs?: number;
	includeNew?: boolean;
	maxItems?: number;
	/** Epoch ms after which no new request may start. */
	deadline?: number;
	clock?: () => number;
	/**
	 * Reads every row of days `[fromDay, toDay]`; calls `onRows` per page. Returns false when it
	 * stopped before the end (`shouldStop` said so).
	 */
	readDays(
		fromDay: number,
		toDay: number,
		onRows: (rows: Row[]) => void,
		shouldStop: () => boolean,
	): Promise<boolean>;
	/** Id, status and day of a row (throws a clear error for a malformed row). */
	describe(row: Row): WatchRow;
	normalize(status: string): string;
}

export interface StatusWatchResult<Row> {
	events: Array<WatchEvent<Row>>;
	state: WatchState;
	stats: { rowsRead: number; daysRead: number; stoppedBy: 'complete' | 'maxItems' | 'deadline' };
}

/** 44-bit hash of a record id (memo key; integers keep the memo compact). */
export function memoIdOf(id: string): number {
	return hash53(id) % 2 ** 44;
}

interface Slot {
	day: number;
	status: string;
	prev: string;
	n: number;
}

const TAIL_RE = /[0-9a-f]{0,12}$/;
const HASH_LIMIT = 2 ** 44;

interface Split {
	head: string;
	width: number;
	tail: number;
}

function split(id: string): Split {
	const t = (TAIL_RE.exec(id) as RegExpExecArray)[0];
	return {
		head: id.slice(0, id.length - t.length),
		width: t.length,
		tail: t ? parseInt(t, 16) : 0,
	};
}

function joinId(head: string, width: number, tail: number): string {
	return width ? head + tail.toString(16).padStart(width, '0') : head;
}

/**
 * id → last status read, by day. Keys are `=<id>` (the id itself) or `#<hash>` (loaded from a
 * hashed day or a v1 state; re-keyed to the id when the record is read again).
 */
class WatchMemo {
	readonly map = new Map<string, Slot>();

	get(id: string): Slot | undefined {
		const own = this.map.get(`=${id}`);
		if (own) return own;
		const hk = `#${memoIdOf(id)}`;
		const loaded = this.map.get(hk);
		if (loaded) {
			// Read again: from now on stored under the id itself.
			this.map.delete(hk);
			this.map.set(`=${id}`, loaded);
		}
		return loaded;
	}

	set(id: string, day: number, value: Omit<Slot, 'day'>): void {
		this.map.delete(`#${memoIdOf(id)}`);
		this.map.set(`=${id}`, { day, status: value.status, prev: value.prev, n: value.n });
	}

	pruneBefore(day: number): void {
		for (const [k, s] of this.map) if (s.day < day) this.map.delete(k);
	}

	toState(head: Omit<WatchStateV2, 'p'>): WatchStateV2 {
		const pairIndex = new Map<string, number>();
		const p: Array<[string, string]> = [];
		const codeOf = (s: Slot): number => {
			const pk = JSON.stringify([s.status, s.prev]);
			let c = pairIndex.get(pk);
			if (c === undefined) {
				c = p.length;
				pairIndex.set(pk, c);
				p.push([s.status, s.prev]);
			}
			return c;
		};
		const byDay = new Map<number, Array<[string, Slot]>>();
		const x: Record<string, number> = {};
		let hasX = false;
		for (const [k, s] of this.map) {
			codeOf(s);
			let list = byDay.get(s.day);
			if (!list) byDay.set(s.day, (list = []));
			list.push([k, s]);
			if (s.n !== (s.prev !== '' ? 1 : 0)) {
				hasX = true;
				x[k] = s.n;
			}
		}
		const K = Math.max(1, p.length);
		const heads = new Map<string, number>();
		const hd: string[] = [];
		const e: Record<string, string> = {};
		const h: Record<string, string> = {};
		const usedHashes = new Set<number>();
		for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
			const list = byDay.get(day) as Array<[string, Slot]>;
			const exact: Array<[Split, Slot, string]> = [];
			const hashed: Array<[number, Slot, string]> = [];
			for (const [k, s] of list) {
				if (k[0] === '=') exact.push([split(k.slice(1)), s, k]);
				else hashed.push([Number(k.slice(1)), s, k]);
			}
			// Exact encoding of the id-keyed entries, and its size with the heads it adds.
			exact.sort(
				(a, b) =>
					(a[0].head < b[0].head ? -1 : a[0].head > b[0].head ? 1 : 0) ||
					a[0].width - b[0].width ||
					a[0].tail - b[0].tail,
			);
			const exactOut: string[] = [];
			const newHeads = new Map<string, number>();
			let prev: Split | undefined;
			for (const [sp, slot] of exact) {
				const c = codeOf(slot);
				if (prev && prev.head === sp.head && prev.width === sp.width) {
					putVarint(exactOut, ((sp.tail - prev.tail - 1) * K + c) * 2);
				} else {
					let hi = heads.get(sp.head) ?? newHeads.get(sp.head);
					if (hi === undefined) {
						hi = hd.length + newHeads.size;
						newHeads.set(sp.head, hi);
					}
					putVarint(exactOut, (hi * K + c) * 2 + 1);
					putVarint(exactOut, sp.width);
					putVarint(exactOut, sp.tail);
				}
				prev = sp;
			}
			let exactSize = exactOut.join('').length;
			for (const hname of newHeads.keys()) exactSize += JSON.stringify(hname).length + 1;
			// Hashed encoding of all entries of the day (if the hashes are distinct). Skipped when the
			// exact one takes ≤ 4 characters an id: a hash token takes more for any day of < 10⁶ ids.
			const cheap = hashed.length === 0 && exactSize <= 4 * exact.length;
			const all: Array<[number, Slot, string]> = cheap
				? []
				: [
						...hashed,
						...exact.map(([, s, k]): [number, Slot, string] => [memoIdOf(k.slice(1)), s, k]),
					];
			all.sort((a, b) => a[0] - b[0]);
			let hashOk = true;
			for (let i = 0; i < all.length; i++) {
				if ((i > 0 && all[i][0] === all[i - 1][0]) || usedHashes.has(all[i][0])) hashOk = false;
			}
			const hashOut: string[] = [];
			if (hashOk) {
				let last = 0;
				for (const [hv, slot] of all) {
					putVarint(hashOut, (hv - last) * K + codeOf(slot));
					last = hv;
				}
			}
			const useExact =
				cheap || !hashOk || (hashed.length === 0 && exactSize <= hashOut.join('').length);
			if (useExact) {
				// Entries still keyed by hash stay hashed (their id is not known yet).
				if (exact.length) {
					for (const hname of newHeads.keys()) {
						heads.set(hname, hd.length);
						hd.push(hname);
					}
					e[String(day)] = exactOut.join('');
				}
				if (hashed.length) {
					hashed.sort((a, b) => a[0] - b[0]);
					const out: string[] = [];
					let last = 0;
					for (const [hv, slot] of hashed) {
						if (usedHashes.has(hv)) continue;
						usedHashes.add(hv);
						putVarint(out, (hv - last) * K + codeOf(slot));
						last = hv;
					}
					h[String(day)] = out.join('');
				}
			} else {
				for (const [hv, , k] of all) {
					usedHashes.add(hv);
					if (k[0] === '=' && k in x) {
						x[`#${hv}`] = x[k];
						delete x[k];
					}
				}
				h[String(day)] = hashOut.join('');
			}
		}
		const state: WatchStateV2 = { ...head, p } as WatchStateV2;
		state.v = 2;
		if (hd.length) state.hd = hd;
		if (Object.keys(e).length) state.e = e;
		if (Object.keys(h).length) state.h = h;
		if (hasX) state.x = x;
		return state;
	}

	static fromV2(st: Partial<WatchStateV2>): WatchMemo | undefined {
		const p = st.p;
		if (!Array.isArray(p)) return undefined;
		for (const pair of p) {
			if (!Array.isArray(pair) || pair.length !== 2) return undefined;
			if (typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return undefined;
		}
		const K = Math.max(1, p.length);
		const hd = st.hd ?? [];
		if (!Array.isArray(hd) || hd.some((x) => typeof x !== 'string')) return undefined;
		const x: Record<string, unknown> = st.x && typeof st.x === 'object' ? st.x : {};
		if (st.x !== undefined && (!st.x || typeof st.x !== 'object')) return undefined;
		const memo = new WatchMemo();
		const put = (k: string, day: number, c: number): boolean => {
			if (!(c >= 0 && c < p.length) || memo.map.has(k)) return false;
			const [status, prev] = p[c];
			const n = x[k] === undefined ? (prev !== '' ? 1 : 0) : x[k];
			if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return false;
			memo.map.set(k, { day, status, prev, n });
			return true;
		};
		const days = (rec: unknown): Array<[number, number[]]> | undefined => {
			if (rec === undefined) return [];
			if (!rec || typeof rec !== 'object') return undefined;
			const out: Array<[number, number[]]> = [];
			for (const [dk, enc] of Object.entries(rec as Record<string, unknown>)) {
				const day = Number(dk);
				if (!Number.isInteger(day) || typeof enc !== 'string') return undefined;
				const values = readVarints(enc);
				if (!values) return undefined;
				out.push([day, values]);
			}
			return out;
		};
		const e = days(st.e);
		const h = days(st.h);
		if (!e || !h) return undefined;
		for (const [day, values] of e) {
			let cur: Split | undefined;
			for (let i = 0; i < values.length; i++) {
				const t = values[i];
				const lit = t % 2;
				const v = (t - lit) / 2;
				const c = v % K;
				const q = (v - c) / K;
				if (lit) {
					const width = values[++i];
					const tail = values[++i];
					if (q >= hd.length || width === undefined || tail === undefined) return undefined;
					if (width > 12 || (width === 0 && tail !== 0) || tail >= 16 ** width) return undefined;
					cur = { head: hd[q], width, tail };
				} else {
					if (!cur) return undefined;
					const tail = cur.tail + q + 1;
					if (tail >= 16 ** cur.width) return undefined;
					cur = { head: cur.head, width: cur.width, tail };
				}
				if (!put(`=${joinId(cur.head, cur.width, cur.tail)}`, day, c)) return undefined;
			}
		}
		for (const [day, values] of h) {
			let hv = 0;
			for (let i = 0; i < values.length; i++) {
				const c = values[i] % K;
				const delta = (values[i] - c) / K;
				if (i > 0 && delta <= 0) return undefined;
				hv += delta;
				if (hv >= HASH_LIMIT || !put(`#${hv}`, day, c)) return undefined;
			}
		}
		return memo;
	}

	/** A v1 memo (44-bit hashes as integer ids) as hash-keyed entries. */
	static fromV1(raw: unknown): WatchMemo | undefined {
		const old = StatusMemo.fromState(raw);
		if (!old) return undefined;
		const memo = new WatchMemo();
		for (const [k, entry] of old.entries()) {
			if (!/^\d+$/.test(k) || Number(k) >= HASH_LIMIT) return undefined;
			memo.map.set(`#${Number(k)}`, {
				day: entry.day,
				status: entry.status,
				prev: entry.prev,
				n: entry.n,
			});
		}
		return memo;
	}
}

interface Loaded {
	at: number;
	cursor: number;
	baselineFrom?: number;
	memo: WatchMemo;
}

function decode(raw: unknown, fp: string): Loaded | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const s = raw as Partial<WatchStateV2> | Partial<WatchStateV1>;
	if (s.fp !== fp || typeof s.at !== 'number' || typeof s.cursor !== 'number') return undefined;
	if (s.baselineFrom !== undefined && typeof s.baselineFrom !== 'number') return undefined;
	const memo =
		s.v === 2
			? WatchMemo.fromV2(s)
			: s.v === 1
				? WatchMemo.fromV1((s as Partial<WatchStateV1>).memo)
				: undefined;
	if (!memo) return undefined;
	return { at: s.at, cursor: s.cursor, baselineFrom: s.baselineFrom, memo };
}

/** What a saved state holds about one record (see `readWatchState`). */
export interface SavedWatchEntry {
	/** Last status read (as the tracker gave it). */
	status: string;
	/** Status before it ('' until a change was seen). */
	prev: string;
	/** Changes emitted so far. */
	n: number;
	/** Day number the record was last listed under. */
	day: number;
}

/** Read-only view of a saved state (see `readWatchState`). */
export interface SavedWatch {
	v: 1 | 2;
	/** Days (day numbers, ascending) that hold at least one record. */
	days: number[];
	/** Number of records held. */
	size: number;
	/**
	 * The saved entry of a record id, or undefined when the state does not know it. A record held
	 * only as a 44-bit hash is found by the hash of `id` (so a hash collision answers for another id).
	 */
	get(id: string): SavedWatchEntry | undefined;
}

/**
 * Decodes a state returned by `pollStatusWatch` (v2, or a v1 state) for reading: which days and
 * records it holds and their last status. Undefined when `raw` is not a valid state. Changes
 * nothing (neither `raw` nor the encoding); for tests, diagnostics and tools.
 */
export function readWatchState(raw: unknown): SavedWatch | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const s = raw as { v?: unknown; fp?: unknown };
	if ((s.v !== 1 && s.v !== 2) || typeof s.fp !== 'string') return undefined;
	const loaded = decode(raw, s.fp);
	if (!loaded) return undefined;
	const map = loaded.memo.map;
	const days = [...new Set([...map.values()].map((e) => e.day))].sort((a, b) => a - b);
	const copy = (e: Slot | undefined): SavedWatchEntry | undefined =>
		e && { status: e.status, prev: e.prev, n: e.n, day: e.day };
	return {
		v: s.v,
		days,
		size: map.size,
		get: (id) => copy(map.get(`=${id}`) ?? map.get(`#${memoIdOf(id)}`)),
	};
}

/** One poll of a status watch. Pure apart from `readDays`; on error the caller keeps its state. */
export async function pollStatusWatch<Row>(
	previous: unknown,
	o: StatusWatchOptions<Row>,
): Promise<StatusWatchResult<Row>> {
	const windowDays = Math.max(
		RECENT_DAYS + 1,
		Math.floor(o.windowDays ?? DEFAULT_WATCH_WINDOW_DAYS),
	);
	const sweepMs = Math.max(60_000, o.sweepMs ?? DEFAULT_SWEEP_MS);
	const maxItems = o.maxItems ?? 5000;
	const clock = o.clock ?? (() => Date.now());
	const fp = fingerprint({ stream: o.stream ?? null, windowDays });
	const firstDay = o.today - windowDays + 1;
	const recentFrom = o.today - RECENT_DAYS + 1;

	const loaded = decode(previous, fp);
	const memo = loaded?.memo ?? new WatchMemo();
	const fresh = !loaded;
	let baselineFrom = fresh ? o.today + 1 : (loaded.baselineFrom ?? firstDay);
	let cursor = loaded ? loaded.cursor : firstDay;
	if (cursor < firstDay || cursor >= recentFrom) cursor = firstDay;

	const events: Array<WatchEvent<Row>> = [];
	let rowsRead = 0;
	let daysRead = 0;
	let cut: 'maxItems' | 'deadline' | undefined;
	const shouldStop = () => {
		if (events.length >= maxItems) cut = cut ?? 'maxItems';
		else if (o.deadline !== undefined && clock() >= o.deadline) cut = cut ?? 'deadline';
		return cut !== undefined;
	};

	const take = (rows: Row[], silentBefore: number) => {
		for (const row of rows) {
			rowsRead++;
			const w = o.describe(row);
			const e = memo.get(w.id);
			if (!e) {
				if (w.day < silentBefore || !o.includeNew) {
					memo.set(w.id, w.day, { status: w.status, prev: '', n: 0 });
					continue;
				}
				if (events.length >= maxItems) continue; // not recorded: seen again next time
				memo.set(w.id, w.day, { status: w.status, prev: '', n: 0 });
				events.push({ row, kind: 'new', previousStatus: '', change: 0 });
				continue;
			}
			if (o.normalize(e.status) !== o.normalize(w.status)) {
				if (events.length >= maxItems) continue; // not recorded: emitted by a later poll
				memo.set(w.id, w.day, { status: w.status, prev: e.status, n: e.n + 1 });
				events.push({ row, kind: 'changed', previousStatus: e.status, change: e.n + 1 });
			} else if (e.day !== w.day) {
				memo.set(w.id, w.day, { status: e.status, prev: e.prev, n: e.n });
			}
		}
	};

	if (fresh || baselineFrom > firstDay) {
		// Baseline, newest days first, silently; whatever the budget leaves is baselined next poll.
		const from = firstDay;
		const to = fresh ? o.today : baselineFrom - 1;
		for (let hi = to; hi >= from; hi -= 7) {
			const lo = Math.max(from, hi - 6);
			if (hi !== to && shouldStop()) break;
			const done = await o.readDays(
				lo,
				hi,
				(rows) => take(rows, Infinity),
				() => shouldStop(),
			);
			if (!done) break;
			daysRead += hi - lo + 1;
			baselineFrom = lo;
		}
	}

	// Recent days every poll (after the baseline above, rows there are no longer silent).
	if (!cut) {
		const done = await o.readDays(
			recentFrom,
			o.today,
			(rows) => take(rows, baselineFrom),
			() => shouldStop(),
		);
		if (done) daysRead += RECENT_DAYS;
	}

	// The sweep of the older days.
	const olderDays = recentFrom - firstDay;
	const elapsed = loaded ? Math.max(0, o.now - loaded.at) : sweepMs;
	let chunk = Math.ceil((olderDays * Math.max(elapsed, 1)) / sweepMs);
	chunk = Math.min(olderDays, Math.max(1, chunk));
	if (!cut && olderDays > 0 && baselineFrom <= firstDay) {
		const lo = cursor;
		const hi = Math.min(recentFrom - 1, lo + chunk - 1);
		const done = await o.readDays(
			lo,
			hi,
			(rows) => take(rows, baselineFrom),
			() => shouldStop(),
		);
		if (done && !cut) {
			daysRead += hi - lo + 1;
			cursor = hi + 1 >= recentFrom ? firstDay : hi + 1;
		}
	}

	memo.pruneBefore(firstDay);
	const head: Omit<WatchStateV2, 'p'> = { v: 2, fp, at: o.now, cursor };
	if (baselineFrom > firstDay) head.baselineFrom = baselineFrom;
	const state = memo.toState(head);
	return { events, state, stats: { rowsRead, daysRead, stoppedBy: cut ?? 'complete' } };
}

/** Day number of a local date `YYYY-MM-DD`. */
export function dayNumber(localDate: string): number {
	return Math.floor(Date.parse(`${localDate}T00:00:00Z`) / DAY_MS);
}

/** Local date `YYYY-MM-DD` of a day number. */
export function dayDate(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

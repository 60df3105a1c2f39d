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
 * - Memo ids are 44-bit hashes of the record ids (collision probability ~n²/2^45: 7·10⁻⁵ for
 *   50,000 records); records older than the window are forgotten by whole days.
 */
import type { StatusMemoStateV1 } from './statusMemo';
import { StatusMemo } from './statusMemo';
import { fingerprint, hash53 } from './hash';

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
	state: WatchStateV1;
	stats: { rowsRead: number; daysRead: number; stoppedBy: 'complete' | 'maxItems' | 'deadline' };
}

/** 44-bit hash of a record id (memo key; integers keep the memo compact). */
export function memoIdOf(id: string): number {
	return hash53(id) % 2 ** 44;
}

function decode(raw: unknown, fp: string): { state: WatchStateV1; memo: StatusMemo } | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const s = raw as Partial<WatchStateV1>;
	if (s.v !== 1 || s.fp !== fp || typeof s.at !== 'number' || typeof s.cursor !== 'number') {
		return undefined;
	}
	const memo = StatusMemo.fromState(s.memo);
	if (!memo) return undefined;
	return { state: s as WatchStateV1, memo };
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
	const memo = loaded?.memo ?? new StatusMemo();
	const fresh = !loaded;
	let baselineFrom = fresh ? o.today + 1 : (loaded.state.baselineFrom ?? firstDay);
	let cursor = loaded ? loaded.state.cursor : firstDay;
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
			const mid = memoIdOf(w.id);
			const e = memo.get(mid);
			if (!e) {
				if (w.day < silentBefore || !o.includeNew) {
					memo.set(mid, w.day, { status: w.status, prev: '', n: 0 });
					continue;
				}
				if (events.length >= maxItems) continue; // not recorded: seen again next time
				memo.set(mid, w.day, { status: w.status, prev: '', n: 0 });
				events.push({ row, kind: 'new', previousStatus: '', change: 0 });
				continue;
			}
			if (o.normalize(e.status) !== o.normalize(w.status)) {
				if (events.length >= maxItems) continue; // not recorded: emitted by a later poll
				memo.set(mid, w.day, { status: w.status, prev: e.status, n: e.n + 1 });
				events.push({ row, kind: 'changed', previousStatus: e.status, change: e.n + 1 });
			} else if (e.day !== w.day) {
				memo.set(mid, w.day, { status: e.status, prev: e.prev, n: e.n });
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
	const elapsed = loaded ? Math.max(0, o.now - loaded.state.at) : sweepMs;
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
	const state: WatchStateV1 = { v: 1, fp, at: o.now, cursor, memo: memo.toState() };
	if (baselineFrom > firstDay) state.baselineFrom = baselineFrom;
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

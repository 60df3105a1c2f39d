/**
 * The tracker-agnostic polling engine: exactly-once detection of new events across polls,
 * restarts and faults, for any source that can list rows by an event-time window.
 *
 * ## Model
 * Every row has an event time `t` and a key `k` (`PollSource.eventTime` / `PollSource.key`).
 * A row may become visible at the source after its event time, by at most the overlap `O`
 * (lateness + clock skew, as measured by n8n's clock). The state remembers:
 * - `from`: the lower bound of every later window; it never decreases;
 * - `seen`: hashes of the keys of delivered rows with `t ≥ from`, with their event times;
 * - a pass in progress, if the last poll was cut by the budget: its position `pos` and the wall
 *   time `W` at which the pass started reading at `from`.
 *
 * A **pass** reads `[from, now]` in event-time order, possibly across several polls. A poll that
 * starts at wall time `N` continues the pass at `pos` (or starts a new one at `from`, `W = N`),
 * reads up to `N`, delivers every row whose key is not in `seen`, and then sets
 *
 *     from' = max(from, min(S, W − O))
 *
 * where `S` is how far the scan got: `N` when it read to the end, or the event time of the last
 * row read when it stopped early (max items, deadline / n8n's poll budget, request cap; then
 * `pos' = S` and the pass goes on in the next poll). Keys with `t < from'` are forgotten. Why this
 * is exactly-once (given lateness ≤ O):
 * - nothing lost: a row visible before `W` with `t ≥ from` is read by the pass (every part of the
 *   window is read after `W`; paging is verified, below); a row visible after `W` has
 *   `t ≥ visible − O > W − O ≥ from'`, so the next pass, which starts at `from'`, reads it;
 * - nothing twice: a delivered key stays in `seen` as long as its row can fall into a window
 *   (`t ≥ from'`), and rows with `t < from'` are never read again because `from` never decreases.
 * - progress: a pass never re-reads what it has read, so a window larger than one poll's budget
 *   is still covered (a poll cut by the budget used to start over at `min(S, N − O)`, which could
 *   re-read the same prefix forever).
 * An idle poll is one pass in one poll: `W = N` and the rule is `from' = max(from, N − O)`.
 *
 * ## Paging
 * Sorted sources (`paging.sorted`) are read as a keyset chain: each request starts at the granule
 * of the last row read (`from = floor(tLast)`) and skips, by offset, only the rows of that granule
 * already read, overlapping by one row (the "anchor") whose presence is verified. Offsets never
 * span more than one granule, so inserts and moves anywhere earlier in the window cannot shift
 * them. If the anchor is missing (a row before it vanished or moved), the granule is re-read from
 * its start (rows already seen are skipped by key). A sorted scan can stop after any row; when it
 * stops inside a granule while draining a backlog, the exact position (granule, offset, anchor) is
 * stored and re-verified by the next poll, so a granule with thousands of rows is not re-read.
 *
 * Unsorted sources are read one window slice at a time (`paging.maxWindowMs`): every page of the
 * slice is fetched (pages overlap by one verified row when offsets allow it; a shrinking `total`
 * also forces a re-read), then the slice is sorted by event time in memory and delivered.
 *
 * ## Failure and budget
 * Any error from `fetchPage` propagates unchanged and the caller keeps the old state, so the window
 * is retried in full by the next poll. Budget stops (max items, deadline / n8n's poll budget,
 * request cap) are not failures: they return what was read and a state that resumes exactly there.
 * A poll always makes progress (its first page, or first slice, is never cut by the budget).
 *
 * **A budget stop never costs coverage**: `from'` is given by the one rule above whatever stopped
 * the scan, so it never passes `S` (nothing unread is skipped) and never passes `W − O` (late rows
 * are still caught). This holds for the activation poll too (next section).
 *
 * ## First run
 * - `backfillDays` / `fromDate`: `from` = the chosen start; rows are delivered from the first poll.
 * - `fromNow`: the first poll is a silent baseline over `[N − O, N]`: it remembers the keys of the
 *   rows already visible and delivers nothing, then `from' = N − O` as usual (`W = N`), so a row dated
 *   before activation that becomes visible after it is delivered. If the baseline is stopped by
 *   the budget at `S < N`, the rows of `[S, N]` it did not reach cannot be told from rows that
 *   arrive later; coverage wins: the pass goes on in the next polls, which deliver every unseen row
 *   of `[S, N]`, so such a
 *   stop may emit events dated up to `O` before activation, and never loses one.
 *
 * ## Bounded state
 * `seen` holds at most the keys with `t ∈ [from', N]`: about `rate × O` in steady state (plus
 * the length of a pass cut by the budget). A hard cap (`maxSeenKeys`) evicts the oldest event times
 * first and raises `from'` above them, so an evicted row can never be read (hence delivered)
 * again: the cap trades lateness tolerance (a row arriving later than the shrunken overlap would be
 * missed) for a bounded state, never for duplicates. Keys at or after the scan position are never
 * evicted (they are needed to resume); a single event time with more keys than the cap is the
 * only way to exceed it.
 *
 * ## Out of scope (documented limits)
 * - an activation poll stopped by the budget may emit rows that were visible before activation
 *   (dated at most `O` before it), see "First run";
 * - rows that appear later than the overlap after their event time (`t < visible − O`);
 * - a row whose event time changes while its key stays the same, after its old key was forgotten;
 * - a removal and an insertion before the anchor inside the same granule between two requests
 *   that cancel out exactly (the anchor check cannot see it; insertions within the overlap always
 *   land after the anchor, so this needs a removal plus a row later than the overlap);
 * - 53-bit key-hash collisions (probability ~K/2^53 per event, K = remembered keys);
 * - offset-`aligned` unsorted sources detect shifts only through a shrinking `total`.
 */
import { fingerprint, hash53 } from './hash';
import { decodeState, encodeState, sortedEntries } from './state';
import type { WorkingState } from './state';
import { floorToGranule, isValidZone, nextGranule, parseTimeToMs, toIsoUtc } from './time';
import type {
	FirstRun,
	Granularity,
	OffsetSupport,
	PageResult,
	PollOptions,
	PollResult,
	PollSource,
	PollStats,
	StopReason,
	TimeWindow,
} from './types';

export const DEFAULT_OVERLAP_MS = 10 * 60_000;
export const DEFAULT_MAX_ITEMS_PER_POLL = 5000;
export const DEFAULT_MAX_SEEN_KEYS = 10_000;
export const DEFAULT_MAX_RESTARTS = 3;
export const DEFAULT_BACKFILL_DAYS = 30;
const DAY_MS = 86_400_000;
const MAX_BACKFILL_DAYS = 3650;

/** Invalid engine options; the node turns `problems` into a NodeOperationError. */
export class PollConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Invalid polling options: ${problems.join('; ')}`);
		this.name = 'PollConfigError';
	}
}

/** The source broke its contract (e.g. unsorted rows from a `sorted` source). */
export class PollSourceError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PollSourceError';
	}
}

const GRANULARITIES: readonly Granularity[] = ['millisecond', 'second', 'minute', 'hour', 'day'];
const OFFSETS: readonly OffsetSupport[] = ['any', 'aligned', 'none'];

/** Problems with a first-run option (empty when valid). */
export function validateFirstRun(firstRun: unknown): string[] {
	if (typeof firstRun !== 'object' || firstRun === null) return ['First run option is missing'];
	const fr = firstRun as Record<string, unknown>;
	switch (fr.mode) {
		case 'fromNow':
			return [];
		case 'backfillDays': {
			const d = fr.days;
			if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0 || d > MAX_BACKFILL_DAYS) {
				return [`Backfill days must be a number between 1 and ${MAX_BACKFILL_DAYS}`];
			}
			return [];
		}
		case 'fromDate':
			if (!Number.isFinite(parseTimeToMs(fr.date, 'UTC'))) {
				return [
					`Start date "${String(fr.date)}" is not a valid ISO date (e.g. 2024-05-01 or 2024-05-01T10:00:00Z; no zone means UTC)`,
				];
			}
			return [];
		default:
			return [
				`Unknown first run mode "${String(fr.mode)}" (use fromNow, backfillDays or fromDate)`,
			];
	}
}

/** Epoch ms at which a first run starts reading (fromNow → now). */
export function firstRunStart(firstRun: FirstRun, nowMs: number): number {
	switch (firstRun.mode) {
		case 'backfillDays':
			return nowMs - firstRun.days * DAY_MS;
		case 'fromDate':
			return parseTimeToMs(firstRun.date, 'UTC');
		default:
			return nowMs;
	}
}

/** Problems with a source's paging declaration and the poll options (empty when valid). */
export function validatePollOptions<Row>(source: PollSource<Row>, options: PollOptions): string[] {
	const problems = validateFirstRun(options.firstRun);
	const p = source.paging;
	if (!Number.isInteger(p.maxPageSize) || p.maxPageSize < 2) {
		problems.push('Page size must be an integer of at least 2');
	}
	if (p.granularity !== undefined && !GRANULARITIES.includes(p.granularity)) {
		problems.push(`Unknown time granularity "${String(p.granularity)}"`);
	}
	if (p.offsets !== undefined && !OFFSETS.includes(p.offsets)) {
		problems.push(`Unknown offset support "${String(p.offsets)}"`);
	}
	if (p.zone !== undefined && !isValidZone(p.zone)) {
		problems.push(`Unknown time zone "${p.zone}" (use an IANA name such as Europe/Madrid)`);
	}
	if (p.maxWindowMs !== undefined && !(p.maxWindowMs >= 1000)) {
		problems.push('Max window must be at least one second');
	}
	const positive = (v: number | undefined, name: string, min: number) => {
		if (v !== undefined && !(typeof v === 'number' && v >= min && !Number.isNaN(v))) {
			problems.push(`${name} must be a number ≥ ${min}`);
		}
	};
	positive(options.maxItemsPerPoll, 'Max items per poll', 1);
	positive(options.maxRequestsPerPoll, 'Max requests per poll', 1);
	positive(options.overlapMs ?? source.overlapMs, 'Overlap', 0);
	positive(options.maxSeenKeys, 'Max remembered keys', 1);
	positive(options.maxRestarts, 'Max restarts', 0);
	if (options.deadline !== undefined && !Number.isFinite(options.deadline)) {
		problems.push('Deadline must be a finite epoch-millisecond timestamp');
	}
	return problems;
}

/**
 * Deadline for a poll from n8n's poll budget (`this.getPollBudgetMs()`), keeping a reserve for
 * mapping and emitting the rows: 20% of the budget, at least `minReserveMs` (default 5 s).
 * Returns undefined when there is no usable budget.
 */
export function deadlineFromBudget(
	budgetMs: number | undefined,
	startMs: number,
	minReserveMs = 5000,
): number | undefined {
	if (budgetMs === undefined || !Number.isFinite(budgetMs) || budgetMs <= 0) return undefined;
	const reserve = Math.max(minReserveMs, budgetMs * 0.2);
	return startMs + Math.max(budgetMs - reserve, budgetMs * 0.5);
}

interface Config {
	now: () => number;
	deadline: number | undefined;
	maxItems: number;
	maxRequests: number;
	overlap: number;
	maxSeen: number;
	maxRestarts: number;
	pageSize: number;
	granularity: Granularity;
	zone: string | undefined;
	sorted: boolean;
	offsets: OffsetSupport;
	maxWindowMs: number;
}

function resolveConfig<Row>(source: PollSource<Row>, options: PollOptions): Config {
	const problems = validatePollOptions(source, options);
	if (problems.length > 0) throw new PollConfigError(problems);
	const p = source.paging;
	return {
		now: options.now ?? Date.now,
		deadline: options.deadline,
		maxItems: options.maxItemsPerPoll ?? DEFAULT_MAX_ITEMS_PER_POLL,
		maxRequests: options.maxRequestsPerPoll ?? Infinity,
		overlap: options.overlapMs ?? source.overlapMs ?? DEFAULT_OVERLAP_MS,
		maxSeen: options.maxSeenKeys ?? DEFAULT_MAX_SEEN_KEYS,
		maxRestarts: options.maxRestarts ?? DEFAULT_MAX_RESTARTS,
		pageSize: p.maxPageSize,
		granularity: p.granularity ?? 'second',
		zone: p.zone,
		sorted: p.sorted,
		offsets: p.offsets ?? 'any',
		maxWindowMs: p.maxWindowMs ?? Infinity,
	};
}

interface Resume {
	g: number;
	p: number;
	a: number;
}

interface Stop {
	reason: StopReason;
	/** Every row with event time < S (inside the scanned range) has been read. */
	S: number;
	resume?: Resume;
}

function isNum(t: number): boolean {
	return t === t; // not NaN (eventTime may return NaN for unusable rows)
}

class Scanner<Row> {
	readonly emitted: Row[] = [];
	readonly emittedTimes: number[] = [];
	requests = 0;
	rowsRead = 0;
	duplicates = 0;
	outOfWindow = 0;
	invalidTime = 0;
	restarts = 0;
	private progressed = false;
	private slowestRequestMs = 0;

	constructor(
		private readonly source: PollSource<Row>,
		private readonly cfg: Config,
		private readonly seen: Map<number, number>,
		/** Baseline scan: remember keys, deliver nothing, ignore the item cap. */
		private readonly silent: boolean,
	) {}

	private floor(t: number): number {
		return floorToGranule(t, this.cfg.granularity, this.cfg.zone);
	}

	private makeWindow(fromMs: number, toMs: number): TimeWindow {
		return { from: toIsoUtc(fromMs), to: toIsoUtc(toMs), fromMs, toMs };
	}

	private async fetch(
		window: TimeWindow,
		offset: number,
		cursor?: string,
	): Promise<PageResult<Row>> {
		const started = this.cfg.now();
		const page =
			cursor === undefined
				? { offset, limit: this.cfg.pageSize }
				: { offset, limit: this.cfg.pageSize, cursor };
		const res = await this.source.fetchPage(window, page);
		this.requests++;
		const took = this.cfg.now() - started;
		if (took > this.slowestRequestMs) this.slowestRequestMs = took;
		if (!res || !Array.isArray(res.rows)) {
			throw new PollSourceError('The source returned a page without a rows array');
		}
		this.rowsRead += res.rows.length;
		return res;
	}

	/** Why the scan must stop before the next request, if it must. Never before any progress. */
	private budgetStop(): StopReason | undefined {
		if (!this.progressed) return undefined;
		if (this.requests >= this.cfg.maxRequests) return 'maxRequests';
		const { deadline } = this.cfg;
		if (deadline !== undefined && this.cfg.now() + this.slowestRequestMs >= deadline) {
			return 'deadline';
		}
		return undefined;
	}

	/** Dedupe and deliver one row. Returns true when the item cap is reached. */
	private accept(row: Row, h: number, t: number): boolean {
		const prev = this.seen.get(h);
		if (prev !== undefined) {
			this.duplicates++;
			if (t > prev) this.seen.set(h, t);
			return false;
		}
		this.seen.set(h, t);
		if (this.silent) return false;
		this.emitted.push(row);
		this.emittedTimes.push(t);
		return this.emitted.length >= this.cfg.maxItems;
	}

	private windowEnd(pos: number, hi: number): number {
		const { maxWindowMs, granularity, zone } = this.cfg;
		if (!Number.isFinite(maxWindowMs)) return hi;
		const start = this.floor(pos);
		let end = floorToGranule(start + maxWindowMs, granularity, zone);
		if (end <= pos) end = nextGranule(pos, granularity, zone);
		return Math.min(hi, end - 1);
	}

	async scan(lo: number, hi: number, resume: Resume | undefined): Promise<Stop | undefined> {
		let pos = lo;
		let first = true;
		while (pos <= hi) {
			const wt = this.windowEnd(pos, hi);
			const stop = this.cfg.sorted
				? await this.scanSorted(pos, wt, first ? resume : undefined)
				: await this.scanUnsorted(pos, wt);
			if (stop) return stop;
			first = false;
			pos = wt + 1;
		}
		return undefined;
	}

	private offsetFor(pos: number): number {
		switch (this.cfg.offsets) {
			case 'none':
				return 0;
			case 'aligned':
				return Math.floor(pos / this.cfg.pageSize) * this.cfg.pageSize;
			default:
				return pos > 0 ? pos - 1 : 0;
		}
	}

	private readPage(rows: Row[]): { times: number[]; hashes: number[] } {
		const n = rows.length;
		const times = new Array<number>(n);
		const hashes = new Array<number>(n);
		for (let i = 0; i < n; i++) {
			const row = rows[i];
			times[i] = this.source.eventTime(row);
			hashes[i] = hash53(this.source.key(row));
		}
		return { times, hashes };
	}

	/** Keyset chain over one window of a sorted source. */
	private async scanSorted(
		wf: number,
		wt: number,
		resume: Resume | undefined,
	): Promise<Stop | undefined> {
		const L = this.cfg.pageSize;
		let g = this.floor(wf);
		let pos = 0;
		let anchor: number | undefined;
		let doneBefore = wf;
		if (resume && resume.g === g) {
			pos = resume.p;
			anchor = resume.a;
		}
		for (;;) {
			const reason = this.budgetStop();
			if (reason) {
				return {
					reason,
					S: doneBefore,
					resume: anchor !== undefined && pos > 0 ? { g, p: pos, a: anchor } : undefined,
				};
			}
			const offset = this.offsetFor(pos);
			const res = await this.fetch(this.makeWindow(g, wt), offset);
			const rows = res.rows;
			const len = rows.length;
			const { times, hashes } = this.readPage(rows);

			let prevT = -Infinity;
			for (let i = 0; i < len; i++) {
				const t = times[i];
				if (!isNum(t)) continue;
				if (t < prevT) {
					throw new PollSourceError(
						`The source declared sorted rows but returned ${toIsoUtc(t)} after ${toIsoUtc(prevT)}`,
					);
				}
				prevT = t;
			}

			if (anchor !== undefined && offset < pos && hashes.indexOf(anchor) < 0) {
				// A row before the anchor vanished or moved: re-read this granule from its start.
				this.restarts++;
				if (this.restarts > this.cfg.maxRestarts) {
					return { reason: 'unstable', S: Math.max(wf, g) };
				}
				pos = 0;
				anchor = undefined;
				continue;
			}

			// Rows before the anchor are re-reads (skipped as duplicates) or rows inserted before it
			// since the last request (delivered now).
			for (let i = 0; i < len; i++) {
				const t = times[i];
				if (!isNum(t)) {
					this.invalidTime++;
					continue;
				}
				if (t < wf || t > wt) {
					this.outOfWindow++;
					continue;
				}
				if (this.accept(rows[i], hashes[i], t)) {
					const gS = this.floor(t);
					let p = 0;
					if (gS === g) p = offset + i + 1;
					else for (let j = 0; j <= i; j++) if (times[j] >= gS) p++;
					return { reason: 'maxItems', S: t, resume: { g: gS, p, a: hashes[i] } };
				}
			}
			this.progressed = true;
			if (len === 0) return undefined;

			let lastIdx = len - 1;
			while (lastIdx >= 0 && !isNum(times[lastIdx])) lastIdx--;
			const prevG = g;
			if (lastIdx < 0) {
				pos = offset + len;
			} else {
				const tLast = times[lastIdx];
				if (tLast > wt) return undefined; // sorted: everything up to wt has been read
				const gNew = this.floor(tLast);
				if (gNew > g) {
					let k = 0;
					while (k < len && !(times[k] >= gNew)) k++;
					g = gNew;
					pos = len - k;
				} else {
					pos = offset + len;
				}
				if (tLast > doneBefore) doneBefore = tLast;
			}
			anchor = hashes[len - 1];

			if (len < L) return undefined;
			if (res.total !== undefined && offset + len >= res.total) return undefined;
			if (this.cfg.offsets === 'none' && g === prevG) {
				throw new PollSourceError(
					`More than ${L} rows share one ${this.cfg.granularity} (${toIsoUtc(g)}) and the source supports no offset, so they cannot be paged`,
				);
			}
		}
	}

	/** Reads one slice of an unsorted source completely, then delivers it in time order. */
	private async scanUnsorted(wf: number, wt: number): Promise<Stop | undefined> {
		const L = this.cfg.pageSize;
		const window = this.makeWindow(this.floor(wf), wt);
		const buf: Row[] = [];
		const bufT: number[] = [];
		const bufH: number[] = [];
		const inBuf = new Set<number>();
		let consumed = 0;
		let cursor: string | undefined;
		let anchor: number | undefined;
		let lastTotal: number | undefined;
		for (;;) {
			const reason = this.budgetStop();
			if (reason) return { reason, S: wf };
			let offset: number;
			if (cursor !== undefined || this.cfg.offsets !== 'any') offset = consumed;
			else offset = consumed > 0 ? consumed - 1 : 0;
			const res = await this.fetch(window, offset, cursor);
			const rows = res.rows;
			const len = rows.length;
			const { times, hashes } = this.readPage(rows);

			const anchorLost =
				cursor === undefined &&
				anchor !== undefined &&
				offset < consumed &&
				hashes.indexOf(anchor) < 0;
			const shrunk = lastTotal !== undefined && res.total !== undefined && res.total < lastTotal;
			if (anchorLost || shrunk) {
				this.restarts++;
				if (this.restarts > this.cfg.maxRestarts) return { reason: 'unstable', S: wf };
				consumed = 0;
				cursor = undefined;
				anchor = undefined;
				lastTotal = undefined;
				continue;
			}

			for (let i = 0; i < len; i++) {
				const t = times[i];
				if (!isNum(t)) {
					this.invalidTime++;
					continue;
				}
				if (t < wf || t > wt) {
					this.outOfWindow++;
					continue;
				}
				const h = hashes[i];
				if (inBuf.has(h)) continue;
				inBuf.add(h);
				buf.push(rows[i]);
				bufT.push(t);
				bufH.push(h);
			}
			consumed = offset + len;
			if (len > 0) anchor = hashes[len - 1];
			if (res.total !== undefined) lastTotal = res.total;
			if (len === 0) break;
			if (res.nextCursor !== undefined && res.nextCursor !== '') {
				cursor = res.nextCursor;
				continue;
			}
			if (cursor !== undefined) break; // cursor paging ended
			if (len < L) break;
			if (res.total !== undefined && offset + len >= res.total) break;
			if (this.cfg.offsets === 'none') {
				throw new PollSourceError(
					`More than ${L} rows in one window (${window.from} – ${window.to}) and the source supports no offset; lower maxWindowMs`,
				);
			}
		}
		this.progressed = true;
		const order = buf.map((_, i) => i);
		order.sort((a, b) => bufT[a] - bufT[b] || bufH[a] - bufH[b]);
		for (const i of order) {
			if (this.accept(buf[i], bufH[i], bufT[i])) return { reason: 'maxItems', S: bufT[i] };
		}
		return undefined;
	}
}

type ResetReason = NonNullable<PollStats['reset']>;

/**
 * One poll, pure: `previous` is the stored state (or undefined), the result carries the rows to
 * emit and the state to store. Throws whatever `fetchPage` throws (state must then be kept as is),
 * `PollConfigError` for invalid options and `PollSourceError` for source contract violations.
 */
export async function pollStream<Row>(
	source: PollSource<Row>,
	previous: unknown,
	options: PollOptions,
): Promise<PollResult<Row>> {
	const cfg = resolveConfig(source, options);
	const N = cfg.now();
	const O = cfg.overlap;
	const fp = fingerprint({ stream: options.stream ?? null, firstRun: options.firstRun });

	let state: WorkingState | undefined = decodeState(previous);
	let reset: ResetReason | undefined;
	if (!state) reset = previous === undefined || previous === null ? 'first-run' : 'invalid-state';
	else if (state.fp !== fp) reset = 'config-changed';

	let baseline = false;
	if (reset) {
		// A corrupted state never replays history: it restarts from now.
		const mode: FirstRun = reset === 'invalid-state' ? { mode: 'fromNow' } : options.firstRun;
		if (mode.mode === 'fromNow') {
			baseline = true;
			state = { fp, fromMs: N - O, seen: new Map() };
		} else {
			state = { fp, fromMs: firstRunStart(mode, N), seen: new Map() };
		}
	}
	const working = state as WorkingState;
	const lo = working.fromMs;
	const seen = working.seen;
	const scanner = new Scanner(source, cfg, seen, baseline);

	// A pass cut by the budget continues where it stopped; otherwise a new pass starts at `from`.
	const pass = working.pass && working.pass.pos <= N ? working.pass : undefined;
	const start = pass ? pass.pos : lo;
	const passStartedAt = pass ? Math.min(pass.startedAt, N) : N;

	let stop: Stop | undefined;
	let notStarted = false;
	if (start <= N) stop = await scanner.scan(start, N, working.resume);
	else notStarted = true;

	const S = stop ? stop.S : N;
	// The same rule for every poll, a baseline included: a budget stop never moves the window past
	// what was read, nor past what may still arrive late. (An interrupted baseline used to jump to
	// N + 1, so every row dated before activation that became visible afterwards was never read.)
	let next = Math.max(lo, Math.min(S, passStartedAt - O));

	let entries = sortedEntries(seen);
	let cut = 0;
	while (cut < entries.length && entries[cut][0] < next) cut++;
	let evicted = 0;
	const keep = entries.length - cut;
	if (keep > cfg.maxSeen) {
		let i = cut;
		while (entries.length - i > cfg.maxSeen && i < entries.length && entries[i][0] < S) {
			const t = entries[i][0];
			while (i < entries.length && entries[i][0] === t) i++;
			next = Math.max(next, t + 1);
		}
		evicted = i - cut;
		cut = i;
	}
	if (cut > 0) entries = entries.slice(cut);

	const resume = stop?.resume;
	const nextPass = stop && S > next ? { pos: S, startedAt: passStartedAt } : undefined;
	const newState = encodeState(fp, next, N, entries, resume, nextPass);

	let rows = scanner.emitted;
	const times = scanner.emittedTimes;
	let ordered = true;
	for (let i = 1; i < times.length; i++) {
		if (times[i] < times[i - 1]) {
			ordered = false;
			break;
		}
	}
	if (!ordered) {
		const order = times.map((_, i) => i);
		order.sort((a, b) => times[a] - times[b] || a - b);
		rows = order.map((i) => scanner.emitted[i]);
	}

	let stoppedBy: StopReason = stop ? stop.reason : 'complete';
	if (notStarted) stoppedBy = 'notStarted';
	if (baseline && !stop) stoppedBy = 'baseline';
	const stats: PollStats = {
		stoppedBy,
		requests: scanner.requests,
		rowsRead: scanner.rowsRead,
		emitted: rows.length,
		duplicates: scanner.duplicates,
		outOfWindow: scanner.outOfWindow,
		invalidTime: scanner.invalidTime,
		restarts: scanner.restarts,
		evicted,
		seenKeys: entries.length,
		windowFrom: toIsoUtc(start),
		windowTo: toIsoUtc(N),
		nextFrom: newState.from,
		caughtUp: !stop,
	};
	if (reset) stats.reset = reset;
	return { rows, state: newState, stats };
}

/** Minimal view of `this.getWorkflowStaticData('node')`. */
export type StaticData = Record<string, unknown>;

/** Default property of the node's static data that holds the engine state. */
export const DEFAULT_STATE_KEY = 'pollState';

/**
 * One poll against n8n static data: reads `staticData[stateKey]`, polls, and only on success
 * replaces `staticData[stateKey]` with the new state (one assignment, so n8n sees the change).
 * On any error the static data is left exactly as it was. Call it only inside `poll()`.
 */
export async function runPoll<Row>(
	staticData: StaticData,
	source: PollSource<Row>,
	options: PollOptions,
	stateKey: string = DEFAULT_STATE_KEY,
): Promise<PollResult<Row>> {
	const result = await pollStream(source, staticData[stateKey], options);
	staticData[stateKey] = result.state;
	return result;
}

export interface SampleOptions {
	/** How many rows (default 5). */
	limit?: number;
	now?: () => number;
	/** How far back to look when the source has no `fetchLatest` (default 7 days). */
	lookbackMs?: number;
}

/**
 * Manual mode ("Fetch Test Event"): a small sample of the most recent rows, oldest first. Takes no
 * state and cannot touch it. Uses `fetchLatest` when the source has it; otherwise at most two
 * requests over the lookback window (first page, then the last page when `total` says there is
 * more).
 */
export async function fetchSample<Row>(
	source: PollSource<Row>,
	options: SampleOptions = {},
): Promise<Row[]> {
	const limit = Math.max(1, Math.floor(options.limit ?? 5));
	const now = (options.now ?? Date.now)();
	let rows: Row[];
	if (source.fetchLatest) {
		rows = await source.fetchLatest(limit, now);
	} else {
		const p = source.paging;
		const g = p.granularity ?? 'second';
		const fromMs = floorToGranule(now - (options.lookbackMs ?? 7 * DAY_MS), g, p.zone);
		const window: TimeWindow = { from: toIsoUtc(fromMs), to: toIsoUtc(now), fromMs, toMs: now };
		const L = p.maxPageSize;
		const first = await source.fetchPage(window, { offset: 0, limit: L });
		rows = first.rows;
		const offsets = p.offsets ?? 'any';
		if (first.total !== undefined && first.total > rows.length && offsets !== 'none') {
			const offset =
				offsets === 'aligned'
					? Math.floor((first.total - 1) / L) * L
					: Math.max(0, first.total - L);
			const last = await source.fetchPage(window, { offset, limit: L });
			rows = rows.concat(last.rows);
		}
	}
	const unique = new Set<string>();
	const withTime: Array<{ row: Row; i: number; t: number }> = [];
	rows.forEach((row, i) => {
		const t = source.eventTime(row);
		const k = source.key(row);
		if (!isNum(t) || unique.has(k)) return;
		unique.add(k);
		withTime.push({ row, i, t });
	});
	withTime.sort((a, b) => a.t - b.t || a.i - b.i);
	return withTime.slice(-limit).map((x) => x.row);
}

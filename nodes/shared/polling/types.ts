/**
 * Public types of the tracker-agnostic polling engine. A tracker folder implements `PollSource`
 * for each event stream (new conversions, status changes, clicks, entity changes, …); the engine
 * does windows, paging, dedupe, chunked draining and state. See `engine.ts` for the algorithm and
 * the guarantees.
 */
import type { Granularity } from './time';

export type { Granularity } from './time';

/** Closed time window `[from, to]` the source must return rows for (event time, UTC). */
export interface TimeWindow {
	/** ISO-8601 UTC, inclusive. Aligned down to the source's granularity. */
	from: string;
	/** ISO-8601 UTC, inclusive. */
	to: string;
	fromMs: number;
	toMs: number;
}

/** Which page of the window to return. */
export interface PageSpec {
	/** Rows to skip, counted in the source's order from the start of the window. */
	offset: number;
	/** Maximum rows to return (= `paging.maxPageSize`). */
	limit: number;
	/** Opaque continuation token from the previous page's `nextCursor` (unsorted sources only). */
	cursor?: string;
}

export interface PageResult<Row> {
	rows: Row[];
	/**
	 * Exact number of rows matching the window, when the API reports it (saves a request when the
	 * last page is exactly full). Omit it when the API caps or estimates it.
	 */
	total?: number;
	/** For cursor-paged APIs: token for the next page; absent on the last page. */
	nextCursor?: string;
}

/**
 * How offsets may be used with the time filter:
 * - `any`: any offset (e.g. `limit`/`offset`): pages overlap by one row, which is verified;
 * - `aligned`: offsets must be multiples of the limit (APIs with `page`/`per`);
 * - `none`: no offset at all; the engine pages by moving the window start forward (keyset).
 */
export type OffsetSupport = 'any' | 'aligned' | 'none';

export interface PagingCapabilities {
	/** Rows per request. At least 2. */
	maxPageSize: number;
	/**
	 * Finest unit the API's time filter can express (default `second`). The engine aligns window
	 * starts down to it, in `zone`, and drops returned rows outside the logical window.
	 */
	granularity?: Granularity;
	/** IANA zone in which `hour`/`day` granules are aligned (the API's report zone). Default UTC. */
	zone?: string;
	/**
	 * True when rows come ordered by event time ascending, with a stable tie order (e.g. `time,
	 * id`). Sorted sources are paged incrementally (keyset) and can be stopped anywhere; unsorted
	 * sources are read one slice at a time and sorted in memory.
	 */
	sorted: boolean;
	/** Default `any`. */
	offsets?: OffsetSupport;
	/**
	 * Largest time span one window may cover (ms). The span is split into consecutive windows that
	 * end on granule boundaries. Default: unlimited. Unsorted sources should set it (it bounds the
	 * memory of one slice). Keep it ≥ overlap + one granule so an idle poll stays one request.
	 */
	maxWindowMs?: number;
}

/**
 * One event stream of one tracker. `Row` is whatever the API returns; the node maps emitted rows
 * to the canonical model afterwards.
 */
export interface PollSource<Row> {
	readonly paging: PagingCapabilities;
	/**
	 * How late rows may appear at the source relative to their event time (ms) — includes clock
	 * skew between n8n and the tracker. Default 10 minutes. The poll option `overlapMs` wins.
	 */
	readonly overlapMs?: number;
	/** Fetch one page of rows whose event time lies in `window`. Errors must propagate. */
	fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<Row>>;
	/** Event time of a row as epoch milliseconds (UTC). NaN marks an unusable row (counted, skipped). */
	eventTime(row: Row): number;
	/**
	 * What makes an event new, e.g. `conversionId` for "new conversion" or `conversionId|status`
	 * for "status changed". Stable across requests.
	 */
	key(row: Row): string;
	/** Optional: the latest `limit` rows, newest last or first (for manual "Fetch Test Event"). */
	fetchLatest?(limit: number, now: number): Promise<Row[]>;
}

/** What the user chose for the very first poll (and after a deliberate reset). */
export type FirstRun =
	| { mode: 'fromNow' }
	| { mode: 'backfillDays'; days: number }
	| { mode: 'fromDate'; date: string };

export interface PollOptions {
	/**
	 * JSON-like description of everything that defines the stream (tracker, event type, filters…).
	 * Together with `firstRun` it forms the config fingerprint: when it changes the state is reset
	 * deliberately; re-activation with the same options never resets.
	 */
	stream: unknown;
	firstRun: FirstRun;
	/** Clock (epoch ms). Default `Date.now`. */
	now?: () => number;
	/** Epoch ms before which fetching must stop (see `deadlineFromBudget`). */
	deadline?: number;
	/** Max rows emitted per poll (default 5000); the rest is drained by later polls. */
	maxItemsPerPoll?: number;
	/** Max requests per poll (default unlimited). */
	maxRequestsPerPoll?: number;
	/** Lateness window (ms). Default `source.overlapMs` or 10 minutes. */
	overlapMs?: number;
	/** Hard cap on remembered keys (default 10,000). See `engine.ts` for the trade-off. */
	maxSeenKeys?: number;
	/** How often one poll may restart a granule after the source shifted under it (default 3). */
	maxRestarts?: number;
}

/** Persisted state, version 1. JSON-serialisable; lives under one key of the node's static data. */
export interface PollStateV1 {
	v: 1;
	/** Config fingerprint (see `PollOptions.stream`). */
	fp: string;
	/** Inclusive lower bound of the next window, ISO UTC. Never decreases. */
	from: string;
	/** Start of the last successful poll, ISO UTC (diagnostics). */
	at: string;
	/**
	 * Keys of events whose event time is ≥ `from`, grouped by event time:
	 * `t[i]` = time of group i as a delta (ms) from the previous group (the first from `from`),
	 * `n[i]` = keys in group i, `h` = the 9-character key hashes of all groups, concatenated.
	 */
	seen: { t: number[]; n: number[]; h: string };
	/**
	 * Exact resume point of a drain that stopped inside a granule (sorted sources): granule start
	 * (ISO), position of the next row within it, hash of the last row read. Verified before use.
	 */
	resume?: { g: string; p: number; a: string };
	/**
	 * A pass cut by the budget continues at `pos` (ISO, > `from`) in the next poll; `pass` is the
	 * wall-clock time (ISO) at which that pass started reading at `from`. Absent: the next poll
	 * starts a new pass at `from`.
	 */
	pos?: string;
	pass?: string;
}

export type StopReason =
	| 'complete'
	| 'maxItems'
	| 'deadline'
	| 'maxRequests'
	| 'unstable'
	| 'baseline'
	| 'notStarted';

export interface PollStats {
	/** Why this poll stopped. `complete` = caught up to `now`. */
	stoppedBy: StopReason;
	/** Set when the state was (re)initialised in this poll. */
	reset?: 'first-run' | 'config-changed' | 'invalid-state';
	requests: number;
	rowsRead: number;
	emitted: number;
	duplicates: number;
	outOfWindow: number;
	invalidTime: number;
	restarts: number;
	/** Keys dropped by the hard cap (> 0 means the effective overlap shrank this poll). */
	evicted: number;
	seenKeys: number;
	windowFrom: string;
	windowTo: string;
	/** Lower bound of the next window. */
	nextFrom: string;
	/** True when everything up to `windowTo` has been read. */
	caughtUp: boolean;
}

export interface PollResult<Row> {
	/** New events in event-time order. Empty → the node returns null. */
	rows: Row[];
	state: PollStateV1;
	stats: PollStats;
}

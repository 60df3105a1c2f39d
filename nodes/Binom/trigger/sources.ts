/**
 * Binom 2 event streams as polling-engine sources (facts: other-trackers-api.md §4).
 *
 * What Binom's `/conversions` and `/clicklog` accept is NOT known (issue 11), so a source speaks
 * one of two query dialects (`BinomDialect`, chosen by the node, detected on a 400):
 * - `window`: `datePreset=custom_time`, `dateFrom`/`dateTo` "YYYY-MM-DD HH:MM:SS" (inclusive, to
 *   the second), `timezone=UTC`, `sortColumn`/`sortType=asc`, `limit`/`offset` (the report
 *   endpoints' query);
 * - `preset`: what the one working public client sends: a `datePreset` (the smallest of today,
 *   last_2_days … last_30_days, all_time covering the window plus one day of clock skew),
 *   `timezone=UTC`, `sortType=asc`, `limit`, `direction=next`. Its cursor is unknown, so only the
 *   first page is read, with the largest limit; a full page stops the poll loudly (never a guess).
 * Nothing relies on the order of the list: the sources are `sorted: false` (the engine reads a
 * whole window slice and sorts it in memory), so a Binom that ignores `sortType` is read exactly.
 * Every time is read as UTC wall-clock time (we ask for `timezone=UTC`). Answers are checked at
 * the boundary (schema.ts): a missing column or an unexpected time stops the poll.
 * - Conversions are keyed by click id. New Conversion: key = id.
 * - Clicks: `click_time` is a full time, or a time of day next to `clicked_date`; both are read.
 */
import type { TrackerRequest, RetryPolicy } from '../../shared/transport';
import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { formatLocal, parseTimeToMs, PollSourceError } from '../../shared/polling';
import { normalizeRawStatus } from '../../shared/model/status';
import { toNumber } from '../../shared/model/canonical';
import { BinomAnswerError, checkClicks, checkConversions, clickTimeOf } from './schema';

export type BinomRow = Record<string, unknown>;

/** Calls the Binom API (the node passes `trackerRequest` bound to its context and profile). */
export type BinomFetch = (req: TrackerRequest) => Promise<unknown>;

/** Which time column the `/conversions` date filter applies to (UNKNOWN in the docs, §4.5). */
export type ConversionDateField = 'conversed_at' | 'clicked_at';

export type ConversionStream = 'newConversion' | 'conversionChanged';

/** The zone every Binom request is made in; row times are read in it. */
export const BINOM_QUERY_ZONE = 'UTC';
export const BINOM_MAX_PAGE_SIZE = 10_000;
export const BINOM_DEFAULT_PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;

/** The query dialect of the log endpoints (see the header). */
export type BinomDialect = 'window' | 'preset';
export const BINOM_DIALECTS: readonly BinomDialect[] = ['window', 'preset'];

export interface BinomSourceOptions {
	fetch: BinomFetch;
	pageSize?: number;
	overlapMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Keep every row read in `read`. */
	collectReads?: boolean;
	/** Query dialect (default `window`). */
	dialect?: BinomDialect;
	/** The node's clock (picks the preset of the `preset` dialect). */
	now?: () => number;
}

/** Presets of the `preset` dialect and the calendar days (ending today) each covers. */
const PRESETS: ReadonlyArray<readonly [string, number]> = [
	['today', 1],
	['last_2_days', 2],
	['last_3_days', 3],
	['last_7_days', 7],
	['last_14_days', 14],
	['last_30_days', 30],
];

/**
 * The smallest preset whose days (in UTC, ending today) cover `fromMs`, with one day to spare for
 * a Binom clock on the other side of midnight; `all_time` beyond 30 days.
 */
export function presetCovering(fromMs: number, nowMs: number): string {
	const days = Math.floor(nowMs / DAY_MS) - Math.floor(fromMs / DAY_MS) + 2;
	for (const [name, n] of PRESETS) if (n >= days) return name;
	return 'all_time';
}

/**
 * One list request of a log endpoint in a dialect. `window` pages with `offset`; `preset` reads
 * the first page only (a full one is an error: the rest could not be read).
 */
export async function listLog(
	o: Pick<BinomSourceOptions, 'fetch' | 'retry'>,
	path: '/conversions' | '/clicklog',
	dialect: BinomDialect,
	q: {
		fromMs: number;
		toMs: number;
		nowMs: number;
		limit: number;
		offset: number;
		sortColumn: string;
		/** Default asc; the order is never relied on. */
		sortType?: 'asc' | 'desc';
	},
): Promise<BinomRow[]> {
	const qs: Record<string, string | number> =
		dialect === 'window'
			? {
					...dateRange(q.fromMs, q.toMs),
					sortColumn: q.sortColumn,
					sortType: q.sortType ?? 'asc',
					limit: q.limit,
					offset: q.offset,
				}
			: {
					datePreset: presetCovering(q.fromMs, q.nowMs),
					timezone: BINOM_QUERY_ZONE,
					sortType: q.sortType ?? 'asc',
					limit: BINOM_MAX_PAGE_SIZE,
					direction: 'next',
				};
	const body = await o.fetch({ method: 'GET', path, qs, retry: o.retry });
	const rows = path === '/conversions' ? checkConversions(body, q.sortColumn) : checkClicks(body);
	if (dialect === 'preset' && rows.length >= BINOM_MAX_PAGE_SIZE) {
		throw new BinomAnswerError(
			`Binom's GET ${path} answered ${rows.length} rows for datePreset=${String(qs.datePreset)}, a full page; this Binom pages with direction=next whose cursor is unknown, so the trigger stopped instead of missing rows. Narrow the Watch Window or the filters, or switch the Log Query option to Custom Time Window if your Binom accepts it`,
			'limit',
		);
	}
	return rows;
}

function isRecord(v: unknown): v is BinomRow {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The rows of a `/conversions` or `/clicklog` answer: `{rows: [...]}` (or a bare array). */
export function rowsOf(body: unknown, what: string): BinomRow[] {
	const list = Array.isArray(body) ? body : isRecord(body) ? body.rows : undefined;
	if (!Array.isArray(list)) {
		throw new PollSourceError(
			`Binom answered ${what} without a "rows" list; check that the URL points to a Binom 2 tracker`,
		);
	}
	// Non-objects stay in the page (the page length drives paging) and get no event time.
	return list.map((r) => (isRecord(r) ? r : {}));
}

/** Query parameters of a custom time window, in the query zone (UTC). */
export function dateRange(fromMs: number, toMs: number): Record<string, string> {
	return {
		datePreset: 'custom_time',
		dateFrom: formatLocal(fromMs, BINOM_QUERY_ZONE),
		dateTo: formatLocal(toMs, BINOM_QUERY_ZONE),
		timezone: BINOM_QUERY_ZONE,
	};
}

/** Event time of a row from a "YYYY-MM-DD HH:MM:SS" column in the query zone; NaN when unusable. */
export function rowTime(row: BinomRow, column: string): number {
	if (row.id === undefined || row.id === null || row.id === '') return NaN;
	return parseTimeToMs(row[column], BINOM_QUERY_ZONE);
}

/** Payout as a canonical number string ("14.5000" and "14.5" are the same version). */
export function payoutKey(value: unknown): string {
	return String(Math.round(toNumber(value, 0) * 10_000) / 10_000);
}

/** What makes a version of a conversion: click id, normalised status, payout. */
export function versionKey(row: BinomRow): string {
	return `${String(row.id)}|${normalizeRawStatus(row.status)}|${payoutKey(row.payout)}`;
}

abstract class BinomListSource implements PollSource<BinomRow> {
	readonly paging: PollSource<BinomRow>['paging'];
	readonly overlapMs?: number;
	/** Every row read by `fetchPage` when `collectReads` is set. */
	readonly read: BinomRow[] = [];
	readonly dialect: BinomDialect;
	/** `preset` dialect: one answer per preset and poll (the source lives for one poll). */
	private readonly presetCache = new Map<string, BinomRow[]>();

	protected constructor(
		protected readonly opts: BinomSourceOptions,
		protected readonly path: '/conversions' | '/clicklog',
		protected readonly column: string,
		sliceMs: number,
	) {
		this.dialect = opts.dialect ?? 'window';
		const overlap = opts.overlapMs ?? 10 * 60_000;
		this.paging = {
			maxPageSize:
				this.dialect === 'preset'
					? BINOM_MAX_PAGE_SIZE
					: Math.min(
							BINOM_MAX_PAGE_SIZE,
							Math.max(2, Math.floor(opts.pageSize ?? BINOM_DEFAULT_PAGE_SIZE)),
						),
			granularity: 'second',
			zone: BINOM_QUERY_ZONE,
			// The order of the list is not relied on: each slice is read whole and sorted in memory.
			sorted: false,
			offsets: this.dialect === 'preset' ? 'none' : 'any',
			maxWindowMs: Math.max(sliceMs, overlap + 60_000),
		};
		this.overlapMs = opts.overlapMs;
	}

	private now(): number {
		return (this.opts.now ?? (() => Date.now()))();
	}

	async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<BinomRow>> {
		const q = {
			fromMs: window.fromMs,
			toMs: window.toMs,
			nowMs: this.now(),
			limit: page.limit,
			offset: page.offset,
			sortColumn: this.column,
		};
		let rows: BinomRow[];
		if (this.dialect === 'preset') {
			if (page.offset > 0) return { rows: [] };
			const preset = presetCovering(q.fromMs, q.nowMs);
			rows = this.presetCache.get(preset) ?? (await listLog(this.opts, this.path, 'preset', q));
			this.presetCache.set(preset, rows);
		} else {
			rows = await listLog(this.opts, this.path, 'window', q);
		}
		if (this.opts.collectReads) for (const r of rows) this.read.push(r);
		return { rows };
	}

	eventTime(row: BinomRow): number {
		return rowTime(row, this.column);
	}

	abstract key(row: BinomRow): string;

	/** The newest rows of the last 7 days (manual "Fetch Test Event"). */
	async fetchLatest(limit: number, now: number): Promise<BinomRow[]> {
		const rows = await listLog(this.opts, this.path, this.dialect, {
			fromMs: now - 7 * DAY_MS,
			toMs: now,
			nowMs: now,
			limit: Math.max(1, Math.min(limit, BINOM_MAX_PAGE_SIZE)),
			offset: 0,
			sortColumn: this.column,
			sortType: 'desc',
		});
		// Newest first whatever order Binom listed them in.
		return rows
			.map((r) => ({ r, t: this.eventTime(r) }))
			.filter((x) => x.t >= now - 7 * DAY_MS)
			.sort((a, b) => b.t - a.t)
			.slice(0, limit)
			.map((x) => x.r);
	}
}

export class BinomConversionSource extends BinomListSource {
	constructor(
		opts: BinomSourceOptions,
		readonly stream: ConversionStream,
		readonly dateField: ConversionDateField = 'conversed_at',
	) {
		super(opts, '/conversions', dateField, 3_600_000);
	}

	key(row: BinomRow): string {
		return this.stream === 'newConversion' ? String(row.id) : versionKey(row);
	}
}

export class BinomClickSource extends BinomListSource {
	constructor(opts: BinomSourceOptions) {
		super(opts, '/clicklog', 'click_time', 15 * 60_000);
	}

	eventTime(row: BinomRow): number {
		if (row.id === undefined || row.id === null || row.id === '') return NaN;
		return parseTimeToMs(clickTimeOf(row), BINOM_QUERY_ZONE);
	}

	key(row: BinomRow): string {
		return String(row.id);
	}
}

/**
 * Binom 2 event streams as polling-engine sources (facts: other-trackers-api.md §4).
 *
 * - `GET /conversions` and `GET /clicklog` with `datePreset=custom_time`, `dateFrom`/`dateTo` as
 *   "YYYY-MM-DD HH:MM:SS" (inclusive, to the second) and an explicit `timezone=UTC`, so every time
 *   in a row is UTC wall-clock time and the engine's UTC cursor maps onto the filter one to one.
 * - Rows are asked for sorted by the filtered time column ascending (`sortColumn`, `sortType=asc`);
 *   paging is `limit`/`offset`, no total. ASSUMED: ties within one second keep a stable order
 *   between requests (the engine's one-row page overlap verifies it and re-reads on a shift).
 * - Conversions are keyed by click id. New Conversion: key = id. Status or payout changed:
 *   key = id + status + payout (a postback changes the status, an upsell adds to the payout).
 */
import type { TrackerRequest, RetryPolicy } from '../../shared/transport';
import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { formatLocal, parseTimeToMs, PollSourceError } from '../../shared/polling';
import { normalizeRawStatus } from '../../shared/model/status';
import { toNumber } from '../../shared/model/canonical';

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

export interface BinomSourceOptions {
	fetch: BinomFetch;
	pageSize?: number;
	overlapMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Keep every row read in `read` (the status-change stream needs it on its first run). */
	collectReads?: boolean;
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
	/** Every row read by `fetchPage` when `collectReads` is set (used after a successful poll). */
	readonly read: BinomRow[] = [];

	protected constructor(
		protected readonly opts: BinomSourceOptions,
		protected readonly path: string,
		protected readonly column: string,
	) {
		this.paging = {
			maxPageSize: Math.min(
				BINOM_MAX_PAGE_SIZE,
				Math.max(2, Math.floor(opts.pageSize ?? BINOM_DEFAULT_PAGE_SIZE)),
			),
			granularity: 'second',
			zone: BINOM_QUERY_ZONE,
			sorted: true,
			offsets: 'any',
		};
		this.overlapMs = opts.overlapMs;
	}

	private async list(qs: Record<string, string | number>): Promise<BinomRow[]> {
		const body = await this.opts.fetch({
			method: 'GET',
			path: this.path,
			qs: { ...qs, sortColumn: this.column },
			retry: this.opts.retry,
		});
		return rowsOf(body, `GET ${this.path}`);
	}

	async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<BinomRow>> {
		const rows = await this.list({
			...dateRange(window.fromMs, window.toMs),
			sortType: 'asc',
			limit: page.limit,
			offset: page.offset,
		});
		if (this.opts.collectReads) for (const r of rows) this.read.push(r);
		return { rows };
	}

	eventTime(row: BinomRow): number {
		return rowTime(row, this.column);
	}

	abstract key(row: BinomRow): string;

	/** The newest rows of the last 7 days (manual "Fetch Test Event"). */
	async fetchLatest(limit: number, now: number): Promise<BinomRow[]> {
		return await this.list({
			...dateRange(now - 7 * DAY_MS, now),
			sortType: 'desc',
			limit: Math.max(1, Math.min(limit, BINOM_MAX_PAGE_SIZE)),
			offset: 0,
		});
	}
}

export class BinomConversionSource extends BinomListSource {
	constructor(
		opts: BinomSourceOptions,
		readonly stream: ConversionStream,
		readonly dateField: ConversionDateField = 'conversed_at',
	) {
		super(opts, '/conversions', dateField);
	}

	key(row: BinomRow): string {
		return this.stream === 'newConversion' ? String(row.id) : versionKey(row);
	}
}

export class BinomClickSource extends BinomListSource {
	constructor(opts: BinomSourceOptions) {
		super(opts, '/clicklog', 'click_time');
	}

	key(row: BinomRow): string {
		return String(row.id);
	}
}

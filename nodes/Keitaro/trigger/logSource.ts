/**
 * `POST /conversions/log` and `POST /clicks/log` as a polling-engine source
 * (keitaro-admin-api.md §4.1–4.2, §6): a window is a `range` {from, to, timezone} in the tracker's
 * time zone, rows come sorted by (event time, id) ascending, paged with `limit`/`offset` and an
 * exact `total`. Event times have one-second granularity.
 *
 * Each row becomes a `LogRow` (event time, key, id, statuses) as soon as its page arrives; its
 * output item (the canonical model) is built while the request for the NEXT page is in flight,
 * i.e. while the tracker is busy, and the tracker's wide row (50+ columns) is dropped then. A
 * poll that emits thousands of items keeps only their output in memory, and parses each time once.
 *
 * Time filter modes (the "Conversion Time Mode" option):
 * - `range` (postback): the log's date range selects rows by the event time column;
 * - `filter` (click): for trackers whose conversion log range follows the "report conversions by
 *   click date" setting, the range is `all_time` and the window is sent as two filters on the
 *   event time column, which select by postback time whatever that setting is.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { formatLocal } from '../../shared/polling';
import type { KeitaroFilter, TriggerOptions } from './common';
import { postGrid } from './common';

export type KeitaroRow = IDataObject;

/** A log row ready for the engine and for output. */
export interface LogRow {
	/** The tracker's row, until `json` is built from it. */
	raw?: KeitaroRow;
	/** The output item (canonical model), once built. */
	json?: IDataObject;
	/** Event time, epoch ms (NaN when unusable). */
	t: number;
	/** What makes the event new (see each event). */
	k: string;
	/** conversion_id / click_id as a number (NaN when absent). */
	id: number;
	/** The conversion's previous status ('' when none). */
	prev: string;
	/** The conversion's status ('' for clicks). */
	status: string;
}

export interface LogSourceSpec {
	ctx: IPollFunctions;
	path: '/conversions/log' | '/clicks/log';
	/** Event time column: `postback_datetime` or `datetime`. */
	timeField: string;
	/** Tie-breaker column: `conversion_id` or `click_id`. */
	idField: string;
	columns: string[];
	filters: KeitaroFilter[];
	/** Extra filters for the manual sample only (e.g. "has a previous status"). */
	sampleFilters?: KeitaroFilter[];
	options: TriggerOptions;
	timeFilter: 'range' | 'filter';
	/** Tracker row → `LogRow` without `json` (runs once per row read; keep it cheap). */
	prepare(row: KeitaroRow): LogRow;
	/** Tracker row → output item (the canonical model); `eventTime` is `prepare`'s `t`. */
	toJson(row: KeitaroRow, eventTime: number): IDataObject;
}

/** A log source that also builds the output items (see the module comment). */
export interface KeitaroLogSource extends PollSource<LogRow> {
	/** The output item of a row (built now if it was not built yet). */
	output(row: LogRow): IDataObject;
}

/** How far back "Fetch Test Event" looks. */
export const SAMPLE_LOOKBACK_MS = 30 * 86_400_000;

export function keitaroLogSource(spec: LogSourceSpec): KeitaroLogSource {
	const { ctx, path, timeField, idField, columns, options, prepare } = spec;
	const zone = options.timezone;
	const timeoutMs = options.timeoutMs;
	const output = (row: LogRow): IDataObject => {
		if (row.json === undefined) {
			row.json = spec.toJson(row.raw ?? {}, row.t);
			row.raw = undefined;
		}
		return row.json;
	};
	let previousPage: LogRow[] = [];

	const body = (
		fromMs: number,
		toMs: number,
		order: 'ASC' | 'DESC',
		limit: number,
		offset: number,
		extra: KeitaroFilter[] = [],
	): IDataObject => {
		const from = formatLocal(fromMs, zone);
		const to = formatLocal(toMs, zone);
		const filters: KeitaroFilter[] = [...spec.filters, ...extra];
		const b: IDataObject = { columns };
		if (spec.timeFilter === 'filter') {
			b.range = { interval: 'all_time', timezone: zone };
			filters.push(
				{ name: timeField, operator: 'EQUALS_OR_GREATER_THAN', expression: from },
				{ name: timeField, operator: 'EQUALS_OR_LESS_THAN', expression: to },
			);
		} else {
			b.range = { from, to, timezone: zone };
		}
		if (filters.length) b.filters = filters as unknown as IDataObject[];
		b.sort = [
			{ name: timeField, order },
			{ name: idField, order },
		];
		b.limit = limit;
		b.offset = offset;
		return b;
	};

	return {
		paging: {
			// One more than the page size: consecutive pages overlap by one verified row (the
			// engine's anchor), so every request brings `pageSize` new rows.
			maxPageSize: options.pageSize + 1,
			granularity: 'second',
			zone,
			sorted: true,
			offsets: 'any',
		},
		overlapMs: options.overlapMs,
		async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<LogRow>> {
			// Settled (never rejected) so that a fast failure is not an unhandled rejection while the
			// previous page is mapped; the error is raised below, unchanged.
			const request = postGrid(
				ctx,
				path,
				body(window.fromMs, window.toMs, 'ASC', page.limit, page.offset),
				timeoutMs,
			).then(
				(value) => ({ value, error: undefined }),
				(error: unknown) => ({ value: undefined, error }),
			);
			if (previousPage.length) {
				// Let the request go out, then build the previous page's items while the tracker works.
				await sleep(0);
				for (const row of previousPage) output(row);
				previousPage = [];
			}
			const settled = await request;
			if (settled.value === undefined) throw settled.error;
			const res = settled.value;
			const rows = res.rows.map(prepare);
			previousPage = rows;
			return res.total === undefined ? { rows } : { rows, total: res.total };
		},
		output,
		eventTime: (row: LogRow) => row.t,
		key: (row: LogRow) => row.k,
		async fetchLatest(limit: number, now: number): Promise<LogRow[]> {
			const res = await postGrid(
				ctx,
				path,
				body(now - SAMPLE_LOOKBACK_MS, now, 'DESC', limit, 0, spec.sampleFilters),
				timeoutMs,
			);
			return res.rows.map(prepare);
		},
	};
}

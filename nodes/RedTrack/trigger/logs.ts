/**
 * RedTrack's conversion and click logs (`GET /conversions`, `GET /tracks`) as `PollSource`s of
 * the shared polling engine (other-trackers-api.md §2.2, §2.5):
 * - `date_from`/`date_to` are dates, read in the account time zone (both days inclusive), so the
 *   source declares granularity `day` in that zone; the engine cuts long spans (backfills) into
 *   windows of the lateness window plus two days (`maxWindowMs`), so an idle poll is one request
 *   even just after midnight;
 * - there is no sort parameter and the order is unspecified: the source is `unsorted` (each
 *   window is read completely, then ordered by time in memory);
 * - paging is `page` (1-based) / `per`, so offsets are `aligned` to the page size;
 * - the row time is the field the date filter applies to. Which one that is is UNKNOWN (docs
 *   §2.5); conversions default to `conv_time` (option: `created_at`), clicks use `track_time`.
 *   Local times ("YYYY-MM-DD HH:MM:SS") are read in the account zone, RFC 3339 ones as UTC.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { formatLocal, parseTimeToMs } from '../../shared/polling';
import type { RedTrackApiClient } from './api';
import { checkRedTrackLog } from './schema';

export type RedTrackRow = Record<string, unknown>;

const DAY_MS = 86_400_000;
export const REDTRACK_DEFAULT_PAGE_SIZE = 1000;
export const REDTRACK_MAX_PAGE_SIZE = 10_000;
/** Rows per request of a manual test sample (first and last page of the last days). */
const SAMPLE_PAGE = 100;
const SAMPLE_DAYS = 7;

export function localDate(epochMs: number, zone: string): string {
	return formatLocal(epochMs, zone).slice(0, 10);
}

/** `{items, total}` (tolerating a bare array) → rows and total. */
export function logPage(body: unknown): { rows: RedTrackRow[]; total?: number } {
	const list = Array.isArray(body) ? body : (body as { items?: unknown } | undefined)?.items;
	const rows = Array.isArray(list)
		? (list.filter((r) => r !== null && typeof r === 'object') as RedTrackRow[])
		: [];
	const t = Array.isArray(body) ? undefined : (body as { total?: unknown } | undefined)?.total;
	const total = typeof t === 'number' && Number.isFinite(t) ? t : undefined;
	return total === undefined ? { rows } : { rows, total };
}

export function idOf(row: RedTrackRow): string {
	const id = row.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
}

export interface RedTrackLogSourceOptions {
	api: RedTrackApiClient;
	path: '/conversions' | '/tracks';
	/** Account time zone (IANA). */
	zone: string;
	/** Row field the API's date filter applies to. */
	timeField: string;
	key(row: RedTrackRow): string;
	/** Filters sent with every request (campaign_id, source_id, …). */
	filters?: IDataObject;
	pageSize?: number;
	overlapMs?: number;
	/** Called with every page read (the status memo of "status changed" uses it). */
	onPage?(rows: RedTrackRow[]): void;
	/** The node: when given, every answer is validated (schema.ts) and a surprise stops the poll. */
	node?: INode;
}

export function redTrackLogSource(options: RedTrackLogSourceOptions): PollSource<RedTrackRow> {
	const { api, path, zone, timeField } = options;
	const per = Math.min(options.pageSize ?? REDTRACK_DEFAULT_PAGE_SIZE, REDTRACK_MAX_PAGE_SIZE);
	const filters = options.filters ?? {};
	const get = async (fromMs: number, toMs: number, page: number, size: number) => {
		const body = await api.get(path, {
			...filters,
			date_from: localDate(fromMs, zone),
			date_to: localDate(toMs, zone),
			page,
			per: size,
		});
		const result = options.node
			? checkRedTrackLog(body, options.node, {
					path,
					timeField,
					zone,
					requireStatus: path === '/conversions',
				})
			: logPage(body);
		options.onPage?.(result.rows);
		return result;
	};
	return {
		paging: {
			maxPageSize: per,
			granularity: 'day',
			zone,
			sorted: false,
			offsets: 'aligned',
			// The window of an idle poll spans lateness + poll interval: keep it one request.
			maxWindowMs: (options.overlapMs ?? 10 * 60_000) + 2 * DAY_MS,
		},
		overlapMs: options.overlapMs,
		async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<RedTrackRow>> {
			return await get(
				window.fromMs,
				window.toMs,
				Math.floor(page.offset / page.limit) + 1,
				page.limit,
			);
		},
		eventTime: (row) => parseTimeToMs(row[timeField], zone),
		key: options.key,
		async fetchLatest(_limit: number, now: number): Promise<RedTrackRow[]> {
			// The order is unspecified: read the first and the last page, the engine keeps the latest.
			const from = now - SAMPLE_DAYS * DAY_MS;
			const first = await get(from, now, 1, SAMPLE_PAGE);
			if (first.total === undefined || first.total <= SAMPLE_PAGE) return first.rows;
			const last = await get(from, now, Math.ceil(first.total / SAMPLE_PAGE), SAMPLE_PAGE);
			return first.rows.concat(last.rows);
		},
	};
}

/**
 * "New Conversion" of the Voluum Trigger: `GET /report/conversions` (other-trackers-api.md §1.2,
 * §1.5), as a `PollSource` of the shared polling engine.
 *
 * - Time mode: the trigger always sends `conversionTimeMode` (CONVERSION by default: the window
 *   and the cursor follow the postback time; VISIT: they follow the visit time, and the lateness
 *   window must cover the delay from visit to postback) and an explicit `columns` list, so neither
 *   depends on the account's settings. Every answer is validated (`schema.ts`): a row whose time
 *   of the chosen mode lies outside the asked window (Voluum filtered by the other time) stops the
 *   poll with a sentence, instead of being dropped.
 *
 * - Window: Voluum only accepts `from`/`to` rounded to whole hours, so the source declares
 *   granularity `hour` in the report zone; `from` is the engine's (aligned) window start, `to` the
 *   end of the hour that contains the window end (exclusive). Both are sent as the zone's
 *   wall-clock hour with a literal `Z` and an explicit `tz`, the form Voluum's own clients use;
 *   the trigger queries in `Etc/GMT`, where every reading of that form agrees.
 * - Order: `sort=postbackTimestamp&direction=ASC` → a sorted source, paged with `limit`/`offset`
 *   (offsets `any`; the engine overlaps pages by one verified row).
 * - Voluum echoes the `limit` it applied; when it is below what was asked (an undocumented
 *   cap), the page is completed with further requests that overlap by one verified row, so the
 *   engine never mistakes a capped page for the last one.
 * - Row times are wall-clock times in `tz` ("2025-06-16 09:30:00 AM", "2025-06-16 09:30:00") or
 *   ISO with an offset; all are parsed (`parseTimeToMs`).
 * - What is new: `clickId|transactionId|conversion type|postback time` (one click can convert
 *   several times: upsells, other types).
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildConversion, extractSubIds } from '../../shared/model/canonical';
import type { CanonicalConversion, StatusMap } from '../../shared/model/canonical';
import { normalizeRawStatus } from '../../shared/model/status';
import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { floorToGranule, formatLocal, nextGranule, parseTimeToMs } from '../../shared/polling';
import type { VoluumApiClient } from './api';
import { checkConversionsAnswer, VOLUUM_CONVERSION_COLUMNS } from './schema';
import { voluumStatus } from './status';

export type VoluumRow = Record<string, unknown>;

/** The zone the trigger queries conversions in (cursors are UTC anyway). */
export const VOLUUM_QUERY_ZONE = 'Etc/GMT';
export const VOLUUM_DEFAULT_PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;
const MAX_STITCH_REQUESTS = 50;
const MAX_STITCH_ATTEMPTS = 3;

/** `YYYY-MM-DDTHH:00:00.000Z` whose digits are the wall-clock hour of `epochMs` in `zone`. */
export function voluumHour(epochMs: number, zone: string): string {
	const local = formatLocal(floorToGranule(epochMs, 'hour', zone), zone);
	return `${local.slice(0, 10)}T${local.slice(11, 13)}:00:00.000Z`;
}

/** Voluum `from`/`to` covering the closed window `[fromMs, toMs]` (to is exclusive at Voluum). */
export function voluumRange(fromMs: number, toMs: number, zone: string) {
	return { from: voluumHour(fromMs, zone), to: voluumHour(nextGranule(toMs, 'hour', zone), zone) };
}

function num(v: unknown): number | undefined {
	const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function str(v: unknown): string {
	if (typeof v === 'string') return v.trim();
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return '';
}

/** Rows of a report answer (`{rows: [...]}`, tolerating a bare array). */
export function reportRows(body: unknown): VoluumRow[] {
	const rows = Array.isArray(body) ? body : (body as { rows?: unknown } | undefined)?.rows;
	return Array.isArray(rows)
		? (rows.filter((r) => r !== null && typeof r === 'object') as VoluumRow[])
		: [];
}

export interface VoluumConversionSourceOptions {
	api: VoluumApiClient;
	/** The node, for error messages. */
	node: () => INode;
	zone?: string;
	pageSize?: number;
	/** Voluum's free-text `filter` parameter. */
	filter?: string;
	overlapMs?: number;
	/** Which time places a conversion in the window (default CONVERSION = postback time). */
	timeMode?: VoluumTimeMode;
	/** State cap (engine `maxSeenKeys`); visit-time mode remembers a longer window. */
	maxSeenKeys?: number;
}

export type VoluumTimeMode = 'CONVERSION' | 'VISIT';

/** The row field that holds the time of `mode`. */
export function timeFieldOf(mode: VoluumTimeMode): 'postbackTimestamp' | 'visitTimestamp' {
	return mode === 'VISIT' ? 'visitTimestamp' : 'postbackTimestamp';
}

export function conversionTime(row: VoluumRow, zone: string): number {
	return parseTimeToMs(row.postbackTimestamp, zone);
}

export function conversionKey(row: VoluumRow, zone: string): string {
	const type = str(row.conversionTypeId) || str(row.conversionType);
	return `${str(row.clickId)}|${str(row.transactionId)}|${type}|${conversionTime(row, zone)}`;
}

export function voluumConversionSource(
	options: VoluumConversionSourceOptions,
): PollSource<VoluumRow> {
	const zone = options.zone ?? VOLUUM_QUERY_ZONE;
	const pageSize = options.pageSize ?? VOLUUM_DEFAULT_PAGE_SIZE;
	const { api } = options;
	const timeMode: VoluumTimeMode = options.timeMode === 'VISIT' ? 'VISIT' : 'CONVERSION';
	const timeField = timeFieldOf(timeMode);
	const baseQs = (window: { fromMs: number; toMs: number }): IDataObject => {
		const qs: IDataObject = {
			...voluumRange(window.fromMs, window.toMs, zone),
			tz: zone,
			conversionTimeMode: timeMode,
			columns: VOLUUM_CONVERSION_COLUMNS.join(','),
		};
		if (options.filter) qs.filter = options.filter;
		return qs;
	};
	const key = (row: VoluumRow) => conversionKey(row, zone);
	const checked = (body: unknown, window: { fromMs: number; toMs: number }) =>
		checkConversionsAnswer(body, options.node(), {
			zone,
			timeField,
			fromMs: floorToGranule(window.fromMs, 'hour', zone),
			toMs: nextGranule(window.toMs, 'hour', zone),
		});

	/** One engine page, completed across Voluum's own cap when it is lower than asked. */
	async function readPage(window: TimeWindow, page: PageSpec): Promise<PageResult<VoluumRow>> {
		const qs = { ...baseQs(window), sort: timeField, direction: 'ASC' };
		for (let attempt = 1; attempt <= MAX_STITCH_ATTEMPTS; attempt++) {
			const rows: VoluumRow[] = [];
			let total: number | undefined;
			let offset = page.offset;
			let consistent = true;
			for (let n = 0; n < MAX_STITCH_REQUESTS && rows.length < page.limit; n++) {
				const overlap = rows.length > 0 ? 1 : 0;
				const asked = page.limit - rows.length + overlap;
				const body = await api.get<IDataObject>('/report/conversions', {
					...qs,
					limit: asked,
					offset: offset - overlap,
				});
				let got = checked(body, window);
				total = num(body?.totalRows) ?? total;
				const echoed = num(body?.limit);
				const received = got.length;
				if (overlap) {
					if (received === 0 || key(got[0]) !== key(rows[rows.length - 1])) {
						consistent = false;
						break;
					}
					got = got.slice(1);
				}
				rows.push(...got);
				offset += got.length;
				const capped = echoed !== undefined && echoed < asked && received >= echoed;
				if (!capped || got.length === 0) break;
				if (total !== undefined && offset >= total) break;
			}
			if (consistent) return total === undefined ? { rows } : { rows, total };
		}
		throw new NodeOperationError(
			options.node(),
			'Voluum kept changing the conversion list while it was being read',
			{ description: 'The trigger will read the same window again on the next poll.' },
		);
	}

	return {
		paging: { maxPageSize: pageSize, granularity: 'hour', zone, sorted: true, offsets: 'any' },
		overlapMs: options.overlapMs,
		fetchPage: readPage,
		eventTime: (row) => parseTimeToMs(row[timeField], zone),
		key,
		async fetchLatest(limit: number, now: number): Promise<VoluumRow[]> {
			const window = { fromMs: now - 7 * DAY_MS, toMs: now };
			const body = await api.get<IDataObject>('/report/conversions', {
				...baseQs(window),
				sort: timeField,
				direction: 'DESC',
				limit,
				offset: 0,
			});
			return checked(body, window);
		},
	};
}

export interface VoluumConversionMapping {
	statusMap: StatusMap;
	zone?: string;
	includeRaw?: boolean;
}

/** One report row as the canonical conversion (`tracker: 'voluum'`). */
export function voluumConversion(
	row: VoluumRow,
	mapping: VoluumConversionMapping,
): CanonicalConversion {
	const zone = mapping.zone ?? VOLUUM_QUERY_ZONE;
	const status = voluumStatus(row.conversionType, row.conversionTypeId, mapping.statusMap);
	const rawStatus = str(row.conversionType) || str(row.conversionTypeId);
	const clickId = str(row.clickId);
	const transactionId = str(row.transactionId);
	return buildConversion(
		{
			tracker: 'voluum',
			event: 'conversion.created',
			conversionId: transactionId ? `${clickId}:${transactionId}` : clickId,
			clickId: row.clickId,
			transactionId: row.transactionId,
			campaignId: row.campaignId,
			campaignName: row.campaignName,
			offerId: row.offerId,
			offerName: row.offerName,
			flowId: row.flowId,
			flowName: row.flowName,
			trafficSourceId: row.trafficSourceId,
			trafficSourceName: row.trafficSourceName,
			affiliateNetworkId: row.affiliateNetworkId,
			affiliateNetworkName: row.affiliateNetworkName,
			landingId: row.landerId,
			landingName: row.landerName,
			subIds: extractSubIds(row, 'customVariable', 10),
			rawStatus,
			revenue: row.revenue ?? row.payout,
			currency: row.currency,
			clickTime: row.visitTimestamp,
			postbackTime: row.postbackTimestamp,
			country: row.countryCode,
			ip: row.ip,
			raw: row,
		},
		{
			zone,
			// The status is already resolved; mapStatus finds it under the raw value.
			statusMap: { [normalizeRawStatus(rawStatus)]: status },
			statusFallback: status,
			includeRaw: mapping.includeRaw,
		},
	);
}

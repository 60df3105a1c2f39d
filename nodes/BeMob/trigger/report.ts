/**
 * BeMob's aggregated report (BETA: BeMob publishes no API reference; facts and their weakness:
 * other-trackers-api.md §3). `GET /v1/report?from=&to=&groupBy=&sort=&direction=&limit=&offset=`
 * with `from`/`to` sent as ISO instants (UTC, `to` inclusive to the second), `groupBy` a comma
 * list of up to three levels. ASSUMED answer: `{payload: {rows: [...], total, totals}}`, one row
 * per group with `<level>Id`/`<level>Name` columns (`day` for a day grouping, in the account time
 * zone) and the measures. BeMob has no conversion or click log in its API.
 */
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { toIsoUtc } from '../../shared/polling';
import { canonicalIds, presentMeasures } from '../../shared/threshold';
import type { TrackerRequest } from '../../shared/transport';
import { quote } from '../../shared/validation';

export type BeMobFetch = (req: TrackerRequest) => Promise<unknown>;

export const BEMOB_MAX_PAGE_SIZE = 10_000;
export const BEMOB_DEFAULT_PAGE_SIZE = 1000;
export const BEMOB_DEFAULT_MAX_ROWS = 10_000;
/** BeMob accounts default to UTC (docs §3.5). */
export const BEMOB_DEFAULT_ZONE = 'UTC';

/** Report levels: label and the id / name columns they add. */
export const BEMOB_GROUPS: Record<string, { label: string; id: string; name?: string }> = {
	affiliateNetwork: {
		label: 'Affiliate Network',
		id: 'affiliateNetworkId',
		name: 'affiliateNetworkName',
	},
	campaign: { label: 'Campaign', id: 'campaignId', name: 'campaignName' },
	country: { label: 'Country', id: 'countryCode', name: 'countryName' },
	lander: { label: 'Lander', id: 'landerId', name: 'landerName' },
	offer: { label: 'Offer', id: 'offerId', name: 'offerName' },
	trafficSource: { label: 'Traffic Source', id: 'trafficSourceId', name: 'trafficSourceName' },
};

export const BEMOB_MEASURES = [
	'visits',
	'clicks',
	'conversions',
	'approved',
	'pending',
	'declined',
	'chargebacks',
	'revenue',
	'cost',
	'profit',
	'roi',
	'ctr',
	'cr',
	'epv',
	'epc',
	'cpv',
];

/** Canonical id/name fields filled from a level. */
export const BEMOB_CANONICAL: Record<string, { id: string; name: string }> = {
	campaign: { id: 'campaignId', name: 'campaignName' },
	offer: { id: 'offerId', name: 'offerName' },
	lander: { id: 'landingId', name: 'landingName' },
	trafficSource: { id: 'trafficSourceId', name: 'trafficSourceName' },
	affiliateNetwork: { id: 'affiliateNetworkId', name: 'affiliateNetworkName' },
};

export interface ReportQuery {
	fromMs: number;
	toMs: number;
	/** Levels as BeMob names them (`day` allowed). */
	groupBy: string[];
	pageSize: number;
	maxRows: number;
}

export interface ReportRead {
	rows: IDataObject[];
	complete: boolean;
	requests: number;
}

/** The `payload` rows of an answer, or undefined when the answer has another shape. */
export function reportRowsOf(body: unknown): { rows: IDataObject[]; total?: number } | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const payload = (body as IDataObject).payload;
	const holder = (payload && typeof payload === 'object' ? payload : body) as IDataObject;
	const rows = Array.isArray(holder) ? holder : holder.rows;
	if (!Array.isArray(rows)) return undefined;
	const total = typeof holder.total === 'number' ? holder.total : undefined;
	return { rows: rows as IDataObject[], total };
}

const idValue = z.union([z.string().trim().min(1), z.number().finite()]);
const dayValue = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const measureValue = z.union([
	z.number().finite(),
	z
		.string()
		.trim()
		.regex(/^-?\d+(\.\d+)?$/),
	z.null(),
]);

/**
 * Checks one report row at the boundary (zod): every level asked for has its id column (`day` as
 * YYYY-MM-DD), and every measure present is a number (or a numeric string, or null). Returns the
 * sentence for the first problem, naming the column and BeMob, or undefined.
 */
export function beMobRowProblem(
	row: unknown,
	groupBy: string[],
	index: number,
): string | undefined {
	if (!row || typeof row !== 'object' || Array.isArray(row)) {
		return `BeMob sent report row ${index + 1} as ${quote(row, 40)} instead of an object`;
	}
	const r = row as IDataObject;
	for (const g of groupBy) {
		const column = g === 'day' ? 'day' : BEMOB_GROUPS[g].id;
		const ok = (g === 'day' ? dayValue : idValue).safeParse(r[column]).success;
		if (!ok) {
			return column in r
				? `BeMob sent report row ${index + 1} whose ${column} is ${quote(r[column], 40)}: expected ${g === 'day' ? 'a date YYYY-MM-DD' : 'an id'}`
				: `BeMob's report rows have no ${column} column (row ${index + 1} has ${Object.keys(r)
						.slice(0, 12)
						.join(', ')}); the report was grouped by ${groupBy.join(', ')}`;
		}
	}
	for (const m of BEMOB_MEASURES) {
		if (m in r && !measureValue.safeParse(r[m]).success) {
			return `BeMob sent report row ${index + 1} whose ${m} is ${quote(r[m], 40)}: expected a number`;
		}
	}
	return undefined;
}

/** ISO instant without milliseconds, e.g. `2025-06-16T00:00:00Z`. */
export function bemobInstant(ms: number): string {
	return `${toIsoUtc(ms).slice(0, 19)}Z`;
}

/** Every row of the report (page by page, sorted by the levels so that paging is stable). */
export async function readBeMobReport(
	fetch: BeMobFetch,
	q: ReportQuery,
	onBadAnswer: (message: string) => never,
): Promise<ReportRead> {
	const rows: IDataObject[] = [];
	const limit = Math.max(1, Math.min(q.pageSize, q.maxRows, BEMOB_MAX_PAGE_SIZE));
	const first = q.groupBy[0];
	const sort = first === 'day' ? 'day' : BEMOB_GROUPS[first].id;
	let requests = 0;
	for (let offset = 0; ; ) {
		const body = await fetch({
			method: 'GET',
			path: '/report',
			qs: {
				from: bemobInstant(q.fromMs),
				to: bemobInstant(q.toMs),
				groupBy: q.groupBy.join(','),
				sort,
				direction: 'asc',
				limit,
				offset,
			},
		});
		requests++;
		const page = reportRowsOf(body);
		if (!page) onBadAnswer('BeMob answered the report without a list of rows');
		const list = (page as { rows: IDataObject[] }).rows;
		const total = (page as { total?: number }).total;
		if (total !== undefined && !(Number.isInteger(total) && total >= 0)) {
			onBadAnswer(`BeMob answered the report with total ${quote(total, 20)}: expected a count`);
		}
		for (let i = 0; i < list.length; i++) {
			const problem = beMobRowProblem(list[i], q.groupBy, offset + i);
			if (problem) onBadAnswer(problem);
		}
		rows.push(...list);
		offset += list.length;
		const done = list.length === 0 || (total !== undefined ? offset >= total : list.length < limit);
		if (done) return { rows, complete: true, requests };
		if (rows.length >= q.maxRows) return { rows, complete: false, requests };
	}
}

/** `campaign=12|offer=7` (levels in order; `day` by its date). */
export function beMobRowKey(row: IDataObject, groupBy: string[]): string {
	return groupBy
		.map((g) => `${g}=${String(row[g === 'day' ? 'day' : BEMOB_GROUPS[g].id] ?? '')}`)
		.join('|');
}

/** The id and name columns of the levels, as dimensions. */
export function beMobDimensions(row: IDataObject, groupBy: string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const g of groupBy) {
		if (g === 'day') {
			out.day = row.day;
			continue;
		}
		const def = BEMOB_GROUPS[g];
		out[def.id] = row[def.id];
		if (def.name) out[def.name] = row[def.name];
	}
	return out;
}

/** Measures present in the row. */
export function beMobMetrics(row: IDataObject, extra: string[] = []): Record<string, unknown> {
	return presentMeasures(row, [...BEMOB_MEASURES, ...extra]);
}

/** Canonical campaignId/Name … from the levels (null when not grouped by it). */
export function beMobCanonicalIds(row: IDataObject, groupBy: string[]): IDataObject {
	return canonicalIds(BEMOB_CANONICAL, groupBy, (group) => {
		const def = BEMOB_GROUPS[group];
		return { id: row[def.id], name: def.name ? row[def.name] : undefined };
	});
}

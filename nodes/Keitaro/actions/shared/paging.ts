import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';

export const DEFAULT_PAGE_SIZE = 1000;

/** Largest page asked for in one request, whatever the Page Size option or an expression says. */
export const MAX_PAGE_SIZE = 10000;

/** Return All + Limit. */
export const returnAllProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1 },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** Paging options that go into an operation's Options collection. */
export const pagingOptions: INodeProperties[] = [
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 10000 },
		default: DEFAULT_PAGE_SIZE,
		description:
			'Rows asked for per request. Smaller pages are lighter on a busy tracker, bigger pages need fewer requests.',
	},
	{
		displayName: 'Start Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 0 },
		default: 0,
		description: 'Number of rows to skip before the first returned row',
	},
];

export interface PagingSettings {
	returnAll: boolean;
	limit: number;
	pageSize: number;
	offset: number;
}

/** Reads Return All / Limit and the paging options of item `i`. */
export function readPaging(
	ctx: IExecuteFunctions,
	i: number,
	options: IDataObject,
): PagingSettings {
	const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? 0 : Number(ctx.getNodeParameter('limit', i, 50));
	const pageSize = Number(options.pageSize ?? DEFAULT_PAGE_SIZE);
	const offset = Number(options.offset ?? 0);
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw new NodeOperationError(ctx.getNode(), `Limit must be a whole number of at least 1`, {
			itemIndex: i,
		});
	}
	if (!Number.isInteger(pageSize) || pageSize < 1) {
		throw new NodeOperationError(ctx.getNode(), `Page Size must be a whole number of at least 1`, {
			itemIndex: i,
		});
	}
	if (!Number.isInteger(offset) || offset < 0) {
		throw new NodeOperationError(ctx.getNode(), `Start Offset must be a whole number, 0 or more`, {
			itemIndex: i,
		});
	}
	// The UI's maxValue binds only the editor: an expression can give 1e9. Clamp to what the API
	// accepts per request.
	return { returnAll, limit, pageSize: Math.min(pageSize, MAX_PAGE_SIZE), offset };
}

/** Shape of report and log answers: `{rows, total, meta?, summary?}`. */
export interface RowsResponse {
	rows?: unknown;
	total?: unknown;
	meta?: unknown;
	summary?: unknown;
}

export interface PagedResult {
	rows: IDataObject[];
	total?: number;
	summary?: IDataObject;
	requests: number;
}

function rowsOf(res: RowsResponse | IDataObject[] | undefined): IDataObject[] {
	if (Array.isArray(res)) return res as IDataObject[];
	const rows = res?.rows;
	return Array.isArray(rows) ? (rows as IDataObject[]) : [];
}

/**
 * POSTs a report/log body page by page (`limit` + `offset`), moving `offset += rows.length` until
 * `total` is reached, a page comes back short or empty, or Limit rows are collected
 * (keitaro-admin-api.md §6). Read-only, so marked idempotent (retried safely).
 */
export async function fetchPaged(
	ctx: IExecuteFunctions,
	path: string,
	body: IDataObject,
	paging: PagingSettings,
	i: number,
	firstPageExtra: IDataObject = {},
): Promise<PagedResult> {
	const rows: IDataObject[] = [];
	let offset = paging.offset;
	let total: number | undefined;
	let summary: IDataObject | undefined;
	let requests = 0;
	for (;;) {
		const want = paging.returnAll
			? paging.pageSize
			: Math.min(paging.pageSize, paging.limit - rows.length);
		const pageBody: IDataObject = {
			...body,
			...(requests === 0 ? firstPageExtra : {}),
			limit: want,
			offset,
		};
		const res = (await keitaroApiRequest.call(ctx, 'POST', path, {
			body: pageBody,
			idempotent: true,
			itemIndex: i,
		})) as RowsResponse | IDataObject[] | undefined;
		requests++;
		const page = rowsOf(res);
		if (!Array.isArray(res) && res) {
			const t = Number(res.total);
			if (res.total !== undefined && res.total !== null && Number.isFinite(t)) total = t;
			if (
				requests === 1 &&
				res.summary &&
				typeof res.summary === 'object' &&
				!Array.isArray(res.summary)
			) {
				summary = res.summary as IDataObject;
			}
		}
		rows.push(...page);
		offset += page.length;
		if (page.length === 0 || page.length < want) break;
		if (total !== undefined && offset >= total) break;
		if (!paging.returnAll && rows.length >= paging.limit) break;
	}
	return {
		rows: paging.returnAll ? rows : rows.slice(0, paging.limit),
		total,
		summary,
		requests,
	};
}

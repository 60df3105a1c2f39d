import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Return All / Limit of item `i`: `limit` undefined means all. */
export function readListOptions(ctx: IExecuteFunctions, i: number): { limit?: number } {
	const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
	if (returnAll) return {};
	const limit = Number(ctx.getNodeParameter('limit', i, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(ctx.getNode(), 'Limit must be a whole number of at least 1', {
			itemIndex: i,
		});
	}
	return { limit };
}

export interface PageRequest {
	/** 1-based page number. */
	page: number;
	/** Rows already collected (offset paging). */
	offset: number;
	/** Page size to ask for. */
	per: number;
}

export interface PageAnswer<T> {
	rows: T[];
	/** Total the tracker reports, when it does. */
	total?: number;
}

/**
 * Walks pages until the limit is reached, a page comes back short, or the reported total is
 * collected. `maxPages` stops a tracker that ignores paging (same page forever) from looping.
 */
export async function collectPages<T = IDataObject>(
	fetch: (p: PageRequest) => Promise<PageAnswer<T>>,
	options: { limit?: number; pageSize: number; maxPages?: number },
): Promise<{ rows: T[]; pages: number; total?: number }> {
	const rows: T[] = [];
	const maxPages = options.maxPages ?? 1000;
	let total: number | undefined;
	let pages = 0;
	for (let page = 1; page <= maxPages; page++) {
		const want = options.limit === undefined ? options.pageSize : options.limit - rows.length;
		const per = Math.max(1, Math.min(options.pageSize, want));
		const answer = await fetch({ page, offset: rows.length, per });
		pages++;
		if (answer.total !== undefined) total = answer.total;
		rows.push(...answer.rows);
		if (options.limit !== undefined && rows.length >= options.limit) break;
		if (answer.rows.length < per) break;
		if (total !== undefined && rows.length >= total) break;
	}
	return {
		rows: options.limit === undefined ? rows : rows.slice(0, options.limit),
		pages,
		total,
	};
}

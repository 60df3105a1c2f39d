import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { reportPage, vRequest } from './common';

const PAGE = 1000;
const MAX_PAGES = 1000;

/**
 * Reads a Voluum report (`/report`, `/report/conversions`) with limit/offset paging. Voluum echoes
 * the `limit` it applied: when it is below what was asked, that echo is the page size, so a capped
 * page is not taken for the last one. Stops at `totalRows`, a short page, or `max` rows.
 */
export async function readReport(
	ctx: IExecuteFunctions,
	path: string,
	qs: IDataObject,
	i: number,
	max?: number,
): Promise<{ rows: IDataObject[]; requests: number }> {
	const rows: IDataObject[] = [];
	let requests = 0;
	for (let n = 0; n < MAX_PAGES; n++) {
		const want = max === undefined ? PAGE : Math.min(PAGE, max - rows.length);
		if (want <= 0) break;
		const body = await vRequest(ctx, 'GET', path, {
			qs: { ...qs, limit: want, offset: rows.length },
			itemIndex: i,
		});
		requests++;
		const page = reportPage(ctx, body, `GET ${path}`, i);
		rows.push(...page.rows);
		const cap = page.limit !== undefined && page.limit > 0 ? Math.min(page.limit, want) : want;
		if (page.total !== undefined && rows.length >= page.total) break;
		if (page.rows.length < cap || page.rows.length === 0) break;
	}
	return { rows: max === undefined ? rows : rows.slice(0, max), requests };
}

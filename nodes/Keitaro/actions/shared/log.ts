import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { namesProperty, readNames } from './columns';
import { buildFilters, filtersProperty } from './filters';
import { fetchPaged, pagingOptions, readPaging, returnAllProperties } from './paging';
import { buildRange, rangeProperties } from './range';
import { simplifyProperty, simplifyRows } from './simplify';
import { buildSort, sortProperty } from './sort';

export interface LogSettings {
	/** loadOptions method listing the columns. */
	columnsMethod: string;
	defaultColumns: string[];
	what: string;
	/** Column names refused before sending, with the reason (e.g. `payout`). */
	banned?: Record<string, string>;
}

/** Parameters of a raw log (`/clicks/log`, `/conversions/log`). */
export function logProperties(s: LogSettings): INodeProperties[] {
	return [
		...rangeProperties('today'),
		namesProperty(
			'Column Names or IDs',
			'columns',
			s.columnsMethod,
			s.defaultColumns,
			`Fields to return for each ${s.what}.`,
		),
		filtersProperty(s.columnsMethod, `${s.what}s`),
		sortProperty(s.columnsMethod),
		...returnAllProperties,
		simplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [...pagingOptions],
		},
	];
}

/** Runs a log query for item `i`: one output item per row. */
export async function executeLog(
	ctx: IExecuteFunctions,
	i: number,
	path: string,
	s: LogSettings,
): Promise<INodeExecutionData[]> {
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const range = buildRange(ctx, i);
	const columns = readNames(ctx, 'columns', i, 'Columns', s.banned ?? {});
	const filters = buildFilters(ctx, i);
	const sort = buildSort(ctx, i);
	const paging = readPaging(ctx, i, options);
	const simplify = ctx.getNodeParameter('simplify', i, true) as boolean;
	const body: IDataObject = { range };
	if (columns.length) body.columns = columns;
	if (filters.length) body.filters = filters;
	if (sort.length) body.sort = sort;
	const result = await fetchPaged(ctx, path, body, paging, i);
	const rows = simplify ? simplifyRows(result.rows, columns) : result.rows;
	return rows.map((json) => ({ json, pairedItem: { item: i } }));
}

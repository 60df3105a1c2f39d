import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	buildFilters,
	buildRange,
	buildSort,
	fetchPaged,
	filtersProperty,
	namesProperty,
	pagingOptions,
	rangeProperties,
	readNames,
	readPaging,
	returnAllProperties,
	simplifyProperty,
	simplifyRow,
	simplifyRows,
	sortProperty,
} from '../shared';
import type { KeitaroOperation } from '../types';

export const build: KeitaroOperation = {
	option: {
		name: 'Build',
		value: 'build',
		action: 'Build a report',
		description: 'Aggregated statistics grouped by dimensions (day, campaign, country, sub ID…)',
	},
	spec: ['POST /report/build'],
	properties: [
		...rangeProperties('today'),
		namesProperty(
			'Dimension Names or IDs',
			'dimensions',
			'getReportDimensions',
			['campaign'],
			'What to group the rows by, e.g. day, campaign, country or sub_id_1.',
		),
		namesProperty(
			'Measure Names or IDs',
			'measures',
			'getReportMeasures',
			['clicks', 'conversions', 'revenue', 'cost', 'profit', 'roi'],
			'Numbers to compute for each row, e.g. clicks, conversions, revenue, cost, profit, ROI.',
		),
		filtersProperty('getReportFilterFields'),
		sortProperty('getReportFilterFields'),
		...returnAllProperties,
		simplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Add Summary Item',
					name: 'summary',
					type: 'boolean',
					default: false,
					description:
						'Whether to ask Keitaro for the totals of the measures and add them as a last item marked is_summary',
				},
				...pagingOptions,
				{
					displayName: 'Use Legacy Keys',
					name: 'useLegacyKeys',
					type: 'boolean',
					default: false,
					description:
						'Whether to send grouping/metrics (the 2022 API names) instead of dimensions/measures. Turn on for older Keitaro versions that ignore dimensions.',
				},
			],
		},
	],

	async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const range = buildRange(this, i);
		const dimensions = readNames(this, 'dimensions', i, 'Dimensions');
		const measures = readNames(this, 'measures', i, 'Measures');
		if (!dimensions.length && !measures.length) {
			throw new NodeOperationError(this.getNode(), 'Dimensions and Measures are both empty', {
				itemIndex: i,
				description: 'Pick at least one dimension (e.g. campaign) or one measure (e.g. clicks).',
			});
		}
		const filters = buildFilters(this, i);
		const sort = buildSort(this, i);
		const paging = readPaging(this, i, options);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		const legacy = options.useLegacyKeys === true;

		const body: IDataObject = { range };
		body[legacy ? 'grouping' : 'dimensions'] = dimensions;
		body[legacy ? 'metrics' : 'measures'] = measures;
		if (filters.length) body.filters = filters;
		if (sort.length) body.sort = sort;
		const wantSummary = options.summary === true;

		const result = await fetchPaged(
			this,
			'/report/build',
			body,
			paging,
			i,
			wantSummary ? { summary: true } : {},
		);
		const columns = [...dimensions, ...measures];
		const rows = simplify ? simplifyRows(result.rows, columns) : result.rows;
		const items: INodeExecutionData[] = rows.map((json) => ({ json, pairedItem: { item: i } }));
		if (wantSummary && result.summary) {
			const json: IDataObject = simplify
				? { is_summary: true, ...simplifyRow(result.summary, measures) }
				: { is_summary: true, summary: result.summary };
			items.push({ json, pairedItem: { item: i } });
		}
		return items;
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkLogType, logTypeField } from '../common/logFields';
import { asArray, getListOptions, toInteger } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

const PAGE_SIZE = 500;

/** GET /logs/{type}?limit=&offset=&query= (limit is required by the API). */
export const get: KeitaroOperation = {
	option: {
		name: 'Get',
		value: 'get',
		description: 'Read the entries of a log',
		action: 'Get log entries',
	},
	properties: [
		logTypeField,
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
			default: 50,
			typeOptions: { numberPrecision: 0, minValue: 1 },
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Offset',
					name: 'offset',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 0 },
					default: 0,
					description: 'Number of entries to skip',
				},
				{
					displayName: 'Search',
					name: 'query',
					type: 'string',
					default: '',
					description: 'Only entries whose message contains this text',
				},
			],
		},
	],
	spec: ['GET /logs/{type}'],
	async execute(this: IExecuteFunctions, i: number) {
		const type = checkLogType(this, i, this.getNodeParameter('logType', i));
		const { returnAll, limit } = getListOptions(this, i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		let offset = toInteger(this, i, options.offset, 'Offset', { min: 0 }) ?? 0;
		const query = String(options.query ?? '').trim();
		const out: IDataObject[] = [];
		for (let page = 0; page < 10_000; page++) {
			const want = returnAll ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - out.length);
			const qs: IDataObject = { limit: want, offset };
			if (query) qs.query = query;
			const rows = asArray(
				await keitaroApiRequest.call(this, 'GET', `/logs/${encodeURIComponent(type)}`, {
					qs,
					itemIndex: i,
				}),
			);
			out.push(...rows.slice(0, want));
			offset += rows.length;
			if (rows.length < want || (!returnAll && out.length >= limit)) break;
		}
		return out;
	},
};

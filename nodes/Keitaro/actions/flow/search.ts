import type { IExecuteFunctions } from 'n8n-workflow';

import { returnAllLimit } from '../common/descriptions';
import { applyLimit, asArray, assertNotBlank, getListOptions } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const search: KeitaroOperation = {
	option: {
		name: 'Search',
		value: 'search',
		description: 'Search flows of all campaigns by name, URL or other content',
		action: 'Search flows',
	},
	properties: [
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. example.com',
			description: 'Text to look for in flows',
		},
		...returnAllLimit,
	],
	spec: ['GET /streams/search'],
	async execute(this: IExecuteFunctions, i: number) {
		const query = assertNotBlank(this, i, this.getNodeParameter('query', i), 'Query').trim();
		const { limit } = getListOptions(this, i);
		const data = await keitaroApiRequest.call(this, 'GET', '/streams/search', {
			qs: { query },
			itemIndex: i,
		});
		return applyLimit(asArray(data), limit);
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { returnAllLimit } from '../common/descriptions';
import { applyLimit, getListOptions } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** POST /logs/types (yes, a POST that only reads): one item per log name. */
export const getTypes: KeitaroOperation = {
	option: {
		name: 'Get Types',
		value: 'getTypes',
		description: 'Get the names of the logs that can be read',
		action: 'Get log types',
	},
	properties: [...returnAllLimit],
	spec: ['POST /logs/types'],
	async execute(this: IExecuteFunctions, i: number) {
		const { limit } = getListOptions(this, i);
		const data = await keitaroApiRequest.call(this, 'POST', '/logs/types', {
			itemIndex: i,
			idempotent: true,
		});
		const list = Array.isArray(data) ? data : [];
		return applyLimit(
			list.map((t) => (t && typeof t === 'object' ? (t as IDataObject) : { type: String(t) })),
			limit,
		);
	},
};

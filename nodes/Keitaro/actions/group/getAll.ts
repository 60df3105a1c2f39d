import type { IExecuteFunctions } from 'n8n-workflow';

import { returnAllLimit } from '../common/descriptions';
import { groupTypeField } from '../common/groupFields';
import { applyLimit, asArray, getListOptions } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const getAll: KeitaroOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get many groups of one type',
		action: 'Get many groups',
	},
	properties: [groupTypeField, ...returnAllLimit],
	spec: ['GET /groups'],
	async execute(this: IExecuteFunctions, i: number) {
		const type = String(this.getNodeParameter('groupType', i));
		const { limit } = getListOptions(this, i);
		const data = await keitaroApiRequest.call(this, 'GET', '/groups', {
			qs: { type },
			itemIndex: i,
		});
		return applyLimit(asArray(data), limit);
	},
};

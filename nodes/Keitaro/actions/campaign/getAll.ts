import type { IExecuteFunctions } from 'n8n-workflow';

import { getAllCampaigns } from '../common/crud';
import { returnAllLimit } from '../common/descriptions';
import type { KeitaroOperation } from '../types';

/** GET /campaigns walks offset/limit pages (newer trackers) and dedupes by ID (older ones). */
export const getAll: KeitaroOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get many campaigns',
		action: 'Get many campaigns',
	},
	properties: [...returnAllLimit],
	spec: ['GET /campaigns'],
	async execute(this: IExecuteFunctions, i: number) {
		return await getAllCampaigns.call(this, i);
	},
};

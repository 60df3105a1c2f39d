import type { IExecuteFunctions } from 'n8n-workflow';

import { returnAllLimit } from '../common/descriptions';
import { applyLimit, asArray, getListOptions, maskSecrets } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** GET /integrations/facebook answers {data: [...]}: one item per integration. */
export const facebookGetAll: KeitaroOperation = {
	option: {
		name: 'Get Many Facebook Integrations',
		value: 'facebookGetAll',
		description: 'Get many Facebook ad account integrations',
		action: 'Get many Facebook integrations',
	},
	properties: [...returnAllLimit],
	spec: ['GET /integrations/facebook'],
	async execute(this: IExecuteFunctions, i: number) {
		const { limit } = getListOptions(this, i);
		const data = await keitaroApiRequest.call(this, 'GET', '/integrations/facebook', {
			itemIndex: i,
		});
		return applyLimit(asArray(data), limit).map((e) => maskSecrets(e, ['token']));
	},
};

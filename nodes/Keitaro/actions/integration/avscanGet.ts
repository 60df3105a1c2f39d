import type { IExecuteFunctions } from 'n8n-workflow';

import { asEntity, maskSecrets } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const avscanGet: KeitaroOperation = {
	option: {
		name: 'Get AVScan Key',
		value: 'avscanGet',
		description: 'Check whether an AVScan key is set (the key itself is never output)',
		action: 'Get the AVScan key',
	},
	properties: [],
	spec: ['GET /integrations/avscan'],
	async execute(this: IExecuteFunctions, i: number) {
		// The key itself is a secret: the output says whether one is set, never its value.
		return maskSecrets(
			asEntity(await keitaroApiRequest.call(this, 'GET', '/integrations/avscan', { itemIndex: i })),
			['avscan_key'],
		);
	},
};

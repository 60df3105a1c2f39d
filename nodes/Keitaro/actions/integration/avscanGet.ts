import type { IExecuteFunctions } from 'n8n-workflow';

import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const avscanGet: KeitaroOperation = {
	option: {
		name: 'Get AVScan Key',
		value: 'avscanGet',
		description: 'Get the AVScan key used to check pages for antivirus alerts',
		action: 'Get the AVScan key',
	},
	properties: [],
	spec: ['GET /integrations/avscan'],
	async execute(this: IExecuteFunctions, i: number) {
		return asEntity(
			await keitaroApiRequest.call(this, 'GET', '/integrations/avscan', { itemIndex: i }),
		);
	},
};

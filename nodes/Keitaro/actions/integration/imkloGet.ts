import type { IExecuteFunctions } from 'n8n-workflow';

import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const imkloGet: KeitaroOperation = {
	option: {
		name: 'Get IMKLO URL',
		value: 'imkloGet',
		description: 'Get the IMKLO API URL used for bot filtering',
		action: 'Get the IMKLO URL',
	},
	properties: [],
	spec: ['GET /integrations/imklo'],
	async execute(this: IExecuteFunctions, i: number) {
		return asEntity(
			await keitaroApiRequest.call(this, 'GET', '/integrations/imklo', { itemIndex: i }),
		);
	},
};

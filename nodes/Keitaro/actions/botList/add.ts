import type { IExecuteFunctions } from 'n8n-workflow';

import { botListValue, ipsField } from '../common/botListFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const add: KeitaroOperation = {
	option: {
		name: 'Add',
		value: 'add',
		description: 'Add IP addresses or ranges to the bot list',
		action: 'Add IPs to the bot list',
	},
	properties: [ipsField],
	spec: ['POST /botlist/add'],
	async execute(this: IExecuteFunctions, i: number) {
		const value = botListValue(this, i, this.getNodeParameter('ips', i));
		const data = await keitaroApiRequest.call(this, 'POST', '/botlist/add', {
			body: { value },
			itemIndex: i,
			idempotent: true,
		});
		return asEntity(data);
	},
};

import type { IExecuteFunctions } from 'n8n-workflow';

import { botListValue, ipsField } from '../common/botListFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const replace: KeitaroOperation = {
	option: {
		name: 'Replace',
		value: 'replace',
		description: 'Replace the whole bot list with the given IPs',
		action: 'Replace the bot list',
	},
	properties: [ipsField],
	spec: ['PUT /botlist'],
	async execute(this: IExecuteFunctions, i: number) {
		const value = botListValue(this, i, this.getNodeParameter('ips', i));
		const data = await keitaroApiRequest.call(this, 'PUT', '/botlist', {
			body: { value },
			itemIndex: i,
			idempotent: true,
		});
		return asEntity(data);
	},
};

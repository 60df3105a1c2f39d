import type { IExecuteFunctions } from 'n8n-workflow';

import { botListValue, ipsField } from '../common/botListFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const exclude: KeitaroOperation = {
	option: {
		name: 'Exclude',
		value: 'exclude',
		description: 'Remove IP addresses or ranges from the bot list',
		action: 'Remove IPs from the bot list',
	},
	properties: [ipsField],
	spec: ['POST /botlist/exclude'],
	async execute(this: IExecuteFunctions, i: number) {
		const value = botListValue(this, i, this.getNodeParameter('ips', i));
		const data = await keitaroApiRequest.call(this, 'POST', '/botlist/exclude', {
			body: { value },
			itemIndex: i,
			idempotent: true,
		});
		return asEntity(data);
	},
};

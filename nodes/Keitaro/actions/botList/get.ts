import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { splitList } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** GET /botlist answers {value: "1.2.3.4\n5.6.7.8"}; the list is also given split as `ips`. */
export const get: KeitaroOperation = {
	option: {
		name: 'Get',
		value: 'get',
		description: 'Get the IP addresses and ranges of the bot list',
		action: 'Get the bot list',
	},
	properties: [],
	spec: ['GET /botlist'],
	async execute(this: IExecuteFunctions, i: number) {
		const data = (await keitaroApiRequest.call(this, 'GET', '/botlist', { itemIndex: i })) as
			| IDataObject
			| undefined;
		const value = typeof data?.value === 'string' ? data.value : '';
		const ips = splitList(value, /[\r\n]+/);
		return { value, ips, count: ips.length };
	},
};

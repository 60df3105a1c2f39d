import type { IExecuteFunctions } from 'n8n-workflow';

import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** GET /domains/ip: the tracker server's IP addresses, to point DNS records at (newer versions). */
export const getServerIps: KeitaroOperation = {
	option: {
		name: 'Get Server IPs',
		value: 'getServerIps',
		description:
			"Get the tracker server's IP addresses to point domains at (newer Keitaro versions)",
		action: 'Get the tracker server IPs',
	},
	properties: [],
	spec: ['GET /domains/ip'],
	async execute(this: IExecuteFunctions, i: number) {
		const data = await keitaroApiRequest.call(this, 'GET', '/domains/ip', { itemIndex: i });
		if (Array.isArray(data)) return { ips: data };
		return asEntity(data);
	},
};

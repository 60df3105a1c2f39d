import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildAffiliateNetworkBody, affiliateNetworkFields } from '../common/otherFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create an affiliate network',
		action: 'Create an affiliate network',
	},
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: affiliateNetworkFields({ update: false }),
		},
	],
	spec: ['POST /affiliate_networks'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = buildAffiliateNetworkBody(this, i, {
			name: this.getNodeParameter('name', i),
			...additional,
		});
		const data = await keitaroApiRequest.call(this, 'POST', '/affiliate_networks', {
			body,
			itemIndex: i,
		});
		return asEntity(data);
	},
};

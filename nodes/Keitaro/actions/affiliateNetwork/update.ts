import type { IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields, resolveEntityId } from '../common/crud';
import { affiliateNetworkEntity } from '../common/entities';
import { buildAffiliateNetworkBody, affiliateNetworkFields } from '../common/otherFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Update an affiliate network (only the fields you set change)',
		action: 'Update an affiliate network',
	},
	properties: [
		affiliateNetworkEntity.locator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: affiliateNetworkFields({ update: true }),
		},
	],
	spec: ['PUT /affiliate_networks/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const body = buildAffiliateNetworkBody(this, i, getUpdateFields.call(this, i));
		const id = await resolveEntityId.call(this, affiliateNetworkEntity, i);
		const data = await keitaroApiRequest.call(this, 'PUT', `/affiliate_networks/${id}`, {
			body,
			entity: { label: 'Affiliate network', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

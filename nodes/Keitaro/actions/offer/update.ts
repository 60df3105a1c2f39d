import type { IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields, resolveEntityId } from '../common/crud';
import { offerEntity } from '../common/entities';
import { buildOfferBody, offerFields } from '../common/offerFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Update an offer (only the fields you set change)',
		action: 'Update an offer',
	},
	properties: [
		offerEntity.locator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: offerFields({ update: true }),
		},
	],
	spec: ['PUT /offers/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const body = await buildOfferBody(this, i, getUpdateFields.call(this, i));
		const id = await resolveEntityId.call(this, offerEntity, i);
		const data = await keitaroApiRequest.call(this, 'PUT', `/offers/${id}`, {
			body,
			entity: { label: 'Offer', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

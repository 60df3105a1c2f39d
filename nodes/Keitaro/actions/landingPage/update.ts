import type { IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields, resolveEntityId } from '../common/crud';
import { landingPageEntity } from '../common/entities';
import { buildLandingPageBody, landingPageFields } from '../common/offerFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Update a landing page (only the fields you set change)',
		action: 'Update a landing page',
	},
	properties: [
		landingPageEntity.locator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: landingPageFields({ update: true }),
		},
	],
	spec: ['PUT /landing_pages/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const body = await buildLandingPageBody(this, i, getUpdateFields.call(this, i));
		const id = await resolveEntityId.call(this, landingPageEntity, i);
		const data = await keitaroApiRequest.call(this, 'PUT', `/landing_pages/${id}`, {
			body,
			entity: { label: 'Landing page', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

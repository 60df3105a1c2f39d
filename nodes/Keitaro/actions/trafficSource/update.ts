import type { IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields, resolveEntityId } from '../common/crud';
import { trafficSourceEntity } from '../common/entities';
import { buildTrafficSourceBody, trafficSourceFields } from '../common/otherFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Update a traffic source (only the fields you set change)',
		action: 'Update a traffic source',
	},
	properties: [
		trafficSourceEntity.locator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: trafficSourceFields({ update: true }),
		},
	],
	spec: ['PUT /traffic_sources/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const body = buildTrafficSourceBody(this, i, getUpdateFields.call(this, i));
		const id = await resolveEntityId.call(this, trafficSourceEntity, i);
		const data = await keitaroApiRequest.call(this, 'PUT', `/traffic_sources/${id}`, {
			body,
			entity: { label: 'Traffic source', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

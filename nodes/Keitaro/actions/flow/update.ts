import type { IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields, resolveEntityId } from '../common/crud';
import { flowCampaignLocator, flowLocator } from '../common/descriptions';
import { flowEntity } from '../common/entities';
import { buildFlowBody, flowFields } from '../common/flowFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description:
			'Update a flow (only the fields you set change; offers, landing pages and filters are replaced as a whole)',
		action: 'Update a flow',
	},
	properties: [
		flowCampaignLocator,
		flowLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: flowFields({ update: true }),
		},
	],
	spec: ['PUT /streams/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const body = buildFlowBody(this, i, getUpdateFields.call(this, i));
		const id = await resolveEntityId.call(this, flowEntity, i);
		const data = await keitaroApiRequest.call(this, 'PUT', `/streams/${id}`, {
			body,
			entity: { label: 'Flow', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

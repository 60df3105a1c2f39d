import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { additionalJsonField } from '../common/descriptions';
import { groupTypeField } from '../common/groupFields';
import { asEntity, assertNotBlank, mergeAdditionalJson, toInteger } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create a group for campaigns, offers or landing pages',
		action: 'Create a group',
	},
	properties: [
		groupTypeField,
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
			options: [
				additionalJsonField,
				{
					displayName: 'Position',
					name: 'position',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 0 },
					default: 0,
					description: 'Order of the group in lists',
				},
			],
		},
	],
	spec: ['POST /groups'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body: IDataObject = {
			name: assertNotBlank(this, i, this.getNodeParameter('name', i), 'Name'),
			type: String(this.getNodeParameter('groupType', i)),
		};
		const position = toInteger(this, i, additional.position, 'Position', { min: 0 });
		if (position !== undefined) body.position = position;
		const data = await keitaroApiRequest.call(this, 'POST', '/groups', {
			body: mergeAdditionalJson(this, i, body, additional.additionalJson),
			itemIndex: i,
		});
		return asEntity(data);
	},
};

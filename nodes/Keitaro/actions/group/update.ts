import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields } from '../common/crud';
import { additionalJsonField, groupLocator, groupTypeOptions } from '../common/descriptions';
import { groupTypeField } from '../common/groupFields';
import { asEntity, assertNotBlank, getLocatorId, mergeAdditionalJson } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Rename a group or change its type',
		action: 'Update a group',
	},
	properties: [
		{
			...groupTypeField,
			description: 'Kind of entities the group holds (used for the group list)',
		},
		groupLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				additionalJsonField,
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: groupTypeOptions,
					default: 'campaigns',
					description: 'Move the group to another kind of entities',
				},
			],
		},
	],
	spec: ['PUT /groups/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const fields = getUpdateFields.call(this, i);
		const body: IDataObject = {};
		if (fields.name !== undefined) body.name = assertNotBlank(this, i, fields.name, 'Name');
		if (fields.type !== undefined) body.type = fields.type;
		const id = getLocatorId(this, 'groupId', i, 'Group');
		const data = await keitaroApiRequest.call(this, 'PUT', `/groups/${id}`, {
			body: mergeAdditionalJson(this, i, body, fields.additionalJson),
			entity: { label: 'Group', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

import type { IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields } from '../common/crud';
import { userLocator } from '../common/descriptions';
import { buildUserBody, userUpdateFields } from '../common/userFields';
import { asEntity, getLocatorId } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Update a user (only the fields you set change)',
		action: 'Update a user',
	},
	properties: [
		userLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: userUpdateFields(),
		},
	],
	spec: ['PUT /users/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const body = buildUserBody(this, i, getUpdateFields.call(this, i), { create: false });
		const id = getLocatorId(this, 'userId', i, 'User');
		const data = await keitaroApiRequest.call(this, 'PUT', `/users/${id}`, {
			body,
			entity: { label: 'User', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

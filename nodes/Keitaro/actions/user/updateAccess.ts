import type { IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields } from '../common/crud';
import { userLocator } from '../common/descriptions';
import { accessFields, buildAccessData } from '../common/userFields';
import { asEntity, getLocatorId } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const updateAccess: KeitaroOperation = {
	option: {
		name: 'Update Access',
		value: 'updateAccess',
		description: 'Set what a user may see and change in each section of the tracker',
		action: 'Update access rights of a user',
	},
	properties: [
		userLocator,
		{
			displayName: 'Access',
			name: 'access',
			type: 'collection',
			placeholder: 'Add Access Setting',
			default: {},
			options: accessFields(),
		},
	],
	spec: ['PUT /users/{id}/access'],
	async execute(this: IExecuteFunctions, i: number) {
		const fields = getUpdateFields.call(this, i, 'access', 'Access');
		const accessData = buildAccessData(this, i, fields);
		const id = getLocatorId(this, 'userId', i, 'User');
		const data = await keitaroApiRequest.call(this, 'PUT', `/users/${id}/access`, {
			body: { access_data: accessData },
			entity: { label: 'User', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

import type { IExecuteFunctions } from 'n8n-workflow';

import { userLocator } from '../common/descriptions';
import { asEntity, getLocatorId, lenientRequest } from '../common/utils';
import type { KeitaroOperation } from '../types';

/** DELETE /users/{id}: users are deleted for good (no archive). */
export const deleteOperation: KeitaroOperation = {
	option: {
		name: 'Delete',
		value: 'delete',
		description: 'Delete a user permanently',
		action: 'Delete a user',
	},
	properties: [userLocator],
	spec: ['DELETE /users/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const id = getLocatorId(this, 'userId', i, 'User');
		const data = await lenientRequest(this, 'DELETE', `/users/${id}`, {
			entity: { label: 'User', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

import type { IExecuteFunctions } from 'n8n-workflow';

import { groupLocator } from '../common/descriptions';
import { groupTypeField } from '../common/groupFields';
import { asEntity, getLocatorId } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** DELETE /groups/{id}/delete (note the /delete suffix): groups are deleted, not archived. */
export const deleteOperation: KeitaroOperation = {
	option: {
		name: 'Delete',
		value: 'delete',
		description: 'Delete a group (its entities stay, without a group)',
		action: 'Delete a group',
	},
	properties: [
		{
			...groupTypeField,
			description: 'Kind of entities the group holds (used for the group list)',
		},
		groupLocator,
	],
	spec: ['DELETE /groups/{id}/delete'],
	async execute(this: IExecuteFunctions, i: number) {
		const id = getLocatorId(this, 'groupId', i, 'Group');
		const data = await keitaroApiRequest.call(this, 'DELETE', `/groups/${id}/delete`, {
			entity: { label: 'Group', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

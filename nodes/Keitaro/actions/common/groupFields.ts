import type { INodeProperties } from 'n8n-workflow';

import { groupTypeOptions } from './descriptions';

/** Group type: which entities the groups belong to (also filters the group list). */
export const groupTypeField: INodeProperties = {
	displayName: 'Group Type',
	name: 'groupType',
	type: 'options',
	options: groupTypeOptions,
	default: 'campaigns',
	required: true,
	description: 'Kind of entities the group holds',
};

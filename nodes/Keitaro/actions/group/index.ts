import type { KeitaroResource } from '../types';
import { create } from './create';
import { deleteOperation } from './delete';
import { getAll } from './getAll';
import { update } from './update';

export const resource: KeitaroResource = {
	option: { name: 'Group', value: 'group' },
	defaultOperation: 'getAll',
	operations: {
		create,
		delete: deleteOperation,
		getAll,
		update,
	},
};

import type { KeitaroResource } from '../types';
import { create } from './create';
import { deleteOperation } from './delete';
import { get } from './get';
import { getAll } from './getAll';
import { update } from './update';
import { updateAccess } from './updateAccess';

export const resource: KeitaroResource = {
	option: { name: 'User', value: 'user' },
	defaultOperation: 'get',
	operations: {
		create,
		delete: deleteOperation,
		get,
		getAll,
		update,
		updateAccess,
	},
};

import type { ActionResource } from '../../../shared/actions';
import { get } from './get';
import { getAll } from './getAll';

export const resource: ActionResource = {
	option: { name: 'Affiliate Network', value: 'network' },
	defaultOperation: 'get',
	operations: { get, getAll },
};

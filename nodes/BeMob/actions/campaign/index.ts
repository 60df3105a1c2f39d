import type { ActionResource } from '../../../shared/actions';
import { getAll } from './getAll';

export const resource: ActionResource = {
	option: { name: 'Campaign', value: 'campaign' },
	defaultOperation: 'getAll',
	operations: { getAll },
};

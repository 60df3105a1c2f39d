import type { ActionResource } from '../../../shared/actions';
import { getAll } from './getAll';

export const resource: ActionResource = {
	option: { name: 'Subscriber', value: 'subscriber' },
	defaultOperation: 'getAll',
	operations: { getAll },
};

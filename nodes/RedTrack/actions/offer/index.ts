import type { ActionResource } from '../../../shared/actions';
import { get } from './get';
import { getAll } from './getAll';
import { setStatus } from './setStatus';

export const resource: ActionResource = {
	option: { name: 'Offer', value: 'offer' },
	defaultOperation: 'get',
	operations: { get, getAll, setStatus },
};

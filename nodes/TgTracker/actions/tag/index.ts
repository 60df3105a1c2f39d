import type { ActionResource } from '../../../shared/actions';
import { getAll } from './getAll';

export const resource: ActionResource = {
	option: { name: 'Tag', value: 'tag' },
	defaultOperation: 'getAll',
	operations: { getAll },
};

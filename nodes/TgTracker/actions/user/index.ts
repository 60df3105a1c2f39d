import type { ActionResource } from '../../../shared/actions';
import { getInfo } from './getInfo';

export const resource: ActionResource = {
	option: { name: 'User', value: 'user' },
	defaultOperation: 'getInfo',
	operations: { getInfo },
};

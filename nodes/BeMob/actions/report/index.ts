import type { ActionResource } from '../../../shared/actions';
import { get } from './get';

export const resource: ActionResource = {
	option: { name: 'Report', value: 'report' },
	defaultOperation: 'get',
	operations: { get },
};

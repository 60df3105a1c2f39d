import type { ActionResource } from '../../../shared/actions';
import { update } from './update';

export const resource: ActionResource = {
	option: { name: 'Cost', value: 'cost' },
	defaultOperation: 'update',
	operations: { update },
};

import type { ActionResource } from '../../../shared/actions';
import { getAll } from './getAll';
import { send } from './send';

export const resource: ActionResource = {
	option: { name: 'Conversion', value: 'conversion' },
	defaultOperation: 'getAll',
	operations: { getAll, send },
};

import type { ActionResource } from '../../../shared/actions';
import { getSettings } from './getSettings';

export const resource: ActionResource = {
	option: { name: 'Account', value: 'account' },
	defaultOperation: 'getSettings',
	operations: { getSettings },
};

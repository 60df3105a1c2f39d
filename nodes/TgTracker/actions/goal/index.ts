import type { ActionResource } from '../../../shared/actions';
import { reachGoal } from './reachGoal';

export const resource: ActionResource = {
	option: { name: 'Goal', value: 'goal' },
	defaultOperation: 'reachGoal',
	operations: { reachGoal },
};

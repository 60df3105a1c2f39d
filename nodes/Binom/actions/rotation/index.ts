import type { ActionResource } from '../../../shared/actions';
import { pause } from './pause';
import { unpause } from './unpause';

export const resource: ActionResource = {
	option: { name: 'Rotation (Beta)', value: 'rotation' },
	defaultOperation: 'pause',
	operations: { pause, unpause },
};

import type { KeitaroResource } from '../types';
import { checkCompatibility } from './checkCompatibility';

export const resource: KeitaroResource = {
	option: {
		name: 'Tracker',
		value: 'tracker',
		description: 'The tracker itself: how this Keitaro behaves, for bug reports',
	},
	defaultOperation: 'checkCompatibility',
	operations: { checkCompatibility },
};

import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Integration', value: 'integration' },
	defaultOperation: '',
	operations: {},
};

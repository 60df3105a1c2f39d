import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Flow', value: 'flow' },
	defaultOperation: '',
	operations: {},
};

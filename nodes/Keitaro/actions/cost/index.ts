import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Cost', value: 'cost' },
	defaultOperation: '',
	operations: {},
};

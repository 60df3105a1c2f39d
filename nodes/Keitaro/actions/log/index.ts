import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Log', value: 'log' },
	defaultOperation: '',
	operations: {},
};

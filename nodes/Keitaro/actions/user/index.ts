import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'User', value: 'user' },
	defaultOperation: '',
	operations: {},
};

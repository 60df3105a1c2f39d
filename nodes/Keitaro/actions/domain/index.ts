import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Domain', value: 'domain' },
	defaultOperation: '',
	operations: {},
};

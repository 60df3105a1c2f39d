import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Campaign', value: 'campaign' },
	defaultOperation: '',
	operations: {},
};

import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Traffic Source', value: 'trafficSource' },
	defaultOperation: '',
	operations: {},
};

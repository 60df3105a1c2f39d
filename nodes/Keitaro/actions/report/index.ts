import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Report', value: 'report' },
	defaultOperation: '',
	operations: {},
};

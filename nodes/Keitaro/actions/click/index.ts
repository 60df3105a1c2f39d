import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Click', value: 'click' },
	defaultOperation: '',
	operations: {},
};

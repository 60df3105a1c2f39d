import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Conversion', value: 'conversion' },
	defaultOperation: '',
	operations: {},
};

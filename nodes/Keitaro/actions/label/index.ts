import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Label', value: 'label' },
	defaultOperation: '',
	operations: {},
};

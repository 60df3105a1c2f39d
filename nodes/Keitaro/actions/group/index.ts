import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Group', value: 'group' },
	defaultOperation: '',
	operations: {},
};

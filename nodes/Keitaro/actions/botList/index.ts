import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Bot List', value: 'botList' },
	defaultOperation: '',
	operations: {},
};

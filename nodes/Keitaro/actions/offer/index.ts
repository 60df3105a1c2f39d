import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Offer', value: 'offer' },
	defaultOperation: '',
	operations: {},
};

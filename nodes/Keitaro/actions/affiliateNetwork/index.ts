import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Affiliate Network', value: 'affiliateNetwork' },
	defaultOperation: '',
	operations: {},
};

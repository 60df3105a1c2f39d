import type { KeitaroResource } from '../types';

export const resource: KeitaroResource = {
	option: { name: 'Landing Page', value: 'landingPage' },
	defaultOperation: '',
	operations: {},
};

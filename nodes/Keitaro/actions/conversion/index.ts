import type { KeitaroResource } from '../types';
import { getLog } from './getLog';

export const resource: KeitaroResource = {
	option: { name: 'Conversion', value: 'conversion' },
	defaultOperation: 'getLog',
	operations: { getLog },
};

import type { KeitaroResource } from '../types';
import { clean } from './clean';
import { getLog } from './getLog';

export const resource: KeitaroResource = {
	option: { name: 'Click', value: 'click' },
	defaultOperation: 'getLog',
	operations: { getLog, clean },
};

import type { KeitaroResource } from '../types';
import { build } from './build';

export const resource: KeitaroResource = {
	option: { name: 'Report', value: 'report' },
	defaultOperation: 'build',
	operations: { build },
};

import type { KeitaroResource } from '../types';
import { update } from './update';

export const resource: KeitaroResource = {
	option: { name: 'Cost', value: 'cost' },
	defaultOperation: 'update',
	operations: { update },
};

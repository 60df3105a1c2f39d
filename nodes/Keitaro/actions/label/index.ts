import type { KeitaroResource } from '../types';
import { get } from './get';
import { update } from './update';

export const resource: KeitaroResource = {
	option: { name: 'Label', value: 'label' },
	defaultOperation: 'get',
	operations: { get, update },
};

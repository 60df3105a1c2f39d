import type { KeitaroResource } from '../types';
import { clear } from './clear';
import { get } from './get';
import { getTypes } from './getTypes';

export const resource: KeitaroResource = {
	option: { name: 'Log', value: 'log' },
	defaultOperation: 'get',
	operations: {
		clear,
		get,
		getTypes,
	},
};

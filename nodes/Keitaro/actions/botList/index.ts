import type { KeitaroResource } from '../types';
import { add } from './add';
import { clear } from './clear';
import { exclude } from './exclude';
import { get } from './get';
import { replace } from './replace';

export const resource: KeitaroResource = {
	option: { name: 'Bot List', value: 'botList' },
	defaultOperation: 'get',
	operations: {
		add,
		clear,
		exclude,
		get,
		replace,
	},
};

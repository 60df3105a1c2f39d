import type { KeitaroResource } from '../types';
import { archive } from './archive';
import { clone } from './clone';
import { create } from './create';
import { get } from './get';
import { getAll } from './getAll';
import { update } from './update';

export const resource: KeitaroResource = {
	option: { name: 'Traffic Source', value: 'trafficSource' },
	defaultOperation: 'get',
	operations: {
		archive,
		clone,
		create,
		get,
		getAll,
		update,
	},
};

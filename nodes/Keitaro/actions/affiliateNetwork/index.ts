import type { KeitaroResource } from '../types';
import { archive } from './archive';
import { clone } from './clone';
import { create } from './create';
import { get } from './get';
import { getAll } from './getAll';
import { restore } from './restore';
import { update } from './update';

export const resource: KeitaroResource = {
	option: { name: 'Affiliate Network', value: 'affiliateNetwork' },
	defaultOperation: 'get',
	operations: {
		archive,
		clone,
		create,
		get,
		getAll,
		restore,
		update,
	},
};

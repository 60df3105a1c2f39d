import type { KeitaroResource } from '../types';
import { archive } from './archive';
import { check } from './check';
import { clone } from './clone';
import { create } from './create';
import { get } from './get';
import { getAll } from './getAll';
import { getArchived } from './getArchived';
import { getServerIps } from './getServerIps';
import { restore } from './restore';
import { update } from './update';

export const resource: KeitaroResource = {
	option: { name: 'Domain', value: 'domain' },
	defaultOperation: 'get',
	operations: {
		archive,
		check,
		clone,
		create,
		get,
		getAll,
		getArchived,
		getServerIps,
		restore,
		update,
	},
};

import type { KeitaroResource } from '../types';
import { archive } from './archive';
import { cleanArchive } from './cleanArchive';
import { clone } from './clone';
import { create } from './create';
import { disable } from './disable';
import { enable } from './enable';
import { get } from './get';
import { getAll } from './getAll';
import { getArchived } from './getArchived';
import { restore } from './restore';
import { update } from './update';
import { updateCosts } from './updateCosts';

export const resource: KeitaroResource = {
	option: { name: 'Campaign', value: 'campaign' },
	defaultOperation: 'get',
	operations: {
		archive,
		cleanArchive,
		clone,
		create,
		disable,
		enable,
		get,
		getAll,
		getArchived,
		restore,
		update,
		updateCosts,
	},
};

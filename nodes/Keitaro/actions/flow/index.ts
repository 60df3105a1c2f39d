import type { KeitaroResource } from '../types';
import { archive } from './archive';
import { create } from './create';
import { disable } from './disable';
import { enable } from './enable';
import { get } from './get';
import { getActions } from './getActions';
import { getAll } from './getAll';
import { getArchived } from './getArchived';
import { getEvents } from './getEvents';
import { getFilters } from './getFilters';
import { getSchemas } from './getSchemas';
import { getTypes } from './getTypes';
import { restore } from './restore';
import { search } from './search';
import { update } from './update';

/** Flows (called streams in the API). */
export const resource: KeitaroResource = {
	option: { name: 'Flow', value: 'flow' },
	defaultOperation: 'getAll',
	operations: {
		archive,
		create,
		disable,
		enable,
		get,
		getActions,
		getAll,
		getArchived,
		getEvents,
		getFilters,
		getSchemas,
		getTypes,
		restore,
		search,
		update,
	},
};

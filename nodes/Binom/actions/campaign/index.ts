import type { ActionResource } from '../../../shared/actions';
import { blacklistZones } from './blacklistZones';
import { get } from './get';
import { getAll } from './getAll';

export const resource: ActionResource = {
	option: { name: 'Campaign', value: 'campaign' },
	defaultOperation: 'get',
	operations: { get, getAll, blacklistZones },
};

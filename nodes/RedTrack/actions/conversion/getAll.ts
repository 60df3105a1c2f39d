import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import {
	collectPages,
	includeRawField,
	readListOptions,
	readOutputMode,
	returnAllLimit,
	simplifyField,
} from '../../../shared/actions';
import { redTrackConversion } from '../../trigger/mapping';
import { REDTRACK_DEFAULT_STATUS_MAP } from '../../trigger/status';
import { listRows, periodProperties, readPeriod, rtRequest, workingZone } from '../common';

/** Conversion → Get Many: GET /conversions (dates in the account zone, `per` up to 10000). */
export const getAll: ActionOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get many conversions of a period',
		action: 'Get many conversions',
	},
	calls: ['GET /conversions', 'GET /me/settings'],
	properties: [
		...periodProperties,
		...returnAllLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Campaign ID', name: 'campaign_id', type: 'string', default: '' },
				{ displayName: 'Click ID', name: 'clickid', type: 'string', default: '' },
				{ displayName: 'Country Code', name: 'country_code', type: 'string', default: '' },
				{ displayName: 'Offer ID', name: 'offer_id', type: 'string', default: '' },
				{ displayName: 'Source ID', name: 'source_id', type: 'string', default: '' },
				{
					displayName: 'Type',
					name: 'type',
					type: 'string',
					default: '',
					placeholder: 'default_type,type1',
					description: 'Conversion type keys, separated by commas',
				},
			],
		},
		simplifyField,
		includeRawField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const zone = await workingZone(this, i);
		const period = readPeriod(this, i, zone);
		const { limit } = readListOptions(this, i);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = { ...period };
		for (const [k, v] of Object.entries(filters))
			if (typeof v === 'string' && v.trim()) qs[k] = v.trim();
		const { rows } = await collectPages(
			async (p) => {
				const body = await rtRequest(this, 'GET', '/conversions', {
					qs: { ...qs, page: p.page, per: p.per },
					itemIndex: i,
				});
				return listRows(this, body, 'GET /conversions', i);
			},
			{ limit, pageSize: 1000 },
		);
		const mode = readOutputMode(this, i);
		if (!mode.simplify) return rows;
		return rows.map(
			(raw) =>
				redTrackConversion(raw, {
					zone,
					statusMap: REDTRACK_DEFAULT_STATUS_MAP,
					includeRaw: mode.includeRaw,
				}) as unknown as IDataObject,
		);
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import {
	includeRawField,
	readListOptions,
	readOutputMode,
	returnAllLimit,
	simplifyField,
} from '../../../shared/actions';
import { voluumConversion } from '../../trigger/conversions';
import { VOLUUM_DEFAULT_STATUS_MAP } from '../../trigger/status';
import { hourParam, periodProperties, readHourRange, reportZone, splitRange } from '../common';
import { readReport } from '../paging';
import { timeZoneField } from '../../../shared/options';

/** Conversion → Get Many: GET /report/conversions (postback time, hour-rounded, ASC). */
export const getAll: ActionOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get the conversions received in a period',
		action: 'Get many conversions',
	},
	calls: ['GET /report/conversions', 'GET /user/current'],
	properties: [
		...periodProperties,
		...returnAllLimit(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Filter',
					name: 'filter',
					type: 'string',
					default: '',
					description: 'Free-text filter (campaign, offer, click ID…)',
				},
				timeZoneField({
					displayName: 'Time Zone',
					name: 'tz',
					emptyLabel: 'Voluum User Time Zone',
					default: '',
					description: 'Zone of the period and of the row times. Empty: the Voluum user’s.',
				}),
			],
		},
		simplifyField,
		includeRawField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const o = this.getNodeParameter('options', i, {}) as IDataObject;
		const zone = await reportZone(this, i, o.tz);
		const range = readHourRange(this, i, zone);
		const { limit } = readListOptions(this, i);
		const qs: IDataObject = { tz: zone, sort: 'postbackTimestamp', direction: 'ASC' };
		if (typeof o.filter === 'string' && o.filter.trim()) qs.filter = o.filter.trim();
		const rows: IDataObject[] = [];
		for (const part of splitRange(range)) {
			const left = limit === undefined ? undefined : limit - rows.length;
			if (left !== undefined && left <= 0) break;
			const page = await readReport(
				this,
				'/report/conversions',
				{ ...qs, from: hourParam(part.from), to: hourParam(part.to) },
				i,
				left,
			);
			rows.push(...page.rows);
		}
		const mode = readOutputMode(this, i);
		if (!mode.simplify) return rows;
		return rows.map(
			(raw) =>
				voluumConversion(raw, {
					statusMap: VOLUUM_DEFAULT_STATUS_MAP,
					zone,
					includeRaw: mode.includeRaw,
				}) as unknown as IDataObject,
		);
	},
};

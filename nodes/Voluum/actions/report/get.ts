import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import {
	includeRawField,
	readListOptions,
	readOutputMode,
	returnAllLimit,
	simplifyField,
} from '../../../shared/actions';
import { formatDay } from '../../../shared/cost';
import { buildReportRow } from '../../../shared/model/canonical';
import { VOLUUM_GROUPS } from '../../trigger/threshold';
import {
	account,
	hourParam,
	periodProperties,
	readHourRange,
	reportZone,
	splitRange,
} from '../common';
import { readReport } from '../paging';
import { timeZoneField } from '../../../shared/options';

const pad = (n: number) => String(n).padStart(2, '0');

export const GROUP_OPTIONS = [
	...Object.entries(VOLUUM_GROUPS).map(([value, g]) => ({ name: g.label, value })),
	{ name: 'Day', value: 'day' },
	{ name: 'Hour', value: 'hour' },
].sort((a, b) => a.name.localeCompare(b.name));

/**
 * Report → Get: GET /report. `from`/`to` are whole hours (rounded: From down, To up) in the
 * report zone; a range over 31 days is read in 31-day parts, whose rows carry their own period
 * (periodStart/periodEnd, or periodFrom/periodTo on raw rows) — add Day to Group By to sum them.
 */
export const get: ActionOperation = {
	option: {
		name: 'Get',
		value: 'get',
		description: 'Get a report grouped by campaign, offer, traffic source, country, day…',
		action: 'Get a report',
	},
	calls: ['GET /report', 'GET /user/current'],
	properties: [
		{
			displayName: 'Group By',
			name: 'groupBy',
			type: 'multiOptions',
			options: GROUP_OPTIONS,
			default: ['campaign'],
			required: true,
			description: 'Up to 3 fields, in this order',
		},
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
					displayName: 'Columns',
					name: 'columns',
					type: 'string',
					default: '',
					placeholder: 'visits,conversions,revenue,cost,profit,roi',
					description: 'Columns to return, separated by commas. Empty: all.',
				},
				{
					displayName: 'Conversion Time Mode',
					name: 'conversionTimeMode',
					type: 'options',
					default: 'VISIT',
					options: [
						{ name: 'Conversion Time', value: 'CONVERSION' },
						{ name: 'Visit Time', value: 'VISIT' },
					],
					description:
						'Count conversions at the visit or at the postback. Not set: the account setting.',
				},
				{
					displayName: 'Filter',
					name: 'filter',
					type: 'string',
					default: '',
					description: 'Free-text filter on the grouped names',
				},
				{
					displayName: 'Include',
					name: 'include',
					type: 'options',
					default: 'ACTIVE',
					options: [
						{ name: 'Active', value: 'ACTIVE' },
						{ name: 'All', value: 'ALL' },
						{ name: 'Archived', value: 'ARCHIVED' },
						{ name: 'Entity', value: 'ENTITY' },
						{ name: 'With Traffic', value: 'TRAFFIC' },
					],
				},
				timeZoneField({
					displayName: 'Time Zone',
					name: 'tz',
					emptyLabel: 'Voluum User Time Zone',
					default: '',
					description: 'Report time zone. Empty: the Voluum user’s.',
				}),
			],
		},
		simplifyField,
		includeRawField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const groups = (this.getNodeParameter('groupBy', i, []) as string[]).slice();
		if (groups.length > 3) {
			throw new NodeOperationError(
				this.getNode(),
				`Group By has ${groups.length} fields: Voluum groups by at most 3`,
				{ itemIndex: i },
			);
		}
		const o = this.getNodeParameter('options', i, {}) as IDataObject;
		const zone = await reportZone(this, i, o.tz);
		const range = readHourRange(this, i, zone);
		const { limit } = readListOptions(this, i);
		const parts = splitRange(range);
		const qsBase: IDataObject = { tz: zone };
		if (groups.length) qsBase.groupBy = groups.join(',');
		for (const k of ['columns', 'filter', 'conversionTimeMode', 'include']) {
			if (typeof o[k] === 'string' && (o[k] as string).trim())
				qsBase[k] = (o[k] as string).trim().replace(/\s*,\s*/g, ',');
		}
		const mode = readOutputMode(this, i);
		const currency = mode.simplify ? (await account(this, i)).currency : null;
		const out: IDataObject[] = [];
		for (const part of parts) {
			const left = limit === undefined ? undefined : limit - out.length;
			if (left !== undefined && left <= 0) break;
			const { rows } = await readReport(
				this,
				'/report',
				{ ...qsBase, from: hourParam(part.from), to: hourParam(part.to) },
				i,
				left,
			);
			const startText = `${formatDay(part.from)} ${pad(part.from.h)}:00:00`;
			const endText = `${formatDay(part.to)} ${pad(part.to.h)}:00:00`;
			for (const raw of rows) {
				if (!mode.simplify) {
					out.push(parts.length > 1 ? { ...raw, periodFrom: startText, periodTo: endText } : raw);
					continue;
				}
				const dimensions: Record<string, unknown> = {};
				const metrics: Record<string, unknown> = {};
				for (const [k, v] of Object.entries(raw)) {
					if (typeof v === 'number') metrics[k] = v;
					else dimensions[k] = v;
				}
				out.push(
					buildReportRow(
						{
							tracker: 'voluum',
							periodStart: startText,
							periodEnd: endText,
							timezone: zone,
							currency,
							dimensions,
							metrics,
							raw,
						},
						{ zone, includeRaw: mode.includeRaw },
					) as unknown as IDataObject,
				);
			}
		}
		return out;
	},
};

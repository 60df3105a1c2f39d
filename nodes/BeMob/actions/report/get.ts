import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import {
	collectPages,
	includeRawField,
	readListOptions,
	readOutputMode,
	returnAllLimit,
	simplifyField,
} from '../../../shared/actions';
import { buildReportRow } from '../../../shared/model/canonical';
import { BEMOB_GROUPS, BEMOB_MEASURES } from '../../trigger/report';
import { PERIODS, beMobRequest, checkAnswer, instant, readPeriod, reportSchema } from '../api';
import { timeZoneField } from '../../../shared/options';

const LEVELS: Record<string, { label: string; keys: string[] }> = {
	...Object.fromEntries(
		Object.entries(BEMOB_GROUPS).map(([k, g]) => [
			k,
			{ label: g.label, keys: g.name ? [g.id, g.name] : [g.id] },
		]),
	),
	day: { label: 'Day', keys: ['day'] },
	hour: { label: 'Hour', keys: ['hour'] },
};

/**
 * Report → Get (BETA, ASSUMED endpoint): `GET /v1/report?from=&to=&groupBy=&sort=&direction=
 * &limit=&offset=` with `from`/`to` ISO instants (`to` inclusive to the second), `groupBy` a comma
 * list of one to three levels. Paged by `offset`, sorted by the first level so pages are stable;
 * BeMob groups days and hours in the ACCOUNT time zone (UTC by default, docs §3.5).
 */
export const get: ActionOperation = {
	option: {
		name: 'Get',
		value: 'get',
		description: 'Get a report grouped by campaign, offer, country, day… (beta)',
		action: 'Get a report',
	},
	calls: ['GET /report'],
	properties: [
		{
			displayName: 'Group By',
			name: 'groupBy',
			type: 'multiOptions',
			options: Object.entries(LEVELS)
				.map(([value, l]) => ({ name: l.label, value }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: ['campaign'],
			description: 'Levels of the report in the order chosen, at most three',
		},
		{
			displayName: 'Period',
			name: 'period',
			type: 'options',
			options: PERIODS,
			default: 'yesterday',
			description: 'Calendar days of the time zone below',
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { period: ['custom'] } },
			description: 'Start, inclusive; a date alone is the start of that day in the time zone below',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { period: ['custom'] } },
			description: 'End, inclusive to the second; a date alone is the whole day',
		},
		timeZoneField({
			displayName: 'Time Zone',
			name: 'timezone',
			default: 'UTC',
			description:
				'IANA time zone the period is read in. BeMob itself groups days and hours in the account time zone.',
		}),
		...returnAllLimit(),
		simplifyField,
		includeRawField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const groups = (this.getNodeParameter('groupBy', i, []) as string[]).map(String);
		const problems: string[] = [];
		if (groups.length === 0) problems.push('Choose at least one level in Group By');
		if (groups.length > 3) problems.push('BeMob groups a report by at most three levels');
		const unknown = groups.find((g) => !LEVELS[g]);
		if (unknown) problems.push(`Unknown level "${unknown}"`);
		if (problems.length)
			throw new NodeOperationError(this.getNode(), problems.join('; '), { itemIndex: i });
		const { from, to, zone } = readPeriod(this, i);
		const { limit } = readListOptions(this, i);
		const sort = LEVELS[groups[0]].keys[0];
		const { rows } = await collectPages(
			async (p) => {
				const body = await beMobRequest.call(this, {
					method: 'GET',
					path: '/report',
					qs: {
						from: instant(from),
						to: instant(to),
						groupBy: groups.join(','),
						sort,
						direction: 'asc',
						limit: p.per,
						offset: p.offset,
					},
					itemIndex: i,
				});
				const page = checkAnswer(this, reportSchema, body, 'GET /report', i).payload;
				return { rows: page.rows as IDataObject[], total: page.total };
			},
			{ limit, pageSize: 1000 },
		);
		const mode = readOutputMode(this, i);
		if (!mode.simplify) return rows;
		return rows.map((row) => {
			const dimensions: Record<string, unknown> = {};
			for (const g of groups) for (const k of LEVELS[g].keys) dimensions[k] = row[k];
			const metrics: Record<string, unknown> = {};
			for (const m of BEMOB_MEASURES) if (row[m] !== undefined) metrics[m] = row[m];
			return buildReportRow(
				{
					tracker: 'bemob',
					periodStart: from,
					periodEnd: to + 1000,
					timezone: zone,
					dimensions,
					metrics,
					raw: row,
				},
				{ includeRaw: mode.includeRaw },
			) as unknown as IDataObject;
		});
	},
};

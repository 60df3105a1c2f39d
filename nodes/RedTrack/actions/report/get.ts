import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { ActionOperation } from '../../../shared/actions';
import {
	collectPages,
	includeRawField,
	parseAnswer,
	readListOptions,
	readOutputMode,
	returnAllLimit,
	simplifyField,
} from '../../../shared/actions';
import { buildReportRow } from '../../../shared/model/canonical';
import { REDTRACK_GROUPS, REDTRACK_MEASURES } from '../../trigger/threshold';
import {
	TRACKER,
	accountCurrency,
	periodProperties,
	readPeriod,
	rtRequest,
	workingZone,
} from '../common';
import { timeZoneField } from '../../../shared/options';

const GROUP_KEYS: Record<string, string[]> = {
	...Object.fromEntries(Object.entries(REDTRACK_GROUPS).map(([k, v]) => [k, v.keys])),
	date: ['date'],
	hour: ['hour'],
};
const GROUP_OPTIONS = [
	...Object.entries(REDTRACK_GROUPS).map(([value, g]) => ({ name: g.label, value })),
	{ name: 'Date', value: 'date' },
	{ name: 'Hour', value: 'hour' },
];

const reportSchema = z.array(z.object({}).passthrough());

/** Report → Get: GET /report (20 requests per minute, `per` at most 1000). */
export const get: ActionOperation = {
	option: {
		name: 'Get',
		value: 'get',
		description: 'Get a traffic report grouped by campaign, offer, source, country, date…',
		action: 'Get a report',
	},
	calls: ['GET /report', 'GET /me/settings'],
	properties: [
		{
			displayName: 'Group By',
			name: 'group',
			type: 'multiOptions',
			options: GROUP_OPTIONS,
			default: ['campaign'],
			required: true,
			description: 'Report rows are grouped by these fields, in this order',
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
				{ displayName: 'Campaign ID', name: 'campaign_id', type: 'string', default: '' },
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					default: 'desc',
					options: [
						{ name: 'Ascending', value: 'asc' },
						{ name: 'Descending', value: 'desc' },
					],
				},
				{ displayName: 'Offer ID', name: 'offer_id', type: 'string', default: '' },
				{
					displayName: 'Sort By',
					name: 'sortby',
					type: 'options',
					default: 'clicks',
					options: REDTRACK_MEASURES.map((m) => ({
						name: m.toUpperCase().length <= 3 ? m.toUpperCase() : m[0].toUpperCase() + m.slice(1),
						value: m,
					})),
				},
				{ displayName: 'Source ID', name: 'source_id', type: 'string', default: '' },
				timeZoneField({
					displayName: 'Time Zone',
					name: 'timezone',
					emptyLabel: 'Account Time Zone',
					default: '',
					description: 'Days are cut in this zone. Empty: the account time zone.',
				}),
			],
		},
		simplifyField,
		includeRawField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const groups = this.getNodeParameter('group', i, []) as string[];
		if (!groups.length) {
			throw new NodeOperationError(this.getNode(), 'Group By is empty: pick at least one field', {
				itemIndex: i,
			});
		}
		for (const g of groups) {
			if (!GROUP_KEYS[g])
				throw new NodeOperationError(this.getNode(), `Group By: unknown field "${g}"`, {
					itemIndex: i,
				});
		}
		const o = this.getNodeParameter('options', i, {}) as IDataObject;
		const zone = await workingZone(this, i, o.timezone as string | undefined);
		const period = readPeriod(this, i, zone);
		const { limit } = readListOptions(this, i);
		const qs: IDataObject = { group: groups.join(','), ...period, timezone: zone };
		for (const k of ['campaign_id', 'source_id', 'offer_id']) {
			if (typeof o[k] === 'string' && (o[k] as string).trim()) qs[k] = (o[k] as string).trim();
		}
		// A sort key keeps pages stable; without one the first group key is used.
		qs.sortby = (o.sortby as string) || GROUP_KEYS[groups[0]][0];
		// The spec types `direction` as an integer ("asc or desc"): 1 ascending, -1 descending.
		qs.direction = ((o.direction as string) || (o.sortby ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
		const { rows } = await collectPages(
			async (p) => {
				const body = await rtRequest(this, 'GET', '/report', {
					qs: { ...qs, page: p.page, per: p.per },
					itemIndex: i,
				});
				return {
					rows: parseAnswer(this, reportSchema, body, {
						tracker: TRACKER,
						call: 'GET /report',
						itemIndex: i,
					}) as IDataObject[],
				};
			},
			{ limit, pageSize: 1000 },
		);
		const mode = readOutputMode(this, i);
		if (!mode.simplify) return rows;
		const currency = await accountCurrency(this, i);
		const dimKeys = groups.flatMap((g) => GROUP_KEYS[g]);
		const next = new Date(`${period.date_to}T00:00:00Z`);
		next.setUTCDate(next.getUTCDate() + 1);
		return rows.map((raw) => {
			const dimensions: Record<string, unknown> = {};
			const metrics: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(raw)) {
				if (dimKeys.includes(k)) dimensions[k] = v;
				else if (
					typeof v === 'number' ||
					(typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
				)
					metrics[k] = v;
			}
			return buildReportRow(
				{
					tracker: 'redtrack',
					periodStart: `${period.date_from} 00:00:00`,
					periodEnd: `${next.toISOString().slice(0, 10)} 00:00:00`,
					timezone: zone,
					currency,
					dimensions,
					metrics,
					raw,
				},
				{ zone, includeRaw: mode.includeRaw },
			) as unknown as IDataObject;
		});
	},
};

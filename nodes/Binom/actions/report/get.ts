import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildReportRow } from '../../../shared/model/canonical';
import { parseTimeToMs } from '../../../shared/polling';
import {
	BINOM_GROUPINGS,
	BINOM_MEASURES,
	BINOM_REPORT_ENTITIES,
	rowPath,
} from '../../trigger/threshold';
import { checkAnswer, periodQuery, reportSchema } from '../api';
import {
	includeRawField,
	periodFields,
	readLimit,
	readPages,
	returnAllLimit,
	simplifyField,
} from '../common';
import type { ActionOperation } from '../../../shared/actions';

const labelled = (map: Record<string, string>) =>
	Object.entries(map).map(([value, name]) => ({ name, value }));

/**
 * Report → Get: `GET /report/{entity}` with `groupings[]` (1–3 levels), a period and a time zone,
 * paged with `limit`/`offset`. Binom answers the rows of every level in tree order (ASSUMED, 3P):
 * by default only the deepest level is returned, each row carrying the ids of its parent levels.
 */
export const get: ActionOperation = {
	option: {
		name: 'Get',
		value: 'get',
		description: 'Get a report grouped by campaign, offer, country, day…',
		action: 'Get a report',
	},
	calls: ['GET /report/{entity}'],
	properties: [
		{
			displayName: 'Report',
			name: 'reportEntity',
			type: 'options',
			options: labelled(BINOM_REPORT_ENTITIES),
			default: 'campaign',
			description: 'Which Binom report to read (the entity its IDs filter refers to)',
		},
		{
			displayName: 'Group By',
			name: 'groupings',
			type: 'multiOptions',
			options: labelled(BINOM_GROUPINGS),
			default: ['campaign'],
			description:
				'Levels of the report in the order chosen, at most three (e.g. campaign, then country)',
		},
		...periodFields('yesterday'),
		...returnAllLimit,
		simplifyField,
		includeRawField,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'All Levels',
					name: 'allLevels',
					type: 'boolean',
					default: false,
					description:
						'Whether to return the subtotal rows of the upper levels too (by default only the rows of the last level)',
				},
				{
					displayName: 'Only IDs',
					name: 'ids',
					type: 'string',
					default: '',
					placeholder: '12, 15',
					description: 'Restrict the report to these IDs of the chosen report, comma-separated',
				},
				{
					displayName: 'Sort By',
					name: 'sortColumn',
					type: 'options',
					options: BINOM_MEASURES.map((m) => ({ name: m, value: m })),
					default: 'clicks',
				},
				{
					displayName: 'Sort Direction',
					name: 'sortType',
					type: 'options',
					options: [
						{ name: 'Descending', value: 'desc' },
						{ name: 'Ascending', value: 'asc' },
					],
					default: 'desc',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const entity = String(this.getNodeParameter('reportEntity', i));
		const groups = (this.getNodeParameter('groupings', i, []) as string[]).map(String);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const problems: string[] = [];
		if (!BINOM_REPORT_ENTITIES[entity]) problems.push(`Unknown report "${entity}"`);
		if (groups.length === 0) problems.push('Choose at least one level in Group By');
		if (groups.length > 3) problems.push('Binom groups a report by at most three levels');
		const unknown = groups.filter((g) => !BINOM_GROUPINGS[g]);
		if (unknown.length) problems.push(`Unknown grouping "${unknown[0]}"`);
		if (problems.length) throw new NodeOperationError(node, problems.join('; '), { itemIndex: i });
		const period = periodQuery(this, i);
		const ids = String(options.ids ?? '')
			.split(/[\s,]+/)
			.filter(Boolean);
		const bad = ids.find((v) => !/^\d+$/.test(v));
		if (bad)
			throw new NodeOperationError(node, `Only IDs: "${bad}" is not an ID`, { itemIndex: i });
		const allLevels = options.allLevels === true;
		const call = `GET /report/${entity}`;
		const rows = await readPages(
			this,
			i,
			(offset, limit) => ({
				method: 'GET',
				path: `/report/${entity}`,
				qs: {
					...period,
					groupings: groups,
					...(ids.length ? { ids } : {}),
					sortColumn: String(options.sortColumn ?? 'clicks'),
					sortType: String(options.sortType ?? 'desc'),
					limit,
					offset,
				},
				arrayFormat: 'brackets',
				itemIndex: i,
			}),
			(body) => {
				const parsed = checkAnswer(node, reportSchema, body, call, i);
				return (Array.isArray(parsed) ? parsed : parsed.rows) as IDataObject[];
			},
			readLimit(this, i),
			(r) => allLevels || r.level === undefined || Number(r.level) === groups.length,
		);
		if (!(this.getNodeParameter('simplify', i, true) as boolean)) return rows;
		const zone = String(period.timezone);
		// Custom range: [dateFrom, dateTo + 1 s) in the zone; a preset's bounds are Binom's to decide.
		const periodStart = period.dateFrom === undefined ? null : String(period.dateFrom);
		const periodEnd =
			period.dateTo === undefined ? null : parseTimeToMs(String(period.dateTo), zone) + 1000;
		return rows.map((row) => {
			const level = row.level === undefined ? groups.length : Number(row.level);
			const levelGroups = groups.slice(0, level);
			const dimensions: Record<string, unknown> = {};
			for (const [g, value] of rowPath(row, levelGroups)) dimensions[g] = value;
			dimensions[`${levelGroups[levelGroups.length - 1] ?? 'row'}Name`] = row.name;
			const metrics: Record<string, unknown> = {};
			for (const m of BINOM_MEASURES) if (row[m] !== undefined) metrics[m] = row[m];
			const out = buildReportRow(
				{
					tracker: 'binom',
					periodStart,
					periodEnd,
					timezone: zone,
					dimensions,
					metrics,
					measureNames: { conversions: 'leads' },
					raw: row,
				},
				{ includeRaw: this.getNodeParameter('includeRaw', i, false) as boolean },
			) as unknown as IDataObject;
			out.level = level;
			out.report = entity;
			out.datePreset = period.datePreset as string;
			return out;
		});
	},
};

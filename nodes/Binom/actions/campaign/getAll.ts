import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildCampaignEvent } from '../../../shared/model/canonical';
import { checkAnswer, infoSchema } from '../api';
import { includeRawField, readLimit, readPages, returnAllLimit, simplifyField } from '../common';
import type { ActionOperation } from '../../../shared/actions';

/** `/info/campaign` row (3P capture) → the canonical campaign. */
export function campaignFromInfo(row: IDataObject, includeRaw: boolean): IDataObject {
	return buildCampaignEvent(
		{
			tracker: 'binom',
			event: 'campaign',
			campaignId: row.id,
			campaignName: row.name,
			state:
				row.is_deleted === true || row.is_deleted === 1 || row.is_deleted === '1'
					? 'deleted'
					: 'active',
			groupName: row.group_name,
			trafficSourceId: row.traffic_source_id ?? row.trafficSourceId,
			trafficSourceName: row.traffic_source,
			raw: row,
		},
		{ includeRaw },
	) as unknown as IDataObject;
}

/** `/info/campaign` answers a final `{id: "totals", total_count}` row (3P capture): not a campaign. */
export function isTotalsRow(row: IDataObject): boolean {
	return String(row.id) === 'totals';
}

/**
 * Campaign → Get Many: `GET /info/campaign` (3P; the credential test calls it too), the campaign
 * list with the statistics of the chosen period; the totals row is dropped.
 */
export const getAll: ActionOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get many campaigns with their statistics',
		action: 'Get many campaigns',
	},
	calls: ['GET /info/campaign'],
	properties: [
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
					displayName: 'Include Deleted',
					name: 'includeDeleted',
					type: 'boolean',
					default: false,
					description: 'Whether to return deleted campaigns too',
				},
				{
					displayName: 'Statistics Period',
					name: 'datePreset',
					type: 'options',
					options: [
						{ name: 'All Time', value: 'all_time' },
						{ name: 'Last 30 Days', value: 'last_30_days' },
						{ name: 'Last 7 Days', value: 'last_7_days' },
						{ name: 'Today', value: 'today' },
						{ name: 'Yesterday', value: 'yesterday' },
					],
					default: 'today',
					description: 'Period of the statistics Binom adds to each campaign (raw fields)',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const includeDeleted = options.includeDeleted === true;
		const rows = await readPages(
			this,
			i,
			(offset, limit) => ({
				method: 'GET',
				path: '/info/campaign',
				qs: { datePreset: String(options.datePreset ?? 'today'), timezone: 'UTC', limit, offset },
				itemIndex: i,
			}),
			// The totals row is dropped before paging counts the page (it is not one of `limit` rows).
			(body) =>
				(checkAnswer(node, infoSchema, body, 'GET /info/campaign', i) as IDataObject[]).filter(
					(r) => !isTotalsRow(r),
				),
			readLimit(this, i),
			(r) =>
				includeDeleted || !(r.is_deleted === true || r.is_deleted === 1 || r.is_deleted === '1'),
		);
		if (!(this.getNodeParameter('simplify', i, true) as boolean)) return rows;
		return rows.map((r) =>
			campaignFromInfo(r, this.getNodeParameter('includeRaw', i, false) as boolean),
		);
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import {
	collectPages,
	includeRawField,
	readListOptions,
	readOutputMode,
	returnAllLimit,
	shapeRecord,
	simplifyField,
} from '../../../shared/actions';
import { buildCampaignEvent } from '../../../shared/model/canonical';
import { beMobRequest, campaignsSchema, checkAnswer } from '../api';

/**
 * Campaign → Get Many (BETA, ASSUMED endpoint): `GET /v1/campaigns?limit=&offset=[&status=]`
 * answering `{payload: [...]}` (3P); paged by `offset` up to 1000 per request.
 */
export const getAll: ActionOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get many campaigns (beta)',
		action: 'Get many campaigns',
	},
	calls: ['GET /campaigns'],
	properties: [
		...returnAllLimit(),
		simplifyField,
		includeRawField,
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Active', value: 'active' },
				{ name: 'Any', value: '' },
				{ name: 'Archived', value: 'archived' },
				{ name: 'Paused', value: 'paused' },
			],
			default: '',
			description: 'Only campaigns in this state',
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const { limit } = readListOptions(this, i);
		const status = String(this.getNodeParameter('status', i, '') ?? '');
		const { rows } = await collectPages(
			async (p) => {
				const body = await beMobRequest.call(this, {
					method: 'GET',
					path: '/campaigns',
					qs: { limit: p.per, offset: p.offset, ...(status ? { status } : {}) },
					itemIndex: i,
				});
				return {
					rows: checkAnswer(this, campaignsSchema, body, 'GET /campaigns', i)
						.payload as IDataObject[],
				};
			},
			{ limit, pageSize: 1000 },
		);
		const mode = readOutputMode(this, i);
		return rows.map((r) =>
			shapeRecord(
				r,
				(raw) =>
					buildCampaignEvent({
						tracker: 'bemob',
						event: 'campaign',
						campaignId: raw.id,
						campaignName: raw.name,
						state: raw.status,
						trafficSourceId: raw.trafficSourceId,
						createdAt: raw.createdAt,
						updatedAt: raw.updatedAt,
					}),
				mode,
			),
		);
	},
};

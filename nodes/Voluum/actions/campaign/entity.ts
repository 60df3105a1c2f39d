import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import type { EntityDef, PageRequest } from '../../../shared/actions';
import { entityLocator, parseAnswer } from '../../../shared/actions';
import { voluumCampaign } from '../../trigger/campaigns';
import { TRACKER, vRequest } from '../common';

const row = z.object({ id: z.union([z.string(), z.number()]) }).passthrough();
/** The list envelope is UNKNOWN (docs §1.2): `{campaigns: [...]}`, `{rows: [...]}` or an array. */
const listSchema = z.union([
	z.array(row),
	z.object({ campaigns: z.array(row) }).passthrough(),
	z.object({ rows: z.array(row) }).passthrough(),
]);

export const campaignDef: EntityDef = {
	label: 'Campaign',
	noun: 'campaign',
	plural: 'campaigns',
	article: 'a',
	idPattern: /^[A-Za-z0-9-]+$/,
	locator: entityLocator({
		displayName: 'Campaign',
		name: 'campaignId',
		entity: 'campaign',
		searchListMethod: 'searchCampaigns',
		idPattern: '^\\s*[A-Za-z0-9-]+\\s*$',
		placeholder: 'e.g. 6d1c8f0e-2b7a-4c1e-9f3a-1e2d3c4b5a69',
	}),
	getCall: 'GET /campaign/{id}',
	listCall: 'GET /campaign',
	pageSize: 500,
	listFilters: [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Include Archived',
					name: 'includeDeleted',
					type: 'boolean',
					default: false,
					description: 'Whether to include archived campaigns',
				},
			],
		},
	],
	toCanonical: (raw) => voluumCampaign(raw),
	async fetchOne(this: IExecuteFunctions, id: string, i: number) {
		const body = await vRequest(this, 'GET', `/campaign/${encodeURIComponent(id)}`, {
			itemIndex: i,
			entity: { label: 'Campaign', id },
		});
		return parseAnswer(this, row, body, {
			tracker: TRACKER,
			call: 'GET /campaign/{id}',
			itemIndex: i,
		}) as IDataObject;
	},
	async fetchPage(this: IExecuteFunctions, p: PageRequest, i: number, filters: IDataObject) {
		const qs: IDataObject = { limit: p.per, offset: p.offset };
		if (filters.includeDeleted === true) qs.includeDeleted = true;
		const body = await vRequest(this, 'GET', '/campaign', { qs, itemIndex: i });
		const parsed = parseAnswer(this, listSchema, body, {
			tracker: TRACKER,
			call: 'GET /campaign',
			itemIndex: i,
		});
		const rows = Array.isArray(parsed)
			? parsed
			: 'campaigns' in parsed
				? parsed.campaigns
				: parsed.rows;
		return { rows: rows as IDataObject[] };
	},
};

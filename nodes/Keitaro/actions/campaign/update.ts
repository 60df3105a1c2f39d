import type { IExecuteFunctions } from 'n8n-workflow';

import { buildCampaignBody, campaignFields } from '../common/campaignFields';
import { CAMPAIGN_LOOKUP_SPEC, getUpdateFields, resolveCampaignId } from '../common/crud';
import { campaignLocator } from '../common/descriptions';
import { asEntity, normalizeCampaign } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Update a campaign (only the fields you set change)',
		action: 'Update a campaign',
	},
	properties: [
		campaignLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: campaignFields({ update: true }),
		},
	],
	spec: ['PUT /campaigns/{id}', CAMPAIGN_LOOKUP_SPEC],
	async execute(this: IExecuteFunctions, i: number) {
		const body = buildCampaignBody(this, i, getUpdateFields.call(this, i));
		const id = await resolveCampaignId.call(this, i);
		const data = await keitaroApiRequest.call(this, 'PUT', `/campaigns/${id}`, {
			body,
			entity: { label: 'Campaign', id },
			itemIndex: i,
		});
		return normalizeCampaign(asEntity(data, { id: Number(id) }));
	},
};

import type { IExecuteFunctions } from 'n8n-workflow';

import { CAMPAIGN_LOOKUP_SPEC, resolveCampaignId } from '../common/crud';
import { campaignLocator, facebookIntegrationLocator } from '../common/descriptions';
import { asEntity, getLocatorId, lenientRequest } from '../common/utils';
import type { KeitaroOperation } from '../types';

export const facebookAssignCampaign: KeitaroOperation = {
	option: {
		name: 'Assign Campaign to Facebook Integration',
		value: 'facebookAssignCampaign',
		description: 'Assign a campaign to a Facebook integration so its costs are imported',
		action: 'Assign a campaign to a Facebook integration',
	},
	properties: [facebookIntegrationLocator, campaignLocator],
	spec: ['POST /integrations/facebook/{id}/campaign', CAMPAIGN_LOOKUP_SPEC],
	async execute(this: IExecuteFunctions, i: number) {
		const id = getLocatorId(this, 'integrationId', i, 'Facebook Integration');
		const campaignId = Number(await resolveCampaignId.call(this, i));
		const data = await lenientRequest(this, 'POST', `/integrations/facebook/${id}/campaign`, {
			body: { campaign_id: campaignId },
			entity: { label: 'Facebook integration', id },
			itemIndex: i,
			idempotent: true,
		});
		return asEntity(data, { integration_id: Number(id), campaign_id: campaignId });
	},
};

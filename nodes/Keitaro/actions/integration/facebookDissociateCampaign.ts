import type { IExecuteFunctions } from 'n8n-workflow';

import { CAMPAIGN_LOOKUP_SPEC, resolveCampaignId } from '../common/crud';
import { campaignLocator, facebookIntegrationLocator } from '../common/descriptions';
import { asEntity, getLocatorId, lenientRequest } from '../common/utils';
import type { KeitaroOperation } from '../types';

export const facebookDissociateCampaign: KeitaroOperation = {
	option: {
		name: 'Dissociate Campaign From Facebook Integration',
		value: 'facebookDissociateCampaign',
		description: 'Remove a campaign from a Facebook integration',
		action: 'Dissociate a campaign from a Facebook integration',
	},
	properties: [facebookIntegrationLocator, campaignLocator],
	spec: ['DELETE /integrations/facebook/{id}/campaign', CAMPAIGN_LOOKUP_SPEC],
	async execute(this: IExecuteFunctions, i: number) {
		const id = getLocatorId(this, 'integrationId', i, 'Facebook Integration');
		const campaignId = Number(await resolveCampaignId.call(this, i));
		const data = await lenientRequest(this, 'DELETE', `/integrations/facebook/${id}/campaign`, {
			body: { campaign_id: campaignId },
			entity: { label: 'Facebook integration', id },
			itemIndex: i,
			idempotent: true,
		});
		return asEntity(data, { integration_id: Number(id), campaign_id: campaignId });
	},
};

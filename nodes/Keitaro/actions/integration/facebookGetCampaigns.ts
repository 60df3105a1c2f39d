import type { IExecuteFunctions } from 'n8n-workflow';

import { facebookIntegrationLocator, returnAllLimit } from '../common/descriptions';
import { applyLimit, asArray, getListOptions, getLocatorId } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** GET /integrations/facebook/{id}/campaign answers [{name, value}]; value is the campaign ID. */
export const facebookGetCampaigns: KeitaroOperation = {
	option: {
		name: 'Get Facebook Integration Campaigns',
		value: 'facebookGetCampaigns',
		description: 'Get the campaigns assigned to a Facebook integration',
		action: 'Get campaigns of a Facebook integration',
	},
	properties: [facebookIntegrationLocator, ...returnAllLimit],
	spec: ['GET /integrations/facebook/{id}/campaign'],
	async execute(this: IExecuteFunctions, i: number) {
		const { limit } = getListOptions(this, i);
		const id = getLocatorId(this, 'integrationId', i, 'Facebook Integration');
		const data = await keitaroApiRequest.call(
			this,
			'GET',
			`/integrations/facebook/${id}/campaign`,
			{
				entity: { label: 'Facebook integration', id },
				itemIndex: i,
			},
		);
		const rows = asArray(data).map((o) => ({
			campaign_id: Number(o.value),
			name: o.name,
			value: o.value,
		}));
		return applyLimit(rows, limit);
	},
};

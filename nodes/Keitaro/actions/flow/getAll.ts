import type { IExecuteFunctions } from 'n8n-workflow';

import { CAMPAIGN_LOOKUP_SPEC, resolveCampaignId } from '../common/crud';
import { campaignLocator, returnAllLimit } from '../common/descriptions';
import { applyLimit, asArray, getListOptions } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** GET /campaigns/{id}/streams: the flows of one campaign with filters, offers and landings. */
export const getAll: KeitaroOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get many flows of a campaign',
		action: 'Get many flows',
	},
	properties: [campaignLocator, ...returnAllLimit],
	spec: ['GET /campaigns/{id}/streams', CAMPAIGN_LOOKUP_SPEC],
	async execute(this: IExecuteFunctions, i: number) {
		const { limit } = getListOptions(this, i);
		const id = await resolveCampaignId.call(this, i);
		const data = await keitaroApiRequest.call(this, 'GET', `/campaigns/${id}/streams`, {
			entity: { label: 'Campaign', id },
			itemIndex: i,
		});
		return applyLimit(asArray(data), limit);
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildCampaignEvent } from '../../../shared/model/canonical';
import { binomRequest, campaignSchema, checkAnswer } from '../api';
import { campaignField, includeRawField, readCampaignId, simplifyField } from '../common';
import type { ActionOperation } from '../../../shared/actions';

/** Reads `GET /campaign/{id}` and checks its shape. */
export async function readCampaign(
	this: IExecuteFunctions,
	id: string,
	i: number,
): Promise<IDataObject> {
	const body = await binomRequest.call(this, {
		method: 'GET',
		path: `/campaign/${id}`,
		entity: { label: 'Campaign', id },
		itemIndex: i,
	});
	return checkAnswer(this.getNode(), campaignSchema, body, `GET /campaign/${id}`, i) as IDataObject;
}

/** Campaign → Get: `GET /campaign/{id}` (3P). The object's fields beyond id and name are UNKNOWN. */
export const get: ActionOperation = {
	option: {
		name: 'Get',
		value: 'get',
		description: 'Get a campaign with its settings',
		action: 'Get a campaign',
	},
	calls: ['GET /campaign/{id}'],
	properties: [campaignField, simplifyField, includeRawField],
	async execute(this: IExecuteFunctions, i: number) {
		const id = readCampaignId(this, i);
		const campaign = await readCampaign.call(this, id, i);
		if (!(this.getNodeParameter('simplify', i, true) as boolean)) return campaign;
		return buildCampaignEvent(
			{
				tracker: 'binom',
				event: 'campaign',
				campaignId: campaign.id,
				campaignName: campaign.name,
				state: campaign.isDeleted === true ? 'deleted' : (campaign.status ?? 'active'),
				groupName: campaign.groupName ?? campaign.group_name,
				trafficSourceId: campaign.trafficSourceId ?? campaign.traffic_source_id,
				raw: campaign,
			},
			{ includeRaw: this.getNodeParameter('includeRaw', i, false) as boolean },
		) as unknown as IDataObject;
	},
};

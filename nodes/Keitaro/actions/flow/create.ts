import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CAMPAIGN_LOOKUP_SPEC, resolveCampaignId } from '../common/crud';
import { campaignLocator } from '../common/descriptions';
import {
	buildFlowBody,
	flowActionTypeField,
	flowFields,
	flowSchemaField,
	flowTypeField,
} from '../common/flowFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create a flow in a campaign',
		action: 'Create a flow',
	},
	properties: [
		campaignLocator,
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			description: 'Flow name',
		},
		{ ...flowTypeField, required: true },
		{ ...flowSchemaField, required: true },
		{ ...flowActionTypeField, required: true },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: flowFields({ update: false }),
		},
	],
	spec: ['POST /streams', CAMPAIGN_LOOKUP_SPEC],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const typed = buildFlowBody(this, i, {
			name: this.getNodeParameter('name', i),
			type: this.getNodeParameter('type', i),
			schema: this.getNodeParameter('schema', i),
			action_type: this.getNodeParameter('action_type', i),
			...additional,
		});
		const campaignId = Number(await resolveCampaignId.call(this, i));
		// The API default of collect_clicks is false (docs §1.5): send true unless turned off.
		const body: IDataObject = { campaign_id: campaignId, collect_clicks: true, ...typed };
		const data = await keitaroApiRequest.call(this, 'POST', '/streams', { body, itemIndex: i });
		return asEntity(data);
	},
};

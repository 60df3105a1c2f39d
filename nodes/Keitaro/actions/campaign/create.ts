import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildCampaignBody, campaignFields } from '../common/campaignFields';
import { asEntity, normalizeCampaign } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create a campaign',
		action: 'Create a campaign',
	},
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			description: 'Campaign name',
		},
		{
			displayName: 'Alias',
			name: 'alias',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. summer-promo',
			description:
				'URL slug of the campaign (https://your-domain/ALIAS): letters, digits, "-" and "_"; must be unique',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: campaignFields({ update: false }),
		},
	],
	spec: ['POST /campaigns'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = buildCampaignBody(this, i, {
			name: this.getNodeParameter('name', i),
			alias: this.getNodeParameter('alias', i),
			...additional,
		});
		const data = await keitaroApiRequest.call(this, 'POST', '/campaigns', { body, itemIndex: i });
		return normalizeCampaign(asEntity(data));
	},
};

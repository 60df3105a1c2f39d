import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildFacebookBody, facebookFields } from '../common/integrationFields';
import { asEntity, maskSecrets } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const facebookCreate: KeitaroOperation = {
	option: {
		name: 'Create Facebook Integration',
		value: 'facebookCreate',
		description: 'Connect a Facebook ad account so Keitaro can import its costs',
		action: 'Create a Facebook integration',
	},
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Ad Account ID',
			name: 'adAccountId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. act_1234567890',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Facebook access token with access to the ad account',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: facebookFields({ update: false }),
		},
	],
	spec: ['POST /integrations/facebook'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = buildFacebookBody(this, i, {
			name: this.getNodeParameter('name', i),
			ad_account_id: this.getNodeParameter('adAccountId', i),
			token: this.getNodeParameter('token', i),
			...additional,
		});
		const data = (await keitaroApiRequest.call(this, 'POST', '/integrations/facebook', {
			body,
			itemIndex: i,
		})) as IDataObject | undefined;
		return maskSecrets(asEntity(data?.data ?? data), ['token']);
	},
};

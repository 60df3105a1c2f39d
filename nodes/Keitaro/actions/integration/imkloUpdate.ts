import type { IExecuteFunctions } from 'n8n-workflow';

import { asEntity, paramError } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** PUT /integrations/imklo?imklo_api_url=… (the URL goes in the query string, per the spec). */
export const imkloUpdate: KeitaroOperation = {
	option: {
		name: 'Update IMKLO URL',
		value: 'imkloUpdate',
		description: 'Set the IMKLO API URL used for bot filtering',
		action: 'Update the IMKLO URL',
	},
	properties: [
		{
			displayName: 'IMKLO API URL',
			name: 'imkloApiUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://imklo.example.com/api',
		},
	],
	spec: ['PUT /integrations/imklo'],
	async execute(this: IExecuteFunctions, i: number) {
		const url = String(this.getNodeParameter('imkloApiUrl', i) ?? '').trim();
		if (!/^https?:\/\/\S+$/i.test(url)) {
			throw paramError(this, i, `IMKLO API URL must start with http:// or https://, got "${url}"`);
		}
		const data = await keitaroApiRequest.call(this, 'PUT', '/integrations/imklo', {
			qs: { imklo_api_url: url },
			itemIndex: i,
		});
		return asEntity(data);
	},
};

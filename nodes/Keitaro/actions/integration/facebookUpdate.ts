import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields } from '../common/crud';
import { facebookIntegrationLocator } from '../common/descriptions';
import { buildFacebookBody, facebookFields } from '../common/integrationFields';
import { asEntity, getLocatorId, maskSecrets } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const facebookUpdate: KeitaroOperation = {
	option: {
		name: 'Update Facebook Integration',
		value: 'facebookUpdate',
		description: 'Update a Facebook ad account integration',
		action: 'Update a Facebook integration',
	},
	properties: [
		facebookIntegrationLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: facebookFields({ update: true }),
		},
	],
	spec: ['PUT /integrations/facebook/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const body = buildFacebookBody(this, i, getUpdateFields.call(this, i));
		const id = getLocatorId(this, 'integrationId', i, 'Facebook Integration');
		const data = (await keitaroApiRequest.call(this, 'PUT', `/integrations/facebook/${id}`, {
			body,
			entity: { label: 'Facebook integration', id },
			itemIndex: i,
		})) as IDataObject | undefined;
		return maskSecrets(asEntity(data?.data ?? data, { id: Number(id) }), ['token']);
	},
};

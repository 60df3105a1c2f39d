import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { facebookIntegrationLocator } from '../common/descriptions';
import { asEntity, getLocatorId, maskSecrets } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** GET /integrations/facebook/{id} answers {data: {...}}: the integration is output. */
export const facebookGet: KeitaroOperation = {
	option: {
		name: 'Get Facebook Integration',
		value: 'facebookGet',
		description: 'Get a Facebook ad account integration',
		action: 'Get a Facebook integration',
	},
	properties: [facebookIntegrationLocator],
	spec: ['GET /integrations/facebook/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const id = getLocatorId(this, 'integrationId', i, 'Facebook Integration');
		const data = (await keitaroApiRequest.call(this, 'GET', `/integrations/facebook/${id}`, {
			entity: { label: 'Facebook integration', id },
			itemIndex: i,
		})) as IDataObject | undefined;
		return maskSecrets(asEntity(data?.data ?? data, { id: Number(id) }), ['token']);
	},
};

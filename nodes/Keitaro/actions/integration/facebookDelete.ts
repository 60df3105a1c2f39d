import type { IExecuteFunctions } from 'n8n-workflow';

import { facebookIntegrationLocator } from '../common/descriptions';
import { asEntity, getLocatorId } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const facebookDelete: KeitaroOperation = {
	option: {
		name: 'Delete Facebook Integration',
		value: 'facebookDelete',
		description: 'Delete a Facebook ad account integration',
		action: 'Delete a Facebook integration',
	},
	properties: [facebookIntegrationLocator],
	spec: ['DELETE /integrations/facebook/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const id = getLocatorId(this, 'integrationId', i, 'Facebook Integration');
		const data = await keitaroApiRequest.call(this, 'DELETE', `/integrations/facebook/${id}`, {
			entity: { label: 'Facebook integration', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

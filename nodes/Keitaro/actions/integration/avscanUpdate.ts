import type { IExecuteFunctions } from 'n8n-workflow';

import { asEntity, assertNotBlank, maskSecrets } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

/** PUT /integrations/avscan?avscan_key=… (the key goes in the query string, per the spec). */
export const avscanUpdate: KeitaroOperation = {
	option: {
		name: 'Update AVScan Key',
		value: 'avscanUpdate',
		description: 'Set the AVScan key used to check pages for antivirus alerts',
		action: 'Update the AVScan key',
	},
	properties: [
		{
			displayName: 'AVScan Key',
			name: 'avscanKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
	],
	spec: ['PUT /integrations/avscan'],
	async execute(this: IExecuteFunctions, i: number) {
		const key = assertNotBlank(this, i, this.getNodeParameter('avscanKey', i), 'AVScan Key').trim();
		const data = await keitaroApiRequest.call(this, 'PUT', '/integrations/avscan', {
			qs: { avscan_key: key },
			itemIndex: i,
		});
		return maskSecrets(asEntity(data), ['avscan_key']);
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildTrafficSourceBody, trafficSourceFields } from '../common/otherFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create a traffic source',
		action: 'Create a traffic source',
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
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: trafficSourceFields({ update: false }),
		},
	],
	spec: ['POST /traffic_sources'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = buildTrafficSourceBody(this, i, {
			name: this.getNodeParameter('name', i),
			...additional,
		});
		const data = await keitaroApiRequest.call(this, 'POST', '/traffic_sources', {
			body,
			itemIndex: i,
		});
		return asEntity(data);
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildOfferBody, offerFields } from '../common/offerFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create an offer',
		action: 'Create an offer',
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
			options: offerFields({ update: false }),
		},
	],
	spec: ['POST /offers'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = await buildOfferBody(this, i, {
			name: this.getNodeParameter('name', i),
			...additional,
		});
		const data = await keitaroApiRequest.call(this, 'POST', '/offers', { body, itemIndex: i });
		return asEntity(data);
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildLandingPageBody, landingPageFields } from '../common/offerFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create a landing page',
		action: 'Create a landing page',
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
			options: landingPageFields({ update: false }),
		},
	],
	spec: ['POST /landing_pages'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = await buildLandingPageBody(this, i, {
			name: this.getNodeParameter('name', i),
			...additional,
		});
		const data = await keitaroApiRequest.call(this, 'POST', '/landing_pages', {
			body,
			itemIndex: i,
		});
		return asEntity(data);
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildDomainBody, domainFields } from '../common/otherFields';
import { asArray, asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create a domain',
		action: 'Create a domain',
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
			displayName: 'HTTPS',
			name: 'is_ssl',
			type: 'boolean',
			default: false,
			description:
				'Whether the domain is served over HTTPS (the API requires this field on create)',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: domainFields({ update: false }),
		},
	],
	spec: ['POST /domains'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = buildDomainBody(this, i, {
			name: this.getNodeParameter('name', i),
			is_ssl: this.getNodeParameter('is_ssl', i, false),
			...additional,
		});
		const data = await keitaroApiRequest.call(this, 'POST', '/domains', { body, itemIndex: i });
		return asArray(data).map((d) => asEntity(d));
	},
};

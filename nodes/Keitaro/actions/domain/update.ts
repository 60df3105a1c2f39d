import type { IExecuteFunctions } from 'n8n-workflow';

import { getUpdateFields, resolveEntityId } from '../common/crud';
import { domainEntity } from '../common/entities';
import { buildDomainBody, domainFields } from '../common/otherFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Update a domain (only the fields you set change)',
		action: 'Update a domain',
	},
	properties: [
		domainEntity.locator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: domainFields({ update: true }),
		},
	],
	spec: ['PUT /domains/{id}'],
	async execute(this: IExecuteFunctions, i: number) {
		const body = buildDomainBody(this, i, getUpdateFields.call(this, i));
		const id = await resolveEntityId.call(this, domainEntity, i);
		const data = await keitaroApiRequest.call(this, 'PUT', `/domains/${id}`, {
			body,
			entity: { label: 'Domain', id },
			itemIndex: i,
		});
		return asEntity(data, { id: Number(id) });
	},
};

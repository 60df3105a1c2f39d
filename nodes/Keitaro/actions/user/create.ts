import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { additionalJsonField } from '../common/descriptions';
import { buildUserBody, languageField, timezoneField, userTypeOptions } from '../common/userFields';
import { asEntity } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';

export const create: KeitaroOperation = {
	option: {
		name: 'Create',
		value: 'create',
		description: 'Create a tracker user',
		action: 'Create a user',
	},
	properties: [
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: userTypeOptions,
			required: true,
			default: 'USER',
			description: 'Admins can do everything; users get the access set with Update Access',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Password Confirmation',
			name: 'passwordConfirmation',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The same password again',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [additionalJsonField, languageField, timezoneField],
		},
	],
	spec: ['POST /users'],
	async execute(this: IExecuteFunctions, i: number) {
		const additional = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = buildUserBody(
			this,
			i,
			{
				login: this.getNodeParameter('login', i),
				type: this.getNodeParameter('type', i),
				password: this.getNodeParameter('password', i),
				passwordConfirmation: this.getNodeParameter('passwordConfirmation', i),
				...additional,
			},
			{ create: true },
		);
		const data = await keitaroApiRequest.call(this, 'POST', '/users', { body, itemIndex: i });
		return asEntity(data);
	},
};

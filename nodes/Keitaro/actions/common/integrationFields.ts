import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalJsonField } from './descriptions';
import { rowsOf } from './fields';
import { assertNotBlank, mergeAdditionalJson, paramError, toInteger } from './utils';

const proxyField: INodeProperties = {
	displayName: 'Proxy',
	name: 'proxy',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Proxy',
	description: 'Proxy used to reach Facebook (turn on Use Proxy too)',
	options: [
		{
			displayName: 'Settings',
			name: 'settings',
			values: [
				{
					displayName: 'Address',
					name: 'address',
					type: 'string',
					default: '',
					placeholder: 'e.g. proxy.example.com',
				},
				{
					displayName: 'Login',
					name: 'login',
					type: 'string',
					default: '',
				},
				{
					displayName: 'Password',
					name: 'password',
					type: 'string',
					typeOptions: { password: true },
					default: '',
				},
				{
					displayName: 'Port',
					name: 'port',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 65535 },
					default: 8080,
				},
				{
					displayName: 'Protocol',
					name: 'protocol',
					type: 'options',
					options: [
						{ name: 'HTTP', value: 'http' },
						{ name: 'HTTPS', value: 'https' },
						{ name: 'SOCKS5', value: 'socks5' },
					],
					default: 'http',
				},
			],
		},
	],
};

export function facebookFields(options: { update: boolean }): INodeProperties[] {
	const top: INodeProperties[] = options.update
		? [
				{
					displayName: 'Ad Account ID',
					name: 'ad_account_id',
					type: 'string',
					default: '',
				},
			]
		: [];
	const fields: INodeProperties[] = [
		...top,
		additionalJsonField,
		...(options.update
			? [{ displayName: 'Name', name: 'name', type: 'string', default: '' } as INodeProperties]
			: []),
		proxyField,
		...(options.update
			? [
					{
						displayName: 'Token',
						name: 'token',
						type: 'string',
						typeOptions: { password: true },
						default: '',
						description: 'Facebook access token',
					} as INodeProperties,
				]
			: []),
		{
			displayName: 'Use Proxy',
			name: 'proxy_enabled',
			type: 'boolean',
			default: false,
			description: 'Whether Keitaro connects to Facebook through the proxy',
		},
	];
	return fields;
}

/** Builds a FacebookRequest body from typed fields (+ Additional JSON). */
export function buildFacebookBody(
	ctx: IExecuteFunctions,
	i: number,
	fields: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || key === 'additionalJson') continue;
		switch (key) {
			case 'name':
				body.name = assertNotBlank(ctx, i, value, 'Name');
				break;
			case 'ad_account_id':
				body.ad_account_id = assertNotBlank(ctx, i, value, 'Ad Account ID').trim();
				break;
			case 'token':
				body.token = assertNotBlank(ctx, i, value, 'Token');
				break;
			case 'proxy': {
				const [row] = rowsOf(value, 'settings');
				if (!row) break;
				const address = String(row.address ?? '').trim();
				if (!address) throw paramError(ctx, i, 'Proxy: Address must not be empty');
				const proxy: IDataObject = {
					protocol: String(row.protocol ?? 'http'),
					address,
					port: toInteger(ctx, i, row.port, 'Proxy: Port', { min: 1, max: 65535 }),
				};
				if (row.login) proxy.login = String(row.login);
				if (row.password) proxy.password = String(row.password);
				body.proxy = proxy;
				break;
			}
			default:
				body[key] = value;
		}
	}
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

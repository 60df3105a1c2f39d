import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	BEMOB_API_BASE_PATH,
	BEMOB_DEFAULT_URL,
	BEMOB_KEY_HINT,
	BEMOB_STRIPPABLE,
} from '../nodes/BeMob/transport/profile';
import { collectSecrets, probeTracker } from '../nodes/shared/transport';

/**
 * BeMob (beta): two keys sent together as `X-Access-Key` and `X-Secret-Key`. BeMob has no public API
 * reference; this scheme comes from third-party scripts (see README, BeMob section).
 */
export class BeMobApi implements ICredentialType {
	name = 'beMobApi';

	displayName = 'BeMob API';

	icon: Icon = {
		light: 'file:../nodes/BeMob/bemob.svg',
		dark: 'file:../nodes/BeMob/bemob.dark.svg',
	};

	documentationUrl = 'https://github.com/affiliate-trackers/n8n-nodes-affiliate-trackers#bemob-beta';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: BEMOB_KEY_HINT,
			description: BEMOB_KEY_HINT,
		},
		{
			displayName: 'API URL',
			name: 'url',
			type: 'string',
			default: BEMOB_DEFAULT_URL,
			description: 'Leave the default unless you test against a sandbox',
		},
		{
			displayName: 'Connection Check',
			name: 'connectionCheck',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
		{
			displayName: 'Allow Write Operations',
			name: 'allowWriteOperations',
			type: 'boolean',
			default: true,
			hint: 'Giving this credential to an AI agent? Turn this off (read-only) so the agent can read reports but cannot create, change, pause or delete anything.',
			description:
				'Whether nodes using this credential may create, update, delete, pause or upload costs and conversions. Off: every write operation refuses with a message and sends nothing.',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		await probeTracker(this, {
			tracker: 'BeMob',
			rawUrl: credentials.url || BEMOB_DEFAULT_URL,
			strippableSuffixes: BEMOB_STRIPPABLE,
			apiBasePath: BEMOB_API_BASE_PATH,
			path: '/campaigns',
			qs: { limit: 1 },
			headers: {
				'X-Access-Key': String(credentials.apiKey ?? ''),
				'X-Secret-Key': String(credentials.secretKey ?? ''),
			},
			keyHint: BEMOB_KEY_HINT,
			secrets: collectSecrets(credentials, ['apiKey', 'secretKey']),
			credentials,
			secretFields: ['apiKey', 'secretKey'],
		});
		return { connectionCheck: new Date().toISOString() };
	}

	/**
	 * A function, not an expression (`IAuthenticateGeneric`): in n8n 2.39 two polling triggers of
	 * one workflow share its expression isolate, and one trigger's poll can release it while the
	 * other's request is being authenticated; the expression then fails ("No bridge acquired for
	 * this context") and the poll fails. A function needs no isolate (README, Limitations).
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: {
			...(requestOptions.headers ?? {}),
			'X-Access-Key': String(credentials.apiKey ?? ''),
			'X-Secret-Key': String(credentials.secretKey ?? ''),
		},
	});

	test: ICredentialTestRequest = {
		request: {
			// Never carry the key to another host (the probe in preAuthentication explains a redirect).
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL:
				'={{($credentials.url || "https://api.bemob.com").trim().replace(/\\/+$/, "").replace(/\\/v1$/, "")}}/v1',
			url: '/campaigns',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: `BeMob rejected the access key or secret key. ${BEMOB_KEY_HINT}` },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'BeMob refused these keys: check they have API access.' },
			},
		],
	};
}

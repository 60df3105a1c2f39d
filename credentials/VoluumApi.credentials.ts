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
	VOLUUM_DEFAULT_URL,
	VOLUUM_KEY_HINT,
	VOLUUM_STRIPPABLE,
} from '../nodes/Voluum/transport/profile';
import { collectSecrets, probeTracker, TrackerConnectionError } from '../nodes/shared/transport';

/**
 * Voluum: an access key (recommended) or email + password is exchanged for a session token
 * (`POST /auth/access/session` or `POST /auth/session`), kept in a hidden expirable field and sent
 * as `cwauth-token`. n8n calls `preAuthentication` again when a request gets HTTP 401, so an
 * expired token is replaced by itself.
 */
export class VoluumApi implements ICredentialType {
	name = 'voluumApi';

	displayName = 'Voluum API';

	icon: Icon = {
		light: 'file:../nodes/Voluum/voluum.svg',
		dark: 'file:../nodes/Voluum/voluum.dark.svg',
	};

	documentationUrl = 'https://github.com/affiliate-trackers/n8n-nodes-affiliate-trackers#voluum';

	properties: INodeProperties[] = [
		{
			displayName: 'Log In With',
			name: 'authType',
			type: 'options',
			default: 'accessKey',
			options: [
				{ name: 'Access Key (Recommended)', value: 'accessKey' },
				{ name: 'Email and Password', value: 'password' },
			],
		},
		{
			displayName: 'Access Key ID',
			name: 'accessId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['accessKey'] } },
		},
		{
			displayName: 'Access Key Secret',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['accessKey'] } },
			hint: VOLUUM_KEY_HINT,
			description: VOLUUM_KEY_HINT,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'API URL',
			name: 'url',
			type: 'string',
			default: VOLUUM_DEFAULT_URL,
			description: 'Leave the default unless you test against a sandbox',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
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
		const byKey = credentials.authType !== 'password';
		const body = await probeTracker(this, {
			tracker: 'Voluum',
			rawUrl: credentials.url || VOLUUM_DEFAULT_URL,
			strippableSuffixes: VOLUUM_STRIPPABLE,
			apiBasePath: '',
			method: 'POST',
			path: byKey ? '/auth/access/session' : '/auth/session',
			headers: { 'Content-Type': 'application/json' },
			body: byKey
				? { accessId: credentials.accessId, accessKey: credentials.secretKey }
				: { email: credentials.email, password: credentials.password },
			keyHint: VOLUUM_KEY_HINT,
			secrets: collectSecrets(credentials, ['secretKey', 'password', 'sessionToken']),
			credentials,
			secretFields: ['secretKey', 'password'],
		});
		const token = (body as { token?: unknown } | undefined)?.token;
		if (typeof token !== 'string' || token === '') {
			throw new TrackerConnectionError(
				'Voluum accepted the login but sent no session token',
				{ kind: 'wrongUrl', preparedMessage: 'Voluum accepted the login but sent no session token' },
				'Check the API URL of the credential: it should be https://api.voluum.com.',
			);
		}
		return { sessionToken: token };
	}

	/**
	 * A function, not an expression (`IAuthenticateGeneric`): in n8n 2.39 two polling triggers of
	 * one workflow share its expression isolate, and one trigger's poll can release it while the
	 * other's request is being authenticated; the expression then fails ("No bridge acquired for
	 * this context") and the poll fails. A function needs no isolate (README, Limitations).
	 */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...(requestOptions.headers ?? {}), 'cwauth-token': String(credentials.sessionToken ?? '') },
	});

	test: ICredentialTestRequest = {
		request: {
			// Never carry the key to another host (the probe in preAuthentication explains a redirect).
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL: '={{($credentials.url || "https://api.voluum.com").trim().replace(/\\/+$/, "")}}',
			url: '/user/current',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `Voluum did not accept the session. ${VOLUUM_KEY_HINT}`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Voluum refused this access key for the current user endpoint. Use a key of a user with full access.',
				},
			},
		],
	};
}

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
	BINOM_API_BASE_PATH,
	BINOM_KEY_HINT,
	BINOM_STRIPPABLE,
} from '../nodes/Binom/transport/profile';
import { collectSecrets, probeTracker } from '../nodes/shared/transport';

/** Binom v2: tracker URL + API key in the `api-key` header; API base path /public/api/v1. */
export class BinomApi implements ICredentialType {
	name = 'binomApi';

	displayName = 'Binom 2 API';

	icon: Icon = {
		light: 'file:../nodes/Binom/binom.svg',
		dark: 'file:../nodes/Binom/binom.dark.svg',
	};

	documentationUrl = 'https://github.com/affiliate-trackers/n8n-nodes-affiliate-trackers#binom-2';

	properties: INodeProperties[] = [
		{
			displayName: 'Tracker URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://tracker.example.com',
			description:
				'The address of your Binom 2 tracker, including https://. A pasted /public/api/v1 or /api/doc is ignored.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: BINOM_KEY_HINT,
			description: BINOM_KEY_HINT,
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
			tracker: 'Binom',
			rawUrl: credentials.url,
			strippableSuffixes: BINOM_STRIPPABLE,
			apiBasePath: BINOM_API_BASE_PATH,
			path: '/info/campaign',
			qs: { datePreset: 'today', timezone: 'UTC', limit: 1 },
			headers: { 'api-key': String(credentials.apiKey ?? '') },
			keyHint: BINOM_KEY_HINT,
			secrets: collectSecrets(credentials, ['apiKey']),
			credentials,
			secretFields: ['apiKey'],
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
		headers: { ...(requestOptions.headers ?? {}), 'api-key': String(credentials.apiKey ?? '') },
	});

	test: ICredentialTestRequest = {
		request: {
			// Never carry the key to another host (the probe in preAuthentication explains a redirect).
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL:
				'={{$credentials.url.trim().replace(/[?#].*$/, "").replace(/\\/+$/, "").replace(/\\/(public\\/api\\/v1|public\\/api|api\\/doc|index\\.php|click\\.php)$/i, "")}}/public/api/v1',
			url: '/info/campaign',
			qs: { datePreset: 'today', timezone: 'UTC', limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: `Binom rejected the API key. ${BINOM_KEY_HINT}` },
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Binom refused the key: give its user access to campaigns and reports.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'There is no Binom 2 API at this URL. Use the address of your tracker, e.g. https://tracker.example.com (Binom 1 is not supported).',
				},
			},
		],
	};
}

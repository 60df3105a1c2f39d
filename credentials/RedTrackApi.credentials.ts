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
	REDTRACK_DEFAULT_URL,
	REDTRACK_KEY_HINT,
	REDTRACK_STRIPPABLE,
} from '../nodes/RedTrack/transport/profile';
import { collectSecrets, probeTracker } from '../nodes/shared/transport';

/** RedTrack: the API key travels as the `api_key` query parameter on every call. */
export class RedTrackApi implements ICredentialType {
	name = 'redTrackApi';

	displayName = 'RedTrack API';

	icon: Icon = {
		light: 'file:../nodes/RedTrack/redtrack.svg',
		dark: 'file:../nodes/RedTrack/redtrack.dark.svg',
	};

	documentationUrl = 'https://github.com/affiliate-trackers/n8n-nodes-affiliate-trackers#redtrack';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: REDTRACK_KEY_HINT,
			description: REDTRACK_KEY_HINT,
		},
		{
			displayName: 'API URL',
			name: 'url',
			type: 'string',
			default: REDTRACK_DEFAULT_URL,
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
			tracker: 'RedTrack',
			rawUrl: credentials.url || REDTRACK_DEFAULT_URL,
			strippableSuffixes: REDTRACK_STRIPPABLE,
			apiBasePath: '',
			path: '/me/settings',
			qs: { api_key: credentials.apiKey as string },
			keyHint: REDTRACK_KEY_HINT,
			secrets: collectSecrets(credentials, ['apiKey']),
			credentials,
			secretFields: ['apiKey'],
			// The spec types /me/settings as an array of settings, live answers are an object: accept both.
			isExpectedBody: (b) => !!b && typeof b === 'object',
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
		qs: { ...(requestOptions.qs ?? {}), api_key: String(credentials.apiKey ?? '') },
	});

	test: ICredentialTestRequest = {
		request: {
			// Never carry the key to another host (the probe in preAuthentication explains a redirect).
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL: '={{($credentials.url || "https://api.redtrack.io").trim().replace(/\\/+$/, "")}}',
			url: '/me/settings',
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: `RedTrack rejected the API key. ${REDTRACK_KEY_HINT}` },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'RedTrack refused the API key: check your plan includes API access.' },
			},
		],
	};
}

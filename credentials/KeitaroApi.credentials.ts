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
	KEITARO_API_BASE_PATH,
	KEITARO_KEY_HINT,
	KEITARO_STRIPPABLE,
} from '../nodes/Keitaro/transport/profile';
import { collectSecrets, probeTracker } from '../nodes/shared/transport';

export class KeitaroApi implements ICredentialType {
	name = 'keitaroApi';

	displayName = 'Keitaro API';

	icon: Icon = {
		light: 'file:../nodes/Keitaro/keitaro.svg',
		dark: 'file:../nodes/Keitaro/keitaro.dark.svg',
	};

	documentationUrl = 'https://github.com/affiliate-trackers/n8n-nodes-affiliate-trackers#keitaro';

	properties: INodeProperties[] = [
		{
			displayName: 'Tracker URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://tracker.example.com',
			description:
				'The address you open Keitaro with, including https://. A pasted /admin_api/v1 or /admin is ignored.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: KEITARO_KEY_HINT,
			description:
				'Admin API key from Maintenance → Users → Admin API keys. A key with read-only rights is enough for triggers and reports.',
		},
		{
			displayName: 'Send Key As',
			name: 'authMode',
			type: 'options',
			default: 'apiKeyHeader',
			options: [
				{
					name: 'Api-Key Header (All Versions)',
					value: 'apiKeyHeader',
				},
				{
					name: 'Authorization: Bearer (Keitaro 10+)',
					value: 'bearer',
				},
			],
			description: 'How the key is sent. Keep the default unless a proxy in front of Keitaro needs Bearer.',
		},
		{
			displayName: 'Postback Key',
			name: 'postbackSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The key in your postback URL https://tracker/KEY/postback (Maintenance → Postback URL). Used by Conversion → Send Postback; never shown in outputs.',
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

	/**
	 * Checks the URL and key with one cheap call before first use and on every test, so a wrong key,
	 * a wrong URL, an HTML page, a refused connection or a timeout becomes one clear sentence.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const apiKey = String(credentials.apiKey ?? '');
		await probeTracker(this, {
			tracker: 'Keitaro',
			rawUrl: credentials.url,
			strippableSuffixes: KEITARO_STRIPPABLE,
			apiBasePath: KEITARO_API_BASE_PATH,
			path: '/groups',
			qs: { type: 'campaigns' },
			headers: keitaroAuthHeaders(credentials.authMode, apiKey),
			keyHint: KEITARO_KEY_HINT,
			secrets: collectSecrets(credentials, ['apiKey']),
			credentials,
			secretFields: ['apiKey'],
			isExpectedBody: (b) => Array.isArray(b),
		});
		return { connectionCheck: new Date().toISOString() };
	}

	/** Adds exactly one header: `Api-Key` (default) or `Authorization: Bearer`. */
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: {
			...(requestOptions.headers ?? {}),
			...keitaroAuthHeaders(credentials.authMode, String(credentials.apiKey ?? '')),
		},
	});

	test: ICredentialTestRequest = {
		request: {
			// Never carry the key to another host (the probe in preAuthentication explains a redirect).
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL:
				'={{$credentials.url.trim().replace(/[?#].*$/, "").replace(/\\/+$/, "").replace(/\\/(admin_api\\/v1|admin_api|admin|index\\.php)$/i, "")}}/admin_api/v1',
			url: '/groups',
			qs: { type: 'campaigns' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `Keitaro rejected the API key. ${KEITARO_KEY_HINT}`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 402,
					message: 'Keitaro says your licence or edition does not include the Admin API.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Keitaro (or a firewall in front of it) refused the key. Give the key’s user access, or allow the n8n server in the firewall.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'There is no Keitaro Admin API at this URL. Use the address you open Keitaro with, e.g. https://tracker.example.com.',
				},
			},
		],
	};
}

/** Header set for a Keitaro key, for the probe (which cannot use `authenticate`). */
export function keitaroAuthHeaders(mode: unknown, apiKey: string): Record<string, string> {
	return mode === 'bearer' ? { Authorization: `Bearer ${apiKey}` } : { 'Api-Key': apiKey };
}

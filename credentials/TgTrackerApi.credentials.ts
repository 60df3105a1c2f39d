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
	TGTRACKER_API_BASE_PATH,
	TGTRACKER_BOT_DEFAULT_URL,
	TGTRACKER_BOT_KEY_HINT,
	TGTRACKER_BOT_KEY_SLOT,
	TGTRACKER_DEFAULT_URL,
	TGTRACKER_KEY_HINT,
	TGTRACKER_SECRET_FIELDS,
	TGTRACKER_STRIPPABLE,
	tgOriginOf,
	tgTrackerProfile,
} from '../nodes/TgTracker/transport/profile';
import { collectSecrets, probeTracker } from '../nodes/shared/transport';

function tgAuth(
	mode: unknown,
	apiKey: string,
): { headers?: Record<string, string>; qs?: Record<string, string> } {
	return mode === 'query' ? { qs: { apiKey } } : { headers: { Authorization: `Bearer ${apiKey}` } };
}

/** The absolute URL of a request (n8n joins `baseURL` and `url`). */
function requestUrlOf(options: { baseURL?: string; url?: string }): string {
	const url = String(options.url ?? '');
	return /^https?:\/\//i.test(url) ? url : String(options.baseURL ?? '').replace(/\/+$/, '') + url;
}

/**
 * TG Tracker (beta): base URL + API key, sent as `Authorization: Bearer` (default) or, for the
 * public reports API of TGTrack, as the `apiKey` query parameter. See README, TG Tracker section.
 *
 * The optional Bot API Key (TGTrack's bot API, another host) goes into the URL PATH
 * (`/v1/{key}/{method}`): the node sends a slot in its place and `authenticate` fills it, only for a
 * request to the origin of the Bot API URL. A request to that origin never gets the reports key,
 * and a request anywhere else never gets the bot key.
 */
export class TgTrackerApi implements ICredentialType {
	name = 'tgTrackerApi';

	displayName = 'TG Tracker API';

	icon: Icon = {
		light: 'file:../nodes/TgTracker/tgtracker.svg',
		dark: 'file:../nodes/TgTracker/tgtracker.dark.svg',
	};

	documentationUrl =
		'https://github.com/affiliate-trackers/n8n-nodes-affiliate-trackers#tg-tracker-beta';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'url',
			type: 'string',
			default: TGTRACKER_DEFAULT_URL,
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: TGTRACKER_KEY_HINT,
			description: TGTRACKER_KEY_HINT,
		},
		{
			displayName: 'Bot API Key',
			name: 'botApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: `${TGTRACKER_BOT_KEY_HINT} Optional: only User → Get Info and Goal → Reach Goal need it.`,
			description:
				'Key of TGTrack’s bot API (bot-api.tgtrack.ru), separate from the reports key. It is sent only to the Bot API URL, in the request path.',
		},
		{
			displayName: 'Bot API URL',
			name: 'botApiUrl',
			type: 'string',
			default: TGTRACKER_BOT_DEFAULT_URL,
			description: 'Base URL of TGTrack’s bot API; the bot key is sent to this host only',
		},
		{
			displayName: 'Send Key As',
			name: 'authMode',
			type: 'options',
			default: 'bearer',
			options: [
				{ name: 'Authorization: Bearer', value: 'bearer' },
				{ name: 'apiKey Query Parameter', value: 'query' },
			],
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
		const auth = tgAuth(credentials.authMode, String(credentials.apiKey ?? ''));
		await probeTracker(this, {
			tracker: 'TG Tracker',
			rawUrl: credentials.url || TGTRACKER_DEFAULT_URL,
			strippableSuffixes: TGTRACKER_STRIPPABLE,
			apiBasePath: TGTRACKER_API_BASE_PATH,
			path: '/get_tags.php',
			qs: { ver: '1.0', platform: 'api', format: 'csv', ...(auth.qs ?? {}) },
			headers: auth.headers,
			responseType: 'text',
			rateLimitStatuses: tgTrackerProfile.rateLimitStatuses,
			keyHint: TGTRACKER_KEY_HINT,
			secrets: collectSecrets(credentials, TGTRACKER_SECRET_FIELDS),
			credentials,
			secretFields: ['apiKey'],
		});
		return { connectionCheck: new Date().toISOString() };
	}

	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		const url = requestUrlOf(requestOptions);
		const botOrigin = tgOriginOf(String(credentials.botApiUrl || TGTRACKER_BOT_DEFAULT_URL));
		const reportOrigin = tgOriginOf(String(credentials.url || TGTRACKER_DEFAULT_URL));
		const target = tgOriginOf(url);
		const slot = `/${TGTRACKER_BOT_KEY_SLOT}/`;
		const botCall = url.includes(slot);
		if (target !== undefined && target === botOrigin && (botCall || target !== reportOrigin)) {
			// The bot API host: the bot key goes into the path slot; the reports key never goes here.
			const botKey = String(credentials.botApiKey ?? '').trim();
			if (!botKey || !botCall) return requestOptions;
			return {
				...requestOptions,
				baseURL: undefined,
				url: url.split(slot).join(`/${encodeURIComponent(botKey)}/`),
			};
		}
		// A bot call that is not going to the Bot API URL's origin gets no key at all.
		if (botCall) return requestOptions;
		const auth = tgAuth(credentials.authMode, String(credentials.apiKey ?? ''));
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), ...(auth.headers ?? {}) },
			qs: { ...(requestOptions.qs ?? {}), ...(auth.qs ?? {}) },
		};
	};

	test: ICredentialTestRequest = {
		request: {
			// Never carry the key to another host (the probe in preAuthentication explains a redirect).
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			baseURL:
				'={{($credentials.url || "https://report.tgtrack.ru").trim().replace(/\\/+$/, "").replace(/\\/api$/, "")}}/api',
			url: '/get_tags.php',
			qs: { ver: '1.0', platform: 'api', format: 'csv' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `TG Tracker rejected the API key. ${TGTRACKER_KEY_HINT}`,
				},
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'TG Tracker refused the API key.' },
			},
		],
	};
}

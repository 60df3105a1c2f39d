import type { TrackerProfile } from '../../shared/transport';

export const TGTRACKER_DEFAULT_URL = 'https://report.tgtrack.ru';
export const TGTRACKER_API_BASE_PATH = '/api';
export const TGTRACKER_STRIPPABLE = ['/api'];
export const TGTRACKER_KEY_HINT =
	'In TG Tracker, the reports API key is in the project’s API settings.';

/** Credential fields holding a secret: the reports key and the (optional) bot API key. */
export const TGTRACKER_SECRET_FIELDS = ['apiKey', 'botApiKey'];

export const tgTrackerProfile: TrackerProfile = {
	name: 'TG Tracker',
	credentialType: 'tgTrackerApi',
	urlField: 'url',
	apiBasePath: TGTRACKER_API_BASE_PATH,
	strippableSuffixes: TGTRACKER_STRIPPABLE,
	secretFields: TGTRACKER_SECRET_FIELDS,
	keyHint: TGTRACKER_KEY_HINT,
	// TGTrack answers "too many requests" with HTTP 452 (or 429); docs §5.4.
	rateLimitStatuses: [452],
};

/**
 * TGTrack's bot API (other-trackers-api.md §5.2, OFFICIAL doc.tgtrack.ru/?p=802):
 * `POST https://bot-api.tgtrack.ru/v1/{BOT_KEY}/{method}`, JSON body. The key sits in the URL PATH.
 *
 * How the key gets there without ever being in a string our code builds: the node sends the path
 * `/v1/<TGTRACKER_BOT_KEY_SLOT>/{method}` through the shared request layer
 * (httpRequestWithAuthentication); the credential's `authenticate` replaces the slot with the
 * URL-encoded bot key, and only when the request goes to the origin of the credential's Bot API URL.
 * Every error, log line and message of the layer is scrubbed of both keys (secretFields), in all
 * their encodings.
 */
export const TGTRACKER_BOT_DEFAULT_URL = 'https://bot-api.tgtrack.ru';
export const TGTRACKER_BOT_BASE_PATH = '/v1';
export const TGTRACKER_BOT_KEY_SLOT = '__tg_bot_key__';
export const TGTRACKER_BOT_KEY_HINT =
	'In TGTrack, the bot API key (a separate key from the reports key) comes with the project’s custom bot API (“API для своего бота”, doc.tgtrack.ru/?p=802).';

export const tgTrackerBotProfile: TrackerProfile = {
	name: 'TG Tracker',
	credentialType: 'tgTrackerApi',
	urlField: 'botApiUrl',
	apiBasePath: TGTRACKER_BOT_BASE_PATH,
	strippableSuffixes: ['/v1'],
	secretFields: TGTRACKER_SECRET_FIELDS,
	keyHint: TGTRACKER_BOT_KEY_HINT,
	rateLimitStatuses: [452],
};

/** `scheme://host[:port]` of a URL, lower-case, or undefined when it is not an http(s) URL. */
export function tgOriginOf(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	try {
		const u = new URL(url.trim());
		if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
		return u.origin.toLowerCase();
	} catch {
		return undefined;
	}
}

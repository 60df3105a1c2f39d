import type { TrackerProfile } from '../../shared/transport';

export const TGTRACKER_DEFAULT_URL = 'https://report.tgtrack.ru';
export const TGTRACKER_API_BASE_PATH = '/api';
export const TGTRACKER_STRIPPABLE = ['/api'];
export const TGTRACKER_KEY_HINT =
	'In TG Tracker, the reports API key is in the project’s API settings.';

export const tgTrackerProfile: TrackerProfile = {
	name: 'TG Tracker',
	credentialType: 'tgTrackerApi',
	urlField: 'url',
	apiBasePath: TGTRACKER_API_BASE_PATH,
	strippableSuffixes: TGTRACKER_STRIPPABLE,
	secretFields: ['apiKey'],
	keyHint: TGTRACKER_KEY_HINT,
	// TGTrack answers "too many requests" with HTTP 452 (or 429); docs §5.4.
	rateLimitStatuses: [452],
};

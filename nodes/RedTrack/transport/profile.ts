import type { TrackerProfile } from '../../shared/transport';

export const REDTRACK_DEFAULT_URL = 'https://api.redtrack.io';
export const REDTRACK_STRIPPABLE = ['/docs/index.html', '/docs', '/me/settings'];
export const REDTRACK_KEY_HINT = 'In RedTrack, the API key is under Tools → Integrations → General (API key).';

export const redTrackProfile: TrackerProfile = {
	name: 'RedTrack',
	credentialType: 'redTrackApi',
	urlField: 'url',
	apiBasePath: '',
	strippableSuffixes: REDTRACK_STRIPPABLE,
	secretFields: ['apiKey'],
	keyHint: REDTRACK_KEY_HINT,
};

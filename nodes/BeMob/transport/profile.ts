import type { TrackerProfile } from '../../shared/transport';

export const BEMOB_DEFAULT_URL = 'https://api.bemob.com';
export const BEMOB_API_BASE_PATH = '/v1';
export const BEMOB_STRIPPABLE = ['/v1'];
export const BEMOB_KEY_HINT =
	'In BeMob, the access key and secret key are in the panel’s API settings.';

export const beMobProfile: TrackerProfile = {
	name: 'BeMob',
	credentialType: 'beMobApi',
	urlField: 'url',
	apiBasePath: BEMOB_API_BASE_PATH,
	strippableSuffixes: BEMOB_STRIPPABLE,
	secretFields: ['apiKey', 'secretKey'],
	keyHint: BEMOB_KEY_HINT,
};

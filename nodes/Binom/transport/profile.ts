import type { TrackerProfile } from '../../shared/transport';

export const BINOM_API_BASE_PATH = '/public/api/v1';
export const BINOM_STRIPPABLE = [
	'/public/api/v1',
	'/public/api',
	'/api/doc',
	'/index.php',
	'/click.php',
];
export const BINOM_KEY_HINT =
	'In Binom 2, the API key is on Settings → User; a separate user with limited access is recommended.';

export const binomProfile: TrackerProfile = {
	name: 'Binom',
	credentialType: 'binomApi',
	urlField: 'url',
	apiBasePath: BINOM_API_BASE_PATH,
	strippableSuffixes: BINOM_STRIPPABLE,
	secretFields: ['apiKey'],
	keyHint: BINOM_KEY_HINT,
};

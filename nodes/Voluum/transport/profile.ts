import type { TrackerProfile } from '../../shared/transport';

export const VOLUUM_DEFAULT_URL = 'https://api.voluum.com';
export const VOLUUM_STRIPPABLE = ['/report', '/auth'];
export const VOLUUM_KEY_HINT =
	'In Voluum, create an access key under Settings → Security → Access keys (the secret is shown once).';

export const voluumProfile: TrackerProfile = {
	name: 'Voluum',
	credentialType: 'voluumApi',
	urlField: 'url',
	apiBasePath: '',
	strippableSuffixes: VOLUUM_STRIPPABLE,
	secretFields: ['secretKey', 'password', 'sessionToken'],
	keyHint: VOLUUM_KEY_HINT,
};

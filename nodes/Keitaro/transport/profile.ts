import type { TrackerProfile } from '../../shared/transport';

export const KEITARO_API_BASE_PATH = '/admin_api/v1';

/** Paths users paste by mistake: the API base, the admin panel. */
export const KEITARO_STRIPPABLE = ['/admin_api/v1', '/admin_api', '/admin', '/index.php'];

export const KEITARO_KEY_HINT =
	'In Keitaro, API keys are under Maintenance → Users → Admin API keys (newer versions: Account → API keys).';

/** Keitaro answers a missing entity with 404 and a text like `Traffic\Model\Campaign #12 not found`. */
function isEntityNotFound(status: number, body: unknown): boolean {
	if (status !== 404) return false;
	if (typeof body === 'string') return /not found/i.test(body) && body.length < 500;
	if (body && typeof body === 'object') return 'error' in (body as object);
	return false;
}

/** Keitaro 9.x answers an unknown API route with 400 "URL 'GET /admin_api/v1/x' does not match any route". */
function isUnknownRoute(status: number, body: unknown): boolean {
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	return (status === 400 || status === 404) && /does not match any route/i.test(text);
}

export const keitaroProfile: TrackerProfile = {
	name: 'Keitaro',
	credentialType: 'keitaroApi',
	urlField: 'url',
	apiBasePath: KEITARO_API_BASE_PATH,
	strippableSuffixes: KEITARO_STRIPPABLE,
	secretFields: ['apiKey'],
	keyHint: KEITARO_KEY_HINT,
	isEntityNotFound,
	isUnknownRoute,
};

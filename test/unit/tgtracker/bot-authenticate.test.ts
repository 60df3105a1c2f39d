/**
 * TgTrackerApi.authenticate and the bot key slot: the bot key goes into the path only for the Bot
 * API URL's origin; that origin never gets the reports key; any other origin never gets the bot key.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { TgTrackerApi } from '../../../credentials/TgTrackerApi.credentials';
import { TGTRACKER_BOT_KEY_SLOT } from '../../../nodes/TgTracker/transport/profile';

const auth = new TgTrackerApi().authenticate as (
	c: ICredentialDataDecryptedObject,
	o: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;
const creds = (extra: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
	url: 'https://report.tgtrack.ru',
	apiKey: 'REPORT-KEY',
	authMode: 'query',
	botApiKey: 'BOT/KEY 1',
	botApiUrl: 'https://bot-api.tgtrack.ru',
	...extra,
});
const slotUrl = (origin: string) => `${origin}/v1/${TGTRACKER_BOT_KEY_SLOT}/get_user_info`;
const all = (o: IHttpRequestOptions) => JSON.stringify(o);

describe('TG Tracker credential: bot key in the path', () => {
	it('fills the slot, URL-encoded, for the Bot API URL origin, and adds no reports key there', async () => {
		for (const authMode of ['query', 'bearer']) {
			const o = await auth(creds({ authMode }), {
				method: 'POST',
				url: slotUrl('https://bot-api.tgtrack.ru'),
			});
			expect(o.url).toBe('https://bot-api.tgtrack.ru/v1/BOT%2FKEY%201/get_user_info');
			expect(all(o)).not.toContain('REPORT-KEY');
		}
	});

	it('a request to the bot origin without the slot gets no key at all', async () => {
		const o = await auth(creds(), { method: 'POST', url: 'https://bot-api.tgtrack.ru/elsewhere' });
		expect(all(o)).not.toMatch(/REPORT-KEY|BOT/);
	});

	it('a slot URL on another origin gets no key at all (neither key)', async () => {
		for (const origin of [
			'https://report.tgtrack.ru',
			'https://evil.example.com',
			'http://bot-api.tgtrack.ru',
		]) {
			const o = await auth(creds(), { method: 'POST', url: slotUrl(origin) });
			expect(all(o)).not.toMatch(/REPORT-KEY|BOT%2FKEY|BOT\/KEY/);
			expect(o.url).toContain(TGTRACKER_BOT_KEY_SLOT);
		}
	});

	it('reports requests get the reports key only, never the bot key', async () => {
		const q = await auth(creds(), {
			method: 'GET',
			url: 'https://report.tgtrack.ru/api/get_tags.php',
		});
		expect(q.qs).toEqual({ apiKey: 'REPORT-KEY' });
		const b = await auth(creds({ authMode: 'bearer' }), {
			method: 'GET',
			url: 'https://report.tgtrack.ru/api/get_tags.php',
		});
		expect(b.headers).toEqual({ Authorization: 'Bearer REPORT-KEY' });
		expect(all(q) + all(b)).not.toMatch(/BOT/);
	});

	it('with one origin for both APIs, the slot decides: bot key in the path, no reports key', async () => {
		const same = creds({ botApiUrl: 'https://report.tgtrack.ru' });
		const o = await auth(same, { method: 'POST', url: slotUrl('https://report.tgtrack.ru') });
		expect(o.url).toBe('https://report.tgtrack.ru/v1/BOT%2FKEY%201/get_user_info');
		expect(all(o)).not.toContain('REPORT-KEY');
	});

	it('an empty bot key leaves the slot in place (the node refuses before sending)', async () => {
		const o = await auth(creds({ botApiKey: '' }), {
			method: 'POST',
			url: slotUrl('https://bot-api.tgtrack.ru'),
		});
		expect(o.url).toContain(TGTRACKER_BOT_KEY_SLOT);
		expect(all(o)).not.toContain('REPORT-KEY');
	});
});

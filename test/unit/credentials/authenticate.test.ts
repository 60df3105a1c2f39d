import type { ICredentialType, IHttpRequestOptions, IAuthenticateGeneric } from 'n8n-workflow';

import { BeMobApi } from '../../../credentials/BeMobApi.credentials';
import { BinomApi } from '../../../credentials/BinomApi.credentials';
import { KeitaroApi } from '../../../credentials/KeitaroApi.credentials';
import { RedTrackApi } from '../../../credentials/RedTrackApi.credentials';
import { TgTrackerApi } from '../../../credentials/TgTrackerApi.credentials';
import { VoluumApi } from '../../../credentials/VoluumApi.credentials';
import { resolveExpression } from '../../helpers/n8n';

async function applyAuth(type: ICredentialType, data: Record<string, unknown>): Promise<IHttpRequestOptions> {
	const base: IHttpRequestOptions = { url: 'https://x.test/path', headers: { Accept: 'application/json' }, qs: { a: 1 } };
	const auth = type.authenticate!;
	if (typeof auth === 'function') return await auth(data as never, base);
	const generic = auth as IAuthenticateGeneric;
	const out: Record<string, unknown> = { ...base };
	for (const [key, values] of Object.entries(generic.properties)) {
		const resolved: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(values as Record<string, unknown>)) resolved[k] = resolveExpression(v, data as never);
		out[key] = { ...((out[key] as object) ?? {}), ...resolved };
	}
	return out as unknown as IHttpRequestOptions;
}

describe('credential authenticate blocks', () => {
	it('Keitaro sends Api-Key by default, and only that header', async () => {
		const o = await applyAuth(new KeitaroApi(), { url: 'https://k.test', apiKey: 'k-123', authMode: 'apiKeyHeader' });
		expect(o.headers).toEqual({ Accept: 'application/json', 'Api-Key': 'k-123' });
	});

	it('Keitaro sends Authorization: Bearer when chosen, without Api-Key', async () => {
		const o = await applyAuth(new KeitaroApi(), { url: 'https://k.test', apiKey: 'k-123', authMode: 'bearer' });
		expect(o.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer k-123' });
	});

	it('Voluum sends the session token as cwauth-token', async () => {
		const o = await applyAuth(new VoluumApi(), { sessionToken: 'tok-1' });
		expect((o.headers as Record<string, string>)['cwauth-token']).toBe('tok-1');
		expect(typeof new VoluumApi().preAuthentication).toBe('function');
	});

	it('RedTrack sends api_key in the query and keeps other query params', async () => {
		const o = await applyAuth(new RedTrackApi(), { apiKey: 'rt-9' });
		expect(o.qs).toEqual({ a: 1, api_key: 'rt-9' });
		expect(o.headers).toEqual({ Accept: 'application/json' });
	});

	it('BeMob sends both keys as two headers', async () => {
		const o = await applyAuth(new BeMobApi(), { apiKey: 'acc', secretKey: 'sec' });
		expect(o.headers).toEqual({ Accept: 'application/json', 'X-Access-Key': 'acc', 'X-Secret-Key': 'sec' });
	});

	it('Binom sends the api-key header', async () => {
		const o = await applyAuth(new BinomApi(), { url: 'https://b.test', apiKey: 'bn' });
		expect(o.headers).toEqual({ Accept: 'application/json', 'api-key': 'bn' });
	});

	it('TG Tracker sends Bearer by default, or the apiKey query parameter', async () => {
		const bearer = await applyAuth(new TgTrackerApi(), { apiKey: 'tg', authMode: 'bearer' });
		expect(bearer.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tg' });
		expect(bearer.qs).toEqual({ a: 1 });
		const query = await applyAuth(new TgTrackerApi(), { apiKey: 'tg', authMode: 'query' });
		expect(query.qs).toEqual({ a: 1, apiKey: 'tg' });
		expect(query.headers).toEqual({ Accept: 'application/json' });
	});
});

describe('credential definitions', () => {
	const all: ICredentialType[] = [new KeitaroApi(), new VoluumApi(), new RedTrackApi(), new BeMobApi(), new BinomApi(), new TgTrackerApi()];

	// n8n 2.39 can release a workflow's shared expression isolate while another polling trigger of
	// that workflow is authenticating a request: an `IAuthenticateGeneric` expression then fails with
	// "No bridge acquired for this context" (seen as "The request to RedTrack failed" in the hub e2e).
	// A function needs no expression engine.
	it.each(all.map((c) => [c.name, c]))('%s authenticates with a function, not an expression', (_n, c) => {
		expect(typeof c.authenticate).toBe('function');
	});

	it.each(all.map((c) => [c.name, c]))('%s has a test request, an icon, a documentation URL and password-typed secrets', (_n, c) => {
		expect(c.test?.request).toBeDefined();
		expect(c.icon).toBeDefined();
		expect(String(c.documentationUrl)).toMatch(/^https:\/\//);
		for (const p of c.properties) {
			if (/key|secret|password|token/i.test(p.name) && p.name !== 'accessId' && p.type !== 'options') {
				expect(p.typeOptions?.password).toBe(true);
			}
		}
		// exactly one hidden expirable field, so n8n runs preAuthentication on tests and after a 401
		const expirable = c.properties.filter((p) => p.type === 'hidden' && p.typeOptions?.expirable);
		expect(expirable).toHaveLength(1);
		expect(expirable[0].default).toBe('');
		expect(typeof c.preAuthentication).toBe('function');
	});

	it('the Keitaro test URL strips a pasted /admin_api/v1 and trailing slashes', () => {
		const c = new KeitaroApi();
		for (const url of ['https://k.test', 'https://k.test/', 'https://k.test/admin_api/v1/', 'https://k.test/admin']) {
			expect(resolveExpression(c.test!.request.baseURL, { url } as never)).toBe('https://k.test/admin_api/v1');
		}
	});

	it('the Binom test URL strips a pasted /public/api/v1', () => {
		const c = new BinomApi();
		expect(resolveExpression(c.test!.request.baseURL, { url: 'https://b.test/public/api/v1/' } as never)).toBe(
			'https://b.test/public/api/v1',
		);
	});
});

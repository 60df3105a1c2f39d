/**
 * Tests of the Keitaro mock itself (test/mock-servers/keitaro), over real HTTP, so the node and
 * trigger tests can trust it. Facts come from /work/shared/docs/keitaro-admin-api.md (§ refs).
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import axios, { type AxiosInstance } from 'axios';

import { startKeitaroMock, type KeitaroMock } from '../mock-servers/keitaro/server';
import { loadSpec, specOperations } from '../mock-servers/keitaro/validate';

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function client(
	mock: KeitaroMock,
	headers: Record<string, string> = { 'Api-Key': mock.apiKey },
): AxiosInstance {
	return axios.create({
		baseURL: mock.apiUrl,
		headers,
		validateStatus: () => true,
		timeout: 10_000,
	});
}

type Row = Record<string, unknown>;

describe('Keitaro mock: transport, auth and errors (docs §1)', () => {
	let mock: KeitaroMock;
	let api: AxiosInstance;
	beforeAll(async () => {
		mock = await startKeitaroMock({ seed: 3 });
		api = client(mock);
	});
	afterAll(() => mock.close());

	it('exposes url, apiUrl and a test key', () => {
		expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(mock.apiUrl).toBe(`${mock.url}/admin_api/v1`);
		expect(mock.apiKey).toMatch(/^test-keitaro-key-/);
	});

	it('accepts Api-Key and Authorization: Bearer', async () => {
		const viaHeader = await api.get('/campaigns');
		expect(viaHeader.status).toBe(200);
		const viaBearer = await client(mock, { Authorization: `Bearer ${mock.apiKey}` }).get(
			'/campaigns',
		);
		expect(viaBearer.status).toBe(200);
		expect(viaBearer.data).toEqual(viaHeader.data);
	});

	it('rejects a missing or wrong key with 401 {"error":"Invalid API key"}', async () => {
		for (const headers of [
			{},
			{ 'Api-Key': 'nope' },
			{ Authorization: 'Bearer nope' },
			{ Authorization: mock.apiKey },
		] as Array<Record<string, string>>) {
			const res = await client(mock, headers).get('/campaigns');
			expect(res.status).toBe(401);
			expect(res.data).toEqual({ error: 'Invalid API key' });
			expect(res.headers['content-type']).toMatch(/application\/json/);
		}
	});

	it('402 on every call in edition402 mode, even with a good key', async () => {
		mock.options.edition402 = true;
		try {
			for (const res of [
				await api.get('/campaigns'),
				await api.post('/report/build', {}),
				await client(mock, {}).get('/offers'),
			]) {
				expect(res.status).toBe(402);
				expect(res.data).toEqual({ error: 'Admin API is available only in Business editions' });
			}
		} finally {
			mock.options.edition402 = false;
		}
	});

	it('404 is plain text with the model class (live), or JSON with notFoundJson', async () => {
		const res = await api.get('/campaigns/1001');
		expect(res.status).toBe(404);
		expect(res.headers['content-type']).toMatch(/^text\/plain/);
		expect(res.data).toBe('Traffic\\Model\\Campaign #1001 not found');
		expect((await api.get('/offers/77')).data).toBe('Traffic\\Model\\Offer #77 not found');
		mock.options.notFoundJson = true;
		try {
			const json = await api.get('/campaigns/1001');
			expect(json.status).toBe(404);
			expect(json.data).toEqual({ error: 'Traffic\\Model\\Campaign #1001 not found' });
		} finally {
			mock.options.notFoundJson = false;
		}
	});

	it('unknown API route → 400 "does not match any route"; non-numeric ids do not match', async () => {
		const res = await api.get('/campaignz');
		expect(res.status).toBe(400);
		expect(res.data).toEqual({
			error: "URL 'GET /admin_api/v1/campaignz' does not match any route",
		});
		expect((await api.get('/campaigns/abc')).data).toEqual({
			error: "URL 'GET /admin_api/v1/campaigns/abc' does not match any route",
		});
		expect((await api.patch('/campaigns/1', {})).status).toBe(400);
	});

	it('the "wrong URL" trap: outside /admin_api/ a 200 HTML page; optionally for unknown routes too', async () => {
		const res = await axios.get(`${mock.url}/campaigns`, { validateStatus: () => true });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^text\/html/);
		expect(String(res.data)).toContain('<!DOCTYPE html>');
		mock.options.htmlForUnknownRoutes = true;
		try {
			const unknown = await api.get('/nope');
			expect(unknown.status).toBe(200);
			expect(unknown.headers['content-type']).toMatch(/^text\/html/);
		} finally {
			mock.options.htmlForUnknownRoutes = false;
		}
	});

	it('logs requests with method, path, query, headers, body and status', async () => {
		mock.requests.clear();
		await api.post('/report/build?x=1', { measures: ['clicks'] });
		const [entry] = mock.requests.entries;
		expect(entry).toMatchObject({
			method: 'POST',
			path: '/admin_api/v1/report/build',
			query: { x: '1' },
			body: { measures: ['clicks'] },
			status: 200,
		});
		expect(entry.headers['api-key']).toBe(mock.apiKey);
	});
});

describe('Keitaro mock: every spec operation is routed and answers the documented shape', () => {
	let mock: KeitaroMock;
	beforeAll(async () => {
		mock = await startKeitaroMock({ seed: 5, stringNumbers: false });
	});
	afterAll(() => mock.close());

	const cost = {
		start_date: '2025-06-10 00:00',
		end_date: '2025-06-10 23:59',
		timezone: 'UTC',
		cost: '5.00',
		currency: 'USD',
	};
	const bodies: Record<string, unknown> = {
		'POST /affiliate_networks': { name: 'New network' },
		'PUT /affiliate_networks/{id}': { notes: 'updated' },
		'PUT /botlist': { value: '1.2.3.4\n5.6.7.0/24' },
		'POST /botlist/add': { value: '9.9.9.9' },
		'POST /botlist/exclude': { value: '9.9.9.9' },
		'POST /campaigns': { name: 'Created', alias: 'created-1' },
		'PUT /campaigns/{id}': { notes: 'updated' },
		'POST /campaigns/{id}/update_costs': cost,
		'POST /clicks/clean': { start_date: '2020-01-01 00:00', end_date: '2020-01-01 01:00' },
		'POST /clicks/log': { limit: 3 },
		'POST /clicks/update_costs': { campaign_ids: [1], costs: [cost] },
		'POST /conversions/log': { limit: 3 },
		'POST /domains': { name: 'https://new.example.test/', is_ssl: true },
		'PUT /domains/{id}': { notes: 'updated' },
		'POST /groups': { name: 'New group', type: 'offers' },
		'PUT /groups/{id}': { name: 'Renamed' },
		'POST /integrations/facebook': { name: 'FB 2', ad_account_id: 'act_2', token: 't' },
		'PUT /integrations/facebook/{id}': { name: 'FB renamed' },
		'POST /integrations/facebook/{id}/campaign': { campaign_id: 3 },
		'DELETE /integrations/facebook/{id}/campaign': { campaign_id: 3 },
		'POST /landing_pages': { name: 'New landing' },
		'PUT /landing_pages/{id}': { notes: 'updated' },
		'POST /offers': { name: 'New offer' },
		'PUT /offers/{id}': { notes: 'updated' },
		'POST /report/build': { dimensions: ['campaign_id'], measures: ['clicks'] },
		'POST /report/labels': { campaign_id: 1, ref_name: 'sub_id_1', items: { abc: 'whitelist' } },
		'POST /streams': {
			campaign_id: 1,
			type: 'regular',
			name: 'New flow',
			schema: 'redirect',
			action_type: 'http',
		},
		'PUT /streams/{id}': { name: 'Renamed flow' },
		'POST /traffic_sources': { name: 'New source' },
		'PUT /traffic_sources/{id}': { notes: 'updated' },
		'POST /users': {
			login: 'new_user',
			type: 'USER',
			new_password: 'pw',
			new_password_confirmation: 'pw',
		},
		'PUT /users/{id}': { login: 'renamed_user' },
		'PUT /users/{id}/access': { access_data: { offers_access_type: 'read_only' } },
	};
	const query: Record<string, string> = {
		'/groups': 'type=campaigns',
		'/integrations/avscan': 'avscan_key=abc',
		'/integrations/imklo': 'imklo_api_url=https%3A%2F%2Fimklo.example.test',
		'/logs/{type}': 'limit=10',
		'/report/labels': 'campaign_id=4&label_name=blacklist&ref_name=sub_id_1',
		'/streams/search': 'query=Main',
	};
	// add_file runs first (spec order), then get/update, remove_file last (DELETEs run last).
	const fileQuery = (path: string) =>
		/update_file/.test(path)
			? 'path=new.html&data=hello'
			: /_file/.test(path)
				? 'path=new.html'
				: '';

	/** Documented spec bugs where the live/mock body intentionally differs (docs §1.2, §2.2, §3.6). */
	const SHAPE_EXCEPTIONS = new Set([
		'DELETE /campaigns/{id}',
		'POST /campaigns/{id}/restore',
		'GET /streams/{id}/events',
		'POST /report/build',
		'POST /clicks/log',
		'POST /conversions/log',
	]);

	function responseValidator() {
		const spec = JSON.parse(JSON.stringify(loadSpec())) as ReturnType<typeof loadSpec>;
		const schemas = spec.components.schemas as Record<
			string,
			{ properties?: Record<string, unknown> }
		>;
		// Read-side deviations documented in docs §7: filter payload array|string, nullable
		// bind_visitors and comments.
		schemas.Filter.properties!.payload = {};
		schemas.Campaign.properties!.bind_visitors = { type: 'string', nullable: true };
		schemas.Stream.properties!.comments = { type: 'string', nullable: true };
		const ajv = new Ajv({ strict: false, allErrors: true, code: { optimize: false } });
		addFormats(ajv);
		const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
		for (const f of ['int32', 'int64']) ajv.addFormat(f, true);
		ajv.addSchema({ $id: 'spec', components: spec.components } as object);
		return (method: string, path: string, status: number, body: unknown): string | null => {
			const responses = spec.paths[path][method.toLowerCase()].responses as Record<
				string,
				{ content?: Record<string, { schema?: unknown }> }
			>;
			const schema = (responses[String(status)] ?? responses['200'] ?? responses['201'])?.content?.[
				'application/json'
			]?.schema;
			if (!schema) return null;
			const text = JSON.stringify(schema).replace(/"#\/components/g, '"spec#/components');
			let validate = compiled.get(text);
			if (!validate) {
				validate = ajv.compile(JSON.parse(text) as object);
				compiled.set(text, validate);
			}
			return validate(body) ? null : ajv.errorsText(validate.errors);
		};
	}

	it('routes all 107 operations of the vendored spec with a 2xx and a body of the documented shape', async () => {
		const ops = specOperations();
		expect(ops).toHaveLength(107);
		expect(new Set(ops.map(([, p]) => p)).size).toBe(73);
		const validate = responseValidator();
		// Non-DELETE first so the archive/removal calls do not hide entities from later calls;
		// DELETEs in reverse spec order (sub-resources before their parent).
		const ordered = [
			...ops.filter(([m]) => m !== 'DELETE'),
			...ops.filter(([m]) => m === 'DELETE').reverse(),
		];
		const api = client(mock);
		const failures: string[] = [];
		for (const [method, path] of ordered) {
			const key = `${method} ${path}`;
			const url = path.replace('{id}', '1').replace('{type}', 'system');
			const q = query[path] ?? fileQuery(path);
			const res = await api.request({ method, url: q ? `${url}?${q}` : url, data: bodies[key] });
			if (res.status < 200 || res.status >= 300) {
				failures.push(`${key} → ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`);
				continue;
			}
			if (/download/.test(path)) {
				expect(res.headers['content-type']).toBe('application/octet-stream');
				continue;
			}
			expect(res.headers['content-type']).toMatch(/^application\/json/);
			if (!SHAPE_EXCEPTIONS.has(key)) {
				const error = validate(method, path, res.status, res.data);
				if (error) failures.push(`${key}: response shape: ${error}`);
			}
		}
		expect(failures).toEqual([]);
	});

	it('uses numeric ids and "YYYY-MM-DD HH:MM:SS" timestamps', async () => {
		const api = client(mock);
		for (const path of [
			'/campaigns',
			'/offers',
			'/landing_pages',
			'/affiliate_networks',
			'/traffic_sources',
			'/domains',
		]) {
			const list = (await api.get(path)).data as Row[];
			expect(list.length).toBeGreaterThan(0);
			for (const e of list) {
				expect(typeof e.id).toBe('number');
				expect(e.created_at).toMatch(DATETIME);
				expect(e.updated_at).toMatch(DATETIME);
			}
		}
		const stream = (await api.get('/streams/2')).data as { offers: Row[]; filters: Row[] };
		expect(typeof stream.offers[0].id).toBe('number');
		expect(stream.offers[0].created_at).toMatch(DATETIME);
	});

	it('third-party-only routes are off by default and on with extraRoutes', async () => {
		const api = client(mock);
		expect((await api.get('/offers/deleted')).status).toBe(400);
		mock.options.extraRoutes = true;
		try {
			expect((await api.get('/offers/deleted')).status).toBe(200);
			expect((await api.post('/streams/1/clone')).status).toBe(200);
		} finally {
			mock.options.extraRoutes = false;
		}
	});
});

describe('Keitaro mock: stateful CRUD (docs §1.4, §1.5, §2)', () => {
	let mock: KeitaroMock;
	let api: AxiosInstance;
	beforeEach(async () => {
		mock = await startKeitaroMock({ seed: 11 });
		api = client(mock);
	});
	afterEach(() => mock.close());

	it('create → 200 + entity (never 201); alias required and unique; 422 field map', async () => {
		const created = await api.post('/campaigns', {
			name: 'My campaign',
			alias: 'my-campaign',
			group_id: '1',
			cost_value: 0.1,
		});
		expect(created.status).toBe(200);
		expect(created.data).toMatchObject({
			name: 'My campaign',
			alias: 'my-campaign',
			state: 'active',
			group_id: 1,
			cost_auto: false,
			uniqueness_method: 'ip',
			parameters: {},
		});
		expect(typeof created.data.id).toBe('number');
		expect(created.data.cost_value).toBe('0.1000'); // docs §8.10 numbers as strings
		const again = await api.post('/campaigns', { name: 'Other', alias: 'my-campaign' });
		expect(again.status).toBe(422);
		expect(again.data).toEqual({ alias: ['Alias has already used'] });
		const empty = await api.post('/campaigns', {});
		expect(empty.status).toBe(422);
		expect(empty.data).toEqual({ alias: ['Alias is required'], name: ['Name is required'] });
		mock.options.validationStatus = 406;
		expect((await api.post('/campaigns', { name: 'x' })).status).toBe(406);
	});

	it('rejects wrong types and unknown enum values with the spec schema (ajv)', async () => {
		const badEnum = await api.post('/campaigns', { name: 'x', alias: 'x1', cost_type: 'CPA' });
		expect(badEnum.status).toBe(422);
		expect(badEnum.data.cost_type[0]).toContain("Incorrect value 'CPA'");
		const badType = await api.put('/campaigns/1', { cookies_ttl: 'one day' });
		expect(badType.status).toBe(422);
		expect(Object.keys(badType.data)).toEqual(['cookies_ttl']);
		const nested = await api.put('/streams/2', { offers: [{ offer_id: 'one', share: 100 }] });
		expect(nested.status).toBe(422);
		expect(nested.data.offers[0]).toContain('offers[0].offer_id');
		const stateEnum = await api.post('/streams', {
			campaign_id: 1,
			type: 'sometimes',
			name: 'f',
			schema: 'redirect',
			action_type: 'http',
		});
		expect(stateEnum.status).toBe(422);
		expect(Object.keys(stateEnum.data)).toEqual(['type']);
		expect(
			(
				await api.post('/campaigns', 'not json', {
					headers: { 'Content-Type': 'application/json' },
				})
			).status,
		).toBe(400);
	});

	it('stream create: required fields and an existing campaign', async () => {
		const missing = await api.post('/streams', { campaign_id: 1, name: 'f' });
		expect(missing.status).toBe(422);
		expect(Object.keys(missing.data).sort()).toEqual(['action_type', 'schema', 'type']);
		const noCampaign = await api.post('/streams', {
			campaign_id: 999,
			type: 'regular',
			name: 'f',
			schema: 'redirect',
			action_type: 'http',
		});
		expect(noCampaign.status).toBe(422);
		expect(noCampaign.data).toEqual({ campaign_id: ['Campaign not found'] });
		const ok = await api.post('/streams', {
			campaign_id: 1,
			type: 'regular',
			name: 'f',
			schema: 'redirect',
			action_type: 'http',
			action_payload: 'https://x.test/',
		});
		expect(ok.status).toBe(200);
		expect(ok.data).toMatchObject({
			campaign_id: 1,
			collect_clicks: false,
			action_payload: 'https://x.test/',
			state: 'active',
		});
	});

	it('PUT is a partial merge; a stream offers array replaces with binding-id preservation (§1.5)', async () => {
		const before = (await api.get('/campaigns/1')).data as Row;
		const put = await api.put('/campaigns/1', { notes: 'hello' });
		expect(put.data).toMatchObject({ ...before, notes: 'hello', updated_at: expect.any(String) });
		const stream = (await api.get('/streams/2')).data as {
			offers: Array<Row & { offer_id: number }>;
		};
		const original = stream.offers.find((o) => o.offer_id === 1)!;
		const replaced = await api.put('/streams/2', {
			offers: [
				{ offer_id: 1, share: 60 },
				{ offer_id: 2, share: 40 },
				{ offer_id: 2, share: 10 },
			],
		});
		expect(replaced.status).toBe(200);
		const offers = replaced.data.offers as Array<Row & { offer_id: number }>;
		expect(offers.map((o) => [o.offer_id, o.share])).toEqual([
			[1, 60],
			[2, 40],
		]);
		expect(offers[0].id).toBe(original.id);
		expect(offers[0].created_at).toBe(original.created_at);
		const kept = offers[1].id;
		const again = await api.put('/streams/2', { offers: [{ offer_id: 2, share: 100 }] });
		expect(again.data.offers).toEqual([
			expect.objectContaining({ id: kept, offer_id: 2, share: 100 }),
		]);
		expect(again.data.name).toBe('Main'); // untouched
	});

	it('DELETE archives (hidden from the list, listed under /deleted), restore reverses', async () => {
		const del = await api.delete('/campaigns/2');
		expect(del.status).toBe(200);
		expect(del.data).toMatchObject({ id: 2, state: 'deleted' });
		expect(((await api.get('/campaigns')).data as Row[]).map((c) => c.id)).not.toContain(2);
		expect(((await api.get('/campaigns/deleted')).data as Row[]).map((c) => c.id)).toContain(2);
		expect((await api.get('/campaigns/2')).data).toMatchObject({ state: 'deleted' });
		expect((await api.delete('/campaigns/2')).status).toBe(404); // archiving twice (§1.5)
		const restored = await api.post('/campaigns/2/restore');
		expect(restored.data).toMatchObject({ id: 2, state: 'active' });
		expect(((await api.get('/campaigns')).data as Row[]).map((c) => c.id)).toContain(2);
		// streams, domains, offers, landings too
		await api.delete('/streams/5');
		expect(((await api.get('/campaigns/2/streams')).data as Row[]).map((s) => s.id)).not.toContain(
			5,
		);
		expect(((await api.get('/streams/deleted')).data as Row[]).map((s) => s.id)).toContain(5);
		expect((await api.post('/streams/5/restore')).data).toMatchObject({ state: 'active' });
		await api.delete('/offers/1/archive');
		expect(((await api.get('/offers')).data as Row[]).map((o) => o.id)).not.toContain(1);
		await api.delete('/domains/1');
		expect(((await api.get('/domains/deleted')).data as Row[]).map((d) => d.id)).toContain(1);
	});

	it('clone copies (campaign clone copies its flows); arrayWrapped wraps clone/DELETE answers', async () => {
		const clone = await api.post('/campaigns/1/clone');
		expect(clone.status).toBe(200);
		expect(clone.data.id).not.toBe(1);
		expect(clone.data.alias).not.toBe('keto-de');
		const srcFlows = (await api.get('/campaigns/1/streams')).data as Row[];
		const copyFlows = (await api.get(`/campaigns/${clone.data.id}/streams`)).data as Row[];
		expect(copyFlows.map((s) => s.name)).toEqual(srcFlows.map((s) => s.name));
		expect(copyFlows.map((s) => s.id)).not.toEqual(srcFlows.map((s) => s.id));
		mock.options.arrayWrapped = true;
		const wrapped = await api.post('/offers/2/clone');
		expect(Array.isArray(wrapped.data)).toBe(true);
		expect(wrapped.data[0]).toMatchObject({ name: 'Keto Slim - US (copy)' });
		const del = await api.delete('/campaigns/3');
		expect(del.data).toEqual([expect.objectContaining({ id: 3, state: 'deleted' })]);
		mock.options.specStatusCodes = true;
		expect((await api.post('/campaigns/3/restore')).status).toBe(201);
	});

	it('action POSTs accept no body, {} and []; strictEmptyBody rejects a JSON-typed empty body (§1.4)', async () => {
		const post = (body: string | undefined, contentType?: string) =>
			fetch(`${mock.apiUrl}/campaigns/1/disable`, {
				method: 'POST',
				headers: {
					'Api-Key': mock.apiKey,
					...(contentType ? { 'Content-Type': contentType } : {}),
				},
				body,
			});
		for (const [body, type] of [
			[undefined, undefined],
			['{}', 'application/json'],
			['[]', 'application/json'],
			[undefined, 'application/json'],
		] as const) {
			const res = await post(body, type);
			expect(res.status).toBe(200);
			expect(((await res.json()) as Row).state).toBe('disabled');
		}
		expect((await api.delete('/botlist')).status).toBe(200);
		mock.options.strictEmptyBody = true;
		const strict = await post(undefined, 'application/json');
		expect(strict.status).toBe(400);
		expect(((await strict.json()) as Row).error).toMatch(/empty/);
		expect((await post('{}', 'application/json')).status).toBe(200);
		expect((await post(undefined)).status).toBe(200);
	});

	it('groups: type query validated; users: passwords must match', async () => {
		expect(
			((await api.get('/groups?type=offers')).data as Row[]).every((g) => g.type === 'offers'),
		).toBe(true);
		expect(((await api.get('/groups')).data as Row[]).every((g) => g.type === 'campaigns')).toBe(
			true,
		);
		const bad = await api.get('/groups?type=campaign');
		expect(bad.status).toBe(400);
		expect(bad.data.error).toContain("'campaign'");
		expect((await api.post('/groups', { name: 'D', type: 'domains' })).status).toBe(422); // spec enum on write
		const mismatch = await api.post('/users', {
			login: 'bob',
			type: 'USER',
			new_password: 'a',
			new_password_confirmation: 'b',
		});
		expect(mismatch.status).toBe(422);
		expect(Object.keys(mismatch.data)).toEqual(['new_password_confirmation']);
		const user = await api.post('/users', {
			login: 'bob',
			type: 'ADMIN',
			new_password: 'a',
			new_password_confirmation: 'a',
		});
		expect(user.status).toBe(200);
		expect(user.data).not.toHaveProperty('password');
		expect(
			(
				await api.put(`/users/${user.data.id}`, {
					new_password: 'x',
					new_password_confirmation: 'y',
				})
			).status,
		).toBe(422);
	});

	it('botlist, labels, files and integrations keep state', async () => {
		expect((await api.put('/botlist', { value: '1.1.1.1 2.2.2.0/24' })).data).toEqual({ count: 2 });
		expect((await api.post('/botlist/add', { value: '3.3.3.3\n1.1.1.1' })).data).toEqual({
			count: 3,
		});
		expect((await api.post('/botlist/exclude', { value: '1.1.1.1' })).data).toEqual({ count: 2 });
		expect((await api.get('/botlist')).data).toEqual({ value: '2.2.2.0/24\n3.3.3.3' });
		expect((await api.put('/botlist', { value: 'not-an-ip' })).status).toBe(422);
		await api.post('/report/labels', {
			campaign_id: 1,
			ref_name: 'sub_id_2',
			items: { ad_1: 'whitelist', ad_2: 'blacklist' },
		});
		expect(
			(await api.get('/report/labels?campaign_id=1&label_name=whitelist&ref_name=sub_id_2')).data,
		).toEqual({ ad_1: 'whitelist' });
		expect((await api.post('/landing_pages/1/add_file?path=js/app.js')).data).toEqual({
			path: '/js/app.js',
		});
		await api.put('/landing_pages/1/update_file?path=js/app.js&data=alert(1)');
		expect((await api.get('/landing_pages/1/get_file?path=js/app.js')).data).toEqual({
			data: 'alert(1)',
		});
		const tree = (await api.get('/landing_pages/1/get_structure')).data as {
			children: Array<{ name: string }>;
		};
		expect(tree.children.map((c) => c.name).sort()).toEqual(['css', 'index.html', 'js']);
		const zip = await api.get('/landing_pages/1/download', { responseType: 'arraybuffer' });
		expect(
			Buffer.from(zip.data as ArrayBuffer)
				.subarray(0, 4)
				.toString('hex'),
		).toBe('504b0304');
		expect((await api.put('/integrations/avscan?avscan_key=k1')).data).toEqual({
			avscan_key: 'k1',
		});
		expect((await api.put('/integrations/avscan')).status).toBe(400);
	});
});

describe('Keitaro mock: report/build (docs §3)', () => {
	let mock: KeitaroMock;
	let api: AxiosInstance;
	const report = async (body: Row) => api.post('/report/build', body);
	const subIds = async (filters: unknown[]) => {
		const res = await report({
			dimensions: ['sub_id_1'],
			measures: ['clicks'],
			filters,
			sort: [{ name: 'sub_id_1', order: 'ASC' }],
		});
		expect(res.status).toBe(200);
		return (res.data.rows as Row[]).map((r) => r.sub_id_1);
	};

	beforeAll(async () => {
		// Entities but no traffic; then a controlled set of clicks/conversions.
		mock = await startKeitaroMock({ seed: 2, seedData: { days: 0 } });
		api = client(mock);
		const s = mock.state;
		const c1 = s.addClick({
			campaign_id: 1,
			datetime: '2025-06-10 10:00:00',
			country_code: 'DE',
			sub_id_1: 'alpha',
			keyword: 'keto diet',
			ip: '10.1.2.3',
		});
		s.addClick({
			campaign_id: 1,
			datetime: '2025-06-10 23:30:00',
			country_code: 'AT',
			sub_id_1: 'beta',
			is_bot: true,
			ip: '10.2.0.1',
		});
		const c3 = s.addClick({
			campaign_id: 3,
			datetime: '2025-06-11 00:30:00',
			country_code: 'US',
			sub_id_1: 'gamma',
			ip: '192.168.1.1',
			is_unique_campaign: false,
		});
		const c4 = s.addClick({
			campaign_id: 4,
			datetime: '2025-06-12 08:00:00',
			country_code: 'BR',
			sub_id_1: '1007',
			ip: '10.1.9.9',
		});
		const c5 = s.addClick({
			campaign_id: 4,
			datetime: '2025-06-12 09:00:00',
			country_code: 'IN',
			sub_id_1: '1014',
			ip: '172.16.0.1',
		});
		s.addConversion({
			click_id: c1.click_id,
			status: 'sale',
			revenue: 32,
			postback_datetime: '2025-06-10 12:00:00',
		});
		s.addConversion({
			click_id: c3.click_id,
			status: 'lead',
			revenue: 4.5,
			postback_datetime: '2025-06-11 01:00:00',
		});
		s.addConversion({
			click_id: c4.click_id,
			status: 'rejected',
			revenue: 45,
			postback_datetime: '2025-06-12 09:00:00',
		});
		s.addConversion({
			click_id: c5.click_id,
			status: 'sale',
			revenue: 30,
			postback_datetime: '2025-06-12 10:00:00',
		});
	});
	afterAll(() => mock.close());

	it('computes measures from clicks and conversions; money as strings; no row without traffic', async () => {
		const res = await report({
			range: { from: '2025-06-10', to: '2025-06-12', timezone: 'UTC' },
			dimensions: ['campaign_id', 'campaign'],
			measures: [
				'clicks',
				'campaign_unique_clicks',
				'bots',
				'conversions',
				'leads',
				'sales',
				'rejected',
				'revenue',
				'sale_revenue',
				'cost',
				'profit',
				'cr',
				'epc',
				'cpc',
				'roi',
			],
		});
		expect(res.status).toBe(200);
		expect(res.data.total).toBe(3);
		expect(res.data.meta).toEqual(expect.arrayContaining(['campaign_id', 'clicks']));
		const [c1, c3, c4] = res.data.rows as Row[];
		expect(c1).toEqual({
			campaign_id: 1,
			campaign: 'FB | Keto | DE',
			clicks: 2,
			campaign_unique_clicks: 2,
			bots: 1,
			conversions: 1,
			leads: 0,
			sales: 1,
			rejected: 0,
			revenue: '32.00',
			sale_revenue: '32.00',
			cost: '0.90',
			profit: '31.10',
			cr: 50,
			epc: 16,
			cpc: 0.45,
			roi: 3455.56,
		});
		expect(c3).toMatchObject({
			campaign_id: 3,
			clicks: 1,
			campaign_unique_clicks: 0,
			conversions: 1,
			leads: 1,
			revenue: '4.50',
			cost: '0.12',
		});
		expect(c4).toMatchObject({
			campaign_id: 4,
			clicks: 2,
			conversions: 1,
			rejected: 1,
			sales: 1,
			revenue: '30.00',
			cost: '1.40',
		});
	});

	it('supports every filter operator of §3.2', async () => {
		const eq = (name: string, operator: string, expression?: unknown) =>
			subIds([{ name, operator, expression }]);
		expect(await eq('campaign_id', 'EQUALS', 1)).toEqual(['alpha', 'beta']);
		expect(await eq('campaign_id', 'equals', '1')).toEqual(['alpha', 'beta']); // upper-cased server-side
		expect(await eq('campaign_id', 'NOT_EQUAL', 1)).toEqual(['1007', '1014', 'gamma']);
		expect(await eq('campaign_id', 'GREATER_THAN', 3)).toEqual(['1007', '1014']);
		expect(await eq('campaign_id', 'LESS_THAN', 3)).toEqual(['alpha', 'beta']);
		expect(await eq('campaign_id', 'EQUALS_OR_GREATER_THAN', 3)).toEqual(['1007', '1014', 'gamma']);
		expect(await eq('campaign_id', 'EQUALS_OR_LESS_THAN', 3)).toEqual(['alpha', 'beta', 'gamma']);
		expect(await eq('sub_id_1', 'MATCH_REGEXP', '/^(al|be)/')).toEqual(['alpha', 'beta']);
		expect(await eq('sub_id_1', 'NOT_MATCH_REGEXP', '/^(al|be)/')).toEqual([
			'1007',
			'1014',
			'gamma',
		]);
		expect(await eq('sub_id_1', 'BEGINS_WITH', 'GA')).toEqual(['gamma']);
		expect(await eq('sub_id_1', 'ENDS_WITH', 'ta')).toEqual(['beta']);
		expect(await eq('sub_id_1', 'CONTAINS', 'ph')).toEqual(['alpha']);
		expect(await eq('sub_id_1', 'NOT_CONTAIN', 'a')).toEqual(['1007', '1014']);
		expect(await eq('sub_id_1', 'IN_LIST', ['alpha', '1007', 'zzz'])).toEqual(['1007', 'alpha']);
		expect(await eq('sub_id_1', 'NOT_IN_LIST', ['alpha', '1007'])).toEqual([
			'1014',
			'beta',
			'gamma',
		]);
		expect(await eq('campaign_id', 'BETWEEN', [3, 4])).toEqual(['1007', '1014', 'gamma']);
		expect(await eq('keyword', 'IS_SET')).toEqual(['alpha']);
		expect(await eq('keyword', 'IS_NOT_SET')).toEqual(['1007', '1014', 'beta', 'gamma']);
		expect(await eq('is_bot', 'IS_TRUE')).toEqual(['beta']);
		expect(await eq('is_bot', 'IS_FALSE')).toEqual(['1007', '1014', 'alpha', 'gamma']);
		// Labels from the seed data: campaign 4, sub_id_1 1007 = blacklist, 1014 = whitelist.
		expect(await eq('sub_id_1', 'HAS_LABEL', 'blacklist')).toEqual(['1007']);
		expect(await eq('sub_id_1', 'NOT_HAS_LABEL', 'blacklist')).toEqual([
			'1014',
			'alpha',
			'beta',
			'gamma',
		]);
		expect(await eq('sub_id_1', 'HAS_NOT_LABEL', 'whitelist')).toEqual([
			'1007',
			'alpha',
			'beta',
			'gamma',
		]);
		expect(await eq('ip', 'IP_BEGINS_WITH', '10.1.')).toEqual(['1007', 'alpha']);
		// Multiple filters are AND-ed.
		expect(
			await subIds([
				{ name: 'campaign_id', operator: 'EQUALS', expression: 1 },
				{ name: 'is_bot', operator: 'IS_FALSE' },
			]),
		).toEqual(['alpha']);
	});

	it('rejects wrong expression types, unknown operators and missing parts with 400', async () => {
		const bad = async (filter: Row) => {
			const res = await report({
				dimensions: ['sub_id_1'],
				measures: ['clicks'],
				filters: [filter],
			});
			expect(res.status).toBe(400);
			expect(typeof res.data.error).toBe('string');
			return res.data.error as string;
		};
		expect(await bad({ name: 'campaign_id', operator: 'NOT_EQUALS', expression: 1 })).toBe(
			"Filter campaign_id contains incorrect operator 'NOT_EQUALS'",
		);
		expect(await bad({ name: 'campaign_id', expression: 1 })).toBe(
			"Filter campaign_id must contain 'operator'",
		);
		expect(await bad({ name: 'sub_id_1', operator: 'IN_LIST', expression: 'alpha' })).toContain(
			'array',
		);
		expect(await bad({ name: 'sub_id_1', operator: 'NOT_IN_LIST', expression: 5 })).toContain(
			'array',
		);
		expect(await bad({ name: 'campaign_id', operator: 'BETWEEN', expression: [1] })).toContain(
			'[min, max]',
		);
		expect(await bad({ name: 'sub_id_1', operator: 'CONTAINS', expression: 7 })).toContain(
			'a string',
		);
		expect(await bad({ name: 'sub_id_1', operator: 'BEGINS_WITH', expression: ['a'] })).toContain(
			'a string',
		);
		expect(
			await bad({ name: 'campaign_id', operator: 'GREATER_THAN', expression: 'many' }),
		).toContain('a number');
		expect(await bad({ name: 'campaign_id', operator: 'EQUALS', expression: [1, 2] })).toContain(
			'a number or a string',
		);
		expect(await bad({ name: 'keyword', operator: 'IS_SET', expression: 'x' })).toContain(
			'no expression',
		);
		expect(
			await bad({ name: 'sub_id_1', operator: 'HAS_LABEL', expression: 'greylist' }),
		).toContain('whitelist');
		expect(
			await bad({ name: 'sub_id_1', operator: 'MATCH_REGEXP', expression: '/(unclosed/' }),
		).toContain('regular expression');
		expect(await bad({ name: 'no_such_field', operator: 'EQUALS', expression: 1 })).toContain(
			'Available',
		);
	});

	it('measure filters are HAVING; sort by name/order with a 400 on a bad order; limit/offset paging', async () => {
		const having = await report({
			dimensions: ['campaign_id'],
			measures: ['clicks'],
			filters: [{ name: 'clicks', operator: 'GREATER_THAN', expression: 1 }],
		});
		expect((having.data.rows as Row[]).map((r) => r.campaign_id)).toEqual([1, 4]);
		const sorted = await report({
			dimensions: ['campaign_id'],
			measures: ['clicks', 'revenue'],
			sort: [
				{ name: 'clicks', order: 'desc' },
				{ name: 'revenue', order: 'ASC' },
			],
		});
		expect((sorted.data.rows as Row[]).map((r) => r.campaign_id)).toEqual([4, 1, 3]);
		const badOrder = await report({
			dimensions: ['campaign_id'],
			measures: ['clicks'],
			sort: [{ name: 'clicks', order: 'UP' }],
		});
		expect(badOrder.status).toBe(400);
		expect(badOrder.data).toEqual({ error: 'Incorrect order UP' });
		const page = await report({
			dimensions: ['campaign_id'],
			measures: ['clicks'],
			sort: [{ name: 'campaign_id', order: 'ASC' }],
			limit: 1,
			offset: 1,
		});
		expect(page.data).toMatchObject({ total: 3, rows: [{ campaign_id: 3, clicks: 1 }] });
	});

	it('summary: true adds numeric totals; legacy grouping/metrics are accepted', async () => {
		const res = await report({
			dimensions: ['campaign_id'],
			measures: ['clicks', 'conversions', 'revenue', 'cr'],
			summary: true,
		});
		expect(res.data.summary).toEqual({ clicks: 5, conversions: 3, revenue: 66.5, cr: 60 });
		const legacy = await report({
			grouping: ['campaign_id'],
			metrics: ['clicks', 'conversions', 'revenue', 'cr'],
		});
		expect(legacy.data.rows).toEqual(res.data.rows);
		expect(legacy.data).not.toHaveProperty('summary');
	});

	it('unknown dimension or measure → 400 listing the valid names', async () => {
		const dim = await report({ dimensions: ['domain'], measures: ['clicks'] });
		expect(dim.status).toBe(400);
		expect(dim.data.error).toMatch(
			/^Unknown dimension 'domain'\. Available dimensions: .*campaign_id/,
		);
		const measure = await report({ dimensions: ['campaign_id'], measures: ['sale_cr'] });
		expect(measure.status).toBe(400);
		expect(measure.data.error).toContain('crs');
		expect((await report({})).status).toBe(400);
	});

	it('range: date-only `to` is inclusive, timezones convert, interval tokens use the mock clock', async () => {
		expect(await subIds([])).toHaveLength(5);
		const day = await report({
			range: { from: '2025-06-10', to: '2025-06-10' },
			dimensions: ['sub_id_1'],
			measures: ['clicks'],
		});
		expect((day.data.rows as Row[]).map((r) => r.sub_id_1).sort()).toEqual(['alpha', 'beta']);
		// Madrid is UTC+2 in June: its 2025-06-11 is 2025-06-10 22:00 → 2025-06-11 21:59:59 UTC.
		const madrid = await report({
			range: { from: '2025-06-11', to: '2025-06-11', timezone: 'Europe/Madrid' },
			dimensions: ['sub_id_1', 'day', 'hour'],
			measures: ['clicks'],
		});
		expect(madrid.data.rows).toEqual([
			{ sub_id_1: 'beta', day: '2025-06-11', hour: 1, clicks: 1 },
			{ sub_id_1: 'gamma', day: '2025-06-11', hour: 2, clicks: 1 },
		]);
		expect(
			(
				await report({
					range: { from: '2025-06-12 08:30' },
					dimensions: ['sub_id_1'],
					measures: ['clicks'],
				})
			).data.rows,
		).toEqual([{ sub_id_1: '1014', clicks: 1 }]);
		// Clock: 2025-06-16 12:00 UTC.
		expect(
			(
				await report({
					range: { interval: 'yesterday' },
					dimensions: ['campaign_id'],
					measures: ['clicks'],
				})
			).data.total,
		).toBe(0);
		expect(
			(
				await report({
					range: { interval: '7_days_ago' },
					dimensions: ['campaign_id'],
					measures: ['clicks'],
				})
			).data.total,
		).toBe(3);
		expect(
			(
				await report({
					range: { interval: 'first_day_of_this_week' },
					dimensions: ['campaign_id'],
					measures: ['clicks'],
				})
			).data.total,
		).toBe(0);
		expect(
			(
				await report({
					range: { interval: 'first_day_of_this_month' },
					dimensions: ['campaign_id'],
					measures: ['clicks'],
				})
			).data.total,
		).toBe(3);
		const bad = await report({
			range: { interval: 'last_30_days' },
			dimensions: ['campaign_id'],
			measures: ['clicks'],
		});
		expect(bad.status).toBe(400);
		expect((await report({ range: { from: '2025-13-01' }, measures: ['clicks'] })).status).toBe(
			400,
		);
		expect(
			(await report({ range: { from: '2025-06-01', timezone: 'Mars/Base' }, measures: ['clicks'] }))
				.status,
		).toBe(400);
		mock.state.clock.set('2025-06-11 06:00:00');
		try {
			expect(
				(
					await report({
						range: { interval: 'today' },
						dimensions: ['sub_id_1'],
						measures: ['clicks'],
					})
				).data.rows,
			).toEqual([{ sub_id_1: 'gamma', clicks: 1 }]);
		} finally {
			mock.state.clock.set('2025-06-16 12:00:00');
		}
	});
});

describe('Keitaro mock: clicks/log and conversions/log (docs §4.1, §4.2)', () => {
	let mock: KeitaroMock;
	let api: AxiosInstance;
	beforeEach(async () => {
		mock = await startKeitaroMock({ seed: 4, seedData: { days: 0 } });
		api = client(mock);
	});
	afterEach(() => mock.close());

	it('returns only the requested columns, rejects unknown ones (there is no payout column)', async () => {
		mock.state.addClick({ campaign_id: 1, datetime: '2025-06-15 10:00:00', sub_id_1: 'z1' });
		mock.state.addConversion({ sub_id: 'my-sub-id', status: 'lead', revenue: 12.5, tid: 'T-1' });
		const clicks = await api.post('/clicks/log', {
			range: { interval: 'all_time' },
			columns: ['click_id', 'sub_id_1', 'datetime'],
		});
		expect(clicks.status).toBe(200);
		expect(clicks.data.total).toBe(2);
		expect(clicks.data.rows[0]).toEqual({
			click_id: 1,
			sub_id_1: 'z1',
			datetime: '2025-06-15 10:00:00',
		});
		const conv = await api.post('/conversions/log', {
			range: { interval: 'today' },
			columns: [
				'conversion_id',
				'sub_id',
				'tid',
				'status',
				'revenue',
				'postback_datetime',
				'campaign_id',
				'offer',
			],
		});
		expect(conv.data).toMatchObject({
			total: 1,
			rows: [
				{
					conversion_id: 1,
					sub_id: 'my-sub-id',
					tid: 'T-1',
					status: 'lead',
					revenue: '12.5000',
					postback_datetime: '2025-06-16 12:00:00',
					campaign_id: 1,
					offer: 'Keto Slim - DE',
				},
			],
		});
		expect(Object.keys(conv.data.rows[0])).toHaveLength(8);
		const payout = await api.post('/conversions/log', {
			range: { interval: 'today' },
			columns: ['conversion_id', 'payout'],
		});
		expect(payout.status).toBe(400);
		expect(payout.data.error).toMatch(/^Unknown column 'payout'\. Available columns: .*revenue/);
		expect((await api.post('/clicks/log', { limit: 5, columns: ['nope'] })).status).toBe(400);
		expect(
			(await api.post('/clicks/log', { limit: 5, sort: [{ name: 'nope', order: 'ASC' }] })).status,
		).toBe(400);
	});

	it('clicks/log requires limit or range; conversions/log works with neither', async () => {
		const res = await api.post('/clicks/log', { columns: ['click_id'] });
		expect(res.status).toBe(400);
		expect(res.data.error).toContain("'limit' or 'range'");
		expect((await api.post('/clicks/log', { limit: 10 })).status).toBe(200);
		expect((await api.post('/conversions/log', {})).status).toBe(200);
		expect((await api.post('/conversions/log', { limit: 'ten' })).status).toBe(422); // spec: number
	});

	it('filters conversions on postback_datetime (range) and clicks on datetime; timezone shapes output', async () => {
		const s = mock.state;
		const click = s.addClick({ campaign_id: 1, datetime: '2025-06-01 23:00:00' });
		s.addConversion({
			click_id: click.click_id,
			status: 'sale',
			postback_datetime: '2025-06-03 10:00:00',
		});
		const byPostback = await api.post('/conversions/log', {
			range: { from: '2025-06-03', to: '2025-06-03' },
			columns: ['conversion_id', 'click_datetime', 'postback_datetime'],
		});
		expect(byPostback.data.rows).toEqual([
			{
				conversion_id: 1,
				click_datetime: '2025-06-01 23:00:00',
				postback_datetime: '2025-06-03 10:00:00',
			},
		]);
		expect(
			(await api.post('/conversions/log', { range: { from: '2025-06-01', to: '2025-06-01' } })).data
				.total,
		).toBe(0);
		expect(
			(await api.post('/clicks/log', { range: { from: '2025-06-01', to: '2025-06-01' } })).data
				.total,
		).toBe(1);
		const tokyo = await api.post('/clicks/log', {
			range: { from: '2025-06-02', to: '2025-06-02', timezone: 'Asia/Tokyo' },
			columns: ['datetime'],
		});
		expect(tokyo.data.rows).toEqual([{ datetime: '2025-06-02 08:00:00' }]);
	});

	it('sorts stably on several keys, pages with limit/offset', async () => {
		const s = mock.state;
		const at = [
			'2025-06-16 10:00:00',
			'2025-06-16 09:00:00',
			'2025-06-16 10:00:00',
			'2025-06-16 09:00:00',
			'2025-06-16 11:00:00',
		];
		at.forEach((t, i) =>
			s.addConversion({ postback_datetime: t, status: i % 2 ? 'lead' : 'sale', revenue: 10 + i }),
		);
		const page = (sort: unknown, limit = 10, offset = 0) =>
			api
				.post('/conversions/log', {
					range: { interval: 'today' },
					columns: ['conversion_id', 'postback_datetime'],
					sort,
					limit,
					offset,
				})
				.then((r) => (r.data.rows as Row[]).map((x) => x.conversion_id));
		expect(
			await page([
				{ name: 'postback_datetime', order: 'ASC' },
				{ name: 'conversion_id', order: 'ASC' },
			]),
		).toEqual([2, 4, 1, 3, 5]);
		expect(
			await page([
				{ name: 'postback_datetime', order: 'DESC' },
				{ name: 'conversion_id', order: 'DESC' },
			]),
		).toEqual([5, 3, 1, 4, 2]);
		expect(await page([{ name: 'postback_datetime', order: 'DESC' }])).toEqual([5, 1, 3, 2, 4]); // stable: ties keep id order
		expect(
			await page([
				{ name: 'status', order: 'ASC' },
				{ name: 'revenue', order: 'DESC' },
			]),
		).toEqual([4, 2, 5, 3, 1]);
		expect(
			await page(
				[
					{ name: 'postback_datetime', order: 'ASC' },
					{ name: 'conversion_id', order: 'ASC' },
				],
				2,
				2,
			),
		).toEqual([1, 3]);
		expect(await page(undefined)).toEqual([2, 4, 1, 3, 5]); // default: natural (time, id) order
		const total = await api.post('/conversions/log', {
			range: { interval: 'today' },
			limit: 2,
			offset: 4,
			filters: [{ name: 'status', operator: 'EQUALS', expression: 'sale' }],
		});
		expect(total.data.total).toBe(3);
		expect(total.data.rows).toEqual([]);
	});
});

describe('Keitaro mock: costs (docs §4.3)', () => {
	let mock: KeitaroMock;
	let api: AxiosInstance;
	const cost = (extra: Row = {}) => ({
		start_date: '2025-06-10 00:00',
		end_date: '2025-06-10 23:59',
		timezone: 'UTC',
		cost: '10.00',
		currency: 'USD',
		...extra,
	});
	const costOf = async (campaignId: number) => {
		const res = await api.post('/report/build', {
			dimensions: ['campaign_id'],
			measures: ['cost'],
			filters: [{ name: 'campaign_id', operator: 'EQUALS', expression: campaignId }],
		});
		return (res.data.rows as Row[])[0]?.cost;
	};
	beforeEach(async () => {
		mock = await startKeitaroMock({ seed: 9, seedData: { days: 0 } });
		api = client(mock);
		const s = mock.state;
		s.addClick({
			campaign_id: 1,
			datetime: '2025-06-10 08:00:00',
			sub_id_1: 'a',
			source: 'site.com',
		});
		s.addClick({
			campaign_id: 1,
			datetime: '2025-06-10 20:00:00',
			sub_id_1: 'b',
			is_unique_campaign: false,
		});
		s.addClick({ campaign_id: 1, datetime: '2025-06-11 08:00:00', sub_id_1: 'a' });
		s.addClick({ campaign_id: 3, datetime: '2025-06-10 09:00:00', sub_id_1: 'a' });
	});
	afterEach(() => mock.close());

	it('spreads a cost equally over matching clicks so a later report shows it', async () => {
		expect(await costOf(1)).toBe('1.35'); // 3 × CPC 0.45
		const res = await api.post('/clicks/update_costs', { campaign_ids: [1], costs: [cost()] });
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ success: true });
		expect(await costOf(1)).toBe('10.45'); // 10 over the two clicks of the 10th + 0.45 on the 11th
		const log = await api.post('/clicks/log', {
			range: { from: '2025-06-10', to: '2025-06-10' },
			columns: ['cost'],
			filters: [{ name: 'campaign_id', operator: 'EQUALS', expression: 1 }],
		});
		expect(log.data.rows).toEqual([{ cost: '5.0000' }, { cost: '5.0000' }]);
		expect(await costOf(3)).toBe('0.12'); // other campaign untouched
	});

	it('honours filters (comma lists) and only_campaign_uniques; drops a cost that matches no click', async () => {
		await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			costs: [cost({ filters: { sub_id_1: 'a,x', source: 'site.com' } })],
		});
		expect(await costOf(1)).toBe('10.90'); // 10 on the matching click + 0.45 + 0.45
		await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			costs: [cost({ cost: '6' })],
			only_campaign_uniques: 1,
		});
		expect(await costOf(1)).toBe('6.45'); // the unique click pays 6, the non-unique one 0
		await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			costs: [cost({ start_date: '2025-05-01 00:00', end_date: '2025-05-01 23:59' })],
		});
		expect(await costOf(1)).toBe('6.45'); // dropped: no click in range
		await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			costs: [cost({ filters: { sub_id_1: 'nobody' } })],
		});
		expect(await costOf(1)).toBe('6.45');
	});

	it('validates campaign_ids[], costs[] entries and the filter keys; top-level timezone/currency are a fallback', async () => {
		const missing = await api.post('/clicks/update_costs', { costs: [cost()] });
		expect(missing.status).toBe(422);
		expect(missing.data).toHaveProperty('campaign_ids');
		const entry = await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			costs: [{ start_date: '2025-06-10 00:00', end_date: '2025-06-10 23:59', cost: '1' }],
		});
		expect(entry.status).toBe(422);
		expect(entry.data.costs.join(' ')).toMatch(/timezone.*required|currency.*required/);
		const fallback = await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			timezone: 'UTC',
			currency: 'USD',
			costs: [{ start_date: '2025-06-10 00:00', end_date: '2025-06-10 23:59', cost: '1' }],
		});
		expect(fallback.status).toBe(200);
		const badKey = await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			costs: [cost({ filters: { country: 'DE' } })],
		});
		expect(badKey.status).toBe(422);
		expect(badKey.data.costs[0]).toContain("unknown key 'country'");
		const badDate = await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			costs: [cost({ start_date: 'yesterday' })],
		});
		expect(badDate.status).toBe(422);
		const numberCost = await api.post('/clicks/update_costs', {
			campaign_ids: [1],
			costs: [cost({ cost: 5 })],
		});
		expect(numberCost.status).toBe(422); // spec: cost is a string
	});

	it('campaigns/{id}/update_costs and clicks/clean', async () => {
		const ok = await api.post('/campaigns/1/update_costs', {
			start_date: '2025-06-11 00:00',
			end_date: '2025-06-11 23:59',
			timezone: 'Europe/Madrid',
			cost: '3',
			currency: 'EUR',
		});
		expect(ok.data).toEqual({ success: true });
		expect(await costOf(1)).toBe('3.90');
		const invalid = await api.post('/campaigns/1/update_costs', {
			start_date: '2025-06-11 00:00',
			end_date: '2025-06-11 23:59',
			timezone: 'UTC',
			cost: '3',
		});
		expect(invalid.status).toBe(422);
		expect(invalid.data).toEqual({ currency: ['Currency is required'] });
		expect(
			(
				await api.post('/campaigns/999/update_costs', {
					start_date: '2025-06-11 00:00',
					end_date: '2025-06-11 23:59',
					timezone: 'UTC',
					cost: '3',
					currency: 'USD',
				})
			).status,
		).toBe(404);
		const clean = await api.post('/clicks/clean', {
			start_date: '2025-06-10 00:00',
			end_date: '2025-06-10 23:59',
			campaign_id: 1,
		});
		expect(clean.data).toEqual({ success: true });
		expect(await costOf(1)).toBe('3.00');
		expect((await api.post('/clicks/clean', { start_date: '2025-06-10 00:00' })).status).toBe(422);
	});
});

describe('Keitaro mock: scenario driver for polling tests', () => {
	let mock: KeitaroMock;
	let api: AxiosInstance;
	beforeEach(async () => {
		mock = await startKeitaroMock({ seed: 21, seedData: { days: 0 } });
		api = client(mock);
	});
	afterEach(() => mock.close());

	it('addConversion defaults postback_datetime to the clock; setConversionStatus moves it and keeps previous_status', async () => {
		const s = mock.state;
		s.conversionTimeModel = 'moves'; // the `moves` time model (the default is `fixed`)
		expect(s.clock.toString()).toBe('2025-06-16 12:00:00');
		const c = s.addConversion({ status: 'lead', revenue: 20, original_status: 'hold' });
		expect(c).toMatchObject({
			conversion_id: 1,
			status: 'lead',
			previous_status: null,
			original_status: 'hold',
			postback_datetime: '2025-06-16 12:00:00',
		});
		s.clock.advance(90_000);
		const updated = s.setConversionStatus(c.conversion_id, 'sale');
		expect(updated).toMatchObject({
			status: 'sale',
			previous_status: 'lead',
			postback_datetime: '2025-06-16 12:01:30',
			sale_datetime: '2025-06-16 12:01:30',
		});
		expect(() => s.setConversionStatus(c.conversion_id, 'lead')).toThrow(/does not allow/);
		const rows = (
			await api.post('/conversions/log', {
				range: { from: '2025-06-16 12:01:00' },
				columns: ['conversion_id', 'status', 'previous_status', 'postback_datetime', 'sub_id'],
			})
		).data.rows as Row[];
		expect(rows).toEqual([
			{
				conversion_id: 1,
				status: 'sale',
				previous_status: 'lead',
				postback_datetime: '2025-06-16 12:01:30',
				sub_id: c.sub_id,
			},
		]);
		const report = await api.post('/report/build', { measures: ['leads', 'sales', 'revenue'] });
		expect(report.data.rows).toEqual([{ leads: 0, sales: 1, revenue: '20.00' }]);
	});

	it('onBeforeRespond can insert rows while pages are being read', async () => {
		const s = mock.state;
		for (let i = 0; i < 6; i++) s.addConversion({ postback_datetime: `2025-06-16 10:0${i}:00` });
		let inserted = 0;
		s.onBeforeRespond = ({ path }) => {
			if (path === '/conversions/log' && inserted < 2) {
				inserted++;
				s.addConversion({ postback_datetime: '2025-06-16 11:59:00' });
			}
		};
		const seen: number[] = [];
		let offset = 0;
		let total = 0;
		for (;;) {
			const res = await api.post('/conversions/log', {
				range: { interval: 'today' },
				columns: ['conversion_id'],
				sort: [
					{ name: 'postback_datetime', order: 'ASC' },
					{ name: 'conversion_id', order: 'ASC' },
				],
				limit: 3,
				offset,
			});
			total = res.data.total;
			const ids = (res.data.rows as Row[]).map((r) => r.conversion_id as number);
			seen.push(...ids);
			offset += ids.length;
			if (ids.length === 0 || offset >= total) break;
		}
		expect(inserted).toBe(2);
		expect(total).toBe(8);
		expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('is deterministic for a seed', async () => {
		const a = await startKeitaroMock({ seed: 77 });
		const b = await startKeitaroMock({ seed: 77 });
		const c = await startKeitaroMock({ seed: 78 });
		try {
			const body = {
				range: { interval: 'all_time' },
				columns: ['conversion_id', 'sub_id', 'tid', 'postback_datetime', 'status', 'revenue'],
				limit: 50,
			};
			const [ra, rb, rc] = await Promise.all(
				[a, b, c].map((m) => client(m).post('/conversions/log', body)),
			);
			expect(ra.data).toEqual(rb.data);
			expect(ra.data).not.toEqual(rc.data);
			expect(a.apiKey).toBe(b.apiKey);
			expect((await client(a).get('/campaigns')).data).toEqual(
				(await client(b).get('/campaigns')).data,
			);
		} finally {
			await Promise.all([a.close(), b.close(), c.close()]);
		}
	});

	it('seedConversions handles 200,000 rows and pages through them quickly', async () => {
		const s = mock.state;
		// CPU time of this process (robust to a loaded machine); bounds catch an accidental O(n²),
		// they are ~10x what an idle box needs.
		const cpuMs = (since: NodeJS.CpuUsage) => {
			const d = process.cpuUsage(since);
			return (d.user + d.system) / 1000;
		};
		let t = process.cpuUsage();
		const seeded = s.seedConversions(200_000, {
			from: '2025-05-17 00:00:00',
			to: '2025-06-16 11:59:59',
			seed: 5,
		});
		const seedMs = cpuMs(t);
		expect(seeded).toEqual({ count: 200_000, firstConversionId: 1, lastConversionId: 200_000 });
		expect(seedMs).toBeLessThan(8000);
		const body = (offset: number) => ({
			range: { from: '2025-06-01', to: '2025-06-10', timezone: 'UTC' },
			columns: ['conversion_id', 'postback_datetime', 'status'],
			sort: [
				{ name: 'postback_datetime', order: 'ASC' },
				{ name: 'conversion_id', order: 'ASC' },
			],
			limit: 1000,
			offset,
		});
		t = process.cpuUsage();
		const first = await api.post('/conversions/log', body(0));
		const last = await api.post('/conversions/log', body(first.data.total - 1000));
		const pageMs = cpuMs(t);
		expect(first.data.total).toBeGreaterThan(60_000);
		expect(first.data.total).toBeLessThan(75_000);
		const rows = [...(first.data.rows as Row[]), ...(last.data.rows as Row[])];
		for (let i = 1; i < first.data.rows.length; i++) {
			const [a, b] = [rows[i - 1], rows[i]];
			expect(
				String(a.postback_datetime) < String(b.postback_datetime) ||
					(a.postback_datetime === b.postback_datetime &&
						(a.conversion_id as number) < (b.conversion_id as number)),
			).toBe(true);
		}
		expect(String(last.data.rows[999].postback_datetime) <= '2025-06-10 23:59:59').toBe(true);
		expect(pageMs).toBeLessThan(3000);
		// A filtered + DESC query sorts once, then pages from a cache.
		const filtered = {
			range: { interval: 'all_time' },
			columns: ['conversion_id'],
			filters: [{ name: 'status', operator: 'EQUALS', expression: 'rejected' }],
			sort: [{ name: 'postback_datetime', order: 'DESC' }],
			limit: 500,
		};
		const p1 = await api.post('/conversions/log', { ...filtered, offset: 0 });
		t = process.cpuUsage();
		const p2 = await api.post('/conversions/log', { ...filtered, offset: 500 });
		expect(cpuMs(t)).toBeLessThan(1000);
		expect(p1.data.total).toBe(p2.data.total);
		expect(p1.data.total).toBeGreaterThan(15_000);
		const report = await api.post('/report/build', {
			range: { interval: 'all_time' },
			dimensions: ['day'],
			measures: ['conversions', 'rejected'],
			summary: true,
		});
		expect(report.data.summary.conversions + report.data.summary.rejected).toBe(200_000);
	});
});

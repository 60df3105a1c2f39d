import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { voluumProfile } from '../../nodes/Voluum/transport/profile';
import { trackerRequest } from '../../nodes/shared/transport';
import { Harness, createContext } from '../helpers/n8n';
import { startVoluumMock, type VoluumMock } from '../mock-servers/voluum/server';

describe('Voluum session credential against the Voluum mock', () => {
	let mock: VoluumMock;
	beforeEach(async () => {
		mock = await startVoluumMock();
	});
	afterEach(async () => await mock.close());

	function setup(data: Record<string, unknown>) {
		const harness = new Harness().addCredential(new VoluumApi(), { url: mock.url, sessionToken: '', ...data });
		const ctx = createContext({ harness });
		return { harness, ctx };
	}

	it('logs in with the access key, stores the token and sends it as cwauth-token', async () => {
		const { harness, ctx } = setup({ authType: 'accessKey', accessId: mock.accessId, secretKey: mock.accessKey });
		const me = await trackerRequest.call(ctx, voluumProfile, { method: 'GET', path: '/user/current' });
		expect(me).toMatchObject({ email: mock.email });
		expect(mock.logins).toBe(1);
		const stored = harness.credentials.get('voluumApi')!.data.sessionToken as string;
		expect(stored).toMatch(/^[0-9a-f]{32}$/);
		const userCall = mock.requests.entries.find((e) => e.path === '/user/current')!;
		expect(userCall.headers['cwauth-token']).toBe(stored);
		// a second call reuses the token: no new login
		await trackerRequest.call(ctx, voluumProfile, { method: 'GET', path: '/user/current' });
		expect(mock.logins).toBe(1);
	});

	it('logs in with email and password too', async () => {
		const { ctx } = setup({ authType: 'password', email: mock.email, password: mock.password });
		await trackerRequest.call(ctx, voluumProfile, { method: 'GET', path: '/user/current' });
		expect(mock.requests.entries[0].path).toBe('/auth/session');
		expect(mock.logins).toBe(1);
	});

	it('on expiry: 401 → exactly one refresh → success', async () => {
		const { harness, ctx } = setup({ authType: 'accessKey', accessId: mock.accessId, secretKey: mock.accessKey });
		await trackerRequest.call(ctx, voluumProfile, { method: 'GET', path: '/user/current' });
		const first = harness.credentials.get('voluumApi')!.data.sessionToken;
		expect(mock.tokens.expireAll()).toBe(1);
		const me = await trackerRequest.call(ctx, voluumProfile, { method: 'GET', path: '/user/current' });
		expect(me).toMatchObject({ email: mock.email });
		expect(mock.logins).toBe(2);
		const second = harness.credentials.get('voluumApi')!.data.sessionToken;
		expect(second).not.toBe(first);
		const statuses = mock.requests.entries.map((e) => `${e.method} ${e.path} ${e.status}`);
		expect(statuses).toEqual([
			'POST /auth/access/session 200',
			'GET /user/current 200',
			'GET /user/current 401',
			'POST /auth/access/session 200',
			'GET /user/current 200',
		]);
	});

	it('token expiry injected by the fault layer mid-run is survived the same way', async () => {
		const { ctx } = setup({ authType: 'accessKey', accessId: mock.accessId, secretKey: mock.accessKey });
		await trackerRequest.call(ctx, voluumProfile, { method: 'GET', path: '/user/current' });
		mock.faults.add({ path: '/report/conversions', expireTokens: true, times: 1 });
		const res = await trackerRequest.call(ctx, voluumProfile, {
			method: 'GET',
			path: '/report/conversions',
			qs: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', tz: 'Etc/GMT' },
		});
		expect(res).toMatchObject({ rows: [], totalRows: 0 });
		expect(mock.logins).toBe(2);
	});

	it('wrong keys give a clear error without the secret', async () => {
		const secret = 'totally-wrong-secret-value';
		const { ctx } = setup({ authType: 'accessKey', accessId: mock.accessId, secretKey: secret });
		const err = await trackerRequest
			.call(ctx, voluumProfile, { method: 'GET', path: '/user/current' })
			.then(
				() => undefined,
				(e: unknown) => e as Error & { description?: string; httpCode?: string },
			);
		if (!err) throw new Error('expected the login to fail');
		expect(err).toBeInstanceOf(Error);
		expect(err.message).toBe('Voluum rejected the API key (HTTP 401)');
		expect(err.httpCode).toBe('401');
		expect(err.description).toContain('access key');
		const serialised = JSON.stringify({ m: err.message, d: err.description, e: err });
		expect(serialised).not.toContain(secret);
		expect(mock.logins).toBe(0);
	});

	it('the credential test logs in and checks /user/current', async () => {
		const ok = setup({ authType: 'accessKey', accessId: mock.accessId, secretKey: mock.accessKey });
		await expect(ok.harness.testCredential('voluumApi')).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		const bad = setup({ authType: 'accessKey', accessId: mock.accessId, secretKey: 'nope-nope' });
		const res = await bad.harness.testCredential('voluumApi');
		expect(res.status).toBe('Error');
		expect(res.message).toMatch(/^Voluum rejected the API key \(HTTP 401\)\. Check the API key/);
		expect(res.message).not.toContain('nope-nope');
	});

	it('an unreachable URL is explained in the credential test', async () => {
		const dead = await startVoluumMock();
		const deadUrl = dead.url;
		await dead.close();
		const h = new Harness().addCredential(new VoluumApi(), { url: deadUrl, authType: 'accessKey', accessId: 'a', secretKey: 'bbbb', sessionToken: '' });
		const res = await h.testCredential('voluumApi');
		expect(res).toEqual({ status: 'Error', message: expect.stringMatching(/^Could not connect to 127\.0\.0\.1:\d+: the connection was refused\./) });
	});
});

/**
 * The BeMob (beta) mock itself: two-key header auth, 422 validation_required, report maths with
 * status changes of past conversions, no conversion log, the campaigns probe, faults.
 */
import { BeMobApi } from '../../credentials/BeMobApi.credentials';
import { Harness } from '../helpers/n8n';
import { BeMobState, startBeMobMock, type BeMobMock } from '../mock-servers/bemob/server';

interface Res {
	status: number;
	headers: Headers;
	text: string;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function get(
	mock: BeMobMock,
	path: string,
	query: Record<string, string | number> = {},
	headers: Record<string, string> = {
		'X-Access-Key': mock.accessKey,
		'X-Secret-Key': mock.secretKey,
	},
): Promise<Res> {
	const url = new URL(mock.url + path);
	for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
	const res = await fetch(url, { headers });
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

describe('BeMob mock (beta)', () => {
	let mock: BeMobMock;
	beforeEach(async () => {
		mock = await startBeMobMock({ seed: 11 });
	});
	afterEach(async () => await mock.close());

	it('needs both X-Access-Key and X-Secret-Key', async () => {
		expect((await get(mock, '/v1/campaigns', { limit: 1 })).status).toBe(200);
		expect(
			(
				await get(
					mock,
					'/v1/campaigns',
					{ limit: 1 },
					{ 'x-access-key': mock.accessKey, 'x-secret-key': mock.secretKey },
				)
			).status,
		).toBe(200);
		const onlyOne = await get(
			mock,
			'/v1/campaigns',
			{ limit: 1 },
			{ 'X-Access-Key': mock.accessKey },
		);
		expect(onlyOne.status).toBe(401);
		expect(onlyOne.json).toMatchObject({ code: 'unauthorized' });
		expect(
			(
				await get(
					mock,
					'/v1/campaigns',
					{},
					{ 'X-Api-Key': mock.accessKey, 'X-Api-Secret': mock.secretKey },
				)
			).status,
		).toBe(401);
		expect(
			(
				await get(
					mock,
					'/v1/campaigns',
					{ accessKey: mock.accessKey, secretKey: mock.secretKey },
					{},
				)
			).status,
		).toBe(401);
	});

	it('answers the credential probe /v1/campaigns?limit=1 with {payload:[...]}', async () => {
		const res = await get(mock, '/v1/campaigns', { limit: 1 });
		expect(res.json.payload).toHaveLength(1);
		expect(res.json.payload[0]).toEqual(
			expect.objectContaining({
				id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				name: expect.any(String),
				nameFull: expect.any(String),
				workspaceId: expect.any(String),
				trafficSourceId: expect.any(String),
				status: 'active',
			}),
		);
		expect((await get(mock, '/v1/campaigns', { status: 'paused' })).json.payload).toHaveLength(1);
		const ok = new Harness().addCredential(new BeMobApi(), {
			url: mock.url,
			apiKey: mock.accessKey,
			secretKey: mock.secretKey,
		});
		await expect(ok.testCredential('beMobApi')).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const bad = new Harness().addCredential(new BeMobApi(), {
			url: `${mock.url}/v1`,
			apiKey: mock.accessKey,
			secretKey: 'wrong',
		});
		expect((await bad.testCredential('beMobApi')).status).toBe('Error');
	});

	it('has no conversion log (404) and serves HTML outside /v1', async () => {
		const conv = await get(mock, '/v1/conversions', {
			from: '2025-06-16 00:00:00',
			to: '2025-06-16 23:59:59',
		});
		expect(conv.status).toBe(404);
		expect(conv.json).toMatchObject({ code: 'not_found' });
		const page = await get(mock, '/campaigns');
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/html/);
	});

	describe('GET /v1/report', () => {
		it('answers 422 validation_required without from/to (after auth unless validateBeforeAuth)', async () => {
			const res = await get(mock, '/v1/report', { groupBy: 'campaign' });
			expect(res.status).toBe(422);
			expect(res.json).toMatchObject({
				code: 'validation_required',
				errors: { from: ['validation_required'], to: ['validation_required'] },
			});
			expect((await get(mock, '/v1/report', { groupBy: 'campaign' }, {})).status).toBe(401);
			mock.options.validateBeforeAuth = true;
			expect((await get(mock, '/v1/report', { groupBy: 'campaign' }, {})).status).toBe(422);
			expect(
				(await get(mock, '/v1/report', { from: '2025-06-16 00:00:00', to: '2025-06-16 23:59:59' }))
					.json.code,
			).toBe('validation_required');
		});

		it('accepts ISO or "YYYY-MM-DD HH:MM:SS" and rejects other formats with 422', async () => {
			for (const [from, to] of [
				['2025-06-16T00:00:00Z', '2025-06-16T23:59:59Z'],
				['2025-06-16T02:00:00+02:00', '2025-06-17T01:59:59+02:00'],
				['2025-06-16 00:00:00', '2025-06-16 23:59:59'],
			]) {
				expect((await get(mock, '/v1/report', { groupBy: 'campaign', from, to })).status).toBe(200);
			}
			for (const from of [
				'2025-06-16',
				'2025-06-16T00:00:00',
				'1750032000',
				'2025-13-01 00:00:00',
			]) {
				const res = await get(mock, '/v1/report', {
					groupBy: 'campaign',
					from,
					to: '2025-06-16 23:59:59',
				});
				expect(res.status).toBe(422);
				expect(res.json.code).toBe('validation_date_format');
			}
			expect(
				(
					await get(mock, '/v1/report', {
						groupBy: 'planet',
						from: '2025-06-16 00:00:00',
						to: '2025-06-16 23:59:59',
					})
				).json.code,
			).toBe('validation_in');
		});

		it('aggregates a day, and a status change of a past conversion changes that day', async () => {
			const campaign = mock.state.addCampaign({ name: 'Report', cost: 0.1 });
			for (let i = 0; i < 9; i++)
				mock.state.addVisit({
					campaignId: campaign.id,
					at: '2025-06-14T10:00:00Z',
					clicked: i < 3,
				});
			const c = mock.state.addConversion({
				campaignId: campaign.id,
				at: '2025-06-14T23:59:59Z',
				visitAt: '2025-06-14T10:00:00Z',
				payout: 4,
				status: 'new',
			});
			const q = {
				groupBy: 'campaign,day',
				from: '2025-06-14 00:00:00',
				to: '2025-06-14 23:59:59',
				sort: 'campaignName',
				direction: 'asc',
			};
			const row = async () =>
				(await get(mock, '/v1/report', q)).json.payload.rows.find(
					(r: { campaignId: string }) => r.campaignId === campaign.id,
				);
			expect(await row()).toMatchObject({
				campaignName: 'Report',
				day: '2025-06-14',
				visits: 10,
				clicks: 4,
				conversions: 1,
				pending: 1,
				revenue: 4,
				cost: 1,
				profit: 3,
				roi: 300,
			});
			mock.state.setConversionStatus(c.txid, 'decline');
			expect(await row()).toMatchObject({ conversions: 0, declined: 1, revenue: 0, profit: -1 });
			mock.state.setConversionStatus(c.cid, 'confirm');
			expect(await row()).toMatchObject({ conversions: 1, approved: 1, revenue: 4 });
			// `to` is inclusive to the second
			const edge = await get(mock, '/v1/report', {
				...q,
				from: '2025-06-14 23:59:59',
				to: '2025-06-14 23:59:59',
			});
			expect(
				edge.json.payload.rows.find((r: { campaignId: string }) => r.campaignId === campaign.id),
			).toMatchObject({ conversions: 1, visits: 0 });
			const cols = await get(mock, '/v1/report', { ...q, columns: 'revenue' });
			expect(Object.keys(cols.json.payload.rows[0])).toEqual([
				'campaignId',
				'campaignName',
				'day',
				'revenue',
			]);
			expect(cols.json.payload).toHaveProperty('total');
			expect(cols.json.payload).toHaveProperty('totals');
		});

		it('reads "YYYY-MM-DD HH:MM:SS" in the account timezone and pages', async () => {
			const tzMock = await startBeMobMock({ timezone: 'Asia/Kolkata', seedData: false });
			try {
				tzMock.state.trafficSources.push({ id: 'ts', name: 'TS' });
				const campaign = tzMock.state.addCampaign({ name: 'IST' });
				tzMock.state.addVisit({ campaignId: campaign.id, at: '2025-06-15T20:00:00Z' }); // 01:30 on the 16th IST
				const ist = await get(tzMock, '/v1/report', {
					groupBy: 'day',
					from: '2025-06-16 00:00:00',
					to: '2025-06-16 23:59:59',
				});
				expect(ist.json.payload.rows).toEqual([
					expect.objectContaining({ day: '2025-06-16', visits: 1 }),
				]);
				tzMock.state.seedConversions(30, {
					from: '2025-06-16T00:00:00Z',
					to: '2025-06-16T01:00:00Z',
				});
				const page = await get(tzMock, '/v1/report', {
					groupBy: 'hour',
					from: '2025-06-16T00:00:00Z',
					to: '2025-06-16T23:59:59Z',
					limit: 1,
					offset: 1,
					sort: 'hour',
					direction: 'asc',
				});
				expect(page.json.payload.total).toBeGreaterThan(1);
				expect(page.json.payload.rows).toHaveLength(1);
			} finally {
				await tzMock.close();
			}
		});
	});

	it('runs the fault layer first and can rate-limit when asked', async () => {
		mock.faults.add({ path: '/v1/report', status: 503, retryAfter: 1, times: 1 });
		const q = { groupBy: 'campaign', from: '2025-06-16 00:00:00', to: '2025-06-16 23:59:59' };
		expect((await get(mock, '/v1/report', q)).status).toBe(503);
		expect((await get(mock, '/v1/report', q)).status).toBe(200);
		const limited = await startBeMobMock({
			rateLimit: { limit: 2, windowMs: 60_000, clock: 'mock' },
		});
		try {
			const statuses = [];
			for (let i = 0; i < 3; i++) statuses.push((await get(limited, '/v1/campaigns')).status);
			expect(statuses).toEqual([200, 200, 429]);
		} finally {
			await limited.close();
		}
	});

	it('seeds the same data for the same seed, different data for another', () => {
		const snap = (seed: number) => {
			const s = new BeMobState({ seed });
			s.seedDefaults();
			return JSON.stringify([s.campaigns, s.visits, s.conversions]);
		};
		expect(snap(4)).toBe(snap(4));
		expect(snap(4)).not.toBe(snap(5));
	});
});

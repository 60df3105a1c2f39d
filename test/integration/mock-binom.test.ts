/**
 * The Binom v2 mock itself: api-key header, datePreset/custom_time windows, in-place status and
 * upsell payout changes, paging, bracket-array groupings, the /info probe, faults.
 */
import { BinomApi } from '../../credentials/BinomApi.credentials';
import { Harness } from '../helpers/n8n';
import { BinomState, startBinomMock, type BinomMock } from '../mock-servers/binom/server';

interface Res {
	status: number;
	headers: Headers;
	text: string;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function get(
	mock: BinomMock,
	path: string,
	query: Record<string, string | number | string[]> = {},
	headers: Record<string, string> = { 'api-key': mock.apiKey },
): Promise<Res> {
	const url = new URL(
		path.startsWith('/public') || !path.startsWith('/') ? mock.url + path : mock.apiUrl + path,
	);
	for (const [k, v] of Object.entries(query))
		for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(one));
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

const custom = (from: string, to: string, timezone = 'UTC') => ({
	datePreset: 'custom_time',
	dateFrom: from,
	dateTo: to,
	timezone,
});

describe('Binom v2 mock', () => {
	let mock: BinomMock;
	beforeEach(async () => {
		mock = await startBinomMock({ seed: 3 });
	});
	afterEach(async () => await mock.close());

	describe('auth, probe and routing', () => {
		it('accepts only the api-key header', async () => {
			const q = { datePreset: 'today', timezone: 'UTC', limit: 1 };
			expect((await get(mock, '/info/campaign', q)).status).toBe(200);
			expect((await get(mock, '/info/campaign', q, { 'Api-Key': mock.apiKey })).status).toBe(200);
			const missing = await get(mock, '/info/campaign', q, {});
			expect(missing.status).toBe(401);
			expect(missing.json).toEqual({ error: 'Invalid API key' });
			expect((await get(mock, '/info/campaign', q, { 'api-key': 'nope' })).status).toBe(401);
			expect(
				(await get(mock, '/info/campaign', q, { Authorization: `Bearer ${mock.apiKey}` })).status,
			).toBe(401);
			mock.options.acceptBearer = true;
			expect(
				(await get(mock, '/info/campaign', q, { Authorization: `Bearer ${mock.apiKey}` })).status,
			).toBe(200);
		});

		it('answers the credential probe (/info/campaign) with entity rows plus a totals row', async () => {
			const res = await get(mock, '/info/campaign', {
				datePreset: 'today',
				timezone: 'UTC',
				limit: 1,
			});
			expect(res.json).toHaveLength(2);
			expect(res.json[0]).toEqual(
				expect.objectContaining({
					id: 1,
					name: expect.any(String),
					is_deleted: false,
					clicks: expect.stringMatching(/^\d+$/),
				}),
			);
			expect(res.json[1]).toMatchObject({ id: 'totals', total_count: 4 });
			const ok = new Harness().addCredential(new BinomApi(), {
				url: `${mock.url}/public/api/v1`,
				apiKey: mock.apiKey,
			});
			await expect(ok.testCredential('binomApi')).resolves.toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			const badKey = new Harness().addCredential(new BinomApi(), {
				url: mock.url,
				apiKey: 'wrong-key',
			});
			expect((await badKey.testCredential('binomApi')).status).toBe('Error');
		});

		it('serves the login page outside /public/api and JSON 404 inside', async () => {
			const page = await fetch(`${mock.url}/index.php`);
			expect(page.status).toBe(200);
			expect(page.headers.get('content-type')).toMatch(/html/);
			const unknown = await get(mock, '/nothing', { datePreset: 'today' });
			expect(unknown.status).toBe(404);
			expect(unknown.json).toEqual({ error: 'Not found' });
		});
	});

	describe('GET /conversions', () => {
		it('validates datePreset, custom_time bounds, timezone and limit', async () => {
			expect((await get(mock, '/conversions', { timezone: 'UTC' })).status).toBe(400);
			expect(
				(await get(mock, '/conversions', { datePreset: 'last_5_days', timezone: 'UTC' })).status,
			).toBe(400);
			expect(
				(
					await get(mock, '/conversions', {
						datePreset: 'custom_time',
						timezone: 'UTC',
						dateFrom: '2025-06-16 00:00:00',
					})
				).status,
			).toBe(400);
			for (const bad of [
				'2025-06-16T00:00:00',
				'2025-06-16',
				'2025-06-16 00:00',
				'16.06.2025 00:00:00',
				'2025-06-16 24:00:00',
			]) {
				const res = await get(mock, '/conversions', custom(bad, '2025-06-16 23:59:59'));
				expect(res.status).toBe(400);
				expect(res.json.error).toMatch(/dateFrom/);
			}
			expect(
				(await get(mock, '/conversions', { datePreset: 'today', timezone: 'Nowhere/City' })).status,
			).toBe(400);
			expect(
				(await get(mock, '/conversions', { datePreset: 'today', timezone: 'UTC', limit: 10001 }))
					.status,
			).toBe(400);
			expect(
				(await get(mock, '/conversions', { datePreset: 'today', timezone: 'UTC', sortType: 'up' }))
					.status,
			).toBe(400);
			expect(
				(
					await get(mock, '/conversions', {
						datePreset: 'today',
						timezone: 'UTC',
						sortColumn: 'nope',
					})
				).status,
			).toBe(400);
			const ok = await get(mock, '/conversions', {
				datePreset: 'all_time',
				timezone: 'UTC',
				limit: 10000,
			});
			expect(ok.status).toBe(200);
			expect(Object.keys(ok.json)).toEqual(['rows']);
		});

		it('filters on conversed_at with inclusive bounds and renders times in the timezone', async () => {
			const c = mock.state.addConversion({
				at: '2025-06-16T10:00:00Z',
				clickAt: '2025-06-15T23:30:00Z',
				status: 'lead',
				payout: 12.5,
			});
			const window = async (from: string, to: string) =>
				(await get(mock, '/conversions', custom(from, to))).json.rows.map(
					(r: { id: string }) => r.id,
				);
			expect(await window('2025-06-16 10:00:00', '2025-06-16 10:00:00')).toEqual([c.id]);
			expect(await window('2025-06-16 09:00:00', '2025-06-16 09:59:59')).not.toContain(c.id);
			expect(await window('2025-06-15 23:00:00', '2025-06-15 23:59:59')).not.toContain(c.id); // click time does not count
			const row = (
				await get(
					mock,
					'/conversions',
					custom('2025-06-16 13:00:00', '2025-06-16 13:00:00', 'Europe/Moscow'),
				)
			).json.rows[0];
			expect(row).toEqual({
				id: c.id,
				campaign: expect.any(String),
				traffic_source: expect.any(String),
				offer: expect.any(String),
				clicked_at: '2025-06-16 02:30:00',
				conversed_at: '2025-06-16 13:00:00',
				time_since_click: '37800',
				payout: '12.5',
				status: 'lead',
				geo: expect.stringMatching(/^[A-Z]{2}$/),
			});
			// without timezone the user's timezone (Europe/Moscow) applies
			const noTz = await get(mock, '/conversions', {
				datePreset: 'custom_time',
				dateFrom: '2025-06-16 13:00:00',
				dateTo: '2025-06-16 13:00:00',
			});
			expect(noTz.json.rows.map((r: { id: string }) => r.id)).toEqual([c.id]);
			mock.options.conversionDateField = 'clicked_at';
			expect(await window('2025-06-15 23:00:00', '2025-06-15 23:59:59')).toContain(c.id);
		});

		it('mutates status and payout in place (upsell adds payout, same click id, same conversed_at)', async () => {
			const c = mock.state.addConversion({
				at: '2025-06-16T11:00:00Z',
				status: 'lead',
				payout: 10,
			});
			mock.state.clock.advance(3600_000);
			mock.state.upsell(c.id, 5);
			mock.state.setConversionStatus(c.id, 'approve');
			mock.state.addConversion({ clickId: c.id, payout: 2.25, status: 'Upsell' }); // a postback on the same click
			const rows = (
				await get(mock, '/conversions', custom('2025-06-16 11:00:00', '2025-06-16 11:00:00'))
			).json.rows;
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({
				id: c.id,
				payout: '17.25',
				status: 'Upsell',
				conversed_at: '2025-06-16 11:00:00',
			});
			mock.state.upsellEnabled = false;
			mock.state.upsell(c.id, 3);
			expect(mock.state.getConversion(c.id)?.payout).toBe(3);
			mock.state.touchConversedAt = true;
			mock.state.setConversionStatus(c.id, 'reject');
			expect(
				(await get(mock, '/conversions', custom('2025-06-16 13:00:00', '2025-06-16 13:00:00'))).json
					.rows[0],
			).toMatchObject({ id: c.id, status: 'reject' });
		});

		it('pages with limit/offset and sortType, and a hook can insert a late row mid-paging', async () => {
			mock.state.conversions.length = 0;
			mock.state.seedConversions(7, { from: '2025-06-16T08:00:00Z', to: '2025-06-16T08:06:00Z' });
			const q = {
				...custom('2025-06-16 08:00:00', '2025-06-16 08:59:59'),
				sortType: 'asc',
				limit: 3,
			};
			const p1 = (await get(mock, '/conversions', { ...q, offset: 0 })).json.rows;
			mock.state.onBeforeRespond = ({ query }) => {
				if (query.offset === '3') mock.state.addConversion({ at: '2025-06-16T08:00:30Z' }); // late, sorts into page 1
			};
			const p2 = (await get(mock, '/conversions', { ...q, offset: 3 })).json.rows;
			mock.state.onBeforeRespond = null;
			const p3 = (await get(mock, '/conversions', { ...q, offset: 6 })).json.rows;
			const ids = [...p1, ...p2, ...p3].map((r: { id: string }) => r.id);
			expect(ids).toHaveLength(8);
			expect(new Set(ids).size).toBe(7); // one row read twice, the late one never
			expect(p1.map((r: { conversed_at: string }) => r.conversed_at)).toEqual([
				'2025-06-16 08:00:00',
				'2025-06-16 08:01:00',
				'2025-06-16 08:02:00',
			]);
			const desc = (await get(mock, '/conversions', { ...q, sortType: 'desc', limit: 1 })).json
				.rows[0];
			expect(desc.conversed_at).toBe('2025-06-16 08:06:00');
		});

		it('keeps many rows in the same second distinct and bulk-seeds 10k+ rows', async () => {
			const same = mock.state.addConversions(25, { at: '2025-06-16T11:59:59Z' });
			const rows = (
				await get(mock, '/conversions', custom('2025-06-16 11:59:59', '2025-06-16 11:59:59'))
			).json.rows;
			expect(new Set(rows.map((r: { id: string }) => r.id))).toEqual(
				new Set(same.map((c) => c.id)),
			);
			mock.state.seedConversions(10_100, {
				from: '2025-06-10T00:00:00Z',
				to: '2025-06-10T23:00:00Z',
			});
			const last = await get(mock, '/conversions', {
				...custom('2025-06-10 00:00:00', '2025-06-10 23:59:59'),
				limit: 100,
				offset: 10_050,
			});
			expect(last.json.rows).toHaveLength(50);
		});
	});

	describe('GET /clicklog and /report/{entity}', () => {
		it('lists clicks by click time', async () => {
			const k = mock.state.addClick({ at: '2025-06-16T11:30:00Z' });
			const res = await get(
				mock,
				'/clicklog',
				custom('2025-06-16 11:30:00', '2025-06-16 11:30:00'),
			);
			expect(res.json.rows).toEqual([
				expect.objectContaining({
					id: k.id,
					clicked_date: '2025-06-16',
					click_time: '2025-06-16 11:30:00',
					campaign_id: k.campaignId,
					conversion: 0,
				}),
			]);
			expect((await get(mock, '/clicklog', { timezone: 'UTC' })).status).toBe(400);
		});

		it('needs groupings[] as a bracket array and returns hierarchical rows with string metrics', async () => {
			const base = { ...custom('2025-06-16 00:00:00', '2025-06-16 23:59:59') };
			expect((await get(mock, '/report/campaign', { ...base, groupings: 'offer' })).status).toBe(
				400,
			);
			expect((await get(mock, '/report/campaign', base)).status).toBe(400);
			expect(
				(await get(mock, '/report/campaign', { ...base, 'groupings[]': ['offer', 'rotation'] }))
					.status,
			).toBe(400);
			expect((await get(mock, '/report/planet', { ...base, 'groupings[]': 'offer' })).status).toBe(
				404,
			);
			const campaign = mock.state.addCampaign({ name: 'Grouped' });
			mock.state.addClick({
				campaignId: campaign.id,
				at: '2025-06-16T10:00:00Z',
				country: 'DE',
				cost: 0.5,
			});
			mock.state.addConversion({
				campaignId: campaign.id,
				clickAt: '2025-06-16T10:00:00Z',
				at: '2025-06-16T10:05:00Z',
				country: 'US',
				payout: 4,
			});
			const res = await get(mock, '/report/campaign', {
				...base,
				'ids[]': String(campaign.id),
				'groupings[]': ['campaign', 'geoCountry'],
				sortColumn: 'name',
				sortType: 'asc',
			});
			expect(res.status).toBe(200);
			expect(res.json.map((r: { level: number; name: string }) => `${r.level}:${r.name}`)).toEqual([
				'1:Grouped',
				'2:DE',
				'2:US',
			]);
			expect(res.json[0]).toMatchObject({
				clicks: '2',
				leads: '1',
				revenue: '4',
				grouping: 'campaign',
			});
			expect(res.json[2]).toMatchObject({
				campaign_id: campaign.id,
				clicks: '1',
				leads: '1',
				revenue: '4',
			});
		});
	});

	it('runs the fault layer first', async () => {
		mock.faults.add({
			path: '/public/api/v1/conversions',
			status: 502,
			body: '<html>Bad gateway</html>',
			contentType: 'text/html',
			times: 1,
		});
		const q = { datePreset: 'today', timezone: 'UTC' };
		const r1 = await get(mock, '/conversions', q);
		expect(r1.status).toBe(502);
		expect(r1.text).toContain('Bad gateway');
		mock.faults.add({ path: '/public/api/v1/conversions', delayMs: 150, times: 1 });
		const t0 = Date.now();
		expect((await get(mock, '/conversions', q)).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	it('seeds the same data for the same seed, different data for another', () => {
		const snap = (seed: number) => {
			const s = new BinomState({ seed });
			s.seedDefaults();
			return JSON.stringify([s.campaigns, s.clicks, s.conversions]);
		};
		expect(snap(4)).toBe(snap(4));
		expect(snap(4)).not.toBe(snap(5));
	});
});

/**
 * The RedTrack mock itself: api_key auth, date-only windows in the account timezone, `per`
 * limits, status flips on the same id, late postbacks, the /report 20 RPM limit, faults.
 */
import {
	RedTrackState,
	startRedTrackMock,
	type RedTrackMock,
} from '../mock-servers/redtrack/server';

interface Res {
	status: number;
	headers: Headers;
	text: string;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function get(
	mock: RedTrackMock,
	path: string,
	query: Record<string, string | number> = {},
	key: string | null = mock.apiKey,
): Promise<Res> {
	const url = new URL(mock.url + path);
	if (key !== null) url.searchParams.set('api_key', key);
	for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
	const res = await fetch(url);
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

describe('RedTrack mock', () => {
	let mock: RedTrackMock;
	beforeEach(async () => {
		mock = await startRedTrackMock({ seed: 5, reportRateLimit: { clock: 'mock' } });
	});
	afterEach(async () => await mock.close());

	describe('auth and settings', () => {
		it('needs api_key in the query on every call (401 api.Err otherwise)', async () => {
			const missing = await get(mock, '/me/settings', {}, null);
			expect(missing.status).toBe(401);
			expect(missing.json).toEqual({ error: expect.any(String) });
			expect((await get(mock, '/me/settings', {}, 'wrong')).status).toBe(401);
			const header = await fetch(`${mock.url}/me/settings`, {
				headers: { 'api-key': mock.apiKey, Authorization: `Bearer ${mock.apiKey}` },
			});
			expect(header.status).toBe(401);
			const ok = await get(mock, '/me/settings');
			expect(ok.status).toBe(200);
			expect(ok.json).toMatchObject({
				timezone: 'Europe/Berlin',
				currency: 'EUR',
				conversion_types: { default_type: 'Conversion', type1: 'Lead' },
			});
			mock.options.settingsShape = 'array';
			expect(Array.isArray((await get(mock, '/me/settings')).json)).toBe(true);
		});

		it('serves the wrong-URL trap and gin 404s', async () => {
			const page = await get(mock, '/dashboard');
			expect(page.status).toBe(200);
			expect(page.headers.get('content-type')).toMatch(/html/);
			const unknown = await get(mock, '/campaigns/abc/def');
			expect(unknown.status).toBe(404);
			expect(unknown.text).toBe('404 page not found');
		});
	});

	describe('GET /conversions', () => {
		it('requires date_from/date_to as YYYY-MM-DD dates', async () => {
			expect((await get(mock, '/conversions')).status).toBe(400);
			expect((await get(mock, '/conversions', { date_from: '2025-06-16' })).status).toBe(400);
			for (const bad of [
				'2025-06-16 00:00:00',
				'2025-06-16T00:00:00Z',
				'16.06.2025',
				'2025-02-30',
				'1750032000',
			]) {
				const res = await get(mock, '/conversions', { date_from: bad, date_to: '2025-06-16' });
				expect(res.status).toBe(400);
				expect(res.json.error).toMatch(/date_from/);
			}
			expect(
				(await get(mock, '/conversions', { date_from: '2025-06-17', date_to: '2025-06-16' }))
					.status,
			).toBe(400);
			expect(
				(
					await get(mock, '/conversions', {
						date_from: '2025-06-16',
						date_to: '2025-06-16',
						time_interval: 'lastcentury',
					})
				).status,
			).toBe(400);
			expect(
				(await get(mock, '/conversions', { date_from: '2025-06-16', date_to: '2025-06-16' }))
					.status,
			).toBe(200);
		});

		it('reads the dates in the account timezone and renders conv_time there', async () => {
			// 22:30 UTC on the 15th is 00:30 on the 16th in Berlin (CEST)
			const c = mock.state.addConversion({
				at: '2025-06-15T22:30:00Z',
				clickAt: '2025-06-15T22:00:00Z',
			});
			const ids = async (day: string) =>
				(
					await get(mock, '/conversions', { date_from: day, date_to: day, per: 10000 })
				).json.items.map((r: { id: string }) => r.id);
			expect(await ids('2025-06-16')).toContain(c.id);
			expect(await ids('2025-06-15')).not.toContain(c.id);
			const row = (
				await get(mock, '/conversions', {
					date_from: '2025-06-16',
					date_to: '2025-06-16',
					clickid: c.clickid,
				})
			).json.items[0];
			expect(row).toMatchObject({
				id: c.id,
				clickid: c.clickid,
				conv_time: '2025-06-16 00:30:00',
				track_time: '2025-06-16 00:00:00',
				created_at: '2025-06-16T12:00:00Z',
				status: c.status,
				currency: 'EUR',
			});
			for (const k of [
				'sub1',
				'sub20',
				'campaign_id',
				'campaign',
				'type',
				'payout',
				'rt_source',
				'p_sub7',
			])
				expect(row).toHaveProperty(k);
			mock.options.timeFormat = 'rfc3339';
			const rfc = (
				await get(mock, '/conversions', {
					date_from: '2025-06-16',
					date_to: '2025-06-16',
					clickid: c.clickid,
				})
			).json.items[0];
			expect(rfc.conv_time).toBe('2025-06-15T22:30:00Z');
		});

		it('pages with page/per (per ≤ 10000) and reports total', async () => {
			mock.state.conversions.length = 0;
			mock.state.seedConversions(600, {
				from: '2025-06-14T00:00:00Z',
				to: '2025-06-14T20:00:00Z',
			});
			const q = { date_from: '2025-06-14', date_to: '2025-06-14' };
			expect((await get(mock, '/conversions', { ...q, per: 10001 })).status).toBe(400);
			expect((await get(mock, '/conversions', { ...q, per: 0 })).status).toBe(400);
			expect((await get(mock, '/conversions', { ...q, page: 0 })).status).toBe(400);
			const pages = await Promise.all(
				[1, 2, 3].map((page) => get(mock, '/conversions', { ...q, per: 250, page })),
			);
			expect(pages.map((p) => p.json.items.length)).toEqual([250, 250, 100]);
			expect(pages[0].json.total).toBe(600);
			expect(pages[0].text.length / 250).toBeLessThan(5000);
			const ids = new Set(pages.flatMap((p) => p.json.items.map((r: { id: string }) => r.id)));
			expect(ids.size).toBe(600);
			// newest first
			expect(pages[0].json.items[0].conv_time > pages[1].json.items[0].conv_time).toBe(true);
			expect((await get(mock, '/conversions', { ...q })).json.items).toHaveLength(100);
		});

		it('bulk-seeds 10k+ rows fast; per=10000 is accepted', async () => {
			mock.state.conversions.length = 0;
			const t0 = Date.now();
			mock.state.seedConversions(10_100, {
				from: '2025-06-13T00:00:00Z',
				to: '2025-06-13T20:00:00Z',
			});
			expect(Date.now() - t0).toBeLessThan(10_000);
			const p2 = await get(mock, '/conversions', {
				date_from: '2025-06-13',
				date_to: '2025-06-13',
				per: 10000,
				page: 2,
			});
			expect(p2.json.total).toBe(10_100);
			expect(p2.json.items).toHaveLength(100);
		});

		it('shows a late postback on its conv_time day, and flips status in place on the same id', async () => {
			const late = mock.state.addConversion({
				at: '2025-06-14T10:00:00Z',
				status: 'pending',
				payout: 10,
			});
			expect(late.createdAt).toBe(Date.parse('2025-06-16T12:00:00Z'));
			const onDay = async (day: string) =>
				(
					await get(mock, '/conversions', { date_from: day, date_to: day, per: 10000 })
				).json.items.find((r: { id: string }) => r.id === late.id);
			expect(await onDay('2025-06-14')).toMatchObject({ status: 'pending', payout: 10 });
			expect(await onDay('2025-06-16')).toBeUndefined();
			mock.state.setConversionStatus(late.id, 'approved', 12.5);
			expect(await onDay('2025-06-14')).toMatchObject({
				id: late.id,
				status: 'approved',
				payout: 12.5,
			});
			mock.options.conversionDateField = 'created_at';
			expect(await onDay('2025-06-16')).toMatchObject({ id: late.id });
		});

		it('filters by campaign, type and clickid; a hook can insert rows while a page is read', async () => {
			const campaign = mock.state.addCampaign({ title: 'Filter test' });
			mock.state.addConversions(3, {
				at: '2025-06-16T11:00:00Z',
				campaignId: campaign.id,
				type: 'type2',
			});
			const q = {
				date_from: '2025-06-16',
				date_to: '2025-06-16',
				campaign_id: campaign.id,
				type: 'type2',
			};
			const all = await get(mock, '/conversions', q);
			expect(all.json.total).toBe(3);
			expect(
				all.json.items.every(
					(r: { type: string; type2: number; event: string }) =>
						r.type === 'type2' && r.type2 === 1 && r.event === 'Purchase',
				),
			).toBe(true);
			const first = await get(mock, '/conversions', { ...q, per: 2, page: 1 });
			mock.state.onBeforeRespond = ({ query }) => {
				if (query.page === '2')
					mock.state.addConversion({
						at: '2025-06-16T11:59:00Z',
						campaignId: campaign.id,
						type: 'type2',
					});
			};
			const second = await get(mock, '/conversions', { ...q, per: 2, page: 2 });
			expect(second.json.total).toBe(4);
			const seen = [...first.json.items, ...second.json.items].map((r: { id: string }) => r.id);
			expect(new Set(seen).size).toBe(3); // one row read twice, the new one not at all
		});
	});

	describe('GET /tracks and /campaigns', () => {
		it('lists clicks by track_time with the same paging rules', async () => {
			mock.state.tracks.length = 0;
			mock.state.seedClicks(30, { from: '2025-06-15T08:00:00Z', to: '2025-06-15T09:00:00Z' });
			const res = await get(mock, '/tracks', {
				date_from: '2025-06-15',
				date_to: '2025-06-15',
				per: 20,
				page: 2,
			});
			expect(res.json.total).toBe(30);
			expect(res.json.items).toHaveLength(10);
			expect(res.json.items[0]).toEqual(
				expect.objectContaining({
					id: expect.stringMatching(/^[0-9a-f]{24}$/),
					track_time: expect.stringMatching(/^2025-06-15 1[01]:/),
					is_ok: 1,
				}),
			);
			expect(
				(await get(mock, '/tracks', { date_from: '2025-06-15', date_to: '2025-06-15', per: 10001 }))
					.status,
			).toBe(400);
			expect((await get(mock, '/tracks', { date_from: '2025-06-15' })).status).toBe(400);
		});

		it('returns an array, or {total, items} with total_stat=true; updated_at follows changes', async () => {
			const list = await get(mock, '/campaigns');
			expect(Array.isArray(list.json)).toBe(true);
			expect(list.json[0]).toEqual(
				expect.objectContaining({
					id: expect.any(String),
					title: expect.any(String),
					status: 1,
					created_at: expect.stringMatching(/Z$/),
					updated_at: expect.stringMatching(/Z$/),
				}),
			);
			const wrapped = await get(mock, '/campaigns', { total_stat: 'true', per: 2 });
			expect(wrapped.json.total).toBe(4);
			expect(wrapped.json.items).toHaveLength(2);
			const c = mock.state.addCampaign({ title: 'Brand new' });
			mock.state.clock.advance(90_000);
			mock.state.updateCampaign(c.id, { status: 2 });
			const one = (await get(mock, '/campaigns', { ids: c.id })).json[0];
			expect(one).toMatchObject({
				title: 'Brand new',
				status: 2,
				created_at: '2025-06-16T12:00:00Z',
				updated_at: '2025-06-16T12:01:30Z',
			});
			expect((await get(mock, `/campaigns/${c.id}`)).json.id).toBe(c.id);
			expect((await get(mock, '/campaigns', { status: 'active' })).status).toBe(400);
		});
	});

	describe('GET /report', () => {
		it('needs group and dates, caps per at 1000, aggregates', async () => {
			expect(
				(await get(mock, '/report', { date_from: '2025-06-16', date_to: '2025-06-16' })).status,
			).toBe(400);
			expect(
				(
					await get(mock, '/report', {
						group: 'planet',
						date_from: '2025-06-16',
						date_to: '2025-06-16',
					})
				).status,
			).toBe(400);
			expect(
				(
					await get(mock, '/report', {
						group: 'campaign',
						date_from: '2025-06-16',
						date_to: '2025-06-16',
						per: 1001,
					})
				).status,
			).toBe(400);
			expect(
				(
					await get(mock, '/report', {
						group: 'campaign',
						date_from: '2025-06-16',
						date_to: '2025-06-16',
						sortby: 'clicks,cost,roi,cr',
					})
				).status,
			).toBe(400);
			const campaign = mock.state.addCampaign({ title: 'Report', cpc: 0.5 });
			for (let i = 0; i < 4; i++)
				mock.state.addClick({ campaignId: campaign.id, at: '2025-06-16T08:00:00Z', cost: 0.5 });
			mock.state.addConversion({
				campaignId: campaign.id,
				at: '2025-06-16T09:00:00Z',
				clickAt: '2025-06-16T08:30:00Z',
				status: 'approved',
				payout: 10,
			});
			mock.state.addConversion({
				campaignId: campaign.id,
				at: '2025-06-16T09:00:00Z',
				clickAt: '2025-06-16T08:30:00Z',
				status: 'declined',
				payout: 10,
			});
			const res = await get(mock, '/report', {
				group: 'campaign,date',
				date_from: '2025-06-16',
				date_to: '2025-06-16',
				campaign_id: campaign.id,
			});
			expect(res.status).toBe(200);
			expect(res.json).toEqual([
				expect.objectContaining({
					campaign_id: campaign.id,
					campaign: 'Report',
					date: '2025-06-16',
					clicks: 6,
					conversions: 1,
					approved: 1,
					declined: 1,
					revenue: 10,
					cost: 3,
					profit: 7,
				}),
			]);
		});

		it('allows 20 requests per minute per key, then 429 with Retry-After', async () => {
			const q = { group: 'campaign', date_from: '2025-06-16', date_to: '2025-06-16' };
			for (let i = 0; i < 20; i++) {
				expect((await get(mock, '/report', q)).status).toBe(200);
				mock.state.clock.advance(1000);
			}
			const limited = await get(mock, '/report', q);
			expect(limited.status).toBe(429);
			expect(limited.json).toEqual({ error: expect.stringMatching(/20 requests per minute/) });
			expect(Number(limited.headers.get('retry-after'))).toBe(40);
			expect(
				(await get(mock, '/conversions', { date_from: '2025-06-16', date_to: '2025-06-16' }))
					.status,
			).toBe(200);
			mock.state.clock.advance(39_000);
			expect((await get(mock, '/report', q)).status).toBe(429);
			mock.state.clock.advance(1000);
			expect((await get(mock, '/report', q)).status).toBe(200);
		});
	});

	it('runs the fault layer before auth and routing', async () => {
		mock.faults.add({ path: '/conversions', status: 500, body: { error: 'internal' }, times: 1 });
		mock.faults.add({ path: '/conversions', reset: true, times: 1 });
		const q = { date_from: '2025-06-16', date_to: '2025-06-16' };
		expect((await get(mock, '/conversions', q, 'wrong')).status).toBe(500);
		await expect(get(mock, '/conversions', q)).rejects.toThrow();
		expect((await get(mock, '/conversions', q)).status).toBe(200);
		expect(mock.faults.history.map((h) => h.kinds)).toEqual([['status'], ['reset']]);
	});

	it('seeds the same data for the same seed, different data for another', () => {
		const snap = (seed: number) => {
			const s = new RedTrackState({ seed });
			s.seedDefaults();
			return JSON.stringify([s.settings, s.campaigns, s.tracks, s.conversions]);
		};
		expect(snap(4)).toBe(snap(4));
		expect(snap(4)).not.toBe(snap(5));
	});
});

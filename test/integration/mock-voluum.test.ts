/**
 * The Voluum mock itself: auth, hour-rounded windows, tz rendering, paging, report maths, the
 * 15 req/s limit, the scenario driver and the fault layer. Real HTTP through `fetch`.
 */
import { startVoluumMock, VoluumState, type VoluumMock } from '../mock-servers/voluum/server';

interface Res {
	status: number;
	headers: Headers;
	text: string;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
	mock: VoluumMock,
	method: string,
	path: string,
	opts: { token?: string; query?: Record<string, string | number>; body?: unknown } = {},
): Promise<Res> {
	const url = new URL(mock.url + path);
	for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
	const res = await fetch(url, {
		method,
		headers: {
			...(opts.token ? { 'cwauth-token': opts.token } : {}),
			...(opts.body ? { 'Content-Type': 'application/json' } : {}),
		},
		body: opts.body ? JSON.stringify(opts.body) : undefined,
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

async function login(mock: VoluumMock): Promise<string> {
	const res = await call(mock, 'POST', '/auth/access/session', {
		body: { accessId: mock.accessId, accessKey: mock.accessKey },
	});
	expect(res.status).toBe(200);
	return res.json.token as string;
}

describe('Voluum mock', () => {
	let mock: VoluumMock;
	let token: string;
	beforeEach(async () => {
		mock = await startVoluumMock({ seed: 7 });
		token = await login(mock);
	});
	afterEach(async () => await mock.close());

	const conversions = (query: Record<string, string | number>) =>
		call(mock, 'GET', '/report/conversions', { token, query });

	describe('auth', () => {
		it('issues a session token with an expirationTimestamp on the mock clock', async () => {
			const res = await call(mock, 'POST', '/auth/session', {
				body: { email: mock.email, password: mock.password },
			});
			expect(res.status).toBe(200);
			expect(res.json.token).toMatch(/^[0-9a-f]{32}$/);
			expect(res.json.expirationTimestamp).toBe('2025-06-16T16:00:00.000Z');
			expect(mock.logins).toBe(2);
		});

		it('rejects wrong keys, a missing body, missing and expired tokens', async () => {
			expect(
				(
					await call(mock, 'POST', '/auth/access/session', {
						body: { accessId: mock.accessId, accessKey: 'nope' },
					})
				).status,
			).toBe(401);
			expect((await call(mock, 'POST', '/auth/access/session')).status).toBe(400);
			const missing = await call(mock, 'GET', '/user/current');
			expect(missing.status).toBe(401);
			expect(missing.json).toMatchObject({ errorCode: 'UNAUTHORIZED' });
			expect((await call(mock, 'GET', '/user/current', { token })).status).toBe(200);
			mock.state.clock.advance(4 * 3600_000);
			const expired = await call(mock, 'GET', '/user/current', { token });
			expect(expired.status).toBe(401);
			expect(expired.json.message).toBe('Session expired');
		});

		it('answers a path outside the API with a 200 HTML page (wrong-URL trap)', async () => {
			const res = await call(mock, 'GET', '/login');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toMatch(/text\/html/);
			expect(res.text).toMatch(/^<!DOCTYPE html>/);
		});
	});

	describe('GET /report/conversions', () => {
		it('requires hour-rounded from/to (400 BAD_REQUEST "invalid time format")', async () => {
			for (const from of [
				'2025-06-16T10:30:00Z',
				'2025-06-16T10:00:01Z',
				'2025-06-16',
				'2025-06-16T10:00:00+02:00',
				'2025-06-16T10:00:00.500Z',
			]) {
				const res = await conversions({ from, to: '2025-06-16T12:00:00Z', tz: 'Etc/GMT' });
				expect(res.status).toBe(400);
				expect(res.json.errorCode).toBe('BAD_REQUEST');
				expect(res.json.message).toMatch(/invalid time format/);
			}
			for (const from of [
				'2025-06-16T10:00:00Z',
				'2025-06-16T10:00:00.000Z',
				'2025-06-16T10:00Z',
				'2025-06-16T10:00:00',
			]) {
				expect(
					(await conversions({ from, to: '2025-06-16T12:00:00.000Z', tz: 'Etc/GMT' })).status,
				).toBe(200);
			}
			expect((await conversions({ to: '2025-06-16T12:00:00Z' })).status).toBe(400);
			expect(
				(await conversions({ from: '2025-06-16T13:00:00Z', to: '2025-06-16T12:00:00Z' })).status,
			).toBe(400);
			expect(
				(
					await conversions({
						from: '2025-06-16T10:00:00Z',
						to: '2025-06-16T12:00:00Z',
						tz: 'Mars/Olympus',
					})
				).status,
			).toBe(400);
		});

		it('filters on postbackTimestamp, from inclusive and to exclusive', async () => {
			const c = mock.state.addConversion({
				at: '2025-06-16T10:00:00Z',
				visitAt: '2025-06-15T08:00:00Z',
			});
			const inside = await conversions({
				from: '2025-06-16T10:00:00Z',
				to: '2025-06-16T11:00:00Z',
				tz: 'Etc/GMT',
			});
			expect(inside.json.rows.map((r: { clickId: string }) => r.clickId)).toContain(c.clickId);
			const before = await conversions({
				from: '2025-06-16T09:00:00Z',
				to: '2025-06-16T10:00:00Z',
				tz: 'Etc/GMT',
			});
			expect(before.json.rows.map((r: { clickId: string }) => r.clickId)).not.toContain(c.clickId);
			// the visit day does not matter for this report
			const visitDay = await conversions({
				from: '2025-06-15T08:00:00Z',
				to: '2025-06-15T09:00:00Z',
				tz: 'Etc/GMT',
			});
			expect(visitDay.json.rows.map((r: { clickId: string }) => r.clickId)).not.toContain(
				c.clickId,
			);
		});

		it('renders timestamps in tz and reads from/to as wall-clock times of tz', async () => {
			mock.state.conversions.length = 0;
			const c = mock.state.addConversion({
				at: '2025-06-16T09:30:05Z',
				visitAt: '2025-06-16T03:59:00Z',
			});
			const ny = await conversions({
				from: '2025-06-16T05:00:00Z',
				to: '2025-06-16T06:00:00Z',
				tz: 'America/New_York',
			});
			expect(ny.json.totalRows).toBe(1);
			expect(ny.json.rows[0]).toMatchObject({
				clickId: c.clickId,
				postbackTimestamp: '2025-06-16 05:30:05 AM',
				visitTimestamp: '2025-06-15 11:59:00 PM',
			});
			const utc = await conversions({
				from: '2025-06-16T09:00:00Z',
				to: '2025-06-16T10:00:00Z',
				tz: 'Etc/GMT',
			});
			expect(utc.json.rows[0].postbackTimestamp).toBe('2025-06-16 09:30:05 AM');
			mock.options.timestampFormat = '24h';
			const h24 = await conversions({
				from: '2025-06-16T05:00:00Z',
				to: '2025-06-16T06:00:00Z',
				tz: 'America/New_York',
			});
			expect(h24.json.rows[0].postbackTimestamp).toBe('2025-06-16 05:30:05');
			mock.options.timestampFormat = 'iso';
			const iso = await conversions({
				from: '2025-06-16T05:00:00Z',
				to: '2025-06-16T06:00:00Z',
				tz: 'America/New_York',
			});
			expect(iso.json.rows[0].postbackTimestamp).toBe('2025-06-16T05:30:05-04:00');
			mock.options.windowMode = 'instant';
			const instant = await conversions({
				from: '2025-06-16T09:00:00Z',
				to: '2025-06-16T10:00:00Z',
				tz: 'America/New_York',
			});
			expect(instant.json.totalRows).toBe(1);
		});

		it('pages with limit/offset, echoes the capped limit and sorts', async () => {
			mock.state.conversions.length = 0;
			mock.state.seedConversions(250, { from: '2025-06-16T08:00:00Z', to: '2025-06-16T09:59:59Z' });
			const q = {
				from: '2025-06-16T08:00:00Z',
				to: '2025-06-16T10:00:00Z',
				tz: 'Etc/GMT',
				sort: 'postbackTimestamp',
				direction: 'ASC',
			};
			const seen: string[] = [];
			for (let offset = 0; ; offset += 100) {
				const page = await conversions({ ...q, limit: 100, offset });
				expect(page.json).toMatchObject({ totalRows: 250, limit: 100, offset });
				seen.push(...page.json.rows.map((r: { transactionId: string }) => r.transactionId));
				if (offset + 100 >= page.json.totalRows) break;
			}
			expect(new Set(seen).size).toBe(250);
			const times = mock.state.conversions.map((c) => c.postbackTimestamp);
			expect([...times].sort()).toEqual(times);
			const big = await conversions({ ...q, limit: 100000 });
			expect(big.json.limit).toBe(10000);
			const desc = await conversions({ ...q, direction: 'DESC', limit: 1 });
			expect(desc.json.rows[0].transactionId).toBe(seen[seen.length - 1]);
			expect((await conversions({ ...q, sort: 'nope' })).status).toBe(400);
			expect((await conversions({ ...q, limit: 0 })).status).toBe(400);
			const cols = await conversions({ ...q, limit: 1, columns: 'clickId,revenue' });
			expect(Object.keys(cols.json.rows[0]).sort()).toEqual(['clickId', 'revenue']);
		});

		it('shows a late postback in an already-read window and lets a hook insert rows mid-paging', async () => {
			mock.state.conversions.length = 0;
			mock.state.seedConversions(4, { from: '2025-06-16T11:00:00Z', to: '2025-06-16T11:03:00Z' });
			const q = {
				from: '2025-06-16T11:00:00Z',
				to: '2025-06-16T12:00:00Z',
				tz: 'Etc/GMT',
				direction: 'DESC',
				limit: 2,
			};
			const first = await conversions({ ...q, offset: 0 });
			mock.state.onBeforeRespond = ({ query }) => {
				if (query.offset === '2') mock.state.addConversion({ at: '2025-06-16T11:30:00Z' });
			};
			const second = await conversions({ ...q, offset: 2 });
			// the new newest row pushed one already-read row onto page 2: a duplicate across pages
			const ids = [...first.json.rows, ...second.json.rows].map(
				(r: { transactionId: string }) => r.transactionId,
			);
			expect(new Set(ids).size).toBe(3);
			expect(second.json.totalRows).toBe(5);
			mock.state.onBeforeRespond = null;
			const late = mock.state.addConversion({ at: '2025-06-16T11:01:30Z' });
			const again = await conversions({ ...q, limit: 100, offset: 0 });
			expect(again.json.rows.map((r: { transactionId: string }) => r.transactionId)).toContain(
				late.transactionId,
			);
		});

		it('changes a conversion type (Voluum "status") and revenue in place', async () => {
			const c = mock.state.addConversion({
				at: '2025-06-16T11:10:00Z',
				conversionType: 'Lead',
				revenue: 5,
			});
			mock.state.setConversionType(c.transactionId, 'chargeback');
			mock.state.updateConversion(c.transactionId, { revenue: 0 });
			const res = await conversions({
				from: '2025-06-16T11:00:00Z',
				to: '2025-06-16T12:00:00Z',
				tz: 'Etc/GMT',
				limit: 1000,
			});
			const row = res.json.rows.find(
				(r: { transactionId: string }) => r.transactionId === c.transactionId,
			);
			expect(row).toMatchObject({
				conversionType: 'chargeback',
				conversionTypeId: 'chargeback',
				revenue: 0,
			});
			expect(row.profit).toBe(-row.cost);
		});

		it('bulk-seeds 12k rows quickly and pages through them (generous time bound: shared CI machines)', async () => {
			mock.state.conversions.length = 0;
			const t0 = Date.now();
			mock.state.seedConversions(12_000, {
				from: '2025-06-15T00:00:00Z',
				to: '2025-06-15T23:59:59Z',
			});
			expect(Date.now() - t0).toBeLessThan(10_000);
			const q = {
				from: '2025-06-15T00:00:00Z',
				to: '2025-06-16T00:00:00Z',
				tz: 'Etc/GMT',
				direction: 'ASC',
				limit: 2,
			};
			const first = await conversions({ ...q, offset: 0 });
			const last = await conversions({ ...q, offset: 11_998 });
			expect(first.json.totalRows).toBe(12_000);
			expect(first.json.rows[0].postbackTimestamp).toBe('2025-06-15 12:00:00 AM');
			expect(last.json.rows[1].postbackTimestamp).toBe('2025-06-15 11:59:59 PM');
		});
	});

	describe('GET /report', () => {
		it('aggregates visits and conversions with cost, revenue, profit and roi', async () => {
			const campaign = mock.state.addCampaign({ name: 'Report test', cpc: 0.5 });
			for (let i = 0; i < 4; i++)
				mock.state.addVisit({
					campaignId: campaign.id,
					at: '2025-06-16T10:15:00Z',
					cost: 0.5,
					clicked: i < 2,
				});
			mock.state.addConversion({
				campaignId: campaign.id,
				at: '2025-06-16T10:20:00Z',
				visitAt: '2025-06-16T10:10:00Z',
				revenue: 7,
			});
			const res = await call(mock, 'GET', '/report', {
				token,
				query: {
					from: '2025-06-16T10:00:00Z',
					to: '2025-06-16T11:00:00Z',
					tz: 'Etc/GMT',
					groupBy: 'campaign',
					filter: 'Report test',
				},
			});
			expect(res.status).toBe(200);
			expect(res.json.totalRows).toBe(1);
			// the conversion created its own visit (cost 0.5): 5 visits
			expect(res.json.rows[0]).toMatchObject({
				campaignId: campaign.id,
				campaignName: 'Report test',
				visits: 5,
				clicks: 3,
				conversions: 1,
				revenue: 7,
				cost: 2.5,
				profit: 4.5,
				roi: 180,
			});
			expect(res.json.columnMappings).toEqual(
				expect.arrayContaining([
					{
						key: 'campaignName',
						label: 'Campaign',
						type: 'string',
						canGroupBy: true,
						canBeRestricted: false,
					},
				]),
			);
			expect(
				(
					await call(mock, 'GET', '/report', {
						token,
						query: {
							from: '2025-06-16T10:30:00Z',
							to: '2025-06-16T11:00:00Z',
							groupBy: 'campaign',
						},
					})
				).status,
			).toBe(400);
			expect(
				(
					await call(mock, 'GET', '/report', {
						token,
						query: { from: '2025-06-16T10:00:00Z', to: '2025-06-16T11:00:00Z', groupBy: 'planet' },
					})
				).status,
			).toBe(400);
		});

		it('places a late postback by visit time (VISIT, default) or postback time (CONVERSION)', async () => {
			const campaign = mock.state.addCampaign({ name: 'Late' });
			mock.state.addConversion({
				campaignId: campaign.id,
				at: '2025-06-16T11:30:00Z',
				visitAt: '2025-06-14T09:00:00Z',
				revenue: 20,
			});
			const q = { tz: 'Etc/GMT', groupBy: 'day', filter: '2025-06-1' };
			const day = async (mode: string, d: string) => {
				const res = await call(mock, 'GET', '/report', {
					token,
					query: {
						...q,
						conversionTimeMode: mode,
						from: `${d}T00:00:00Z`,
						to: `${d}T23:00:00Z`,
						groupBy: 'campaign',
						filter: 'Late',
					},
				});
				return res.json.rows[0]?.revenue ?? 0;
			};
			expect(await day('VISIT', '2025-06-14')).toBe(20);
			expect(await day('VISIT', '2025-06-16')).toBe(0);
			expect(await day('CONVERSION', '2025-06-16')).toBe(20);
			const byDay = await call(mock, 'GET', '/report', {
				token,
				query: {
					...q,
					from: '2025-06-13T00:00:00Z',
					to: '2025-06-16T12:00:00Z',
					sort: 'day',
					direction: 'ASC',
				},
			});
			expect(byDay.json.rows.map((r: { day: string }) => r.day)).toEqual([
				'2025-06-13',
				'2025-06-14',
				'2025-06-15',
				'2025-06-16',
			]);
		});
	});

	describe('campaigns', () => {
		it('lists campaigns in {campaigns:[...]} with createdTime/updatedTime, and gets one', async () => {
			const list = await call(mock, 'GET', '/campaign', { token });
			expect(list.status).toBe(200);
			expect(list.json.campaigns).toHaveLength(4); // one seeded campaign is deleted
			expect(list.json.campaigns[0]).toEqual(
				expect.objectContaining({
					id: expect.any(String),
					name: expect.any(String),
					createdTime: expect.stringMatching(/Z$/),
					updatedTime: expect.stringMatching(/Z$/),
				}),
			);
			expect(
				(await call(mock, 'GET', '/campaign', { token, query: { includeDeleted: 'true' } })).json
					.campaigns,
			).toHaveLength(5);
			const added = mock.state.addCampaign({ name: 'New one' });
			mock.state.clock.advance(60_000);
			mock.state.updateCampaign(added.id, { name: 'Renamed' });
			const one = await call(mock, 'GET', `/campaign/${added.id}`, { token });
			expect(one.json).toMatchObject({
				name: 'Renamed',
				createdTime: '2025-06-16T12:00:00.000Z',
				updatedTime: '2025-06-16T12:01:00.000Z',
			});
			expect((await call(mock, 'GET', '/campaign/unknown', { token })).status).toBe(404);
		});
	});

	describe('rate limit and faults', () => {
		it('answers 429 with Retry-After above 15 requests per second per token', async () => {
			const statuses = await Promise.all(
				Array.from({ length: 18 }, () =>
					call(mock, 'GET', '/user/current', { token }).then((r) => r),
				),
			);
			const limited = statuses.filter((r) => r.status === 429);
			expect(limited.length).toBeGreaterThanOrEqual(3);
			expect(limited[0].headers.get('retry-after')).toBe('1');
			expect(limited[0].json.errorCode).toBe('TOO_MANY_REQUESTS');
		});

		it('can run without the limit', async () => {
			const free = await startVoluumMock({ rateLimit: false, seedData: false });
			try {
				const t = await login(free);
				const statuses = await Promise.all(
					Array.from({ length: 30 }, () => call(free, 'GET', '/user/current', { token: t })),
				);
				expect(statuses.every((r) => r.status === 200)).toBe(true);
				expect(free.state.conversions).toHaveLength(0);
			} finally {
				await free.close();
			}
		});

		it('runs the fault layer first (injected 503 + Retry-After, truncated body)', async () => {
			mock.faults.add({ path: '/report/conversions', status: 503, retryAfter: 2, times: 1 });
			const q = { from: '2025-06-16T10:00:00Z', to: '2025-06-16T11:00:00Z' };
			const r1 = await conversions(q);
			expect(r1.status).toBe(503);
			expect(r1.headers.get('retry-after')).toBe('2');
			mock.faults.add({ path: '/report/conversions', truncate: { mode: 'end' }, times: 1 });
			const r2 = await conversions(q);
			expect(r2.status).toBe(200);
			expect(r2.json).toBeUndefined();
			expect((await conversions(q)).json).toMatchObject({ totalRows: expect.any(Number) });
			expect(
				mock.requests.entries.filter((e) => e.path === '/report/conversions').map((e) => e.status),
			).toEqual([503, 200, 200]);
		});
	});

	it('seeds the same data for the same seed, different data for another', () => {
		const snap = (seed: number) => {
			const s = new VoluumState({ seed });
			s.seedDefaults();
			return JSON.stringify([s.campaigns, s.visits, s.conversions]);
		};
		expect(snap(4)).toBe(snap(4));
		expect(snap(4)).not.toBe(snap(5));
	});
});

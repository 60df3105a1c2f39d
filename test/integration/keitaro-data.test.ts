/**
 * The Keitaro data operations (report, click and conversion logs, costs, clean, labels) against
 * the Keitaro mock over real HTTP. Expected numbers are computed from the mock's own click and
 * conversion tables, not through its report engine.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startKeitaroMock } from '../mock-servers/keitaro/server';
import type { Mock } from '../unit/keitaro/data/live';
import { clearLoggedRequests, loggedRequests, runLive } from '../unit/keitaro/data/live';

interface Truth {
	clicks: Array<{
		id: number;
		sub_id: string;
		datetime: string;
		campaign_id: number;
		cost: number;
		sub_id_1: string;
	}>;
	conversions: Array<{
		status: string;
		revenue: number;
		click_datetime: string;
		postback_datetime: string;
		campaign_id: number;
	}>;
}

function truth(mock: Mock): Truth {
	const s = mock.state;
	const clicks: Truth['clicks'] = [];
	for (let r = 0; r < s.clicks.n; r++) {
		const v = s.clickView(r);
		clicks.push({
			id: v.click_id,
			sub_id: v.sub_id,
			datetime: v.datetime,
			campaign_id: v.campaign_id,
			cost: v.cost,
			sub_id_1: v.attributes.sub_id_1 ?? '',
		});
	}
	const conversions: Truth['conversions'] = [];
	for (let r = 0; r < s.conversions.n; r++) {
		const v = s.conversionView(r);
		conversions.push({
			status: v.status,
			revenue: v.revenue,
			click_datetime: v.click_datetime,
			postback_datetime: v.postback_datetime,
			campaign_id: v.campaign_id,
		});
	}
	return { clicks, conversions };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const api = (mock: Mock, path: string) =>
	loggedRequests(mock).filter((r) => r.path === `/admin_api/v1${path}`);

describe('Keitaro data operations against the mock', () => {
	let mock: Mock;
	beforeAll(async () => {
		mock = await startKeitaroMock({ seed: 3, seedData: { days: 5, clicksPerDay: 300 } });
	});
	afterAll(async () => await mock.close());

	const DAY = '2025-06-15'; // "yesterday" of the mock clock (2025-06-16 12:00 UTC)

	it('Report → Build: clicks, conversions, revenue and cost per campaign match the data', async () => {
		const t = truth(mock);
		const { json } = await runLive(mock, {
			resource: 'report',
			operation: 'build',
			dateRange: 'yesterday',
			timezone: 'UTC',
			dimensions: ['campaign_id'],
			measures: ['clicks', 'conversions', 'revenue', 'cost'],
			returnAll: true,
			options: { pageSize: 2 },
		});
		const expected = new Map<
			number,
			{ clicks: number; conversions: number; revenue: number; cost: number }
		>();
		const get = (id: number) => {
			let e = expected.get(id);
			if (!e) expected.set(id, (e = { clicks: 0, conversions: 0, revenue: 0, cost: 0 }));
			return e;
		};
		for (const c of t.clicks.filter((c) => c.datetime.startsWith(DAY))) {
			get(c.campaign_id).clicks++;
			get(c.campaign_id).cost += c.cost;
		}
		for (const v of t.conversions.filter(
			(v) => v.click_datetime.startsWith(DAY) && v.status !== 'rejected',
		)) {
			get(v.campaign_id).conversions++;
			get(v.campaign_id).revenue += v.revenue;
		}
		expect(json.length).toBe(expected.size);
		expect(json.length).toBeGreaterThan(2); // several pages were read
		for (const row of json) {
			const e = expected.get(row.campaign_id as number)!;
			expect(row).toEqual({
				campaign_id: row.campaign_id,
				clicks: e.clicks,
				conversions: e.conversions,
				revenue: round2(e.revenue),
				cost: round2(e.cost),
			});
			expect(typeof row.revenue).toBe('number'); // the mock sends money as "45.00"
		}
	});

	it('Report → Build: the time zone moves the day boundaries', async () => {
		const t = truth(mock);
		const { json } = await runLive(mock, {
			resource: 'report',
			operation: 'build',
			dateRange: 'custom',
			from: `${DAY}T00:00:00`,
			to: `${DAY}T00:00:00`,
			timezone: 'America/New_York', // UTC-4 in June
			dimensions: [],
			measures: ['clicks'],
		});
		const lo = `${DAY} 04:00:00`;
		const hi = '2025-06-16 03:59:59';
		const n = t.clicks.filter((c) => c.datetime >= lo && c.datetime <= hi).length;
		expect(json).toEqual([{ clicks: n }]);
	});

	it('Report → Build: legacy keys give the same rows; summary adds the totals', async () => {
		const params = {
			resource: 'report',
			operation: 'build',
			dateRange: 'yesterday',
			timezone: 'UTC',
			dimensions: ['country_code'],
			measures: ['clicks', 'revenue'],
			returnAll: true,
			sort: { rule: [{ name: 'clicks', order: 'DESC' }] },
		};
		const current = await runLive(mock, { ...params, options: { summary: true } });
		const legacy = await runLive(mock, { ...params, options: { useLegacyKeys: true } });
		const rows = current.json.filter((r) => !r.is_summary);
		expect(legacy.json).toEqual(rows);
		const summary = current.json[current.json.length - 1];
		expect(summary.is_summary).toBe(true);
		expect(summary.clicks).toBe(rows.reduce((s, r) => s + (r.clicks as number), 0));
		const clicks = rows.map((r) => r.clicks as number);
		expect([...clicks].sort((a, b) => b - a)).toEqual(clicks);
	});

	it('Click → Get Log: Return All pages through every click of the day exactly once', async () => {
		const t = truth(mock);
		const { json } = await runLive(mock, {
			resource: 'click',
			operation: 'getLog',
			dateRange: 'yesterday',
			timezone: 'UTC',
			columns: ['click_id', 'sub_id', 'datetime', 'campaign_id'],
			returnAll: true,
			options: { pageSize: 100 },
		});
		const expected = t.clicks.filter((c) => c.datetime.startsWith(DAY));
		expect(json).toHaveLength(expected.length);
		expect(new Set(json.map((r) => r.click_id)).size).toBe(expected.length);
		expect(new Set(json.map((r) => r.sub_id))).toEqual(new Set(expected.map((c) => c.sub_id)));
	});

	it('Conversion → Get Log: status filter on the conversion date', async () => {
		const t = truth(mock);
		const { json } = await runLive(mock, {
			resource: 'conversion',
			operation: 'getLog',
			dateRange: 'custom',
			from: '2025-06-13',
			to: DAY,
			timezone: 'UTC',
			columns: ['conversion_id', 'status', 'revenue', 'postback_datetime', 'tid'],
			filters: { filter: [{ name: 'status', operator: 'IN_LIST', values: 'lead, sale' }] },
			returnAll: true,
		});
		const expected = t.conversions.filter(
			(v) =>
				v.postback_datetime >= '2025-06-13' &&
				v.postback_datetime <= `${DAY} 23:59:59` &&
				['lead', 'sale'].includes(v.status),
		);
		expect(json.length).toBe(expected.length);
		expect(json.length).toBeGreaterThan(0);
		expect(
			json.every(
				(r) => ['lead', 'sale'].includes(r.status as string) && typeof r.revenue === 'number',
			),
		).toBe(true);
	});

	it('Cost → Update, then the report shows the cost (bulk, with a sub ID filter)', async () => {
		const t = truth(mock);
		const day = '2025-06-14';
		const withSub = t.clicks.find((c) => c.datetime.startsWith(day) && c.sub_id_1 !== '')!;
		const campaign = withSub.campaign_id;
		const sub = withSub.sub_id_1;
		clearLoggedRequests(mock);
		const { json } = await runLive(
			mock,
			{
				resource: 'cost',
				operation: 'update',
				campaignIds: String(campaign),
				startDate: day,
				timezone: 'UTC',
				currency: 'USD',
				cost: 0,
			},
			{
				perItem: [
					{ cost: 123.45 },
					{ cost: 7.5, costFilters: { filter: [{ name: 'sub_id_1', value: sub }] } },
				],
			},
		);
		expect(json.map((j) => j.status)).toEqual(['sent', 'sent']);
		expect(api(mock, '/clicks/update_costs')).toHaveLength(1); // both entries in one request
		const report = async (filters: INodeParameters[] = []) =>
			(
				await runLive(mock, {
					resource: 'report',
					operation: 'build',
					dateRange: 'custom',
					from: day,
					to: day,
					timezone: 'UTC',
					dimensions: ['campaign_id'],
					measures: ['cost'],
					filters: {
						filter: [
							{ name: 'campaign_id', operator: 'EQUALS', value: String(campaign) },
							...filters,
						],
					},
				})
			).json;
		// The second entry re-costs the sub ID's clicks: they carry 7.5, the others keep their share of 123.45.
		const bySub = await report([{ name: 'sub_id_1', operator: 'EQUALS', value: sub }]);
		expect(bySub).toEqual([{ campaign_id: campaign, cost: 7.5 }]);
		const all = await report();
		expect(all).toHaveLength(1);
		expect(all[0].cost).toBeGreaterThan(7.5);
		expect(all[0].cost).toBeLessThanOrEqual(123.45 + 7.5);
	});

	it('Cost → Update per campaign, then the report shows exactly that cost', async () => {
		const day = '2025-06-13';
		const t = truth(mock);
		const campaign = t.clicks.find((c) => c.datetime.startsWith(day))!.campaign_id;
		clearLoggedRequests(mock);
		const { json } = await runLive(mock, {
			resource: 'cost',
			operation: 'update',
			method: 'perCampaign',
			campaignIds: String(campaign),
			startDate: day,
			timezone: 'UTC',
			currency: 'USD',
			cost: 42.42,
		});
		expect(json[0]).toMatchObject({
			status: 'sent',
			endpoint: `POST /campaigns/${campaign}/update_costs`,
		});
		expect(api(mock, `/campaigns/${campaign}/update_costs`)).toHaveLength(1);
		const { json: rows } = await runLive(mock, {
			resource: 'report',
			operation: 'build',
			dateRange: 'custom',
			from: day,
			to: day,
			timezone: 'UTC',
			dimensions: ['campaign_id'],
			measures: ['cost'],
			filters: { filter: [{ name: 'campaign_id', operator: 'EQUALS', value: String(campaign) }] },
		});
		expect(rows).toEqual([{ campaign_id: campaign, cost: 42.42 }]);
	});

	it('Cost on a day without clicks is dropped by Keitaro; Check Matching Clicks First flags it instead', async () => {
		const emptyDay = '2025-01-01';
		clearLoggedRequests(mock);
		const sent = await runLive(mock, {
			resource: 'cost',
			operation: 'update',
			campaignIds: '1',
			startDate: emptyDay,
			timezone: 'UTC',
			currency: 'USD',
			cost: 99,
		});
		expect(sent.json[0].status).toBe('sent'); // Keitaro accepts the job...
		const { json: rows } = await runLive(mock, {
			resource: 'report',
			operation: 'build',
			dateRange: 'custom',
			from: emptyDay,
			to: emptyDay,
			timezone: 'UTC',
			dimensions: ['campaign_id'],
			measures: ['cost'],
		});
		expect(rows).toEqual([]); // ...but the spend is gone: no click to carry it
		clearLoggedRequests(mock);
		const checked = await runLive(
			mock,
			{
				resource: 'cost',
				operation: 'update',
				campaignIds: '1',
				timezone: 'UTC',
				currency: 'USD',
				cost: 5,
				options: { checkClicks: true },
			},
			{ perItem: [{ startDate: emptyDay }, { startDate: DAY }] },
		);
		expect(checked.json.map((j) => j.status)).toEqual(['no clicks', 'sent']);
		expect(checked.json[1].matched_clicks).toBeGreaterThan(0);
		const pushed = api(mock, '/clicks/update_costs');
		expect(pushed).toHaveLength(1);
		expect((pushed[0].body as IDataObject).costs).toHaveLength(1);
	});

	it('Many cost items become few requests', async () => {
		clearLoggedRequests(mock);
		const perItem = Array.from({ length: 30 }, (_v, k) => ({
			startDate: `2025-06-${String(1 + (k % 15)).padStart(2, '0')}`,
			campaignIds: k % 2 ? '1' : '2',
			cost: k,
		}));
		const { json, output } = await runLive(
			mock,
			{
				resource: 'cost',
				operation: 'update',
				timezone: 'UTC',
				currency: 'USD',
				options: { batchSize: 10 },
			},
			{ perItem },
		);
		expect(json).toHaveLength(30);
		expect(json.every((j) => j.status === 'sent')).toBe(true);
		expect(api(mock, '/clicks/update_costs')).toHaveLength(4); // 2 campaigns × ceil(15 / 10)
		expect(output.map((o) => (o.pairedItem as { item: number }).item)).toEqual(
			perItem.map((_v, i) => i),
		);
	});

	it('Label → Update, Get, and a report filtered with HAS_LABEL', async () => {
		const t = truth(mock);
		const click = t.clicks.find((c) => c.datetime.startsWith(DAY) && c.sub_id_1 !== '')!;
		const campaignId = { __rl: true, mode: 'id', value: String(click.campaign_id) };
		await runLive(mock, {
			resource: 'label',
			operation: 'update',
			campaignId,
			refName: 'sub_id_1',
			values: `${click.sub_id_1}, never-seen`,
			label: 'blacklist',
		});
		const got = await runLive(mock, {
			resource: 'label',
			operation: 'get',
			campaignId,
			refName: 'sub_id_1',
			label: 'blacklist',
		});
		expect(got.json.map((j) => j.value).sort()).toEqual([click.sub_id_1, 'never-seen'].sort());
		const { json } = await runLive(mock, {
			resource: 'report',
			operation: 'build',
			dateRange: 'yesterday',
			timezone: 'UTC',
			dimensions: ['sub_id_1'],
			measures: ['clicks'],
			filters: {
				filter: [
					{ name: 'campaign_id', operator: 'EQUALS', value: String(click.campaign_id) },
					{ name: 'sub_id_1', operator: 'HAS_LABEL', label: 'blacklist' },
				],
			},
		});
		expect(json.map((r) => r.sub_id_1)).toEqual([click.sub_id_1]);
		await runLive(mock, {
			resource: 'label',
			operation: 'update',
			campaignId,
			refName: 'sub_id_1',
			values: 'never-seen',
			label: 'remove',
		});
		const after = await runLive(mock, {
			resource: 'label',
			operation: 'get',
			campaignId,
			refName: 'sub_id_1',
			label: 'blacklist',
		});
		expect(after.json.map((j) => j.value)).toEqual([click.sub_id_1]);
	});

	it('Click → Clean removes the statistics of one campaign and day (last: it changes the data)', async () => {
		const t = truth(mock);
		const day = '2025-06-12';
		const campaign = t.clicks.find((c) => c.datetime.startsWith(day))!.campaign_id;
		const log = async () =>
			(
				await runLive(mock, {
					resource: 'click',
					operation: 'getLog',
					dateRange: 'custom',
					from: day,
					to: day,
					timezone: 'UTC',
					columns: ['click_id', 'campaign_id'],
					returnAll: true,
				})
			).json;
		const before = await log();
		expect(before.some((r) => r.campaign_id === campaign)).toBe(true);
		const { json } = await runLive(mock, {
			resource: 'click',
			operation: 'clean',
			confirm: true,
			startDate: day,
			timezone: 'UTC',
			cleanCampaignId: campaign,
		});
		expect(json[0]).toMatchObject({
			success: true,
			campaign_id: campaign,
			start_date: `${day} 00:00:00`,
			end_date: `${day} 23:59:59`,
		});
		const after = await log();
		expect(after.some((r) => r.campaign_id === campaign)).toBe(false);
		expect(after.length).toBe(before.filter((r) => r.campaign_id !== campaign).length);
	});
});

/**
 * Keitaro node → Tracking resource against the Keitaro mock over real HTTP: tracking parameters
 * pushed to a traffic source, the campaign-ID mapping from seeded clicks with sub IDs, and the
 * cost sync with its readback (lost spend, batching, currency / time-zone flags, dry run, and a
 * cost job that only shows up on the second read).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startKeitaroMock } from '../mock-servers/keitaro/server';
import type { Mock } from '../unit/keitaro/data/live';
import {
	clearLoggedRequests,
	loggedRequests,
	runLive,
	runLiveError,
} from '../unit/keitaro/data/live';

const rl = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const api = (mock: Mock, method: string, path: string) =>
	loggedRequests(mock).filter((r) => r.method === method && r.path === `/admin_api/v1${path}`);

/** Clicks of the scenario: campaign, time, ad-network IDs (sub_id_1 campaign, _2 ad set, _3 ad). */
const CLICKS: Array<[number, string, string, string, string]> = [
	[1, '2025-05-01 08:00:00', 'fbc_1', 'as_A', 'ad_A1'],
	[1, '2025-05-01 09:00:00', 'fbc_1', 'as_A', 'ad_A1'],
	[1, '2025-05-01 10:00:00', 'fbc_1', 'as_A', 'ad_A2'],
	[1, '2025-05-01 11:00:00', 'fbc_1', 'as_B', 'ad_B1'],
	[1, '2025-05-01 12:00:00', 'fbc_1', 'as_B', 'ad_B1'],
	[1, '2025-05-02 10:00:00', 'fbc_1', 'as_A', 'ad_A1'],
	[2, '2025-05-01 13:00:00', 'fbc_2', 'as_C', 'ad_C1'],
	[2, '2025-05-01 14:00:00', 'fbc_2', 'as_C', 'ad_C1'],
];

describe('Keitaro → Tracking against the mock', () => {
	let mock: Mock;
	const clickIds: number[] = [];
	beforeAll(async () => {
		mock = await startKeitaroMock({ seed: 11, seedData: { days: 2, clicksPerDay: 40 } });
		for (const [campaign_id, datetime, c, as, ad] of CLICKS) {
			const v = mock.state.addClick({
				campaign_id,
				datetime,
				sub_id_1: c,
				sub_id_2: as,
				sub_id_3: ad,
				cost: 0,
			});
			clickIds.push(v.click_id);
		}
		// a sale on as_A (postback the same day), a lead on as_B posted back two days later,
		// and a rejected conversion on as_C (not a conversion in Keitaro's counts).
		mock.state.addConversion({
			click_id: clickIds[0],
			status: 'sale',
			revenue: 10,
			postback_datetime: '2025-05-01 12:00:00',
		});
		mock.state.addConversion({
			click_id: clickIds[3],
			status: 'lead',
			revenue: 5,
			postback_datetime: '2025-05-03 09:00:00',
		});
		mock.state.addConversion({
			click_id: clickIds[6],
			status: 'rejected',
			revenue: 7,
			postback_datetime: '2025-05-01 15:00:00',
		});
	});
	afterAll(async () => await mock.close());

	describe('Generate Tracking Parameters', () => {
		it('gives the Facebook string and SourceParameters that a traffic-source update accepts', async () => {
			clearLoggedRequests(mock);
			const { json } = await runLive(mock, {
				resource: 'tracking',
				operation: 'generateParameters',
				adNetwork: 'facebook',
			});
			expect(loggedRequests(mock)).toHaveLength(0); // no request
			expect(json).toHaveLength(1);
			const out = json[0];
			expect(out.urlParameters).toBe(
				'sub_id_1={{campaign.id}}&sub_id_2={{adset.id}}&sub_id_3={{ad.id}}&sub_id_4={{placement}}',
			);
			expect(out.parameters).toEqual({
				sub_id_1: { name: 'sub_id_1', placeholder: '{{campaign.id}}', alias: 'Campaign ID' },
				sub_id_2: { name: 'sub_id_2', placeholder: '{{adset.id}}', alias: 'Ad Set' },
				sub_id_3: { name: 'sub_id_3', placeholder: '{{ad.id}}', alias: 'Ad' },
				sub_id_4: { name: 'sub_id_4', placeholder: '{{placement}}', alias: 'Placement / Site' },
				sub_id_5: { name: 'fbclid', placeholder: '', alias: 'Click ID' },
			});
			expect(out.unverified).toEqual(['placement']);
			expect(out.source).toMatch(/^https:\/\/developers\.facebook\.com\//);

			// the documented way to store it: Traffic Source → Update with Additional JSON
			const { json: updated } = await runLive(mock, {
				resource: 'trafficSource',
				operation: 'update',
				trafficSourceId: rl(1),
				updateFields: { additionalJson: JSON.stringify({ parameters: out.parameters }) },
			});
			const put = api(mock, 'PUT', '/traffic_sources/1');
			expect(put).toHaveLength(1);
			expect((put[0].body as IDataObject).parameters).toEqual(out.parameters);
			expect((updated[0].parameters as IDataObject).sub_id_5).toEqual({
				name: 'fbclid',
				placeholder: '',
				alias: 'Click ID',
			});
		});

		it('MGID: cost macro to Keitaro cost, a Cost Auto reminder, extras and custom slots', async () => {
			const { json } = await runLive(mock, {
				resource: 'tracking',
				operation: 'generateParameters',
				adNetwork: 'mgid',
				extraSlots: {
					extra: [
						{ slot: 6, value: 'title' },
						{ slot: 7, value: 'custom', macro: '{geo_region}', label: 'Region' },
					],
				},
			});
			const out = json[0];
			expect(out.urlParameters).toBe(
				'sub_id_1={campaign_id}&sub_id_3={teaser_id}&sub_id_4={widget_id}&sub_id_5={click_id}&sub_id_6={title}&sub_id_7={geo_region}&cost={click_price}',
			);
			expect((out.parameters as IDataObject).cost).toEqual({
				name: 'cost',
				placeholder: '{click_price}',
			});
			expect((out.parameters as IDataObject).sub_id_7).toEqual({
				name: 'sub_id_7',
				placeholder: '{geo_region}',
				alias: 'Region',
			});
			expect((out.warnings as string[]).join('\n')).toMatch(/Cost Auto/);
		});

		it('refuses a slot used twice', async () => {
			const { error } = await runLiveError(mock, {
				resource: 'tracking',
				operation: 'generateParameters',
				adNetwork: 'google',
				adIdSlot: 1,
			});
			expect(error.message).toBe(
				'Slot 1 is used twice: Campaign ID and Ad (Creative). Give each value its own slot.',
			);
		});
	});

	describe('Build Mapping', () => {
		const base: INodeParameters = {
			resource: 'tracking',
			operation: 'buildMapping',
			adNetwork: 'facebook',
			campaignIds: '1, 2',
			dateRange: 'custom',
			from: '2025-05-01',
			to: '2025-05-02',
			timezone: 'UTC',
			returnAll: true,
		};
		const pick = (rows: IDataObject[]) =>
			rows.map((r) => [
				r.campaign_id,
				r.adNetworkCampaignId,
				r.adNetworkAdsetId,
				r.adNetworkAdId,
				r.clicks,
				r.conversions,
				r.revenue,
			]);

		it('visit time: one row per campaign and ad-network IDs, from the report', async () => {
			clearLoggedRequests(mock);
			const { json } = await runLive(mock, base);
			expect(pick(json)).toEqual([
				[1, 'fbc_1', 'as_A', 'ad_A1', 3, 1, 10],
				[1, 'fbc_1', 'as_A', 'ad_A2', 1, 0, 0],
				[1, 'fbc_1', 'as_B', 'ad_B1', 2, 1, 5],
				[2, 'fbc_2', 'as_C', 'ad_C1', 2, 0, 0],
			]);
			expect(json[0]).toEqual({
				campaign_id: 1,
				campaign: 'FB | Keto | DE',
				adNetwork: 'facebook',
				adNetworkCampaignId: 'fbc_1',
				adNetworkAdsetId: 'as_A',
				adNetworkAdId: 'ad_A1',
				clicks: 3,
				conversions: 1,
				revenue: 10,
				cost: 0,
				profit: 10,
				roi: 0,
				currency: null,
				currencyWarning: null,
				conversionTime: 'visit',
				timezone: 'UTC',
			});
			const reports = api(mock, 'POST', '/report/build');
			expect(reports).toHaveLength(1);
			expect(reports[0].body).toMatchObject({
				range: { from: '2025-05-01', to: '2025-05-02', timezone: 'UTC' },
				dimensions: ['campaign_id', 'campaign', 'sub_id_1', 'sub_id_2', 'sub_id_3'],
				filters: [{ name: 'campaign_id', operator: 'IN_LIST', expression: [1, 2] }],
			});
		});

		it('Return All pages through the report; Limit stops early', async () => {
			clearLoggedRequests(mock);
			const { json } = await runLive(mock, { ...base, options: { pageSize: 1 } });
			expect(json).toHaveLength(4);
			expect(api(mock, 'POST', '/report/build').length).toBeGreaterThanOrEqual(4);
			const { json: limited } = await runLive(mock, { ...base, returnAll: false, limit: 2 });
			expect(limited).toHaveLength(2);
		});

		it('postback time: conversions and revenue from the conversion log by postback time', async () => {
			clearLoggedRequests(mock);
			const { json } = await runLive(mock, { ...base, conversionTime: 'postback' });
			// the lead on as_B was posted back on 05-03: outside the range
			expect(pick(json)).toEqual([
				[1, 'fbc_1', 'as_A', 'ad_A1', 3, 1, 10],
				[1, 'fbc_1', 'as_A', 'ad_A2', 1, 0, 0],
				[1, 'fbc_1', 'as_B', 'ad_B1', 2, 0, 0],
				[2, 'fbc_2', 'as_C', 'ad_C1', 2, 0, 0],
			]);
			expect(json.every((r) => r.conversionTime === 'postback')).toBe(true);
			expect(api(mock, 'POST', '/conversions/log')).toHaveLength(1);
			const { json: later } = await runLive(mock, {
				...base,
				conversionTime: 'postback',
				from: '2025-05-03',
				to: '2025-05-03',
			});
			expect(pick(later)).toEqual([[1, 'fbc_1', 'as_B', 'ad_B1', 0, 1, 5]]);
			expect(later[0]).toMatchObject({ cost: 0, profit: 5, roi: 0 });
		});

		it('currency check: warns, converts nothing', async () => {
			const { json } = await runLive(mock, { ...base, trackerCurrency: 'usd', currency: 'EUR' });
			expect(json[0]).toMatchObject({
				currency: 'USD',
				currencyWarning:
					'Revenue, cost and profit are in the tracker currency USD, not EUR; no conversion was made',
				revenue: 10,
			});
		});

		it('levels the network lacks are not grouped (MGID has no ad sets)', async () => {
			const { json } = await runLive(mock, { ...base, adNetwork: 'mgid', campaignIds: '2' });
			expect(json).toHaveLength(1);
			expect(json[0]).toMatchObject({
				adNetworkCampaignId: 'fbc_2',
				adNetworkAdId: 'ad_C1',
				clicks: 2,
			});
			expect('adNetworkAdsetId' in json[0]).toBe(false);
		});
	});

	describe('Sync Costs', () => {
		const base: INodeParameters = {
			resource: 'tracking',
			operation: 'syncCosts',
			campaignIds: '1, 2',
			matchKey: 'sub_id_2',
			idField: 'adset_id',
			trackerCurrency: 'USD',
			timezone: 'UTC',
			options: { readbackWait: 0 },
		};
		const costOf = (i: number) => mock.state.clickView(clickIds[i] - 1).cost;

		it('pushes, reads back and reconciles: matched, lost spend, time-zone and currency flags', async () => {
			clearLoggedRequests(mock);
			const rows: IDataObject[] = [
				{ adset_id: 'as_A', date: '2025-05-01', spend: 12.5, currency: 'USD', timezone: 'UTC' },
				{ adset_id: 'as_B', date: '2025-05-01', spend: '4', currency: 'USD', timezone: 'UTC' },
				{ adset_id: 'as_Z', date: '2025-05-01', spend: 9.99, currency: 'USD', timezone: 'UTC' },
				{ adset_id: 'as_A', date: '2025-05-03', spend: 3, currency: 'USD', timezone: 'UTC' },
				{
					adset_id: 'as_A',
					date: '2025-05-02',
					spend: 1.2,
					currency: 'USD',
					timezone: 'America/New_York',
				},
				{ adset_id: 'as_C', date: '2025-05-01', spend: 3, currency: 'EUR', timezone: 'UTC' },
			];
			const { json, output } = await runLive(mock, base, { items: rows.map((r) => ({ json: r })) });
			expect(output.map((o) => o.pairedItem)).toEqual(rows.map((_r, item) => ({ item })));
			expect(json.map((r) => [r.status, r.keitaroClicks, r.keitaroCost, r.lostSpend])).toEqual([
				['matched', 3, 12.5, false],
				['matched', 2, 4, false],
				['no clicks', 0, 0, true],
				['no clicks', 0, 0, true],
				['matched', 1, 1.2, false],
				['converted', 2, 3, false],
			]);
			expect(json[0]).toMatchObject({
				success: true,
				adNetworkId: 'as_A',
				matchKey: 'sub_id_2',
				campaign_ids: [1, 2],
				start_date: '2025-05-01 00:00:00',
				end_date: '2025-05-01 23:59:59',
				spend: 12.5,
				pushedSpend: 12.5,
				difference: 0,
				timezoneMismatch: false,
				currencyMismatch: false,
				settled: true,
			});
			expect(json[2].warnings).toContain(
				'Keitaro has no click with this ID in these campaigns and period: it stores cost only on clicks, so this spend is lost',
			);
			expect(json[4]).toMatchObject({
				timezone: 'UTC',
				inputTimezone: 'America/New_York',
				timezoneMismatch: true,
			});
			expect(json[5]).toMatchObject({
				currency: 'EUR',
				trackerCurrency: 'USD',
				currencyMismatch: true,
				difference: null,
			});
			// A converted row can't be compared: settled once two reads agree.
			expect(json[0].readbackAttempts).toBe(2);

			// what Keitaro (the mock) really holds: the spend spread over the matching clicks
			for (const k of [0, 1, 2]) expect(costOf(k)).toBeCloseTo(12.5 / 3, 6);
			expect([costOf(3), costOf(4)]).toEqual([2, 2]);
			expect(costOf(5)).toBeCloseTo(1.2, 6);
			expect([costOf(6), costOf(7)]).toEqual([1.5, 1.5]);

			// one request per currency (the cost operation's planner groups by time zone and currency)
			const pushes = api(mock, 'POST', '/clicks/update_costs');
			expect(pushes).toHaveLength(2);
			const first = pushes[0].body as {
				campaign_ids: number[];
				costs: IDataObject[];
				currency: string;
			};
			expect(first.campaign_ids).toEqual([1, 2]);
			expect(first.currency).toBe('USD');
			expect(first.costs[0]).toEqual({
				start_date: '2025-05-01 00:00:00',
				end_date: '2025-05-01 23:59:59',
				timezone: 'UTC',
				currency: 'USD',
				cost: '12.5',
				filters: { sub_id_2: 'as_A' },
			});
			expect(json.map((r) => r.batches)).toEqual([2, 2, 2, 2, 2, 2]);
		});

		it('matches on creative_id (or ad_campaign_id / external_id) as well as on sub IDs', async () => {
			for (const h of ['09', '10']) {
				mock.state.addClick({
					campaign_id: 1,
					datetime: `2025-05-05 ${h}:00:00`,
					creative_id: 'cr_9',
					cost: 0,
				});
			}
			clearLoggedRequests(mock);
			const { json } = await runLive(
				mock,
				{ ...base, matchKey: 'creative_id', idField: 'ad.id' },
				{
					items: [{ json: { ad: { id: 'cr_9' }, date: '2025-05-05', spend: 8, currency: 'USD' } }],
				},
			);
			expect(json[0]).toMatchObject({
				status: 'matched',
				matchKey: 'creative_id',
				keitaroClicks: 2,
				keitaroCost: 8,
			});
			const push = api(mock, 'POST', '/clicks/update_costs')[0].body as { costs: IDataObject[] };
			expect(push.costs[0].filters).toEqual({ creative_id: 'cr_9' });
			expect(api(mock, 'POST', '/report/build')[0].body).toMatchObject({
				dimensions: ['day', 'creative_id'],
			});
		});

		it('batches: 250 rows → 3 requests of 100, 100 and 50', async () => {
			clearLoggedRequests(mock);
			const items = Array.from({ length: 250 }, (_v, k) => ({
				json: {
					adset_id: `bulk_${k}`,
					date: '2025-04-20',
					spend: 1,
					currency: 'USD',
					timezone: 'UTC',
				},
			}));
			const { json } = await runLive(mock, base, { items });
			const pushes = api(mock, 'POST', '/clicks/update_costs');
			expect(pushes).toHaveLength(Math.ceil(250 / 100));
			expect(pushes.map((p) => (p.body as { costs: unknown[] }).costs.length)).toEqual([
				100, 100, 50,
			]);
			expect(json).toHaveLength(250);
			expect(new Set(json.map((r) => r.status))).toEqual(new Set(['no clicks']));
			expect(json[249]).toMatchObject({ batch: 3, batches: 3 });
			// one readback report for all 250 IDs
			expect(api(mock, 'POST', '/report/build')).toHaveLength(1);
		});

		it('dry run sends nothing and shows what would be sent', async () => {
			clearLoggedRequests(mock);
			const { json } = await runLive(
				mock,
				{ ...base, options: { dryRun: true } },
				{
					items: [
						{
							json: {
								adset_id: 'as_A',
								date: '2025-05-01',
								spend: 99,
								currency: 'USD',
								timezone: 'UTC',
							},
						},
					],
				},
			);
			expect(loggedRequests(mock)).toHaveLength(0);
			expect(json[0]).toMatchObject({
				status: 'dry run',
				success: null,
				batch: 1,
				batches: 1,
				wouldSend: {
					endpoint: 'POST /clicks/update_costs',
					campaign_ids: [1, 2],
					cost: {
						start_date: '2025-05-01 00:00:00',
						end_date: '2025-05-01 23:59:59',
						timezone: 'UTC',
						currency: 'USD',
						cost: '99',
						filters: { sub_id_2: 'as_A' },
					},
				},
			});
			expect(costOf(0)).toBeCloseTo(12.5 / 3, 6); // unchanged
		});

		it('Check Clicks First: rows without clicks are not sent; rows with the same ID and day are summed', async () => {
			clearLoggedRequests(mock);
			const items = [
				{
					json: {
						adset_id: 'as_B',
						date: '2025-05-01',
						spend: 1,
						currency: 'USD',
						timezone: 'UTC',
					},
				},
				{
					json: {
						adset_id: 'as_Q',
						date: '2025-05-01',
						spend: 5,
						currency: 'USD',
						timezone: 'UTC',
					},
				},
				{
					json: {
						adset_id: 'as_B',
						date: '2025-05-01',
						spend: 2.5,
						currency: 'USD',
						timezone: 'UTC',
					},
				},
			];
			const { json } = await runLive(
				mock,
				{ ...base, options: { readbackWait: 0, checkClicksFirst: true } },
				{ items },
			);
			expect(json.map((r) => [r.status, r.spend, r.pushedSpend, r.mergedRows])).toEqual([
				['matched', 1, 3.5, 2],
				['no clicks (not sent)', 5, 5, 1],
				['matched', 2.5, 3.5, 2],
			]);
			expect(json[0].keitaroCostBefore).toBe(4);
			expect(json[0].keitaroCost).toBe(3.5);
			const push = api(mock, 'POST', '/clicks/update_costs');
			expect(push).toHaveLength(1);
			expect((push[0].body as { costs: IDataObject[] }).costs).toEqual([
				expect.objectContaining({ cost: '3.5', filters: { sub_id_2: 'as_B' } }),
			]);
		});

		it('the cost job is async: the readback retries until the numbers settle, and says when they did not', async () => {
			// Make the mock answer like a real Keitaro whose job is slow: the first report after a
			// push still shows the old costs, the next one the new costs.
			const ck = mock.state.clicks;
			let before: Float64Array | null = null;
			let after: Float64Array | null = null;
			let reads = 0;
			mock.state.onBeforeRespond = ({ path }) => {
				if (path === '/clicks/update_costs') {
					before = ck.cost.slice();
					reads = 0;
				} else if (path === '/report/build' && before) {
					reads++;
					if (reads === 1) {
						after = ck.cost.slice();
						ck.cost.set(before);
					} else if (reads === 2 && after) ck.cost.set(after);
					mock.state.touch();
				}
			};
			try {
				const items = [
					{
						json: {
							adset_id: 'as_A',
							date: '2025-05-01',
							spend: 20,
							currency: 'USD',
							timezone: 'UTC',
						},
					},
				];
				const { json } = await runLive(mock, base, { items });
				expect(json[0]).toMatchObject({
					status: 'matched',
					keitaroCost: 20,
					readbackAttempts: 2,
					settled: true,
				});

				before = null;
				const { json: impatient } = await runLive(
					mock,
					{ ...base, options: { readbackWait: 0, readbackAttempts: 1 } },
					{
						items: [
							{
								json: {
									adset_id: 'as_A',
									date: '2025-05-01',
									spend: 30,
									currency: 'USD',
									timezone: 'UTC',
								},
							},
						],
					},
				);
				expect(impatient[0]).toMatchObject({
					status: 'mismatch',
					keitaroCost: 20,
					difference: -10,
					readbackAttempts: 1,
					settled: false,
				});
				expect((impatient[0].warnings as string[]).join('\n')).toMatch(
					/still differs after 1 reads/,
				);
			} finally {
				mock.state.onBeforeRespond = null;
			}
		});

		it('invalid rows: an error, or an "invalid" item with Continue On Fail', async () => {
			const items = [
				{ json: { adset_id: 'as_A', date: '2025-05-01', currency: 'USD' } },
				{ json: { adset_id: 'as_A', date: 'yesterday', spend: 1 } },
			];
			const { error } = await runLiveError(mock, { ...base, options: { dryRun: true } }, { items });
			expect(error.message).toBe('The item has no spend in "spend"');
			const { json } = await runLive(
				mock,
				{ ...base, options: { dryRun: true } },
				{ items, continueOnFail: true },
			);
			expect(json.map((r) => [r.status, r.error])).toEqual([
				['invalid', 'The item has no spend in "spend"'],
				['invalid', '"date" is "yesterday": a date is required'],
			]);
		});
	});
});

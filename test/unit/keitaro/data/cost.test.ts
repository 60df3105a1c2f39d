import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { resource as cost } from '../../../../nodes/Keitaro/actions/cost';
import { Keitaro } from '../../../../nodes/Keitaro/Keitaro.node';
import type { Call } from './fake';
import { makeContext, run, runError } from './fake';

const ok = {
	'POST /clicks/update_costs': { body: { success: true } },
	'POST /campaigns/12/update_costs': { body: { success: true } },
	'POST /campaigns/13/update_costs': { body: { success: true } },
};

/** One input item per cost, parameters read from the item as a user would with expressions. */
const entries = (list: IDataObject[]): INodeExecutionData[] => list.map((json) => ({ json }));

/** Runs Cost → Update over one input item per entry of `perItem` (its values override `common`). */
async function runCosts(
	perItem: IDataObject[],
	common: IDataObject = {},
	options: { routes?: Record<string, unknown>; continueOnFail?: boolean; timezone?: string } = {},
) {
	// The harness resolves parameters once (no expressions), so each item's own values are served
	// by a getNodeParameter override keyed by item index.
	const { ctx, calls } = makeContext(
		{
			resource: 'cost',
			operation: 'update',
			campaignIds: '12',
			currency: 'USD',
			startDate: '2024-05-01',
			...common,
		},
		{
			routes: (options.routes ?? ok) as never,
			items: entries(perItem),
			continueOnFail: options.continueOnFail,
			timezone: options.timezone,
		},
	);
	const original = ctx.getNodeParameter.bind(ctx) as (...a: unknown[]) => unknown;
	(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = (
		name: string,
		i: number,
		...rest: unknown[]
	) => (name in (perItem[i] ?? {}) ? perItem[i][name] : original(name, i, ...rest));
	let error: (Error & { context?: IDataObject; description?: string }) | undefined;
	let output: INodeExecutionData[] = [];
	try {
		[output] = await new Keitaro().execute.call(ctx);
	} catch (e) {
		error = e as Error & { context?: IDataObject };
	}
	return { output, json: output.map((o) => o.json), calls: calls as Call[], error };
}

describe('Cost → Update', () => {
	it('is the default operation and declares its spec operations', () => {
		expect(cost.defaultOperation).toBe('update');
		expect(cost.operations.update.spec).toEqual([
			'POST /clicks/update_costs',
			'POST /campaigns/{id}/update_costs',
			'POST /report/build',
		]);
		expect(cost.operations.update.executeBatch).toBeDefined();
	});

	it('one item: the bulk body with per-entry and top-level time zone and currency', async () => {
		const { calls, json, output } = await run(
			{
				resource: 'cost',
				operation: 'update',
				campaignIds: '13, 12',
				startDate: '2024-05-01T00:00:00',
				currency: 'eur',
				cost: 19.22,
				timezone: 'Europe/Madrid',
				costFilters: {
					filter: [
						{ name: 'sub_id_1', value: '1, 2,3' },
						{ name: 'source', value: 'site.com' },
					],
				},
			},
			{ routes: ok },
		);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ method: 'POST', path: '/clicks/update_costs' });
		expect(calls[0].body).toEqual({
			campaign_ids: [12, 13],
			costs: [
				{
					start_date: '2024-05-01 00:00:00',
					end_date: '2024-05-01 23:59:59',
					timezone: 'Europe/Madrid',
					currency: 'EUR',
					cost: '19.22',
					filters: { sub_id_1: '1,2,3', source: 'site.com' },
				},
			],
			timezone: 'Europe/Madrid',
			currency: 'EUR',
			only_campaign_uniques: 0,
		});
		expect(json[0]).toEqual({
			status: 'sent',
			success: true,
			method: 'bulk',
			endpoint: 'POST /clicks/update_costs',
			campaign_ids: [12, 13],
			start_date: '2024-05-01 00:00:00',
			end_date: '2024-05-01 23:59:59',
			timezone: 'Europe/Madrid',
			currency: 'EUR',
			cost: '19.22',
			filters: { sub_id_1: '1,2,3', source: 'site.com' },
			only_campaign_uniques: false,
			batch: 1,
			batches: 1,
			batch_entries: 1,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('many items → few requests: grouped by campaigns, time zone, currency; chunked by Batch Size', async () => {
		const perItem: IDataObject[] = [
			{ startDate: '2024-05-01', cost: 1 },
			{ startDate: '2024-05-02', cost: 2 },
			{ startDate: '2024-05-03', cost: 3, campaignIds: '13' },
			{ startDate: '2024-05-04', cost: 4 },
			{ startDate: '2024-05-05', cost: 5, timezone: 'Asia/Tokyo' },
			{ startDate: '2024-05-06', cost: 6 },
			{ startDate: '2024-05-07', cost: 7, currency: 'EUR' },
		];
		const { calls, json, output } = await runCosts(perItem, { options: { batchSize: 3 } });
		expect(
			calls.map((c) => [
				c.body?.campaign_ids,
				c.body?.timezone,
				c.body?.currency,
				(c.body?.costs as unknown[]).length,
			]),
		).toEqual([
			[[12], 'UTC', 'USD', 3],
			[[12], 'UTC', 'USD', 1],
			[[13], 'UTC', 'USD', 1],
			[[12], 'Asia/Tokyo', 'USD', 1],
			[[12], 'UTC', 'EUR', 1],
		]);
		expect((calls[0].body?.costs as IDataObject[]).map((c) => c.cost)).toEqual(['1', '2', '4']);
		expect(json.map((j) => [j.cost, j.batch, j.batch_entries])).toEqual([
			['1', 1, 3],
			['2', 1, 3],
			['3', 3, 1],
			['4', 1, 3],
			['5', 4, 1],
			['6', 2, 1],
			['7', 5, 1],
		]);
		expect(json.every((j) => j.batches === 5 && j.status === 'sent')).toBe(true);
		expect(output.map((o) => o.pairedItem)).toEqual(perItem.map((_v, i) => ({ item: i })));
	});

	it('150 items in one group → 2 requests of at most 100 costs', async () => {
		const perItem = Array.from({ length: 150 }, (_v, k) => ({ cost: k }));
		const { calls, json } = await runCosts(perItem);
		expect(calls.map((c) => (c.body?.costs as unknown[]).length)).toEqual([100, 50]);
		expect(json).toHaveLength(150);
	});

	it('cost formatting: string amounts, float noise removed', async () => {
		const { calls } = await runCosts([
			{ cost: 0.1 + 0.2 },
			{ cost: '7' },
			{ cost: 0 },
			{ cost: 12.3456 },
		]);
		expect((calls[0].body?.costs as IDataObject[]).map((c) => c.cost)).toEqual([
			'0.3',
			'7',
			'0',
			'12.3456',
		]);
	});

	it('exact period and only unique clicks', async () => {
		const { calls } = await run(
			{
				resource: 'cost',
				operation: 'update',
				campaignIds: '12',
				period: 'exact',
				startDate: '2024-05-01 10:00',
				endDate: '2024-05-01T11:00:00',
				currency: 'USD',
				cost: 5,
				options: { onlyCampaignUniques: true },
			},
			{ routes: ok },
		);
		expect(calls[0].body).toMatchObject({
			costs: [{ start_date: '2024-05-01 10:00:00', end_date: '2024-05-01 11:00:00' }],
			only_campaign_uniques: 1,
		});
	});

	it('Per Campaign (slow): one request per item on /campaigns/{id}/update_costs', async () => {
		const { calls, json } = await runCosts([{ cost: 1 }, { cost: 2, campaignIds: '13' }], {
			method: 'perCampaign',
			costFilters: { filter: [{ name: 'external_id', value: '120210000123456789' }] },
		});
		expect(calls.map((c) => c.path)).toEqual([
			'/campaigns/12/update_costs',
			'/campaigns/13/update_costs',
		]);
		expect(calls[0].body).toEqual({
			start_date: '2024-05-01 00:00:00',
			end_date: '2024-05-01 23:59:59',
			timezone: 'UTC',
			currency: 'USD',
			cost: '1',
			only_campaign_uniques: false,
			filters: { external_id: '120210000123456789' },
		});
		expect(json.map((j) => [j.endpoint, j.batch])).toEqual([
			['POST /campaigns/12/update_costs', 1],
			['POST /campaigns/13/update_costs', 2],
		]);
	});

	it('Per Campaign refuses several campaigns in one item (the cost would count twice)', async () => {
		const { error, calls } = await runError(
			{
				resource: 'cost',
				operation: 'update',
				method: 'perCampaign',
				campaignIds: '12,13',
				currency: 'USD',
				startDate: '2024-05-01',
				cost: 1,
			},
			{ routes: ok },
		);
		expect(error.message).toContain('Per Campaign method takes one campaign per item');
		expect(calls).toHaveLength(0);
	});

	it.each([
		[{ currency: 'US' }, 'Currency must be a 3-letter currency code from ISO 4217 (such as USD, EUR or GBP), got "US"'],
		[{ currency: 'ZZZ' }, 'Currency must be a 3-letter currency code from ISO 4217 (such as USD, EUR or GBP), got "ZZZ"'],
		[{ currency: '' }, 'Currency must be a 3-letter currency code from ISO 4217 (such as USD, EUR or GBP), got ""'],
		[{ cost: -1 }, 'Cost "-1" is not a valid amount'],
		[{ cost: '19,22' }, 'Cost "19,22" is not a valid amount'],
		[{ timezone: 'Europe/Atlantis' }, 'Timezone "Europe/Atlantis" is not a valid time zone'],
		[{ startDate: '2024-02-30' }, 'Start Date is "2024-02-30": a date is required'],
		[
			{ startDate: '2024-05-03', endDate: '2024-05-01' },
			'End Date (2024-05-01) is before Start Date (2024-05-03)',
		],
		[{ campaignIds: '12, abc' }, 'Campaign IDs: "abc" is not a campaign ID'],
		[{ campaignIds: '' }, 'Campaign IDs is empty'],
		[
			{ costFilters: { filter: [{ name: 'sub_id_1', value: ' ' }] } },
			'Click Filters: "sub_id_1" has no value',
		],
		[
			{
				costFilters: {
					filter: [
						{ name: 'sub_id_1', value: 'a' },
						{ name: 'sub_id_1', value: 'b' },
					],
				},
			},
			'Click Filters: "sub_id_1" is set twice',
		],
		[
			{ costFilters: { filter: [{ name: 'payout', value: 'a' }] } },
			'Click Filters: "payout" is not a cost filter',
		],
	])(
		'invalid %j → NodeOperationError naming the field, before any request',
		async (bad, message) => {
			const { error, calls } = await runCosts([{ cost: 1 }, { cost: 2, ...bad }]);
			expect(error?.constructor.name).toBe('NodeOperationError');
			expect(error?.message).toBe(message);
			expect(error?.context?.itemIndex).toBe(1);
			expect(calls).toHaveLength(0);
		},
	);

	it('continueOnFail: an invalid item gets an error item, the others are still sent', async () => {
		const { calls, json, output } = await runCosts(
			[{ cost: 1 }, { cost: 2, currency: 'dollars' }, { cost: 3 }],
			{},
			{ continueOnFail: true },
		);
		expect(calls).toHaveLength(1);
		expect((calls[0].body?.costs as IDataObject[]).map((c) => c.cost)).toEqual(['1', '3']);
		expect(json[1]).toEqual({
			status: 'invalid',
			error: 'Currency must be a 3-letter currency code from ISO 4217 (such as USD, EUR or GBP), got "dollars"',
			description: 'Use an ISO 4217 code such as USD, EUR or GBP.',
		});
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('a failed request: without continueOnFail the error names the first item of the batch', async () => {
		const routes = {
			'POST /clicks/update_costs': (c: Call) =>
				(c.body?.campaign_ids as number[])[0] === 13
					? { status: 422, body: { campaign_ids: ['Campaigns not found: 13'] } }
					: { body: { success: true } },
		};
		const { error } = await runCosts([{ cost: 1 }, { cost: 2, campaignIds: '13' }], {}, { routes });
		expect(error?.constructor.name).toBe('NodeApiError');
		expect(error?.message).toContain('campaign_ids: Campaigns not found: 13');
		expect(error?.context?.itemIndex).toBe(1);
	});

	it('a failed request with continueOnFail: its items get the error, other batches succeed', async () => {
		const routes = {
			'POST /clicks/update_costs': (c: Call) =>
				(c.body?.campaign_ids as number[])[0] === 13
					? { status: 422, body: { campaign_ids: ['Campaigns not found: 13'] } }
					: { body: { success: true } },
		};
		const { json } = await runCosts(
			[{ cost: 1 }, { cost: 2, campaignIds: '13' }, { cost: 3, campaignIds: '13' }],
			{},
			{ routes, continueOnFail: true },
		);
		expect(json.map((j) => j.status)).toEqual(['sent', 'failed', 'failed']);
		expect(json[1]).toMatchObject({ httpCode: '422', batch: 2, campaign_ids: [13] });
		expect(String(json[1].error)).toContain('Campaigns not found: 13');
	});

	it('Dry Run sends nothing and says what would be sent', async () => {
		const { calls, json } = await runCosts([{ cost: 1 }, { cost: 2 }], {
			options: { dryRun: true },
		});
		expect(calls).toHaveLength(0);
		expect(json.map((j) => [j.status, j.success, j.batch])).toEqual([
			['dry run', null, 1],
			['dry run', null, 1],
		]);
	});

	it('Check Matching Clicks First: a cost without clicks is not sent and flagged', async () => {
		const routes = {
			...ok,
			'POST /report/build': (c: Call) => {
				const range = c.body?.range as IDataObject;
				return {
					body: {
						rows: String(range.from).startsWith('2024-05-02') ? [] : [{ clicks: '12' }],
						total: 1,
					},
				};
			},
		};
		const { calls, json } = await runCosts(
			[{ cost: 1 }, { cost: 2, startDate: '2024-05-02' }],
			{
				options: { checkClicks: true },
				costFilters: { filter: [{ name: 'sub_id_3', value: 'a,b' }] },
			},
			{ routes },
		);
		expect(calls.map((c) => c.path)).toEqual([
			'/report/build',
			'/report/build',
			'/clicks/update_costs',
		]);
		expect(calls[0].body).toEqual({
			range: { from: '2024-05-01 00:00:00', to: '2024-05-01 23:59:59', timezone: 'UTC' },
			dimensions: [],
			measures: ['clicks'],
			filters: [
				{ name: 'campaign_id', operator: 'EQUALS', expression: 12 },
				{ name: 'sub_id_3', operator: 'IN_LIST', expression: ['a', 'b'] },
			],
		});
		expect((calls[2].body?.costs as unknown[]).length).toBe(1);
		expect(json[0]).toMatchObject({ status: 'sent', matched_clicks: 12 });
		expect(json[1]).toMatchObject({
			status: 'no clicks',
			success: false,
			matched_clicks: 0,
			batch: null,
		});
		expect(String(json[1].warning)).toContain('Keitaro would drop this cost');
	});
});

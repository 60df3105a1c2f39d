/**
 * Binom action node against the Binom 2 mock over real HTTP: every operation, the answers'
 * boundary checks, the write guard, continueOnFail/pairedItem, and each plausible tracker
 * behaviour the mock offers as a switch (upsell on/off, unknown click ignored or refused, campaign
 * PUT replacing or merging, empty filters as [] , rotation body format).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { BinomApi } from '../../credentials/BinomApi.credentials';
import { Binom } from '../../nodes/Binom/Binom.node';
import { resources } from '../../nodes/Binom/actions';
import { loadOptions } from '../../nodes/Binom/methods';
import { listActionOperations } from '../../nodes/shared/actions';
import { binomActions } from '../mock-servers/binom/actions';
import { startBinomMock, type BinomMock } from '../mock-servers/binom/server';
import { Harness, createContext } from '../helpers/n8n';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);

interface Run {
	output: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string };
	/** 'METHOD /path' relative to /public/api/v1 (or the root for click.php). */
	calls: string[];
	harness: Harness;
}

async function run(
	mock: BinomMock,
	parameters: INodeParameters,
	options: {
		items?: INodeExecutionData[];
		continueOnFail?: boolean;
		credential?: IDataObject;
		/** Per-item parameter values (the stand-in does not evaluate expressions). */
		perItem?: Record<string, unknown[]>;
	} = {},
): Promise<Run> {
	const harness = new Harness().addCredential(new BinomApi(), {
		url: mock.url,
		apiKey: mock.apiKey,
		connectionCheck: 'done',
		...(options.credential ?? {}),
	});
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: new Binom(),
		parameters,
		items: options.items ?? [{ json: {} }],
		continueOnFail: options.continueOnFail,
	});
	const perItem = options.perItem;
	if (perItem) {
		const base = ctx.getNodeParameter.bind(ctx) as (...a: unknown[]) => unknown;
		(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = (
			name: string,
			i: number,
			...rest: unknown[]
		) => (perItem[name] ? perItem[name][i] : base(name, i, ...rest));
	}
	const calls = () =>
		harness.sent.map((r) => {
			const path = new URL(r.url).pathname.replace(/^\/public\/api\/v1/, '');
			return `${r.method} ${path}`;
		});
	try {
		const [output] = await new Binom().execute.call(ctx);
		return { output, calls: calls(), harness };
	} catch (error) {
		return { output: [], calls: calls(), harness, error: error as Run['error'] };
	}
}

const json = (r: Run) => r.output.map((o) => o.json);

describe('Binom node (mock)', () => {
	let mock: BinomMock;
	beforeEach(async () => {
		mock = await startBinomMock({ now: T0, seedData: { days: 3, clicks: 400 } });
	});
	afterEach(async () => await mock.close());

	describe('Report → Get', () => {
		const params = (extra: INodeParameters = {}): INodeParameters => ({
			resource: 'report',
			operation: 'get',
			reportEntity: 'campaign',
			groupings: ['campaign', 'geoCountry'],
			datePreset: 'custom_time',
			dateFrom: '2025-06-14',
			dateTo: '2025-06-16',
			timezone: 'UTC',
			returnAll: true,
			...extra,
		});

		it('returns the rows of the last level in the canonical model, with the parent ids', async () => {
			const r = await run(mock, params());
			expect(r.error).toBeUndefined();
			const rows = json(r);
			expect(rows.length).toBeGreaterThan(3);
			const clicks = rows.reduce((s, x) => s + Number(x.clicks), 0);
			const inRange = mock.state.clicks.filter(
				(k) => k.t >= Date.UTC(2025, 5, 14) && k.t < Date.UTC(2025, 5, 17),
			).length;
			expect(clicks).toBe(inRange);
			expect(rows[0]).toMatchObject({
				tracker: 'binom',
				timezone: 'UTC',
				periodStart: '2025-06-14T00:00:00.000Z',
				periodEnd: '2025-06-17T00:00:00.000Z',
				level: 2,
				report: 'campaign',
			});
			expect(Object.keys(rows[0].dimensions as object)).toEqual([
				'campaign',
				'geoCountry',
				'geoCountryName',
			]);
			expect(typeof rows[0].revenue).toBe('number');
			// The request: bracket arrays, wall-clock range with the inclusive last second.
			const sent = mock.requests.entries.find((e) => e.path === '/public/api/v1/report/campaign');
			expect(sent?.query).toMatchObject({
				datePreset: 'custom_time',
				dateFrom: '2025-06-14 00:00:00',
				dateTo: '2025-06-16 23:59:59',
				timezone: 'UTC',
				'groupings[]': ['campaign', 'geoCountry'],
			});
		});

		it('All Levels adds the subtotal rows; Simplify off gives Binom’s rows; Limit pages', async () => {
			const all = json(await run(mock, params({ options: { allLevels: true } })));
			const leaf = json(await run(mock, params()));
			expect(all.filter((x) => x.level === 1).length).toBeGreaterThan(0);
			expect(all.length).toBe(leaf.length + all.filter((x) => x.level === 1).length);
			const raw = json(await run(mock, params({ simplify: false, returnAll: false, limit: 2 })));
			expect(raw).toHaveLength(2);
			expect(raw[0]).toHaveProperty('level', 2);
			expect(raw[0]).toHaveProperty('campaign_id');
		});

		it('refuses more than three levels and unknown ids before any request', async () => {
			const r = await run(mock, params({ groupings: ['campaign', 'offer', 'day', 'hour'] }));
			expect(r.error?.message).toMatch(/at most three levels/);
			const r2 = await run(mock, params({ options: { ids: '1, x' } }));
			expect(r2.error?.message).toMatch(/"x" is not an ID/);
			expect([...r.calls, ...r2.calls]).toEqual([]);
		});
	});

	describe('Conversion → Get Many', () => {
		it('returns every conversion of the period as canonical conversions', async () => {
			const r = await run(mock, {
				resource: 'conversion',
				operation: 'getAll',
				datePreset: 'all_time',
				timezone: 'UTC',
				returnAll: true,
				includeRaw: true,
			});
			expect(r.error).toBeUndefined();
			const rows = json(r);
			expect(rows).toHaveLength(mock.state.conversions.length);
			const c = mock.state.conversions[0];
			const item = rows.find((x) => x.clickId === c.id)!;
			expect(item).toMatchObject({
				tracker: 'binom',
				conversionId: c.id,
				revenue: c.payout,
				rawStatus: c.status,
				postbackTime: new Date(Math.floor(c.conversedAt / 1000) * 1000).toISOString(),
			});
			expect(item.raw).toHaveProperty('conversed_at');
		});

		it('a tracker that ignores offset is detected instead of returning the same rows twice', async () => {
			const rows = Array.from({ length: 1000 }, (_, k) => ({
				id: `c${k}`,
				status: 'lead',
				payout: '1',
			}));
			mock.faults.add({
				path: '/public/api/v1/conversions',
				status: 200,
				body: { rows },
				times: 2,
			});
			const r = await run(mock, {
				resource: 'conversion',
				operation: 'getAll',
				datePreset: 'all_time',
				limit: 1500,
			});
			expect(r.error?.message).toMatch(/same rows/);
			expect(r.error?.description).toMatch(/ignore the offset/);
		});

		it('times are read in the time zone asked for', async () => {
			const c = mock.state.addConversion({ at: T0 - 3600_000, status: 'approve', payout: 7 });
			const r = await run(mock, {
				resource: 'conversion',
				operation: 'getAll',
				datePreset: 'today',
				timezone: 'America/New_York',
				returnAll: true,
			});
			const item = json(r).find((x) => x.clickId === c.id)!;
			expect(item.postbackTime).toBe(new Date(T0 - 3600_000).toISOString());
			expect(item.status).toBe('approved');
		});
	});

	describe('Campaign', () => {
		it('Get Many leaves out the totals row and deleted campaigns unless asked', async () => {
			const live = json(
				await run(mock, { resource: 'campaign', operation: 'getAll', returnAll: true }),
			);
			expect(live.map((c) => c.campaignId)).toEqual(
				mock.state.campaigns.filter((c) => !c.isDeleted).map((c) => String(c.id)),
			);
			const all = json(
				await run(mock, {
					resource: 'campaign',
					operation: 'getAll',
					returnAll: true,
					options: { includeDeleted: true },
				}),
			);
			expect(all).toHaveLength(mock.state.campaigns.length);
			expect(all.find((c) => c.state === 'deleted')).toBeDefined();
		});

		it('Get Many with a limit of one page boundary does not skip a campaign', async () => {
			const one = json(await run(mock, { resource: 'campaign', operation: 'getAll', limit: 1 }));
			expect(one).toHaveLength(1);
		});

		it('Get reads one campaign; an unknown one is a plain 404 sentence', async () => {
			const r = await run(mock, { resource: 'campaign', operation: 'get', campaignId: '2' });
			expect(json(r)[0]).toMatchObject({ tracker: 'binom', campaignId: '2', state: 'active' });
			const missing = await run(mock, { resource: 'campaign', operation: 'get', campaignId: '99' });
			expect(missing.error?.message).toMatch(/Campaign 99/);
		});

		it('the campaign dropdown lists the tracker’s live campaigns', async () => {
			const harness = new Harness().addCredential(new BinomApi(), {
				url: mock.url,
				apiKey: mock.apiKey,
				connectionCheck: 'done',
			});
			const ctx = createContext({ harness, nodeType: new Binom(), parameters: {} });
			const options = await loadOptions.getCampaigns.call(ctx);
			expect(options.map((o) => o.value)).toEqual(
				expect.arrayContaining(
					mock.state.campaigns.filter((c) => !c.isDeleted).map((c) => String(c.id)),
				),
			);
			expect(options).toHaveLength(mock.state.campaigns.filter((c) => !c.isDeleted).length);
		});
	});

	describe('Conversion → Send / Update', () => {
		const send = (clickId: string, extra: INodeParameters = {}) => ({
			resource: 'conversion',
			operation: 'send',
			clickId,
			...extra,
		});

		it('creates a conversion on a click, then an upsell adds to the payout (and says so)', async () => {
			const click = mock.state.addClick({ campaignId: 1 });
			const first = await run(mock, send(click.id, { payout: '10', status: 'lead' }));
			expect(first.error).toBeUndefined();
			expect(json(first)[0]).toMatchObject({ result: 'created', payout: 10, rawStatus: 'lead' });
			expect(first.calls).toEqual([
				`GET /conversion/${click.id}`,
				'GET /click.php',
				`GET /conversion/${click.id}`,
			]);
			const second = await run(
				mock,
				send(click.id, { payout: '5', status: 'approve', options: { currency: 'eur' } }),
			);
			expect(json(second)[0]).toMatchObject({
				result: 'updated',
				payout: 15,
				previousPayout: 10,
				payoutAdded: true,
				rawStatus: 'approve',
				previousRawStatus: 'lead',
			});
			expect(binomActions(mock.state).postbacks.at(-1)).toMatchObject({ cnv_currency: 'EUR' });
		});

		it('with upsells disabled in Binom the payout replaces the old one, and the output says so', async () => {
			mock.state.upsellEnabled = false;
			const c = mock.state.addConversion({ payout: 10, status: 'lead' });
			const r = await run(mock, send(c.id, { payout: '4' }));
			expect(json(r)[0]).toMatchObject({ payout: 4, previousPayout: 10, payoutAdded: false });
		});

		it('a status-only update keeps the payout', async () => {
			const c = mock.state.addConversion({ payout: 10, status: 'lead' });
			const r = await run(mock, send(c.id, { status: 'reject' }));
			expect(json(r)[0]).toMatchObject({ payout: 10, rawStatus: 'reject' });
			expect(binomActions(mock.state).postbacks.at(-1)).not.toHaveProperty('payout');
		});

		it.each(['ignore', 'error'] as const)(
			'an unknown click id fails with a sentence (tracker behaviour: %s)',
			async (mode) => {
				binomActions(mock.state).options.unknownClick = mode;
				const r = await run(mock, send('ffffffffffffffffff', { payout: '3' }));
				expect(r.error).toBeDefined();
				expect(`${r.error?.message} ${r.error?.description ?? ''}`).toMatch(
					mode === 'ignore' ? /no conversion for click ffffffffffffffffff/ : /Click not found|400/,
				);
			},
		);

		it('the postback is never retried (a retry could add the payout twice)', async () => {
			const c = mock.state.addConversion({ payout: 10 });
			mock.faults.add({ path: '/click.php', status: 503, times: 1 });
			const r = await run(mock, send(c.id, { payout: '5' }));
			expect(r.error).toBeDefined();
			expect(r.calls.filter((x) => x === 'GET /click.php')).toHaveLength(1);
			expect(mock.state.getConversion(c.id)?.payout).toBe(10);
		});

		it('checks the inputs before sending anything', async () => {
			const bad = await run(mock, send('abc', { payout: 'ten' }));
			expect(bad.error?.message).toMatch(/Payout "ten" is not a number/);
			const empty = await run(mock, send('abc'));
			expect(empty.error?.message).toMatch(/Nothing to send/);
			expect([...bad.calls, ...empty.calls]).toEqual([]);
		});
	});

	describe('Cost → Update', () => {
		const cost = (extra: INodeParameters = {}): INodeParameters => ({
			resource: 'cost',
			operation: 'update',
			campaignId: '1',
			tokenNumber: 2,
			segmentValue: '={{$json.zone}}',
			cost: '={{$json.spend}}',
			currency: 'usd',
			datePreset: 'custom_time',
			dateFrom: '2025-06-15',
			dateTo: '2025-06-15',
			timezone: 'Europe/Berlin',
			...extra,
		});

		it('sends one PUT per token value and period with Binom’s body', async () => {
			const r = await run(mock, cost({ segmentValue: 'z1', cost: 1.5 }));
			expect(r.error).toBeUndefined();
			expect(binomActions(mock.state).costUpdates).toEqual([
				{
					campaignId: 1,
					tokenId: 2,
					tokenValue: 'z1',
					cost: 1.5,
					currency: 'USD',
					timezone: 'Europe/Berlin',
					datePreset: 'custom_time',
					dateFrom: '2025-06-15 00:00:00',
					dateTo: '2025-06-15 23:59:59',
				},
			]);
			expect(json(r)[0]).toMatchObject({ status: 'sent', sentCost: 1.5, mergedItems: 1 });
			expect(r.calls).toEqual(['PUT /clicks/campaign/1']);
		});

		it('merges duplicate keys across input items into one request with the summed cost', async () => {
			const r = await run(mock, cost(), {
				items: [{ json: {} }, { json: {} }, { json: {} }],
				perItem: { segmentValue: ['z1', 'z2', 'z1'], cost: [1.5, 3, 2.25] },
			});
			const out = r.output;
			const updates = binomActions(mock.state).costUpdates;
			expect(updates.map((u) => [u.tokenValue, u.cost])).toEqual([
				['z1', 3.75],
				['z2', 3],
			]);
			expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(out[2].json).toMatchObject({ cost: 2.25, sentCost: 3.75, mergedItems: 2 });
			expect(out[0].json).toMatchObject({ cost: 1.5, sentCost: 3.75, mergedItems: 2 });
			expect(out[0].json.warning).toMatch(/2 input items/);
		});

		it('the same token value and period in two currencies is refused for both items', async () => {
			const r = await run(mock, cost({ segmentValue: 'z1' }), {
				items: [{ json: {} }, { json: {} }, { json: {} }],
				continueOnFail: true,
				perItem: {
					cost: [1, 2, 3],
					currency: ['USD', 'EUR', 'USD'],
					segmentValue: ['z1', 'z1', 'z2'],
				},
			});
			expect(json(r)[0].error).toMatch(/in USD and EUR for the same period/);
			expect(json(r)[1].error).toMatch(/in USD and EUR/);
			expect(json(r)[2]).toMatchObject({ status: 'sent', tokenValue: 'z2' });
			expect(binomActions(mock.state).costUpdates.map((u) => u.tokenValue)).toEqual(['z2']);
		});

		it('Dry Run sends nothing; a bad currency is refused before any request', async () => {
			const dry = await run(mock, cost({ segmentValue: 'z1', cost: 2, dryRun: true }));
			expect(json(dry)[0]).toMatchObject({ status: 'dry run' });
			const bad = await run(mock, cost({ segmentValue: 'z1', cost: 2, currency: 'dollars' }));
			expect(bad.error?.message).toMatch(/^Currency must be a 3-letter currency code from ISO 4217 .*got "dollars"/);
			expect([...dry.calls, ...bad.calls]).toEqual([]);
			expect(binomActions(mock.state).costUpdates).toEqual([]);
		});
	});

	describe('Campaign → Blacklist Zones', () => {
		const bl = (extra: INodeParameters = {}): INodeParameters => ({
			resource: 'campaign',
			operation: 'blacklistZones',
			campaignId: '1',
			zones: '111, 222\n333',
			dryRun: false,
			...extra,
		});

		it('is a dry run by default: reads, shows the new list, writes nothing', async () => {
			binomActions(mock.state).setZoneFilter(1, { type: 'black', values: ['111'] });
			const r = await run(mock, { ...bl(), dryRun: undefined } as INodeParameters);
			expect(json(r)[0]).toMatchObject({
				dryRun: true,
				written: false,
				blacklistBefore: ['111'],
				blacklistAfter: ['111', '222', '333'],
				zonesChanged: ['222', '333'],
				zonesUnchanged: ['111'],
			});
			expect(r.calls).toEqual(['GET /campaign/1']);
		});

		it.each([
			['replace', false],
			['merge', false],
			['replace', true],
		] as const)(
			'merges into filters.zone and keeps every other field (PUT %s, empty filters as [] %s)',
			async (put, asArray) => {
				const a = binomActions(mock.state);
				a.options.campaignPut = put;
				a.options.emptyFiltersAsArray = asArray;
				const before = { ...a.campaign(1)! };
				const r = await run(mock, bl());
				expect(r.error).toBeUndefined();
				expect(json(r)[0]).toMatchObject({ written: true, blacklistAfter: ['111', '222', '333'] });
				expect(r.calls).toEqual(['GET /campaign/1', 'PUT /campaign/1', 'GET /campaign/1']);
				const after = a.campaign(1)!;
				expect(a.zoneFilter(1)).toEqual({ type: 'black', values: ['111', '222', '333'] });
				for (const k of Object.keys(before))
					if (k !== 'filters') expect(after[k]).toEqual(before[k]);
			},
		);

		it('removes zones; nothing to change sends no PUT', async () => {
			const a = binomActions(mock.state);
			a.setZoneFilter(1, { type: 'black', values: ['111', '999'] });
			const r = await run(mock, bl({ zoneAction: 'remove' }));
			expect(a.zoneFilter(1)?.values).toEqual(['999']);
			expect(json(r)[0]).toMatchObject({ zonesChanged: ['111'], written: true });
			const again = await run(mock, bl({ zoneAction: 'remove' }));
			expect(again.calls).toEqual(['GET /campaign/1']);
		});

		it('a tracker that accepts the PUT but keeps the old filters is caught by the read-back', async () => {
			binomActions(mock.state).options.putIgnoresFilters = true;
			const r = await run(mock, bl());
			expect(r.error?.message).toMatch(/did not keep the new zone blacklist of campaign 1/);
			expect(r.error?.description).toMatch(/Read back 0 blacklisted zones instead of 3/);
		});

		it('refuses a campaign whose zone filter is a whitelist (adding would allow the zones)', async () => {
			binomActions(mock.state).setZoneFilter(2, { type: 'white', values: ['5'] });
			const r = await run(mock, bl({ campaignId: '2' }));
			expect(r.error?.message).toMatch(/white list, not a blacklist: nothing was changed/);
			expect(r.calls).toEqual(['GET /campaign/2']);
		});

		it('a campaign answer without an id fails at the boundary, naming the field', async () => {
			mock.state.onBeforeRespond = null;
			const a = binomActions(mock.state);
			a.campaigns.set(1, { name: 'no id' });
			const r = await run(mock, bl());
			expect(r.error?.message).toMatch(/unexpected shape: id/);
		});
	});

	describe('Rotation (beta)', () => {
		const rot = (operation: string, extra: INodeParameters = {}): INodeParameters => ({
			resource: 'rotation',
			operation,
			element: 'offer',
			campaignId: '1',
			pathId: 1,
			elementId: 2,
			...extra,
		});

		it('pauses and unpauses an offer with the named body', async () => {
			const a = binomActions(mock.state);
			const r = await run(mock, rot('pause'));
			expect(json(r)[0]).toMatchObject({
				done: true,
				request: { body: { campaignId: 1, pathId: 1, offerId: 2 } },
			});
			expect(a.paused.has('1:offer:2')).toBe(true);
			await run(mock, rot('unpause'));
			expect(a.paused.has('1:offer:2')).toBe(false);
			await run(mock, rot('pause', { element: 'path', pathId: 3 }));
			expect(a.paused.has('1:path:3')).toBe(true);
		});

		it('Dry Run shows the request and sends nothing', async () => {
			const r = await run(mock, rot('pause', { dryRun: true }));
			expect(json(r)[0]).toMatchObject({
				dryRun: true,
				done: false,
				request: { method: 'PUT', path: '/campaign/offer/pause' },
			});
			expect(r.calls).toEqual([]);
		});

		it('a tracker expecting the other body fails loudly; the Body Format option matches it', async () => {
			const a = binomActions(mock.state);
			a.options.rotationBody = 'ids';
			const wrong = await run(mock, rot('pause', { element: 'landing' }));
			expect(wrong.error?.httpCode).toBe('400');
			expect(a.paused.size).toBe(0);
			const right = await run(mock, rot('pause', { element: 'landing', bodyFormat: 'ids' }));
			expect(right.error).toBeUndefined();
			expect(a.paused.has('1:landing:2')).toBe(true);
		});
	});

	describe('Write guard, continueOnFail, pairedItem', () => {
		it('a read-only credential refuses every write with a sentence and sends nothing', async () => {
			const c = mock.state.addConversion({ payout: 1 });
			const r = await run(
				mock,
				{ resource: 'conversion', operation: 'send', clickId: c.id, payout: '1' },
				{ credential: { allowWriteOperations: false } },
			);
			expect(r.error?.message).toMatch(/Allow Write Operations/);
			expect(r.calls).toEqual([]);
		});

		it('sample items from a trigger test fetch are refused', async () => {
			const r = await run(
				mock,
				{ resource: 'rotation', operation: 'pause', element: 'path', campaignId: '1', pathId: 1 },
				{ items: [{ json: { _sample: true } }] },
			);
			expect(r.error?.message).toMatch(/sample data/);
			expect(r.calls).toEqual([]);
		});

		it('with Continue On Fail a failing item becomes an error item paired with its input', async () => {
			const r = await run(
				mock,
				{ resource: 'campaign', operation: 'get', campaignId: '1' },
				{
					items: [{ json: {} }, { json: {} }, { json: {} }],
					continueOnFail: true,
					perItem: { campaignId: ['1', '99', 'x'] },
				},
			);
			expect(r.output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(r.output[0].json).toMatchObject({ campaignId: '1' });
			expect(r.output[1].json.error).toMatch(/Campaign 99/);
			expect(r.output[1].json.httpCode).toBe('404');
			expect(r.output[2].json.error).toMatch(/positive whole number/);
			const stop = await run(
				mock,
				{ resource: 'campaign', operation: 'get', campaignId: '1' },
				{ items: [{ json: {} }, { json: {} }], perItem: { campaignId: ['1', '99'] } },
			);
			expect(stop.error?.message).toMatch(/Campaign 99/);
		});
	});

	describe('Mock faithfulness', () => {
		it('rejects a missing api-key and a wrong method on the action routes', async () => {
			const noKey = await fetch(`${mock.apiUrl}/campaign/1`);
			expect(noKey.status).toBe(401);
			const wrong = await fetch(`${mock.apiUrl}/clicks/campaign/1`, {
				method: 'POST',
				headers: { 'api-key': mock.apiKey, 'content-type': 'application/json' },
				body: '{}',
			});
			expect(wrong.status).toBe(405);
			const badCost = await fetch(`${mock.apiUrl}/clicks/campaign/1`, {
				method: 'PUT',
				headers: { 'api-key': mock.apiKey, 'content-type': 'application/json' },
				body: JSON.stringify({
					tokenId: 1,
					tokenValue: 'a',
					cost: 1,
					currency: 'USD',
					timezone: 'UTC',
				}),
			});
			expect(await badCost.json()).toEqual({ error: 'model must be COSTS' });
			const post = await fetch(`${mock.url}/click.php?cnv_id=x`, { method: 'POST' });
			expect(post.status).toBe(405);
		});
	});

	describe('conformance', () => {
		const all = listActionOperations(resources);
		const fixtures: Record<string, () => Promise<Run>> = {
			'report.get': () =>
				run(mock, {
					resource: 'report',
					operation: 'get',
					groupings: ['offer'],
					datePreset: 'yesterday',
				}),
			'conversion.getAll': () => run(mock, { resource: 'conversion', operation: 'getAll' }),
			'conversion.send': () =>
				run(mock, {
					resource: 'conversion',
					operation: 'send',
					clickId: mock.state.addClick({ campaignId: 1 }).id,
					payout: 'auto',
				}),
			'cost.update': () =>
				run(mock, {
					resource: 'cost',
					operation: 'update',
					campaignId: '1',
					segmentValue: 'z',
					cost: 1,
				}),
			'campaign.get': () => run(mock, { resource: 'campaign', operation: 'get', campaignId: '1' }),
			'campaign.getAll': () => run(mock, { resource: 'campaign', operation: 'getAll' }),
			'campaign.blacklistZones': () =>
				run(mock, {
					resource: 'campaign',
					operation: 'blacklistZones',
					campaignId: '1',
					zones: '1',
					dryRun: false,
				}),
			'rotation.pause': () =>
				run(mock, {
					resource: 'rotation',
					operation: 'pause',
					campaignId: '1',
					pathId: 1,
					elementId: 1,
				}),
			'rotation.unpause': () =>
				run(mock, {
					resource: 'rotation',
					operation: 'unpause',
					campaignId: '1',
					pathId: 1,
					elementId: 1,
				}),
		};

		it('every operation runs against the mock, sends only the calls it declares, and writes are flagged', async () => {
			expect(Object.keys(fixtures).sort()).toEqual(all.map((o) => o.key).sort());
			const problems: string[] = [];
			for (const { key, op } of all) {
				const r = await fixtures[key]();
				if (r.error) problems.push(`${key}: ${r.error.message}`);
				if (!r.calls.length) problems.push(`${key}: sent nothing`);
				const templates = op.calls.map(
					(c) => new RegExp(`^${c.replace(/\{[^}]+\}/g, '[^/]+').replace(/\//g, '\\/')}$`),
				);
				for (const c of r.calls)
					if (!templates.some((t) => t.test(c))) problems.push(`${key}: sends ${c}, not declared`);
				const writes = r.calls.some((c) => !c.startsWith('GET ')) || key === 'conversion.send';
				if (writes !== !!op.write)
					problems.push(`${key}: write flag ${!!op.write}, writes ${writes}`);
			}
			expect(problems).toEqual([]);
			console.log(`binom operations: ${all.length}, each exercised against the mock`);
		});
	});
});

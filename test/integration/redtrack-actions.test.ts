/**
 * The RedTrack action node against the RedTrack mock over real HTTP: every operation runs, every
 * request it sends is a spec operation (../shared/reference/redtrack-api.json, copied into the
 * mock) with its required query parameters and body model, and is one the operation declares.
 * Then the behaviours that matter: the 1-per-minute cost queue (merge, wait, tell, refuse), read
 * back and lost spend, Set Status in bulk, the write guard, continueOnFail and pairedItem.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { RedTrackApi } from '../../credentials/RedTrackApi.credentials';
import { RedTrack } from '../../nodes/RedTrack/RedTrack.node';
import { resources } from '../../nodes/RedTrack/actions';
import { redTrackActionRuntime } from '../../nodes/RedTrack/actions/common';
import { listActionOperations } from '../../nodes/shared/actions';
import { redTrackActionControls } from '../mock-servers/redtrack/actions';
import type { RedTrackMock } from '../mock-servers/redtrack/server';
import { startRedTrackMock } from '../mock-servers/redtrack/server';
import swagger from '../mock-servers/redtrack/swagger.json';
import type { RunResult } from './actions-runner';
import { SwaggerChecker, runAction } from './actions-runner';

const checker = new SwaggerChecker(swagger as never);
const node = new RedTrack();
let mock: RedTrackMock;

async function run(
	parameters: INodeParameters,
	items?: INodeExecutionData[],
	extra: { continueOnFail?: boolean; allowWrite?: boolean } = {},
): Promise<RunResult> {
	return await runAction({
		node,
		credential: new RedTrackApi(),
		credentialData: {
			url: mock.url,
			apiKey: mock.apiKey,
			connectionCheck: 'done',
			allowWriteOperations: extra.allowWrite ?? true,
		},
		parameters,
		items,
		continueOnFail: extra.continueOnFail,
	});
}

const saved = { ...redTrackActionRuntime };
beforeEach(async () => {
	mock = await startRedTrackMock({ reportRateLimit: { clock: 'mock' } });
	redTrackActionControls(mock.state).setCostRateLimit({ clock: 'mock' });
	// The node's queues wait on the mock's clock: a minute passes instantly.
	redTrackActionRuntime.now = mock.state.clock.now;
	redTrackActionRuntime.sleep = async (ms: number) => mock.state.clock.advance(ms);
});
afterEach(async () => {
	Object.assign(redTrackActionRuntime, saved);
	await mock.close();
});

const ids = () => ({
	campaign: mock.state.campaigns[0].id,
	offer: mock.state.offers[0].id,
	landing: mock.state.landings[0].id,
	source: mock.state.sources[0].id,
	network: mock.state.networks[0].id,
	click: mock.state.tracks[0].id,
});
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** One fixture per operation (parameters built once the mock runs). */
const fixtures: Record<string, () => INodeParameters> = {
	'report.get': () => ({
		resource: 'report',
		operation: 'get',
		group: ['campaign', 'country'],
		period: 'yesterday',
		returnAll: true,
	}),
	'conversion.getAll': () => ({
		resource: 'conversion',
		operation: 'getAll',
		period: 'last7days',
		returnAll: true,
	}),
	'conversion.upload': () => ({
		resource: 'conversion',
		operation: 'upload',
		clickid: ids().click,
		payout: 12.5,
		type: 'type2',
		additionalFields: { created_at: '2025-06-15 10:00:00' },
	}),
	'cost.update': () => ({
		resource: 'cost',
		operation: 'update',
		campaignId: ids().campaign,
		cost: 40,
		dateFrom: '2025-06-15',
	}),
	'campaign.get': () => ({
		resource: 'campaign',
		operation: 'get',
		campaignId: rl(ids().campaign),
	}),
	'campaign.getAll': () => ({ resource: 'campaign', operation: 'getAll', returnAll: true }),
	'campaign.setStatus': () => ({
		resource: 'campaign',
		operation: 'setStatus',
		ids: ids().campaign,
		status: '2',
	}),
	'offer.get': () => ({ resource: 'offer', operation: 'get', offerId: rl(ids().offer) }),
	'offer.getAll': () => ({ resource: 'offer', operation: 'getAll', returnAll: true }),
	'offer.setStatus': () => ({
		resource: 'offer',
		operation: 'setStatus',
		ids: ids().offer,
		status: '2',
	}),
	'landing.get': () => ({ resource: 'landing', operation: 'get', landingId: rl(ids().landing) }),
	'landing.getAll': () => ({ resource: 'landing', operation: 'getAll', returnAll: true }),
	'source.get': () => ({ resource: 'source', operation: 'get', sourceId: rl(ids().source) }),
	'source.getAll': () => ({ resource: 'source', operation: 'getAll', returnAll: true }),
	'network.get': () => ({ resource: 'network', operation: 'get', networkId: rl(ids().network) }),
	'network.getAll': () => ({ resource: 'network', operation: 'getAll', returnAll: true }),
	'account.getSettings': () => ({ resource: 'account', operation: 'getSettings' }),
	'conversion.sendPostback': () => ({
		resource: 'conversion',
		operation: 'sendPostback',
		trackingDomain: mock.url,
		postbackClickId: mock.state.tracks[0].id,
		postbackPayout: '3',
		postbackStatus: 'approved',
	}),
};

describe('RedTrack action node ↔ spec conformance', () => {
	const all = listActionOperations(resources);

	it('every operation has a fixture', () => {
		expect(all.map((o) => o.key).filter((k) => !fixtures[k])).toEqual([]);
		expect(Object.keys(fixtures).filter((k) => !all.some((o) => o.key === k))).toEqual([]);
	});

	it('every operation runs against the mock, sends spec-conformant requests it declares', async () => {
		const problems: string[] = [];
		for (const { key, op } of all) {
			const r = await run(fixtures[key]());
			if (r.error) problems.push(`${key}: ${r.error.message} ${r.error.description ?? ''}`);
			if (!r.requests.length) problems.push(`${key}: sent no request`);
			if (!r.output.length) problems.push(`${key}: output nothing`);
			for (const q of r.requests) {
				// The tracking-domain postback (not in the API spec) carries no api_key.
				if (q.path === '/postback') {
					if (q.query.api_key !== undefined) problems.push(`${key}: api_key sent to the postback`);
					if (!op.calls.includes('GET /postback')) problems.push(`${key}: sends GET /postback, not in its calls`);
					continue;
				}
				const query = { ...q.query };
				for (const p of checker.check(q.method, q.path, query, q.body))
					problems.push(`${key}: ${q.method} ${q.path}: ${p}`);
				const hit = checker.match(q.method, q.path)?.key;
				if (hit && !op.calls.includes(hit)) problems.push(`${key}: sends ${hit}, not in its calls`);
			}
		}
		console.log(`redtrack operations: ${all.length}, each exercised against the mock`);
		expect(problems).toEqual([]);
	}, 60_000);

	it('the checker catches a violation', () => {
		const problems = checker.check(
			'POST',
			'/tracks/cost',
			{ api_key: 'k', time_from: 'a', time_to: 'b', cost: 'x' },
			undefined,
		);
		expect(problems.sort()).toEqual([
			'query parameter "cost" must be a number',
			'required query parameter "campaign_id" is missing',
		]);
		expect(
			checker.check('POST', '/conversions', { api_key: 'k' }, { clickid: 'x', payout: '3' }),
		).toEqual(['body field "payout" must be a number']);
	});
});

describe('RedTrack costs: 1 request per minute, merged and queued', () => {
	const dayRow = (campaignId: string, day: string, spend: number): INodeExecutionData => ({
		json: { campaignId, day, spend },
	});
	const params = (extra: IDataObject = {}): INodeParameters => ({
		resource: 'cost',
		operation: 'update',
		campaignId: '={{$json.campaignId}}',
		cost: 0,
		dateFrom: '',
		...extra,
	});

	/** The stand-in does not evaluate expressions: resolve per item by hand. */
	async function runRows(rows: INodeExecutionData[], extra: IDataObject = {}) {
		const p = params(extra);
		const harnessNode = new RedTrack();
		const perItem = rows.map((r) => ({
			campaignId: r.json.campaignId,
			cost: r.json.spend,
			dateFrom: r.json.day,
		}));
		// n8n evaluates per item; the stand-in reads item 0, so give each item its own fields via getNodeParameter.
		const { Harness, createContext } = await import('../helpers/n8n');
		const harness = new Harness().addCredential(new RedTrackApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			connectionCheck: 'done',
		});
		const ctx = createContext({ harness, nodeType: harnessNode, parameters: p, items: rows });
		const base = ctx.getNodeParameter;
		ctx.getNodeParameter = (name: string, i: number, ...rest: unknown[]) =>
			name in perItem[i] ? (perItem[i] as IDataObject)[name] : base(name, i, ...rest);
		try {
			const [out] = (await harnessNode.execute.call(ctx)) as INodeExecutionData[][];
			return { out, harness, error: undefined as Error | undefined };
		} catch (error) {
			return { out: [] as INodeExecutionData[], harness, error: error as Error };
		}
	}

	it('merges rows that would overwrite each other, waits a minute between requests and says so', async () => {
		const [a, b] = [mock.state.campaigns[0].id, mock.state.campaigns[1].id];
		const { out, error } = await runRows([
			dayRow(a, '2025-06-15', 30),
			dayRow(a, '2025-06-15', 12.5),
			dayRow(b, '2025-06-15', 20),
		]);
		expect(error).toBeUndefined();
		const costs = redTrackActionControls(mock.state).costs;
		expect(costs).toEqual([
			expect.objectContaining({
				campaign_id: a,
				cost: '42.5',
				time_from: '2025-06-15 00:00:00',
				time_to: '2025-06-15 23:59:59',
			}),
			expect.objectContaining({ campaign_id: b, cost: '20' }),
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out.map((o) => o.json.status)).toEqual(['matched', 'matched', 'matched']);
		expect(out[0].json).toMatchObject({
			mergedRows: 2,
			pushedSpend: 42.5,
			redtrackCost: 42.5,
			lostSpend: false,
			requests: 2,
		});
		expect(out[0].json.queue).toMatch(
			/2 requests at 1 request per minute: this run waits about 1 min/,
		);
		expect(out[2].json.waitedSeconds).toBeGreaterThanOrEqual(60);
	});

	it('flags spend on a day without clicks as lost (RedTrack answers 200 all the same)', async () => {
		const { out } = await runRows([dayRow(mock.state.campaigns[0].id, '2025-05-01', 10)]);
		expect(out[0].json).toMatchObject({ status: 'no clicks', lostSpend: true, success: false });
		expect(String(out[0].json.warnings)).toMatch(/spend is lost/);
	});

	it('refuses to start, sending nothing, when the queue would exceed Max Wait', async () => {
		const c = mock.state.campaigns[0].id;
		const rows = Array.from({ length: 12 }, (_, d) =>
			dayRow(c, `2025-06-${String(d + 1).padStart(2, '0')}`, 1),
		);
		const { error } = await runRows(rows, { options: { maxWaitMinutes: 5 } });
		expect(error?.message).toMatch(
			/12 cost requests need about 11 min .* more than Max Wait \(5 min\); nothing was sent/,
		);
		expect(redTrackActionControls(mock.state).costs).toEqual([]);
	});

	it('Dry Run sends nothing and shows the query', async () => {
		const { out } = await runRows([dayRow(mock.state.campaigns[0].id, '2025-06-15', 5)], {
			options: { dryRun: true },
		});
		expect(out[0].json).toMatchObject({
			status: 'dry run',
			wouldSend: { call: 'POST /tracks/cost' },
		});
		expect(redTrackActionControls(mock.state).costs).toEqual([]);
	});

	it('the mock refuses a second cost request within the minute (what the queue avoids)', async () => {
		const url = (c: string) =>
			`${mock.url}/tracks/cost?api_key=${mock.apiKey}&campaign_id=${c}&cost=1&time_from=2025-06-15&time_to=2025-06-15`;
		const first = await fetch(url(mock.state.campaigns[0].id), { method: 'POST' });
		const second = await fetch(url(mock.state.campaigns[1].id), { method: 'POST' });
		expect([first.status, second.status]).toEqual([200, 429]);
		expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(50);
	});

	it('the mock rejects an ISO time (format assumption) with a 400', async () => {
		const res = await fetch(
			`${mock.url}/tracks/cost?api_key=${mock.apiKey}&campaign_id=${mock.state.campaigns[0].id}&cost=1&time_from=2025-06-15T00:00:00Z&time_to=2025-06-15`,
			{ method: 'POST' },
		);
		expect(res.status).toBe(400);
	});
});

describe('RedTrack writes, guard and item handling', () => {
	it('Set Status pauses several campaigns in one request', async () => {
		const [a, b] = [mock.state.campaigns[0].id, mock.state.campaigns[1].id];
		const r = await run({
			resource: 'campaign',
			operation: 'setStatus',
			ids: `${a}, ${b}`,
			status: '2',
		});
		expect(r.error).toBeUndefined();
		expect(r.requests.filter((q) => q.method === 'PATCH')).toHaveLength(1);
		expect(mock.state.campaigns.slice(0, 2).map((c) => c.status)).toEqual([2, 2]);
		expect(r.output[0].json).toMatchObject({ ids: [a, b], status: 'paused', success: true });
	});

	it('Set Status with Dry Run changes nothing', async () => {
		const a = mock.state.campaigns[0].id;
		const r = await run({
			resource: 'campaign',
			operation: 'setStatus',
			ids: a,
			status: '2',
			dryRun: true,
		});
		expect(r.requests.filter((q) => q.method === 'PATCH')).toHaveLength(0);
		expect(mock.state.campaigns[0].status).toBe(1);
		expect(r.output[0].json).toMatchObject({ dryRun: true });
	});

	it('a read-only credential refuses every write before sending it', async () => {
		const a = mock.state.campaigns[0].id;
		const r = await run(
			{ resource: 'campaign', operation: 'setStatus', ids: a, status: '2' },
			undefined,
			{ allowWrite: false },
		);
		expect(r.error?.message).toMatch(/Allow Write Operations/);
		expect(r.requests.filter((q) => q.method !== 'GET')).toHaveLength(0);
	});

	it('conversion upload creates, then updates the same click and type', async () => {
		const click = mock.state.tracks[5].id;
		const p = {
			resource: 'conversion',
			operation: 'upload',
			clickid: click,
			payout: 10,
			type: 'type1',
		};
		await run(p);
		await run({ ...p, payout: 15 });
		const mine = mock.state.conversions.filter((c) => c.clickid === click && c.type === 'type1');
		expect(mine.map((c) => c.payout)).toEqual([15]);
	});

	it('continueOnFail: a failing item becomes an error item paired with it, the others still run', async () => {
		const r = await run(
			{ resource: 'campaign', operation: 'get', campaignId: rl('0123456789abcdef01234567') },
			[{ json: {} }, { json: {} }],
			{ continueOnFail: true },
		);
		expect(r.output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(r.output.every((o) => typeof o.json.error === 'string')).toBe(true);
		expect(r.requests.filter((q) => q.path.startsWith('/campaigns/'))).toHaveLength(2);
	});

	it('Get on a missing campaign says so in a sentence', async () => {
		const r = await run({
			resource: 'campaign',
			operation: 'get',
			campaignId: rl('0123456789abcdef01234567'),
		});
		expect(r.error?.message).toMatch(/Campaign 0123456789abcdef01234567 was not found|not found/i);
	});

	it('Limit stops after the rows asked for; Simplify gives canonical report rows', async () => {
		const r = await run({
			resource: 'report',
			operation: 'get',
			group: ['campaign'],
			period: 'last7days',
			returnAll: false,
			limit: 2,
		});
		expect(r.output).toHaveLength(2);
		expect(r.requests.filter((q) => q.path === '/report').map((q) => String(q.query.per))).toEqual([
			'2',
		]);
		expect(r.output[0].json).toMatchObject({
			tracker: 'redtrack',
			timezone: 'Europe/Berlin',
			currency: 'EUR',
		});
		expect(r.output[0].json.dimensions).toHaveProperty('campaign_id');
		const raw = await run({
			resource: 'report',
			operation: 'get',
			group: ['campaign'],
			period: 'last7days',
			returnAll: true,
			simplify: false,
		});
		expect(raw.output[0].json).toHaveProperty('campaign_id');
	});

	it('an account without a time zone fails with a sentence, not a guess', async () => {
		mock.options.settingsShape = 'array';
		const settings = mock.state.settings as { timezone: string };
		settings.timezone = '';
		const r = await run({
			resource: 'conversion',
			operation: 'getAll',
			period: 'yesterday',
			returnAll: true,
		});
		expect(r.error?.message).toMatch(/RedTrack did not report the account time zone|time zone/);
	});
});

describe('RedTrack lists loaded from the tracker', () => {
	it('resource locators search campaigns by title; conversion types come from /me/settings', async () => {
		const { Harness, createContext } = await import('../helpers/n8n');
		const harness = new Harness().addCredential(new RedTrackApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			connectionCheck: 'done',
		});
		const ctx = createContext({ harness, nodeType: node });
		const all = await node.methods.listSearch.searchCampaigns.call(ctx);
		expect(all.results.map((r) => r.value)).toEqual(mock.state.campaigns.map((c) => c.id));
		const one = await node.methods.listSearch.searchCampaigns.call(
			ctx,
			mock.state.campaigns[1].title,
		);
		expect(one.results).toEqual([
			{ name: mock.state.campaigns[1].title, value: mock.state.campaigns[1].id },
		]);
		const offers = await node.methods.listSearch.searchOffers.call(ctx);
		expect(offers.results).toHaveLength(mock.state.offers.length);
		const types = await node.methods.loadOptions.getConversionTypes.call(ctx);
		expect(types).toEqual(expect.arrayContaining([{ name: 'Purchase (type2)', value: 'type2' }]));
	});
});

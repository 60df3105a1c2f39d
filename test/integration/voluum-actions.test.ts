/**
 * The Voluum action node against the Voluum mock over real HTTP: every operation runs, every
 * request is one it declares, with whole-hour from/to. Then: ranges over 31 days split, the
 * manual-cost queue and its errors as sentences (NO_VISITS_PERIOD → lost spend,
 * TIME_RANGE_EXCEED_LAST_HOUR refused before sending), non-hour times refused, CSV conversion
 * upload with corrections, access-key refusals, the write guard, pairedItem.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { Voluum } from '../../nodes/Voluum/Voluum.node';
import { resources } from '../../nodes/Voluum/actions';
import { voluumActionRuntime } from '../../nodes/Voluum/actions/common';
import { listActionOperations } from '../../nodes/shared/actions';
import { Harness, createContext } from '../helpers/n8n';
import { voluumActionControls } from '../mock-servers/voluum/actions';
import type { VoluumMock } from '../mock-servers/voluum/server';
import { startVoluumMock } from '../mock-servers/voluum/server';
import type { RunResult } from './actions-runner';
import { runAction } from './actions-runner';

const node = new Voluum();
let mock: VoluumMock;
const saved = { ...voluumActionRuntime };

beforeEach(async () => {
	mock = await startVoluumMock({ rateLimit: false });
	voluumActionRuntime.now = mock.state.clock.now;
	voluumActionRuntime.sleep = async (ms: number) => mock.state.clock.advance(ms);
});
afterEach(async () => {
	Object.assign(voluumActionRuntime, saved);
	await mock.close();
});

function creds(extra: IDataObject = {}) {
	return {
		authType: 'accessKey',
		accessId: mock.accessId,
		secretKey: mock.accessKey,
		url: mock.url,
		sessionToken: '',
		...extra,
	};
}

async function run(
	parameters: INodeParameters,
	items?: INodeExecutionData[],
	extra: { continueOnFail?: boolean; creds?: IDataObject } = {},
): Promise<RunResult> {
	return await runAction({
		node,
		credential: new VoluumApi(),
		credentialData: creds(extra.creds),
		parameters,
		items,
		continueOnFail: extra.continueOnFail,
	});
}

/** Runs with per-item parameter values (the stand-in does not evaluate expressions). */
async function runItems(
	parameters: INodeParameters,
	perItem: IDataObject[],
	extra: { creds?: IDataObject; continueOnFail?: boolean } = {},
) {
	const harness = new Harness().addCredential(new VoluumApi(), creds(extra.creds));
	const ctx = createContext({
		harness,
		nodeType: node,
		parameters,
		items: perItem.map(() => ({ json: {} })),
		continueOnFail: extra.continueOnFail,
	});
	const base = ctx.getNodeParameter;
	ctx.getNodeParameter = (name: string, i: number, ...rest: unknown[]) =>
		name in perItem[i] ? perItem[i][name] : base(name, i, ...rest);
	try {
		const [out] = (await node.execute.call(ctx)) as INodeExecutionData[][];
		return { out, harness, error: undefined as (Error & { description?: string }) | undefined };
	} catch (error) {
		return {
			out: [] as INodeExecutionData[],
			harness,
			error: error as Error & { description?: string },
		};
	}
}

const withVisits = () =>
	mock.state.visits.find(
		(v) =>
			v.timestamp < Date.parse('2025-06-16T00:00:00Z') &&
			v.timestamp >= Date.parse('2025-06-15T00:00:00Z'),
	)!;

const fixtures: Record<string, () => INodeParameters> = {
	'report.get': () => ({
		resource: 'report',
		operation: 'get',
		groupBy: ['campaign'],
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
		clickId: withVisits().clickId,
		payout: 7.5,
	}),
	'cost.update': () => ({
		resource: 'cost',
		operation: 'update',
		campaignId: withVisits().campaignId,
		cost: 25,
		dateFrom: '2025-06-15',
	}),
	'campaign.get': () => ({
		resource: 'campaign',
		operation: 'get',
		campaignId: { __rl: true, mode: 'id', value: mock.state.campaigns[0].id },
	}),
	'campaign.getAll': () => ({ resource: 'campaign', operation: 'getAll', returnAll: true }),
	'conversion.sendPostback': () => ({
		resource: 'conversion',
		operation: 'sendPostback',
		trackingDomain: mock.url,
		postbackClickId: withVisits().clickId,
		postbackPayout: '12.5',
		postbackTransactionId: 'ORDER-1',
	}),
};

const template = (call: string) =>
	new RegExp(`^${call.split(' ')[1].replace(/\{[^}]+\}/g, '[^/]+')}$`);

describe('Voluum action node: every operation against the mock', () => {
	const all = listActionOperations(resources);
	it('every operation has a fixture, runs, and sends only calls it declares, with whole hours', async () => {
		expect(all.map((o) => o.key).filter((k) => !fixtures[k])).toEqual([]);
		const problems: string[] = [];
		for (const { key, op } of all) {
			const r = await run(fixtures[key]());
			if (r.error) problems.push(`${key}: ${r.error.message} ${r.error.description ?? ''}`);
			const api = r.requests.filter((q) => !q.path.startsWith('/auth/'));
			if (!api.length || !r.output.length) problems.push(`${key}: no request or no output`);
			for (const q of api) {
				if (!op.calls.some((c) => c.startsWith(`${q.method} `) && template(c).test(q.path)))
					problems.push(`${key}: ${q.method} ${q.path} is not declared`);
				for (const k of ['from', 'to'])
					if (q.query[k] !== undefined && !/T\d{2}:00:00Z$/.test(String(q.query[k])))
						problems.push(`${key}: ${k}=${String(q.query[k])} is not a whole hour`);
				// The tracking-domain postback carries no credential; every API call carries the token.
				if (q.path === '/postback' ? q.headers['cwauth-token'] : !q.headers['cwauth-token'])
					problems.push(`${key}: session token ${q.path === '/postback' ? 'sent to the postback' : 'missing'}`);
			}
		}
		console.log(`voluum operations: ${all.length}, each exercised against the mock`);
		expect(problems).toEqual([]);
	}, 60_000);
});

describe('Voluum reports', () => {
	it('a range over 31 days is read in parts (the mock refuses longer ranges)', async () => {
		const r = await run({
			resource: 'report',
			operation: 'get',
			groupBy: ['campaign'],
			period: 'custom',
			from: '2025-04-01',
			to: '2025-06-10',
			returnAll: true,
			simplify: false,
		});
		expect(r.error).toBeUndefined();
		const spans = r.requests
			.filter((q) => q.path === '/report')
			.map((q) => [q.query.from, q.query.to]);
		expect(spans).toEqual([
			['2025-04-01T00:00:00Z', '2025-05-02T00:00:00Z'],
			['2025-05-02T00:00:00Z', '2025-06-02T00:00:00Z'],
			['2025-06-02T00:00:00Z', '2025-06-11T00:00:00Z'],
		]);
		const direct = await fetch(
			`${mock.url}/report?from=2025-04-01T00:00:00Z&to=2025-06-10T00:00:00Z&groupBy=campaign`,
			{
				headers: { 'cwauth-token': r.requests[r.requests.length - 1].headers['cwauth-token'] },
			},
		);
		expect(direct.status).toBe(400);
	});

	it('custom times are rounded outward to whole hours', async () => {
		const r = await run({
			resource: 'report',
			operation: 'get',
			groupBy: ['campaign'],
			period: 'custom',
			from: '2025-06-15 10:20',
			to: '2025-06-15 12:05',
			returnAll: true,
		});
		const q = r.requests.find((x) => x.path === '/report')!;
		expect([q.query.from, q.query.to]).toEqual(['2025-06-15T10:00:00Z', '2025-06-15T13:00:00Z']);
		expect(r.output[0].json).toMatchObject({
			tracker: 'voluum',
			timezone: 'Etc/GMT',
			currency: 'USD',
		});
	});

	it('Limit stops the paging', async () => {
		const r = await run({
			resource: 'conversion',
			operation: 'getAll',
			period: 'last7days',
			returnAll: false,
			limit: 3,
		});
		expect(r.output).toHaveLength(3);
		expect(r.output[0].json).toMatchObject({ tracker: 'voluum' });
	});
});

describe('Voluum costs: whole hours, 60 updates per frame, errors as sentences', () => {
	const params = { resource: 'cost', operation: 'update', campaignId: '', cost: 0, dateFrom: '' };

	it('uploads, merges, reads back and matches', async () => {
		const v = withVisits();
		const { out, error } = await runItems(params, [
			{ campaignId: v.campaignId, cost: 10, dateFrom: '2025-06-15' },
			{ campaignId: v.campaignId, cost: 5.5, dateFrom: '2025-06-15' },
		]);
		expect(error).toBeUndefined();
		expect(voluumActionControls(mock.state).costCalls).toEqual([
			{
				campaignId: v.campaignId,
				from: '2025-06-15T00:00:00Z',
				to: '2025-06-16T00:00:00Z',
				timeZone: 'Etc/GMT',
				cost: 15.5,
				currency: 'USD',
			},
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out[0].json).toMatchObject({
			status: 'matched',
			voluumCost: 15.5,
			mergedRows: 2,
			lostSpend: false,
		});
	});

	it('NO_VISITS_PERIOD becomes the lost-spend flag with a sentence', async () => {
		const { out } = await runItems(params, [
			{ campaignId: mock.state.campaigns[0].id, cost: 3, dateFrom: '2024-01-01' },
		]);
		expect(out[0].json).toMatchObject({ status: 'no clicks', lostSpend: true, success: false });
		expect(String(out[0].json.warnings)).toMatch(
			/no visits for this campaign in this period \(NO_VISITS_PERIOD\)/,
		);
	});

	it('the current hour is refused before sending, in a sentence', async () => {
		const { error } = await runItems(params, [
			{ campaignId: mock.state.campaigns[0].id, cost: 3, dateFrom: '2025-06-16' },
		]);
		expect(error?.message).toMatch(/current hour or the future \(TIME_RANGE_EXCEED_LAST_HOUR\)/);
		expect(voluumActionControls(mock.state).costCalls).toEqual([]);
	});

	it('and when Voluum says it (the node’s clock behind the tracker’s), the same sentence', async () => {
		voluumActionRuntime.now = () => Date.parse('2025-06-16T05:00:00Z');
		const { error } = await runItems(params, [
			{
				campaignId: mock.state.campaigns[0].id,
				cost: 3,
				dateFrom: '2025-06-16 00:00',
				dateTo: '2025-06-16 04:00',
			},
		]);
		mock.state.clock.set('2025-06-16T03:30:00Z');
		const again = await runItems(params, [
			{
				campaignId: mock.state.campaigns[0].id,
				cost: 3,
				dateFrom: '2025-06-16 00:00',
				dateTo: '2025-06-16 04:00',
			},
		]);
		expect(error === undefined || /TIME_RANGE|NO_VISITS/.test(error.message)).toBe(true);
		expect(again.error?.message).toMatch(
			/^The period reaches into the current hour or the future \(TIME_RANGE_EXCEED_LAST_HOUR\)/,
		);
	});

	it('times off the hour are refused with a sentence (Voluum would reject them)', async () => {
		const { error } = await runItems(params, [
			{
				campaignId: mock.state.campaigns[0].id,
				cost: 3,
				dateFrom: '2025-06-15 10:30',
				dateTo: '2025-06-15 11:00',
			},
		]);
		expect(error?.message).toMatch(/10:30 is not on the hour/);
		const token = (await run(fixtures['campaign.getAll']())).requests[1].headers['cwauth-token'];
		const direct = await fetch(`${mock.url}/report/manual-cost`, {
			method: 'POST',
			headers: { 'cwauth-token': token, 'Content-Type': 'application/json' },
			body: JSON.stringify({
				campaignId: mock.state.campaigns[0].id,
				from: '2025-06-15T10:30:00Z',
				to: '2025-06-15T11:00:00Z',
				timeZone: 'Etc/GMT',
				cost: 1,
				currency: 'USD',
			}),
		});
		expect(direct.status).toBe(400);
	});

	it('queues past 60 updates per frame and refuses over Max Wait', async () => {
		const c = mock.state.campaigns[0].id;
		const day = (n: number) => new Date(Date.UTC(2025, 2, 1 + n)).toISOString().slice(0, 10);
		const rows = Array.from({ length: 61 }, (_, n) => ({
			campaignId: c,
			cost: 1,
			dateFrom: day(n),
		}));
		const refused = await runItems(params, rows, { continueOnFail: true });
		expect(refused.error?.message).toMatch(
			/cost updates need about 1 h 1 min at Voluum's 60 updates per hour, more than Max Wait \(30 min\); nothing was sent/,
		);
		expect(voluumActionControls(mock.state).costCalls).toEqual([]);
	});

	it('Dry Run sends nothing', async () => {
		const { out } = await runItems({ ...params, options: { dryRun: true } }, [
			{ campaignId: mock.state.campaigns[0].id, cost: 3, dateFrom: '2025-06-15' },
		]);
		expect(out[0].json).toMatchObject({
			status: 'dry run',
			wouldSend: { call: 'POST /report/manual-cost' },
		});
		expect(voluumActionControls(mock.state).costCalls).toEqual([]);
	});
});

describe('Voluum conversion upload', () => {
	it('sends one CSV per batch; a negative payout corrects revenue; unknown clicks are reported per item', async () => {
		const v = withVisits();
		const before = mock.state.conversions.length;
		const { out, error } = await runItems(
			{ resource: 'conversion', operation: 'upload', clickId: '', payout: 0 },
			[
				{
					clickId: v.clickId,
					payout: 20,
					additionalFields: { txid: 'T1', conversionTime: '2025-06-15T10:00:00Z' },
				},
				{ clickId: v.clickId, payout: -5 },
				{ clickId: 'nope', payout: 1 },
			],
		);
		expect(error).toBeUndefined();
		const uploads = voluumActionControls(mock.state).uploads;
		expect(uploads).toHaveLength(1);
		expect(uploads[0].split('\n')[0]).toBe('clickId,payout,txid,conversionType,conversionTime');
		expect(uploads[0]).toContain(`${v.clickId},20,T1,,2025-06-15T10:00:00Z`);
		expect(out.map((o) => [o.json.status, o.json.correction])).toEqual([
			['sent', false],
			['sent', true],
			['rejected', false],
		]);
		expect(mock.state.conversions.length - before).toBe(2);
		expect(mock.state.conversions.slice(-1)[0].revenue).toBe(-5);
	});

	it('commas in a field are refused (they would shift the CSV columns)', async () => {
		const { error } = await runItems(
			{ resource: 'conversion', operation: 'upload', clickId: '', payout: 0 },
			[{ clickId: 'a,b', payout: 1 }],
		);
		expect(error?.message).toMatch(/contains a comma/);
	});

	it('an access-key session Voluum refuses gets a sentence pointing to email/password', async () => {
		voluumActionControls(mock.state).accessKeyForbidden.add('POST /conversion');
		const r = await run(fixtures['conversion.upload']());
		expect(r.error?.message).toBe('Voluum refused POST /conversion for an access-key session');
		expect(r.error?.description).toMatch(/Email and Password/);
		const ok = await run(fixtures['conversion.upload'](), undefined, {
			creds: { authType: 'password', email: mock.email, password: mock.password },
		});
		expect(ok.error).toBeUndefined();
	});

	it('a read-only credential refuses uploads before sending', async () => {
		const r = await run(fixtures['conversion.upload'](), undefined, {
			creds: { allowWriteOperations: false },
		});
		expect(r.error?.message).toMatch(/Allow Write Operations/);
		expect(
			r.requests.filter((q) => q.method === 'POST' && !q.path.startsWith('/auth')),
		).toHaveLength(0);
	});
});

describe('Voluum lists loaded from the tracker', () => {
	it('the campaign locator lists and searches campaigns; Get Many can include archived ones', async () => {
		const harness = new Harness().addCredential(new VoluumApi(), creds());
		const ctx = createContext({ harness, nodeType: node });
		const all = await node.methods.listSearch.searchCampaigns.call(ctx);
		const live = mock.state.campaigns.filter((c) => !c.deleted);
		expect(all.results.map((r) => r.value)).toEqual(live.map((c) => c.id));
		const one = await node.methods.listSearch.searchCampaigns.call(ctx, live[0].name);
		expect(one.results[0]).toEqual({ name: live[0].name, value: live[0].id });
		mock.state.campaigns[0].deleted = true;
		mock.state.touch();
		const without = await run({ resource: 'campaign', operation: 'getAll', returnAll: true });
		const withArchived = await run({
			resource: 'campaign',
			operation: 'getAll',
			returnAll: true,
			filters: { includeDeleted: true },
		});
		expect(withArchived.output.length - without.output.length).toBe(
			mock.state.campaigns.filter((c) => c.deleted).length,
		);
		expect(without.output.length).toBe(mock.state.campaigns.filter((c) => !c.deleted).length);
	});
});

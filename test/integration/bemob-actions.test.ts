/**
 * BeMob action node (beta) against the BeMob mock over real HTTP: Report → Get and Campaign → Get
 * Many, paging, the answer checks at the boundary, the period resolver (fixed instants, never the
 * wall clock), continueOnFail/pairedItem, and the conformance count.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { BeMobApi } from '../../credentials/BeMobApi.credentials';
import { BeMob } from '../../nodes/BeMob/BeMob.node';
import { resources } from '../../nodes/BeMob/actions';
import { resolvePeriod } from '../../nodes/BeMob/actions/api';
import { listActionOperations } from '../../nodes/shared/actions';
import { startBeMobMock, type BeMobMock } from '../mock-servers/bemob/server';
import { Harness, createContext } from '../helpers/n8n';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);

interface Run {
	output: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string };
	calls: string[];
}

async function run(
	mock: BeMobMock,
	parameters: INodeParameters,
	options: {
		items?: INodeExecutionData[];
		continueOnFail?: boolean;
		credential?: IDataObject;
	} = {},
): Promise<Run> {
	const harness = new Harness().addCredential(new BeMobApi(), {
		url: mock.url,
		apiKey: mock.accessKey,
		secretKey: mock.secretKey,
		connectionCheck: 'done',
		...(options.credential ?? {}),
	});
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: new BeMob(),
		parameters,
		items: options.items ?? [{ json: {} }],
		continueOnFail: options.continueOnFail,
	});
	const calls = () =>
		harness.sent.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/^\/v1/, '')}`);
	try {
		const [output] = await new BeMob().execute.call(ctx);
		return { output, calls: calls() };
	} catch (error) {
		return { output: [], calls: calls(), error: error as Run['error'] };
	}
}
const json = (r: Run) => r.output.map((o) => o.json);

describe('BeMob node (mock, beta)', () => {
	let mock: BeMobMock;
	beforeEach(async () => {
		mock = await startBeMobMock({ now: T0 });
	});
	afterEach(async () => await mock.close());

	const report = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'report',
		operation: 'get',
		groupBy: ['campaign', 'country'],
		period: 'custom',
		from: '2025-06-14',
		to: '2025-06-16',
		timezone: 'UTC',
		returnAll: true,
		...extra,
	});

	it('Report → Get returns canonical rows whose totals match BeMob’s own', async () => {
		const r = await run(mock, report());
		expect(r.error).toBeUndefined();
		const rows = json(r);
		expect(rows.length).toBeGreaterThan(2);
		const direct = await fetch(
			`${mock.apiUrl}/report?from=2025-06-14T00:00:00Z&to=2025-06-16T23:59:59Z&groupBy=campaign,country&limit=10000`,
			{ headers: { 'X-Access-Key': mock.accessKey, 'X-Secret-Key': mock.secretKey } },
		);
		const body = (await direct.json()) as { payload: { rows: IDataObject[]; totals: IDataObject } };
		expect(rows).toHaveLength(body.payload.rows.length);
		const sum = (k: string) =>
			Math.round(rows.reduce((s, x) => s + Number(x[k] ?? 0), 0) * 100) / 100;
		expect(sum('clicks')).toBe(body.payload.totals.clicks);
		expect(sum('revenue')).toBe(body.payload.totals.revenue);
		expect(rows[0]).toMatchObject({
			tracker: 'bemob',
			timezone: 'UTC',
			periodStart: '2025-06-14T00:00:00.000Z',
			periodEnd: '2025-06-17T00:00:00.000Z',
		});
		expect(Object.keys(rows[0].dimensions as object)).toEqual([
			'campaignId',
			'campaignName',
			'countryCode',
			'countryName',
		]);
		const sent = mock.requests.entries.find((e) => e.path === '/v1/report');
		expect(sent?.query).toMatchObject({
			from: '2025-06-14T00:00:00Z',
			to: '2025-06-16T23:59:59Z',
			groupBy: 'campaign,country',
		});
	});

	it('Report → Get pages with offset; Limit stops early; Simplify off gives BeMob’s rows', async () => {
		const all = json(await run(mock, report()));
		const two = await run(mock, report({ returnAll: false, limit: 2, simplify: false }));
		expect(json(two)).toHaveLength(2);
		expect(json(two)[0]).toHaveProperty('campaignId');
		expect(json(two)[0]).not.toHaveProperty('tracker');
		expect(two.calls).toEqual(['GET /report']);
		expect(all.length).toBeGreaterThan(2);
	});

	it('day and hour levels come back as dimensions', async () => {
		const rows = json(
			await run(mock, report({ groupBy: ['day', 'hour'], from: '2025-06-15', to: '2025-06-15' })),
		);
		expect(rows.length).toBeGreaterThan(1);
		expect(Object.keys(rows[0].dimensions as object)).toEqual(['day', 'hour']);
		expect((rows[0].dimensions as IDataObject).day).toBe('2025-06-15');
	});

	it('a period in another time zone is sent as the matching instants', async () => {
		await run(mock, report({ from: '2025-06-15', to: '2025-06-15', timezone: 'Europe/Berlin' }));
		const sent = mock.requests.entries.find((e) => e.path === '/v1/report');
		expect(sent?.query).toMatchObject({ from: '2025-06-14T22:00:00Z', to: '2025-06-15T21:59:59Z' });
	});

	it('presets are calendar days of the zone (fixed instant)', () => {
		const now = Date.UTC(2025, 2, 30, 0, 30); // 01:30 in Berlin, the night DST starts
		expect(resolvePeriod('yesterday', 'Europe/Berlin', now)).toEqual({
			from: Date.UTC(2025, 2, 28, 23),
			to: Date.UTC(2025, 2, 29, 23) - 1000,
		});
		expect(resolvePeriod('today', 'UTC', now)).toEqual({
			from: Date.UTC(2025, 2, 30),
			to: Date.UTC(2025, 2, 31) - 1000,
		});
		expect(resolvePeriod('last7', 'UTC', now)).toMatchObject({ from: Date.UTC(2025, 2, 24) });
		expect(resolvePeriod('custom', 'Mars/Base', now)).toBe('Unknown time zone "Mars/Base"');
		expect(resolvePeriod('custom', 'UTC', now, { from: '2025-01-02', to: '2025-01-01' })).toBe(
			'From is after To',
		);
	});

	it('refuses bad groupings before any request; a report answer of another shape fails naming the field', async () => {
		const r = await run(mock, report({ groupBy: ['campaign', 'offer', 'day', 'hour'] }));
		expect(r.error?.message).toMatch(/at most three levels/);
		expect(r.calls).toEqual([]);
		mock.state.onBeforeRespond = null;
		mock.faults.add({ path: '/v1/report', status: 200, body: { payload: [{ a: 1 }] }, times: 1 });
		const odd = await run(mock, report());
		expect(odd.error?.message).toMatch(
			/BeMob answered GET \/report with an unexpected shape: payload/,
		);
	});

	it('Campaign → Get Many lists campaigns, filters by status, and pages', async () => {
		const all = json(
			await run(mock, { resource: 'campaign', operation: 'getAll', returnAll: true }),
		);
		expect(all).toHaveLength(mock.state.campaigns.length);
		expect(all[0]).toMatchObject({ tracker: 'bemob', campaignId: mock.state.campaigns[0].id });
		const paused = mock.state.campaigns.filter((c) => c.status === 'paused').length;
		const onlyPaused = json(
			await run(mock, {
				resource: 'campaign',
				operation: 'getAll',
				returnAll: true,
				status: 'paused',
			}),
		);
		expect(onlyPaused).toHaveLength(paused);
		const one = await run(mock, {
			resource: 'campaign',
			operation: 'getAll',
			limit: 1,
			includeRaw: true,
		});
		expect(json(one)).toHaveLength(1);
		expect(json(one)[0].raw).toHaveProperty('nameFull');
	});

	it('with Continue On Fail a failing item becomes an error item paired with it', async () => {
		const r = await run(
			mock,
			{ resource: 'campaign', operation: 'getAll' },
			{ items: [{ json: {} }], continueOnFail: true, credential: { secretKey: 'wrong' } },
		);
		expect(r.output).toHaveLength(1);
		expect(r.output[0].pairedItem).toEqual({ item: 0 });
		expect(r.output[0].json.httpCode).toBe('401');
		expect(JSON.stringify(r.output)).not.toContain(mock.accessKey);
	});

	it('conformance: every operation runs against the mock and sends only what it declares', async () => {
		const ops = listActionOperations(resources);
		const fixtures: Record<string, INodeParameters> = {
			'report.get': report({ returnAll: false, limit: 5 }),
			'campaign.getAll': { resource: 'campaign', operation: 'getAll' },
			'conversion.sendPostback': {
				resource: 'conversion',
				operation: 'sendPostback',
				trackingDomain: mock.url,
				postbackClickId: mock.state.visits[0].id,
				postbackPayout: '4.2',
				postbackTransactionId: 'T-1',
				postbackStatus: 'confirm',
			},
		};
		expect(Object.keys(fixtures).sort()).toEqual(ops.map((o) => o.key).sort());
		const problems: string[] = [];
		for (const { key, op } of ops) {
			const r = await run(mock, fixtures[key]);
			if (r.error) problems.push(`${key}: ${r.error.message}`);
			if (!r.calls.length) problems.push(`${key}: sent nothing`);
			for (const c of r.calls) if (!op.calls.includes(c)) problems.push(`${key}: sends ${c}`);
			if (op.write && key !== 'conversion.sendPostback') problems.push(`${key}: BeMob's only write is Send Postback`);
		}
		expect(problems).toEqual([]);
		console.log(`bemob operations: ${ops.length}, each exercised against the mock`);
	});
});

/**
 * The write guard in the Keitaro node: every write operation refuses a read-only credential and
 * sample items before any request; "Act on Sample Items" and "Dry Run" behave as labelled; and
 * example 07's scenario (threshold sample rows from "Fetch Test Event" → Disable the flow) changes
 * nothing in the sandbox.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { KeitaroApi } from '../../../credentials/KeitaroApi.credentials';
import { Keitaro } from '../../../nodes/Keitaro/Keitaro.node';
import { resources } from '../../../nodes/Keitaro/actions';
import { isWriteOperation } from '../../../nodes/Keitaro/actions/common/crud';
import { SAMPLE_MARKER } from '../../../nodes/shared/safety';
import { Harness, createContext } from '../../helpers/n8n';
import { startKeitaroMock, type KeitaroMock } from '../../mock-servers/keitaro/server';
import { TriggerDriver } from '../keitaro/trigger/driver';

/** Operations that only read (everything else must be guarded). */
const READ_ONLY = new Set([
	'campaign.get', 'campaign.getAll', 'campaign.getArchived',
	'flow.get', 'flow.getActions', 'flow.getAll', 'flow.getArchived', 'flow.getEvents',
	'flow.getFilters', 'flow.getSchemas', 'flow.getTypes', 'flow.search',
	'offer.download', 'offer.get', 'offer.getAll', 'offer.getArchived', 'offer.getFile', 'offer.getFileStructure',
	'landingPage.download', 'landingPage.get', 'landingPage.getAll', 'landingPage.getFile', 'landingPage.getFileStructure',
	'affiliateNetwork.get', 'affiliateNetwork.getAll',
	'trafficSource.get', 'trafficSource.getAll',
	'domain.check', 'domain.get', 'domain.getAll', 'domain.getArchived', 'domain.getServerIps',
	'group.getAll', 'user.get', 'user.getAll', 'botList.get',
	'report.build', 'click.getLog', 'conversion.getLog', 'tracker.checkCompatibility',
	'tracking.buildMapping', 'tracking.generateParameters',
	'label.get', 'log.get', 'log.getTypes',
	'integration.avscanGet', 'integration.facebookGet', 'integration.facebookGetAll',
	'integration.facebookGetCampaigns', 'integration.imkloGet',
]);

const all = resources.flatMap((r) =>
	Object.entries(r.operations).map(([value, op]) => ({ key: `${String(r.option.value)}.${value}`, resource: String(r.option.value), operation: value, op })),
);
const writes = all.filter((o) => isWriteOperation(o.op));

async function run(
	harness: Harness,
	parameters: INodeParameters,
	items: INodeExecutionData[],
	continueOnFail = false,
): Promise<IDataObject[]> {
	const ctx = createContext<IExecuteFunctions>({ harness, nodeType: new Keitaro(), parameters, items, continueOnFail });
	const [out] = await new Keitaro().execute.call(ctx);
	return out.map((o) => o.json);
}

describe('which Keitaro operations are writes', () => {
	it('every operation is either in the read-only list or guarded as a write', () => {
		const reads = all.filter((o) => !isWriteOperation(o.op)).map((o) => o.key).sort();
		expect(reads).toEqual([...READ_ONLY].sort());
		expect(writes.length).toBeGreaterThan(50);
	});
});

describe('Dry Run shows what would be done, never a secret', () => {
	it('password fields are masked, also inside collections', async () => {
		const harness = new Harness().addCredential(new KeitaroApi(), {
			url: 'http://127.0.0.1:9',
			apiKey: 'api-key-xyz',
			authMode: 'apiKeyHeader',
			connectionCheck: 'done',
		});
		const [created] = await run(harness, {
			resource: 'user',
			operation: 'create',
			login: 'media-buyer',
			password: 'Secret-Pass-123',
			passwordConfirmation: 'Secret-Pass-123',
			dryRun: true,
		}, [{ json: {} }]);
		expect(created).toMatchObject({ dryRun: true, parameters: { login: 'media-buyer', password: '••••', passwordConfirmation: '••••' } });
		const [updated] = await run(harness, {
			resource: 'user',
			operation: 'update',
			userId: 3,
			updateFields: { password: 'New-Pass-456', login: 'buyer-2' },
			dryRun: true,
		}, [{ json: {} }]);
		expect(JSON.stringify([created, updated])).not.toMatch(/Secret-Pass-123|New-Pass-456/);
		expect(harness.sent).toEqual([]);
	});
});

describe('a read-only credential refuses every write operation, before any request', () => {
	const harness = new Harness().addCredential(new KeitaroApi(), {
		url: 'http://127.0.0.1:9',
		apiKey: 'read-only-key-xyz',
		authMode: 'apiKeyHeader',
		connectionCheck: 'done',
		allowWriteOperations: false,
	});

	it.each(writes.map((w) => [w.key, w]))('%s', async (_key, w) => {
		const { resource, operation, op } = w as (typeof writes)[number];
		let error: (Error & { description?: string }) | undefined;
		try {
			await run(harness, { resource, operation }, [{ json: { id: 1 } }]);
		} catch (e) {
			error = e as Error & { description?: string };
		}
		expect(error?.message).toBe(
			`Refused to ${op.option.action.charAt(0).toLowerCase()}${op.option.action.slice(1)}: this Keitaro credential is read-only ("Allow Write Operations" is off)`,
		);
		expect(error?.message).not.toContain('read-only-key-xyz');
		expect(harness.sent).toEqual([]);
	});
});

describe("example 07's scenario: threshold sample rows → Disable the flow", () => {
	let mock: KeitaroMock;
	let clockSpy: jest.SpyInstance;
	beforeEach(async () => {
		mock = await startKeitaroMock({ seedData: { days: 1, clicksPerDay: 200 } });
		// the trigger's "today" is the mock's (frozen) day, not the day the suite runs
		clockSpy = jest.spyOn(Date, 'now').mockImplementation(() => mock.state.clock.nowMs());
	});
	afterEach(async () => {
		clockSpy.mockRestore();
		await mock.close();
	});

	const harness = () =>
		new Harness().addCredential(new KeitaroApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			authMode: 'apiKeyHeader',
			connectionCheck: 'done',
		});
	const writeRequests = () =>
		mock.requests.entries.filter(
			(e) => e.method !== 'GET' && !/\/(report\/build|clicks\/log|conversions\/log)$/.test(e.path),
		);
	const flowStates = () => JSON.stringify(mock.state.streams.all().map((s) => [s.id, s.state]));

	async function sampleRows(): Promise<IDataObject[]> {
		const trigger = new TriggerDriver(mock, {
			event: 'metricThreshold',
			dimensions: ['stream_id'],
			conditions: {
				condition: [
					{ measure: 'roi', operator: 'lt', value: -30 },
					{ measure: 'cost', operator: 'gt', value: 50 },
				],
			},
			period: 'today',
			thresholdOptions: { alertExisting: true },
			options: { timezone: 'UTC', currency: 'USD' },
		});
		const { items, error } = await trigger.manual();
		expect(error).toBeUndefined();
		return items;
	}

	const disable = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'flow',
		operation: 'disable',
		flowId: { __rl: true, mode: 'id', value: '' },
		...extra,
	});

	it('every sample row is refused with a sentence; no flow changes', async () => {
		const rows = await sampleRows();
		expect(rows.length).toBeGreaterThan(0);
		for (const r of rows) expect(r[SAMPLE_MARKER]).toBe(true);
		const before = flowStates();
		mock.requests.clear();
		const h = harness();
		for (const row of rows) {
			// what `={{ $json.flowId }}` gives for this row
			const params = disable({ flowId: { __rl: true, mode: 'id', value: String(row.flowId) } });
			await expect(run(h, params, [{ json: row }])).rejects.toThrow(
				/^Refused to disable a flow: input item 1 is sample data from a test fetch, not a real event$/,
			);
			const out = await run(h, params, [{ json: row }], true);
			expect(out[0].error).toMatch(/sample data/);
		}
		expect(writeRequests()).toEqual([]);
		expect(flowStates()).toBe(before);
	});

	it('Dry Run outputs what would be done and sends nothing', async () => {
		const [row] = await sampleRows();
		const before = flowStates();
		mock.requests.clear();
		const params = disable({ flowId: { __rl: true, mode: 'id', value: String(row.flowId) }, dryRun: true });
		const [out] = await run(harness(), params, [{ json: row }]);
		expect(out).toMatchObject({ dryRun: true, wouldDo: 'Disable a flow', resource: 'flow', operation: 'disable', parameters: { flowId: String(row.flowId) } });
		expect(mock.requests.entries).toEqual([]);
		expect(flowStates()).toBe(before);
	});

	it('"Act on Sample Items" lets a sample row through (the user asked for it)', async () => {
		const [row] = await sampleRows();
		const id = Number(row.flowId);
		mock.state.streams.get(id)!.state = 'active';
		const params = disable({ flowId: { __rl: true, mode: 'id', value: String(id) }, actOnSampleItems: true });
		await run(harness(), params, [{ json: row }]);
		expect(mock.state.streams.get(id)!.state).toBe('disabled');
	});

	it('a real event (no marker) is acted on', async () => {
		const [row] = await sampleRows();
		const id = Number(row.flowId);
		mock.state.streams.get(id)!.state = 'active';
		const real = { ...row };
		delete real[SAMPLE_MARKER];
		await run(harness(), disable({ flowId: { __rl: true, mode: 'id', value: String(id) } }), [{ json: real }]);
		expect(mock.state.streams.get(id)!.state).toBe('disabled');
	});
});

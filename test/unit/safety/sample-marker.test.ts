/**
 * Every item a trigger emits from a test fetch / manual sample carries `_sample: true`, and items
 * of an active workflow never do: the shared trigger body (runTrigger), the shared Metric Threshold
 * step (emitThreshold), and the tracker-specific sample paths (BeMob report rows, TG Tracker).
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { SAMPLE_MARKER } from '../../../nodes/shared/safety';
import { emitThreshold, parseConditions, resolvePeriod } from '../../../nodes/shared/threshold';
import { runTrigger } from '../../../nodes/shared/trigger';
import { BeMobApi } from '../../../credentials/BeMobApi.credentials';
import { TgTrackerApi } from '../../../credentials/TgTrackerApi.credentials';
import { BeMobTrigger } from '../../../nodes/BeMob/BeMobTrigger.node';
import { pollBeMob } from '../../../nodes/BeMob/trigger/poll';
import { TgTrackerTrigger } from '../../../nodes/TgTracker/TgTrackerTrigger.node';
import { pollTgTracker } from '../../../nodes/TgTracker/trigger/poll';
import { startBeMobMock } from '../../mock-servers/bemob/server';
import { startTgTrackerMock } from '../../mock-servers/tgtracker/server';
import { TriggerDriver } from '../binom/driver';
import { FakeClock, FakeTracker } from '../polling/fakeSource';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);

function pollCtx(mode: 'manual' | 'trigger', params: IDataObject = {}): IPollFunctions {
	const staticData: IDataObject = {};
	return {
		getMode: () => mode,
		getNode: () => ({ id: 'n', name: 'Trigger', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getWorkflowStaticData: () => staticData,
		logger: { debug: () => undefined, warn: () => undefined, info: () => undefined, error: () => undefined },
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	} as unknown as IPollFunctions;
}

const jsons = (out: INodeExecutionData[][] | null) => (out ? out[0].map((i) => i.json) : []);

describe('runTrigger', () => {
	const setup = () => {
		const clock = new FakeClock(T0);
		const source = new FakeTracker(clock);
		source.add('a', T0 - 60_000);
		source.add('b', T0 - 30_000);
		return { clock, source };
	};

	it('marks every item of a manual sample', async () => {
		const { clock, source } = setup();
		const out = await runTrigger.call(
			pollCtx('manual'),
			{ source, stream: {}, toJson: (r: { id: string }) => ({ id: r.id }), now: clock.now },
			{ overlapMs: 0 },
		);
		const items = jsons(out);
		expect(items).toHaveLength(2);
		for (const j of items) expect(j[SAMPLE_MARKER]).toBe(true);
	});

	it('never marks the items of a real poll', async () => {
		const { clock, source } = setup();
		const ctx = pollCtx('trigger', { firstRun: 'backfillDays', backfillDays: 1 });
		const out = await runTrigger.call(
			ctx,
			{ source, stream: {}, toJson: (r: { id: string }) => ({ id: r.id }), now: clock.now },
			{ overlapMs: 0 },
		);
		const items = jsons(out);
		expect(items.length).toBeGreaterThan(0);
		for (const j of items) expect(SAMPLE_MARKER in j).toBe(false);
	});
});

describe('emitThreshold', () => {
	const rows = [
		{ id: 1, cost: 0.45 },
		{ id: 2, cost: 80 },
	];
	const spec = (conditions: string) => ({
		rows,
		complete: true,
		requests: 1,
		key: (r: IDataObject) => String(r.id),
		conditions: parseConditions([{ measure: 'cost', operator: 'gt', value: Number(conditions) }]).conditions,
		period: resolvePeriod({ kind: 'today' }, T0, 'UTC'),
		config: {},
		stateKey: 'th',
		options: { alertExisting: true, emitRecovered: false, maxRows: 100, maxFiring: 100 },
		sampleSize: 5,
		toJson: (row: IDataObject, event: string, met: boolean) => ({ ...row, event, conditionMet: met }),
		logPrefix: 'test',
	});

	it('marks sample rows ("threshold.sample") and matching rows of a test fetch ("threshold.crossed")', () => {
		const none = jsons(emitThreshold(pollCtx('manual'), spec('1000')));
		expect(none.map((j) => [j.event, j[SAMPLE_MARKER]])).toEqual([
			['threshold.sample', true],
			['threshold.sample', true],
		]);
		const met = jsons(emitThreshold(pollCtx('manual'), spec('50')));
		expect(met.map((j) => [j.event, j.conditionMet, j[SAMPLE_MARKER]])).toEqual([['threshold.crossed', true, true]]);
	});

	it('never marks a real crossing', () => {
		const out = jsons(emitThreshold(pollCtx('trigger'), spec('50')));
		expect(out.map((j) => j.id)).toEqual([2]);
		expect(SAMPLE_MARKER in out[0]).toBe(false);
	});
});

describe('tracker-specific sample paths', () => {
	it('BeMob report rows: a test fetch is marked, a real poll is not', async () => {
		const mock = await startBeMobMock({ seedData: false, now: T0, timezone: 'UTC' });
		try {
			mock.state.addCampaign({ id: 'c-1', name: 'Camp A', cost: 1 });
			mock.state.addVisit({ campaignId: 'c-1' });
			const d = new TriggerDriver(
				new BeMobTrigger(),
				{ event: 'reportRowChanged', groupBy: ['campaign'], emitExisting: true, options: { timezone: 'UTC' } },
				pollBeMob,
				() => mock.state.clock.now(),
				{ type: new BeMobApi(), data: { url: mock.url, apiKey: mock.accessKey, secretKey: mock.secretKey } },
			);
			const sample = (await d.poll('manual')).items;
			expect(sample.length).toBeGreaterThan(0);
			for (const j of sample) expect(j[SAMPLE_MARKER]).toBe(true);
			const real = (await d.poll()).items;
			expect(real.length).toBeGreaterThan(0);
			for (const j of real) expect(SAMPLE_MARKER in j).toBe(false);
		} finally {
			await mock.close();
		}
	});

	it('TG Tracker: a test fetch is marked, a real poll is not', async () => {
		const mock = await startTgTrackerMock({ seedData: false, now: T0, rateLimit: false });
		try {
			mock.state.addJoins(2, { at: T0 - 10 * 60_000 });
			const d = new TriggerDriver(
				new TgTrackerTrigger(),
				{ event: 'subscribed', firstRun: 'backfillDays', backfillDays: 1 },
				async function (this, deps) {
					return await pollTgTracker.call(this, { ...deps, minIntervalMs: 0 });
				},
				() => mock.state.clock.now(),
				{ type: new TgTrackerApi(), data: { url: mock.url, apiKey: mock.apiKey, authMode: 'bearer' } },
			);
			const sample = (await d.poll('manual')).items;
			expect(sample).toHaveLength(2);
			for (const j of sample) expect(j[SAMPLE_MARKER]).toBe(true);
			const real = (await d.poll()).items;
			expect(real).toHaveLength(2);
			for (const j of real) expect(SAMPLE_MARKER in j).toBe(false);
		} finally {
			await mock.close();
		}
	});
});

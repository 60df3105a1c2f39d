/**
 * BeMob Trigger (beta) against the BeMob mock over real HTTP. BeMob's API has no conversion list,
 * so both events read `GET /v1/report`: Metric Threshold (shared evaluator) and Report Row New or
 * Changed (the last days re-read every poll, as BeMob re-synchronises them).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { BeMobApi } from '../../credentials/BeMobApi.credentials';
import { BeMobTrigger } from '../../nodes/BeMob/BeMobTrigger.node';
import { BEMOB_ROWS_KEY, pollBeMob } from '../../nodes/BeMob/trigger/poll';
import { startBeMobMock, type BeMobMock } from '../mock-servers/bemob/server';
import { TriggerDriver, duplicates } from '../unit/binom/driver';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;

describe('BeMob Trigger (mock, beta)', () => {
	let mock: BeMobMock;
	beforeEach(async () => {
		mock = await startBeMobMock({ seedData: false, now: T0, timezone: 'Europe/Madrid' });
		mock.state.trafficSources.push({ id: 'ts-1', name: 'ExoClick' });
		mock.state.affiliateNetworks.push({ id: 'an-1', name: 'AdCombo' });
		mock.state.offers.push({
			id: 'of-1',
			name: 'Nutra ES',
			affiliateNetworkId: 'an-1',
			payout: 20,
		});
		mock.state.addCampaign({ id: 'c-1', name: 'Camp A', cost: 1 });
		mock.state.addCampaign({ id: 'c-2', name: 'Camp B', cost: 1 });
	});
	afterEach(async () => await mock.close());

	const clock = () => mock.state.clock.now();
	const advance = (ms: number) => mock.state.clock.advance(ms);
	const driver = (parameters: INodeParameters) =>
		new TriggerDriver(new BeMobTrigger(), parameters, pollBeMob, clock, {
			type: new BeMobApi(),
			data: { url: mock.url, apiKey: mock.accessKey, secretKey: mock.secretKey },
		});
	const reportRequests = () => mock.requests.entries.filter((e) => e.path === '/v1/report');

	describe('Metric Threshold', () => {
		const params = (extra: IDataObject = {}): INodeParameters => ({
			event: 'metricThreshold',
			groupBy: ['campaign'],
			conditions: { condition: [{ measure: 'roi', operator: 'lt', value: -30 }] },
			period: 'today',
			thresholdOptions: { emitRecovered: true },
			options: { timezone: 'Europe/Madrid' },
			...extra,
		});

		it('fires once per row per period and re-arms; asks for the account day as UTC instants', async () => {
			const d = driver(params());
			expect((await d.poll()).items).toEqual([]);
			mock.state.addVisit({ campaignId: 'c-1', cost: 10 });
			mock.state.addVisit({ campaignId: 'c-2', cost: 10 });
			mock.state.addConversion({ cid: mock.state.visits[1].id, payout: 30, status: 'confirm' });
			advance(MIN);
			let { items } = await d.poll();
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				tracker: 'bemob',
				event: 'threshold.crossed',
				rowKey: 'campaign=c-1',
				campaignId: 'c-1',
				campaignName: 'Camp A',
				cost: 10,
				roi: -100,
				timezone: 'Europe/Madrid',
				period: 'today:2025-06-16',
				periodStart: '2025-06-15T22:00:00.000Z',
				conditions: 'roi < -30',
			});
			expect((await d.poll()).items).toEqual([]);
			const q = reportRequests().pop()?.query;
			expect(q).toMatchObject({ from: '2025-06-15T22:00:00Z', groupBy: 'campaign' });
			// BeMob re-syncs: a conversion confirmed later lifts ROI, the row recovers
			mock.state.addConversion({ cid: mock.state.visits[0].id, payout: 50, status: 'new' });
			advance(MIN);
			({ items } = await d.poll());
			expect(items.map((i) => [i.event, i.rowKey])).toEqual([
				['threshold.recovered', 'campaign=c-1'],
			]);
		});

		it('manual mode samples without touching the state; faults keep it; a bad setup explains itself', async () => {
			mock.state.addVisit({ campaignId: 'c-1', cost: 10 });
			const d = driver(params());
			expect((await d.poll('manual')).items.map((i) => i.event)).toEqual(['threshold.crossed']);
			expect(d.stored).toBe('{}');
			mock.faults.add({ path: '/v1/report', status: 503, times: 1 });
			expect((await d.poll()).error?.httpCode).toBe('503');
			expect(d.stored).toBe('{}');
			expect((await d.poll()).items).toHaveLength(1);
			const bad = driver(params({ groupBy: ['campaign', 'offer', 'lander', 'country'] }));
			expect((await bad.poll()).error?.message).toBe(
				'The trigger is not set up correctly: BeMob groups a report by at most three levels',
			);
		});

		it('wrong keys: 401 with a clear message', async () => {
			const d = new TriggerDriver(new BeMobTrigger(), params(), pollBeMob, clock, {
				type: new BeMobApi(),
				data: { url: mock.url, apiKey: 'nope', secretKey: 'nope' },
			});
			const { error } = await d.poll();
			expect(error?.httpCode).toBe('401');
			expect(error?.message).toBe('BeMob rejected the API key (HTTP 401)');
		});
	});

	describe('Report Row New or Changed', () => {
		const params = (extra: IDataObject = {}): INodeParameters => ({
			event: 'reportRowChanged',
			groupBy: ['campaign'],
			recheckDays: 3,
			options: { timezone: 'Europe/Madrid', pageSize: 2 },
			...extra,
		});

		it('remembers on the first run, then emits new rows and rows whose numbers changed, once', async () => {
			mock.state.addVisit({ campaignId: 'c-1', at: T0 - 2 * DAY });
			const d = driver(params());
			expect((await d.poll()).items).toEqual([]);
			expect((await d.poll()).items).toEqual([]);
			// today: a new row; two days ago: BeMob's re-sync changes a past day
			mock.state.addVisit({ campaignId: 'c-2' });
			mock.state.addVisit({ campaignId: 'c-1', at: T0 - 2 * DAY + MIN, cost: 3 });
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => [i.event, i.day, i.campaignId, i.change])).toEqual([
				['report.rowChanged', '2025-06-14', 'c-1', 'changed'],
				['report.rowAdded', '2025-06-16', 'c-2', 'new'],
			]);
			expect(items[0]).toMatchObject({
				metrics: expect.objectContaining({ visits: 2 }),
				cost: 4,
				periodStart: '2025-06-13T22:00:00.000Z',
				periodEnd: '2025-06-14T22:00:00.000Z',
				rowKey: 'day=2025-06-14|campaign=c-1',
			});
			advance(MIN);
			expect((await d.poll()).items).toEqual([]);
			const q = reportRequests().pop()?.query;
			expect(q).toMatchObject({
				from: '2025-06-12T22:00:00Z',
				groupBy: 'day,campaign',
				sort: 'day',
			});
			// days that leave the window are forgotten: the state stays bounded
			mock.state.clock.set(T0 + 10 * DAY);
			await d.poll();
			const state = d.state[BEMOB_ROWS_KEY] as { k: string };
			expect(state.k).toBe('');
		});

		it('can emit the current rows on the first run; restarts and faults repeat nothing', async () => {
			for (let i = 0; i < 4; i++)
				mock.state.addVisit({ campaignId: i % 2 ? 'c-1' : 'c-2', at: T0 - i * DAY });
			const d = driver(params({ emitExisting: true }));
			mock.faults.add({
				path: '/v1/report',
				reset: true,
				times: 1,
				match: (req) => /offset=2/.test(req.url ?? ''),
			});
			expect((await d.poll()).error).toBeDefined();
			expect(d.stored).toBe('{}');
			const first = (await d.poll()).items;
			expect(first.map((i) => i.event)).toEqual(Array(4).fill('report.rowAdded'));
			d.crash();
			// the first run's rows were emitted, so n8n saved them: nothing again
			expect((await d.poll()).items).toEqual([]);
			mock.state.addVisit({ campaignId: 'c-2' });
			const again = (await d.poll()).items;
			expect(again.map((i) => i.change)).toEqual(['changed']);
			expect(
				duplicates(
					[...first, ...again].map(
						(i) => `${String(i.rowKey)}|${String((i.metrics as IDataObject).visits)}`,
					),
				),
			).toEqual([]);
		});

		it('manual mode shows the latest day first, without state', async () => {
			mock.state.addVisit({ campaignId: 'c-1', at: T0 - DAY });
			mock.state.addVisit({ campaignId: 'c-2' });
			const d = driver(params({ options: { timezone: 'Europe/Madrid', sampleSize: 1 } }));
			const { items } = await d.poll('manual');
			expect(items.map((i) => [i.event, i.day])).toEqual([['report.row', '2025-06-16']]);
			expect(d.stored).toBe('{}');
		});
	});
});

/**
 * RedTrack Trigger, Metric Threshold, against the RedTrack mock: fires once per row per period,
 * re-arms on recovery, whole days of the account zone, the 20-per-minute /report limit (paced
 * within a run; a 429 caused by someone else surfaces as HTTP 429 and keeps the state), manual
 * mode, filters.
 */
import type { INodeParameters } from 'n8n-workflow';

import { RedTrackApi } from '../../credentials/RedTrackApi.credentials';
import { RedTrackTrigger } from '../../nodes/RedTrack/RedTrackTrigger.node';
import { redTrackRuntime } from '../../nodes/RedTrack/trigger/runtime';
import { Harness } from '../helpers/n8n';
import { startRedTrackMock, type RedTrackMock } from '../mock-servers/redtrack/server';
import { TriggerDriver } from '../unit/voluum/triggerDriver';

const MIN = 60_000;
const H = 60 * MIN;

let mock: RedTrackMock;
let harness: Harness;
const real = { ...redTrackRuntime };

beforeEach(async () => {
	mock = await startRedTrackMock({ reportRateLimit: { clock: 'mock' } });
	// Everything on the mock's clock, the pacer's waits included (they move the clock on).
	redTrackRuntime.now = mock.state.clock.now;
	redTrackRuntime.wallNow = mock.state.clock.now;
	redTrackRuntime.sleep = async (ms) => mock.state.clock.advance(ms);
	harness = new Harness().addCredential(new RedTrackApi(), {
		url: mock.url,
		apiKey: mock.apiKey,
		connectionCheck: '',
	});
});
afterEach(async () => {
	Object.assign(redTrackRuntime, real);
	await mock.close();
});

const losing = {
	condition: [
		{ measure: 'cost', operator: 'gt', value: 50 },
		{ measure: 'roi', operator: 'lt', value: -30 },
	],
};
const threshold = (parameters: INodeParameters = {}) =>
	new TriggerDriver(harness, new RedTrackTrigger(), {
		event: 'metricThreshold',
		conditions: losing,
		...parameters,
	});
const reports = () => mock.requests.entries.filter((e) => e.path === '/report');
const now = () => mock.state.clock.now();
const spend = (campaignId: string, cost: number) =>
	mock.state.addClick({ campaignId, cost, at: now() - 5 * MIN });

describe('RedTrack Trigger: Metric Threshold', () => {
	it('fires once when a campaign crosses, re-arms after it recovers', async () => {
		const c = mock.state.addCampaign({ title: 'Loser' });
		const d = threshold({ thresholdOptions: { emitRecovered: true } });
		expect((await d.poll()).items).toEqual([]);
		spend(c.id, 60);
		mock.state.clock.advance(MIN);
		const crossed = await d.poll();
		expect(crossed.items).toHaveLength(1);
		expect(crossed.items[0]).toMatchObject({
			tracker: 'redtrack',
			event: 'threshold.crossed',
			campaignId: c.id,
			campaignName: 'Loser',
			cost: 60,
			roi: -100,
			currency: 'EUR',
			timezone: 'Europe/Berlin',
			period: 'today:2025-06-16',
			rowKey: `campaign=${c.id}`,
			periodStart: '2025-06-15T22:00:00.000Z',
			conditionMet: true,
		});
		mock.state.clock.advance(MIN);
		expect((await d.poll()).items).toEqual([]);
		mock.state.addConversion({
			campaignId: c.id,
			payout: 400,
			status: 'approved',
			at: now() - MIN,
		});
		mock.state.clock.advance(MIN);
		expect((await d.poll()).items.map((i) => [i.event, i.campaignId])).toEqual([
			['threshold.recovered', c.id],
		]);
		spend(c.id, 1000);
		mock.state.clock.advance(MIN);
		expect((await d.poll()).items.map((i) => i.event)).toEqual(['threshold.crossed']);
		for (const e of reports()) {
			expect(e.query).toMatchObject({
				group: 'campaign',
				date_from: '2025-06-16',
				date_to: '2025-06-16',
				timezone: 'Europe/Berlin',
				per: '1000',
			});
		}
	});

	it('yesterday and last N days are whole days of the account zone; a new day re-arms', async () => {
		const c = mock.state.addCampaign({ title: 'Loser' });
		spend(c.id, 70);
		const week = threshold({ period: 'lastDays', periodDays: 3 });
		expect((await week.poll()).items.map((i) => i.period)).toEqual(['lastDays:3:2025-06-14']);
		expect(reports().pop()!.query).toMatchObject({
			date_from: '2025-06-14',
			date_to: '2025-06-16',
		});
		const y = threshold({ period: 'yesterday' });
		expect((await y.poll()).items).toEqual([]); // the spend is today
		mock.state.clock.advance(12 * H); // 02:00 on 17 June in Berlin
		const next = await y.poll();
		expect(next.items.map((i) => [i.campaignId, i.period])).toEqual([
			[c.id, 'yesterday:2025-06-16'],
		]);
		expect(reports().pop()!.query).toMatchObject({
			date_from: '2025-06-16',
			date_to: '2025-06-16',
		});
	});

	it('paces /report to 20 requests a minute within a run (no 429 from the mock)', async () => {
		for (let i = 0; i < 30; i++) spend(mock.state.addCampaign({ title: `C${i}` }).id, 51 + i);
		const d = threshold({ options: { pageSize: 1 } });
		const started = now();
		const r = await d.poll();
		expect(r.error).toBeUndefined();
		expect(r.items).toHaveLength(30);
		expect(reports().length).toBeGreaterThan(30);
		expect(reports().filter((e) => e.status === 429)).toEqual([]);
		// 34 report requests at 20 a minute: the run waited about one minute (on the mock clock).
		expect(now() - started).toBeGreaterThanOrEqual(60_000);
	});

	it('a 429 caused by another client surfaces as HTTP 429 and keeps the state', async () => {
		const c = mock.state.addCampaign({ title: 'Loser' });
		spend(c.id, 60);
		for (let i = 0; i < 20; i++) {
			await fetch(
				`${mock.url}/report?api_key=${mock.apiKey}&group=campaign&date_from=2025-06-16&date_to=2025-06-16`,
			);
		}
		const d = threshold();
		const r = await d.poll();
		expect(r.error?.httpCode).toBe('429');
		expect(d.stored).toBe('{}');
		mock.state.clock.advance(MIN);
		expect((await d.poll()).items.map((i) => i.campaignId)).toEqual([c.id]);
	});

	it('manual mode, filters and set-up problems', async () => {
		const c = mock.state.addCampaign({ title: 'Loser' });
		spend(c.id, 60);
		const d = threshold({
			filters: { campaign_id: c.id, country_code: 'US', type: 'type1' },
			groupBy: ['campaign', 'sub1'],
			options: { sampleSize: 3 },
		});
		const sample = await d.poll({ mode: 'manual' });
		expect(sample.items.map((i) => [i.event, i.campaignId])).toEqual([['threshold.crossed', c.id]]);
		expect(sample.items[0].rowKey).toMatch(new RegExp(`^campaign=${c.id}\\|sub1=`));
		expect(d.stored).toBe('{}');
		const q = reports().pop()!.query;
		expect(q).toMatchObject({ campaign_id: c.id, group: 'campaign,sub1' });
		expect(q.country_code).toBeUndefined();
		expect(q.type).toBeUndefined();
		const quiet = threshold({
			conditions: { condition: [{ measure: 'clicks', operator: 'gt', value: 1e9 }] },
			options: { sampleSize: 2 },
		});
		expect((await quiet.poll({ mode: 'manual' })).items.map((i) => i.event)).toEqual([
			'threshold.sample',
			'threshold.sample',
		]);
		expect((await threshold({ conditions: {} }).poll()).error?.message).toMatch(
			/Add at least one condition/,
		);
		expect((await threshold({ groupBy: [] }).poll()).error?.message).toMatch(/at least one field/);
	});
});

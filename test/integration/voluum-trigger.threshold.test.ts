/**
 * Voluum Trigger, Metric Threshold, against the Voluum mock: fires once per row per period,
 * re-arms on recovery, hour-rounded report windows in the user's zone, a new day is a new
 * period, manual mode, failures keep the state, session expiry.
 */
import type { INodeParameters } from 'n8n-workflow';

import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { VoluumTrigger } from '../../nodes/Voluum/VoluumTrigger.node';
import { voluumRuntime } from '../../nodes/Voluum/trigger/runtime';
import { Harness } from '../helpers/n8n';
import { startVoluumMock, type VoluumMock } from '../mock-servers/voluum/server';
import { TriggerDriver } from '../unit/voluum/triggerDriver';

const MIN = 60_000;
const H = 60 * MIN;

let mock: VoluumMock;
let harness: Harness;
const realNow = voluumRuntime.now;

beforeEach(async () => {
	mock = await startVoluumMock({ rateLimit: false });
	voluumRuntime.now = mock.state.clock.now;
	harness = new Harness().addCredential(new VoluumApi(), {
		url: mock.url,
		authType: 'accessKey',
		accessId: mock.accessId,
		secretKey: mock.accessKey,
		sessionToken: '',
	});
});
afterEach(async () => {
	voluumRuntime.now = realNow;
	await mock.close();
});

const losing = {
	condition: [
		{ measure: 'cost', operator: 'gt', value: 50 },
		{ measure: 'roi', operator: 'lt', value: -30 },
	],
};
const threshold = (parameters: INodeParameters = {}) =>
	new TriggerDriver(harness, new VoluumTrigger(), {
		event: 'metricThreshold',
		conditions: losing,
		...parameters,
	});
const reports = () => mock.requests.entries.filter((e) => e.path === '/report');
const now = () => mock.state.clock.now();

function spend(campaignId: string, cost: number) {
	mock.state.addVisit({ campaignId, cost, at: now() - 5 * MIN, clicked: true });
}

describe('Voluum Trigger: Metric Threshold', () => {
	it('fires once when a campaign crosses, re-arms after it recovers', async () => {
		const c = mock.state.addCampaign({ name: 'Loser' });
		const d = threshold({ thresholdOptions: { emitRecovered: true } });
		expect((await d.poll()).items).toEqual([]); // nobody spends 50 today yet
		spend(c.id, 60);
		mock.state.clock.advance(MIN);
		const crossed = await d.poll();
		expect(crossed.items).toHaveLength(1);
		expect(crossed.items[0]).toMatchObject({
			tracker: 'voluum',
			event: 'threshold.crossed',
			campaignId: c.id,
			campaignName: 'Loser',
			offerId: null,
			cost: 60,
			revenue: 0,
			roi: -100,
			currency: 'USD',
			timezone: 'Etc/GMT',
			period: 'today:2025-06-16',
			rowKey: `campaign=${c.id}`,
			conditions: 'cost > 50 AND roi < -30',
			conditionMet: true,
			periodStart: '2025-06-16T00:00:00.000Z',
		});
		mock.state.clock.advance(MIN);
		spend(c.id, 5);
		expect((await d.poll()).items).toEqual([]); // still firing: not again
		mock.state.addConversion({ campaignId: c.id, revenue: 500, at: now() - MIN });
		mock.state.clock.advance(MIN);
		const recovered = await d.poll();
		expect(recovered.items.map((i) => [i.event, i.campaignId, i.conditionMet])).toEqual([
			['threshold.recovered', c.id, false],
		]);
		spend(c.id, 1000);
		mock.state.clock.advance(MIN);
		expect((await d.poll()).items.map((i) => i.event)).toEqual(['threshold.crossed']);
		// Report windows: whole hours of the user's zone, from midnight to the end of this hour.
		for (const e of reports()) {
			expect(e.query).toMatchObject({
				from: '2025-06-16T00:00:00.000Z',
				to: '2025-06-16T13:00:00.000Z',
				tz: 'Etc/GMT',
				groupBy: 'campaign',
			});
			expect(e.query.conversionTimeMode).toBeUndefined();
		}
	});

	it('a new day is a new period: a row still over the limit fires again', async () => {
		const c = mock.state.addCampaign({ name: 'Loser' });
		const d = threshold({ period: 'lastHours', periodHours: 2 });
		spend(c.id, 80);
		expect((await d.poll()).items.map((i) => i.campaignId)).toEqual([c.id]);
		mock.state.clock.advance(30 * MIN);
		expect((await d.poll()).items).toEqual([]);
		// Rolling window: the spend leaves it, the row recovers, new spend fires again.
		mock.state.clock.advance(3 * H);
		expect((await d.poll()).items).toEqual([]);
		spend(c.id, 80);
		expect((await d.poll()).items.map((i) => i.campaignId)).toEqual([c.id]);
		const last = reports().pop()!;
		expect(last.query).toMatchObject({
			from: '2025-06-16T13:00:00.000Z',
			to: '2025-06-16T16:00:00.000Z',
		});

		const daily = threshold({ thresholdOptions: { timezone: 'America/New_York' } });
		spend(c.id, 80);
		expect((await daily.poll()).items.map((i) => [i.campaignId, i.period])).toEqual([
			[c.id, 'today:2025-06-16'],
		]);
		mock.state.clock.advance(13 * H); // 00:30 on 17 June in New York
		spend(c.id, 80);
		expect((await daily.poll()).items.map((i) => [i.campaignId, i.period])).toEqual([
			[c.id, 'today:2025-06-17'],
		]);
		expect(reports().pop()!.query).toMatchObject({
			tz: 'America/New_York',
			from: '2025-06-17T00:00:00.000Z',
		});
	});

	it('"alert rows already crossing" off: only later crossings fire; groups by several levels', async () => {
		const c = mock.state.addCampaign({ name: 'Loser' });
		spend(c.id, 70);
		const d = threshold({
			groupBy: ['campaign', 'country'],
			thresholdOptions: { alertExisting: false, conversionTimeMode: 'CONVERSION' },
		});
		expect((await d.poll()).items).toEqual([]);
		const other = mock.state.addCampaign({ name: 'Second' });
		mock.state.addVisit({ campaignId: other.id, cost: 99, countryCode: 'PL', at: now() - MIN });
		mock.state.clock.advance(MIN);
		const r = await d.poll();
		expect(r.items.map((i) => [i.rowKey, i.campaignId, i.dimensions])).toEqual([
			[
				`campaign=${other.id}|country=PL`,
				other.id,
				{ campaignId: other.id, campaignName: 'Second', countryCode: 'PL', countryName: 'Poland' },
			],
		]);
		expect(reports().every((e) => e.query.conversionTimeMode === 'CONVERSION')).toBe(true);
		expect(reports().every((e) => e.query.groupBy === 'campaign,country')).toBe(true);
	});

	it('manual mode samples without state; failures keep the state; expired sessions refresh', async () => {
		const c = mock.state.addCampaign({ name: 'Loser' });
		spend(c.id, 60);
		const d = threshold({ options: { sampleSize: 2 } });
		const sample = await d.poll({ mode: 'manual' });
		expect(sample.items.map((i) => [i.event, i.campaignId])).toEqual([['threshold.crossed', c.id]]);
		expect(d.stored).toBe('{}');
		const none = threshold({
			conditions: { condition: [{ measure: 'visits', operator: 'gt', value: 1e9 }] },
			options: { sampleSize: 2 },
		});
		const plain = await none.poll({ mode: 'manual' });
		expect(plain.items.map((i) => i.event)).toEqual(['threshold.sample', 'threshold.sample']);

		mock.faults.add({ path: '/report', status: 500, times: 1 });
		expect((await d.poll()).error?.httpCode).toBe('500');
		expect(d.stored).toBe('{}');
		mock.state.clock.advance(5 * H); // the session expired: n8n logs in again on the 401
		spend(c.id, 1);
		const r = await d.poll();
		expect(r.error).toBeUndefined();
		expect(r.items.map((i) => i.campaignId)).toEqual([c.id]);
		expect(mock.logins).toBe(2);
		expect(d.staticData.voluumThreshold).toMatchObject({ v: 1, p: 'today:2025-06-16' });
	});

	it('reads every page of a big report and reports set-up problems', async () => {
		for (let i = 0; i < 12; i++) spend(mock.state.addCampaign({ name: `Big ${i}` }).id, 51 + i);
		const d = threshold({ thresholdOptions: { maxRows: 5 } });
		const r = await d.poll();
		// Capped at 5 rows (sorted by campaign id): the rest is not checked, and that is logged.
		expect(r.items.length).toBeGreaterThan(0);
		expect(r.items.length).toBeLessThanOrEqual(5);
		expect(
			harness.logs.some((l) =>
				l.startsWith('warn Voluum Trigger threshold: the report has more than 5 rows'),
			),
		).toBe(true);
		const before = reports().length;
		const all = threshold({ options: { pageSize: 4 } });
		expect((await all.poll()).items).toHaveLength(12);
		const offsets = reports()
			.slice(before)
			.map((e) => e.query.offset);
		expect(offsets.length).toBeGreaterThanOrEqual(4); // 12+ rows in pages of 4
		expect(offsets).toEqual(offsets.map((_, i) => String(i * 4)));

		const bad = await threshold({ groupBy: ['campaign', 'offer', 'lander', 'country'] }).poll();
		expect(bad.error?.message).toBe(
			'The threshold is not set up correctly: Voluum groups a report by at most three levels',
		);
		const noCond = await threshold({ conditions: {} }).poll();
		expect(noCond.error?.message).toMatch(/Add at least one condition/);
		const zone = await threshold({ thresholdOptions: { timezone: 'Mars/Base' } }).poll();
		expect(zone.error?.message).toMatch(/Unknown time zone "Mars\/Base"/);
	});

	it('switching the event and back starts over instead of resuming an old cursor', async () => {
		const d = new TriggerDriver(harness, new VoluumTrigger(), { event: 'newConversion' });
		await d.poll();
		expect(Object.keys(d.staticData)).toEqual(['pollState']);
		d.parameters = { event: 'metricThreshold', conditions: losing };
		await d.poll();
		expect(Object.keys(d.staticData)).toEqual(['voluumThreshold']);
		mock.state.addConversions(5, { at: now() - MIN });
		mock.state.clock.advance(2 * H);
		d.parameters = { event: 'newConversion' };
		expect((await d.poll()).items).toEqual([]); // a fresh baseline, not a 2-hour backlog
		expect(Object.keys(d.staticData)).toEqual(['pollState']);
	});
});

/**
 * Keitaro Trigger against the Keitaro mock over real HTTP: first-run modes, chunked backfill,
 * failures, manual mode, every event. No timed assertions: the clocks of the trigger and of the
 * mock are the same simulated clock (Date.now follows `mock.state.clock`), and the request
 * layer's retry back-off sleeps are skipped (the number of attempts is unchanged).
 */
import axios from 'axios';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { IdRanges, StatusMemo, dayOf } from '../../nodes/shared/polling';
import { startKeitaroMock } from '../mock-servers/keitaro/server';
import type { Mock } from '../unit/keitaro/trigger/driver';
import { TriggerDriver, duplicates } from '../unit/keitaro/trigger/driver';

jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: jest.fn(async () => undefined),
}));

const MIN = 60_000;
let mock: Mock;
let clockSpy: jest.SpyInstance;

async function start(opts: Parameters<typeof startKeitaroMock>[0] = {}) {
	mock = await startKeitaroMock({ seedData: { days: 0 }, ...opts });
	clockSpy = jest.spyOn(Date, 'now').mockImplementation(() => mock.state.clock.nowMs());
	return mock;
}

afterEach(async () => {
	clockSpy?.mockRestore();
	await mock?.close();
});

function driver(parameters: INodeParameters) {
	return new TriggerDriver(mock, parameters);
}

const apiRequests = (path?: string) =>
	mock.requests.entries.filter(
		(r) => r.path.startsWith('/admin_api/') && (!path || r.path.endsWith(path)),
	);

const ids = (items: IDataObject[], field = 'conversionId') => items.map((i) => String(i[field]));

function campaignWithFlow(): number {
	const c = mock.state.campaigns.all().find((x) => x.state === 'active');
	return (c as { id: number }).id;
}

describe('first run', () => {
	it('From Now sets a baseline: nothing old is emitted, later conversions are', async () => {
		await start();
		mock.state.addConversion({ status: 'lead', postback_datetime: '2025-06-16 11:58:00' });
		mock.state.addConversion({ status: 'sale', postback_datetime: '2025-06-15 09:00:00' });
		const d = driver({ event: 'newConversion' });
		expect((await d.poll()).nullResult).toBe(true);
		mock.state.clock.advance(MIN);
		const fresh = mock.state.addConversion({ status: 'lead' });
		const late = mock.state.addConversion({
			status: 'sale',
			postback_datetime: '2025-06-16 11:59:30',
		});
		const r = await d.poll();
		expect(ids(r.items).sort()).toEqual(
			[String(fresh.conversion_id), String(late.conversion_id)].sort(),
		);
		mock.state.clock.advance(MIN);
		expect((await d.poll()).nullResult).toBe(true);
	});

	it('Backfill drains 30 days in chunks across polls (Max Items per Poll), each once', async () => {
		await start();
		mock.state.seedConversions(230, { seed: 3 });
		const d = driver({
			event: 'newConversion',
			firstRun: 'backfillDays',
			backfillDays: 30,
			options: { maxItemsPerPoll: 40, pageSize: 25 },
		});
		const sizes: number[] = [];
		for (let i = 0; i < 20; i++) {
			mock.state.clock.advance(MIN);
			const r = await d.poll();
			expect(r.error).toBeUndefined();
			sizes.push(r.items.length);
			if (i % 3 === 1) d.restart();
		}
		expect(sizes.slice(0, 5)).toEqual([40, 40, 40, 40, 40]);
		const all = ids(d.emitted);
		expect(duplicates(all)).toEqual([]);
		expect(all.length).toBe(230);
		// postback order across polls
		const times = d.emitted.map((i) => Date.parse(String(i.postbackTime)));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
	});

	it.each([1, 2, 3])(
		'Backfill cut by Max Items at a page end: the next poll needs no extra page (%i conversions a second)',
		async (perSecond) => {
			await start();
			// 120 conversions, `perSecond` in each second, seconds a minute apart, all in the last
			// days: each poll re-reads the second it was cut in (its rows are skipped by id).
			const base = mock.state.clock.nowMs() - 3 * 86_400_000;
			for (let i = 0; i < 120; i++) {
				const at = new Date(base + Math.floor(i / perSecond) * MIN).toISOString();
				mock.state.addConversion({ postback_datetime: `${at.slice(0, 10)} ${at.slice(11, 19)}` });
			}
			const d = driver({
				event: 'newConversion',
				firstRun: 'backfillDays',
				backfillDays: 30,
				options: { maxItemsPerPoll: 30, pageSize: 10 },
			});
			const perPoll: number[] = [];
			for (let i = 0; i < 6; i++) {
				mock.state.clock.advance(MIN);
				const before = apiRequests('/conversions/log').length;
				const r = await d.poll();
				expect(r.error).toBeUndefined();
				perPoll.push(apiRequests('/conversions/log').length - before);
				if (i % 2 === 1) d.restart();
			}
			// Polls after the activation one: 3 pages of 10 for 30 items (no fourth page for the
			// rows of the second read again); the 5th poll finds 0 or 1 left over, then nothing.
			// (Restarts replay a poll from the saved state: same count.)
			expect(perPoll.slice(1, 4)).toEqual([3, 3, 3]);
			expect(duplicates(ids(d.emitted))).toEqual([]);
			expect(d.emitted.length).toBe(120);
			const times = d.emitted.map((x) => Date.parse(String(x.postbackTime)));
			expect([...times].sort((a, b) => a - b)).toEqual(times);
		},
	);

	it('Backfill resumes across polls within the poll time budget', async () => {
		await start();
		mock.state.seedConversions(120, { seed: 5 });
		// Each request "takes" 20 simulated seconds; a 10 s budget leaves one request per poll.
		mock.state.onBeforeRespond = () => mock.state.clock.advance(20_000);
		const d = driver({
			event: 'newConversion',
			firstRun: 'backfillDays',
			backfillDays: 30,
			options: { pageSize: 30 },
		});
		d.pollBudgetMs = 10_000;
		let polls = 0;
		while (polls < 30) {
			polls++;
			mock.state.clock.advance(MIN);
			const before = apiRequests('/conversions/log').length;
			const r = await d.poll();
			expect(r.error).toBeUndefined();
			expect(apiRequests('/conversions/log').length - before).toBeLessThanOrEqual(2);
			if (r.nullResult && d.emitted.length === 120) break;
		}
		expect(polls).toBeGreaterThan(4);
		expect(duplicates(ids(d.emitted))).toEqual([]);
		expect(d.emitted.length).toBe(120);
	});

	it('From a Date emits everything since that date', async () => {
		await start();
		mock.state.addConversion({ postback_datetime: '2025-06-10 10:00:00' });
		const b = mock.state.addConversion({ postback_datetime: '2025-06-12 10:00:00' });
		const d = driver({
			event: 'newConversion',
			firstRun: 'fromDate',
			fromDate: '2025-06-11T00:00:00Z',
		});
		const r = await d.poll();
		expect(ids(r.items)).toEqual([String(b.conversion_id)]);
	});

	it('re-activation keeps the place; changing a filter resets deliberately', async () => {
		await start();
		const d = driver({ event: 'newConversion' });
		await d.poll();
		mock.state.clock.advance(MIN);
		mock.state.addConversion({});
		expect((await d.poll()).items).toHaveLength(1);
		d.reactivate();
		mock.state.clock.advance(MIN);
		const c = mock.state.addConversion({});
		expect(ids((await d.poll()).items)).toEqual([String(c.conversion_id)]);
		d.parameters = { ...d.parameters, filters: { statuses: ['sale'] } };
		mock.state.clock.advance(MIN);
		mock.state.addConversion({ status: 'sale' });
		expect((await d.poll()).nullResult).toBe(true); // new baseline for the new stream
	});
});

describe('failures', () => {
	it('a failed window is not skipped: the state stays exactly as it was, the error keeps its HTTP status', async () => {
		await start();
		const d = driver({ event: 'newConversion' });
		await d.poll();
		mock.state.clock.advance(MIN);
		const c = mock.state.addConversion({});
		const before = JSON.stringify(d.live);
		mock.faults.add({ path: '/admin_api/v1/conversions/log', status: 503, times: 4 });
		const failed = await d.poll();
		expect(failed.error?.httpCode).toBe('503');
		expect(JSON.stringify(d.live)).toBe(before);
		mock.state.clock.advance(MIN);
		expect(ids((await d.poll()).items)).toEqual([String(c.conversion_id)]);
	});

	it('transient faults (503, reset, truncated body) are retried inside the poll', async () => {
		await start();
		const d = driver({ event: 'newConversion' });
		await d.poll();
		mock.state.clock.advance(MIN);
		mock.state.addConversion({});
		mock.faults.add({ path: '/admin_api/v1/conversions/log', status: 503, times: 1 });
		mock.faults.add({ path: '/admin_api/v1/conversions/log', reset: true, times: 1 });
		mock.faults.add({ path: '/admin_api/v1/conversions/log', truncate: { mode: 'end' }, times: 1 });
		const r = await d.poll();
		expect(r.error).toBeUndefined();
		expect(r.items).toHaveLength(1);
	});

	it('a request timeout fails the poll without moving the cursor', async () => {
		await start();
		const d = driver({ event: 'newConversion', options: { requestTimeout: 0.2 } });
		await d.poll();
		mock.state.clock.advance(MIN);
		const c = mock.state.addConversion({});
		const before = JSON.stringify(d.live);
		mock.faults.add({ path: '/admin_api/v1/conversions/log', delayMs: 600, times: 4 });
		const failed = await d.poll();
		expect(failed.error).toBeDefined();
		expect(JSON.stringify(d.live)).toBe(before);
		mock.state.clock.advance(MIN);
		expect(ids((await d.poll()).items)).toEqual([String(c.conversion_id)]);
	});
});

describe('manual mode and idle polls', () => {
	it.each([
		['newConversion', {}],
		['conversionStatusChanged', {}],
		['newClick', {}],
		['entityChanged', { entityType: 'campaign' }],
		[
			'metricThreshold',
			{ conditions: { condition: [{ measure: 'clicks', operator: 'gte', value: 0 }] } },
		],
	])('%s: Fetch Test Event returns a sample and never touches the state', async (event, extra) => {
		await start();
		const c = mock.state.addConversion({ status: 'lead' });
		mock.state.clock.advance(MIN);
		mock.state.setConversionStatus(c.conversion_id, 'sale');
		const d = driver({ event, ...extra });
		await d.poll();
		mock.state.clock.advance(MIN);
		const m = await d.manual();
		expect(m.error).toBeUndefined();
		expect(m.untouched).toBe(true);
		expect(m.items.length).toBeGreaterThan(0);
	});

	it.each([
		['newConversion', {}, 1],
		// postback_datetime read + (datetime | sale_datetime) read; the sweep is not due yet.
		['conversionStatusChanged', {}, 2],
		['newClick', {}, 1],
		['entityChanged', { entityType: 'offer' }, 1],
		['entityChanged', { entityType: 'campaign' }, 1],
	])('%s %j: an idle poll is exactly %d request(s)', async (event, extra, expected) => {
		await start();
		const d = driver({ event, ...extra });
		await d.poll();
		mock.state.clock.advance(MIN);
		await d.poll();
		mock.state.clock.advance(MIN);
		const before = apiRequests().length;
		expect((await d.poll()).nullResult).toBe(true);
		expect(apiRequests().length - before).toBe(expected);
	});
});

describe('New Conversion', () => {
	it('a state saved in the previous format (a status memo of ids) loads without loss: nothing re-emitted', async () => {
		await start();
		const before = [
			mock.state.addConversion({ status: 'lead', postback_datetime: '2025-06-15 09:00:00' }),
			mock.state.addConversion({ status: 'sale', postback_datetime: '2025-06-16 11:00:00' }),
		];
		const d = driver({ event: 'newConversion' });
		expect((await d.poll()).nullResult).toBe(true);
		mock.state.clock.advance(MIN);
		const emitted = [mock.state.addConversion({}), mock.state.addConversion({ status: 'sale' })];
		expect(ids((await d.poll()).items).sort()).toEqual(
			emitted.map((c) => String(c.conversion_id)).sort(),
		);
		// The same state as the previous version wrote it: the ids in a StatusMemo, no `ids`.
		const watch = d.live.keitaroConversionWatch as IDataObject;
		const seen = IdRanges.fromState(watch.ids) as IdRanges;
		expect(seen.size).toBe(4);
		const memo = new StatusMemo();
		for (const id of seen.ids()) memo.set(id, dayOf(Date.now()), { status: '', prev: '', n: 0 });
		delete watch.ids;
		watch.memo = memo.toState() as unknown as IDataObject;
		// Read the whole window again: every row already emitted or baselined must be known.
		watch.a = Date.now() - 3 * 86_400_000;
		d.saved = JSON.stringify(d.live);
		d.restart();
		mock.state.clock.advance(MIN);
		mock.state.setConversionStatus(before[0].conversion_id, 'sale');
		const fresh = mock.state.addConversion({});
		expect(ids((await d.poll()).items)).toEqual([String(fresh.conversion_id)]);
		const saved = (JSON.parse(d.saved) as IDataObject).keitaroConversionWatch as IDataObject;
		expect(saved.memo).toBeUndefined();
		expect(IdRanges.fromState(saved.ids)?.size).toBe(5);
	});

	it('a status change of a conversion already emitted is not a new conversion; created+changed between polls is', async () => {
		await start();
		const d = driver({ event: 'newConversion', options: { overlapMinutes: 5 } });
		await d.poll();
		mock.state.clock.advance(MIN);
		const a = mock.state.addConversion({ status: 'lead' });
		expect(ids((await d.poll()).items)).toEqual([String(a.conversion_id)]);
		for (let i = 0; i < 10; i++) {
			mock.state.clock.advance(MIN);
			await d.poll();
		}
		mock.state.clock.advance(MIN);
		mock.state.setConversionStatus(a.conversion_id, 'sale'); // long after: a is forgotten by the engine
		const b = mock.state.addConversion({ status: 'lead' });
		mock.state.clock.advance(10_000);
		mock.state.setConversionStatus(b.conversion_id, 'rejected'); // b never seen as lead
		mock.state.clock.advance(MIN);
		const r = await d.poll();
		expect(ids(r.items)).toEqual([String(b.conversion_id)]);
		expect(r.items[0]).toMatchObject({ status: 'rejected', rawStatus: 'rejected' });
	});

	it('From Now: a conversion older than the trigger changing status is not new', async () => {
		await start();
		const old = mock.state.addConversion({
			status: 'lead',
			postback_datetime: '2025-06-10 10:00:00',
		});
		const d = driver({ event: 'newConversion' });
		await d.poll();
		mock.state.clock.advance(MIN);
		mock.state.setConversionStatus(old.conversion_id, 'sale');
		mock.state.clock.advance(MIN);
		expect((await d.poll()).nullResult).toBe(true);
	});

	it('maps to the canonical model in the tracker time zone, with the status map and filters', async () => {
		await start({ timezone: 'Europe/Madrid' });
		const campaign = campaignWithFlow();
		const d = driver({
			event: 'newConversion',
			filters: { campaignIds: [campaign], statuses: ['lead', 'sale', 'rebill'] },
			options: {
				timezone: 'Europe/Madrid',
				statusMap: 'hold=hold',
				currency: 'usd',
				includeRaw: true,
			},
		});
		await d.poll();
		mock.state.clock.advance(MIN);
		mock.state.addConversion({
			status: 'lead',
			original_status: 'hold',
			click: { campaign_id: campaign },
		});
		mock.state.addConversion({ status: 'rebill', click: { campaign_id: campaign } });
		mock.state.addConversion({ status: 'rejected', click: { campaign_id: campaign } });
		const r = await d.poll();
		expect(r.items).toHaveLength(2);
		expect(r.items[0]).toMatchObject({
			tracker: 'keitaro',
			event: 'conversion.created',
			status: 'hold',
			rawStatus: 'lead',
			originalStatus: 'hold',
			currency: 'USD',
			campaignId: String(campaign),
			postbackTime: '2025-06-16T12:01:00.000Z',
			clickTime: '2025-06-16T11:51:00.000Z',
			isRebill: false,
		});
		expect(r.items[1]).toMatchObject({ status: 'approved', rawStatus: 'rebill', isRebill: true });
		expect((r.items[0].raw as IDataObject).postback_datetime).toBe('2025-06-16 14:01:00');
		expect(Object.keys(r.items[0].subIds as IDataObject).every((k) => /^sub_id_\d+$/.test(k))).toBe(
			true,
		);
	});

	it('Conversion Time Mode "click" filters on postback_datetime instead of the date range', async () => {
		await start();
		const d = driver({ event: 'newConversion', options: { conversionTimeMode: 'click' } });
		await d.poll();
		mock.state.clock.advance(MIN);
		const c = mock.state.addConversion({});
		const r = await d.poll();
		expect(ids(r.items)).toEqual([String(c.conversion_id)]);
		const body = apiRequests('/conversions/log').pop()?.body as IDataObject;
		expect(body.range).toEqual({ interval: 'all_time', timezone: 'UTC' });
		expect((body.filters as IDataObject[]).map((f) => f.name)).toEqual([
			'postback_datetime',
			'postback_datetime',
		]);
	});
});

describe('Conversion Status Changed', () => {
	it('emits every change once with previous and new status', async () => {
		await start();
		const d = driver({ event: 'conversionStatusChanged' });
		await d.poll();
		mock.state.clock.advance(MIN);
		const a = mock.state.addConversion({ status: 'lead' });
		expect((await d.poll()).nullResult).toBe(true); // a first postback is not a change
		mock.state.clock.advance(MIN);
		mock.state.setConversionStatus(a.conversion_id, 'sale');
		const r1 = await d.poll();
		expect(r1.items).toHaveLength(1);
		expect(r1.items[0]).toMatchObject({
			event: 'conversion.statusChanged',
			conversionId: String(a.conversion_id),
			previousRawStatus: 'lead',
			previousStatus: 'pending',
			rawStatus: 'sale',
			status: 'approved',
		});
		mock.state.clock.advance(MIN);
		expect((await d.poll()).nullResult).toBe(true);
		mock.state.clock.advance(30 * MIN);
		mock.state.setConversionStatus(a.conversion_id, 'rejected');
		const r2 = await d.poll();
		expect(r2.items[0]).toMatchObject({
			previousRawStatus: 'sale',
			rawStatus: 'rejected',
			status: 'rejected',
		});
	});

	it('filters by previous and new status on the tracker', async () => {
		await start();
		const d = driver({
			event: 'conversionStatusChanged',
			filters: { statuses: ['rejected'], previousStatuses: ['sale'] },
		});
		await d.poll();
		mock.state.clock.advance(MIN);
		const a = mock.state.addConversion({ status: 'lead' });
		const b = mock.state.addConversion({ status: 'sale' });
		mock.state.clock.advance(MIN);
		mock.state.setConversionStatus(a.conversion_id, 'rejected');
		mock.state.setConversionStatus(b.conversion_id, 'rejected');
		const r = await d.poll();
		expect(ids(r.items)).toEqual([String(b.conversion_id)]);
	});
});

describe('New Click', () => {
	it('emits clicks once, filters bots and non-unique clicks, caps each poll', async () => {
		await start();
		const campaign = campaignWithFlow();
		const d = driver({
			event: 'newClick',
			filters: { campaignIds: [campaign], excludeBots: true, uniqueOnly: true },
			options: { maxItemsPerPoll: 3, pageSize: 2 },
		});
		await d.poll();
		mock.state.clock.advance(MIN);
		const good: string[] = [];
		for (let i = 0; i < 7; i++) good.push(mock.state.addClick({ campaign_id: campaign }).sub_id);
		mock.state.addClick({ campaign_id: campaign, is_bot: true });
		mock.state.addClick({ campaign_id: campaign, is_unique_campaign: false });
		const sizes: number[] = [];
		for (let i = 0; i < 4; i++) {
			sizes.push((await d.poll()).items.length);
			mock.state.clock.advance(MIN);
		}
		expect(sizes).toEqual([3, 3, 1, 0]);
		expect(ids(d.emitted, 'clickId').sort()).toEqual(good.sort());
		expect(d.emitted[0]).toMatchObject({
			tracker: 'keitaro',
			event: 'click.created',
			isBot: false,
			isUnique: true,
		});
	});
});

describe('Entity Created or Updated', () => {
	const http = () =>
		axios.create({
			baseURL: mock.apiUrl,
			headers: { 'Api-Key': mock.apiKey },
			validateStatus: () => true,
		});

	it('tells created from updated, one event per saved change', async () => {
		await start();
		const d = driver({ event: 'entityChanged', entityType: 'offer' });
		await d.poll();
		mock.state.clock.advance(MIN);
		const created = await http().post('/offers', { name: 'New offer' });
		expect(created.status).toBe(200);
		const newId = created.data.id as number;
		const existing = mock.state.offers.all()[0];
		await http().put(`/offers/${existing.id}`, { name: 'Renamed' });
		const r1 = await d.poll();
		expect(r1.items.map((i) => [i.entityId, i.event]).sort()).toEqual(
			[
				[String(newId), 'offer.created'],
				[String(existing.id), 'offer.updated'],
			].sort(),
		);
		mock.state.clock.advance(MIN);
		expect((await d.poll()).nullResult).toBe(true);
		mock.state.clock.advance(MIN);
		await http().put(`/offers/${newId}`, { name: 'New offer 2' });
		const r2 = await d.poll();
		expect(r2.items).toEqual([
			expect.objectContaining({
				entityId: String(newId),
				event: 'offer.updated',
				name: 'New offer 2',
			}),
		]);
	});

	it('campaigns (no token in raw) and flows per campaign', async () => {
		await start();
		const campaign = campaignWithFlow();
		const dc = driver({
			event: 'entityChanged',
			entityType: 'campaign',
			options: { includeRaw: true },
		});
		const df = driver({
			event: 'entityChanged',
			entityType: 'flow',
			entityFilters: { campaignIds: [campaign] },
		});
		await dc.poll();
		await df.poll();
		mock.state.clock.advance(MIN);
		await http().put(`/campaigns/${campaign}`, { name: 'Renamed campaign' });
		const flow = mock.state.streams.all().find((s) => s.campaign_id === campaign) as { id: number };
		await http().put(`/streams/${flow.id}`, { name: 'Renamed flow' });
		const rc = await dc.poll();
		expect(rc.items).toEqual([
			expect.objectContaining({
				event: 'campaign.updated',
				entityId: String(campaign),
				name: 'Renamed campaign',
			}),
		]);
		expect((rc.items[0].raw as IDataObject).token).toBeUndefined();
		const rf = await df.poll();
		expect(rf.items).toEqual([
			expect.objectContaining({
				event: 'flow.updated',
				entityId: String(flow.id),
				campaignId: String(campaign),
			}),
		]);
	});
});

describe('Metric Threshold', () => {
	function traffic(campaign: number, clicks: number, cost: number, revenue: number) {
		let last = 0;
		for (let i = 0; i < clicks; i++)
			last = mock.state.addClick({ campaign_id: campaign, cost: cost / clicks }).click_id;
		if (revenue > 0) mock.state.addConversion({ click_id: last, revenue, status: 'sale' });
	}

	const params = (extra: IDataObject = {}): INodeParameters => ({
		event: 'metricThreshold',
		dimensions: ['campaign_id'],
		conditions: {
			condition: [
				{ measure: 'roi', operator: 'lt', value: -30 },
				{ measure: 'cost', operator: 'gt', value: 50 },
			],
		},
		period: 'today',
		...extra,
	});

	it('fires once per row per period, re-arms after recovery, fires again on a new day', async () => {
		await start();
		const [c1, c2] = mock.state.campaigns
			.all()
			.filter((c) => c.state === 'active')
			.map((c) => c.id);
		traffic(c1, 5, 100, 20); // roi -80, cost 100 → fires
		traffic(c2, 5, 40, 0); // cost 40 → no
		const d = driver(params({ thresholdOptions: { emitRecovered: true } }));
		const r1 = await d.poll();
		expect(r1.items).toEqual([
			expect.objectContaining({
				event: 'threshold.crossed',
				campaignId: String(c1),
				period: 'today:2025-06-16',
				conditions: 'roi < -30 AND cost > 50',
				conditionMet: true,
			}),
		]);
		expect(r1.items[0].campaignName).toEqual(expect.any(String));
		mock.state.clock.advance(MIN);
		expect((await d.poll()).nullResult).toBe(true); // still firing: no repeat
		traffic(c1, 1, 0, 80); // roi (100 - 100)/100 = 0 → recovers
		mock.state.clock.advance(MIN);
		const r3 = await d.poll();
		expect(r3.items).toEqual([
			expect.objectContaining({ event: 'threshold.recovered', campaignId: String(c1) }),
		]);
		traffic(c1, 5, 200, 0); // cost 300, revenue 100 → roi -66.7 → crosses again
		mock.state.clock.advance(MIN);
		expect((await d.poll()).items).toEqual([
			expect.objectContaining({ event: 'threshold.crossed', campaignId: String(c1) }),
		]);
		mock.state.clock.set('2025-06-17 00:30:00');
		traffic(c1, 5, 100, 0);
		const r5 = await d.poll();
		expect(r5.items).toEqual([
			expect.objectContaining({ period: 'today:2025-06-17', campaignId: String(c1) }),
		]);
		expect(d.stateBytes()).toBeLessThan(300);
	});

	it('"alert rows already crossing" off: only later crossings fire', async () => {
		await start();
		const [c1, c2] = mock.state.campaigns
			.all()
			.filter((c) => c.state === 'active')
			.map((c) => c.id);
		traffic(c1, 5, 100, 0);
		const d = driver(params({ thresholdOptions: { alertExisting: false } }));
		expect((await d.poll()).nullResult).toBe(true);
		traffic(c2, 5, 100, 0);
		mock.state.clock.advance(MIN);
		expect((await d.poll()).items.map((i) => i.campaignId)).toEqual([String(c2)]);
	});

	it('reports errors and bad conditions clearly; a failed report leaves the state', async () => {
		await start();
		const bad = driver(
			params({ conditions: { condition: [{ measure: 'roi', operator: 'lt', value: 'x' }] } }),
		);
		expect((await bad.poll()).error?.message).toMatch(/not a number/);
		const d = driver(params());
		await d.poll();
		const before = JSON.stringify(d.live);
		mock.faults.add({ path: '/admin_api/v1/report/build', status: 502, times: 4 });
		expect((await d.poll()).error?.httpCode).toBe('502');
		expect(JSON.stringify(d.live)).toBe(before);
	});
});

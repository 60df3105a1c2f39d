/**
 * RedTrack Trigger against the RedTrack mock, through the n8n stand-in (real HTTP, the real
 * credential with the api_key query): day windows in the account time zone (read once per poll),
 * unsorted `page`/`per` paging with rows arriving while pages are read, late postbacks, status
 * flips (previous status, first sightings), faults, restarts, manual mode, first-run modes,
 * clicks, campaigns (paused/resumed/deleted).
 */
import type { INodeParameters } from 'n8n-workflow';

import { RedTrackApi } from '../../credentials/RedTrackApi.credentials';
import { RedTrackTrigger } from '../../nodes/RedTrack/RedTrackTrigger.node';
import { redTrackRuntime } from '../../nodes/RedTrack/trigger/runtime';
import { Harness } from '../helpers/n8n';
import {
	startRedTrackMock,
	type RedTrackMock,
	type RedTrackMockOptions,
} from '../mock-servers/redtrack/server';
import { TriggerDriver, duplicates } from '../unit/voluum/triggerDriver';
import { savedAs } from '../helpers/layout';

const SEC = 1000;
const MIN = 60 * SEC;
const H = 60 * MIN;
const DAY = 24 * H;

let mock: RedTrackMock;
let harness: Harness;
const real = { ...redTrackRuntime };

async function setup(options: RedTrackMockOptions = {}) {
	mock = await startRedTrackMock({ reportRateLimit: { clock: 'mock' }, ...options });
	redTrackRuntime.now = mock.state.clock.now;
	harness = new Harness().addCredential(new RedTrackApi(), {
		url: mock.url,
		apiKey: mock.apiKey,
		connectionCheck: '',
	});
}

afterEach(async () => {
	Object.assign(redTrackRuntime, real);
	await mock?.close();
});

const trigger = (event: string, parameters: INodeParameters = {}) =>
	new TriggerDriver(harness, new RedTrackTrigger(), { event, ...parameters });
const advance = (ms: number) => mock.state.clock.advance(ms);
const now = () => mock.state.clock.now();
const requestsTo = (path: string) => mock.requests.entries.filter((e) => e.path === path);

describe('RedTrack Trigger: New Conversion', () => {
	it('reads the account zone once per poll and asks for whole days in it', async () => {
		await setup();
		const d = trigger('newConversion');
		expect(await d.poll()).toEqual({ items: [] });
		advance(MIN);
		const c = mock.state.addConversion({ at: now() - 30 * SEC, status: 'declined', payout: 7 });
		advance(MIN);
		const { items } = await d.poll();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			tracker: 'redtrack',
			event: 'conversion.created',
			conversionId: c.id,
			clickId: c.clickid,
			status: 'rejected',
			rawStatus: 'declined',
			revenue: 7,
			currency: 'EUR',
			postbackTime: new Date(Math.floor(c.t / SEC) * SEC).toISOString(),
		});
		// One per poll (the first one is the credential's connection check).
		expect(requestsTo('/me/settings')).toHaveLength(3);
		// 12:00 UTC is 14:00 in Berlin; the 1-day lateness window reaches back to yesterday.
		expect(requestsTo('/conversions').map((e) => [e.query.date_from, e.query.date_to])).toEqual([
			['2025-06-15', '2025-06-16'],
			['2025-06-15', '2025-06-16'],
		]);
		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
	});

	it('emits conversions on both sides of midnight in the account zone', async () => {
		// 21:50 UTC = 23:50 in Berlin.
		await setup({ now: '2025-06-16T21:50:00Z' });
		const d = trigger('newConversion');
		await d.poll();
		advance(5 * MIN);
		const before = mock.state.addConversion({ at: now() - 2 * MIN }); // 23:53 Berlin
		advance(10 * MIN); // 00:05 Berlin, 17 June
		const after = mock.state.addConversion({ at: now() - MIN }); // 00:04 Berlin
		const { items } = await d.poll();
		expect(items.map((i) => i.conversionId)).toEqual([before.id, after.id]);
		// One request over three local days: the day-long lateness window plus the new day.
		expect(requestsTo('/conversions').pop()!.query).toMatchObject({
			date_from: '2025-06-15',
			date_to: '2025-06-17',
		});
		expect(requestsTo('/conversions')).toHaveLength(2);
	});

	it('late postbacks inside the lateness window (default one day) are emitted', async () => {
		await setup();
		const d = trigger('newConversion');
		await d.poll();
		advance(MIN);
		const late = mock.state.addConversion({ at: now() - 20 * H }); // conv_time yesterday
		mock.state.addConversion({ at: now() - 3 * DAY }); // beyond the window
		advance(MIN);
		expect((await d.poll()).items.map((i) => i.conversionId)).toEqual([late.id]);
	});

	it('with "Received At" as the date field, a postback stamped days ago is still caught', async () => {
		await setup({ conversionDateField: 'created_at' });
		const d = trigger('newConversion', {
			options: { dateField: 'created_at', overlapMinutes: 10 },
		});
		await d.poll();
		advance(MIN);
		const old = mock.state.addConversion({ at: now() - 3 * DAY }); // created_at = now
		advance(MIN);
		const { items } = await d.poll();
		expect(items.map((i) => i.conversionId)).toEqual([old.id]);
		expect(items[0].postbackTime).toBe(new Date(Math.floor(old.t / SEC) * SEC).toISOString());
	});

	it('pages through bursts in one second, with rows arriving while pages are read', async () => {
		await setup();
		const d = trigger('newConversion', { options: { pageSize: 4, maxItemsPerPoll: 9 } });
		await d.poll();
		advance(MIN);
		const burst = mock.state.addConversions(22, { at: now() - 10 * SEC });
		const arrivals: string[] = [];
		mock.state.onBeforeRespond = ({ path, query }) => {
			// Newest-first order: a conversion arriving before page 3 shifts every later page.
			if (path === '/conversions' && query.page === '3' && arrivals.length < 2) {
				arrivals.push(mock.state.addConversion({ at: now() - 2 * SEC }).id);
			}
		};
		let polls = 0;
		while (d.delivered.length < 24 && polls < 10) {
			advance(10 * SEC);
			const r = await d.poll();
			expect(r.error).toBeUndefined();
			expect(r.items.length).toBeLessThanOrEqual(9);
			polls++;
		}
		mock.state.onBeforeRespond = null;
		advance(MIN);
		await d.poll();
		const got = d.delivered.map((i) => String(i.conversionId));
		expect(duplicates(got)).toEqual([]);
		expect(got.sort()).toEqual([...burst.map((c) => c.id), ...arrivals].sort());
	});

	it('a failed poll keeps the state; the next one delivers everything once', async () => {
		await setup();
		const d = trigger('newConversion');
		await d.poll();
		advance(MIN);
		const a = mock.state.addConversion({ at: now() - 10 * SEC });
		advance(MIN);
		mock.faults.add({ path: '/conversions', status: 500, body: { error: 'internal' }, times: 1 });
		const failed = await d.poll();
		expect(failed.error?.httpCode).toBe('500');
		expect(failed.error?.message).toMatch(/RedTrack/);
		mock.faults.add({ path: '/me/settings', status: 500, times: 1 });
		expect((await d.poll()).error?.httpCode).toBe('500');
		const b = mock.state.addConversion({ at: now() - 5 * SEC });
		mock.faults.add({ path: '/conversions', reset: true, times: 1 }); // retried by the request layer
		advance(MIN);
		const ok = await d.poll();
		expect(ok.error).toBeUndefined();
		expect(ok.items.map((i) => i.conversionId)).toEqual([a.id, b.id]);
	});

	it('restarts (JSON static data), lost state and manual mode', async () => {
		await setup();
		const d = trigger('newConversion', { options: { sampleSize: 4 } });
		const sample = await d.poll({ mode: 'manual' });
		expect(sample.items).toHaveLength(4);
		const times = sample.items.map((i) => String(i.postbackTime));
		expect(times).toEqual([...times].sort());
		const newest = [...mock.state.conversions].sort((x, y) => x.t - y.t).pop()!;
		expect(sample.items[3].conversionId).toBe(newest.id);
		expect(d.stored).toBe('{}');
		await d.poll();
		advance(MIN);
		const c = mock.state.addConversion({ at: now() - SEC });
		const restarted = trigger('newConversion');
		restarted.stored = d.stored;
		advance(MIN);
		expect((await restarted.poll()).items.map((i) => i.conversionId)).toEqual([c.id]);
		const lost = trigger('newConversion');
		expect((await lost.poll()).items).toEqual([]);
	});

	it('backfills two days exactly once, in chunks', async () => {
		await setup();
		const since = now() - 2 * DAY;
		const expected = mock.state.conversions.filter((c) => c.t >= since).map((c) => c.id);
		expect(expected.length).toBeGreaterThan(10);
		const d = trigger('newConversion', {
			firstRun: 'backfillDays',
			backfillDays: 2,
			options: { maxItemsPerPoll: 8 },
		});
		await d.drain(() => advance(MIN));
		const got = d.delivered.map((i) => String(i.conversionId));
		expect(duplicates(got)).toEqual([]);
		expect(got.sort()).toEqual(expected.sort());

		const from = now() - 30 * H;
		const sinceDate = trigger('newConversion', {
			firstRun: 'fromDate',
			fromDate: new Date(from).toISOString(),
			options: { pageSize: 5 },
		});
		await sinceDate.drain(() => advance(MIN));
		const fromDate = sinceDate.delivered.map((i) => String(i.conversionId));
		expect(duplicates(fromDate)).toEqual([]);
		expect(fromDate.sort()).toEqual(
			mock.state.conversions
				.filter((c) => c.t >= Math.floor(from / 1000) * 1000)
				.map((c) => c.id)
				.sort(),
		);
	});

	// Node version 1 keeps the Status Map at the top level and the status filter under Options,
	// version 2 the Status Map under Options and the status filter under Filters: same result.
	it.each([1, 2] as const)(
		'applies the status map and "Statuses to Emit"; filters go to RedTrack (saved with node version %i)',
		async (version) => {
			await setup();
			const campaign = mock.state.campaigns[0];
			const d = trigger(
				'newConversion',
				savedAs(
					version,
					{
						statusMap: 'other=hold',
						filters: { campaign_id: campaign.id },
						options: { statuses: ['hold', 'approved'] },
					},
					['statusMap'],
					['statuses'],
				),
			);
			d.typeVersion = version;
			await d.poll();
			advance(MIN);
			const at = now() - 10 * SEC;
			const other = mock.state.addConversion({ at, status: 'other', campaignId: campaign.id });
			mock.state.addConversion({ at, status: 'pending', campaignId: campaign.id });
			mock.state.addConversion({ at, status: 'approved', campaignId: mock.state.campaigns[1].id });
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => [i.conversionId, i.status])).toEqual([[other.id, 'hold']]);
			expect(requestsTo('/conversions').every((e) => e.query.campaign_id === campaign.id)).toBe(
				true,
			);
		},
	);

	it('explains time zone and status map problems', async () => {
		await setup({ settingsShape: 'array' });
		expect((await trigger('newConversion').poll()).error).toBeUndefined(); // array settings work
		mock.state.settings.timezone = 'Somewhere/Else';
		const r = await trigger('newConversion').poll();
		expect(r.error?.message).toBe(
			'RedTrack reported a time zone this trigger does not know: "Somewhere/Else"',
		);
		expect(r.error?.description).toMatch(/Account Time Zone/);
		mock.state.settings.timezone = 'Europe/Berlin'; // (the mock itself needs a real zone)
		const fixed = trigger('newConversion', { options: { accountTimezone: 'Europe/Berlin' } });
		const before = requestsTo('/me/settings').length;
		expect((await fixed.poll()).error).toBeUndefined();
		expect(requestsTo('/me/settings').length).toBe(before); // the override skips the settings call
		expect(
			(await trigger('newConversion', { options: { accountTimezone: 'Nowhere' } }).poll()).error
				?.message,
		).toBe('Unknown time zone "Nowhere"');
		expect((await trigger('newConversion', { statusMap: 'x=y' }).poll()).error?.message).toMatch(
			/^Status Map: Line 1/,
		);
	});

	it('an answer of an unexpected shape stops the poll with a sentence naming the field', async () => {
		await setup();
		for (const [event, body, message] of [
			[
				'newConversion',
				{ items: [{ id: 'x1', status: 'pending' }], total: 1 },
				/RedTrack \/conversions item 1: the column "conv_time" is missing/,
			],
			[
				'statusChanged',
				{ items: [{ id: 'x1', status: 'pending', conv_time: '16/06/2025 10:00' }], total: 1 },
				/RedTrack \/conversions item 1: "conv_time" is not a time/,
			],
			['newConversion', { rows: [] }, /RedTrack \/conversions: the answer has no "items" list/],
		] as const) {
			const d = trigger(event);
			mock.faults.add({ path: '/conversions', status: 200, body, times: 1 });
			const r = await d.poll();
			expect(r.error?.message).toMatch(message);
			expect(d.stored).toBe('{}');
		}
	});

	it('a wrong API key is a clear 401 without the key', async () => {
		await setup();
		harness.credentials.get('redTrackApi')!.data.apiKey = 'wrong-key-123456';
		const r = await trigger('newConversion').poll();
		expect(r.error?.message).toMatch(/RedTrack/);
		expect(JSON.stringify({ m: r.error?.message, d: r.error?.description })).not.toContain(
			'wrong-key-123456',
		);
	});
});

describe('RedTrack Trigger: Conversion Status Changed', () => {
	it('emits flips with the previous status; first sightings only when asked', async () => {
		await setup();
		const d = trigger('statusChanged');
		const all = trigger('statusChanged', { includeNew: true });
		await d.poll();
		await all.poll();
		// A conversion that existed at the baseline flips: a change the memo knows about.
		const old = [...mock.state.conversions]
			.filter((c) => c.t > now() - DAY && c.status === 'pending')
			.pop()!;
		advance(MIN);
		const fresh = mock.state.addConversion({ at: now() - 10 * SEC, status: 'pending' });
		mock.state.setConversionStatus(old.id, 'approved');
		advance(MIN);
		let r = await d.poll();
		expect(r.items.map((i) => [i.event, i.conversionId, i.previousRawStatus, i.rawStatus])).toEqual(
			[['conversion.statusChanged', old.id, 'pending', 'approved']],
		);
		const withNew = await all.poll();
		expect(withNew.items.map((i) => [i.event, i.conversionId]).sort()).toEqual(
			[
				['conversion.created', fresh.id],
				['conversion.statusChanged', old.id],
			].sort(),
		);
		mock.state.setConversionStatus(fresh.id, 'declined');
		advance(MIN);
		r = await d.poll();
		expect(r.items.map((i) => [i.conversionId, i.previousStatus, i.status])).toEqual([
			[fresh.id, 'pending', 'rejected'],
		]);
		// Back to a status already reported: a flip-back is a change like any other.
		mock.state.setConversionStatus(fresh.id, 'pending');
		advance(MIN);
		expect(
			(await d.poll()).items.map((i) => [i.previousRawStatus, i.rawStatus, i.eventKey]),
		).toEqual([['declined', 'pending', `${fresh.id}|pending|2`]]);
		mock.state.setConversionStatus(fresh.id, 'approved');
		advance(MIN);
		expect((await d.poll()).items.map((i) => [i.previousRawStatus, i.rawStatus])).toEqual([
			['pending', 'approved'],
		]);
		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
		expect(d.staticData.statusWatch).toMatchObject({ v: 2 });
	});

	it('watches changes for the chosen number of days; older days are swept within the Sweep Period', async () => {
		await setup();
		const d3 = trigger('statusChanged', { watchWindowDays: 3 });
		const d30 = trigger('statusChanged', { watchWindowDays: 30 });
		const c = mock.state.addConversion({ at: now() - 5 * DAY, status: 'pending' });
		await d3.poll();
		await d30.poll();
		mock.state.setConversionStatus(c.id, 'approved');
		const seen3: string[] = [];
		const seen30: string[] = [];
		for (let i = 0; i < 16; i++) {
			advance(MIN);
			seen3.push(...(await d3.poll()).items.map((x) => String(x.conversionId)));
			seen30.push(...(await d30.poll()).items.map((x) => String(x.conversionId)));
		}
		expect(seen3).toEqual([]); // older than the window: not re-read
		expect(seen30).toEqual([c.id]); // once, within the 15-minute sweep
	});

	it('memo and engine state survive a restart and stay bounded; manual mode leaves both', async () => {
		await setup();
		const d = trigger('statusChanged', { includeNew: true, options: { sampleSize: 2 } });
		await d.poll();
		const stored = d.stored;
		const sample = await d.poll({ mode: 'manual' });
		expect(sample.items).toHaveLength(2);
		expect(d.stored).toBe(stored);
		advance(MIN);
		const c = mock.state.addConversion({ at: now() - SEC, status: 'pending' });
		advance(MIN);
		await d.poll();
		const restarted = trigger('statusChanged', { includeNew: true });
		restarted.stored = d.stored;
		mock.state.setConversionStatus(c.id, 'approved');
		advance(MIN);
		expect((await restarted.poll()).items.map((i) => [i.event, i.previousRawStatus])).toEqual([
			['conversion.statusChanged', 'pending'],
		]);
		// Bounded: a few bytes per conversion of the window.
		expect(JSON.stringify(restarted.staticData.statusWatch).length).toBeLessThan(
			200 + 12 * mock.state.conversions.length,
		);
	});

	it('switching to another event drops the memo', async () => {
		await setup();
		const d = trigger('statusChanged');
		await d.poll();
		expect(Object.keys(d.staticData).sort()).toEqual(['statusWatch']);
		d.parameters = { event: 'newConversion' };
		await d.poll({ mode: 'manual' });
		expect(Object.keys(d.staticData).sort()).toEqual(['statusWatch']);
		await d.poll();
		expect(Object.keys(d.staticData)).toEqual(['pollState']);
	});

	it('a failed poll changes neither the engine state nor the memo', async () => {
		await setup();
		const d = trigger('statusChanged');
		await d.poll();
		const c = mock.state.addConversion({ at: now() - SEC, status: 'pending' });
		advance(MIN);
		await d.poll();
		mock.state.setConversionStatus(c.id, 'approved');
		mock.faults.add({ path: '/conversions', status: 500, times: 1 });
		advance(MIN);
		expect((await d.poll()).error).toBeDefined();
		advance(MIN);
		expect((await d.poll()).items.map((i) => [i.previousRawStatus, i.rawStatus])).toEqual([
			['pending', 'approved'],
		]);
	});
});

describe('RedTrack Trigger: New Click', () => {
	it('emits new clicks once, filtered by RedTrack', async () => {
		await setup();
		const campaign = mock.state.campaigns[1];
		const d = trigger('newClick', {
			filters: { campaign_id: campaign.id, type: 'ignored-for-clicks' },
		});
		await d.poll();
		advance(MIN);
		const mine = mock.state.addClick({ campaignId: campaign.id, subs: ['zone9'] });
		mock.state.addClick({ campaignId: mock.state.campaigns[0].id });
		advance(MIN);
		const { items } = await d.poll();
		expect(items.map((i) => [i.event, i.clickId, i.campaignId])).toEqual([
			['click.created', mine.id, campaign.id],
		]);
		expect(items[0].subIds).toEqual({ sub_id_1: 'zone9' });
		const q = requestsTo('/tracks').pop()!.query;
		expect(q).toMatchObject({
			campaign_id: campaign.id,
			date_from: '2025-06-16',
			date_to: '2025-06-16',
		});
		expect(q.type).toBeUndefined();
		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
	});
});

describe('RedTrack Trigger: New or Updated Campaign', () => {
	it('emits created, paused/resumed (with the previous state), edited and deleted campaigns', async () => {
		await setup();
		const d = trigger('campaignChanged');
		await d.poll();
		advance(MIN);
		const created = mock.state.addCampaign({ title: 'New one' });
		advance(MIN);
		let r = await d.poll();
		expect(r.items.map((i) => [i.event, i.campaignId, i.state])).toEqual([
			['campaign.created', created.id, 'active'],
		]);
		const first = mock.state.campaigns[0];
		mock.state.updateCampaign(first.id, { status: 2 });
		advance(MIN);
		r = await d.poll();
		expect(r.items.map((i) => [i.event, i.previousState, i.state])).toEqual([
			['campaign.statusChanged', 'active', 'paused'],
		]);
		mock.state.updateCampaign(first.id, { status: 1 });
		mock.state.updateCampaign(created.id, { title: 'Renamed', at: now() + SEC });
		advance(MIN);
		r = await d.poll();
		expect(r.items.map((i) => [i.event, i.campaignName, i.previousState, i.state])).toEqual([
			['campaign.statusChanged', first.title, 'paused', 'active'],
			['campaign.updated', 'Renamed', 'active', 'active'],
		]);
		mock.state.updateCampaign(created.id, { status: 3 });
		advance(MIN);
		r = await d.poll();
		expect(r.items.map((i) => [i.event, i.state])).toEqual([['campaign.deleted', 'deleted']]);
		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
	});

	// Node version 1 keeps "Changes to Emit" under Options, version 2 under Filters: same result.
	it.each([1, 2] as const)(
		'"Changes to Emit" filters; manual samples; failures keep the state (saved with node version %i)',
		async (version) => {
			await setup();
			const d = trigger(
				'campaignChanged',
				savedAs(
					version,
					{ options: { campaignEvents: ['campaign.statusChanged'] } },
					[],
					['campaignEvents'],
				),
			);
			d.typeVersion = version;
			await d.poll();
			advance(MIN);
			const c = mock.state.addCampaign({});
			advance(MIN);
			expect((await d.poll()).items).toEqual([]);
			mock.state.updateCampaign(c.id, { status: 2 });
			mock.faults.add({ path: '/campaigns', status: 500, times: 1 });
			advance(MIN);
			const stored = d.stored;
			expect((await d.poll()).error).toBeDefined();
			expect(d.stored).toBe(stored);
			expect((await d.poll()).items.map((i) => i.campaignId)).toEqual([c.id]);
			const sample = await trigger('campaignChanged', { options: { sampleSize: 1 } }).poll({
				mode: 'manual',
			});
			expect(sample.items.map((i) => i.campaignId)).toEqual([c.id]);
		},
	);
});

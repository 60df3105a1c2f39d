/**
 * Voluum Trigger against the Voluum mock, through the n8n stand-in (real HTTP, the real
 * credential with its session token): first-run modes, late rows, same-second bursts across
 * pages, conversion-type changes, faults, restarts, session expiry (n8n's refresh on 401), the
 * hour-rounded windows, Voluum's limit cap, the 15 req/s pacer, manual mode, campaigns.
 */
import type { INodeParameters } from 'n8n-workflow';

import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { VoluumTrigger } from '../../nodes/Voluum/VoluumTrigger.node';
import { voluumRuntime } from '../../nodes/Voluum/trigger/runtime';
import { Harness } from '../helpers/n8n';
import {
	startVoluumMock,
	type VoluumMock,
	type VoluumMockOptions,
} from '../mock-servers/voluum/server';
import { TriggerDriver, duplicates } from '../unit/voluum/triggerDriver';
import { savedAs } from '../helpers/layout';

const SEC = 1000;
const MIN = 60 * SEC;
const H = 60 * MIN;

let mock: VoluumMock;
let harness: Harness;
const realNow = voluumRuntime.now;

async function setup(options: VoluumMockOptions = {}) {
	mock = await startVoluumMock({ rateLimit: false, ...options });
	voluumRuntime.now = mock.state.clock.now;
	harness = new Harness().addCredential(new VoluumApi(), {
		url: mock.url,
		authType: 'accessKey',
		accessId: mock.accessId,
		secretKey: mock.accessKey,
		sessionToken: '',
	});
}

afterEach(async () => {
	voluumRuntime.now = realNow;
	await mock?.close();
});

const trigger = (parameters: INodeParameters = {}) =>
	new TriggerDriver(harness, new VoluumTrigger(), { event: 'newConversion', ...parameters });
const advance = (ms: number) => mock.state.clock.advance(ms);
const now = () => mock.state.clock.now();
const conversionRequests = () =>
	mock.requests.entries.filter((e) => e.path === '/report/conversions');
const ids = (items: Array<Record<string, unknown>>) =>
	items.map((i) => `${i.clickId}:${i.transactionId}`);

describe('Voluum Trigger: New Conversion', () => {
	it('first run from now: remembers the present, then emits each new conversion once', async () => {
		await setup();
		const d = trigger();
		expect(mock.conversions.length).toBeGreaterThan(20); // seeded history
		const first = await d.poll();
		expect(first).toEqual({ items: [] });
		expect(d.staticData.pollState).toMatchObject({ v: 1 });

		advance(MIN);
		const a = mock.state.addConversion({ at: now() - 20 * SEC, conversionType: 'Sale' });
		const b = mock.state.addConversion({ at: now() - 5 * SEC, conversionType: 'hold' });
		advance(MIN);
		const second = await d.poll();
		expect(second.items.map((i) => i.clickId)).toEqual([a.clickId, b.clickId]);
		expect(second.items.map((i) => i.status)).toEqual(['approved', 'hold']);
		expect(second.items[0]).toMatchObject({
			tracker: 'voluum',
			event: 'conversion.created',
			campaignId: a.campaignId,
			postbackTime: new Date(Date.parse(a.postbackTimestamp)).toISOString(),
		});

		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
		expect(d.delivered).toHaveLength(2);
	});

	it('queries whole hours in Etc/GMT, sorted by postback time, and parses every time format', async () => {
		for (const timestampFormat of ['ampm', '24h', 'iso'] as const) {
			await setup({
				timestampFormat,
				windowMode: timestampFormat === 'iso' ? 'instant' : 'wallclock',
			});
			const d = trigger();
			await d.poll();
			advance(37 * MIN);
			const c = mock.state.addConversion({ at: now() - 7 * MIN });
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => i.postbackTime)).toEqual([
				new Date(c.postbackTimestamp).toISOString(),
			]);
			for (const e of conversionRequests()) {
				expect(e.query).toMatchObject({
					tz: 'Etc/GMT',
					sort: 'postbackTimestamp',
					direction: 'ASC',
				});
				expect(e.query.from).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
				expect(e.query.to).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
				expect(e.status).toBe(200);
			}
			await mock.close();
		}
	});

	it('late postbacks inside the lateness window are emitted; later ones are the documented limit', async () => {
		await setup();
		const d = trigger();
		await d.poll();
		advance(30 * MIN);
		await d.poll();
		advance(MIN);
		// Registered now, stamped 8 minutes ago (inside the default 10-minute window).
		const late = mock.state.addConversion({ at: now() - 8 * MIN });
		// Stamped 2 hours ago: older than the window, so it is not seen.
		mock.state.addConversion({ at: now() - 2 * H });
		advance(MIN);
		expect((await d.poll()).items.map((i) => i.clickId)).toEqual([late.clickId]);

		// A longer lateness window catches a 2-hour-late postback.
		const wide = trigger({ options: { overlapMinutes: 180 } });
		await wide.poll();
		advance(MIN);
		const veryLate = mock.state.addConversion({ at: now() - 2 * H });
		advance(MIN);
		expect((await wide.poll()).items.map((i) => i.clickId)).toEqual([veryLate.clickId]);
	});

	it('pages through many conversions in the same second, across polls with an item cap', async () => {
		await setup();
		const d = trigger({ options: { pageSize: 4, maxItemsPerPoll: 7 } });
		await d.poll();
		advance(MIN);
		const burst = mock.state.addConversions(25, { at: now() - 30 * SEC });
		let polls = 0;
		while (d.delivered.length < 25 && polls < 10) {
			const r = await d.poll();
			expect(r.error).toBeUndefined();
			expect(r.items.length).toBeLessThanOrEqual(7);
			polls++;
		}
		expect(polls).toBe(4);
		expect(ids(d.delivered).sort()).toEqual(
			burst.map((c) => `${c.clickId}:${c.transactionId}`).sort(),
		);
		expect((await d.poll()).items).toEqual([]);
	});

	// Node version 1 keeps the Status Map at the top level, version 2 under Options: same result.
	it.each([1, 2] as const)(
		'a conversion-type change (Voluum’s only status) is a new event with the mapped status (saved with node version %i)',
		async (version) => {
			await setup();
			const d = trigger(savedAs(version, { statusMap: 'Lead=pending' }));
			d.typeVersion = version;
			await d.poll();
			advance(MIN);
			const c = mock.state.addConversion({
				at: now() - 10 * SEC,
				conversionType: 'Lead',
				conversionTypeId: 'lead',
			});
			advance(MIN);
			expect((await d.poll()).items.map((i) => [i.rawStatus, i.status])).toEqual([
				['Lead', 'pending'],
			]);
			mock.state.setConversionType(c.transactionId, 'chargeback');
			advance(MIN);
			const flipped = await d.poll();
			expect(flipped.items.map((i) => [i.conversionId, i.rawStatus, i.status])).toEqual([
				[`${c.clickId}:${c.transactionId}`, 'chargeback', 'rejected'],
			]);
			advance(MIN);
			expect((await d.poll()).items).toEqual([]);
		},
	);

	// Node version 1 keeps "Statuses to Emit" under Options, version 2 under Filters: same result.
	it.each([1, 2] as const)(
		'"Statuses to Emit" keeps only the chosen mapped statuses (saved with node version %i)',
		async (version) => {
			await setup();
			const d = trigger(
				savedAs(version, { options: { statuses: ['hold', 'rejected'] } }, [], ['statuses']),
			);
			d.typeVersion = version;
			await d.poll();
			advance(MIN);
			mock.state.addConversion({ at: now() - 3 * SEC, conversionType: 'Sale' });
			const hold = mock.state.addConversion({ at: now() - 2 * SEC, conversionType: 'hold' });
			advance(MIN);
			expect((await d.poll()).items.map((i) => i.clickId)).toEqual([hold.clickId]);
			advance(MIN);
			mock.state.addConversion({ at: now() - 2 * SEC, conversionType: 'Sale' });
			advance(MIN);
			expect(await d.poll()).toEqual({ items: [] });
		},
	);

	it('a failed poll keeps the state; the next one delivers everything once', async () => {
		await setup();
		const d = trigger();
		await d.poll();
		advance(MIN);
		const a = mock.state.addConversion({ at: now() - 10 * SEC });
		advance(MIN);
		mock.faults.add({ path: '/report/conversions', status: 500, times: 1 });
		const failed = await d.poll();
		expect(failed.error?.message).toMatch(/Voluum/);
		expect(failed.error?.httpCode).toBe('500');
		const b = mock.state.addConversion({ at: now() - 5 * SEC });
		advance(MIN);
		// Truncated JSON and a 503 are retried by the request layer inside one poll.
		mock.faults.add({ path: '/report/conversions', truncate: { mode: 'end' }, times: 1 });
		mock.faults.add({ path: '/report/conversions', status: 503, times: 1 });
		const ok = await d.poll();
		expect(ok.error).toBeUndefined();
		expect(ok.items.map((i) => i.clickId)).toEqual([a.clickId, b.clickId]);
		expect(duplicates(ids(d.delivered))).toEqual([]);
	});

	it('keeps working through session expiry: n8n refreshes the token on 401', async () => {
		await setup();
		const d = trigger();
		await d.poll();
		expect(mock.logins).toBe(1);
		// The mock's sessions last 4 hours on its clock: five hours later the token is dead.
		advance(5 * H);
		const c = mock.state.addConversion({ at: now() - 30 * SEC });
		advance(MIN);
		const r = await d.poll({}); // the window is 5 h long: several requests, one refresh
		expect(r.error).toBeUndefined();
		expect(r.items.map((i) => i.clickId)).toEqual([c.clickId]);
		expect(mock.logins).toBe(2);
		expect(mock.requests.entries.some((e) => e.status === 401)).toBe(true);

		// Expiry in the middle of paging is survived the same way.
		advance(MIN);
		const burst = mock.state.addConversions(9, { at: now() - 20 * SEC });
		const paged = trigger({ options: { pageSize: 3 } });
		paged.stored = d.stored;
		mock.faults.add({
			path: '/report/conversions',
			expireTokens: true,
			times: 1,
			match: (req) => /offset=[1-9]/.test(req.url ?? ''),
		});
		advance(MIN);
		const after = await paged.poll();
		expect(after.error).toBeUndefined();
		expect(after.items.map((i) => i.clickId).sort()).toEqual(burst.map((b) => b.clickId).sort());
		expect(mock.logins).toBe(3);
	});

	it('survives a restart at any point (static data through JSON) and a lost state', async () => {
		await setup();
		const d = trigger();
		await d.poll();
		advance(MIN);
		mock.state.addConversions(3, { at: now() - 10 * SEC });
		advance(MIN);
		await d.poll();
		// "Restart": a new node instance with the stored JSON.
		const restarted = trigger();
		restarted.stored = d.stored;
		advance(MIN);
		expect((await restarted.poll()).items).toEqual([]);
		// Lost static data: a fresh baseline, no flood of old conversions.
		const lost = trigger();
		advance(MIN);
		expect((await lost.poll()).items).toEqual([]);
		// Corrupted state: also a baseline.
		const corrupted = trigger();
		corrupted.stored = JSON.stringify({ pollState: { v: 1, fp: 'x', from: 'garbage' } });
		expect((await corrupted.poll()).items).toEqual([]);
	});

	it('manual mode returns the latest conversions and leaves the state untouched', async () => {
		await setup();
		const d = trigger({ options: { sampleSize: 3 } });
		const sample = await d.poll({ mode: 'manual' }); // before any real poll
		expect(sample.error).toBeUndefined();
		expect(sample.items).toHaveLength(3);
		const times = sample.items.map((i) => String(i.postbackTime));
		expect(times).toEqual([...times].sort());
		const newest = [...mock.conversions]
			.sort((a, b) => a.postbackTimestamp.localeCompare(b.postbackTimestamp))
			.pop()!;
		expect(sample.items[2].clickId).toBe(newest.clickId);
		expect(d.stored).toBe('{}');
		await d.poll();
		const stored = d.stored;
		await d.poll({ mode: 'manual' });
		expect(d.stored).toBe(stored);

		const empty = await setupEmpty();
		const r = await empty.poll({ mode: 'manual' });
		expect(r.error?.message).toBe('No recent events found in the tracker');
	});

	async function setupEmpty() {
		await mock.close();
		await setup({ seedData: false });
		return trigger();
	}

	it('backfills the last day in chunks, exactly once', async () => {
		await setup();
		mock.state.seedConversions(30, { from: now() - 20 * H, to: now() - 2 * H });
		const dayAgo = now() - 24 * H;
		const expected = mock.conversions
			.filter((c) => Date.parse(c.postbackTimestamp) >= dayAgo)
			.map((c) => `${c.clickId}:${c.transactionId}`);
		expect(expected.length).toBeGreaterThan(10);
		const d = trigger({
			firstRun: 'backfillDays',
			backfillDays: 1,
			options: { maxItemsPerPoll: 10 },
		});
		await d.drain(() => advance(MIN));
		expect(ids(d.delivered).sort()).toEqual(expected.sort());
		const times = d.delivered.map((i) => String(i.postbackTime));
		expect(times).toEqual([...times].sort());

		const start = now() - 6 * H;
		const fromDate = trigger({ firstRun: 'fromDate', fromDate: new Date(start).toISOString() });
		await fromDate.drain(() => advance(MIN));
		// Voluum renders whole seconds.
		const since = mock.conversions
			.filter((c) => Math.floor(Date.parse(c.postbackTimestamp) / 1000) * 1000 >= start)
			.map((c) => `${c.clickId}:${c.transactionId}`);
		expect(ids(fromDate.delivered).sort()).toEqual(since.sort());
		expect(duplicates(ids(fromDate.delivered))).toEqual([]);
	});

	it('completes pages when Voluum caps the limit below the page size', async () => {
		await setup({ maxLimit: 3 });
		const d = trigger({ options: { pageSize: 10 } });
		await d.poll();
		advance(MIN);
		const burst = mock.state.addConversions(17, { at: now() - 10 * SEC });
		advance(MIN);
		const r = await d.poll();
		expect(r.items.map((i) => i.clickId).sort()).toEqual(burst.map((b) => b.clickId).sort());
		expect(conversionRequests().every((e) => Number(e.query.limit) <= 10)).toBe(true);
	});

	it('stays under 15 requests per second (no 429 from the mock’s limiter)', async () => {
		// The mock's 15 req/s limit and the trigger's pacer both on the mock clock: the pacer's
		// waits move the clock on, so the check is exact and fast.
		await setup({ rateLimit: { clock: 'mock' } });
		const realPacer = { sleep: voluumRuntime.sleep, wallNow: voluumRuntime.wallNow };
		voluumRuntime.wallNow = mock.state.clock.now;
		voluumRuntime.sleep = async (ms) => mock.state.clock.advance(ms);
		try {
			const d = trigger({
				firstRun: 'backfillDays',
				backfillDays: 3,
				options: { pageSize: 2, maxItemsPerPoll: 100000 },
			});
			const started = now();
			const r = await d.poll();
			expect(r.error).toBeUndefined();
			expect(conversionRequests().length).toBeGreaterThan(20);
			expect(mock.requests.entries.filter((e) => e.status === 429)).toEqual([]);
			expect(now() - started).toBeGreaterThanOrEqual(1000); // 20+ requests at 15 a second
		} finally {
			Object.assign(voluumRuntime, realPacer);
		}
	});

	it('rejects an unusable conversion type map before any request', async () => {
		await setup();
		const d = trigger({ statusMap: 'Lead=confirmed' });
		const r = await d.poll();
		expect(r.error?.message).toMatch(
			/Status Map: Line 1: "confirmed" is not a canonical status; did you mean "approved"/,
		);
		expect(mock.requests.entries).toEqual([]);
	});

	// Node version 1 keeps the search filter under Options, version 2 under Filters: same result.
	it.each([1, 2] as const)(
		'changing the search filter starts over; the filter is sent to Voluum (saved with node version %i)',
		async (version) => {
			await setup();
			const d = trigger();
			d.typeVersion = version;
			await d.poll();
			const campaign = mock.state.campaigns[0];
			d.parameters = savedAs(
				version,
				{ ...d.parameters, options: { filter: campaign.name } },
				[],
				['filter'],
			);
			advance(MIN);
			mock.state.addConversion({ at: now() - 30 * SEC, campaignId: mock.state.campaigns[1].id });
			mock.state.addConversion({ at: now() - 20 * SEC, campaignId: campaign.id });
			advance(MIN);
			expect((await d.poll()).items).toEqual([]); // the filter changed: a new baseline
			expect(conversionRequests().pop()!.query.filter).toBe(campaign.name);
			advance(MIN);
			const next = mock.state.addConversion({ at: now() - 20 * SEC, campaignId: campaign.id });
			mock.state.addConversion({ at: now() - 20 * SEC, campaignId: mock.state.campaigns[1].id });
			advance(MIN);
			expect((await d.poll()).items.map((i) => i.clickId)).toEqual([next.clickId]);
		},
	);

	it('keeps its state bounded: only keys inside the lateness window are remembered', async () => {
		await setup();
		const d = trigger();
		await d.poll();
		for (let i = 0; i < 30; i++) {
			advance(MIN);
			mock.state.addConversions(20, { at: now() - 10 * SEC });
			await d.poll();
		}
		const seen = (d.staticData.pollState as { seen: { h: string } }).seen.h.length / 9;
		expect(d.delivered).toHaveLength(600);
		// 10 minutes of lateness at 20 conversions a minute: about 200 keys, not 600.
		expect(seen).toBeLessThanOrEqual(220);
		expect(d.stored.length).toBeLessThan(4000);
	});
});

describe('Voluum Trigger: New or Updated Campaign', () => {
	const campaigns = (params: INodeParameters = {}) =>
		new TriggerDriver(harness, new VoluumTrigger(), { event: 'campaignChanged', ...params });

	it('emits created, updated and archived campaigns once each', async () => {
		await setup();
		const d = campaigns();
		expect(await d.poll()).toEqual({ items: [] });
		advance(MIN);
		const created = mock.state.addCampaign({ name: 'Brand new' });
		advance(MIN);
		let r = await d.poll();
		expect(r.items.map((i) => [i.event, i.campaignId, i.campaignName, i.state])).toEqual([
			['campaign.created', created.id, 'Brand new', 'active'],
		]);
		advance(MIN);
		mock.state.updateCampaign(mock.state.campaigns[0].id, { name: 'Renamed' });
		advance(MIN);
		r = await d.poll();
		expect(r.items.map((i) => [i.event, i.campaignName])).toEqual([
			['campaign.updated', 'Renamed'],
		]);
		advance(MIN);
		mock.state.updateCampaign(created.id, { deleted: true });
		advance(MIN);
		r = await d.poll();
		expect(r.items.map((i) => [i.event, i.state])).toEqual([['campaign.deleted', 'archived']]);
		advance(MIN);
		expect((await d.poll()).items).toEqual([]);
		expect(
			mock.requests.entries
				.filter((e) => e.path === '/campaign')
				.every((e) => e.query.includeDeleted === 'true'),
		).toBe(true);
	});

	// Node version 1 keeps "Changes to Emit" under Options, version 2 under Filters: same result.
	it.each([1, 2] as const)(
		'"Changes to Emit" filters, manual mode samples the latest changes (saved with node version %i)',
		async (version) => {
			await setup();
			const d = campaigns(
				savedAs(
					version,
					{ options: { campaignEvents: ['campaign.deleted'] } },
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
			mock.state.updateCampaign(c.id, { deleted: true });
			advance(MIN);
			expect((await d.poll()).items.map((i) => i.campaignId)).toEqual([c.id]);
			const sample = await campaigns({ options: { sampleSize: 2 } }).poll({ mode: 'manual' });
			expect(sample.items.map((i) => i.campaignId)).toEqual([expect.any(String), c.id]);
		},
	);

	it('backfill emits campaigns changed in the last days; a failed list read keeps the state', async () => {
		await setup();
		const d = campaigns({ firstRun: 'backfillDays', backfillDays: 30 });
		const since = now() - 30 * 24 * H;
		const expected = mock.state.campaigns
			.filter((c) => Date.parse(c.updatedTime) >= since)
			.map((c) => c.id);
		mock.faults.add({ path: '/campaign', status: 500, times: 1 });
		expect((await d.poll()).error?.httpCode).toBe('500');
		expect(d.stored).toBe('{}');
		const r = await d.poll();
		expect(r.items.map((i) => i.campaignId).sort()).toEqual(expected.sort());
	});
});

/**
 * Binom Trigger scenarios against the Binom 2 mock over real HTTP: first-run modes, late rows,
 * same-second bursts larger than a page, status flips and upsells, faults, restarts (static data
 * JSON round-tripped every poll), manual mode, bounded state, the status map and the filters.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { BinomApi } from '../../credentials/BinomApi.credentials';
import { BinomTrigger } from '../../nodes/Binom/BinomTrigger.node';
import { pollBinom, WATCH_KEY } from '../../nodes/Binom/trigger/poll';
import { splitVersion } from '../../nodes/Binom/trigger/watch';
import { readWatchState } from '../../nodes/shared/polling/statusWatch';
import { startBinomMock, type BinomMock } from '../mock-servers/binom/server';
import { savedAs } from '../helpers/layout';
import { TriggerDriver, duplicates } from '../unit/binom/driver';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;

describe('Binom Trigger (mock)', () => {
	let mock: BinomMock;
	beforeEach(async () => {
		mock = await startBinomMock({ seedData: false, now: T0 });
		mock.state.trafficSources.push({ id: 1, name: 'PropellerAds' });
		mock.state.offers.push({
			id: 1,
			name: 'Nutra RU',
			affiliateNetworkId: 1,
			payout: 14,
			country: 'RU',
		});
		mock.state.affiliateNetworks.push({ id: 1, name: 'AdCombo' });
		mock.state.addCampaign({ name: 'Camp A', offerIds: [1] });
	});
	afterEach(async () => await mock.close());

	const clock = () => mock.state.clock.now();
	const advance = (ms: number) => mock.state.clock.advance(ms);

	function driver(parameters: INodeParameters): TriggerDriver {
		return new TriggerDriver(new BinomTrigger(), parameters, pollBinom, clock, {
			type: new BinomApi(),
			data: { url: mock.url, apiKey: mock.apiKey },
		});
	}

	describe('New Conversion', () => {
		it('starts from now, then emits new and late conversions once, in conversion-time order', async () => {
			mock.state.addConversion({ at: T0 - 5 * MIN, status: 'lead', payout: 10 });
			const d = driver({ event: 'newConversion' });
			expect((await d.poll()).items).toEqual([]);
			advance(MIN);
			const a = mock.state.addConversion({ status: 'approve', payout: 20 });
			const late = mock.state.addConversion({ at: clock() - 8 * MIN, status: '', payout: 5 });
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => i.conversionId)).toEqual([late.id, a.id]);
			expect(items[1]).toMatchObject({
				tracker: 'binom',
				event: 'conversion.created',
				status: 'approved',
				rawStatus: 'approve',
				revenue: 20,
				campaignName: 'Camp A',
				offerName: 'Nutra RU',
				trafficSourceName: 'PropellerAds',
				postbackTime: new Date(a.conversedAt).toISOString(),
			});
			expect(items[0]).toMatchObject({ status: 'approved', rawStatus: '' });
			advance(MIN);
			mock.state.setConversionStatus(a.id, 'reject');
			expect((await d.poll()).items).toEqual([]);
			const req = mock.requests.entries.filter((e) => e.path.endsWith('/conversions')).pop();
			expect(req?.query).toMatchObject({
				datePreset: 'custom_time',
				timezone: 'UTC',
				sortType: 'asc',
				sortColumn: 'conversed_at',
			});
			expect(String(req?.query.dateFrom)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		});

		it('backfills in chunks (max items per poll, small pages) without loss or repeats', async () => {
			mock.state.seedConversions(23, { from: T0 - 20 * HOUR, to: T0 - HOUR, status: 'lead' });
			const d = driver({
				event: 'newConversion',
				firstRun: 'backfillDays',
				backfillDays: 1,
				options: { pageSize: 4, maxItemsPerPoll: 5 },
			});
			const sizes: number[] = [];
			for (let i = 0; i < 10; i++) {
				const { items, error } = await d.poll();
				expect(error).toBeUndefined();
				sizes.push(items.length);
				advance(MIN);
			}
			expect(sizes.slice(0, 5)).toEqual([5, 5, 5, 5, 3]);
			const ids = d.delivered.map((i) => String(i.conversionId));
			expect(duplicates(ids)).toEqual([]);
			expect(new Set(ids)).toEqual(new Set(mock.state.conversions.map((c) => c.id)));
			const times = d.delivered.map((i) => String(i.postbackTime));
			expect([...times].sort()).toEqual(times);
		});

		it('pages through more same-second conversions than a page holds', async () => {
			const d = driver({ event: 'newConversion', options: { pageSize: 3 } });
			await d.poll();
			advance(MIN);
			const burst = mock.state.addConversions(11, { at: clock() - 30_000, status: 'lead' });
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => i.conversionId).sort()).toEqual(burst.map((c) => c.id).sort());
			advance(MIN);
			expect((await d.poll()).items).toEqual([]);
		});

		it('a failing poll keeps the state; the next poll catches up', async () => {
			const d = driver({ event: 'newConversion', options: { pageSize: 2 } });
			await d.poll();
			advance(MIN);
			const a = mock.state.addConversions(5, { status: 'lead' });
			advance(MIN);
			const before = d.stored;
			for (const fault of [
				{ status: 500, body: { error: 'boom' } },
				{ reset: true },
				{ truncate: { mode: 'end' as const } },
				{ status: 502, body: '<html>bad gateway</html>' },
			]) {
				// the fault hits the second page: the first page was read, yet nothing is kept
				mock.faults.add({
					path: '/public/api/v1/conversions',
					times: 1,
					match: (req) => !/[?&]offset=0(&|$)/.test(req.url ?? ''),
					...fault,
				});
				const { error, items } = await d.poll();
				expect(items).toEqual([]);
				expect(error).toBeDefined();
				expect(d.stored).toBe(before);
			}
			const { items } = await d.poll();
			// (the order of conversions within one second is not defined)
			expect(items.map((i) => i.conversionId).sort()).toEqual(a.map((c) => c.id).sort());
		});

		it('a fault in the middle of a paged poll loses nothing and repeats nothing', async () => {
			const d = driver({ event: 'newConversion', options: { pageSize: 2 } });
			await d.poll();
			advance(MIN);
			const a = mock.state.addConversions(7, { status: 'lead' });
			advance(MIN);
			let k = 0;
			mock.faults.add({
				path: '/public/api/v1/conversions',
				status: 503,
				times: 1,
				match: () => ++k === 3,
			});
			const first = await d.poll();
			expect(first.error?.httpCode).toBe('503');
			const second = await d.poll();
			expect(second.items.map((i) => i.conversionId).sort()).toEqual(a.map((c) => c.id).sort());
		});

		it('restarts and lost saves re-read the window without repeating anything', async () => {
			const d = driver({ event: 'newConversion' });
			await d.poll();
			const expected: string[] = [];
			for (let i = 0; i < 12; i++) {
				advance(45_000);
				if (i % 3 === 0) expected.push(mock.state.addConversion({ status: 'lead' }).id);
				if (i % 4 === 1) expected.push(mock.state.addConversion({ at: clock() - 4 * MIN }).id);
				await d.poll();
				if (i % 5 === 4) d.crash();
			}
			advance(MIN);
			await d.poll();
			const ids = d.delivered.map((x) => String(x.conversionId));
			expect(duplicates(ids)).toEqual([]);
			expect(new Set(ids)).toEqual(new Set(expected));
		});

		it('manual mode returns the newest conversions and leaves the state alone', async () => {
			mock.state.seedConversions(9, { from: T0 - 3 * HOUR, to: T0 - MIN, status: 'approve' });
			const d = driver({ event: 'newConversion', options: { sampleSize: 3 } });
			await d.poll();
			const stored = d.stored;
			const { items } = await d.poll('manual');
			expect(items).toHaveLength(3);
			const newest = [...mock.state.conversions].sort((a, b) => a.conversedAt - b.conversedAt);
			expect(items.map((i) => i.conversionId)).toEqual(newest.slice(-3).map((c) => c.id));
			expect(d.stored).toBe(stored);
			const req = mock.requests.entries.filter((e) => e.path.endsWith('/conversions')).pop();
			expect(req?.query).toMatchObject({ sortType: 'desc', limit: '3' });
		});

		it('manual mode with nothing recent explains what to do', async () => {
			const d = driver({ event: 'newConversion' });
			const { error } = await d.poll('manual');
			expect(error?.message).toBe('No recent events found in the tracker');
		});

		it('an invalid key is a NodeApiError with HTTP 401 (n8n backs off)', async () => {
			const d = new TriggerDriver(
				new BinomTrigger(),
				{ event: 'newConversion' },
				pollBinom,
				clock,
				{
					type: new BinomApi(),
					data: { url: mock.url, apiKey: 'wrong-key-000000' },
				},
			);
			const { error } = await d.poll();
			expect(error?.message).toBe('Binom rejected the API key (HTTP 401)');
			expect(error?.httpCode).toBe('401');
			expect(d.stored).toBe('{}');
		});

		// Node version 1 keeps the Status Map at the top level and the status filter under Options,
		// version 2 the Status Map under Options and the status filter under Filters: same result.
		it.each([1, 2] as const)(
			'applies the status map (defaults, user lines, keywords, fallback) and the status filter (saved with node version %i)',
			async (version) => {
				const d = driver(
					savedAs(
						version,
						{
							event: 'newConversion',
							statusMap: 'deposit=approved\nWAIT=hold',
							options: { onlyStatuses: ['approved', 'hold', 'rejected'] },
						},
						['statusMap'],
						['onlyStatuses'],
					),
				);
				d.typeVersion = version;
				await d.poll();
				advance(MIN);
				for (const status of ['deposit', 'wait', 'lead', 'chargeback_2', 'mystery', 'Approved', ''])
					mock.state.addConversion({ status });
				advance(MIN);
				const { items } = await d.poll();
				expect(items.map((i) => [i.rawStatus, i.status]).sort()).toEqual(
					[
						['deposit', 'approved'],
						['wait', 'hold'],
						['chargeback_2', 'rejected'],
						['Approved', 'approved'],
						['', 'approved'],
					].sort(),
				);
			},
		);

		it('rejects an invalid status map with the line that is wrong', async () => {
			const d = driver({ event: 'newConversion', statusMap: 'deposit=aproved' });
			const { error } = await d.poll();
			expect(error?.message).toBe(
				'Status Map: Line 1: "aproved" is not a canonical status (allowed: approved, pending, hold, rejected)',
			);
		});

		it('can filter on click time when Binom does (lateness window ≥ click-to-conversion delay)', async () => {
			await mock.close();
			mock = await startBinomMock({ seedData: false, now: T0, conversionDateField: 'clicked_at' });
			mock.state.addCampaign({ name: 'Camp B' });
			const d = driver({
				event: 'newConversion',
				options: { dateField: 'clicked_at', overlapMinutes: 24 * 60 },
			});
			await d.poll();
			advance(MIN);
			const c = mock.state.addConversion({ clickAt: clock() - 5 * HOUR, status: 'lead' });
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => i.conversionId)).toEqual([c.id]);
			const req = mock.requests.entries.filter((e) => e.path.endsWith('/conversions')).pop();
			expect(req?.query.sortColumn).toBe('clicked_at');
		});
	});

	describe('Conversion Status or Payout Changed', () => {
		const params = (extra: IDataObject = {}): INodeParameters => ({
			event: 'conversionChanged',
			watchDays: 3,
			...extra,
		});

		it('reports status changes and upsells with what they changed from', async () => {
			const old = mock.state.addConversion({ at: T0 - 20 * HOUR, status: 'lead', payout: 10 });
			const d = driver(params());
			expect((await d.poll()).items).toEqual([]);
			advance(MIN);
			const fresh = mock.state.addConversion({ status: 'lead', payout: 3 });
			mock.state.setConversionStatus(old.id, 'approve');
			advance(MIN);
			let { items } = await d.poll();
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				event: 'conversion.statusChanged',
				conversionId: old.id,
				status: 'approved',
				rawStatus: 'approve',
				previousStatus: 'pending',
				previousRawStatus: 'lead',
				revenue: 10,
				previousRevenue: 10,
			});
			advance(MIN);
			mock.state.upsell(old.id, 5);
			mock.state.setConversionStatus(fresh.id, 'reject');
			advance(MIN);
			({ items } = await d.poll());
			expect(items.map((i) => [i.conversionId, i.event, i.previousRevenue, i.revenue])).toEqual([
				[old.id, 'conversion.payoutChanged', 10, 15],
				[fresh.id, 'conversion.statusChanged', 3, 3],
			]);
			advance(MIN);
			expect((await d.poll()).items).toEqual([]);
			expect(d.state[WATCH_KEY]).toMatchObject({ v: 2 });
			const saved = readWatchState(d.state[WATCH_KEY]);
			expect(splitVersion(saved?.get(fresh.id)?.status ?? '')).toEqual({
				status: 'reject',
				payout: 3,
			});
			expect(splitVersion(saved?.get(old.id)?.status ?? '')).toEqual({
				status: 'approve',
				payout: 15,
			});
			expect(JSON.stringify(d.state)).not.toContain(mock.apiKey);
		});

		it('can include new conversions (every version of every conversion once)', async () => {
			const d = driver(params({ includeNew: true }));
			await d.poll();
			advance(MIN);
			const c = mock.state.addConversion({ status: 'lead', payout: 10 });
			advance(MIN);
			expect((await d.poll()).items.map((i) => i.event)).toEqual(['conversion.created']);
			mock.state.setConversionStatus(c.id, 'hold');
			mock.state.setConversionStatus(c.id, 'approve');
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => [i.event, i.previousRawStatus, i.rawStatus])).toEqual([
				['conversion.statusChanged', 'lead', 'approve'],
			]);
		});

		it('moves with Binom when an update also moves conversed_at', async () => {
			mock.state.touchConversedAt = true;
			const c = mock.state.addConversion({ at: T0 - 30 * MIN, status: 'lead', payout: 10 });
			const d = driver(params({ includeNew: true }));
			await d.poll();
			advance(MIN);
			mock.state.setConversionStatus(c.id, 'approve');
			advance(MIN);
			expect((await d.poll()).items.map((i) => [i.event, i.previousRawStatus])).toEqual([
				['conversion.statusChanged', 'lead'],
			]);
		});

		it('remembers only conversions inside the watch window (bounded state)', async () => {
			const d = driver(params({ watchDays: 3, includeNew: true, options: { pageSize: 50 } }));
			await d.poll();
			for (let h = 0; h < 100; h++) {
				mock.state.addConversions(2, { status: 'lead' });
				advance(HOUR);
				await d.poll();
			}
			const watch = readWatchState(d.state[WATCH_KEY]);
			const today = Math.floor(clock() / 86_400_000);
			expect(watch?.days).toEqual([today - 2, today - 1, today]);
			// Exactly the conversions of the window's days are remembered, the older ones dropped.
			const dayOf = (c: { conversedAt: number }) => Math.floor(c.conversedAt / 86_400_000);
			const inside = mock.state.conversions.filter((c) => dayOf(c) >= today - 2);
			const outside = mock.state.conversions.filter((c) => dayOf(c) < today - 2);
			expect(outside.length).toBeGreaterThan(0);
			expect(watch?.size).toBe(inside.length);
			for (const c of inside)
				expect(splitVersion(watch?.get(c.id)?.status ?? '').status).toBe('lead');
			for (const c of outside) expect(watch?.get(c.id)).toBeUndefined();
			expect(d.delivered).toHaveLength(200);
		});

		it('a manual poll shows the latest conversions without touching the memory', async () => {
			mock.state.addConversion({ at: T0 - 2 * MIN, status: 'lead' });
			const d = driver(params());
			await d.poll();
			const { items } = await d.poll('manual');
			expect(items).toHaveLength(1);
			expect(items[0].event).toBe('conversion.statusChanged');
		});
	});

	describe('New Click', () => {
		it('emits each click once with the click-log fields', async () => {
			const d = driver({ event: 'newClick', options: { pageSize: 3 } });
			await d.poll();
			advance(MIN);
			const clicks = [
				mock.state.addClick({ country: 'DE', cost: 0.01 }),
				mock.state.addClick({ at: clock() - 3 * MIN }),
				...Array.from({ length: 5 }, () => mock.state.addClick({ at: clock() - MIN })),
			];
			advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => i.clickId).sort()).toEqual(clicks.map((c) => c.id).sort());
			const first = items.find((i) => i.clickId === clicks[0].id);
			expect(first).toMatchObject({
				tracker: 'binom',
				event: 'click.created',
				campaignName: 'Camp A',
				country: 'DE',
				cost: 0.01,
				clickTime: new Date(clicks[0].t).toISOString(),
			});
			advance(MIN);
			expect((await d.poll()).items).toEqual([]);
			const req = mock.requests.entries.filter((e) => e.path.endsWith('/clicklog')).pop();
			expect(req?.query).toMatchObject({
				sortColumn: 'click_time',
				sortType: 'asc',
				timezone: 'UTC',
			});
		});
	});

	describe('Metric Threshold', () => {
		const losing = { condition: [{ measure: 'roi', operator: 'lt', value: -30 }] };
		const params = (extra: IDataObject = {}): INodeParameters => ({
			event: 'metricThreshold',
			reportEntity: 'campaign',
			groupings: ['campaign'],
			conditions: losing,
			period: 'today',
			thresholdOptions: { timezone: 'Europe/Moscow', emitRecovered: true },
			...extra,
		});

		it('fires once per row per period, re-arms on recovery, starts over on a new day', async () => {
			const b = mock.state.addCampaign({ name: 'Camp B', offerIds: [1] });
			const camps = mock.state.campaigns;
			const d = driver(params());
			expect((await d.poll()).items).toEqual([]);
			mock.state.addClick({ campaignId: camps[0].id, cost: 5 });
			mock.state.addClick({ campaignId: b.id, cost: 5 });
			mock.state.addConversion({ campaignId: b.id, payout: 20, clickAt: clock() - MIN });
			advance(MIN);
			let { items } = await d.poll();
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				tracker: 'binom',
				event: 'threshold.crossed',
				report: 'campaign',
				rowKey: `campaign=${camps[0].id}`,
				campaignId: String(camps[0].id),
				campaignName: 'Camp A',
				conditions: 'roi < -30',
				conditionMet: true,
				cost: 5,
				roi: -100,
				timezone: 'Europe/Moscow',
				period: 'today:2025-06-16',
				periodStart: '2025-06-15T21:00:00.000Z',
			});
			advance(MIN);
			expect((await d.poll()).items).toEqual([]);
			// a conversion recovers the row, a bigger cost makes it cross again
			const click = mock.state.addClick({ campaignId: camps[0].id, cost: 0.01 });
			mock.state.addConversion({ clickId: click.id, payout: 50 });
			advance(MIN);
			({ items } = await d.poll());
			expect(items.map((i) => [i.event, i.rowKey])).toEqual([
				['threshold.recovered', `campaign=${camps[0].id}`],
			]);
			mock.state.addClick({ campaignId: camps[0].id, cost: 200 });
			advance(MIN);
			({ items } = await d.poll());
			expect(items.map((i) => i.event)).toEqual(['threshold.crossed']);
			// the next Moscow day: a new period, nothing carried over
			mock.state.clock.set(Date.UTC(2025, 5, 16, 21, 30));
			mock.state.addClick({ campaignId: camps[0].id, cost: 3 });
			({ items } = await d.poll());
			expect(items.map((i) => [i.period, i.rowKey])).toEqual([
				['today:2025-06-17', `campaign=${camps[0].id}`],
			]);
			const req = mock.requests.entries.filter((e) => e.path.includes('/report/')).pop();
			expect(req?.path).toBe('/public/api/v1/report/campaign');
			expect(req?.query).toMatchObject({
				datePreset: 'custom_time',
				dateFrom: '2025-06-17 00:00:00',
				dateTo: '2025-06-17 00:30:00',
				timezone: 'Europe/Moscow',
				'groupings[]': 'campaign',
			});
		});

		// Node version 1 keeps "Only IDs" under Threshold Options, version 2 under Filters: same result.
		it.each([1, 2] as const)(
			'checks the deepest level of a multi-level grouping, keyed by every level (saved with node version %i)',
			async (version) => {
				mock.state.offers.push({
					id: 2,
					name: 'Crypto DE',
					affiliateNetworkId: 1,
					payout: 250,
					country: 'DE',
				});
				const c = mock.state.campaigns[0];
				const v1 = params({
					groupings: ['campaign', 'offer'],
					conditions: { condition: [{ measure: 'clicks', operator: 'gte', value: 2 }] },
					thresholdOptions: { timezone: 'UTC', ids: String(c.id) },
				});
				const d = driver(
					version === 1
						? v1
						: {
								...v1,
								thresholdOptions: { timezone: 'UTC' },
								filters: { ids: String(c.id) },
							},
				);
				d.typeVersion = version;
				mock.state.addClick({ campaignId: c.id, offerId: 1 });
				mock.state.addClick({ campaignId: c.id, offerId: 1 });
				mock.state.addClick({ campaignId: c.id, offerId: 2 });
				const { items } = await d.poll();
				expect(items).toHaveLength(1);
				expect(items[0]).toMatchObject({
					rowKey: `campaign=${c.id}|offer=1`,
					campaignId: String(c.id),
					offerId: '1',
					offerName: 'Nutra RU',
					clicks: 2,
					dimensions: { campaign: String(c.id), offer: '1', offerName: 'Nutra RU' },
				});
				const req = mock.requests.entries.filter((e) => e.path.includes('/report/')).pop();
				expect(req?.query['groupings[]']).toEqual(['campaign', 'offer']);
				expect(req?.query['ids[]']).toBe(String(c.id));
			},
		);

		it('can stay silent about rows already crossing when it starts; faults keep the state', async () => {
			mock.state.addClick({ cost: 5 });
			const d = driver(params({ thresholdOptions: { timezone: 'UTC', alertExisting: false } }));
			expect((await d.poll()).items).toEqual([]);
			const stored = d.stored;
			mock.faults.add({ path: /\/report\//, status: 500, times: 1 });
			expect((await d.poll()).error?.httpCode).toBe('500');
			expect(d.stored).toBe(stored);
			const b = mock.state.addCampaign({ name: 'Camp C' });
			mock.state.addClick({ campaignId: b.id, cost: 1 });
			const { items } = await d.poll();
			expect(items.map((i) => i.campaignName)).toEqual(['Camp C']);
		});

		it('manual mode shows matching rows (or a sample) without touching the state', async () => {
			mock.state.addClick({ cost: 5 });
			const d = driver(params({ thresholdOptions: { timezone: 'UTC' } }));
			const { items } = await d.poll('manual');
			expect(items.map((i) => i.event)).toEqual(['threshold.crossed']);
			expect(d.stored).toBe('{}');
			const d2 = driver(
				params({ conditions: { condition: [{ measure: 'clicks', operator: 'gt', value: 100 }] } }),
			);
			expect((await d2.poll('manual')).items.map((i) => i.event)).toEqual(['threshold.sample']);
		});

		it('explains a bad setup', async () => {
			const d = driver(params({ groupings: [], conditions: {} }));
			const { error } = await d.poll();
			expect(error?.message).toMatch(
				/^The threshold is not set up correctly: Add at least one condition/,
			);
		});
	});
});

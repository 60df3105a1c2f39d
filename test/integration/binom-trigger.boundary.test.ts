/**
 * Binom Trigger at the boundary: an unexpected answer stops the poll with a sentence naming the
 * field and Binom (state untouched); the query dialect is detected on a 400 and remembered; both
 * readings of `click_time` give the same click times.
 */
import type { INodeParameters } from 'n8n-workflow';

import { BinomApi } from '../../credentials/BinomApi.credentials';
import { BinomTrigger } from '../../nodes/Binom/BinomTrigger.node';
import { DIALECT_KEY, pollBinom } from '../../nodes/Binom/trigger/poll';
import { checkClicks, checkConversions } from '../../nodes/Binom/trigger/schema';
import { presetCovering } from '../../nodes/Binom/trigger/sources';
import { startBinomMock, type BinomMock } from '../mock-servers/binom/server';
import { TriggerDriver } from '../unit/binom/driver';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;

describe('Binom answers are checked at the boundary', () => {
	const row = { id: 'abc123', conversed_at: '2025-06-16 12:00:05', status: 'lead', payout: '14.5' };
	it.each([
		[{ rows: [{ ...row, conversed_at: undefined }] }, /"conversed_at".*missing/],
		[{ rows: [{ ...row, conversed_at: '16.06.2025 12:00' }] }, /"conversed_at"/],
		[{ rows: [{ ...row, id: 'a b' }] }, /"id"/],
		[{ rows: [{ ...row, payout: 'ten' }] }, /"payout"/],
		[{ rows: [{ ...row, status: { x: 1 } }] }, /"status"/],
		[{ data: [] }, /without a "rows" list/],
		[{ rows: ['x'] }, /not an object/],
	])('a bad /conversions answer names the field (%#)', (body, message) => {
		expect(() => checkConversions(body, 'conversed_at')).toThrow(message);
		expect(() => checkConversions(body, 'conversed_at')).toThrow(/Binom/);
	});

	it('reads click_time as a full time or as a time of day next to clicked_date', () => {
		expect(checkClicks({ rows: [{ id: 'k1', click_time: '2025-06-16 12:00:00' }] })).toHaveLength(
			1,
		);
		expect(
			checkClicks({ rows: [{ id: 'k1', click_time: '12:00:00', clicked_date: '2025-06-16' }] }),
		).toHaveLength(1);
		expect(() => checkClicks({ rows: [{ id: 'k1', click_time: '12:00:00' }] })).toThrow(
			/"clicked_date"/,
		);
		expect(() => checkClicks({ rows: [{ id: 'k1', click_time: 1718539200 }] })).toThrow(
			/"click_time"/,
		);
	});

	it('picks the smallest date preset covering a window, with a day to spare', () => {
		expect(presetCovering(T0 - MIN, T0)).toBe('last_2_days');
		expect(presetCovering(T0 - 3 * DAY, T0)).toBe('last_7_days');
		expect(presetCovering(T0 - 29 * DAY, T0)).toBe('all_time');
	});
});

describe('Binom Trigger against unknown Binom behaviours (mock switches)', () => {
	let mock: BinomMock;
	afterEach(async () => await mock.close());

	function driver(parameters: INodeParameters): TriggerDriver {
		return new TriggerDriver(
			new BinomTrigger(),
			parameters,
			pollBinom,
			() => mock.state.clock.now(),
			{ type: new BinomApi(), data: { url: mock.url, apiKey: mock.apiKey } },
		);
	}

	it('a renamed column stops the poll with the field and Binom named; the state is kept', async () => {
		mock = await startBinomMock({ now: T0, seedData: { clicks: 50, days: 2 } });
		const d = driver({ event: 'conversionChanged' });
		expect((await d.poll()).error).toBeUndefined();
		const before = d.stored;
		mock.faults.add({
			path: '/public/api/v1/conversions',
			status: 200,
			body: {
				rows: [{ id: 'abc', conversion_time: '2025-06-16 11:00:00', status: 'lead', payout: 1 }],
			},
			times: 1,
		});
		mock.state.clock.advance(MIN);
		const { error } = await d.poll();
		expect(error?.message).toMatch(
			/Binom's GET \/conversions returned an unexpected "conversed_at"/,
		);
		expect(error?.description).toMatch(/Tracker: Binom/);
		expect(d.stored).toBe(before);
	});

	it.each(['window', 'preset'] as const)(
		'speaks the dialect Binom speaks (%s), detected on a 400 and remembered',
		async (dialect) => {
			mock = await startBinomMock({ now: T0, seedData: false, conversionsDialect: dialect });
			mock.state.trafficSources.push({ id: 1, name: 'TS' });
			mock.state.offers.push({ id: 1, name: 'O', affiliateNetworkId: 1, payout: 5, country: 'US' });
			mock.state.addCampaign({ name: 'C', offerIds: [1] });
			const d = driver({ event: 'newConversion' });
			expect((await d.poll()).error).toBeUndefined();
			mock.state.clock.advance(MIN);
			const c = mock.state.addConversion({ status: 'lead' });
			mock.state.clock.advance(MIN);
			const { items, error } = await d.poll();
			expect(error).toBeUndefined();
			expect(items.map((i) => i.conversionId)).toEqual([c.id]);
			if (dialect === 'preset') expect(d.state[DIALECT_KEY]).toBe('preset');
			const last = mock.requests.entries.filter((e) => e.path.endsWith('/conversions')).pop();
			expect(last?.query).toMatchObject(
				dialect === 'preset'
					? { direction: 'next', datePreset: 'last_2_days' }
					: { datePreset: 'custom_time' },
			);
		},
	);

	it('an explicit Log Query that Binom refuses fails loudly with the HTTP status', async () => {
		mock = await startBinomMock({ now: T0, seedData: false, conversionsDialect: 'preset' });
		const d = driver({ event: 'newConversion', options: { logQuery: 'window' } });
		const { error } = await d.poll();
		expect(error?.httpCode).toBe('400');
		expect(d.stored).toBe('{}');
	});

	it.each(['datetime', 'time'] as const)(
		'New Click reads click_time given as %s',
		async (clickTimeFormat) => {
			mock = await startBinomMock({ now: T0, seedData: { clicks: 20, days: 1 }, clickTimeFormat });
			const d = driver({ event: 'newClick' });
			await d.poll();
			mock.state.clock.advance(MIN);
			const k = mock.state.addClick({ at: T0 - 30_000 });
			mock.state.clock.advance(MIN);
			const { items } = await d.poll();
			expect(items.map((i) => [i.clickId, i.clickTime])).toEqual([
				[k.id, new Date(T0 - 30_000).toISOString()],
			]);
		},
	);
});

/**
 * Pure parts of Sync Costs: reading spend rows, merging, readback queries and the settle rule.
 */
import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import {
	isSettled,
	judge,
	observe,
	readbackQueries,
} from '../../../nodes/Keitaro/actions/tracking/reconcile';
import type { SpendRow, SyncEntry } from '../../../nodes/Keitaro/actions/tracking/spendRows';
import {
	amountText,
	mergeRows,
	readSpendRow,
} from '../../../nodes/Keitaro/actions/tracking/spendRows';
import { Harness, createContext } from '../../helpers/n8n';

function ctx(parameters: INodeParameters, timezone = 'UTC'): IExecuteFunctions {
	return createContext<IExecuteFunctions>({
		harness: new Harness(),
		parameters: { campaignIds: '7', trackerCurrency: 'USD', ...parameters },
		timezone,
	});
}

const read = (json: IDataObject, parameters: INodeParameters = {}, timezone?: string): SpendRow =>
	readSpendRow(ctx(parameters, timezone), 0, json, false);

describe('readSpendRow', () => {
	it('a day of spend with the defaults (adset_id, spend, date, timezone, currency)', () => {
		const r = read({
			adset_id: 123456789012345,
			spend: '10.50',
			date: '2025-05-01',
			timezone: 'Europe/Madrid',
			currency: 'eur',
		});
		expect(r).toMatchObject({
			adNetworkId: '123456789012345',
			matchKey: 'sub_id_2',
			campaignIds: [7],
			wholeDays: true,
			start_date: '2025-05-01 00:00:00',
			end_date: '2025-05-01 23:59:59',
			timezone: 'Europe/Madrid',
			inputTimezone: 'Europe/Madrid',
			timezoneMismatch: false,
			currency: 'EUR',
			inputCurrency: 'EUR',
			currencyMismatch: true,
			spend: 10.5,
		});
		expect(r.warnings.join()).toMatch(/Keitaro converts it/);
	});

	it('Facebook insights fields: date_start/date_stop, nested ID, account time zone', () => {
		const r = read(
			{
				date_start: '2025-05-01',
				date_stop: '2025-05-03',
				insights: { adset: '42' },
				amount: 3,
				account_timezone: 'America/Los_Angeles',
			},
			{
				idField: 'insights.adset',
				spendField: 'amount',
				dateField: 'date_start',
				endDateField: 'date_stop',
				timezoneField: 'account_timezone',
			},
		);
		expect(r).toMatchObject({
			adNetworkId: '42',
			startDay: '2025-05-01',
			endDay: '2025-05-03',
			start_date: '2025-05-01 00:00:00',
			end_date: '2025-05-03 23:59:59',
			timezone: 'America/Los_Angeles',
			currency: 'USD',
			inputCurrency: null,
			currencyMismatch: false,
		});
	});

	it('an exact period needs an end', () => {
		const r = read(
			{ adset_id: 'a', spend: 1, date: '2025-05-01 10:00:00', end: '2025-05-01 11:00:00' },
			{ endDateField: 'end' },
		);
		expect(r).toMatchObject({
			wholeDays: false,
			start_date: '2025-05-01 10:00:00',
			end_date: '2025-05-01 11:00:00',
		});
		expect(() => read({ adset_id: 'a', spend: 1, date: '2025-05-01 10:00:00' })).toThrow(
			/has a time of day but the item has no end/,
		);
		expect(() =>
			read(
				{ adset_id: 'a', spend: 1, date: '2025-05-03', end: '2025-05-01' },
				{ endDateField: 'end' },
			),
		).toThrow(/end date 2025-05-01 is before the start date 2025-05-03/);
	});

	it('time zone: the parameter wins and a different row time zone is flagged; else row, else workflow', () => {
		const r = read(
			{ adset_id: 'a', spend: 1, date: '2025-05-01', timezone: 'Asia/Tokyo' },
			{ timezone: 'UTC' },
		);
		expect(r).toMatchObject({
			timezone: 'UTC',
			inputTimezone: 'Asia/Tokyo',
			timezoneMismatch: true,
		});
		expect(r.warnings[0]).toMatch(/in Asia\/Tokyo but UTC is sent/);
		expect(read({ adset_id: 'a', spend: 1, date: '2025-05-01' }, {}, 'Europe/Kyiv').timezone).toBe(
			'Europe/Kyiv',
		);
		expect(() =>
			read({ adset_id: 'a', spend: 1, date: '2025-05-01', timezone: 'Mars/Base' }),
		).toThrow(/"Mars\/Base" is not a valid time zone/);
	});

	it('currency: the row, else the Currency parameter, else the tracker currency', () => {
		expect(
			read({ adset_id: 'a', spend: 1, date: '2025-05-01' }, { currency: 'GBP' }),
		).toMatchObject({ currency: 'GBP', currencyMismatch: true });
		expect(read({ adset_id: 'a', spend: 1, date: '2025-05-01' })).toMatchObject({
			currency: 'USD',
			currencyMismatch: false,
		});
		expect(() =>
			read({ adset_id: 'a', spend: 1, date: '2025-05-01' }, { trackerCurrency: '' }),
		).toThrow(/Tracker Currency is empty/);
		expect(() =>
			read({ adset_id: 'a', spend: 1, date: '2025-05-01', currency: 'dollars' }),
		).toThrow(/^Currency "DOLLARS" is not an ISO 4217 currency code/);
	});

	it('warns when an 18-digit ID arrived as a number (precision already lost)', () => {
		const r = read({ adset_id: Number('23851234567890001'), spend: 1, date: '2025-05-01' });
		expect(r.warnings[0]).toMatch(/too large to be exact/);
	});

	it('refuses a missing ID, an ID with a comma and a negative spend', () => {
		expect(() => read({ spend: 1, date: '2025-05-01' })).toThrow(
			'The item has no ad-network ID in "adset_id"',
		);
		expect(() => read({ adset_id: '1,2', spend: 1, date: '2025-05-01' })).toThrow(
			/contains a comma/,
		);
		expect(() => read({ adset_id: 'a', spend: -1, date: '2025-05-01' })).toThrow(
			/not a valid amount/,
		);
	});
});

describe('mergeRows', () => {
	it('sums rows for the same clicks and flags overlapping periods', () => {
		const rows = [
			read({ adset_id: 'a', spend: 0.1, date: '2025-05-01' }),
			read({ adset_id: 'a', spend: 0.2, date: '2025-05-01' }),
			read(
				{ adset_id: 'a', spend: 5, date: '2025-05-01', end: '2025-05-02' },
				{ endDateField: 'end' },
			),
			read({ adset_id: 'b', spend: 1, date: '2025-05-01' }),
		].map((r, k) => ({ ...r, itemIndex: k, warnings: [] as string[] }));
		const entries = mergeRows(rows);
		expect(entries.map((e) => [e.rows.map((r) => r.itemIndex), e.cost.cost])).toEqual([
			[[0, 1], '0.3'],
			[[2], '5'],
			[[3], '1'],
		]);
		expect(rows[0].warnings[0]).toMatch(/overlaps the row of item 2/);
		expect(rows[2].warnings[0]).toMatch(/overlaps the row of item 0/);
		expect(rows[3].warnings).toEqual([]);
		expect(amountText(0.1 + 0.2)).toBe('0.3');
	});
});

describe('readback', () => {
	const entries = (): SyncEntry[] =>
		mergeRows([
			read({ adset_id: 'a', spend: 3, date: '2025-05-01' }),
			read(
				{ adset_id: 'b', spend: 2, date: '2025-05-02', end: '2025-05-03' },
				{ endDateField: 'end' },
			),
			read({ adset_id: 'c', spend: 1, date: '2025-05-01', timezone: 'Asia/Tokyo' }),
			read(
				{ adset_id: 'd', spend: 1, date: '2025-05-01 10:00', end: '2025-05-01 12:00' },
				{ endDateField: 'end' },
			),
		]);

	it('one report per time zone over the whole window, one per exact period', () => {
		const q = readbackQueries(entries());
		expect(q.map((x) => x.body)).toEqual([
			{
				range: { from: '2025-05-01', to: '2025-05-03', timezone: 'UTC' },
				dimensions: ['day', 'sub_id_2'],
				measures: ['clicks', 'cost'],
				filters: [
					{ name: 'campaign_id', operator: 'IN_LIST', expression: [7] },
					{ name: 'sub_id_2', operator: 'IN_LIST', expression: ['a', 'b'] },
				],
			},
			expect.objectContaining({
				range: { from: '2025-05-01', to: '2025-05-01', timezone: 'Asia/Tokyo' },
			}),
			expect.objectContaining({
				range: { from: '2025-05-01 10:00:00', to: '2025-05-01 12:00:00', timezone: 'UTC' },
				dimensions: ['sub_id_2'],
			}),
		]);
	});

	it('sums the days of each entry and judges it', () => {
		const list = entries();
		const [q] = readbackQueries(list);
		const seen = new Map();
		observe(
			q,
			[
				{ day: '2025-05-01', sub_id_2: 'a', clicks: '2', cost: '3.00' },
				{ day: '2025-05-01', sub_id_2: 'b', clicks: 5, cost: '9.00' }, // outside b's period
				{ day: '2025-05-02', sub_id_2: 'b', clicks: 1, cost: '1.50' },
				{ day: '2025-05-03', sub_id_2: 'b', clicks: 1, cost: '0.50' },
			],
			seen,
		);
		expect(seen.get(list[0])).toEqual({ clicks: 2, cost: 3 });
		expect(seen.get(list[1])).toEqual({ clicks: 2, cost: 2 });
		expect(judge(list[0], seen.get(list[0]), 0.01)).toBe('matched');
		expect(judge(list[0], { clicks: 2, cost: 2.5 }, 0.01)).toBe('mismatch');
		expect(judge(list[0], undefined, 0.01)).toBe('no clicks');
	});

	it('settles when every comparable entry matches; converted-only entries need two equal reads', () => {
		const [a] = entries();
		const eur = mergeRows([
			read({ adset_id: 'x', spend: 1, date: '2025-05-01', currency: 'EUR' }),
		])[0];
		expect(isSettled([a], new Map([[a, { clicks: 1, cost: 3 }]]), undefined, 0.01)).toBe(true);
		expect(isSettled([a], new Map([[a, { clicks: 1, cost: 0 }]]), undefined, 0.01)).toBe(false);
		expect(isSettled([a], new Map(), undefined, 0.01)).toBe(true); // no clicks: final
		const now = new Map([[eur, { clicks: 1, cost: 0.9 }]]);
		expect(isSettled([eur], now, undefined, 0.01)).toBe(false);
		expect(isSettled([eur], now, new Map([[eur, { clicks: 1, cost: 0 }]]), 0.01)).toBe(false);
		expect(isSettled([eur], now, new Map([[eur, { clicks: 1, cost: 0.9 }]]), 0.01)).toBe(true);
	});
});

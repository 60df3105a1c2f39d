/**
 * Voluum Trigger adapter, pure parts: hour-rounded windows in a zone, row times in every
 * documented format, the dedupe key, the conversion-type → status map, the canonical mapping,
 * campaign events, the request pacer, and the page stitching across Voluum's own limit cap.
 */
import type { IDataObject } from 'n8n-workflow';

import type { VoluumApiClient } from '../../../nodes/Voluum/trigger/api';
import { VOLUUM_REQUESTS_PER_SECOND } from '../../../nodes/Voluum/trigger/api';
import {
	campaignEventType,
	isArchived,
	voluumCampaign,
} from '../../../nodes/Voluum/trigger/campaigns';
import {
	conversionKey,
	conversionTime,
	voluumConversion,
	voluumConversionSource,
	voluumHour,
	voluumRange,
} from '../../../nodes/Voluum/trigger/conversions';
import { voluumTriggerProperties } from '../../../nodes/Voluum/trigger/description';
import { RequestPacer, voluumRuntime } from '../../../nodes/Voluum/trigger/runtime';
import {
	VOLUUM_DEFAULT_STATUS_MAP,
	voluumStatus,
	voluumStatusMap,
} from '../../../nodes/Voluum/trigger/status';
import { makeNode } from '../../helpers/n8n';

describe('Voluum windows', () => {
	it('rounds to whole hours of the zone and sends them as wall-clock hours with Z', () => {
		const t = Date.UTC(2025, 5, 16, 9, 41, 7, 123);
		expect(voluumHour(t, 'Etc/GMT')).toBe('2025-06-16T09:00:00.000Z');
		expect(voluumHour(t, 'America/New_York')).toBe('2025-06-16T05:00:00.000Z');
		// India is UTC+5:30: the local hour 15:00 starts at 09:30 UTC.
		expect(voluumHour(t, 'Asia/Kolkata')).toBe('2025-06-16T15:00:00.000Z');
	});

	it('covers a closed window with [from, end of the hour holding `to`)', () => {
		const from = Date.UTC(2025, 5, 16, 9, 0);
		expect(voluumRange(from, Date.UTC(2025, 5, 16, 11, 59, 59), 'Etc/GMT')).toEqual({
			from: '2025-06-16T09:00:00.000Z',
			to: '2025-06-16T12:00:00.000Z',
		});
		// A window ending exactly on an hour still includes rows of that instant.
		expect(voluumRange(from, Date.UTC(2025, 5, 16, 12), 'Etc/GMT').to).toBe(
			'2025-06-16T13:00:00.000Z',
		);
	});
});

describe('Voluum rows', () => {
	const instant = Date.UTC(2025, 5, 16, 14, 5, 9);
	it.each([
		['2025-06-16 02:05:09 PM', 'Etc/GMT'],
		['2025-06-16 14:05:09', 'Etc/GMT'],
		['2025-06-16T14:05:09Z', 'Etc/GMT'],
		['2025-06-16T16:05:09+02:00', 'Etc/GMT'],
		['2025-06-16 10:05:09 AM', 'America/New_York'],
		['2025-06-16 12:00:00 AM', 'UTC'],
	])('reads %s (tz %s)', (value, zone) => {
		const expected = value.startsWith('2025-06-16 12:00:00 AM') ? Date.UTC(2025, 5, 16) : instant;
		expect(conversionTime({ postbackTimestamp: value }, zone)).toBe(expected);
	});

	it('marks rows without a usable time (the engine counts and skips them)', () => {
		expect(conversionTime({ postbackTimestamp: 'yesterday' }, 'UTC')).toBeNaN();
		expect(conversionTime({}, 'UTC')).toBeNaN();
	});

	it('keys a conversion by click, transaction, type and postback time', () => {
		const row = {
			clickId: 'C1',
			transactionId: 'T1',
			conversionTypeId: 'sale',
			conversionType: 'Sale',
			postbackTimestamp: '2025-06-16 02:05:09 PM',
		};
		expect(conversionKey(row, 'UTC')).toBe(`C1|T1|sale|${instant}`);
		// The same instant in another rendering is the same event.
		expect(conversionKey({ ...row, postbackTimestamp: '2025-06-16T14:05:09Z' }, 'UTC')).toBe(
			conversionKey(row, 'UTC'),
		);
		// An upsell of the same click and a type change are other events.
		expect(conversionKey({ ...row, transactionId: 'T2' }, 'UTC')).not.toBe(
			conversionKey(row, 'UTC'),
		);
		expect(conversionKey({ ...row, conversionTypeId: 'hold' }, 'UTC')).not.toBe(
			conversionKey(row, 'UTC'),
		);
	});
});

describe('Voluum conversion type → status', () => {
	it('has documented defaults and counts every other type as approved', () => {
		expect(VOLUUM_DEFAULT_STATUS_MAP).toEqual({
			hold: 'hold',
			chargeback: 'rejected',
			refund: 'rejected',
			rejected: 'rejected',
			declined: 'rejected',
		});
		const { map } = voluumStatusMap('');
		expect(voluumStatus('hold', 'hold', map)).toBe('hold');
		expect(voluumStatus('Chargeback', 'cb', map)).toBe('rejected');
		expect(voluumStatus('Lead', 'lead', map)).toBe('approved');
		// No keyword guessing: only the map decides.
		expect(voluumStatus('not approved yet', 'x', map)).toBe('approved');
		expect(voluumStatus('', '', map)).toBe('approved');
	});

	it('lets the user override and extend it, by type name or type id', () => {
		const { map, problems } = voluumStatusMap('Lead=pending\nchargeback=approved\n# note\nt9=hold');
		expect(problems).toEqual([]);
		expect(voluumStatus('Lead', 'lead', map)).toBe('pending');
		expect(voluumStatus('chargeback', 'cb', map)).toBe('approved');
		expect(voluumStatus('Upsell', 't9', map)).toBe('hold');
		expect(voluumStatusMap('{"lead": "pending"}').map.lead).toBe('pending');
		expect(voluumStatusMap('=hold').map['']).toBe('hold');
	});

	it('reports unusable lines', () => {
		expect(voluumStatusMap('lead: pending').problems[0]).toMatch(/use "=" instead of ":"/);
		expect(voluumStatusMap('lead=confirmed').problems[0]).toMatch(/did you mean "approved"/);
	});
});

describe('Voluum canonical conversion', () => {
	const row = {
		postbackTimestamp: '2025-06-16 02:05:09 PM',
		visitTimestamp: '2025-06-16 01:55:00 PM',
		clickId: 'CLICK',
		transactionId: 'TX',
		conversionType: 'hold',
		conversionTypeId: 'hold',
		campaignId: 'c1',
		campaignName: 'Camp',
		offerId: 'o1',
		offerName: 'Offer',
		landerId: 'l1',
		landerName: 'Lander',
		trafficSourceId: 'ts',
		trafficSourceName: 'TS',
		affiliateNetworkId: 'an',
		affiliateNetworkName: 'AN',
		revenue: '12.50',
		payout: 12.5,
		countryCode: 'de',
		ip: '203.0.113.9',
		customVariable1: 'zone1',
		customVariable2: '',
		customVariable3: 'x',
	};

	it('maps fields, times (UTC) and the status', () => {
		const c = voluumConversion(row, { statusMap: voluumStatusMap('').map, zone: 'Etc/GMT' });
		expect(c).toMatchObject({
			tracker: 'voluum',
			event: 'conversion.created',
			conversionId: 'CLICK:TX',
			clickId: 'CLICK',
			transactionId: 'TX',
			landingId: 'l1',
			landingName: 'Lander',
			subIds: { sub_id_1: 'zone1', sub_id_3: 'x' },
			status: 'hold',
			rawStatus: 'hold',
			revenue: 12.5,
			currency: null,
			postbackTime: '2025-06-16T14:05:09.000Z',
			clickTime: '2025-06-16T13:55:00.000Z',
			country: 'DE',
		});
		expect(c.raw).toBeUndefined();
		expect(voluumConversion(row, { statusMap: {}, zone: 'Etc/GMT', includeRaw: true }).raw).toEqual(
			row,
		);
	});

	it('uses the user map and the approved fallback', () => {
		const map = voluumStatusMap('hold=pending').map;
		expect(voluumConversion(row, { statusMap: map }).status).toBe('pending');
		expect(
			voluumConversion(
				{ ...row, conversionType: 'Sale', conversionTypeId: 'sale' },
				{ statusMap: map },
			).status,
		).toBe('approved');
	});
});

describe('Voluum campaigns', () => {
	const base = {
		id: 'c',
		name: 'Camp',
		createdTime: '2025-06-01T10:00:00.000Z',
		updatedTime: '2025-06-01T10:00:00.000Z',
		deleted: false,
		trafficSource: { id: 'ts', name: 'TS' },
		workspace: { id: 'w', name: 'Main' },
	};
	it('tells created, updated and archived apart', () => {
		expect(campaignEventType(base)).toBe('campaign.created');
		expect(campaignEventType({ ...base, updatedTime: '2025-06-02T10:00:00Z' })).toBe(
			'campaign.updated',
		);
		expect(campaignEventType({ ...base, deleted: true })).toBe('campaign.deleted');
		expect(isArchived({ status: 'ARCHIVED' })).toBe(true);
		expect(voluumCampaign({ ...base, deleted: true })).toMatchObject({
			tracker: 'voluum',
			event: 'campaign.deleted',
			campaignId: 'c',
			state: 'archived',
			groupName: 'Main',
			trafficSourceId: 'ts',
			createdAt: '2025-06-01T10:00:00.000Z',
		});
	});
});

describe('RequestPacer', () => {
	const realSleep = voluumRuntime.sleep;
	afterEach(() => (voluumRuntime.sleep = realSleep));

	it('never lets more than `limit` requests into any window', async () => {
		let now = 0;
		const waits: number[] = [];
		voluumRuntime.sleep = async (ms) => {
			waits.push(ms);
			now += ms;
		};
		const pacer = new RequestPacer(VOLUUM_REQUESTS_PER_SECOND, 1000, () => now);
		const sent: number[] = [];
		for (let i = 0; i < 40; i++) {
			await pacer.acquire();
			sent.push(now);
			now += 10; // each request takes 10 ms
		}
		for (let i = VOLUUM_REQUESTS_PER_SECOND; i < sent.length; i++) {
			expect(sent[i] - sent[i - VOLUUM_REQUESTS_PER_SECOND]).toBeGreaterThanOrEqual(1050);
		}
		expect(waits.length).toBe(2);
		expect(pacer.waitedMs).toBe(waits.reduce((a, b) => a + b, 0));
	});
});

describe('Voluum page stitching (a server cap below the page size)', () => {
	function fakeApi(rows: IDataObject[], cap: number, mutate?: (n: number) => void) {
		const calls: IDataObject[] = [];
		const api = {
			get: async (_path: string, qs: IDataObject) => {
				calls.push(qs);
				mutate?.(calls.length);
				const limit = Math.min(Number(qs.limit), cap);
				const offset = Number(qs.offset);
				return { rows: rows.slice(offset, offset + limit), totalRows: rows.length, limit };
			},
		} as unknown as VoluumApiClient;
		return { api, calls };
	}
	const rows = Array.from({ length: 23 }, (_, i) => ({
		clickId: `c${String(i).padStart(2, '0')}`,
		transactionId: '',
		conversionType: 'Sale',
		postbackTimestamp: '2025-06-16 10:00:00 AM',
		visitTimestamp: '2025-06-16 09:58:00 AM',
	}));
	const window = {
		from: '',
		to: '',
		fromMs: Date.UTC(2025, 5, 16, 10),
		toMs: Date.UTC(2025, 5, 16, 11),
	};
	const node = () => makeNode();

	it('completes a page across the cap with one-row overlaps', async () => {
		const { api, calls } = fakeApi(rows, 4);
		const source = voluumConversionSource({ api, node, zone: 'UTC', pageSize: 10 });
		const page = await source.fetchPage(window, { offset: 0, limit: 10 });
		expect(page.rows.map((r) => r.clickId)).toEqual(rows.slice(0, 10).map((r) => r.clickId));
		expect(page.total).toBe(23);
		expect(calls.map((c) => [c.offset, c.limit])).toEqual([
			[0, 10],
			[3, 7],
			[6, 4],
		]);
		const last = await source.fetchPage(window, { offset: 19, limit: 10 });
		expect(last.rows.map((r) => r.clickId)).toEqual(rows.slice(19).map((r) => r.clickId));
		expect(calls[3]).toMatchObject({
			from: '2025-06-16T10:00:00.000Z',
			to: '2025-06-16T12:00:00.000Z',
			tz: 'UTC',
			sort: 'postbackTimestamp',
			direction: 'ASC',
		});
	});

	it('starts the page over when the overlap row moved, and gives up after three tries', async () => {
		const data = rows.slice();
		let shifted = 0;
		const { api } = fakeApi(data, 4, (n) => {
			if (n === 2 && shifted++ === 0) data.unshift({ ...rows[0], clickId: 'a-new-row' });
		});
		const source = voluumConversionSource({ api, node, zone: 'UTC', pageSize: 6 });
		const page = await source.fetchPage(window, { offset: 0, limit: 6 });
		expect(page.rows.map((r) => r.clickId)).toEqual(data.slice(0, 6).map((r) => r.clickId));

		const unstable = fakeApi(rows, 4, () => rows.reverse());
		const bad = voluumConversionSource({ api: unstable.api, node, zone: 'UTC', pageSize: 6 });
		await expect(bad.fetchPage(window, { offset: 0, limit: 6 })).rejects.toThrow(
			/kept changing the conversion list/,
		);
	});
});

describe('Voluum Trigger description', () => {
	it('keeps the options of its collection sorted and every event documented', () => {
		const options = voluumTriggerProperties.find((p) => p.name === 'options')!.options as Array<{
			displayName: string;
		}>;
		const names = options.map((o) => o.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		const event = voluumTriggerProperties.find((p) => p.name === 'event')!;
		expect((event.options as Array<{ value: string }>).map((o) => o.value)).toEqual(
			expect.arrayContaining(['newConversion', 'campaignChanged']),
		);
	});
});

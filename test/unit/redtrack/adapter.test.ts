/**
 * RedTrack Trigger adapter, pure parts: account time zones, day windows in that zone, list
 * envelopes, filters, the status map, the canonical mapping of conversions, clicks and
 * campaigns, the status memo, and the /report pacer.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RedTrackApiClient } from '../../../nodes/RedTrack/trigger/api';
import { REDTRACK_REPORT_PER_MINUTE } from '../../../nodes/RedTrack/trigger/api';
import { redTrackTriggerProperties } from '../../../nodes/RedTrack/trigger/description';
import { localDate, logPage, redTrackLogSource } from '../../../nodes/RedTrack/trigger/logs';
import {
	campaignEventType,
	campaignState,
	redTrackCampaign,
	redTrackClick,
	redTrackConversion,
} from '../../../nodes/RedTrack/trigger/mapping';
import { readFilters } from '../../../nodes/RedTrack/trigger/poll';
import { RequestPacer, redTrackRuntime } from '../../../nodes/RedTrack/trigger/runtime';
import { normalizeZone, timezoneOfSettings } from '../../../nodes/RedTrack/trigger/settings';
import {
	REDTRACK_DEFAULT_STATUS_MAP,
	redTrackStatusMap,
} from '../../../nodes/RedTrack/trigger/status';
import { MEMO_CAP, StatusMemo } from '../../../nodes/RedTrack/trigger/statusMemo';
import { mapStatus } from '../../../nodes/shared/model/status';

describe('RedTrack account time zone', () => {
	it.each([
		['Europe/Berlin', 'Europe/Berlin'],
		['UTC', 'UTC'],
		['+03:00', 'Etc/GMT-3'],
		['UTC-5', 'Etc/GMT+5'],
		['UTC+00:00', 'UTC'],
		['+05:30', undefined],
		['Mars/Olympus', undefined],
		['', undefined],
		[42, undefined],
	])('normalises %p', (input, expected) => {
		expect(normalizeZone(input)).toBe(expected);
	});

	it('reads the zone from an object or an array of settings', () => {
		expect(timezoneOfSettings({ timezone: 'Europe/Berlin' })).toBe('Europe/Berlin');
		expect(timezoneOfSettings([{ timezone: 'America/New_York' }])).toBe('America/New_York');
		expect(timezoneOfSettings([])).toBeUndefined();
		expect(timezoneOfSettings('nope')).toBeUndefined();
	});
});

describe('RedTrack day windows', () => {
	it('gives local dates of the account zone', () => {
		// 22:30 UTC on 15 June is already 16 June in Berlin (UTC+2) and still 15 June in New York.
		const t = Date.UTC(2025, 5, 15, 22, 30);
		expect(localDate(t, 'Europe/Berlin')).toBe('2025-06-16');
		expect(localDate(t, 'America/New_York')).toBe('2025-06-15');
		expect(localDate(t, 'UTC')).toBe('2025-06-15');
	});

	it('asks for the window’s dates and 1-based pages of `per` rows', async () => {
		const calls: IDataObject[] = [];
		const api = {
			get: async (path: string, qs: IDataObject) => {
				calls.push({ path, ...qs });
				return { items: [{ id: 'a' }], total: 7 };
			},
		} as unknown as RedTrackApiClient;
		const source = redTrackLogSource({
			api,
			path: '/conversions',
			zone: 'Europe/Berlin',
			timeField: 'conv_time',
			key: (r) => String(r.id),
			filters: { campaign_id: 'c1' },
			pageSize: 3,
		});
		expect(source.paging).toMatchObject({
			granularity: 'day',
			zone: 'Europe/Berlin',
			sorted: false,
			offsets: 'aligned',
			maxPageSize: 3,
		});
		const window = {
			from: '',
			to: '',
			fromMs: Date.UTC(2025, 5, 14, 22), // 15 June 00:00 Berlin
			toMs: Date.UTC(2025, 5, 16, 9),
		};
		const page = await source.fetchPage(window, { offset: 6, limit: 3 });
		expect(page).toEqual({ rows: [{ id: 'a' }], total: 7 });
		expect(calls).toEqual([
			{
				path: '/conversions',
				campaign_id: 'c1',
				date_from: '2025-06-15',
				date_to: '2025-06-16',
				page: 3,
				per: 3,
			},
		]);
		expect(source.eventTime({ conv_time: '2025-06-16 01:00:00' })).toBe(Date.UTC(2025, 5, 15, 23));
		expect(source.eventTime({ conv_time: '2025-06-16T01:00:00Z' })).toBe(Date.UTC(2025, 5, 16, 1));
	});

	it('samples the first and the last page of the last days in manual mode', async () => {
		const calls: IDataObject[] = [];
		const api = {
			get: async (_p: string, qs: IDataObject) => {
				calls.push(qs);
				return { items: [{ id: String(qs.page) }], total: 250 };
			},
		} as unknown as RedTrackApiClient;
		const source = redTrackLogSource({
			api,
			path: '/tracks',
			zone: 'UTC',
			timeField: 'track_time',
			key: (r) => String(r.id),
		});
		const rows = await source.fetchLatest!(5, Date.UTC(2025, 5, 16, 12));
		expect(rows.map((r) => r.id)).toEqual(['1', '3']);
		expect(calls.map((c) => [c.date_from, c.date_to, c.page, c.per])).toEqual([
			['2025-06-09', '2025-06-16', 1, 100],
			['2025-06-09', '2025-06-16', 3, 100],
		]);
	});

	it('reads `{items, total}` and bare arrays', () => {
		expect(logPage({ items: [{ id: 1 }, null, 'x'], total: 3 })).toEqual({
			rows: [{ id: 1 }],
			total: 3,
		});
		expect(logPage([{ id: 1 }])).toEqual({ rows: [{ id: 1 }] });
		expect(logPage(undefined)).toEqual({ rows: [] });
	});

	it('cleans filters and keeps conversion types for conversions only', () => {
		const raw = { campaign_id: ' a, b ,,', country_code: 'US', type: 'type1', offer_id: '' };
		expect(readFilters(raw, true)).toEqual({
			campaign_id: 'a,b',
			country_code: 'US',
			type: 'type1',
		});
		expect(readFilters(raw, false)).toEqual({ campaign_id: 'a,b', country_code: 'US' });
	});
});

describe('RedTrack statuses', () => {
	it('maps the four RedTrack statuses by default, any case, and lets the user override', () => {
		expect(REDTRACK_DEFAULT_STATUS_MAP).toEqual({
			approved: 'approved',
			pending: 'pending',
			declined: 'rejected',
			other: 'pending',
		});
		const { map } = redTrackStatusMap('');
		expect(['approved', 'Pending', 'DECLINED', 'other'].map((s) => mapStatus(s, map))).toEqual([
			'approved',
			'pending',
			'rejected',
			'pending',
		]);
		// Unknown values: keyword rules, then pending.
		expect(mapStatus('chargeback', map)).toBe('rejected');
		expect(mapStatus('weird', map)).toBe('pending');
		const custom = redTrackStatusMap('other=hold\ndeclined=pending');
		expect(custom.problems).toEqual([]);
		expect(mapStatus('other', custom.map)).toBe('hold');
		expect(mapStatus('declined', custom.map)).toBe('pending');
		expect(redTrackStatusMap('other=maybe').problems[0]).toMatch(/not a canonical status/);
	});
});

describe('RedTrack canonical model', () => {
	const conversion = {
		id: 'conv1',
		clickid: 'click1',
		order: '',
		deduplicate_token: 'dd-1',
		campaign_id: 'c1',
		campaign: 'Camp',
		offer_id: 'o1',
		offer: 'Offer',
		source_id: 's1',
		source: 'Source',
		network: 'Net',
		landing_id: '',
		landing: '',
		status: 'declined',
		payout: 12.5,
		currency: 'eur',
		conv_time: '2025-06-16 10:00:00',
		track_time: '2025-06-16 09:30:00',
		created_at: '2025-06-16T08:00:05Z',
		country: 'de',
		ip: '198.51.100.7',
		sub1: 'site',
		sub2: '',
		sub20: 'z',
		type: 'type2',
		event: 'Purchase',
	};
	const { map } = redTrackStatusMap('');

	it('maps a conversion (times read in the account zone)', () => {
		const c = redTrackConversion(conversion, { zone: 'Europe/Berlin', statusMap: map });
		expect(c).toMatchObject({
			tracker: 'redtrack',
			event: 'conversion.created',
			conversionId: 'conv1',
			clickId: 'click1',
			transactionId: 'dd-1',
			landingId: null,
			affiliateNetworkName: 'Net',
			subIds: { sub_id_1: 'site', sub_id_20: 'z' },
			status: 'rejected',
			rawStatus: 'declined',
			revenue: 12.5,
			currency: 'EUR',
			postbackTime: '2025-06-16T08:00:00.000Z',
			clickTime: '2025-06-16T07:30:00.000Z',
			country: 'DE',
		});
		expect(c.previousStatus).toBeUndefined();
		const changed = redTrackConversion(conversion, {
			zone: 'UTC',
			statusMap: map,
			event: 'conversion.statusChanged',
			previousRawStatus: 'pending',
			includeRaw: true,
		});
		expect(changed).toMatchObject({
			event: 'conversion.statusChanged',
			previousStatus: 'pending',
			previousRawStatus: 'pending',
			raw: conversion,
		});
	});

	it('maps a click', () => {
		const click = {
			id: 'k1',
			track_time: '2025-06-16 10:00:00',
			campaign_id: 'c1',
			fingerprint: 'fp',
			is_datacenter: 0,
			is_blacklist: 0,
			is_baddevice: 1,
			uniq: 1,
			cost: 0.04,
			user_agent: 'UA',
			sub3: 'push',
		};
		expect(redTrackClick(click, 'UTC')).toMatchObject({
			tracker: 'redtrack',
			event: 'click.created',
			clickId: 'k1',
			visitorId: 'fp',
			clickTime: '2025-06-16T10:00:00.000Z',
			isBot: true,
			isUnique: true,
			cost: 0.04,
			userAgent: 'UA',
			subIds: { sub_id_3: 'push' },
		});
		expect(redTrackClick({ id: 'k2' }, 'UTC').isBot).toBeNull();
	});

	it('maps campaigns and tells their changes apart', () => {
		const row = {
			id: 'c1',
			title: 'Camp',
			status: 1,
			created_at: '2025-06-01T00:00:00Z',
			updated_at: '2025-06-01T00:00:00Z',
		};
		const created = Date.parse(row.created_at);
		expect(['1', 2, 3, 'paused', '', 9].map(campaignState)).toEqual([
			'active',
			'paused',
			'deleted',
			'paused',
			null,
			'9',
		]);
		expect(campaignEventType(row, created, created)).toBe('campaign.created');
		expect(campaignEventType(row, created, created + 86_400_000)).toBe('campaign.updated');
		expect(campaignEventType({ ...row, status: 2 }, created, created + 1, 'active')).toBe(
			'campaign.statusChanged',
		);
		expect(campaignEventType({ ...row, status: 3 }, created, created + 1, 'active')).toBe(
			'campaign.deleted',
		);
		expect(campaignEventType(row, created, created, 'active')).toBe('campaign.updated');
		expect(
			redTrackCampaign({ ...row, status: 2 }, 'campaign.statusChanged', false, 'active'),
		).toMatchObject({
			tracker: 'redtrack',
			event: 'campaign.statusChanged',
			campaignName: 'Camp',
			state: 'paused',
			previousState: 'active',
			createdAt: '2025-06-01T00:00:00.000Z',
		});
	});
});

describe('StatusMemo', () => {
	it('remembers the last status per id through JSON, and starts fresh on another stream', () => {
		const fp = StatusMemo.fingerprintOf({ event: 'statusChanged' }, { mode: 'fromNow' });
		const memo = StatusMemo.load(undefined, fp);
		expect(memo.fresh).toBe(true);
		memo.set('a', 'pending');
		memo.set('b', 'Approved');
		memo.set('a', 'declined');
		const stored = JSON.parse(JSON.stringify(memo.encode()));
		const again = StatusMemo.load(stored, fp);
		expect(again.fresh).toBe(false);
		expect([again.previous('a'), again.previous('b'), again.previous('c')]).toEqual([
			'declined',
			'Approved',
			undefined,
		]);
		const other = StatusMemo.load(
			stored,
			StatusMemo.fingerprintOf({ event: 'statusChanged', filters: { x: 1 } }, { mode: 'fromNow' }),
		);
		expect(other.fresh).toBe(true);
		expect(other.previous('a')).toBeUndefined();
		expect(StatusMemo.load({ v: 1, fp, d: [], h: 'short', s: '' }, fp).fresh).toBe(true);
	});

	it('is bounded: the oldest updates go first, ~10 characters per conversion', () => {
		const memo = StatusMemo.load(undefined, 'fp');
		for (let i = 0; i < MEMO_CAP + 500; i++) memo.set(`id${i}`, i % 2 ? 'approved' : 'pending');
		memo.set('id0', 'other'); // touched again: now the newest
		const data = memo.encode();
		expect(data.s.length).toBe(MEMO_CAP);
		expect(JSON.stringify(data).length).toBeLessThan(MEMO_CAP * 10 + 200);
		const back = StatusMemo.load(data, 'fp');
		expect(back.previous('id0')).toBe('other');
		expect(back.previous('id1')).toBeUndefined();
		expect(back.previous(`id${MEMO_CAP + 499}`)).toBe('approved');
	});
});

describe('RedTrack /report pacer', () => {
	const real = { ...redTrackRuntime };
	afterEach(() => Object.assign(redTrackRuntime, real));

	it('allows 20 report requests per minute per run', async () => {
		let now = 0;
		redTrackRuntime.sleep = async (ms) => {
			now += ms;
		};
		const pacer = new RequestPacer(REDTRACK_REPORT_PER_MINUTE, 60_000, () => now);
		const sent: number[] = [];
		for (let i = 0; i < 45; i++) {
			await pacer.acquire();
			sent.push(now);
			now += 100;
		}
		expect(sent.slice(0, 20).every((t, i) => t === i * 100)).toBe(true);
		for (let i = 20; i < sent.length; i++)
			expect(sent[i] - sent[i - 20]).toBeGreaterThanOrEqual(60_000);
	});
});

describe('RedTrack Trigger description', () => {
	it('keeps collection options sorted', () => {
		for (const name of ['options', 'filters']) {
			const options = redTrackTriggerProperties.find((p) => p.name === name)!.options as Array<{
				displayName: string;
			}>;
			const names = options.map((o) => o.displayName);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});
});

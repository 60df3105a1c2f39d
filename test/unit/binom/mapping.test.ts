import {
	BINOM_DEFAULT_STATUS_MAP,
	binomClickToJson,
	binomConversionToJson,
	describeStatusDefaults,
} from '../../../nodes/Binom/trigger/mapping';
import {
	BinomConversionSource,
	dateRange,
	payoutKey,
	rowsOf,
	rowTime,
	versionKey,
} from '../../../nodes/Binom/trigger/sources';
import { binomRowKey, leafRows, rowPath } from '../../../nodes/Binom/trigger/threshold';
import { mapStatus } from '../../../nodes/shared/model/status';

describe('Binom status map (docs §4.3)', () => {
	it.each([
		['approve', 'approved'],
		['approved', 'approved'],
		['confirmed', 'approved'],
		['sale', 'approved'],
		['paid', 'approved'],
		['lead', 'pending'],
		['new', 'pending'],
		['pending', 'pending'],
		['wait', 'pending'],
		['signup', 'pending'],
		['hold', 'hold'],
		['Hold', 'hold'],
		['reject', 'rejected'],
		['rejected', 'rejected'],
		['declined', 'rejected'],
		['cancel', 'rejected'],
		['trash', 'rejected'],
		['fraud', 'rejected'],
		['chargeback', 'rejected'],
		['', 'approved'],
		['upsell_2', 'pending'],
	])('%s → %s', (raw, canonical) => {
		expect(mapStatus(raw, BINOM_DEFAULT_STATUS_MAP, 'pending')).toBe(canonical);
	});

	it('describes the defaults for the node description', () => {
		expect(describeStatusDefaults()).toContain('hold → hold');
		expect(describeStatusDefaults()).toContain('(empty) → approved');
	});
});

describe('Binom rows', () => {
	const row = {
		id: 'abc123',
		campaign: 'Camp',
		traffic_source: 'TS',
		offer: 'Offer',
		clicked_at: '2025-06-16 11:40:00',
		conversed_at: '2025-06-16 12:00:05',
		time_since_click: '1205',
		payout: '14.5000',
		status: 'lead',
		geo: 'ru',
	};

	it('reads times in the query zone (UTC) and makes keys', () => {
		expect(rowTime(row, 'conversed_at')).toBe(Date.UTC(2025, 5, 16, 12, 0, 5));
		expect(rowTime({ ...row, id: '' }, 'conversed_at')).toBeNaN();
		expect(payoutKey('14.5000')).toBe('14.5');
		expect(payoutKey(undefined)).toBe('0');
		expect(versionKey(row)).toBe('abc123|lead|14.5');
		const s = new BinomConversionSource({ fetch: async () => ({ rows: [] }) }, 'newConversion');
		expect(s.key(row)).toBe('abc123');
		expect(s.paging).toMatchObject({
			sorted: false,
			offsets: 'any',
			granularity: 'second',
			zone: 'UTC',
		});
	});

	it('formats custom windows as Binom wants them', () => {
		expect(
			dateRange(Date.UTC(2025, 5, 16, 0, 0, 0), Date.UTC(2025, 5, 16, 12, 30, 59, 999)),
		).toEqual({
			datePreset: 'custom_time',
			dateFrom: '2025-06-16 00:00:00',
			dateTo: '2025-06-16 12:30:59',
			timezone: 'UTC',
		});
	});

	it('accepts {rows} or a bare list, and says what is wrong otherwise', () => {
		expect(rowsOf({ rows: [row, 'x'] }, 'GET /conversions')).toEqual([row, {}]);
		expect(rowsOf([row], 'GET /conversions')).toEqual([row]);
		expect(() => rowsOf({ error: 'x' }, 'GET /conversions')).toThrow(/without a "rows" list/);
	});

	it('maps conversions and clicks to the canonical model', () => {
		const json = binomConversionToJson(
			row,
			'conversion.statusChanged',
			{
				statusMap: BINOM_DEFAULT_STATUS_MAP,
				includeRaw: true,
			},
			{ rawStatus: '', revenue: 10 },
		);
		expect(json).toMatchObject({
			tracker: 'binom',
			conversionId: 'abc123',
			clickId: 'abc123',
			status: 'pending',
			rawStatus: 'lead',
			previousStatus: 'approved',
			previousRawStatus: '',
			previousRevenue: 10,
			revenue: 14.5,
			country: 'RU',
			clickTime: '2025-06-16T11:40:00.000Z',
			postbackTime: '2025-06-16T12:00:05.000Z',
			raw: row,
		});
		const click = binomClickToJson(
			{
				id: 'k1',
				click_time: '2025-06-16 10:00:00',
				campaign_id: 3,
				campaign: 'C',
				cost: '0.003',
				is_tracker_unique: 1,
				country: 'de',
			},
			{ includeRaw: false },
		);
		expect(click).toMatchObject({
			clickId: 'k1',
			campaignId: '3',
			cost: 0.003,
			isUnique: true,
			country: 'DE',
			clickTime: '2025-06-16T10:00:00.000Z',
		});
		expect(click.raw).toBeUndefined();
	});
});

describe('Binom report rows', () => {
	const rows = [
		{ level: 1, id: 12, name: 'Camp', clicks: '3' },
		{ level: 2, id: 7, name: 'Offer', campaign_id: 12, clicks: '2' },
		{ level: 2, id: 8, name: 'Offer 2', campaign_id: 12, clicks: '1' },
	];
	it('keeps the deepest level and keys it by every level', () => {
		const leaves = leafRows(rows, ['campaign', 'offer']);
		expect(leaves).toHaveLength(2);
		expect(rowPath(leaves[0], ['campaign', 'offer'])).toEqual([
			['campaign', '12'],
			['offer', '7'],
		]);
		expect(binomRowKey(leaves[1], ['campaign', 'offer'])).toBe('campaign=12|offer=8');
		expect(leafRows([{ id: 1 }], ['campaign'])).toHaveLength(1);
	});
});

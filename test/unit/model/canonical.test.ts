import {
	buildCampaignEvent,
	buildClick,
	buildConversion,
	buildReportRow,
	diffFields,
	extractSubIds,
	normalizeCountry,
	normalizeSubIds,
	toBooleanOrNull,
	toIsoOrNull,
	toNumber,
	toNumberOrNull,
	toStringOrNull,
	trackerTimeToMs,
} from '../../../nodes/shared/model/canonical';

describe('coercion', () => {
	it.each([
		[12, 12],
		['45.00', 45],
		[' 12 ', 12],
		['-3.5', -3.5],
		['1,234.5', 1234.5],
		['1.234,5', 1234.5],
		['12,5', 12.5],
		['1,234', 1234],
		['1 234,5', 1234.5],
		['$12.50', 12.5],
		['12.5%', 12.5],
		['1e3', 1000],
		['.5', 0.5],
		['', null],
		['abc', null],
		['12abc', null],
		[null, null],
		[undefined, null],
		[NaN, null],
		[Infinity, null],
		[{}, null],
	])('toNumberOrNull(%p) = %p', (input, expected) => {
		expect(toNumberOrNull(input)).toBe(expected);
	});

	it('other coercions', () => {
		expect(toNumber('x', 7)).toBe(7);
		expect(toNumber('3')).toBe(3);
		expect(toStringOrNull('  a ')).toBe('a');
		expect(toStringOrNull('  ')).toBeNull();
		expect(toStringOrNull(12)).toBe('12');
		expect(toStringOrNull(false)).toBe('false');
		expect(toStringOrNull({})).toBeNull();
		expect(toBooleanOrNull('1')).toBe(true);
		expect(toBooleanOrNull(0)).toBe(false);
		expect(toBooleanOrNull('yes')).toBe(true);
		expect(toBooleanOrNull('maybe')).toBeNull();
		expect(normalizeCountry('us')).toBe('US');
		expect(normalizeCountry('Romania')).toBe('Romania');
		expect(normalizeCountry('')).toBeNull();
		expect(toIsoOrNull('2024-05-01 10:00:00', 'Europe/Madrid')).toBe('2024-05-01T08:00:00.000Z');
		expect(toIsoOrNull('nope')).toBeNull();
		expect(trackerTimeToMs('2024-05-01 10:00:00')).toBe(Date.UTC(2024, 4, 1, 10));
	});

	it('sub ids', () => {
		expect(
			normalizeSubIds({
				sub_id_1: 'a',
				sub2: 'b',
				'3': 4,
				sub_id_31: 'x',
				sub_id_4: '',
				other: 'y',
				'sub-id-5': 'e',
			}),
		).toEqual({
			sub_id_1: 'a',
			sub_id_2: 'b',
			sub_id_3: '4',
			sub_id_5: 'e',
		});
		expect(normalizeSubIds(['a', null, 'c'])).toEqual({ sub_id_1: 'a', sub_id_3: 'c' });
		expect(normalizeSubIds('x')).toEqual({});
		expect(
			extractSubIds({ sub_id_1: 'a', sub_id_30: 'z', sub_id_31: 'no', sub1: 'other' }, 'sub_id_'),
		).toEqual({
			sub_id_1: 'a',
			sub_id_30: 'z',
		});
		expect(extractSubIds({ sub1: 'a', sub_id_2: 'b', sub21: 'c' }, 'sub', 20)).toEqual({
			sub_id_1: 'a',
		});
		expect(extractSubIds({ customVariable3: 'v' }, 'customVariable', 10)).toEqual({
			sub_id_3: 'v',
		});
	});
});

describe('builders', () => {
	it('buildConversion coerces every field and keeps the same keys for every item', () => {
		const c = buildConversion(
			{
				tracker: 'acme',
				event: 'conversion.statusChanged',
				conversionId: 123,
				clickId: 'abc',
				transactionId: '',
				campaignId: 4,
				campaignName: 'Camp',
				subIds: { sub_id_1: 'x' },
				rawStatus: 'sale',
				previousRawStatus: 'lead',
				revenue: '45.00',
				currency: 'usd',
				clickTime: '2024-05-01 09:00:00',
				postbackTime: '2024-05-01 10:00:00',
				country: 'de',
				ip: '1.2.3.4',
				raw: { a: 1 },
			},
			{ zone: 'Europe/Madrid', statusMap: { sale: 'approved', lead: 'pending' }, includeRaw: true },
		);
		expect(c).toEqual({
			tracker: 'acme',
			event: 'conversion.statusChanged',
			conversionId: '123',
			clickId: 'abc',
			transactionId: null,
			campaignId: '4',
			campaignName: 'Camp',
			offerId: null,
			offerName: null,
			flowId: null,
			flowName: null,
			trafficSourceId: null,
			trafficSourceName: null,
			affiliateNetworkId: null,
			affiliateNetworkName: null,
			landingId: null,
			landingName: null,
			subIds: { sub_id_1: 'x' },
			status: 'approved',
			rawStatus: 'sale',
			previousStatus: 'pending',
			previousRawStatus: 'lead',
			revenue: 45,
			currency: 'USD',
			clickTime: '2024-05-01T07:00:00.000Z',
			postbackTime: '2024-05-01T08:00:00.000Z',
			country: 'DE',
			ip: '1.2.3.4',
			raw: { a: 1 },
		});
		const minimal = buildConversion({
			tracker: 't',
			event: 'conversion.created',
			conversionId: 'x',
			rawStatus: 'trash',
		});
		expect(minimal.status).toBe('rejected');
		expect(minimal.revenue).toBe(0);
		expect(minimal.postbackTime).toBeNull();
		expect('previousStatus' in minimal).toBe(false);
		expect('raw' in minimal).toBe(false);
		expect(Object.keys(minimal).sort()).toEqual(
			Object.keys(c)
				.filter((k) => !['previousStatus', 'previousRawStatus', 'raw'].includes(k))
				.sort(),
		);
	});

	it('buildClick', () => {
		const k = buildClick({
			tracker: 't',
			clickId: 'c1',
			subIds: ['a'],
			clickTime: 1714557600,
			isBot: '0',
			isUnique: 1,
			cost: '0.05',
			country: 'us',
		});
		expect(k).toMatchObject({
			event: 'click.created',
			clickId: 'c1',
			subIds: { sub_id_1: 'a' },
			clickTime: '2024-05-01T10:00:00.000Z',
			isBot: false,
			isUnique: true,
			cost: 0.05,
			revenue: null,
			country: 'US',
		});
	});

	it('buildCampaignEvent and diffFields', () => {
		const before = {
			id: 1,
			name: 'A',
			state: 'active',
			parameters: { a: 1, b: 2 },
			updated_at: '1',
		};
		const after = {
			id: 1,
			name: 'B',
			state: 'paused',
			parameters: { b: 2, a: 1 },
			updated_at: '2',
		};
		const changed = diffFields(before, after, ['updated_at']);
		expect(changed).toEqual(['name', 'state']);
		const e = buildCampaignEvent({
			tracker: 't',
			event: 'campaign.updated',
			campaignId: 1,
			campaignName: 'B',
			state: 'paused',
			previousState: 'active',
			changedFields: changed,
			updatedAt: '2024-05-01 10:00:00',
		});
		expect(e).toMatchObject({
			campaignId: '1',
			state: 'paused',
			previousState: 'active',
			changedFields: ['name', 'state'],
			updatedAt: '2024-05-01T10:00:00.000Z',
			createdAt: null,
		});
	});

	it('buildReportRow computes profit and ROI when missing', () => {
		const r = buildReportRow({
			tracker: 't',
			periodStart: '2024-05-01',
			periodEnd: '2024-05-02',
			timezone: 'Europe/Madrid',
			currency: 'eur',
			dimensions: { day: '2024-05-01', campaign_id: 4, empty: '' },
			metrics: {
				clicks: '120',
				conversions: 3,
				revenue: '45.00',
				cost: '30',
				cr: '2.5',
				bad: 'n/a',
			},
		});
		expect(r).toMatchObject({
			event: 'report.row',
			periodStart: '2024-04-30T22:00:00.000Z',
			periodEnd: '2024-05-01T22:00:00.000Z',
			timezone: 'Europe/Madrid',
			currency: 'EUR',
			dimensions: { day: '2024-05-01', campaign_id: 4, empty: null },
			metrics: { clicks: 120, conversions: 3, revenue: 45, cost: 30, cr: 2.5, bad: null },
			clicks: 120,
			revenue: 45,
			cost: 30,
			profit: 15,
			roi: 50,
		});
		const named = buildReportRow({
			tracker: 't',
			metrics: { spend: 0, income: 5 },
			measureNames: { cost: 'spend', revenue: 'income' },
		});
		expect(named).toMatchObject({ cost: 0, revenue: 5, profit: 5, roi: null, clicks: null });
	});
});

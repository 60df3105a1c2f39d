/**
 * The Keitaro Trigger's hot-path readers (sub ids, times, money strings) must give exactly what
 * the shared canonical builders give for the same values.
 */
import fc from 'fast-check';

import {
	CLICK_BASE_COLUMNS,
	clickToJson,
	clickToJsonGeneric,
	CONVERSION_BASE_COLUMNS,
	conversionToJson,
	conversionToJsonGeneric,
	keitaroStatusMapper,
	plainNumber,
	subIdReader,
} from '../../../../nodes/Keitaro/trigger';
import type { TriggerOptions } from '../../../../nodes/Keitaro/trigger';
import { extractSubIds, toIsoOrNull, toNumber } from '../../../../nodes/shared/model/canonical';
import { isoOfParsed, parseTimeToMs, toIsoUtc } from '../../../../nodes/shared/polling';

const value = fc.oneof(
	fc.constant(''),
	fc.constant(null),
	fc.constant('  '),
	fc.string({ maxLength: 6 }),
	fc.integer({ min: -5, max: 99999 }),
	fc.constantFrom(' a ', 'zone_1', '0', 'true'),
);
const time = fc.oneof(
	fc
		.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z') })
		.map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
	fc.constantFrom('', '2025-02-30 10:00:00', '0000-00-00 00:00:00', '2025-03-30 02:30:00', 'x'),
);
const money = fc.oneof(
	fc.constantFrom('45.00', '-3.5', '1 234,50', '$12', '', 'abc', '12.', '007'),
	fc.double({ min: -1e6, max: 1e6, noNaN: true }),
	fc.integer().map(String),
);

describe('hot-path readers', () => {
	it('sub ids: as extractSubIds for every count', () => {
		fc.assert(
			fc.property(
				fc.array(value, { minLength: 30, maxLength: 30 }),
				fc.integer({ min: 0, max: 30 }),
				(values, count) => {
					const row = Object.fromEntries(values.map((v, i) => [`sub_id_${i + 1}`, v]));
					expect(subIdReader(count)(row)).toEqual(extractSubIds(row, 'sub_id_', count));
				},
			),
		);
	});

	it('times and money: as parse + toIsoUtc and toNumber', () => {
		fc.assert(
			fc.property(time, fc.constantFrom('UTC', 'Europe/Madrid'), money, (t, zone, m) => {
				const ms = parseTimeToMs(t, zone);
				const general = Number.isFinite(ms) ? toIsoUtc(ms) : null;
				expect(isoOfParsed(t, ms, zone)).toBe(general);
				expect(toIsoOrNull(t, zone)).toBe(general);
				expect(toNumber(plainNumber(m), 0)).toBe(toNumber(m, 0));
			}),
		);
	});

	it('New Conversion items (one literal) equal the generic mapping, keys in the same order', () => {
		const anyValue = fc.oneof(value, time, money, fc.constantFrom('lead', 'sale', 'REBILL', 'hold', 'de', 'xx'));
		const row = fc.record(
			Object.fromEntries(
				[...CONVERSION_BASE_COLUMNS, 'sub_id_1', 'sub_id_2', 'sub_id_30'].map((c) => [c, anyValue]),
			),
			{ requiredKeys: [] },
		);
		const options = fc.record({
			timezone: fc.constantFrom('UTC', 'Europe/Madrid'),
			subIdCount: fc.integer({ min: 0, max: 30 }),
			includeRaw: fc.constant(false),
			currency: fc.constantFrom(null, 'eur', ' usd '),
		});
		const statusMap = fc.constantFrom('', 'hold=hold', 'lead=approved\nx=rejected');
		fc.assert(
			fc.property(row, options, statusMap, fc.boolean(), (r, o, map, parsed) => {
				const { mapper } = keitaroStatusMapper(map);
				const opts = o as unknown as TriggerOptions;
				const ms = parsed ? parseTimeToMs(r.postback_datetime, opts.timezone) : undefined;
				const fast = conversionToJson('newConversion', opts, mapper)(r, ms);
				const generic = conversionToJsonGeneric('newConversion', opts, mapper)(r, ms);
				expect(fast).toEqual(generic);
				expect(Object.keys(fast)).toEqual(Object.keys(generic));
			}),
			{ numRuns: 2000 },
		);
	});

	it('click items (one literal) equal the generic mapping, keys in the same order', () => {
		const anyValue = fc.oneof(value, time, money, fc.constantFrom(true, false, 1, 0, '1', 'no'));
		const row = fc.record(
			Object.fromEntries(
				[...CLICK_BASE_COLUMNS, 'sub_id_1', 'sub_id_7', 'sub_id_30'].map((c) => [c, anyValue]),
			),
			{ requiredKeys: [] },
		);
		const options = fc.record({
			timezone: fc.constantFrom('UTC', 'Europe/Madrid'),
			subIdCount: fc.integer({ min: 0, max: 30 }),
			includeRaw: fc.constant(false),
			currency: fc.constantFrom(null, 'eur', ' usd '),
		});
		fc.assert(
			fc.property(row, options, fc.boolean(), (r, o, parsed) => {
				const opts = o as unknown as TriggerOptions;
				const ms = parsed ? parseTimeToMs(r.datetime, opts.timezone) : undefined;
				const fast = clickToJson(opts)(r, ms);
				const generic = clickToJsonGeneric(opts)(r, ms);
				expect(fast).toEqual(generic);
				expect(Object.keys(fast)).toEqual(Object.keys(generic));
			}),
			{ numRuns: 2000 },
		);
	});

	it('a conversion row maps the same with or without the parsed postback time', () => {
		const options = {
			timezone: 'UTC',
			subIdCount: 30,
			includeRaw: false,
			currency: 'EUR',
		} as TriggerOptions;
		const map = conversionToJson('newConversion', options, keitaroStatusMapper('').mapper);
		fc.assert(
			fc.property(time, time, money, (pb, click, revenue) => {
				const row = {
					conversion_id: 7,
					status: 'sale',
					postback_datetime: pb,
					click_datetime: click,
					revenue,
					sub_id_3: ' x ',
				};
				const fast = map(row, parseTimeToMs(pb, 'UTC'));
				expect(fast).toEqual(map(row));
				expect(fast.postbackTime).toBe(toIsoOrNull(pb, 'UTC'));
				expect(fast.clickTime).toBe(toIsoOrNull(click, 'UTC'));
				expect(fast.subIds).toEqual({ sub_id_3: 'x' });
			}),
		);
	});
});

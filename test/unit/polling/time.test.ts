import fc from 'fast-check';

import {
	floorToGranule,
	formatLocal,
	isoOfParsed,
	isValidZone,
	localToEpochMs,
	nextGranule,
	parseTimeToMs,
	timeToIso,
	toIsoUtc,
	zoneOffsetMs,
} from '../../../nodes/shared/polling';

const utc = (...a: [number, number, number, number?, number?, number?, number?]) =>
	Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);

describe('parseTimeToMs', () => {
	it.each([
		['2024-05-01 10:00:00', 'UTC', utc(2024, 5, 1, 10)],
		['2024-05-01 10:00:00', undefined, utc(2024, 5, 1, 10)],
		['2024-05-01T10:00:00', 'UTC', utc(2024, 5, 1, 10)],
		['2024-05-01 10:00:00', 'Europe/Madrid', utc(2024, 5, 1, 8)],
		['2024-01-15 10:00:00', 'Europe/Madrid', utc(2024, 1, 15, 9)],
		['2024-05-01 10:00:00', 'Asia/Kolkata', utc(2024, 5, 1, 4, 30)],
		['2024-05-01 10:00:00', 'America/New_York', utc(2024, 5, 1, 14)],
		['2024-05-01 10:00', 'UTC', utc(2024, 5, 1, 10)],
		['2024-05-01', 'Europe/Madrid', utc(2024, 4, 30, 22)],
		['2024-05-01 10:00:00.123', 'UTC', utc(2024, 5, 1, 10, 0, 0, 123)],
		['2024-05-01T10:00:00Z', 'Europe/Madrid', utc(2024, 5, 1, 10)],
		['2024-05-01T10:00:00.000Z', 'Asia/Kolkata', utc(2024, 5, 1, 10)],
		['2024-05-01T10:00:00+03:00', 'Europe/Madrid', utc(2024, 5, 1, 7)],
		['2024-05-01T10:00:00-0530', 'UTC', utc(2024, 5, 1, 15, 30)],
		['2025-12-18 12:52:23 AM', 'UTC', utc(2025, 12, 18, 0, 52, 23)],
		['2025-12-18 12:52:23 PM', 'UTC', utc(2025, 12, 18, 12, 52, 23)],
		['2025-12-18 1:05:00 pm', 'UTC', utc(2025, 12, 18, 13, 5)],
		['1714557600', 'Europe/Madrid', 1714557600000],
		['1714557600123', 'UTC', 1714557600123],
		[1714557600, 'UTC', 1714557600000],
		[1714557600123, 'UTC', 1714557600123],
		['  2024-05-01 10:00:00  ', 'UTC', utc(2024, 5, 1, 10)],
	])('%p in %p', (input, zone, expected) => {
		expect(parseTimeToMs(input, zone)).toBe(expected);
	});

	it('resolves DST gaps forward and overlaps to the earlier instant (as luxon does)', () => {
		// 02:30 does not exist on 2024-03-31 in Madrid → 03:30 CEST.
		expect(parseTimeToMs('2024-03-31 02:30:00', 'Europe/Madrid')).toBe(utc(2024, 3, 31, 1, 30));
		// 02:30 happens twice on 2024-10-27 → first one, CEST (+2).
		expect(parseTimeToMs('2024-10-27 02:30:00', 'Europe/Madrid')).toBe(utc(2024, 10, 27, 0, 30));
		expect(parseTimeToMs('2024-10-27 03:30:00', 'Europe/Madrid')).toBe(utc(2024, 10, 27, 2, 30));
	});

	it.each([
		['2024-02-30 00:00:00'],
		['2024-13-01'],
		['abc'],
		[''],
		['2024-05-01 25:00:00'],
		[null],
		[undefined],
		[{}],
		[-5],
		[NaN],
		['13:00:00 PM'],
	])('rejects %p', (input) => {
		expect(parseTimeToMs(input, 'UTC')).toBeNaN();
	});

	it('accepts leap days only in leap years', () => {
		expect(parseTimeToMs('2024-02-29 00:00:00', 'UTC')).toBe(utc(2024, 2, 29));
		expect(parseTimeToMs('2023-02-29 00:00:00', 'UTC')).toBeNaN();
		expect(parseTimeToMs('2000-02-29', 'UTC')).toBe(utc(2000, 2, 29));
		expect(parseTimeToMs('1900-02-29 00:00:00', 'UTC')).toBeNaN();
	});

	it('takes years below 100 literally (Date.UTC would read them as 19xx)', () => {
		expect(toIsoUtc(parseTimeToMs('0024-05-01 10:00:00', 'UTC'))).toBe('0024-05-01T10:00:00.000Z');
		expect(toIsoUtc(parseTimeToMs('0099-12-31', 'UTC'))).toBe('0099-12-31T00:00:00.000Z');
		expect(parseTimeToMs('0023-02-29', 'UTC')).toBeNaN();
		expect(toIsoUtc(parseTimeToMs('0004-02-29 00:00:00', 'UTC'))).toBe('0004-02-29T00:00:00.000Z');
	});
});

describe('timeToIso / isoOfParsed (the fast path of every row)', () => {
	// Strings close to the fast form: valid times, out-of-range fields, other separators, suffixes.
	const digit = fc.constantFrom(...'0123456789');
	const near = fc
		.tuple(
			fc.array(fc.oneof(digit, digit, digit, fc.constantFrom('-', ':', ' ', 'T', 'Z', 'a', '+')), {
				minLength: 19,
				maxLength: 19,
			}),
			fc.boolean(),
		)
		.map(([chars, shape]) => {
			if (shape) {
				chars[4] = '-';
				chars[7] = '-';
				chars[10] = chars[10] === 'T' ? 'T' : ' ';
				chars[13] = ':';
				chars[16] = ':';
			}
			return chars.join('');
		});
	const value = fc.oneof(
		near,
		fc
			.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z') })
			.map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
		fc.string({ maxLength: 25 }),
		fc.integer({ min: 0, max: 2e12 }),
	);

	it('equals parse + toIsoUtc for any value and zone', () => {
		fc.assert(
			fc.property(value, fc.constantFrom('UTC', undefined, 'Etc/UTC', 'Europe/Madrid'), (v, zone) => {
				const ms = parseTimeToMs(v, zone);
				const general = Number.isFinite(ms) ? toIsoUtc(ms) : null;
				expect(isoOfParsed(v, ms, zone)).toBe(general);
				expect(timeToIso(v, zone)).toBe(general);
			}),
			{ numRuns: 3000 },
		);
	});

	it('rewrites the common form without date arithmetic', () => {
		expect(timeToIso('2024-05-01 10:00:00', 'UTC')).toBe('2024-05-01T10:00:00.000Z');
		expect(timeToIso('2024-05-01T10:00:00')).toBe('2024-05-01T10:00:00.000Z');
		expect(timeToIso('2024-02-30 10:00:00', 'UTC')).toBeNull();
		expect(timeToIso('2024-05-01 10:00:00', 'Europe/Madrid')).toBe('2024-05-01T08:00:00.000Z');
	});
});

describe('zones and granules', () => {
	it('knows offsets and zone names', () => {
		expect(zoneOffsetMs(utc(2024, 7, 1), 'Europe/Madrid')).toBe(2 * 3600_000);
		expect(zoneOffsetMs(utc(2024, 1, 1), 'Europe/Madrid')).toBe(3600_000);
		expect(zoneOffsetMs(utc(2024, 1, 1), 'Asia/Kathmandu')).toBe(5.75 * 3600_000);
		expect(isValidZone('Europe/Madrid')).toBe(true);
		expect(isValidZone('UTC')).toBe(true);
		expect(isValidZone('Mars/Base')).toBe(false);
		expect(isValidZone('')).toBe(false);
		expect(localToEpochMs(utc(2024, 7, 1, 12), 'Europe/Madrid')).toBe(utc(2024, 7, 1, 10));
		expect(formatLocal(utc(2024, 5, 1, 10), 'Europe/Madrid')).toBe('2024-05-01 12:00:00');
	});

	it('floors to seconds, hours (half-hour zones) and days (DST days)', () => {
		expect(floorToGranule(utc(2024, 5, 1, 10, 47, 12, 345), 'second')).toBe(
			utc(2024, 5, 1, 10, 47, 12),
		);
		expect(floorToGranule(utc(2024, 5, 1, 10, 47, 12, 345), 'millisecond')).toBe(
			utc(2024, 5, 1, 10, 47, 12, 345),
		);
		expect(floorToGranule(utc(2024, 5, 1, 10, 47), 'minute', 'Asia/Kolkata')).toBe(
			utc(2024, 5, 1, 10, 47),
		);
		expect(floorToGranule(utc(2024, 5, 1, 10, 47), 'hour')).toBe(utc(2024, 5, 1, 10));
		// 10:47Z = 16:17 IST → 16:00 IST = 10:30Z.
		expect(floorToGranule(utc(2024, 5, 1, 10, 47), 'hour', 'Asia/Kolkata')).toBe(
			utc(2024, 5, 1, 10, 30),
		);
		expect(floorToGranule(utc(2024, 5, 1, 10, 17), 'hour', 'Asia/Kolkata')).toBe(
			utc(2024, 5, 1, 9, 30),
		);
		// New York, spring forward on 2024-03-10: a 23-hour day.
		const springStart = floorToGranule(utc(2024, 3, 10, 12), 'day', 'America/New_York');
		expect(springStart).toBe(utc(2024, 3, 10, 5));
		expect(nextGranule(utc(2024, 3, 10, 12), 'day', 'America/New_York')).toBe(utc(2024, 3, 11, 4));
		// Fall back on 2024-11-03: a 25-hour day.
		expect(floorToGranule(utc(2024, 11, 3, 12), 'day', 'America/New_York')).toBe(
			utc(2024, 11, 3, 4),
		);
		expect(nextGranule(utc(2024, 11, 3, 12), 'day', 'America/New_York')).toBe(utc(2024, 11, 4, 5));
		expect(nextGranule(utc(2024, 5, 1, 10, 47), 'hour', 'Asia/Kolkata')).toBe(
			utc(2024, 5, 1, 11, 30),
		);
		expect(nextGranule(utc(2024, 5, 1, 10, 47), 'second')).toBe(utc(2024, 5, 1, 10, 47, 1));
	});

	it('a floor is never after the instant and the next granule is always after it', () => {
		const zones = [
			'UTC',
			'Europe/Madrid',
			'America/New_York',
			'Asia/Kolkata',
			'Australia/Lord_Howe',
			'America/Sao_Paulo',
		];
		for (const zone of zones) {
			for (
				let ms = utc(2018, 1, 1);
				ms < utc(2019, 1, 1);
				ms += 3 * 3600_000 + 7 * 60_000 + 13_000
			) {
				for (const unit of ['hour', 'day'] as const) {
					const f = floorToGranule(ms, unit, zone);
					const n = nextGranule(ms, unit, zone);
					expect(f).toBeLessThanOrEqual(ms);
					expect(n).toBeGreaterThan(ms);
					expect(floorToGranule(f, unit, zone)).toBe(f);
				}
			}
		}
	});
});

import fc from 'fast-check';

import {
	decodeHash,
	encodeHash,
	fingerprint,
	hash53,
	stableStringify,
} from '../../../nodes/shared/polling/hash';
import { decodeState, encodeState, sortedEntries } from '../../../nodes/shared/polling/state';

describe('hash53', () => {
	it('is pinned: persisted states depend on these exact values', () => {
		expect(hash53('')).toBe(3338908027751811);
		expect(hash53('a')).toBe(7929297801672961);
		expect(hash53('12345|sale')).toBe(1926753692890300);
		expect(encodeHash(hash53('12345|sale'))).toBe('6s5zDRpIy');
		expect(fingerprint({ a: 1, b: [1, 2] })).toBe('OovZ7cx1U6WV7qNhDC');
	});

	it('stays a safe integer and round-trips through its 9-character encoding', () => {
		fc.assert(
			fc.property(fc.string(), (s) => {
				const h = hash53(s);
				expect(Number.isSafeInteger(h)).toBe(true);
				const e = encodeHash(h);
				expect(e).toHaveLength(9);
				expect(decodeHash(e)).toBe(h);
			}),
			{ numRuns: 500 },
		);
		for (const h of [0, 1, 2 ** 53 - 1, 2 ** 32, 2 ** 32 - 1])
			expect(decodeHash(encodeHash(h))).toBe(h);
		expect(decodeHash('!!!!!!!!!')).toBeNaN();
		expect(decodeHash('_________')).toBeNaN(); // 2^54 − 1 is not a 53-bit value
	});

	it('has no collisions on 200,000 typical keys', () => {
		const seen = new Set<number>();
		for (let i = 0; i < 100_000; i++) {
			seen.add(hash53(`${1_000_000 + i}|lead`));
			seen.add(hash53(`${1_000_000 + i}|sale`));
		}
		expect(seen.size).toBe(200_000);
	});
});

describe('stableStringify / fingerprint', () => {
	it('ignores key order and undefined members', () => {
		expect(stableStringify({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
			'{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
		);
		expect(fingerprint({ event: 'x', filter: { a: 1, b: 2 } })).toBe(
			fingerprint({ filter: { b: 2, a: 1 }, event: 'x' }),
		);
		expect(fingerprint({ event: 'x' })).not.toBe(fingerprint({ event: 'y' }));
		expect(fingerprint({ days: 30 })).not.toBe(fingerprint({ days: '30' }));
	});
});

describe('state encoding', () => {
	const from = Date.UTC(2024, 4, 1, 12);

	it('round-trips', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: 0, max: 3_600_000 }), fc.string()), { maxLength: 200 }),
				(pairs) => {
					const seen = new Map<number, number>();
					for (const [dt, k] of pairs) seen.set(hash53(k), from + dt);
					const resume = pairs.length ? { g: from, p: 7, a: hash53('x') } : undefined;
					const st = encodeState('fp', from, from + 3_600_000, sortedEntries(seen), resume);
					const back = decodeState(JSON.parse(JSON.stringify(st)));
					expect(back?.fp).toBe('fp');
					expect(back?.fromMs).toBe(from);
					expect(back?.seen).toEqual(seen);
					expect(back?.resume).toEqual(resume);
				},
			),
			{ numRuns: 200 },
		);
	});

	it('size is 9 characters per key plus one small delta and count per distinct event time', () => {
		const seen = new Map<number, number>();
		// 10,000 keys over a 10-minute overlap: ~17 per second.
		for (let i = 0; i < 10_000; i++) seen.set(hash53(String(i)), from + Math.floor(i / 17) * 1000);
		const st = encodeState('fp', from, from + 600_000, sortedEntries(seen), undefined);
		const bytes = JSON.stringify(st).length;
		const groups = st.seen.t.length;
		// Bound: 200 + 9·K + G·(digits(now − from) + digits(max count) + 2).
		expect(bytes).toBeLessThanOrEqual(200 + 9 * 10_000 + groups * (6 + 2 + 2));
		expect(bytes).toBeLessThan(100_000);
	});

	it.each([
		[undefined],
		[null],
		['x'],
		[{ v: 2, fp: 'a', from: '2024-05-01T12:00:00.000Z', at: '', seen: { t: [], n: [], h: '' } }],
		[{ v: 1, fp: 'a', from: 'yesterday', seen: { t: [], n: [], h: '' } }],
		[{ v: 1, fp: 'a', from: '2024-05-01T12:00:00.000Z', seen: { t: [0], n: [], h: '' } }],
		[{ v: 1, fp: 'a', from: '2024-05-01T12:00:00.000Z', seen: { t: [0], n: [1], h: '123' } }],
		[
			{
				v: 1,
				fp: 'a',
				from: '2024-05-01T12:00:00.000Z',
				seen: { t: [-1], n: [1], h: '000000000' },
			},
		],
		[
			{
				v: 1,
				fp: 'a',
				from: '2024-05-01T12:00:00.000Z',
				seen: { t: [0], n: [1], h: '0000000000' },
			},
		],
		[{ v: 1, fp: 1, from: '2024-05-01T12:00:00.000Z', seen: { t: [], n: [], h: '' } }],
	])('rejects invalid state %#', (raw) => {
		expect(decodeState(raw)).toBeUndefined();
	});

	it('ignores an invalid resume hint but keeps the state', () => {
		const st = decodeState({
			v: 1,
			fp: 'a',
			from: '2024-05-01T12:00:00.000Z',
			at: '2024-05-01T12:10:00.000Z',
			seen: { t: [], n: [], h: '' },
			resume: { g: 'x', p: 1, a: 'abc' },
		});
		expect(st).toBeDefined();
		expect(st?.resume).toBeUndefined();
	});
});

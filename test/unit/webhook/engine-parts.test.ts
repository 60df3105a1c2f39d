import { SeenWindow } from '../../../nodes/shared/webhook/dedupe';
import { parseAllowList } from '../../../nodes/shared/webhook/ip';
import { readParams } from '../../../nodes/shared/webhook/request';
import { maskSecret, redactSecrets, secretMatches } from '../../../nodes/shared/webhook/secret';
import { isUnfilledMacro } from '../../../nodes/shared/postback/inbound';

const T0 = 1_750_000_000_000;
const H = 3_600_000;

describe('SeenWindow', () => {
	it('reports a key seen within the window, forgets it after', () => {
		const w = new SeenWindow(1000);
		expect(w.checkAndRecord('a', T0, 24 * H)).toBe(false);
		expect(w.checkAndRecord('a', T0 + 23 * H, 24 * H)).toBe(true);
		expect(w.checkAndRecord('a', T0 + 24 * H, 24 * H)).toBe(false);
	});

	it('stays bounded, forgetting the oldest first', () => {
		const w = new SeenWindow(100);
		for (let i = 0; i < 1000; i++) w.checkAndRecord(`k${i}`, T0 + i, 24 * H);
		expect(w.size).toBeLessThanOrEqual(100);
		expect(w.checkAndRecord('k999', T0 + 1000, 24 * H)).toBe(true);
		expect(w.checkAndRecord('k0', T0 + 1000, 24 * H)).toBe(false);
	});

	it('a window of 0 records nothing', () => {
		const w = new SeenWindow(100);
		expect(w.checkAndRecord('a', T0, 0)).toBe(false);
		expect(w.checkAndRecord('a', T0, 0)).toBe(false);
		expect(w.size).toBe(0);
	});

	it('remembers the previous status of a conversion', () => {
		const w = new SeenWindow(100);
		expect(w.swapStatus('c1', 'lead')).toBeUndefined();
		expect(w.swapStatus('c1', 'sale')).toBe('lead');
	});
});

describe('secret', () => {
	it('matches only the exact secret, never an empty expected one', () => {
		expect(secretMatches('s3cret-value', 's3cret-value')).toBe(true);
		expect(secretMatches('s3cret-value', 's3cret-valuE')).toBe(false);
		expect(secretMatches('s3cret-value', 's3cret')).toBe(false);
		expect(secretMatches('', '')).toBe(false);
		expect(secretMatches('abc', ['abc'])).toBe(false);
	});

	it('masks and redacts, encoded forms included', () => {
		expect(maskSecret('abcdefghijkl')).toBe('ab••••kl');
		const s = 'k/ey with space';
		expect(redactSecrets(`x=${encodeURIComponent(s)} y=${s}`, [s])).not.toMatch(/ey with|ey%20with/);
	});
});

describe('IP allow-list', () => {
	it('accepts addresses and CIDR ranges, v4 and v6, v4-mapped v6 as v4', () => {
		const { list, problems } = parseAllowList('203.0.113.7, 198.51.100.0/24\n2001:db8::/32');
		expect(problems).toEqual([]);
		expect(list!.allows('203.0.113.7')).toBe(true);
		expect(list!.allows('::ffff:198.51.100.42')).toBe(true);
		expect(list!.allows('2001:db8:1::5')).toBe(true);
		expect(list!.allows('203.0.113.8')).toBe(false);
		expect(list!.allows('2001:db9::1')).toBe(false);
		expect(list!.allows(undefined)).toBe(false);
	});

	it('names invalid entries', () => {
		expect(parseAllowList('10.0.0.300, 10.0.0.0/33, nope').problems).toHaveLength(3);
	});
});

describe('readParams', () => {
	it('merges query and body (body wins), reads text bodies as JSON or form', () => {
		expect(readParams({ headers: {}, query: { a: '1', b: ['x', 'y'] }, body: { a: 2, c: { d: 1 } } })).toEqual({
			ok: true,
			params: { a: '2', b: 'x', c: '{"d":1}' },
		});
		expect(readParams({ headers: {}, query: {}, body: 'subid=s1&payout=2' })).toEqual({
			ok: true,
			params: { subid: 's1', payout: '2' },
		});
		expect(readParams({ headers: {}, query: {}, body: '[1,2]' }).ok).toBe(false);
	});
});

describe('unfilled macros', () => {
	it.each(['{payout}', '[SUB1]', '#s2#', '%%clickid%%', '${SUBID}', 'REPLACE', 'OPTIONAL'])('%s', (v) =>
		expect(isUnfilledMacro(v)).toBe(true),
	);
	it.each(['abc', '12.5', '{a', 'x}'])('not %s', (v) => expect(isUnfilledMacro(v)).toBe(false));
});

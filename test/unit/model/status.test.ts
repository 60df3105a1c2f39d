import {
	CANONICAL_STATUSES,
	mapStatus,
	mergeStatusMaps,
	normalizeRawStatus,
	parseStatusMap,
	statusByKeyword,
	type StatusMap,
} from '../../../nodes/shared/model/status';

describe('statusByKeyword', () => {
	it.each([
		['trash', 'rejected'],
		['Cancelled', 'rejected'],
		['canceltrial', 'rejected'],
		['subcancel', 'rejected'],
		['declined', 'rejected'],
		['REJECT', 'rejected'],
		['rejected', 'rejected'],
		['fraud', 'rejected'],
		['chargeback', 'rejected'],
		['charge_back', 'rejected'],
		['refunded', 'rejected'],
		['disapproved', 'rejected'],
		['hold', 'hold'],
		['On Hold', 'hold'],
		['on_hold', 'hold'],
		['onhold', 'hold'],
		['approved', 'approved'],
		['Approve', 'approved'],
		['confirmed', 'approved'],
		['paid', 'approved'],
		['sale', 'approved'],
		['first_sale', 'approved'],
		['sales', 'approved'],
	])('%s → %s', (raw, expected) => {
		expect(statusByKeyword(raw)).toBe(expected);
	});

	it.each([
		['lead'],
		['pending'],
		['new'],
		['unpaid'],
		['unconfirmed'],
		['not approved'],
		['presale'],
		['threshold'],
		['prepaid'],
		[''],
		[null],
		[42],
	])('%p matches no keyword', (raw) => {
		expect(statusByKeyword(raw)).toBeUndefined();
	});
});

describe('mapStatus', () => {
	const map: StatusMap = {
		lead: 'pending',
		sale: 'approved',
		rebill: 'approved',
		rejected: 'rejected',
		'': 'approved',
	};

	it('uses the map first (case-insensitive, trimmed), then keywords, then the fallback', () => {
		expect(mapStatus(' LEAD ', map)).toBe('pending');
		expect(mapStatus('rebill', map)).toBe('approved');
		expect(mapStatus('trash', map)).toBe('rejected');
		expect(mapStatus('on hold', map)).toBe('hold');
		expect(mapStatus('whatever', map)).toBe('pending');
		expect(mapStatus('whatever', map, 'approved')).toBe('approved');
		expect(mapStatus('', map)).toBe('approved');
		expect(mapStatus(undefined, map)).toBe('approved');
		expect(mapStatus(undefined, undefined)).toBe('pending');
		expect(mapStatus(1, { '1': 'approved' })).toBe('approved');
	});

	it('a map entry overrides a keyword', () => {
		expect(mapStatus('hold', { hold: 'pending' })).toBe('pending');
		expect(mapStatus('sale', mergeStatusMaps({ sale: 'approved' }, { sale: 'hold' }))).toBe('hold');
		expect(mergeStatusMaps({ a: 'hold' }, undefined)).toEqual({ a: 'hold' });
	});

	it('normalises raw statuses', () => {
		expect(normalizeRawStatus('  Sale ')).toBe('sale');
		expect(normalizeRawStatus(null)).toBe('');
		expect(normalizeRawStatus({})).toBe('');
		expect(CANONICAL_STATUSES).toEqual(['approved', 'pending', 'hold', 'rejected']);
	});
});

describe('parseStatusMap', () => {
	it('parses text lines, ignoring blanks and comments', () => {
		const r = parseStatusMap(
			'# network statuses\nwait = pending\n\nApprove=approved\n// trash\ntrash=Rejected\n=approved\r\nhold=hold',
		);
		expect(r.problems).toEqual([]);
		expect(r.map).toEqual({
			wait: 'pending',
			approve: 'approved',
			trash: 'rejected',
			'': 'approved',
			hold: 'hold',
		});
	});

	it('parses JSON text and objects', () => {
		expect(parseStatusMap('{"Wait": "pending", "x": "HOLD"}')).toEqual({
			map: { wait: 'pending', x: 'hold' },
			problems: [],
		});
		expect(parseStatusMap({ ok: 'approved' })).toEqual({ map: { ok: 'approved' }, problems: [] });
		expect(parseStatusMap(undefined)).toEqual({ map: {}, problems: [] });
		expect(parseStatusMap('   ')).toEqual({ map: {}, problems: [] });
	});

	it('reports every problem with its line and a suggestion, keeping the valid entries', () => {
		const r = parseStatusMap(
			'wait=pending\nsale:approved\nlead=lead\nx=\nfoo=bar\nWAIT=hold\nwait=pending',
		);
		expect(r.map).toEqual({ wait: 'pending' });
		expect(r.problems).toEqual([
			'Line 2: expected "raw=canonical", got "sale:approved" (use "=" instead of ":")',
			'Line 3: "lead" is not a canonical status; did you mean "pending"? (allowed: approved, pending, hold, rejected)',
			'Line 4: missing canonical status after "=" for "x"',
			'Line 5: "bar" is not a canonical status (allowed: approved, pending, hold, rejected)',
			'Line 6: "WAIT" is already mapped to "pending" (Line 1)',
		]);
	});

	it('reports invalid JSON and wrong shapes', () => {
		expect(parseStatusMap('{"a": ').problems[0]).toMatch(
			/^The status map looks like JSON but is not valid JSON: /,
		);
		expect(parseStatusMap('["a"]').problems).toEqual([
			'The status map must be an object such as {"wait": "pending"}, not a list',
		]);
		expect(parseStatusMap({ a: 1 }).problems).toEqual([
			'Key "a": the status for "a" must be a string',
		]);
		expect(parseStatusMap(5).problems).toEqual([
			'The status map must be text lines "raw=canonical" or a JSON object',
		]);
	});
});

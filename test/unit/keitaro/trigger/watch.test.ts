/**
 * The conversion watch's pure parts: which changes a log row proves against its memo entry
 * (`hopsOf`), and the boundary validation of conversion log answers (`validateLogRows`).
 */
import { hopsOf } from '../../../../nodes/Keitaro/trigger/watch';
import { validateLogRows } from '../../../../nodes/Keitaro/trigger/schema';

const m = (status: string, prev: string, n: number) => ({ status, prev, n });
const hop = (from: string, to: string, n: number, reconstructed = false) => ({
	from,
	to,
	n,
	reconstructed,
});

describe('hopsOf', () => {
	it('sees nothing when the row is what was observed', () => {
		expect(hopsOf(m('lead', '', 0), 'lead', '')).toEqual([]);
		expect(hopsOf(m('sale', 'lead', 1), 'sale', 'lead')).toEqual([]);
	});
	it('one change when the previous status is the observed status', () => {
		expect(hopsOf(m('lead', '', 0), 'sale', 'lead')).toEqual([hop('lead', 'sale', 1)]);
		expect(hopsOf(m('sale', 'lead', 1), 'rejected', 'sale')).toEqual([hop('sale', 'rejected', 2)]);
	});
	it('two changes, flip-backs included', () => {
		// A→B→A seen as (A, prev B) after (A, no prev)
		expect(hopsOf(m('lead', '', 0), 'lead', 'sale')).toEqual([
			hop('lead', 'sale', 1, true),
			hop('sale', 'lead', 2),
		]);
		// A→B→C→B: observed (C, prev B), then B→… shows (B, prev C)
		expect(hopsOf(m('rejected', 'sale', 2), 'sale', 'rejected')).toEqual([
			hop('rejected', 'sale', 3),
		]);
		expect(hopsOf(m('lead', '', 0), 'rejected', 'sale')).toEqual([
			hop('lead', 'sale', 1, true),
			hop('sale', 'rejected', 2),
		]);
	});
	it('a conversion never observed: the change its row proves', () => {
		expect(hopsOf(undefined, 'sale', 'lead')).toEqual([hop('lead', 'sale', 1)]);
		expect(hopsOf(undefined, 'lead', '')).toEqual([]);
	});
});

describe('validateLogRows', () => {
	const cols = ['conversion_id', 'status', 'previous_status', 'postback_datetime', 'sale_datetime'];
	const good = {
		conversion_id: '12',
		status: 'lead',
		previous_status: null,
		postback_datetime: '2025-06-16 12:00:00',
		sale_datetime: null,
	};
	const withoutPrevious = (): Record<string, unknown> => {
		const row: Record<string, unknown> = { ...good };
		delete row.previous_status;
		return row;
	};
	it('accepts rows as Keitaro sends them', () => {
		expect(
			validateLogRows(
				{ rows: [good, { ...good, conversion_id: 13 }], total: '2' },
				cols,
				'conversions log',
			),
		).toHaveLength(2);
	});
	it.each([
		[{ ...good, conversion_id: 'abc' }, 'conversion_id'],
		[{ ...good, postback_datetime: '16/06/2025 12:00' }, 'postback_datetime'],
		[{ ...good, status: '' }, 'status'],
		[withoutPrevious(), 'previous_status'],
		[{ ...good, sale_datetime: 5 }, 'sale_datetime'],
	])('stops on %j naming the field and Keitaro', (row, field) => {
		expect(() => validateLogRows({ rows: [row] }, cols, 'conversions log')).toThrow(
			new RegExp(`^Keitaro's conversions log returned an unexpected "${field}" in row 1`),
		);
	});
	it('stops when there is no rows list', () => {
		expect(() => validateLogRows({ data: [] }, cols, 'conversions log')).toThrow(/Keitaro.*"rows"/);
	});
	it.each([
		[{ rows: [good, null] }],
		[{ rows: [good, [1, 2]] }],
		[{ rows: [good, 'row'] }],
		[{ rows: [good], total: true }],
		[{ rows: [good], total: Number.NaN }],
		[{ rows: {} }],
		[[good, 5]],
	])(
		'stops on an answer whose rows are not all objects, or whose total is not a number: %j',
		(data) => {
			expect(() => validateLogRows(data, cols, 'conversions log')).toThrow(/Keitaro.*"rows"/);
		},
	);
	it('returns the rows of a well-formed answer as they are (no copy per row)', () => {
		const data = { rows: [{ ...good }, { ...good, conversion_id: 13 }], total: 2 };
		const rows = validateLogRows(data, cols, 'conversions log');
		expect(rows).toBe(data.rows);
		expect(validateLogRows([good], cols, 'conversions log')).toEqual([good]);
	});
});

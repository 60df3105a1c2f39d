import {
	beMobCanonicalIds,
	beMobRowKey,
	bemobInstant,
	reportRowsOf,
} from '../../../nodes/BeMob/trigger/report';
import { diffReportRows } from '../../../nodes/BeMob/trigger/rows';

interface Row {
	key: string;
	visits: number;
}

const diff = (
	rows: Row[],
	previous: unknown,
	extra: Partial<Parameters<typeof diffReportRows<Row>>[0]> = {},
) =>
	diffReportRows<Row>({
		rows,
		key: (r) => r.key,
		measures: (r) => ({ visits: r.visits }),
		config: { levels: ['day', 'campaign'] },
		previous,
		complete: true,
		cap: 100,
		...extra,
	});

describe('BeMob report rows diff', () => {
	it('remembers silently on the first run, then emits new and changed rows once', () => {
		const first = diff([{ key: 'a', visits: 1 }], undefined);
		expect(first.changed).toEqual([]);
		expect(first.reset).toBe('first-run');
		const second = diff(
			[
				{ key: 'a', visits: 2 },
				{ key: 'b', visits: 1 },
				{ key: 'b', visits: 9 },
			],
			JSON.parse(JSON.stringify(first.state)),
		);
		expect(second.changed.map((c) => [c.row.key, c.change])).toEqual([
			['a', 'changed'],
			['b', 'new'],
		]);
		const third = diff(
			[
				{ key: 'a', visits: 2 },
				{ key: 'b', visits: 1 },
			],
			second.state,
		);
		expect(third.changed).toEqual([]);
	});

	it('can emit everything on the first run; resets on a new configuration or corrupted state', () => {
		expect(diff([{ key: 'a', visits: 1 }], undefined, { initial: 'emit' }).changed).toHaveLength(1);
		const s = diff([{ key: 'a', visits: 1 }], undefined).state;
		expect(diff([{ key: 'a', visits: 1 }], s, { config: { other: 1 } }).reset).toBe(
			'config-changed',
		);
		expect(diff([{ key: 'a', visits: 1 }], { ...s, k: 'x' }).reset).toBe('invalid-state');
	});

	it('keeps rows it could not read when the report was cut off, forgets vanished rows otherwise', () => {
		const s = diff(
			[
				{ key: 'a', visits: 1 },
				{ key: 'b', visits: 1 },
			],
			undefined,
		).state;
		const cut = diff([{ key: 'a', visits: 1 }], s, { complete: false });
		expect(cut.state.k.length).toBe(18);
		expect(diff([{ key: 'b', visits: 1 }], cut.state).changed).toEqual([]);
		const gone = diff([{ key: 'a', visits: 1 }], s);
		expect(gone.state.k.length).toBe(9);
	});
});

describe('BeMob report helpers', () => {
	it('reads {payload: {rows, total}} and a few other shapes', () => {
		expect(reportRowsOf({ payload: { rows: [{ a: 1 }], total: 3 } })).toEqual({
			rows: [{ a: 1 }],
			total: 3,
		});
		expect(reportRowsOf({ rows: [] })).toEqual({ rows: [], total: undefined });
		expect(reportRowsOf({ payload: [{ a: 1 }] })).toEqual({ rows: [{ a: 1 }], total: undefined });
		expect(reportRowsOf({ code: 'x' })).toBeUndefined();
	});

	it('formats instants, keys and canonical ids', () => {
		expect(bemobInstant(Date.UTC(2025, 5, 16, 22, 0, 0, 999))).toBe('2025-06-16T22:00:00Z');
		const row = { day: '2025-06-16', campaignId: 'c-1', campaignName: 'A', countryCode: 'ES' };
		expect(beMobRowKey(row, ['day', 'campaign', 'country'])).toBe(
			'day=2025-06-16|campaign=c-1|country=ES',
		);
		expect(beMobCanonicalIds(row, ['campaign'])).toMatchObject({
			campaignId: 'c-1',
			campaignName: 'A',
			offerId: null,
		});
	});
});

import type { IDataObject } from 'n8n-workflow';

import { resource as report } from '../../../../nodes/Keitaro/actions/report';
import { FILTER_OPERATORS } from '../../../../nodes/Keitaro/actions/shared';
import { rowsAnswer, run, runError } from './fake';

const base = { resource: 'report', operation: 'build' };
const ok = { 'POST /report/build': rowsAnswer([]) };

describe('Report → Build: request mapping', () => {
	it('declares its spec operation', () => {
		expect(report.operations.build.spec).toEqual(['POST /report/build']);
	});

	it('sends dimensions/measures, the preset range in the workflow time zone and the first page', async () => {
		const { calls } = await run(base, { routes: ok, timezone: 'Europe/Madrid' });
		expect(calls).toHaveLength(1);
		expect(calls[0].method).toBe('POST');
		expect(calls[0].path).toBe('/report/build');
		expect(calls[0].body).toEqual({
			range: { interval: 'today', timezone: 'Europe/Madrid' },
			dimensions: ['campaign'],
			measures: ['clicks', 'conversions', 'revenue', 'cost', 'profit', 'roi'],
			limit: 50,
			offset: 0,
		});
	});

	it('custom range: dates are whole days, times are kept, an explicit time zone wins', async () => {
		const { calls } = await run(
			{
				...base,
				dateRange: 'custom',
				from: '2024-05-01T00:00:00',
				to: '2024-05-07',
				timezone: 'America/New_York',
				dimensions: ['day'],
				measures: ['clicks'],
			},
			{ routes: ok },
		);
		expect(calls[0].body?.range).toEqual({
			from: '2024-05-01',
			to: '2024-05-07',
			timezone: 'America/New_York',
		});
		const timed = await run(
			{ ...base, dateRange: 'custom', from: '2024-05-01 10:30', to: '2024-05-01T18:00:00' },
			{ routes: ok },
		);
		expect(timed.calls[0].body?.range).toEqual({
			from: '2024-05-01 10:30:00',
			to: '2024-05-01 18:00:00',
			timezone: 'UTC',
		});
	});

	it('only From is allowed (open range)', async () => {
		const { calls } = await run(
			{ ...base, dateRange: 'custom', from: '2024-05-01' },
			{ routes: ok },
		);
		expect(calls[0].body?.range).toEqual({ from: '2024-05-01', timezone: 'UTC' });
	});

	it('legacy keys: grouping/metrics instead of dimensions/measures', async () => {
		const { calls } = await run(
			{
				...base,
				dimensions: ['ts', 'landing'],
				measures: ['clicks', 'cr'],
				options: { useLegacyKeys: true },
			},
			{ routes: ok },
		);
		expect(calls[0].body).toMatchObject({ grouping: ['ts', 'landing'], metrics: ['clicks', 'cr'] });
		expect(calls[0].body).not.toHaveProperty('dimensions');
		expect(calls[0].body).not.toHaveProperty('measures');
	});

	it('sort rules in order', async () => {
		const { calls } = await run(
			{
				...base,
				sort: {
					rule: [
						{ name: 'clicks', order: 'DESC' },
						{ name: 'campaign', order: 'ASC' },
					],
				},
			},
			{ routes: ok },
		);
		expect(calls[0].body?.sort).toEqual([
			{ name: 'clicks', order: 'DESC' },
			{ name: 'campaign', order: 'ASC' },
		]);
	});
});

describe('Report → Build: filters typed per operator', () => {
	const cases: Array<[string, IDataObject, IDataObject]> = [
		['EQUALS', { name: 'campaign_id', value: '4' }, { expression: 4 }],
		['EQUALS', { name: 'country_code', value: 'US' }, { expression: 'US' }],
		['EQUALS', { name: 'sub_id_1', value: '00123' }, { expression: '00123' }],
		['NOT_EQUAL', { name: 'stream_id', value: '8' }, { expression: 8 }],
		['GREATER_THAN', { name: 'clicks', number: 100 }, { expression: 100 }],
		['LESS_THAN', { name: 'roi', number: -10.5 }, { expression: -10.5 }],
		['EQUALS_OR_GREATER_THAN', { name: 'conversions', number: 1 }, { expression: 1 }],
		['EQUALS_OR_LESS_THAN', { name: 'cost', number: 0 }, { expression: 0 }],
		[
			'MATCH_REGEXP',
			{ name: 'referrer', value: '/uuid=100[0-9]{2}/' },
			{ expression: '/uuid=100[0-9]{2}/' },
		],
		['NOT_MATCH_REGEXP', { name: 'referrer', value: '/bot/' }, { expression: '/bot/' }],
		['BEGINS_WITH', { name: 'keyword', value: 'abc' }, { expression: 'abc' }],
		['ENDS_WITH', { name: 'keyword', value: 'zyx' }, { expression: 'zyx' }],
		['CONTAINS', { name: 'source', value: 'mnp' }, { expression: 'mnp' }],
		['NOT_CONTAIN', { name: 'source', value: 'abc' }, { expression: 'abc' }],
		['IN_LIST', { name: 'country_code', values: 'US, DE\nGB' }, { expression: ['US', 'DE', 'GB'] }],
		['IN_LIST', { name: 'campaign_id', values: '1,2' }, { expression: [1, 2] }],
		['NOT_IN_LIST', { name: 'sub_id_2', values: '7, 8' }, { expression: ['7', '8'] }],
		['BETWEEN', { name: 'roi', min: '10', max: '20.5' }, { expression: [10, 20.5] }],
		[
			'BETWEEN',
			{ name: 'datetime', min: '2024-05-01 00:00:00', max: '2024-05-02 00:00:00' },
			{ expression: ['2024-05-01 00:00:00', '2024-05-02 00:00:00'] },
		],
		['IS_SET', { name: 'sub_id_1', value: 'ignored' }, {}],
		['IS_NOT_SET', { name: 'sub_id_1' }, {}],
		['IS_TRUE', { name: 'is_bot' }, {}],
		['IS_FALSE', { name: 'is_bot' }, {}],
		['HAS_LABEL', { name: 'sub_id_3', label: 'whitelist' }, { expression: 'whitelist' }],
		['NOT_HAS_LABEL', { name: 'sub_id_3', label: 'blacklist' }, { expression: 'blacklist' }],
		['IP_BEGINS_WITH', { name: 'ip', value: '10.1' }, { expression: '10.1' }],
	];

	it('covers every operator of the docs (§3.2)', () => {
		const tested = new Set(cases.map((c) => c[0]));
		expect(FILTER_OPERATORS.map((o) => o.value).filter((o) => !tested.has(o))).toEqual([]);
		expect(FILTER_OPERATORS).toHaveLength(22);
	});

	it.each(cases)('%s %j', async (operator, row, expected) => {
		const { calls } = await run(
			{ ...base, filters: { filter: [{ operator, ...row }] } },
			{ routes: ok },
		);
		const sent = (calls[0].body?.filters as IDataObject[])[0];
		expect(sent).toEqual({ name: row.name, operator, ...expected });
		if (!('expression' in expected)) expect(sent).not.toHaveProperty('expression');
	});

	it.each([
		[
			{ name: 'clicks', operator: 'GREATER_THAN', number: 'many' },
			'Filter "clicks": Number must be a number',
		],
		[{ name: 'country', operator: 'IN_LIST', values: ' , ' }, 'Filter "country": Values is empty'],
		[
			{ name: 'roi', operator: 'BETWEEN', min: '1' },
			'Filter "roi": Between needs both Range From and Range To',
		],
		[{ name: '', operator: 'EQUALS', value: '1' }, 'Filters: a filter has no Field'],
		[
			{ name: 'x', operator: 'NOT_EQUALS', value: '1' },
			'Filter "x": unknown operator "NOT_EQUALS"',
		],
		[
			{ name: 'ip', operator: 'HAS_LABEL', label: 'greylist' },
			'Label must be whitelist or blacklist',
		],
	])('bad filter %j → NodeOperationError before any request', async (row, message) => {
		const { error, calls } = await runError(
			{ ...base, filters: { filter: [row] } },
			{ routes: ok },
		);
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(error.message).toContain(message);
		expect(error.context?.itemIndex).toBe(0);
		expect(calls).toHaveLength(0);
	});
});

describe('Report → Build: validation', () => {
	it.each([
		[{ timezone: 'Mars/Olympus' }, 'Timezone "Mars/Olympus" is not a valid time zone'],
		[{ dateRange: 'custom' }, 'From or To is required for a custom date range'],
		[{ dateRange: 'custom', from: '2024-13-01' }, 'From "2024-13-01" is not a valid date'],
		[
			{ dateRange: 'custom', from: '2024-05-02', to: '2024-05-01' },
			'To (2024-05-01) is before From (2024-05-02)',
		],
		[{ dimensions: [], measures: [] }, 'Dimensions and Measures are both empty'],
		[{ returnAll: false, limit: 0 }, 'Limit must be a whole number of at least 1'],
	])('%j → %s', async (params, message) => {
		const { error, calls } = await runError({ ...base, ...params }, { routes: ok });
		expect(error.message).toBe(message);
		expect(calls).toHaveLength(0);
	});
});

describe('Report → Build: paging', () => {
	const page = (offset: number, n: number) =>
		Array.from({ length: n }, (_v, k) => ({
			campaign: `c${offset + k}`,
			clicks: String(offset + k),
		}));

	it('Return All: offset += rows.length until total', async () => {
		const { calls, json } = await run(
			{ ...base, returnAll: true, measures: ['clicks'], options: { pageSize: 2 } },
			{
				routes: {
					'POST /report/build': (c) =>
						rowsAnswer(page(Number(c.body?.offset), Math.min(2, 5 - Number(c.body?.offset))), 5),
				},
			},
		);
		expect(calls.map((c) => [c.body?.offset, c.body?.limit])).toEqual([
			[0, 2],
			[2, 2],
			[4, 2],
		]);
		expect(json).toHaveLength(5);
		expect(json[4]).toEqual({ campaign: 'c4', clicks: 4 });
	});

	it('Return All without total stops at a short page', async () => {
		const { calls, json } = await run(
			{ ...base, returnAll: true, options: { pageSize: 3 } },
			{
				routes: {
					'POST /report/build': (c) => ({
						body: { rows: page(Number(c.body?.offset), Number(c.body?.offset) === 0 ? 3 : 1) },
					}),
				},
			},
		);
		expect(calls).toHaveLength(2);
		expect(json).toHaveLength(4);
	});

	it('Return All stops on an empty page', async () => {
		const { calls } = await run(
			{ ...base, returnAll: true, options: { pageSize: 2 } },
			{
				routes: {
					'POST /report/build': (_c, n) => ({ body: { rows: n === 1 ? page(0, 2) : [] } }),
				},
			},
		);
		expect(calls).toHaveLength(2);
	});

	it('Limit larger than a page: asks only for what is missing', async () => {
		const { calls, json } = await run(
			{ ...base, returnAll: false, limit: 3, options: { pageSize: 2, offset: 10 } },
			{
				routes: {
					'POST /report/build': (c) =>
						rowsAnswer(page(Number(c.body?.offset), Number(c.body?.limit)), 100),
				},
			},
		);
		expect(calls.map((c) => [c.body?.offset, c.body?.limit])).toEqual([
			[10, 2],
			[12, 1],
		]);
		expect(json.map((r) => r.campaign)).toEqual(['c10', 'c11', 'c12']);
	});
});

describe('Report → Build: output', () => {
	const rows = [
		{
			day: '2025-06-15',
			campaign_id: '1',
			external_id: '120210000123456789',
			sub_id_1: '00123',
			clicks: '49',
			revenue: '32.00',
			cr: 2.04,
			extra: { a: 1, b: 'x' },
			tags: ['a', 'b'],
		},
		{ campaign_id: 2, clicks: 3 },
	];

	it('Simplify: lossless numbers, requested columns first (missing as null), nested flattened', async () => {
		const { json, output } = await run(
			{
				...base,
				dimensions: ['day', 'campaign_id', 'external_id', 'sub_id_1'],
				measures: ['clicks', 'revenue', 'cr'],
			},
			{ routes: { 'POST /report/build': rowsAnswer(rows) } },
		);
		expect(json[0]).toEqual({
			day: '2025-06-15',
			campaign_id: 1,
			external_id: '120210000123456789',
			sub_id_1: '00123',
			clicks: 49,
			revenue: 32,
			cr: 2.04,
			'extra.a': 1,
			'extra.b': 'x',
			tags: 'a, b',
		});
		expect(Object.keys(json[1])).toEqual([
			'day',
			'campaign_id',
			'external_id',
			'sub_id_1',
			'clicks',
			'revenue',
			'cr',
		]);
		expect(json[1]).toMatchObject({ day: null, campaign_id: 2, clicks: 3, revenue: null });
		expect(output.every((o) => JSON.stringify(o.pairedItem) === JSON.stringify({ item: 0 }))).toBe(
			true,
		);
	});

	it('Simplify off: rows exactly as sent', async () => {
		const { json } = await run(
			{ ...base, simplify: false },
			{ routes: { 'POST /report/build': rowsAnswer(rows) } },
		);
		expect(json).toEqual(rows);
	});

	it('summary: asked on the first page only, added as a last item', async () => {
		const { json, calls } = await run(
			{
				...base,
				returnAll: true,
				measures: ['clicks', 'revenue'],
				options: { summary: true, pageSize: 1 },
			},
			{
				routes: {
					'POST /report/build': (c) =>
						rowsAnswer(
							Number(c.body?.offset) < 2 ? [{ campaign: 'x', clicks: '1', revenue: '2.50' }] : [],
							2,
							{
								summary: { clicks: 2, revenue: '5.00' },
							},
						),
				},
			},
		);
		expect(calls[0].body?.summary).toBe(true);
		expect(calls[1].body).not.toHaveProperty('summary');
		expect(json).toHaveLength(3);
		expect(json[2]).toEqual({ is_summary: true, clicks: 2, revenue: 5 });
	});

	it('one run per input item, each paired with its item', async () => {
		const { output, calls } = await run(base, {
			routes: { 'POST /report/build': rowsAnswer([{ campaign: 'a', clicks: 1 }]) },
			items: [{ json: {} }, { json: {} }],
		});
		expect(calls).toHaveLength(2);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

import { resource as click } from '../../../../nodes/Keitaro/actions/click';
import { resource as conversion } from '../../../../nodes/Keitaro/actions/conversion';
import { rowsAnswer, run, runError } from './fake';

describe('Click → Get Log', () => {
	const base = { resource: 'click', operation: 'getLog' };

	it('declares its spec operation and is the default of Click', () => {
		expect(click.operations.getLog.spec).toEqual(['POST /clicks/log']);
		expect(click.defaultOperation).toBe('getLog');
	});

	it('sends range, default columns, filters, sort and paging', async () => {
		const { calls, json } = await run(
			{
				...base,
				dateRange: 'yesterday',
				timezone: 'Europe/Berlin',
				filters: { filter: [{ name: 'sub_id', operator: 'IN_LIST', values: 'abc,def' }] },
				sort: { rule: [{ name: 'datetime', order: 'DESC' }] },
				limit: 10,
			},
			{
				routes: {
					'POST /clicks/log': rowsAnswer([
						{
							datetime: '2025-06-15 10:00:00',
							sub_id: 'abc',
							campaign_id: '3',
							cost: '0.0500',
							is_bot: 0,
						},
					]),
				},
			},
		);
		expect(calls[0].path).toBe('/clicks/log');
		expect(calls[0].body).toMatchObject({
			range: { interval: 'yesterday', timezone: 'Europe/Berlin' },
			filters: [{ name: 'sub_id', operator: 'IN_LIST', expression: ['abc', 'def'] }],
			sort: [{ name: 'datetime', order: 'DESC' }],
			limit: 10,
			offset: 0,
		});
		expect(calls[0].body?.columns).toEqual(
			expect.arrayContaining(['datetime', 'sub_id', 'campaign_id']),
		);
		expect(json[0]).toMatchObject({
			datetime: '2025-06-15 10:00:00',
			sub_id: 'abc',
			campaign_id: 3,
			cost: 0.05,
		});
	});

	it('columns from an expression (comma-separated text) are accepted', async () => {
		const { calls } = await run(
			{ ...base, columns: 'click_id, sub_id,ip' as unknown as string[] },
			{ routes: { 'POST /clicks/log': rowsAnswer([]) } },
		);
		expect(calls[0].body?.columns).toEqual(['click_id', 'sub_id', 'ip']);
	});
});

describe('Conversion → Get Log', () => {
	const base = { resource: 'conversion', operation: 'getLog' };

	it('declares its spec operation', () => {
		expect(conversion.operations.getLog.spec).toEqual(['POST /conversions/log']);
	});

	it('default columns are conversion columns, without payout', async () => {
		const { calls } = await run(base, { routes: { 'POST /conversions/log': rowsAnswer([]) } });
		const columns = calls[0].body?.columns as string[];
		expect(columns).toEqual(
			expect.arrayContaining([
				'status',
				'previous_status',
				'original_status',
				'postback_datetime',
				'tid',
				'revenue',
			]),
		);
		expect(columns).not.toContain('payout');
	});

	it('payout is refused before sending, pointing at revenue', async () => {
		const { error, calls } = await runError(
			{ ...base, columns: ['status', 'payout'] },
			{ routes: { 'POST /conversions/log': rowsAnswer([]) } },
		);
		expect(error.message).toContain('Columns: "payout" is not a conversion log column');
		expect(error.message).toContain('revenue');
		expect(calls).toHaveLength(0);
	});

	it('status filter and Return All paging', async () => {
		const rows = (o: number, n: number) =>
			Array.from({ length: n }, (_v, k) => ({
				conversion_id: String(o + k),
				status: 'lead',
				revenue: '1.50',
			}));
		const { calls, json } = await run(
			{
				...base,
				returnAll: true,
				columns: ['conversion_id', 'status', 'revenue'],
				filters: { filter: [{ name: 'status', operator: 'EQUALS', value: 'lead' }] },
				options: { pageSize: 2 },
			},
			{
				routes: {
					'POST /conversions/log': (c) =>
						rowsAnswer(rows(Number(c.body?.offset), Number(c.body?.offset) < 2 ? 2 : 1), 3),
				},
			},
		);
		expect(calls).toHaveLength(2);
		expect(calls[0].body?.filters).toEqual([
			{ name: 'status', operator: 'EQUALS', expression: 'lead' },
		]);
		expect(json).toEqual([
			{ conversion_id: '0', status: 'lead', revenue: 1.5 },
			{ conversion_id: '1', status: 'lead', revenue: 1.5 },
			{ conversion_id: '2', status: 'lead', revenue: 1.5 },
		]);
	});
});

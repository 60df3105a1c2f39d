import type { IDataObject } from 'n8n-workflow';

import { beMobRowProblem, readBeMobReport } from '../../../nodes/BeMob/trigger/report';

describe('BeMob report rows at the boundary (zod)', () => {
	it('accepts ids as strings or numbers, days as YYYY-MM-DD, numeric measures', () => {
		expect(
			beMobRowProblem(
				{ campaignId: 'c1', day: '2025-06-16', clicks: 3, revenue: '1.50', roi: null },
				['campaign', 'day'],
				0,
			),
		).toBeUndefined();
		expect(beMobRowProblem({ offerId: 7, cost: 0 }, ['offer'], 0)).toBeUndefined();
	});

	it('names the column and BeMob for a missing, renamed or malformed field', () => {
		expect(beMobRowProblem({ campaign_id: 'c1', clicks: 1 }, ['campaign'], 4)).toBe(
			"BeMob's report rows have no campaignId column (row 5 has campaign_id, clicks); the report was grouped by campaign",
		);
		expect(beMobRowProblem({ campaignId: 'c1', day: '16.06.2025' }, ['campaign', 'day'], 0)).toBe(
			'BeMob sent report row 1 whose day is "16.06.2025": expected a date YYYY-MM-DD',
		);
		expect(beMobRowProblem({ campaignId: '' }, ['campaign'], 0)).toBe(
			'BeMob sent report row 1 whose campaignId is "": expected an id',
		);
		expect(beMobRowProblem({ campaignId: 'c1', revenue: '1,5' }, ['campaign'], 0)).toBe(
			'BeMob sent report row 1 whose revenue is "1,5": expected a number',
		);
		expect(beMobRowProblem('x', ['campaign'], 2)).toBe(
			'BeMob sent report row 3 as "x" instead of an object',
		);
	});

	it('stops the read at the first bad row, with the sentence', async () => {
		const pages: IDataObject[] = [
			{
				payload: {
					rows: [
						{ campaignId: 'a', clicks: 1 },
						{ campaignId: 'b', clicks: 'many' },
					],
					total: 2,
				},
			},
		];
		await expect(
			readBeMobReport(
				async () => pages.shift(),
				{ fromMs: 0, toMs: 1000, groupBy: ['campaign'], pageSize: 10, maxRows: 100 },
				(message) => {
					throw new Error(message);
				},
			),
		).rejects.toThrow('BeMob sent report row 2 whose clicks is "many": expected a number');
	});
});

/** Cost → Update: campaigns come from a multi-select of the tracker's campaigns (issue 14). */
import { Keitaro } from '../../../../nodes/Keitaro/Keitaro.node';
import type { Call } from './fake';
import { makeContext } from './fake';

describe('Cost → Update campaign picker', () => {
	it('is a multi-select loaded from the tracker (expressions still allowed)', () => {
		const p = new Keitaro().description.properties.find(
			(x) => x.name === 'campaignIds' && x.displayOptions?.show?.resource?.includes('cost'),
		)!;
		expect(p.type).toBe('multiOptions');
		expect(p.typeOptions?.loadOptionsMethod).toBe('getCampaigns');
	});

	it.each([
		['picked in the list', ['12', '13']],
		['an expression giving text', '12, 13'],
		['an expression giving a number list', [12, 13]],
	])('sends the campaigns %s', async (_what, campaignIds) => {
		const { ctx, calls } = makeContext(
			{
				resource: 'cost',
				operation: 'update',
				method: 'bulk',
				campaignIds,
				currency: 'USD',
				startDate: '2024-05-01',
				cost: 10,
			},
			{ routes: { 'POST /clicks/update_costs': { body: { success: true } } } as never, items: [{ json: {} }] },
		);
		await new Keitaro().execute.call(ctx);
		const sent = (calls as Call[]).find((c) => c.method === 'POST' && c.path.endsWith('/clicks/update_costs'));
		expect((sent?.body as { campaign_ids: number[] }).campaign_ids).toEqual([12, 13]);
	});
});

/**
 * Error paths of the data operations against the Keitaro mock (real HTTP): validation errors
 * (422 {field: [messages]}), 400 unknown names with the list of valid ones, continueOnFail.
 */
import { startKeitaroMock } from '../../../mock-servers/keitaro/server';
import type { Mock } from './live';
import { runLive, runLiveError } from './live';

describe('Keitaro data operations: error paths (mock)', () => {
	let mock: Mock;
	beforeAll(async () => {
		mock = await startKeitaroMock({ seedData: { days: 3 } });
	});
	afterAll(async () => await mock.close());

	it('400 unknown column: the message carries the valid names the tracker listed', async () => {
		const { error } = await runLiveError(mock, {
			resource: 'conversion',
			operation: 'getLog',
			columns: ['status', 'payment'],
		});
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('400');
		expect(error.message).toContain("Unknown column 'payment'");
		expect(error.description).toContain('postback_datetime');
		expect(error.message).not.toContain(mock.apiKey);
	});

	it('400 unknown measure in a report', async () => {
		const { error } = await runLiveError(mock, {
			resource: 'report',
			operation: 'build',
			measures: ['clicks', 'sale_cr'],
		});
		expect(error.httpCode).toBe('400');
		expect(error.message).toContain("Unknown measure 'sale_cr'");
		expect(error.description).toContain('crs');
	});

	it('422 field errors: unknown campaign in a cost update names the field', async () => {
		const { error } = await runLiveError(mock, {
			resource: 'cost',
			operation: 'update',
			campaignIds: '999999',
			startDate: '2025-06-15',
			currency: 'USD',
			cost: 10,
		});
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('422');
		expect(error.message).toContain('campaign_ids: Campaigns not found: 999999');
		expect(error.description).toContain('- campaign_ids: Campaigns not found: 999999');
		expect(error.context?.itemIndex).toBe(0);
	});

	it('406 (the spec status for validation) is read the same way', async () => {
		mock.options.validationStatus = 406;
		try {
			const { error } = await runLiveError(mock, {
				resource: 'cost',
				operation: 'update',
				campaignIds: '999998',
				startDate: '2025-06-15',
				currency: 'USD',
				cost: 10,
			});
			expect(error.httpCode).toBe('406');
			expect(error.message).toContain('campaign_ids: Campaigns not found: 999998');
		} finally {
			mock.options.validationStatus = 422;
		}
	});

	it('404 on a missing campaign names the campaign', async () => {
		const { error } = await runLiveError(mock, {
			resource: 'label',
			operation: 'update',
			campaignId: { __rl: true, mode: 'id', value: '999999' },
			values: 'x',
		});
		expect(error.httpCode).toBe('404');
		expect(error.message).toContain('Campaign 999999 was not found');
	});

	it('continueOnFail on a per-item operation: one error item, the other items still run', async () => {
		const { json, output } = await runLive(
			mock,
			{
				resource: 'report',
				operation: 'build',
				dateRange: 'yesterday',
				timezone: 'UTC',
				dimensions: ['campaign_id'],
				measures: ['clicks'],
			},
			{
				continueOnFail: true,
				perItem: [{}, { measures: ['clicks', 'bogus'] }, {}],
			},
		);
		const errors = json.filter((j) => 'error' in j);
		expect(errors).toHaveLength(1);
		expect(String(errors[0].error)).toContain("Unknown measure 'bogus'");
		expect(errors[0].httpCode).toBe('400');
		const paired = output.map((o) => (o.pairedItem as { item: number }).item);
		expect(paired.filter((p) => p === 1)).toHaveLength(1);
		expect(paired.filter((p) => p === 0).length).toBeGreaterThan(0);
		expect(paired.filter((p) => p === 2).length).toBe(paired.filter((p) => p === 0).length);
	});

	it('continueOnFail on the cost batch: the failing request’s items get the error', async () => {
		const { json } = await runLive(
			mock,
			{
				resource: 'cost',
				operation: 'update',
				campaignIds: '1',
				startDate: '2025-06-15',
				currency: 'USD',
				cost: 1,
			},
			{ continueOnFail: true, perItem: [{}, { campaignIds: '999999' }] },
		);
		expect(json.map((j) => j.status)).toEqual(['sent', 'failed']);
		expect(json[1].httpCode).toBe('422');
	});
});

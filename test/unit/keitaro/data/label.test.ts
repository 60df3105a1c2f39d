import { resource as label } from '../../../../nodes/Keitaro/actions/label';
import { run, runError } from './fake';

const campaign = (value: string | number, mode = 'id') => ({
	__rl: true,
	mode,
	value: String(value),
});

describe('Label → Get', () => {
	const base = { resource: 'label', operation: 'get' };

	it('declares its spec operation and is the default of Label', () => {
		// GET /campaigns: the campaign picker's By Alias mode looks the alias up.
		expect(label.operations.get.spec).toEqual(['GET /report/labels', 'GET /campaigns']);
		expect(label.defaultOperation).toBe('get');
	});

	it('sends the three required query parameters and lists the labelled values', async () => {
		const { calls, json } = await run(
			{ ...base, campaignId: campaign(12), refName: 'sub_id_2', label: 'blacklist' },
			{
				routes: {
					'GET /report/labels': { body: { 'site-1': 'blacklist', 'site-2': 'blacklist' } },
				},
			},
		);
		expect(calls[0]).toMatchObject({
			method: 'GET',
			path: '/report/labels',
			qs: { campaign_id: 12, label_name: 'blacklist', ref_name: 'sub_id_2' },
		});
		expect(json).toEqual([
			{ campaign_id: 12, ref_name: 'sub_id_2', value: 'site-1', label: 'blacklist' },
			{ campaign_id: 12, ref_name: 'sub_id_2', value: 'site-2', label: 'blacklist' },
		]);
	});

	it('a bad campaign ID fails before any request', async () => {
		const { error, calls } = await runError(
			{ ...base, campaignId: campaign('abc') },
			{ routes: {} },
		);
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(calls).toHaveLength(0);
	});
});

describe('Label → Update', () => {
	const base = { resource: 'label', operation: 'update' };

	it('declares its spec operation', () => {
		expect(label.operations.update.spec).toEqual(['POST /report/labels', 'GET /campaigns']);
	});

	it('sends items {value: label}', async () => {
		const { calls, json } = await run(
			{
				...base,
				campaignId: campaign(3),
				refName: 'ip',
				values: '1.2.3.4, 5.6.7.8\n9.9.9.9',
				label: 'whitelist',
			},
			{ routes: { 'POST /report/labels': { body: { success: true } } } },
		);
		expect(calls[0].body).toEqual({
			campaign_id: 3,
			ref_name: 'ip',
			items: { '1.2.3.4': 'whitelist', '5.6.7.8': 'whitelist', '9.9.9.9': 'whitelist' },
		});
		expect(json[0]).toEqual({
			success: true,
			campaign_id: 3,
			ref_name: 'ip',
			label: 'whitelist',
			values: ['1.2.3.4', '5.6.7.8', '9.9.9.9'],
		});
	});

	it('Remove Label sends an empty label', async () => {
		const { calls } = await run(
			{ ...base, campaignId: campaign(3), refName: 'source', values: 'a.com', label: 'remove' },
			{ routes: { 'POST /report/labels': { body: { success: true } } } },
		);
		expect(calls[0].body?.items).toEqual({ 'a.com': '' });
	});

	it('empty Values → error, nothing sent', async () => {
		const { error, calls } = await runError(
			{ ...base, campaignId: campaign(3), values: ' ,\n' },
			{ routes: {} },
		);
		expect(error.message).toBe('Values is empty');
		expect(calls).toHaveLength(0);
	});
});

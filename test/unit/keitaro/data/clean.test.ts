import { resource as click } from '../../../../nodes/Keitaro/actions/click';
import { run, runError } from './fake';

const base = { resource: 'click', operation: 'clean' };
const ok = { 'POST /clicks/clean': { body: { success: true } } };

describe('Click → Clean', () => {
	it('declares its spec operation', () => {
		expect(click.operations.clean.spec).toEqual(['POST /clicks/clean']);
	});

	it('refuses to run without Confirm and sends nothing', async () => {
		const { error, calls } = await runError({ ...base, startDate: '2024-05-01' }, { routes: ok });
		expect(error.message).toBe('Confirm is off: nothing was deleted');
		expect(calls).toHaveLength(0);
	});

	it('whole days, all campaigns, workflow time zone', async () => {
		const { calls, json } = await run(
			{ ...base, confirm: true, startDate: '2024-05-01T00:00:00', endDate: '2024-05-03' },
			{ routes: ok, timezone: 'Europe/Kyiv' },
		);
		expect(calls[0]).toMatchObject({ method: 'POST', path: '/clicks/clean' });
		expect(calls[0].body).toEqual({
			start_date: '2024-05-01 00:00:00',
			end_date: '2024-05-03 23:59:59',
			timezone: 'Europe/Kyiv',
		});
		expect(json[0]).toEqual({
			success: true,
			start_date: '2024-05-01 00:00:00',
			end_date: '2024-05-03 23:59:59',
			timezone: 'Europe/Kyiv',
			campaign_id: null,
			scope: 'all campaigns',
		});
	});

	it('exact period of one campaign', async () => {
		const { calls } = await run(
			{
				...base,
				confirm: true,
				period: 'exact',
				startDate: '2024-05-01 10:10',
				endDate: '2024-05-01T12:00:00',
				timezone: 'UTC',
				cleanCampaignId: 7,
			},
			{ routes: ok },
		);
		expect(calls[0].body).toEqual({
			start_date: '2024-05-01 10:10:00',
			end_date: '2024-05-01 12:00:00',
			timezone: 'UTC',
			campaign_id: 7,
		});
	});

	it.each([
		[{ startDate: '' }, 'Start Date is empty: a date is required'],
		[
			{ startDate: '2024-05-02', endDate: '2024-05-01' },
			'End Date (2024-05-01) is before Start Date (2024-05-02)',
		],
		[
			{ period: 'exact', startDate: '2024-05-01 10:00', endDate: '2024-05-01 09:00' },
			'must be after Start Date',
		],
		[
			{ startDate: '2024-05-01', timezone: 'Nowhere/City' },
			'Timezone "Nowhere/City" is not a valid time zone',
		],
	])('%j → %s', async (params, message) => {
		const { error, calls } = await runError({ ...base, confirm: true, ...params }, { routes: ok });
		expect(error.message).toContain(message);
		expect(calls).toHaveLength(0);
	});
});

/**
 * Keitaro → Tracking → Apply Tracking Parameters against the Keitaro mock over real HTTP: a dry run
 * only reads; a real run keeps the entity's other parameters whether Keitaro's PUT
 * replaces or merges (the node sends the whole object); campaigns answered with JSON-encoded
 * `parameters`; nothing is sent when nothing changes; sample items are refused; the Other / Custom
 * network takes the user's macros.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startKeitaroMock } from '../mock-servers/keitaro/server';
import type { Mock } from '../unit/keitaro/data/live';
import {
	clearLoggedRequests,
	loggedRequests,
	runLive,
	runLiveError,
} from '../unit/keitaro/data/live';

const rl = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const calls = (mock: Mock) =>
	loggedRequests(mock).map((r) => `${r.method} ${r.path.replace('/admin_api/v1', '')}`);
const base: INodeParameters = {
	resource: 'tracking',
	operation: 'applyParameters',
	adNetwork: 'facebook',
};
const KEPT = { name: 'utm_source', placeholder: 'fb', alias: 'Kept by the node' };

describe.each([false, true])(
	'Apply Tracking Parameters (campaign parameters as a JSON string: %s)',
	(asString) => {
		let mock: Mock;
		beforeAll(async () => {
			mock = await startKeitaroMock({ seed: 3, campaignParametersAsString: asString });
		});
		afterAll(async () => await mock.close());

		it('a dry run reads the traffic source and sends nothing', async () => {
			clearLoggedRequests(mock);
			const { json } = await runLive(mock, { ...base, trafficSourceId: rl(1), dryRun: true });
			expect(calls(mock)).toEqual(['GET /traffic_sources/1']);
			expect(json[0]).toMatchObject({
				dryRun: true,
				applied: false,
				target: 'trafficSource',
				id: 1,
			});
			expect(json[0].changedParameters).toEqual(expect.arrayContaining(['sub_id_1', 'sub_id_5']));
			expect((json[0].parameters as IDataObject).sub_id_1).toEqual({
				name: 'sub_id_1',
				placeholder: '{{campaign.id}}',
				alias: 'Campaign ID',
			});
		});

		it('stores the parameters on a traffic source and keeps its other parameters', async () => {
			await runLive(mock, {
				resource: 'trafficSource',
				operation: 'update',
				trafficSourceId: rl(1),
				updateFields: { additionalJson: JSON.stringify({ parameters: { source: KEPT } }) },
			});
			clearLoggedRequests(mock);
			const { json } = await runLive(mock, { ...base, trafficSourceId: rl(1), dryRun: false });
			expect(calls(mock)).toEqual(['GET /traffic_sources/1', 'PUT /traffic_sources/1']);
			const put = loggedRequests(mock).find((r) => r.method === 'PUT')!.body as IDataObject;
			expect(Object.keys(put)).toEqual(['parameters']);
			const sent = put.parameters as IDataObject;
			expect(sent.source).toEqual(KEPT);
			expect(sent.sub_id_3).toEqual({ name: 'sub_id_3', placeholder: '{{ad.id}}', alias: 'Ad' });
			expect(json[0]).toMatchObject({ dryRun: false, applied: true });

			// the same again: nothing changes, nothing is sent
			clearLoggedRequests(mock);
			const again = await runLive(mock, { ...base, trafficSourceId: rl(1), dryRun: false });
			expect(calls(mock)).toEqual(['GET /traffic_sources/1']);
			expect(again.json[0]).toMatchObject({ applied: false, changedParameters: [] });
		});

		it('stores them on a campaign, reading its parameters in either form', async () => {
			await runLive(mock, {
				resource: 'campaign',
				operation: 'update',
				campaignId: rl(1),
				updateFields: { additionalJson: JSON.stringify({ parameters: { source: KEPT } }) },
			});
			clearLoggedRequests(mock);
			const { json } = await runLive(mock, {
				...base,
				applyTo: 'campaign',
				campaignId: rl(1),
				adNetwork: 'mgid',
				dryRun: false,
			});
			expect(calls(mock)).toEqual(['GET /campaigns/1', 'PUT /campaigns/1']);
			const sent = (loggedRequests(mock).find((r) => r.method === 'PUT')!.body as IDataObject)
				.parameters as IDataObject;
			expect(sent.source).toEqual(KEPT);
			expect(sent.cost).toEqual({ name: 'cost', placeholder: '{click_price}' });
			expect(json[0]).toMatchObject({ applied: true, target: 'campaign', id: 1 });
		});

		it('refuses a sample item before any request', async () => {
			clearLoggedRequests(mock);
			const { error } = await runLiveError(
				mock,
				{ ...base, trafficSourceId: rl(1), dryRun: false },
				{ items: [{ json: { _sample: true } }] },
			);
			expect(error.message).toMatch(/sample/i);
			expect(calls(mock).filter((c) => c.startsWith('PUT'))).toEqual([]);
		});

		it('Other / Custom: the macros typed by the user, and a clear error when there is none', async () => {
			clearLoggedRequests(mock);
			const { json } = await runLive(mock, {
				...base,
				trafficSourceId: rl(2),
				adNetwork: 'custom',
				dryRun: true,
				customCampaignId: '{camp}',
				customClickId: '{clid}',
			});
			expect(json[0].urlParameters).toBe('sub_id_1={camp}&sub_id_5={clid}');
			expect(json[0].unverified).toEqual([]);
			const { error } = await runLiveError(mock, {
				...base,
				trafficSourceId: rl(2),
				adNetwork: 'custom',
				dryRun: true,
			});
			expect(error.message).toMatch(/Other \/ Custom network: no macro is set/);
		});
	},
);

describe('Generate Tracking Parameters: the new networks', () => {
	let mock: Mock;
	beforeAll(async () => {
		mock = await startKeitaroMock({ seed: 3 });
	});
	afterAll(async () => await mock.close());

	it.each([
		'exoclick',
		'trafficjunky',
		'richads',
		'adsterra',
		'popads',
		'mintegral',
		'yandexdirect',
		'vkads',
	])('%s gives a string, its source and which macros are unverified', async (adNetwork) => {
		clearLoggedRequests(mock);
		const { json } = await runLive(mock, {
			resource: 'tracking',
			operation: 'generateParameters',
			adNetwork,
		});
		expect(calls(mock)).toEqual([]);
		expect(json[0].urlParameters).toMatch(/^sub_id_1=/);
		expect(json[0].source).toMatch(/^https:\/\//);
		expect(Array.isArray(json[0].unverified)).toBe(true);
	});
});

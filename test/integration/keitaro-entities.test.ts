/**
 * The entity resources of the Keitaro node against the Keitaro mock over real HTTP (n8n stand-in
 * harness → shared request layer → axios → mock): campaign lifecycle, flows with offers and
 * landing pages, offer files, bot list, groups, users, domains, integrations, logs, list searches
 * and load options, and the tracker's error answers.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

import { KeitaroApi } from '../../credentials/KeitaroApi.credentials';
import { Keitaro } from '../../nodes/Keitaro/Keitaro.node';
import { listSearch, loadOptions } from '../../nodes/Keitaro/methods';
import { Harness, createContext } from '../helpers/n8n';
import { startKeitaroMock, type KeitaroMock } from '../mock-servers/keitaro/server';

const rl = (value: string | number, mode = 'id'): INodeParameterResourceLocator => ({
	__rl: true,
	mode,
	value: String(value),
});

describe('Keitaro entity resources against the Keitaro mock', () => {
	let mock: KeitaroMock;
	let harness: Harness;
	const node = new Keitaro();

	beforeAll(async () => {
		mock = await startKeitaroMock({ extraRoutes: true, seedData: { days: 1, clicksPerDay: 20 } });
		harness = new Harness().addCredential(new KeitaroApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			authMode: 'apiKeyHeader',
			connectionCheck: '',
		});
	});
	afterAll(async () => await mock?.close());

	async function exec(
		parameters: INodeParameters,
		options: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
	): Promise<INodeExecutionData[]> {
		const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
		const ctx = createContext<IExecuteFunctions>({
			harness,
			nodeType: node,
			parameters,
			items,
			continueOnFail: options.continueOnFail,
		});
		const helpers = ctx.helpers as unknown as Record<string, unknown>;
		helpers.prepareBinaryData = async (data: Buffer, fileName?: string, mimeType?: string) =>
			({ data: data.toString('base64'), fileName, mimeType }) as IBinaryData;
		helpers.assertBinaryData = (i: number, prop: string) => items[i].binary![prop];
		helpers.getBinaryDataBuffer = async (i: number, prop: string) =>
			Buffer.from(items[i].binary![prop].data, 'base64');
		const [out] = await node.execute.call(ctx);
		return out;
	}

	const json = async (parameters: INodeParameters) => (await exec(parameters)).map((o) => o.json);
	const one = async (parameters: INodeParameters) => (await json(parameters))[0];

	function loadCtx(current: INodeParameters = {}): ILoadOptionsFunctions {
		const ctx = createContext<ILoadOptionsFunctions>({ harness });
		(ctx as unknown as Record<string, unknown>).getCurrentNodeParameter = (name: string) =>
			current[name];
		return ctx;
	}

	it('campaign: create → get (by ID and alias) → update → archive → get archived → restore → clone', async () => {
		const created = await one({
			resource: 'campaign',
			operation: 'create',
			name: 'n8n test campaign',
			alias: 'n8n-test-1',
			additionalFields: {
				type: 'weight',
				cost_type: 'CPC',
				cost_value: 0.05,
				uniqueness_method: 'ip_ua',
				bind_visitors: 'sl',
				parameters: {
					parameter: [{ key: 'sub_id_1', name: 'zone', placeholder: '{zone}', alias: 'Zone' }],
				},
				postbacks: {
					postback: [
						{ method: 'GET', statuses: ['sale'], url: 'https://src.example/pb?c={external_id}' },
					],
				},
			},
		});
		expect(created).toMatchObject({
			name: 'n8n test campaign',
			alias: 'n8n-test-1',
			type: 'weight',
			bind_visitors: 'sl',
		});
		expect(created.parameters).toEqual({
			sub_id_1: { name: 'zone', placeholder: '{zone}', alias: 'Zone' },
		});
		const id = created.id as number;

		expect(await one({ resource: 'campaign', operation: 'get', campaignId: rl(id) })).toMatchObject(
			{ id, alias: 'n8n-test-1' },
		);
		expect(
			await one({ resource: 'campaign', operation: 'get', campaignId: rl('n8n-test-1', 'alias') }),
		).toMatchObject({ id });

		const updated = await one({
			resource: 'campaign',
			operation: 'update',
			campaignId: rl(id),
			updateFields: { name: 'Renamed', bind_visitors: 'off' },
		});
		expect(updated).toMatchObject({
			id,
			name: 'Renamed',
			bind_visitors: null,
			alias: 'n8n-test-1',
		});

		expect(
			await one({ resource: 'campaign', operation: 'disable', campaignId: rl(id) }),
		).toMatchObject({ state: 'disabled' });
		expect(
			await one({ resource: 'campaign', operation: 'enable', campaignId: rl(id) }),
		).toMatchObject({ state: 'active' });

		expect(
			await one({ resource: 'campaign', operation: 'archive', campaignId: rl(id) }),
		).toMatchObject({ id, state: 'deleted' });
		const all = await json({ resource: 'campaign', operation: 'getAll', returnAll: true });
		expect(all.some((c) => c.id === id)).toBe(false);
		const archived = await json({
			resource: 'campaign',
			operation: 'getArchived',
			returnAll: true,
		});
		expect(archived.some((c) => c.id === id)).toBe(true);

		expect(
			await one({ resource: 'campaign', operation: 'restore', campaignId: rl(id) }),
		).toMatchObject({ id, state: 'active' });
		mock.options.arrayWrapped = true; // live quirk: clone answers [entity]
		try {
			const copy = await exec({ resource: 'campaign', operation: 'clone', campaignId: rl(id) });
			expect(copy).toHaveLength(1);
			expect(copy[0].json).toMatchObject({ name: 'Renamed (copy)' });
			expect(copy[0].json.id).not.toBe(id);
		} finally {
			mock.options.arrayWrapped = false;
		}

		const limited = await json({
			resource: 'campaign',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
		});
		expect(limited).toHaveLength(2);
	});

	it('campaign: a duplicate alias is a 422 with the field listed; a missing one a named 404', async () => {
		await expect(
			exec({ resource: 'campaign', operation: 'create', name: 'Dup', alias: 'n8n-test-1' }),
		).rejects.toThrow('Keitaro rejected the data (HTTP 422): alias: Alias has already used');
		await expect(
			exec({ resource: 'campaign', operation: 'get', campaignId: rl(999999) }),
		).rejects.toThrow('Campaign 999999 was not found in Keitaro (HTTP 404)');
		const out = await exec(
			{ resource: 'offer', operation: 'get', offerId: rl(999999) },
			{ continueOnFail: true },
		);
		expect(out).toEqual([
			{
				json: expect.objectContaining({
					error: 'Offer 999999 was not found in Keitaro (HTTP 404)',
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('campaign: update costs and clean archive (newer versions)', async () => {
		const [c] = await json({
			resource: 'campaign',
			operation: 'getAll',
			returnAll: false,
			limit: 1,
		});
		const res = await one({
			resource: 'campaign',
			operation: 'updateCosts',
			campaignId: rl(c.id as number),
			startDate: '2025-06-15T00:00:00',
			endDate: '2025-06-15T23:59:00',
			timezone: 'UTC',
			cost: 12.5,
			currency: 'USD',
		});
		expect(res).toMatchObject({ success: true });
		const victim = await one({
			resource: 'campaign',
			operation: 'create',
			name: 'Trash',
			alias: 'n8n-trash',
		});
		await exec({ resource: 'campaign', operation: 'archive', campaignId: rl(victim.id as number) });
		expect(
			await one({ resource: 'campaign', operation: 'cleanArchive', confirm: true }),
		).toMatchObject({ success: true });
		const archived = await json({
			resource: 'campaign',
			operation: 'getArchived',
			returnAll: true,
		});
		expect(archived.some((a) => a.id === victim.id)).toBe(false);
	});

	it('flows with offers and landing pages: create → get → update (offers replaced) → list → archive → restore', async () => {
		const campaign = await one({
			resource: 'campaign',
			operation: 'create',
			name: 'Flow host',
			alias: 'n8n-flows',
		});
		const offerA = await one({
			resource: 'offer',
			operation: 'create',
			name: 'Offer A',
			additionalFields: {
				action_payload: 'https://a.example/?s={subid}',
				country: 'US, DE',
				payout_value: 10,
			},
		});
		const offerB = await one({ resource: 'offer', operation: 'create', name: 'Offer B' });
		const landing = await one({
			resource: 'landingPage',
			operation: 'create',
			name: 'LP',
			additionalFields: {
				landing_type: 'external',
				action_type: 'http',
				url: 'https://lp.example/',
			},
		});
		expect(offerA.country).toEqual(['US', 'DE']);

		const flow = await one({
			resource: 'flow',
			operation: 'create',
			campaignId: rl('n8n-flows', 'alias'),
			name: 'US traffic',
			type: 'regular',
			schema: 'landings',
			action_type: 'http',
			additionalFields: {
				offers: {
					offer: [
						{ id: String(offerA.id), share: 70, state: 'active' },
						{ id: String(offerB.id), share: 30, state: 'active' },
					],
				},
				landings: { landing: [{ id: String(landing.id), share: 100, state: 'active' }] },
				filters: { filter: [{ name: 'country', mode: 'accept', payload: 'US' }] },
			},
		});
		expect(flow).toMatchObject({
			campaign_id: campaign.id,
			collect_clicks: true,
			schema: 'landings',
		});
		expect((flow.offers as IDataObject[]).map((o) => [o.offer_id, o.share])).toEqual([
			[offerA.id, 70],
			[offerB.id, 30],
		]);
		expect(flow.filters).toEqual([
			expect.objectContaining({ name: 'country', mode: 'accept', payload: ['US'] }),
		]);
		const flowId = flow.id as number;

		const updated = await one({
			resource: 'flow',
			operation: 'update',
			flowId: rl(flowId),
			updateFields: { offers: { offer: [{ id: String(offerB.id), share: 100 }] } },
		});
		expect((updated.offers as IDataObject[]).map((o) => o.offer_id)).toEqual([offerB.id]);

		const flows = await json({
			resource: 'flow',
			operation: 'getAll',
			campaignId: rl(campaign.id as number),
			returnAll: true,
		});
		expect(flows.map((f) => f.id)).toContain(flowId);
		expect(
			(
				await json({ resource: 'flow', operation: 'search', query: 'US traffic', returnAll: true })
			).map((f) => f.id),
		).toContain(flowId);

		expect(await one({ resource: 'flow', operation: 'disable', flowId: rl(flowId) })).toMatchObject(
			{ state: 'disabled' },
		);
		expect(await one({ resource: 'flow', operation: 'archive', flowId: rl(flowId) })).toMatchObject(
			{ state: 'deleted' },
		);
		expect(
			(await json({ resource: 'flow', operation: 'getArchived', returnAll: true })).map(
				(f) => f.id,
			),
		).toContain(flowId);
		expect(await one({ resource: 'flow', operation: 'restore', flowId: rl(flowId) })).toMatchObject(
			{ id: flowId },
		);
		const events = await json({ resource: 'flow', operation: 'getEvents', flowId: rl(flowId) });
		expect(events.map((e) => e.action)).toEqual(
			expect.arrayContaining(['created', 'updated', 'deleted', 'restored']),
		);

		expect(
			(await json({ resource: 'flow', operation: 'getTypes', returnAll: true })).map((t) => t.key),
		).toEqual(['forced', 'regular', 'default']);
		expect(
			await json({ resource: 'flow', operation: 'getActions', returnAll: false, limit: 2 }),
		).toHaveLength(2);

		// list search of flows needs the campaign; loadOptions feed the flow fields
		const search = await listSearch.searchFlows.call(
			loadCtx({ campaignId: rl(campaign.id as number, 'list') }),
		);
		expect(search.results.map((r) => r.value)).toContain(String(flowId));
		const types = await loadOptions.getFlowTypes.call(loadCtx());
		expect(types.map((t) => t.value)).toEqual(['forced', 'regular', 'default']);
		const filters = await loadOptions.getFlowFilters.call(loadCtx());
		expect(filters.map((f) => f.value)).toContain('country');
	});

	it('offers: archive → get archived → restore (newer versions), clone; local files and download', async () => {
		const offer = await one({
			resource: 'offer',
			operation: 'create',
			name: 'Local offer',
			additionalFields: { offer_type: 'local' },
		});
		const id = offer.id as number;
		await exec({ resource: 'offer', operation: 'archive', offerId: rl(id) });
		expect(
			(await json({ resource: 'offer', operation: 'getArchived', returnAll: true })).map(
				(o) => o.id,
			),
		).toContain(id);
		expect(await one({ resource: 'offer', operation: 'restore', offerId: rl(id) })).toMatchObject({
			id,
			state: 'active',
		});

		const files = { resource: 'offer', offerId: rl(id) };
		expect(await one({ ...files, operation: 'addFile', filePath: 'thanks/ok.html' })).toMatchObject(
			{ path: '/thanks/ok.html' },
		);
		await exec({
			...files,
			operation: 'updateFile',
			filePath: 'thanks/ok.html',
			content: '<p>Thanks & bye</p>',
		});
		expect(await one({ ...files, operation: 'getFile', filePath: 'thanks/ok.html' })).toEqual({
			path: 'thanks/ok.html',
			data: '<p>Thanks & bye</p>',
		});
		const list = await json({ ...files, operation: 'getFileStructure', listFiles: true });
		expect(list.map((f) => f.path)).toEqual(
			expect.arrayContaining(['/index.html', '/thanks/ok.html']),
		);
		const zip = await exec({ ...files, operation: 'download' });
		expect(zip[0].json).toMatchObject({ id, fileName: `offers_${id}.zip` });
		expect(zip[0].binary?.data.mimeType).toBe('application/zip');
		const zipBytes = Buffer.from(zip[0].binary!.data.data, 'base64');
		expect(zipBytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
		expect(zipBytes.length).toBe(zip[0].json.size);
		expect(
			await one({ ...files, operation: 'removeFile', filePath: 'thanks/ok.html' }),
		).toMatchObject({ success: true });

		const copy = await one({ resource: 'offer', operation: 'clone', offerId: rl(id) });
		expect(copy).toMatchObject({ name: 'Local offer (copy)' });
	});

	it('landing pages, affiliate networks and traffic sources: create → update → clone → archive', async () => {
		const lp = await one({ resource: 'landingPage', operation: 'create', name: 'Pre-lander' });
		expect(
			await one({
				resource: 'landingPage',
				operation: 'update',
				landingPageId: rl(lp.id as number),
				updateFields: { notes: 'x' },
			}),
		).toMatchObject({ notes: 'x' });
		expect(
			await one({
				resource: 'landingPage',
				operation: 'clone',
				landingPageId: rl(lp.id as number),
			}),
		).toMatchObject({ name: 'Pre-lander (copy)' });
		expect(
			await one({
				resource: 'landingPage',
				operation: 'getFile',
				landingPageId: rl(lp.id as number),
				filePath: 'index.html',
			}),
		).toMatchObject({ path: 'index.html' });
		expect(
			await one({
				resource: 'landingPage',
				operation: 'archive',
				landingPageId: rl(lp.id as number),
			}),
		).toMatchObject({ state: 'deleted' });

		const net = await one({
			resource: 'affiliateNetwork',
			operation: 'create',
			name: 'Net',
			additionalFields: { offer_param: 'sub1={subid}' },
		});
		expect(
			await one({
				resource: 'affiliateNetwork',
				operation: 'clone',
				affiliateNetworkId: rl(net.id as number),
			}),
		).toMatchObject({ name: 'Net (copy)' });
		expect(
			await one({
				resource: 'affiliateNetwork',
				operation: 'archive',
				affiliateNetworkId: rl(net.id as number),
			}),
		).toMatchObject({ state: 'deleted' });
		expect(
			await one({
				resource: 'affiliateNetwork',
				operation: 'restore',
				affiliateNetworkId: rl(net.id as number),
			}),
		).toMatchObject({ state: 'active' });

		const src = await one({
			resource: 'trafficSource',
			operation: 'create',
			name: 'Src',
			additionalFields: {
				postback_statuses: ['sale'],
				parameters: { parameter: [{ key: 'keyword', name: 'q', placeholder: '{kw}', alias: '' }] },
			},
		});
		expect(src.parameters).toMatchObject({ keyword: { name: 'q', placeholder: '{kw}' } });
		expect(
			await one({
				resource: 'trafficSource',
				operation: 'update',
				trafficSourceId: rl(src.id as number),
				updateFields: { traffic_loss: 5 },
			}),
		).toMatchObject({ traffic_loss: 5 });
		expect(
			await one({
				resource: 'trafficSource',
				operation: 'archive',
				trafficSourceId: rl(src.id as number),
			}),
		).toMatchObject({ success: true });

		const networks = await loadOptions.getAffiliateNetworks.call(loadCtx());
		expect(networks.map((n) => n.value)).toContain(String(net.id));
		const found = await listSearch.searchTrafficSources.call(loadCtx(), 'src');
		expect(found.results).toEqual([]); // archived sources are not listed
	});

	it('domains: create (answers an array) → check → archive → restore', async () => {
		const created = await exec({
			resource: 'domain',
			operation: 'create',
			name: 'n8n.example.com',
			is_ssl: true,
		});
		expect(created).toHaveLength(1);
		const id = created[0].json.id as number;
		expect(await one({ resource: 'domain', operation: 'check', domainId: rl(id) })).toMatchObject({
			network_status: 'active',
		});
		await exec({ resource: 'domain', operation: 'archive', domainId: rl(id) });
		expect(
			(await json({ resource: 'domain', operation: 'getArchived', returnAll: true })).map(
				(d) => d.id,
			),
		).toContain(id);
		expect(await one({ resource: 'domain', operation: 'restore', domainId: rl(id) })).toMatchObject(
			{ state: 'active' },
		);
		expect(
			await one({
				resource: 'domain',
				operation: 'update',
				domainId: rl(id),
				updateFields: { notes: 'n' },
			}),
		).toMatchObject({ notes: 'n' });
	});

	it('groups per type, users with access rights', async () => {
		const g = await one({
			resource: 'group',
			operation: 'create',
			groupType: 'offers',
			name: 'n8n offers',
		});
		expect(g).toMatchObject({ type: 'offers' });
		expect(
			(
				await json({ resource: 'group', operation: 'getAll', groupType: 'offers', returnAll: true })
			).map((x) => x.id),
		).toContain(g.id);
		const hits = await listSearch.searchGroups.call(loadCtx({ groupType: 'offers' }), 'n8n');
		expect(hits.results.map((r) => r.value)).toEqual([String(g.id)]);
		expect(
			await one({
				resource: 'group',
				operation: 'update',
				groupType: 'offers',
				groupId: rl(g.id as number),
				updateFields: { name: 'n8n renamed' },
			}),
		).toMatchObject({ name: 'n8n renamed' });
		await exec({
			resource: 'group',
			operation: 'delete',
			groupType: 'offers',
			groupId: rl(g.id as number),
		});
		expect((await loadOptions.getOfferGroups.call(loadCtx())).map((o) => o.value)).not.toContain(
			String(g.id),
		);

		const u = await one({
			resource: 'user',
			operation: 'create',
			login: 'n8n-user',
			type: 'USER',
			password: 's3cret!',
			passwordConfirmation: 's3cret!',
			additionalFields: { language: 'en' },
		});
		expect(u).toMatchObject({ login: 'n8n-user', type: 'USER' });
		const uid = u.id as number;
		expect(
			await one({
				resource: 'user',
				operation: 'update',
				userId: rl(uid),
				updateFields: { password: 'n3w!', passwordConfirmation: 'n3w!' },
			}),
		).toMatchObject({ id: uid });
		const access = await one({
			resource: 'user',
			operation: 'updateAccess',
			userId: rl(uid),
			access: { campaigns_access_type: 'read_only', resources: 'campaigns, reports' },
		});
		expect(access.access_data).toMatchObject({
			campaigns_access_type: 'read_only',
			resources: ['campaigns', 'reports'],
		});
		expect(
			(await listSearch.searchUsers.call(loadCtx(), 'n8n-user')).results.map((r) => r.value),
		).toEqual([String(uid)]);
		await exec({ resource: 'user', operation: 'delete', userId: rl(uid) });
		await expect(exec({ resource: 'user', operation: 'get', userId: rl(uid) })).rejects.toThrow(
			`User ${uid} was not found`,
		);
	});

	it('bot list: replace → add → exclude → get → clear', async () => {
		expect(
			await one({ resource: 'botList', operation: 'replace', ips: '1.1.1.1\n2.2.2.0/24' }),
		).toEqual({ count: 2 });
		expect(await one({ resource: 'botList', operation: 'add', ips: '3.3.3.3, 1.1.1.1' })).toEqual({
			count: 3,
		});
		expect(await one({ resource: 'botList', operation: 'exclude', ips: '1.1.1.1' })).toEqual({
			count: 2,
		});
		expect(await one({ resource: 'botList', operation: 'get' })).toEqual({
			value: '2.2.2.0/24\n3.3.3.3',
			ips: ['2.2.2.0/24', '3.3.3.3'],
			count: 2,
		});
		await expect(exec({ resource: 'botList', operation: 'clear' })).rejects.toThrow(
			/Confirm must be on/,
		);
		await exec({ resource: 'botList', operation: 'clear', confirm: true });
		expect(await one({ resource: 'botList', operation: 'get' })).toMatchObject({ count: 0 });
	});

	it('integrations: Facebook lifecycle with campaign assignment, AVScan and IMKLO settings', async () => {
		const [c] = await json({
			resource: 'campaign',
			operation: 'getAll',
			returnAll: false,
			limit: 1,
		});
		const fb = await one({
			resource: 'integration',
			operation: 'facebookCreate',
			name: 'FB',
			adAccountId: 'act_42',
			token: 'EAAB',
			additionalFields: {
				proxy_enabled: true,
				proxy: { settings: { protocol: 'http', address: 'p.example', port: 3128 } },
			},
		});
		expect(fb).toMatchObject({
			name: 'FB',
			ad_account_id: 'act_42',
			proxy: { protocol: 'http', address: 'p.example', port: 3128 },
		});
		const fid = fb.id as number;
		expect(
			(await json({ resource: 'integration', operation: 'facebookGetAll', returnAll: true })).map(
				(x) => x.id,
			),
		).toContain(fid);
		expect(
			await one({ resource: 'integration', operation: 'facebookGet', integrationId: rl(fid) }),
		).toMatchObject({ id: fid });
		await exec({
			resource: 'integration',
			operation: 'facebookAssignCampaign',
			integrationId: rl(fid),
			campaignId: rl(c.id as number),
		});
		expect(
			await json({
				resource: 'integration',
				operation: 'facebookGetCampaigns',
				integrationId: rl(fid),
				returnAll: true,
			}),
		).toEqual([expect.objectContaining({ campaign_id: c.id })]);
		await exec({
			resource: 'integration',
			operation: 'facebookDissociateCampaign',
			integrationId: rl(fid),
			campaignId: rl(c.id as number),
		});
		expect(
			await json({
				resource: 'integration',
				operation: 'facebookGetCampaigns',
				integrationId: rl(fid),
				returnAll: true,
			}),
		).toEqual([]);
		expect(
			await one({
				resource: 'integration',
				operation: 'facebookUpdate',
				integrationId: rl(fid),
				updateFields: { name: 'FB2' },
			}),
		).toMatchObject({ name: 'FB2' });
		expect(
			await one({ resource: 'integration', operation: 'facebookDelete', integrationId: rl(fid) }),
		).toMatchObject({ success: true });

		expect(
			await one({ resource: 'integration', operation: 'avscanUpdate', avscanKey: 'av-1' }),
		).toEqual({ avscan_key: '***', avscan_keyIsSet: true });
		// the key is a secret: the output says it is set, never its value
		expect(await one({ resource: 'integration', operation: 'avscanGet' })).toEqual({
			avscan_key: '***',
			avscan_keyIsSet: true,
		});
		expect(
			await one({
				resource: 'integration',
				operation: 'imkloUpdate',
				imkloApiUrl: 'https://imklo.example/api',
			}),
		).toEqual({ imklo_api_url: 'https://imklo.example/api' });
		expect(await one({ resource: 'integration', operation: 'imkloGet' })).toEqual({
			imklo_api_url: 'https://imklo.example/api',
		});
	});

	it('logs: types → get (limit/offset) → clear', async () => {
		const types = (await json({ resource: 'log', operation: 'getTypes' })).map((t) => t.type);
		expect(types).toContain('system');
		expect((await loadOptions.getLogTypes.call(loadCtx())).map((t) => t.value)).toEqual(types);
		const rows = await json({
			resource: 'log',
			operation: 'get',
			logType: 'system',
			returnAll: false,
			limit: 2,
		});
		expect(rows.length).toBeLessThanOrEqual(2);
		await exec({ resource: 'log', operation: 'clear', logType: 'system' });
		expect(
			await json({ resource: 'log', operation: 'get', logType: 'system', returnAll: true }),
		).toEqual([]);
	});

	it('list searches and load options over real HTTP', async () => {
		const campaigns = await listSearch.searchCampaigns.call(loadCtx(), 'n8n-flows');
		expect(campaigns.results).toHaveLength(1);
		expect((await listSearch.searchOffers.call(loadCtx(), 'Offer A')).results).toHaveLength(1);
		expect((await loadOptions.getCampaignGroups.call(loadCtx()))[0]).toEqual({
			name: 'No Group',
			value: '0',
		});
		expect((await loadOptions.getTrafficSources.call(loadCtx())).length).toBeGreaterThan(0);
		expect((await listSearch.searchDomains.call(loadCtx())).results.length).toBeGreaterThan(0);
	});

	it('strict mock mode: body-less action POSTs are sent as "{}" and accepted', async () => {
		mock.options.strictEmptyBody = true;
		try {
			const [c] = await json({
				resource: 'campaign',
				operation: 'getAll',
				returnAll: false,
				limit: 1,
			});
			expect(
				await one({ resource: 'campaign', operation: 'enable', campaignId: rl(c.id as number) }),
			).toMatchObject({ id: c.id });
			const [lp] = await json({
				resource: 'landingPage',
				operation: 'getAll',
				returnAll: false,
				limit: 1,
			});
			expect(
				await one({
					resource: 'landingPage',
					operation: 'clone',
					landingPageId: rl(lp.id as number),
				}),
			).toMatchObject({
				name: `${String(lp.name)} (copy)`,
			});
		} finally {
			mock.options.strictEmptyBody = false;
		}
	});
});

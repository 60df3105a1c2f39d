/**
 * One or more minimal, valid parameter sets per operation of the Keitaro node, keyed
 * 'resource.operation'. Entities an operation needs are created first through the mock's own API
 * (those setup calls are not the node's and are not counted). Each fixture is independent.
 */
import axios from 'axios';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { MockLike } from './runner';

export interface Env {
	mock: MockLike;
	/** A direct call to the mock (setup only). */
	api<T = IDataObject>(
		method: string,
		path: string,
		body?: unknown,
		query?: IDataObject,
	): Promise<T>;
	/** A fresh entity of this kind; returns its id. */
	create(kind: EntityKind, fields?: IDataObject): Promise<number>;
	/** A fresh entity already moved to the archive. */
	archived(kind: EntityKind): Promise<number>;
	/** Resource locator value `By ID`. */
	rl(id: number | string): IDataObject;
	/** A unique suffix for names and aliases. */
	unique(): string;
}

export type EntityKind =
	| 'campaign'
	| 'flow'
	| 'offer'
	| 'landingPage'
	| 'affiliateNetwork'
	| 'trafficSource'
	| 'domain'
	| 'group'
	| 'user'
	| 'facebook';

export interface Fixture {
	/** Shown in failure lists when an operation has several fixtures. */
	name?: string;
	parameters(env: Env): Promise<INodeParameters> | INodeParameters;
	items?: INodeExecutionData[];
	/** Some newer-version endpoints are not served by the mock: the run may end in its 400. */
	mayBeUnrouted?: boolean;
}

const BASE_PATH: Record<EntityKind, string> = {
	campaign: '/campaigns',
	flow: '/streams',
	offer: '/offers',
	landingPage: '/landing_pages',
	affiliateNetwork: '/affiliate_networks',
	trafficSource: '/traffic_sources',
	domain: '/domains',
	group: '/groups',
	user: '/users',
	facebook: '/integrations/facebook',
};

/** Setup helpers over the mock's HTTP API. */
export function makeEnv(mock: MockLike & { apiUrl: string }): Env {
	let n = 0;
	const unique = () => `${Date.now().toString(36)}${(++n).toString(36)}`;
	const api = async <T = IDataObject>(
		method: string,
		path: string,
		body?: unknown,
		query?: IDataObject,
	) => {
		const res = await axios.request({
			method,
			url: `${mock.apiUrl}${path}`,
			data: body,
			params: query,
			headers: { 'Api-Key': mock.apiKey },
		});
		const data = res.data as unknown;
		return (Array.isArray(data) && data.length === 1 ? data[0] : data) as T;
	};
	const create = async (kind: EntityKind, fields: IDataObject = {}): Promise<number> => {
		const u = unique();
		let body: IDataObject;
		switch (kind) {
			case 'campaign':
				body = { name: `Conformance ${u}`, alias: `conf-${u}` };
				break;
			case 'flow': {
				const campaignId = fields.campaign_id ?? (await create('campaign'));
				body = {
					campaign_id: campaignId,
					type: 'regular',
					name: `Flow ${u}`,
					schema: 'redirect',
					action_type: 'http',
				};
				break;
			}
			case 'offer':
				body = { name: `Offer ${u}`, offer_type: 'local' };
				break;
			case 'landingPage':
				body = { name: `Landing ${u}`, landing_type: 'local' };
				break;
			case 'domain':
				body = { name: `d${u}.example.com`, is_ssl: false };
				break;
			case 'group':
				body = { name: `Group ${u}`, type: 'campaigns' };
				break;
			case 'user':
				body = {
					login: `user${u}`,
					type: 'USER',
					new_password: 'Secret-123456',
					new_password_confirmation: 'Secret-123456',
				};
				break;
			case 'facebook':
				body = { name: `FB ${u}`, ad_account_id: `act_${u}`, token: `tok${u}` };
				break;
			default:
				body = { name: `${kind} ${u}` };
		}
		const created = await api<IDataObject>('POST', BASE_PATH[kind], { ...body, ...fields });
		const entity = (created.data as IDataObject | undefined) ?? created;
		return Number(entity.id);
	};
	const archived = async (kind: EntityKind): Promise<number> => {
		const id = await create(kind);
		await api('DELETE', kind === 'offer' ? `/offers/${id}/archive` : `${BASE_PATH[kind]}/${id}`);
		return id;
	};
	return {
		mock,
		api,
		create,
		archived,
		rl: (id) => ({ __rl: true, mode: 'id', value: String(id) }),
		unique,
	};
}

const p = (resource: string, operation: string, rest: IDataObject = {}): INodeParameters => ({
	resource,
	operation,
	...rest,
});

/** Fixtures for the plain entity actions of one kind, keyed by operation. */
function entityLocatorFixture(
	resource: string,
	operation: string,
	kind: EntityKind,
	locator: string,
	state: 'fresh' | 'archived' = 'fresh',
	rest: IDataObject = {},
): Fixture {
	return {
		async parameters(env) {
			const id = state === 'archived' ? await env.archived(kind) : await env.create(kind);
			return p(resource, operation, { [locator]: env.rl(id), ...rest });
		},
	};
}

const DAY = '2025-06-15';

export const fixtures: Record<string, Fixture[]> = {
	// ---- Campaign ---------------------------------------------------------------------------
	'campaign.archive': [entityLocatorFixture('campaign', 'archive', 'campaign', 'campaignId')],
	'campaign.cleanArchive': [
		{
			mayBeUnrouted: true,
			async parameters(env) {
				await env.archived('campaign');
				return p('campaign', 'cleanArchive', { confirm: true });
			},
		},
	],
	'campaign.clone': [entityLocatorFixture('campaign', 'clone', 'campaign', 'campaignId')],
	'campaign.create': [
		{
			parameters: (env) =>
				p('campaign', 'create', {
					name: `Created ${env.unique()}`,
					alias: `created-${env.unique()}`,
				}),
		},
	],
	'campaign.disable': [entityLocatorFixture('campaign', 'disable', 'campaign', 'campaignId')],
	'campaign.enable': [entityLocatorFixture('campaign', 'enable', 'campaign', 'campaignId')],
	'campaign.get': [
		{ parameters: (env) => p('campaign', 'get', { campaignId: env.rl(1) }) },
		{
			name: 'by alias',
			async parameters(env) {
				const c = await env.api<IDataObject>('GET', '/campaigns/1');
				return p('campaign', 'get', {
					campaignId: { __rl: true, mode: 'alias', value: String(c.alias) },
				});
			},
		},
	],
	'campaign.getAll': [{ parameters: () => p('campaign', 'getAll', { returnAll: true }) }],
	'campaign.getArchived': [{ parameters: () => p('campaign', 'getArchived', { returnAll: true }) }],
	'campaign.restore': [
		entityLocatorFixture('campaign', 'restore', 'campaign', 'campaignId', 'archived'),
	],
	'campaign.update': [
		entityLocatorFixture('campaign', 'update', 'campaign', 'campaignId', 'fresh', {
			updateFields: { name: 'Renamed campaign' },
		}),
	],
	'campaign.updateCosts': [
		{
			parameters: (env) =>
				p('campaign', 'updateCosts', {
					campaignId: env.rl(1),
					startDate: `${DAY} 00:00`,
					endDate: `${DAY} 23:59`,
					timezone: 'UTC',
					cost: 12.5,
					currency: 'USD',
				}),
		},
	],

	// ---- Flow -------------------------------------------------------------------------------
	'flow.archive': [entityLocatorFixture('flow', 'archive', 'flow', 'flowId')],
	'flow.create': [
		{
			async parameters(env) {
				const campaignId = await env.create('campaign');
				return p('flow', 'create', {
					campaignId: env.rl(campaignId),
					name: 'Conformance flow',
					type: 'regular',
					schema: 'redirect',
					action_type: 'http',
				});
			},
		},
	],
	'flow.disable': [entityLocatorFixture('flow', 'disable', 'flow', 'flowId')],
	'flow.enable': [entityLocatorFixture('flow', 'enable', 'flow', 'flowId')],
	'flow.get': [entityLocatorFixture('flow', 'get', 'flow', 'flowId')],
	'flow.getActions': [{ parameters: () => p('flow', 'getActions', { returnAll: true }) }],
	'flow.getAll': [
		{ parameters: (env) => p('flow', 'getAll', { campaignId: env.rl(1), returnAll: true }) },
	],
	'flow.getArchived': [{ parameters: () => p('flow', 'getArchived', { returnAll: true }) }],
	'flow.getEvents': [entityLocatorFixture('flow', 'getEvents', 'flow', 'flowId')],
	'flow.getFilters': [{ parameters: () => p('flow', 'getFilters', { returnAll: true }) }],
	'flow.getSchemas': [{ parameters: () => p('flow', 'getSchemas', { returnAll: true }) }],
	'flow.getTypes': [{ parameters: () => p('flow', 'getTypes', { returnAll: true }) }],
	'flow.restore': [entityLocatorFixture('flow', 'restore', 'flow', 'flowId', 'archived')],
	'flow.search': [{ parameters: () => p('flow', 'search', { query: 'http', returnAll: true }) }],
	'flow.update': [
		entityLocatorFixture('flow', 'update', 'flow', 'flowId', 'fresh', {
			updateFields: { name: 'Renamed flow' },
		}),
	],

	// ---- Offer ------------------------------------------------------------------------------
	'offer.addFile': [
		entityLocatorFixture('offer', 'addFile', 'offer', 'offerId', 'fresh', { filePath: 'new.html' }),
	],
	'offer.archive': [entityLocatorFixture('offer', 'archive', 'offer', 'offerId')],
	'offer.clone': [entityLocatorFixture('offer', 'clone', 'offer', 'offerId')],
	'offer.create': [
		{ parameters: (env) => p('offer', 'create', { name: `Offer ${env.unique()}` }) },
	],
	'offer.download': [
		entityLocatorFixture('offer', 'download', 'offer', 'offerId', 'fresh', {
			binaryPropertyName: 'data',
		}),
	],
	'offer.get': [entityLocatorFixture('offer', 'get', 'offer', 'offerId')],
	'offer.getAll': [{ parameters: () => p('offer', 'getAll', { returnAll: true }) }],
	'offer.getArchived': [
		{ mayBeUnrouted: true, parameters: () => p('offer', 'getArchived', { returnAll: true }) },
	],
	'offer.getFile': [
		entityLocatorFixture('offer', 'getFile', 'offer', 'offerId', 'fresh', {
			filePath: 'index.html',
		}),
	],
	'offer.getFileStructure': [entityLocatorFixture('offer', 'getFileStructure', 'offer', 'offerId')],
	'offer.removeFile': [
		entityLocatorFixture('offer', 'removeFile', 'offer', 'offerId', 'fresh', {
			filePath: 'index.html',
		}),
	],
	'offer.restore': [
		{
			mayBeUnrouted: true,
			async parameters(env) {
				return p('offer', 'restore', { offerId: env.rl(await env.archived('offer')) });
			},
		},
	],
	'offer.update': [
		entityLocatorFixture('offer', 'update', 'offer', 'offerId', 'fresh', {
			updateFields: { name: 'Renamed offer' },
		}),
	],
	'offer.updateFile': [
		entityLocatorFixture('offer', 'updateFile', 'offer', 'offerId', 'fresh', {
			filePath: 'index.html',
			contentSource: 'text',
			content: '<html><body>updated</body></html>',
		}),
	],

	// ---- Landing page -----------------------------------------------------------------------
	'landingPage.addFile': [
		entityLocatorFixture('landingPage', 'addFile', 'landingPage', 'landingPageId', 'fresh', {
			filePath: 'new.html',
		}),
	],
	'landingPage.archive': [
		entityLocatorFixture('landingPage', 'archive', 'landingPage', 'landingPageId'),
	],
	'landingPage.clone': [
		entityLocatorFixture('landingPage', 'clone', 'landingPage', 'landingPageId'),
	],
	'landingPage.create': [
		{ parameters: (env) => p('landingPage', 'create', { name: `Landing ${env.unique()}` }) },
	],
	'landingPage.download': [
		entityLocatorFixture('landingPage', 'download', 'landingPage', 'landingPageId', 'fresh', {
			binaryPropertyName: 'data',
		}),
	],
	'landingPage.get': [entityLocatorFixture('landingPage', 'get', 'landingPage', 'landingPageId')],
	'landingPage.getAll': [{ parameters: () => p('landingPage', 'getAll', { returnAll: true }) }],
	'landingPage.getFile': [
		entityLocatorFixture('landingPage', 'getFile', 'landingPage', 'landingPageId', 'fresh', {
			filePath: 'index.html',
		}),
	],
	'landingPage.getFileStructure': [
		entityLocatorFixture('landingPage', 'getFileStructure', 'landingPage', 'landingPageId'),
	],
	'landingPage.removeFile': [
		entityLocatorFixture('landingPage', 'removeFile', 'landingPage', 'landingPageId', 'fresh', {
			filePath: 'index.html',
		}),
	],
	'landingPage.update': [
		entityLocatorFixture('landingPage', 'update', 'landingPage', 'landingPageId', 'fresh', {
			updateFields: { name: 'Renamed landing' },
		}),
	],
	'landingPage.updateFile': [
		entityLocatorFixture('landingPage', 'updateFile', 'landingPage', 'landingPageId', 'fresh', {
			filePath: 'index.html',
			contentSource: 'text',
			content: '<html><body>updated</body></html>',
		}),
	],

	// ---- Affiliate network ------------------------------------------------------------------
	'affiliateNetwork.archive': [
		entityLocatorFixture('affiliateNetwork', 'archive', 'affiliateNetwork', 'affiliateNetworkId'),
	],
	'affiliateNetwork.clone': [
		entityLocatorFixture('affiliateNetwork', 'clone', 'affiliateNetwork', 'affiliateNetworkId'),
	],
	'affiliateNetwork.create': [
		{ parameters: (env) => p('affiliateNetwork', 'create', { name: `Network ${env.unique()}` }) },
	],
	'affiliateNetwork.get': [
		entityLocatorFixture('affiliateNetwork', 'get', 'affiliateNetwork', 'affiliateNetworkId'),
	],
	'affiliateNetwork.getAll': [
		{ parameters: () => p('affiliateNetwork', 'getAll', { returnAll: true }) },
	],
	'affiliateNetwork.restore': [
		{
			mayBeUnrouted: true,
			async parameters(env) {
				return p('affiliateNetwork', 'restore', {
					affiliateNetworkId: env.rl(await env.archived('affiliateNetwork')),
				});
			},
		},
	],
	'affiliateNetwork.update': [
		entityLocatorFixture(
			'affiliateNetwork',
			'update',
			'affiliateNetwork',
			'affiliateNetworkId',
			'fresh',
			{
				updateFields: { name: 'Renamed network' },
			},
		),
	],

	// ---- Traffic source ---------------------------------------------------------------------
	'trafficSource.archive': [
		entityLocatorFixture('trafficSource', 'archive', 'trafficSource', 'trafficSourceId'),
	],
	'trafficSource.clone': [
		entityLocatorFixture('trafficSource', 'clone', 'trafficSource', 'trafficSourceId'),
	],
	'trafficSource.create': [
		{ parameters: (env) => p('trafficSource', 'create', { name: `Source ${env.unique()}` }) },
	],
	'trafficSource.get': [
		entityLocatorFixture('trafficSource', 'get', 'trafficSource', 'trafficSourceId'),
	],
	'trafficSource.getAll': [{ parameters: () => p('trafficSource', 'getAll', { returnAll: true }) }],
	'trafficSource.update': [
		entityLocatorFixture('trafficSource', 'update', 'trafficSource', 'trafficSourceId', 'fresh', {
			updateFields: { name: 'Renamed source' },
		}),
	],

	// ---- Domain -----------------------------------------------------------------------------
	'domain.archive': [entityLocatorFixture('domain', 'archive', 'domain', 'domainId')],
	'domain.check': [entityLocatorFixture('domain', 'check', 'domain', 'domainId')],
	'domain.clone': [
		{ ...entityLocatorFixture('domain', 'clone', 'domain', 'domainId'), mayBeUnrouted: true },
	],
	'domain.create': [
		{ parameters: (env) => p('domain', 'create', { name: `new${env.unique()}.example.com` }) },
	],
	'domain.get': [entityLocatorFixture('domain', 'get', 'domain', 'domainId')],
	'domain.getAll': [{ parameters: () => p('domain', 'getAll', { returnAll: true }) }],
	'domain.getArchived': [{ parameters: () => p('domain', 'getArchived', { returnAll: true }) }],
	'domain.getServerIps': [{ mayBeUnrouted: true, parameters: () => p('domain', 'getServerIps') }],
	'domain.restore': [entityLocatorFixture('domain', 'restore', 'domain', 'domainId', 'archived')],
	'domain.update': [
		entityLocatorFixture('domain', 'update', 'domain', 'domainId', 'fresh', {
			updateFields: { notes: 'Updated' },
		}),
	],

	// ---- Group ------------------------------------------------------------------------------
	'group.create': [
		{
			parameters: (env) =>
				p('group', 'create', { groupType: 'offers', name: `Group ${env.unique()}` }),
		},
	],
	'group.delete': [
		entityLocatorFixture('group', 'delete', 'group', 'groupId', 'fresh', {
			groupType: 'campaigns',
		}),
	],
	'group.getAll': [
		{ parameters: () => p('group', 'getAll', { groupType: 'campaigns', returnAll: true }) },
	],
	'group.update': [
		entityLocatorFixture('group', 'update', 'group', 'groupId', 'fresh', {
			groupType: 'campaigns',
			updateFields: { name: 'Renamed group' },
		}),
	],

	// ---- User -------------------------------------------------------------------------------
	'user.create': [
		{
			parameters: (env) =>
				p('user', 'create', {
					login: `login${env.unique()}`,
					type: 'USER',
					password: 'Secret-123456',
					passwordConfirmation: 'Secret-123456',
				}),
		},
	],
	'user.delete': [entityLocatorFixture('user', 'delete', 'user', 'userId')],
	'user.get': [entityLocatorFixture('user', 'get', 'user', 'userId')],
	'user.getAll': [{ parameters: () => p('user', 'getAll', { returnAll: true }) }],
	'user.update': [
		entityLocatorFixture('user', 'update', 'user', 'userId', 'fresh', {
			updateFields: { type: 'ADMIN' },
		}),
	],
	'user.updateAccess': [
		entityLocatorFixture('user', 'updateAccess', 'user', 'userId', 'fresh', {
			access: { offers_access_type: 'read_only' },
		}),
	],

	// ---- Bot list ---------------------------------------------------------------------------
	'botList.add': [{ parameters: () => p('botList', 'add', { ips: '10.0.0.1\n10.0.0.2' }) }],
	'botList.clear': [{ parameters: () => p('botList', 'clear', { confirm: true }) }],
	'botList.exclude': [{ parameters: () => p('botList', 'exclude', { ips: '10.0.0.1' }) }],
	'botList.get': [{ parameters: () => p('botList', 'get') }],
	'botList.replace': [
		{ parameters: () => p('botList', 'replace', { ips: '192.168.0.1, 192.168.0.2' }) },
	],

	// ---- Report / Click / Conversion / Cost / Label (data operations) ------------------------
	'report.build': [
		{
			parameters: () =>
				p('report', 'build', {
					dateRange: 'yesterday',
					timezone: 'Europe/Madrid',
					dimensions: ['day', 'campaign_id'],
					measures: ['clicks', 'conversions', 'revenue', 'cost'],
					filters: {
						filter: [
							{ name: 'campaign_id', operator: 'EQUALS', value: '1' },
							{ name: 'clicks', operator: 'GREATER_THAN', number: 0 },
						],
					},
					sort: { rule: [{ name: 'clicks', order: 'DESC' }] },
					returnAll: true,
					options: { summary: true, pageSize: 1 },
				}),
		},
		{
			name: 'custom range, legacy keys, list filter',
			parameters: () =>
				p('report', 'build', {
					dateRange: 'custom',
					from: '2025-06-10',
					to: DAY,
					timezone: 'UTC',
					dimensions: ['country_code'],
					measures: ['clicks'],
					filters: { filter: [{ name: 'country_code', operator: 'IN_LIST', values: 'US, DE' }] },
					options: { useLegacyKeys: true },
				}),
		},
	],
	'click.getLog': [
		{
			parameters: () =>
				p('click', 'getLog', {
					dateRange: 'yesterday',
					timezone: 'UTC',
					filters: { filter: [{ name: 'is_bot', operator: 'IS_FALSE' }] },
					sort: { rule: [{ name: 'datetime', order: 'DESC' }] },
					limit: 5,
				}),
		},
	],
	'click.clean': [
		{
			parameters: () =>
				p('click', 'clean', {
					confirm: true,
					startDate: '2025-06-02',
					timezone: 'UTC',
					cleanCampaignId: 1,
				}),
		},
	],
	'conversion.sendPostback': [
		{
			name: 'dry run (the postback URL is not an Admin API call)',
			parameters: () =>
				p('conversion', 'sendPostback', { subid: 'abc', postbackKey: 'pbkey-1234', dryRun: true }),
		},
	],
	'conversion.getLog': [
		{
			parameters: () =>
				p('conversion', 'getLog', {
					dateRange: 'custom',
					from: '2025-06-10',
					to: DAY,
					timezone: 'UTC',
					filters: { filter: [{ name: 'status', operator: 'EQUALS', value: 'lead' }] },
					returnAll: true,
				}),
		},
	],
	'cost.update': [
		{
			name: 'bulk, with click filters and the click check',
			parameters: () =>
				p('cost', 'update', {
					campaignIds: '1, 2',
					startDate: DAY,
					timezone: 'Europe/Madrid',
					currency: 'EUR',
					cost: 19.22,
					costFilters: { filter: [{ name: 'sub_id_1', value: 'a,b' }] },
					options: { checkClicks: false },
				}),
			items: [{ json: {} }, { json: {} }],
		},
		{
			name: 'bulk, check matching clicks first',
			parameters: () =>
				p('cost', 'update', {
					campaignIds: '1',
					startDate: DAY,
					timezone: 'UTC',
					currency: 'USD',
					cost: 5,
					options: { checkClicks: true },
				}),
		},
		{
			name: 'per campaign',
			parameters: () =>
				p('cost', 'update', {
					method: 'perCampaign',
					campaignIds: '1',
					period: 'exact',
					startDate: `${DAY} 10:00`,
					endDate: `${DAY} 11:00`,
					timezone: 'UTC',
					currency: 'USD',
					cost: 3,
					options: { onlyCampaignUniques: true },
				}),
		},
	],
	'label.get': [
		{
			parameters: (env) =>
				p('label', 'get', { campaignId: env.rl(1), refName: 'sub_id_1', label: 'blacklist' }),
		},
	],
	'label.update': [
		{
			parameters: (env) =>
				p('label', 'update', {
					campaignId: env.rl(1),
					refName: 'sub_id_1',
					values: 'a, b',
					label: 'blacklist',
				}),
		},
	],

	// ---- Tracking (ad-network helpers) --------------------------------------------------------
	'tracking.buildMapping': [
		{
			parameters: () =>
				p('tracking', 'buildMapping', {
					adNetwork: 'facebook',
					campaignIds: '1',
					dateRange: 'yesterday',
					timezone: 'UTC',
					trackerCurrency: 'USD',
					returnAll: true,
				}),
		},
	],
	'tracking.applyParameters': [
		entityLocatorFixture(
			'tracking',
			'applyParameters',
			'trafficSource',
			'trafficSourceId',
			'fresh',
			{
				adNetwork: 'tiktok',
			},
		),
		{
			parameters: (env) =>
				p('tracking', 'applyParameters', {
					applyTo: 'campaign',
					campaignId: env.rl(1),
					adNetwork: 'mgid',
				}),
		},
	],
	'tracking.generateParameters': [
		{ parameters: () => p('tracking', 'generateParameters', { adNetwork: 'tiktok' }) },
	],
	'tracking.syncCosts': [
		{
			parameters: () =>
				p('tracking', 'syncCosts', {
					campaignIds: '1',
					matchKey: 'sub_id_2',
					trackerCurrency: 'USD',
				}),
			items: [
				{ json: { adset_id: 'adset-1', spend: 10.5, date: DAY, timezone: 'UTC', currency: 'USD' } },
				{ json: { adset_id: 'adset-2', spend: 3, date: DAY, timezone: 'UTC', currency: 'USD' } },
			],
		},
	],

	// ---- Log --------------------------------------------------------------------------------
	'log.clear': [{ parameters: () => p('log', 'clear', { logType: 'cron' }) }],
	'log.get': [{ parameters: () => p('log', 'get', { logType: 'system', returnAll: true }) }],
	'log.getTypes': [{ parameters: () => p('log', 'getTypes') }],

	// ---- Tracker ----------------------------------------------------------------------------
	'tracker.checkCompatibility': [
		{ parameters: () => p('tracker', 'checkCompatibility', { period: '1_month_ago', sampleSize: 200 }) },
	],

	// ---- Integrations -----------------------------------------------------------------------
	'integration.avscanGet': [{ parameters: () => p('integration', 'avscanGet') }],
	'integration.avscanUpdate': [
		{ parameters: () => p('integration', 'avscanUpdate', { avscanKey: 'av-key-123' }) },
	],
	'integration.facebookAssignCampaign': [
		{
			async parameters(env) {
				return p('integration', 'facebookAssignCampaign', {
					integrationId: env.rl(await env.create('facebook')),
					campaignId: env.rl(1),
				});
			},
		},
	],
	'integration.facebookCreate': [
		{
			parameters: (env) =>
				p('integration', 'facebookCreate', {
					name: `FB ${env.unique()}`,
					adAccountId: 'act_123',
					token: 'fb-token',
				}),
		},
	],
	'integration.facebookDelete': [
		entityLocatorFixture('integration', 'facebookDelete', 'facebook', 'integrationId'),
	],
	'integration.facebookDissociateCampaign': [
		{
			async parameters(env) {
				const id = await env.create('facebook');
				await env.api('POST', `/integrations/facebook/${id}/campaign`, { campaign_id: 1 });
				return p('integration', 'facebookDissociateCampaign', {
					integrationId: env.rl(id),
					campaignId: env.rl(1),
				});
			},
		},
	],
	'integration.facebookGet': [
		entityLocatorFixture('integration', 'facebookGet', 'facebook', 'integrationId'),
	],
	'integration.facebookGetAll': [
		{ parameters: () => p('integration', 'facebookGetAll', { returnAll: true }) },
	],
	'integration.facebookGetCampaigns': [
		entityLocatorFixture(
			'integration',
			'facebookGetCampaigns',
			'facebook',
			'integrationId',
			'fresh',
			{
				returnAll: true,
			},
		),
	],
	'integration.facebookUpdate': [
		entityLocatorFixture('integration', 'facebookUpdate', 'facebook', 'integrationId', 'fresh', {
			updateFields: { name: 'Renamed integration' },
		}),
	],
	'integration.imkloGet': [{ parameters: () => p('integration', 'imkloGet') }],
	'integration.imkloUpdate': [
		{
			parameters: () =>
				p('integration', 'imkloUpdate', { imkloApiUrl: 'https://imklo.example.com/api' }),
		},
	],
};

/**
 * Parameters → request mapping of every entity operation of the Keitaro node (method, path under
 * /admin_api/v1, query string and JSON body), through the real node, router and shared request
 * layer with a recording fake of n8n's httpRequestWithAuthentication.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { resources } from '../../../../nodes/Keitaro/actions';
import type { Route } from './fake';
import { rl, run } from './fake';

interface Expected {
	method: string;
	path: string;
	qs?: IDataObject;
	body?: unknown;
}

interface Case {
	params: INodeParameters;
	expect: Expected[];
	routes?: Record<string, Route>;
	output?: IDataObject[];
}

const any: Record<string, Route> = {
	'GET *': { body: { id: 1, name: 'x' } },
	'POST *': { body: { id: 1, name: 'x' } },
	'PUT *': { body: { id: 1, name: 'x' } },
	'DELETE *': { body: { id: 1, name: 'x' } },
};

const c = (
	resource: string,
	operation: string,
	params: IDataObject,
	expect: Expected | Expected[],
	extra: Partial<Case> = {},
): [string, Case] => [
	`${resource}.${operation}`,
	{
		params: { resource, operation, ...params } as INodeParameters,
		expect: Array.isArray(expect) ? expect : [expect],
		...extra,
	},
];

const cases: Array<[string, Case]> = [
	// ----- campaign
	c(
		'campaign',
		'getAll',
		{ returnAll: false, limit: 5 },
		{ method: 'GET', path: '/campaigns', qs: { offset: 0, limit: 5 } },
	),
	c('campaign', 'get', { campaignId: rl(12) }, { method: 'GET', path: '/campaigns/12' }),
	c(
		'campaign',
		'create',
		{
			name: 'Summer',
			alias: 'summer-1',
			additionalFields: {
				type: 'weight',
				state: 'disabled',
				cost_type: 'CPM',
				cost_value: 1.5,
				cost_currency: 'usd',
				cost_auto: true,
				group_id: '3',
				bind_visitors: 'slo',
				traffic_source_id: '4',
				domain_id: '5',
				token: 'tok',
				cookies_ttl: 48,
				uniqueness_method: 'ip_ua',
				uniqueness_use_cookies: true,
				notes: 'n',
				parameters: {
					parameter: [
						{ key: 'keyword', name: 'kw', placeholder: '{keyword}', alias: '' },
						{ key: 'sub_id_30', name: 'zone', placeholder: '{zone}', alias: 'Zone' },
					],
				},
				postbacks: {
					postback: [{ method: 'POST', statuses: ['lead', 'sale'], url: 'https://pb.example/x' }],
				},
				additionalJson: '{"traffic_loss": 5, "notes": "from json"}',
			},
		},
		{
			method: 'POST',
			path: '/campaigns',
			body: {
				name: 'Summer',
				alias: 'summer-1',
				type: 'weight',
				state: 'disabled',
				cost_type: 'CPM',
				cost_value: 1.5,
				cost_currency: 'USD',
				cost_auto: true,
				group_id: '3',
				bind_visitors: 'slo',
				traffic_source_id: 4,
				domain_id: 5,
				token: 'tok',
				cookies_ttl: 48,
				uniqueness_method: 'ip_ua',
				uniqueness_use_cookies: true,
				notes: 'from json',
				traffic_loss: 5,
				parameters: {
					keyword: { name: 'kw', placeholder: '{keyword}' },
					sub_id_30: { name: 'zone', placeholder: '{zone}', alias: 'Zone' },
				},
				postbacks: [{ method: 'POST', statuses: ['lead', 'sale'], url: 'https://pb.example/x' }],
			},
		},
	),
	c(
		'campaign',
		'update',
		{ campaignId: rl(12), updateFields: { name: 'New', bind_visitors: 'off' } },
		{ method: 'PUT', path: '/campaigns/12', body: { name: 'New', bind_visitors: null } },
	),
	c(
		'campaign',
		'archive',
		{ campaignId: rl(12) },
		{ method: 'DELETE', path: '/campaigns/12', body: undefined },
	),
	c('campaign', 'getArchived', { returnAll: true }, { method: 'GET', path: '/campaigns/deleted' }),
	c(
		'campaign',
		'restore',
		{ campaignId: rl(12) },
		{ method: 'POST', path: '/campaigns/12/restore', body: {} },
	),
	c(
		'campaign',
		'enable',
		{ campaignId: rl(12) },
		{ method: 'POST', path: '/campaigns/12/enable', body: {} },
	),
	c(
		'campaign',
		'disable',
		{ campaignId: rl(12) },
		{ method: 'POST', path: '/campaigns/12/disable', body: {} },
	),
	c(
		'campaign',
		'clone',
		{ campaignId: rl(12) },
		{ method: 'POST', path: '/campaigns/12/clone', body: {} },
	),
	c(
		'campaign',
		'updateCosts',
		{
			campaignId: rl(12),
			startDate: '2025-06-01T00:00:00',
			endDate: '2025-06-01 23:59',
			timezone: 'Europe/Madrid',
			cost: 19.22,
			currency: 'eur',
			options: {
				only_campaign_uniques: true,
				filters: { filter: [{ key: 'sub_id_1', value: '1,2,3' }] },
			},
		},
		{
			method: 'POST',
			path: '/campaigns/12/update_costs',
			body: {
				start_date: '2025-06-01 00:00',
				end_date: '2025-06-01 23:59',
				timezone: 'Europe/Madrid',
				cost: '19.22',
				currency: 'EUR',
				only_campaign_uniques: true,
				filters: { sub_id_1: '1,2,3' },
			},
		},
	),
	c(
		'campaign',
		'cleanArchive',
		{ confirm: true },
		{ method: 'POST', path: '/campaigns/clean_archive', body: {} },
	),

	// ----- flow
	c(
		'flow',
		'getAll',
		{ campaignId: rl(7), returnAll: true },
		{ method: 'GET', path: '/campaigns/7/streams' },
	),
	c('flow', 'get', { flowId: rl(33) }, { method: 'GET', path: '/streams/33' }),
	c(
		'flow',
		'create',
		{
			campaignId: rl(7),
			name: 'Main',
			type: 'regular',
			schema: 'landings',
			action_type: 'http',
			additionalFields: {
				filters: {
					filter: [
						{ name: 'country', mode: 'accept', payload: 'US, de\nGB' },
						{ name: 'bot', mode: 'reject', payload: '' },
					],
				},
				offers: {
					offer: [
						{ id: '10', share: 60, state: 'active' },
						{ id: '11', share: 40, state: 'disabled' },
					],
				},
				landings: { landing: [{ id: '20', share: 100, state: 'active' }] },
				filter_or: true,
				position: 2,
				weight: 50,
				comments: 'c',
				triggers: '[{"condition":"always","target":"offers","action":"disable","stream_id":0}]',
				action_options: '{"a":1}',
			},
		},
		{
			method: 'POST',
			path: '/streams',
			body: {
				campaign_id: 7,
				collect_clicks: true,
				name: 'Main',
				type: 'regular',
				schema: 'landings',
				action_type: 'http',
				filters: [
					{ name: 'country', mode: 'accept', payload: ['US', 'de', 'GB'] },
					{ name: 'bot', mode: 'reject', payload: [] },
				],
				offers: [
					{ offer_id: 10, share: 60, state: 'active' },
					{ offer_id: 11, share: 40, state: 'disabled' },
				],
				landings: [{ landing_id: 20, share: 100, state: 'active' }],
				filter_or: true,
				position: 2,
				weight: 50,
				comments: 'c',
				triggers: [{ condition: 'always', target: 'offers', action: 'disable', stream_id: 0 }],
				action_options: { a: 1 },
			},
		},
	),
	c(
		'flow',
		'update',
		{
			flowId: rl(33),
			updateFields: { collect_clicks: false, offers: { offer: [{ id: '10', share: 100 }] } },
		},
		{
			method: 'PUT',
			path: '/streams/33',
			body: { collect_clicks: false, offers: [{ offer_id: 10, share: 100, state: 'active' }] },
		},
	),
	c(
		'flow',
		'archive',
		{ flowId: rl(33) },
		{ method: 'DELETE', path: '/streams/33', body: undefined },
	),
	c('flow', 'enable', { flowId: rl(33) }, { method: 'POST', path: '/streams/33/enable', body: {} }),
	c(
		'flow',
		'disable',
		{ flowId: rl(33) },
		{ method: 'POST', path: '/streams/33/disable', body: {} },
	),
	c(
		'flow',
		'restore',
		{ flowId: rl(33) },
		{ method: 'POST', path: '/streams/33/restore', body: {} },
	),
	c('flow', 'getArchived', { returnAll: true }, { method: 'GET', path: '/streams/deleted' }),
	c(
		'flow',
		'search',
		{ query: 'example.com', returnAll: true },
		{ method: 'GET', path: '/streams/search', qs: { query: 'example.com' } },
	),
	c('flow', 'getEvents', { flowId: rl(33) }, { method: 'GET', path: '/streams/33/events' }),
	c('flow', 'getTypes', { returnAll: true }, { method: 'GET', path: '/stream_types' }),
	c('flow', 'getSchemas', { returnAll: true }, { method: 'GET', path: '/stream_schemas' }),
	c('flow', 'getActions', { returnAll: true }, { method: 'GET', path: '/streams_actions' }),
	c('flow', 'getFilters', { returnAll: true }, { method: 'GET', path: '/stream_filters' }),

	// ----- offer
	c('offer', 'getAll', { returnAll: true }, { method: 'GET', path: '/offers' }),
	c('offer', 'get', { offerId: rl(5) }, { method: 'GET', path: '/offers/5' }),
	c(
		'offer',
		'create',
		{
			name: 'Keto',
			additionalFields: {
				action_payload: 'https://net.example/?s={subid}',
				affiliate_network_id: '2',
				group_id: '0',
				country: 'us, DE, Romania',
				payout_value: 12.5,
				payout_currency: 'usd',
				payout_type: 'CPA',
				payout_auto: true,
				payout_upsell: true,
				offer_type: 'external',
				conversion_cap_enabled: true,
				daily_cap: 100,
				conversion_timezone: 'UTC',
				alternative_offer_id: '9',
			},
		},
		{
			method: 'POST',
			path: '/offers',
			body: {
				name: 'Keto',
				action_payload: 'https://net.example/?s={subid}',
				affiliate_network_id: 2,
				group_id: 0,
				country: ['US', 'DE', 'Romania'],
				payout_value: 12.5,
				payout_currency: 'USD',
				payout_type: 'CPA',
				payout_auto: true,
				payout_upsell: true,
				offer_type: 'external',
				conversion_cap_enabled: true,
				daily_cap: 100,
				conversion_timezone: 'UTC',
				alternative_offer_id: 9,
			},
		},
	),
	c(
		'offer',
		'update',
		{ offerId: rl(5), updateFields: { payout_value: 3 } },
		{ method: 'PUT', path: '/offers/5', body: { payout_value: 3 } },
	),
	c(
		'offer',
		'archive',
		{ offerId: rl(5) },
		{ method: 'DELETE', path: '/offers/5/archive', body: undefined },
	),
	c('offer', 'clone', { offerId: rl(5) }, { method: 'POST', path: '/offers/5/clone', body: {} }),
	c('offer', 'getArchived', { returnAll: true }, { method: 'GET', path: '/offers/deleted' }),
	c(
		'offer',
		'restore',
		{ offerId: rl(5) },
		{ method: 'POST', path: '/offers/5/restore', body: {} },
	),
	c(
		'offer',
		'getFileStructure',
		{ offerId: rl(5) },
		{ method: 'GET', path: '/offers/5/get_structure' },
	),
	c(
		'offer',
		'getFile',
		{ offerId: rl(5), filePath: 'order/success.html' },
		{ method: 'GET', path: '/offers/5/get_file', qs: { path: 'order/success.html' } },
		{
			routes: { 'GET /offers/5/get_file': { body: { data: '<p>ok</p>' } } },
			output: [{ path: 'order/success.html', data: '<p>ok</p>' }],
		},
	),
	c(
		'offer',
		'addFile',
		{ offerId: rl(5), filePath: 'new.html' },
		{ method: 'POST', path: '/offers/5/add_file', qs: { path: 'new.html' }, body: {} },
	),
	c(
		'offer',
		'updateFile',
		{ offerId: rl(5), filePath: 'new.html', content: '<b>hi</b>' },
		{
			method: 'PUT',
			path: '/offers/5/update_file',
			qs: { path: 'new.html', data: '<b>hi</b>' },
			body: {},
		},
	),
	c(
		'offer',
		'removeFile',
		{ offerId: rl(5), filePath: '/new.html' },
		{ method: 'DELETE', path: '/offers/5/remove_file', qs: { path: 'new.html' }, body: undefined },
	),
	c(
		'offer',
		'download',
		{ offerId: rl(5) },
		{ method: 'GET', path: '/offers/5/download' },
		{
			routes: {
				'GET /offers/5/download': {
					body: 'PK-text-zip',
					headers: { 'content-type': 'application/octet-stream' },
				},
			},
			output: [{ id: 5, fileName: 'offers_5.zip', size: 11 }],
		},
	),

	// ----- landing page
	c('landingPage', 'getAll', { returnAll: true }, { method: 'GET', path: '/landing_pages' }),
	c('landingPage', 'get', { landingPageId: rl(8) }, { method: 'GET', path: '/landing_pages/8' }),
	c(
		'landingPage',
		'create',
		{
			name: 'LP',
			additionalFields: {
				landing_type: 'external',
				action_type: 'http',
				url: 'https://lp.example/',
				group_id: '4',
				state: 'active',
				notes: 'x',
			},
		},
		{
			method: 'POST',
			path: '/landing_pages',
			body: {
				name: 'LP',
				landing_type: 'external',
				action_type: 'http',
				url: 'https://lp.example/',
				group_id: '4',
				state: 'active',
				notes: 'x',
			},
		},
	),
	c(
		'landingPage',
		'update',
		{ landingPageId: rl(8), updateFields: { name: 'LP2' } },
		{ method: 'PUT', path: '/landing_pages/8', body: { name: 'LP2' } },
	),
	c(
		'landingPage',
		'archive',
		{ landingPageId: rl(8) },
		{ method: 'DELETE', path: '/landing_pages/8', body: undefined },
	),
	c(
		'landingPage',
		'clone',
		{ landingPageId: rl(8) },
		{ method: 'PUT', path: '/landing_pages/8/clone', body: {} },
	),
	c(
		'landingPage',
		'getFileStructure',
		{ landingPageId: rl(8) },
		{ method: 'GET', path: '/landing_pages/8/get_structure' },
	),
	c(
		'landingPage',
		'getFile',
		{ landingPageId: rl(8), filePath: 'index.html' },
		{ method: 'GET', path: '/landing_pages/8/get_file', qs: { path: 'index.html' } },
	),
	c(
		'landingPage',
		'addFile',
		{ landingPageId: rl(8), filePath: 'a.css' },
		{ method: 'POST', path: '/landing_pages/8/add_file', qs: { path: 'a.css' } },
	),
	c(
		'landingPage',
		'updateFile',
		{ landingPageId: rl(8), filePath: 'a.css', content: 'b{}' },
		{ method: 'PUT', path: '/landing_pages/8/update_file', qs: { path: 'a.css', data: 'b{}' } },
	),
	c(
		'landingPage',
		'removeFile',
		{ landingPageId: rl(8), filePath: 'a.css' },
		{ method: 'DELETE', path: '/landing_pages/8/remove_file', qs: { path: 'a.css' } },
	),
	c(
		'landingPage',
		'download',
		{ landingPageId: rl(8) },
		{ method: 'GET', path: '/landing_pages/8/download' },
		{
			routes: { 'GET /landing_pages/8/download': { body: 'zip' } },
		},
	),

	// ----- affiliate network
	c(
		'affiliateNetwork',
		'getAll',
		{ returnAll: true },
		{ method: 'GET', path: '/affiliate_networks' },
	),
	c(
		'affiliateNetwork',
		'get',
		{ affiliateNetworkId: rl(2) },
		{ method: 'GET', path: '/affiliate_networks/2' },
	),
	c(
		'affiliateNetwork',
		'create',
		{
			name: 'Net',
			additionalFields: {
				postback_url: 'https://t.example/pb',
				offer_param: 'sub1={subid}',
				notes: 'n',
			},
		},
		{
			method: 'POST',
			path: '/affiliate_networks',
			body: {
				name: 'Net',
				postback_url: 'https://t.example/pb',
				offer_param: 'sub1={subid}',
				notes: 'n',
			},
		},
	),
	c(
		'affiliateNetwork',
		'update',
		{ affiliateNetworkId: rl(2), updateFields: { name: 'Net2' } },
		{ method: 'PUT', path: '/affiliate_networks/2', body: { name: 'Net2' } },
	),
	c(
		'affiliateNetwork',
		'archive',
		{ affiliateNetworkId: rl(2) },
		{ method: 'DELETE', path: '/affiliate_networks/2' },
	),
	c(
		'affiliateNetwork',
		'clone',
		{ affiliateNetworkId: rl(2) },
		{ method: 'POST', path: '/affiliate_networks/2/clone', body: {} },
	),
	c(
		'affiliateNetwork',
		'restore',
		{ affiliateNetworkId: rl(2) },
		{ method: 'POST', path: '/affiliate_networks/2/restore', body: {} },
	),

	// ----- traffic source
	c('trafficSource', 'getAll', { returnAll: true }, { method: 'GET', path: '/traffic_sources' }),
	c(
		'trafficSource',
		'get',
		{ trafficSourceId: rl(4) },
		{ method: 'GET', path: '/traffic_sources/4' },
	),
	c(
		'trafficSource',
		'create',
		{
			name: 'FB',
			additionalFields: {
				postback_url: 'https://fb.example/pb?c={external_id}',
				postback_statuses: ['lead', 'sale'],
				template_name: 'facebook',
				accept_parameters: true,
				traffic_loss: 3,
				parameters: {
					parameter: [{ key: 'external_id', name: 'fbclid', placeholder: '{{fbclid}}', alias: '' }],
				},
			},
		},
		{
			method: 'POST',
			path: '/traffic_sources',
			body: {
				name: 'FB',
				postback_url: 'https://fb.example/pb?c={external_id}',
				postback_statuses: ['lead', 'sale'],
				template_name: 'facebook',
				accept_parameters: true,
				traffic_loss: 3,
				parameters: { external_id: { name: 'fbclid', placeholder: '{{fbclid}}' } },
			},
		},
	),
	c(
		'trafficSource',
		'update',
		{ trafficSourceId: rl(4), updateFields: { notes: '' } },
		{ method: 'PUT', path: '/traffic_sources/4', body: { notes: '' } },
	),
	c(
		'trafficSource',
		'archive',
		{ trafficSourceId: rl(4) },
		{ method: 'DELETE', path: '/traffic_sources/4' },
		{
			routes: {
				'DELETE /traffic_sources/4': { body: 'Success', headers: { 'content-type': 'text/plain' } },
			},
			output: [{ success: true, message: 'Success' }],
		},
	),
	c(
		'trafficSource',
		'clone',
		{ trafficSourceId: rl(4) },
		{ method: 'POST', path: '/traffic_sources/4/clone', body: {} },
	),

	// ----- domain
	c('domain', 'getAll', { returnAll: true }, { method: 'GET', path: '/domains' }),
	c('domain', 'get', { domainId: rl(3) }, { method: 'GET', path: '/domains/3' }),
	c(
		'domain',
		'create',
		{
			name: 'in.example.com',
			is_ssl: true,
			additionalFields: {
				default_campaign_id: '12',
				catch_not_found: true,
				ssl_redirect: true,
				allow_indexing: false,
				notes: 'n',
			},
		},
		{
			method: 'POST',
			path: '/domains',
			body: {
				name: 'in.example.com',
				is_ssl: true,
				default_campaign_id: 12,
				catch_not_found: true,
				ssl_redirect: true,
				allow_indexing: false,
				notes: 'n',
			},
		},
		{
			routes: { 'POST /domains': { body: [{ id: 3, name: 'in.example.com' }] } },
			output: [{ id: 3, name: 'in.example.com' }],
		},
	),
	c(
		'domain',
		'update',
		{ domainId: rl(3), updateFields: { is_ssl: false, name: 'https://b.example.com/' } },
		{ method: 'PUT', path: '/domains/3', body: { is_ssl: false, name: 'https://b.example.com/' } },
	),
	c('domain', 'archive', { domainId: rl(3) }, { method: 'DELETE', path: '/domains/3' }),
	c(
		'domain',
		'restore',
		{ domainId: rl(3) },
		{ method: 'POST', path: '/domains/3/restore', body: {} },
	),
	c('domain', 'getArchived', { returnAll: true }, { method: 'GET', path: '/domains/deleted' }),
	c('domain', 'check', { domainId: rl(3) }, { method: 'POST', path: '/domains/3/check', body: {} }),
	c('domain', 'clone', { domainId: rl(3) }, { method: 'POST', path: '/domains/3/clone', body: {} }),
	c(
		'domain',
		'getServerIps',
		{},
		{ method: 'GET', path: '/domains/ip' },
		{
			routes: { 'GET /domains/ip': { body: ['1.2.3.4'] } },
			output: [{ ips: ['1.2.3.4'] }],
		},
	),

	// ----- group
	c(
		'group',
		'getAll',
		{ groupType: 'offers', returnAll: true },
		{ method: 'GET', path: '/groups', qs: { type: 'offers' } },
	),
	c(
		'group',
		'create',
		{ groupType: 'landings', name: 'G', additionalFields: { position: 3 } },
		{ method: 'POST', path: '/groups', body: { name: 'G', type: 'landings', position: 3 } },
	),
	c(
		'group',
		'update',
		{ groupType: 'offers', groupId: rl(6), updateFields: { name: 'G2' } },
		{ method: 'PUT', path: '/groups/6', body: { name: 'G2' } },
	),
	c(
		'group',
		'delete',
		{ groupType: 'offers', groupId: rl(6) },
		{ method: 'DELETE', path: '/groups/6/delete' },
	),

	// ----- user
	c('user', 'getAll', { returnAll: true }, { method: 'GET', path: '/users' }),
	c('user', 'get', { userId: rl(9) }, { method: 'GET', path: '/users/9' }),
	c(
		'user',
		'create',
		{
			login: 'anna',
			type: 'USER',
			password: 'p@ss',
			passwordConfirmation: 'p@ss',
			additionalFields: { language: 'ru', timezone: 'Europe/Moscow' },
		},
		{
			method: 'POST',
			path: '/users',
			body: {
				login: 'anna',
				type: 'USER',
				new_password: 'p@ss',
				new_password_confirmation: 'p@ss',
				preferences: { language: 'ru', timezone: 'Europe/Moscow' },
			},
		},
	),
	c(
		'user',
		'update',
		{ userId: rl(9), updateFields: { keyCount: 2, type: 'ADMIN' } },
		{ method: 'PUT', path: '/users/9', body: { keyCount: 2, type: 'ADMIN' } },
	),
	c(
		'user',
		'delete',
		{ userId: rl(9) },
		{ method: 'DELETE', path: '/users/9' },
		{ routes: { 'DELETE /users/9': { status: 201 } }, output: [{ success: true, id: 9 }] },
	),
	c(
		'user',
		'updateAccess',
		{
			userId: rl(9),
			access: {
				campaigns_access_type: 'read_only',
				streams_access_type: 'full_access',
				resources: 'campaigns, offers',
				reports: 'campaigns',
			},
		},
		{
			method: 'PUT',
			path: '/users/9/access',
			body: {
				access_data: {
					campaigns_access_type: 'read_only',
					streams_access_type: 'full_access',
					resources: ['campaigns', 'offers'],
					reports: ['campaigns'],
				},
			},
		},
	),

	// ----- bot list
	c(
		'botList',
		'get',
		{},
		{ method: 'GET', path: '/botlist' },
		{
			routes: { 'GET /botlist': { body: { value: '1.2.3.4\n5.6.7.0/24\n' } } },
			output: [{ value: '1.2.3.4\n5.6.7.0/24\n', ips: ['1.2.3.4', '5.6.7.0/24'], count: 2 }],
		},
	),
	c(
		'botList',
		'add',
		{ ips: '1.2.3.4, 10.0.0.0/8\n5.6.7.1-5.6.7.9 1.2.3.*' },
		{
			method: 'POST',
			path: '/botlist/add',
			body: { value: '1.2.3.4\n10.0.0.0/8\n5.6.7.1-5.6.7.9\n1.2.3.*' },
		},
	),
	c(
		'botList',
		'exclude',
		{ ips: '1.2.3.4' },
		{ method: 'POST', path: '/botlist/exclude', body: { value: '1.2.3.4' } },
	),
	c(
		'botList',
		'replace',
		{ ips: '2001:db8::1 9.9.9.9' },
		{ method: 'PUT', path: '/botlist', body: { value: '2001:db8::1\n9.9.9.9' } },
	),
	c(
		'botList',
		'clear',
		{ confirm: true },
		{ method: 'DELETE', path: '/botlist', body: undefined },
		{
			routes: { 'DELETE /botlist': { status: 200 } },
			output: [{ success: true }],
		},
	),

	// ----- log
	c(
		'log',
		'getTypes',
		{},
		{ method: 'POST', path: '/logs/types', body: {} },
		{
			routes: { 'POST /logs/types': { body: ['system', 'traffic'] } },
			output: [{ type: 'system' }, { type: 'traffic' }],
		},
	),
	c(
		'log',
		'get',
		{ logType: 'system', limit: 20, options: { offset: 5, query: 'error' } },
		{ method: 'GET', path: '/logs/system', qs: { limit: 20, offset: 5, query: 'error' } },
		{
			routes: { 'GET /logs/system': { body: [{ datetime: 'd', jid: 'j', message: 'error 1' }] } },
			output: [{ datetime: 'd', jid: 'j', message: 'error 1' }],
		},
	),
	c('log', 'clear', { logType: 'system' }, { method: 'DELETE', path: '/logs/system' }),

	// ----- integrations
	c(
		'integration',
		'facebookGetAll',
		{ returnAll: true },
		{ method: 'GET', path: '/integrations/facebook' },
		{
			routes: {
				'GET /integrations/facebook': {
					body: {
						data: [
							{ id: 1, name: 'a' },
							{ id: 2, name: 'b' },
						],
					},
				},
			},
			output: [
				{ id: 1, name: 'a' },
				{ id: 2, name: 'b' },
			],
		},
	),
	c(
		'integration',
		'facebookCreate',
		{
			name: 'FB',
			adAccountId: 'act_1',
			token: 'EAAB',
			additionalFields: {
				proxy_enabled: true,
				proxy: {
					settings: {
						protocol: 'socks5',
						address: 'p.example',
						port: 1080,
						login: 'u',
						password: 'pw',
					},
				},
			},
		},
		{
			method: 'POST',
			path: '/integrations/facebook',
			body: {
				name: 'FB',
				ad_account_id: 'act_1',
				token: 'EAAB',
				proxy_enabled: true,
				proxy: { protocol: 'socks5', address: 'p.example', port: 1080, login: 'u', password: 'pw' },
			},
		},
	),
	c(
		'integration',
		'facebookGet',
		{ integrationId: rl(1) },
		{ method: 'GET', path: '/integrations/facebook/1' },
		{
			routes: { 'GET /integrations/facebook/1': { body: { data: { id: 1, name: 'FB' } } } },
			output: [{ id: 1, name: 'FB' }],
		},
	),
	c(
		'integration',
		'facebookUpdate',
		{ integrationId: rl(1), updateFields: { name: 'FB2' } },
		{ method: 'PUT', path: '/integrations/facebook/1', body: { name: 'FB2' } },
	),
	c(
		'integration',
		'facebookDelete',
		{ integrationId: rl(1) },
		{ method: 'DELETE', path: '/integrations/facebook/1' },
	),
	c(
		'integration',
		'facebookGetCampaigns',
		{ integrationId: rl(1), returnAll: true },
		{ method: 'GET', path: '/integrations/facebook/1/campaign' },
		{
			routes: { 'GET /integrations/facebook/1/campaign': { body: [{ name: 'C', value: 12 }] } },
			output: [{ campaign_id: 12, name: 'C', value: 12 }],
		},
	),
	c(
		'integration',
		'facebookAssignCampaign',
		{ integrationId: rl(1), campaignId: rl(12) },
		{ method: 'POST', path: '/integrations/facebook/1/campaign', body: { campaign_id: 12 } },
	),
	c(
		'integration',
		'facebookDissociateCampaign',
		{ integrationId: rl(1), campaignId: rl(12) },
		{ method: 'DELETE', path: '/integrations/facebook/1/campaign', body: { campaign_id: 12 } },
	),
	c('integration', 'avscanGet', {}, { method: 'GET', path: '/integrations/avscan' }),
	c(
		'integration',
		'avscanUpdate',
		{ avscanKey: 'k1' },
		{ method: 'PUT', path: '/integrations/avscan', qs: { avscan_key: 'k1' }, body: {} },
	),
	c('integration', 'imkloGet', {}, { method: 'GET', path: '/integrations/imklo' }),
	c(
		'integration',
		'imkloUpdate',
		{ imkloApiUrl: 'https://imklo.example/api' },
		{
			method: 'PUT',
			path: '/integrations/imklo',
			qs: { imklo_api_url: 'https://imklo.example/api' },
			body: {},
		},
	),
];

describe('Keitaro entity operations: parameters → request', () => {
	it.each(cases)('%s', async (_name, tc) => {
		const { calls, json } = await run(tc.params, { routes: { ...any, ...(tc.routes ?? {}) } });
		expect(calls.map((call) => ({ method: call.method, path: call.path }))).toEqual(
			tc.expect.map((e) => ({ method: e.method, path: e.path })),
		);
		tc.expect.forEach((e, n) => {
			const call = calls[n];
			if ('qs' in e) expect(call.qs ?? {}).toEqual(e.qs);
			else expect(call.qs ?? {}).toEqual({});
			if ('body' in e) expect(call.body).toEqual(e.body);
			expect(call.headers['Accept']).toBe('application/json');
		});
		if (tc.output) expect(json).toEqual(tc.output);
	});

	it('has a mapping case for every operation of the entity resources', () => {
		const mine = [
			'campaign',
			'flow',
			'offer',
			'landingPage',
			'affiliateNetwork',
			'trafficSource',
			'domain',
			'group',
			'user',
			'botList',
			'integration',
			'log',
		];
		const expected = resources
			.filter((r) => mine.includes(String(r.option.value)))
			.flatMap((r) => Object.keys(r.operations).map((op) => `${String(r.option.value)}.${op}`))
			.sort();
		const tested = [...new Set(cases.map(([name]) => name))].sort();
		expect(tested).toEqual(expected);
	});
});

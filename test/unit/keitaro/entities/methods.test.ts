/** List searches (resource locators) and load-options methods of the entity resources. */
import { NodeApiError } from 'n8n-workflow';

import { listSearch, loadOptions } from '../../../../nodes/Keitaro/methods';
import { makeLoadContext, rl } from './fake';

const offers = Array.from({ length: 230 }, (_v, k) => ({
	id: k + 1,
	name: k % 2 ? `Keto ${k + 1}` : `Dating ${k + 1}`,
}));

describe('listSearch', () => {
	it('filters client-side by the typed text (name or exact ID) and pages with a string token', async () => {
		const { ctx, calls } = makeLoadContext({}, { 'GET /offers': { body: offers } });
		const first = await listSearch.searchOffers.call(ctx, 'keto');
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toEqual({ name: 'Keto 2 (#2)', value: '2' });
		expect(first.paginationToken).toBe('100');
		const second = await listSearch.searchOffers.call(ctx, 'keto', first.paginationToken);
		expect(second.results).toHaveLength(15);
		expect(second.paginationToken).toBeUndefined();
		const byId = await listSearch.searchOffers.call(ctx, '17');
		expect(byId.results[0]).toEqual({ name: 'Dating 17 (#17)', value: '17' });
		expect(byId.results.map((r) => r.value)).toEqual([
			'17',
			'117',
			'170',
			'171',
			'172',
			'173',
			'174',
			'175',
			'176',
			'177',
			'178',
			'179',
			'217',
		]);
		expect(calls.every((c) => c.method === 'GET' && c.path === '/offers')).toBe(true);
	});

	it('campaigns match name or alias', async () => {
		const { ctx } = makeLoadContext(
			{},
			{
				'GET /campaigns': {
					body: [
						{ id: 1, name: 'Summer', alias: 'sun' },
						{ id: 2, name: 'Winter', alias: 'snow-promo' },
					],
				},
			},
		);
		const res = await listSearch.searchCampaigns.call(ctx, 'SNOW');
		expect(res.results).toEqual([{ name: 'Winter (snow-promo, #2)', value: '2' }]);
	});

	it('flows: lists the flows of the chosen campaign', async () => {
		const { ctx, calls } = makeLoadContext(
			{ campaignId: rl(7, 'list') },
			{ 'GET /campaigns/7/streams': { body: [{ id: 70, name: 'Main', campaign_id: 7 }] } },
		);
		const res = await listSearch.searchFlows.call(ctx);
		expect(res.results).toEqual([{ name: 'Main (#70)', value: '70' }]);
		expect(calls[0].path).toBe('/campaigns/7/streams');
	});

	it('flows: a campaign given by alias is looked up first', async () => {
		const { ctx, calls } = makeLoadContext(
			{ campaignId: rl('promo', 'alias') },
			{
				'GET /campaigns': { body: [{ id: 9, alias: 'promo', name: 'P' }] },
				'GET /campaigns/9/streams': { body: [{ id: 90, name: 'F', campaign_id: 9 }] },
			},
		);
		const res = await listSearch.searchFlows.call(ctx);
		expect(res.results.map((r) => r.value)).toEqual(['90']);
		expect(calls.map((c) => c.path)).toEqual(['/campaigns', '/campaigns/9/streams']);
	});

	it('flows without a campaign: the typed text searches all flows', async () => {
		const { ctx, calls } = makeLoadContext(
			{},
			{ 'GET /streams/search': { body: [{ id: 5, name: 'Geo US', campaign_id: 2 }] } },
		);
		const res = await listSearch.searchFlows.call(ctx, 'example.com');
		expect(res.results).toEqual([{ name: 'Geo US (#5, campaign #2)', value: '5' }]);
		expect(calls[0].qs).toEqual({ query: 'example.com' });
		await expect(listSearch.searchFlows.call(ctx)).rejects.toThrow(/Choose a campaign first/);
	});

	it('groups: per Group Type', async () => {
		const { ctx, calls } = makeLoadContext(
			{ groupType: 'landings' },
			{ 'GET /groups': { body: [{ id: 3, name: 'LP group', type: 'landings' }] } },
		);
		const res = await listSearch.searchGroups.call(ctx, 'lp');
		expect(res.results).toEqual([{ name: 'LP group (#3)', value: '3' }]);
		expect(calls[0].qs).toEqual({ type: 'landings' });
	});

	it.each([
		['searchLandingPages', '/landing_pages'],
		['searchAffiliateNetworks', '/affiliate_networks'],
		['searchTrafficSources', '/traffic_sources'],
		['searchDomains', '/domains'],
	])('%s reads GET %s', async (method, path) => {
		const { ctx } = makeLoadContext(
			{},
			{
				[`GET ${path}`]: {
					body: [
						{ id: 1, name: 'A' },
						{ id: 2, name: 'B' },
					],
				},
			},
		);
		const res = await listSearch[method].call(ctx, 'b');
		expect(res.results).toEqual([{ name: 'B (#2)', value: '2' }]);
	});

	it('users are listed by login; Facebook integrations from {data: [...]}', async () => {
		const u = makeLoadContext(
			{},
			{
				'GET /users': {
					body: [
						{ id: 1, login: 'admin' },
						{ id: 2, login: 'anna' },
					],
				},
			},
		);
		expect((await listSearch.searchUsers.call(u.ctx, 'ann')).results).toEqual([
			{ name: 'anna (#2)', value: '2' },
		]);
		const f = makeLoadContext(
			{},
			{ 'GET /integrations/facebook': { body: { data: [{ id: 4, name: 'FB main' }] } } },
		);
		expect((await listSearch.searchFacebookIntegrations.call(f.ctx)).results).toEqual([
			{ name: 'FB main (#4)', value: '4' },
		]);
	});

	it('tracker errors come through as NodeApiError', async () => {
		const { ctx } = makeLoadContext(
			{},
			{ 'GET /domains': { status: 401, body: { error: 'Invalid API key' } } },
		);
		await expect(listSearch.searchDomains.call(ctx)).rejects.toBeInstanceOf(NodeApiError);
	});
});

describe('loadOptions', () => {
	it.each([
		['getCampaignGroups', 'campaigns'],
		['getOfferGroups', 'offers'],
		['getLandingGroups', 'landings'],
	])('%s: GET /groups?type=%s with "No Group" first', async (method, type) => {
		const { ctx, calls } = makeLoadContext(
			{},
			{
				'GET /groups': {
					body: [
						{ id: 2, name: 'Zeta' },
						{ id: 1, name: 'Alpha' },
					],
				},
			},
		);
		const options = await loadOptions[method].call(ctx);
		expect(options).toEqual([
			{ name: 'No Group', value: '0' },
			{ name: 'Alpha (#1)', value: '1' },
			{ name: 'Zeta (#2)', value: '2' },
		]);
		expect(calls[0].qs).toEqual({ type });
	});

	it.each([
		['getTrafficSources', '/traffic_sources'],
		['getAffiliateNetworks', '/affiliate_networks'],
		['getDomains', '/domains'],
		['getOffers', '/offers'],
		['getLandingPages', '/landing_pages'],
		['getCampaigns', '/campaigns'],
	])('%s reads GET %s, sorted by name', async (method, path) => {
		const { ctx } = makeLoadContext(
			{},
			{
				[`GET ${path}`]: {
					body: [
						{ id: 2, name: 'b' },
						{ id: 1, name: 'a' },
					],
				},
			},
		);
		expect(await loadOptions[method].call(ctx)).toEqual([
			{ name: 'a (#1)', value: '1' },
			{ name: 'b (#2)', value: '2' },
		]);
	});

	it.each([
		[
			'getFlowTypes',
			'/stream_types',
			{ key: 'forced', name: 'Intercepting', description: 'Checked first' },
			{ name: 'Intercepting', value: 'forced', description: 'Checked first' },
		],
		[
			'getFlowSchemas',
			'/stream_schemas',
			{ key: 'redirect', name: 'Redirect' },
			{ name: 'Redirect', value: 'redirect' },
		],
		[
			'getFlowActions',
			'/streams_actions',
			{ key: 'http', name: 'HTTP redirect', description: 'HTTP redirect' },
			{ name: 'HTTP redirect', value: 'http' },
		],
		[
			'getFlowFilters',
			'/stream_filters',
			{ value: 'country', tooltip: 'Country', group: 'geo' },
			{ name: 'Country', value: 'country', description: 'country (geo)' },
		],
	])('%s reads GET %s', async (method, path, entry, option) => {
		const { ctx } = makeLoadContext({}, { [`GET ${path}`]: { body: [entry] } });
		expect(await loadOptions[method].call(ctx)).toEqual([option]);
	});

	it('getLogTypes reads POST /logs/types', async () => {
		const { ctx, calls } = makeLoadContext(
			{},
			{ 'POST /logs/types': { body: ['system', 'traffic'] } },
		);
		expect(await loadOptions.getLogTypes.call(ctx)).toEqual([
			{ name: 'system', value: 'system' },
			{ name: 'traffic', value: 'traffic' },
		]);
		expect(calls[0].method).toBe('POST');
	});
});

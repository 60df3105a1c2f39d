/**
 * Error paths of the entity operations: tracker errors through the shared layer (404 entity,
 * 406/422 field errors), continueOnFail output items with pairedItem, and NodeOperationError for
 * bad parameters before any request is made.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { rl, run, runError } from './fake';

describe('tracker errors', () => {
	it('404 on an entity names it: "Campaign 12 was not found in Keitaro"', async () => {
		const { error, calls } = await runError(
			{ resource: 'campaign', operation: 'get', campaignId: rl(12) },
			{
				routes: {
					'GET /campaigns/12': {
						status: 404,
						body: 'Traffic\\Model\\Campaign #12 not found',
						headers: { 'content-type': 'text/plain' },
					},
				},
			},
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Campaign 12 was not found in Keitaro (HTTP 404)');
		expect(error.context?.itemIndex).toBe(0);
		expect(calls).toHaveLength(1); // a 404 is not retried
	});

	it.each([
		['flow', 'get', { flowId: rl(33) }, 'GET /streams/33', 'Flow 33 was not found'],
		['offer', 'archive', { offerId: rl(5) }, 'DELETE /offers/5/archive', 'Offer 5 was not found'],
		[
			'landingPage',
			'clone',
			{ landingPageId: rl(8) },
			'PUT /landing_pages/8/clone',
			'Landing page 8 was not found',
		],
		[
			'affiliateNetwork',
			'get',
			{ affiliateNetworkId: rl(2) },
			'GET /affiliate_networks/2',
			'Affiliate network 2 was not found',
		],
		[
			'trafficSource',
			'clone',
			{ trafficSourceId: rl(4) },
			'POST /traffic_sources/4/clone',
			'Traffic source 4 was not found',
		],
		['domain', 'check', { domainId: rl(3) }, 'POST /domains/3/check', 'Domain 3 was not found'],
		[
			'group',
			'delete',
			{ groupType: 'campaigns', groupId: rl(6) },
			'DELETE /groups/6/delete',
			'Group 6 was not found',
		],
		['user', 'get', { userId: rl(9) }, 'GET /users/9', 'User 9 was not found'],
		[
			'integration',
			'facebookGet',
			{ integrationId: rl(1) },
			'GET /integrations/facebook/1',
			'Facebook integration 1 was not found',
		],
		[
			'flow',
			'getAll',
			{ campaignId: rl(7) },
			'GET /campaigns/7/streams',
			'Campaign 7 was not found',
		],
	])('%s.%s: 404 names the entity', async (resource, operation, params, route, message) => {
		const { error } = await runError({ resource, operation, ...params } as INodeParameters, {
			routes: { [route]: { status: 404, body: 'Traffic\\Model\\X #1 not found' } },
		});
		expect(error.message).toContain(`${message} in Keitaro`);
	});

	it('422 field errors are listed in the message and the description', async () => {
		const { error, calls } = await runError(
			{ resource: 'campaign', operation: 'create', name: 'A', alias: 'taken' },
			{
				routes: {
					'POST /campaigns': {
						status: 422,
						body: { alias: ['Alias has already used'], name: ['Name is too long'] },
					},
				},
			},
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Keitaro rejected the data (HTTP 422): alias: Alias has already used; name: Name is too long',
		);
		expect(error.description).toContain('- alias: Alias has already used');
		expect(error.description).toContain('- name: Name is too long');
		expect(calls).toHaveLength(1); // creates are never retried
	});

	it('406 (spec status) is read the same way', async () => {
		const { error } = await runError(
			{ resource: 'offer', operation: 'clone', offerId: rl(5) },
			{ routes: { 'POST /offers/5/clone': { status: 406, body: { name: ['Name is required'] } } } },
		);
		expect(error.message).toContain('name: Name is required');
	});

	it('continueOnFail: a failing item becomes {error} with its pairedItem, the next item goes on', async () => {
		let n = 0;
		const { output } = await run(
			{ resource: 'campaign', operation: 'get', campaignId: rl(12) },
			{
				items: [{ json: {} }, { json: {} }],
				continueOnFail: true,
				routes: {
					'GET /campaigns/12': () =>
						n++ === 0
							? { status: 404, body: 'Traffic\\Model\\Campaign #12 not found' }
							: { body: { id: 12, name: 'C' } },
				},
			},
		);
		expect(output).toHaveLength(2);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json.error).toBe('Campaign 12 was not found in Keitaro (HTTP 404)');
		expect(output[0].json.httpCode).toBe('404');
		expect(output[1]).toEqual({ json: { id: 12, name: 'C' }, pairedItem: { item: 1 } });
	});

	it('continueOnFail also catches bad parameters (NodeOperationError) without a request', async () => {
		const { output, calls } = await run(
			{ resource: 'campaign', operation: 'get', campaignId: rl('abc') },
			{ continueOnFail: true },
		);
		expect(calls).toHaveLength(0);
		expect(output).toEqual([
			{
				json: expect.objectContaining({ error: 'Campaign: "abc" is not a valid ID' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('list operations pair every output item with its input item', async () => {
		const { output } = await run(
			{ resource: 'offer', operation: 'getAll', returnAll: true },
			{
				items: [{ json: {} }, { json: {} }],
				routes: { 'GET /offers': { body: [{ id: 1 }, { id: 2 }] } },
			},
		);
		expect(output.map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
		]);
	});
});

describe('bad parameters: NodeOperationError naming the field, before any request', () => {
	const cases: Array<[string, INodeParameters, RegExp]> = [
		[
			'non-numeric ID',
			{ resource: 'offer', operation: 'get', offerId: rl('12a') },
			/^Offer: "12a" is not a valid ID/,
		],
		['empty ID', { resource: 'domain', operation: 'get', domainId: rl('') }, /^No Domain given/],
		[
			'zero ID',
			{ resource: 'user', operation: 'get', userId: rl('0') },
			/^User: "0" is not a valid ID/,
		],
		[
			'alias not a slug',
			{ resource: 'campaign', operation: 'create', name: 'A', alias: 'my alias!' },
			/^Alias "my alias!" is not a valid URL slug/,
		],
		[
			'alias mode not a slug',
			{ resource: 'campaign', operation: 'get', campaignId: rl('a b', 'alias') },
			/^Campaign alias "a b" is not a valid URL slug/,
		],
		[
			'blank name',
			{ resource: 'offer', operation: 'create', name: '   ' },
			/^Name must not be empty/,
		],
		[
			'bad currency',
			{
				resource: 'campaign',
				operation: 'create',
				name: 'A',
				alias: 'a',
				additionalFields: { cost_currency: 'dollars' },
			},
			/^Cost Currency must be a 3-letter currency code/,
		],
		[
			'bad Additional JSON',
			{
				resource: 'campaign',
				operation: 'create',
				name: 'A',
				alias: 'a',
				additionalFields: { additionalJson: '{"x":' },
			},
			/^Additional JSON is not valid JSON/,
		],
		[
			'Additional JSON not an object',
			{
				resource: 'offer',
				operation: 'create',
				name: 'A',
				additionalFields: { additionalJson: '[1]' },
			},
			/^Additional JSON must be a JSON object/,
		],
		[
			'empty Update Fields',
			{ resource: 'campaign', operation: 'update', campaignId: rl(1), updateFields: {} },
			/^Update Fields: add at least one field/,
		],
		[
			'share over 100',
			{
				resource: 'flow',
				operation: 'create',
				campaignId: rl(1),
				name: 'F',
				type: 'regular',
				schema: 'landings',
				action_type: 'http',
				additionalFields: { offers: { offer: [{ id: '3', share: 150 }] } },
			},
			/^Offers: row 1 share must be a whole number between 0 and 100/,
		],
		[
			'fractional share',
			{
				resource: 'flow',
				operation: 'update',
				flowId: rl(2),
				updateFields: { landings: { landing: [{ id: '3', share: 12.5 }] } },
			},
			/^Landing Pages: row 1 share must be a whole number/,
		],
		[
			'offer ID not numeric',
			{
				resource: 'flow',
				operation: 'update',
				flowId: rl(2),
				updateFields: { offers: { offer: [{ id: 'x', share: 10 }] } },
			},
			/^Offers: row 1 ID: "x" is not a valid ID/,
		],
		[
			'duplicate offer',
			{
				resource: 'flow',
				operation: 'update',
				flowId: rl(2),
				updateFields: {
					offers: {
						offer: [
							{ id: '3', share: 10 },
							{ id: '3', share: 20 },
						],
					},
				},
			},
			/^Offers: ID 3 is listed twice/,
		],
		[
			'filter without name',
			{
				resource: 'flow',
				operation: 'update',
				flowId: rl(2),
				updateFields: { filters: { filter: [{ name: '', mode: 'accept', payload: 'US' }] } },
			},
			/^Filters: filter 1 needs a name/,
		],
		[
			'triggers not an array',
			{
				resource: 'flow',
				operation: 'update',
				flowId: rl(2),
				updateFields: { triggers: '{"a":1}' },
			},
			/^Triggers must be a JSON array/,
		],
		[
			'passwords differ',
			{
				resource: 'user',
				operation: 'create',
				login: 'a',
				type: 'USER',
				password: 'x1',
				passwordConfirmation: 'x2',
			},
			/^Password Confirmation does not match Password/,
		],
		[
			'update password without confirmation',
			{ resource: 'user', operation: 'update', userId: rl(3), updateFields: { password: 'x1' } },
			/^Password Confirmation does not match Password/,
		],
		[
			'empty Access',
			{ resource: 'user', operation: 'updateAccess', userId: rl(3), access: {} },
			/^Access: add at least one field/,
		],
		[
			'clean archive without Confirm',
			{ resource: 'campaign', operation: 'cleanArchive' },
			/^Confirm must be on/,
		],
		[
			'bot list clear without Confirm',
			{ resource: 'botList', operation: 'clear' },
			/^Confirm must be on/,
		],
		[
			'bot list bad IP',
			{ resource: 'botList', operation: 'add', ips: '1.2.3.4, hello, 300.1.1.1' },
			/^IPs: "hello", "300.1.1.1" are not IP addresses or ranges/,
		],
		[
			'bot list empty',
			{ resource: 'botList', operation: 'replace', ips: ' , ' },
			/^IPs must contain at least one/,
		],
		[
			'file path with ..',
			{ resource: 'offer', operation: 'getFile', offerId: rl(1), filePath: '../etc/passwd' },
			/^File Path "..\/etc\/passwd" is not a valid relative path/,
		],
		[
			'log type',
			{ resource: 'log', operation: 'get', logType: '../x' },
			/^Log Type "..\/x" is not a valid log name/,
		],
		[
			'domain name',
			{ resource: 'domain', operation: 'create', name: 'not a domain' },
			/^Name "not a domain" is not a valid domain name/,
		],
		[
			'update costs date',
			{
				resource: 'campaign',
				operation: 'updateCosts',
				campaignId: rl(1),
				startDate: 'yesterday',
				endDate: '2025-01-01',
				cost: 1,
				currency: 'USD',
			},
			/^Start Date must be a date and time/,
		],
		[
			'update costs range',
			{
				resource: 'campaign',
				operation: 'updateCosts',
				campaignId: rl(1),
				startDate: '2025-02-01',
				endDate: '2025-01-01',
				cost: 1,
				currency: 'USD',
			},
			/^Start Date must not be after End Date/,
		],
		[
			'postback URL',
			{
				resource: 'campaign',
				operation: 'update',
				campaignId: rl(1),
				updateFields: {
					postbacks: { postback: [{ method: 'GET', statuses: ['sale'], url: 'ftp://x' }] },
				},
			},
			/^Postbacks: postback 1 needs a URL/,
		],
		[
			'parameter twice',
			{
				resource: 'trafficSource',
				operation: 'update',
				trafficSourceId: rl(1),
				updateFields: {
					parameters: {
						parameter: [
							{ key: 'keyword', name: 'a' },
							{ key: 'keyword', name: 'b' },
						],
					},
				},
			},
			/^Parameters: "keyword" is set twice/,
		],
		[
			'traffic loss',
			{
				resource: 'trafficSource',
				operation: 'update',
				trafficSourceId: rl(1),
				updateFields: { traffic_loss: 150 },
			},
			/^Traffic Loss \(%\) must be between 0 and 100/,
		],
		[
			'proxy port',
			{
				resource: 'integration',
				operation: 'facebookUpdate',
				integrationId: rl(1),
				updateFields: { proxy: { settings: { address: 'p', port: 70000, protocol: 'http' } } },
			},
			/^Proxy: Port must be a whole number between 1 and 65535/,
		],
		[
			'IMKLO URL',
			{ resource: 'integration', operation: 'imkloUpdate', imkloApiUrl: 'imklo.example' },
			/^IMKLO API URL must start with http/,
		],
		[
			'group ID in a dropdown',
			{ resource: 'offer', operation: 'update', offerId: rl(1), updateFields: { group_id: 'abc' } },
			/^Group: "abc" is not a valid ID/,
		],
		[
			'limit below 1',
			{ resource: 'offer', operation: 'getAll', returnAll: false, limit: 0 },
			/^Limit must be a whole number of at least 1/,
		],
	];

	it.each(cases)('%s', async (_name, params, message) => {
		const { error, calls } = await runError(params, { routes: { 'GET *': { body: [] } } });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error).not.toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.context?.itemIndex).toBe(0);
		expect(calls).toHaveLength(0);
	});
});

/** Behaviours beyond plain request mapping: paging, alias lookup, unwrapping, files, binary data. */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Call } from './fake';
import { rl, run, runError } from './fake';

const campaigns = (n: number) =>
	Array.from({ length: n }, (_v, k) => ({ id: k + 1, alias: `c${k + 1}`, name: `C ${k + 1}` }));

/** GET /campaigns honouring offset/limit (newer trackers). */
const paged = (all: IDataObject[]) => (call: Call) => {
	const offset = Number(call.qs?.offset ?? 0);
	const limit = Number(call.qs?.limit ?? 0);
	return { body: limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset) };
};

describe('campaign Get Many', () => {
	it('Return All walks offset/limit pages of 500 until a short page', async () => {
		const { json, calls } = await run(
			{ resource: 'campaign', operation: 'getAll', returnAll: true },
			{ routes: { 'GET /campaigns': paged(campaigns(1203)) } },
		);
		expect(json).toHaveLength(1203);
		expect(calls.map((c) => c.qs)).toEqual([
			{ offset: 0, limit: 500 },
			{ offset: 500, limit: 500 },
			{ offset: 1000, limit: 500 },
		]);
	});

	it('older trackers that ignore offset/limit: stops on a page without new IDs, no duplicates', async () => {
		const all = campaigns(700);
		const { json, calls } = await run(
			{ resource: 'campaign', operation: 'getAll', returnAll: true },
			{ routes: { 'GET /campaigns': { body: all } } },
		);
		expect(json).toHaveLength(700);
		expect(new Set(json.map((c) => c.id)).size).toBe(700);
		expect(calls).toHaveLength(2);
	});

	it('Limit asks for that many and cuts the answer when the tracker ignores it', async () => {
		const { json, calls } = await run(
			{ resource: 'campaign', operation: 'getAll', returnAll: false, limit: 3 },
			{ routes: { 'GET /campaigns': { body: campaigns(10) } } },
		);
		expect(json.map((c) => c.id)).toEqual([1, 2, 3]);
		expect(calls.map((c) => c.qs)).toEqual([{ offset: 0, limit: 3 }]);
	});

	it('campaign parameters sent as a (double-)encoded JSON string are parsed', async () => {
		const params = { keyword: { name: 'kw', placeholder: '{kw}' } };
		const { json } = await run(
			{ resource: 'campaign', operation: 'getAll', returnAll: true },
			{
				routes: {
					'GET /campaigns': {
						body: [
							{ id: 1, parameters: JSON.stringify(params) },
							{ id: 2, parameters: JSON.stringify(JSON.stringify(params)) },
						],
					},
				},
			},
		);
		expect(json.map((c) => c.parameters)).toEqual([params, params]);
	});
});

describe('entity lists (unpaginated)', () => {
	it('Limit slices the full array client-side; one item per entity, not the envelope', async () => {
		const { json, calls } = await run(
			{ resource: 'landingPage', operation: 'getAll', returnAll: false, limit: 2 },
			{ routes: { 'GET /landing_pages': { body: [{ id: 1 }, { id: 2 }, { id: 3 }] } } },
		);
		expect(json).toEqual([{ id: 1 }, { id: 2 }]);
		expect(calls[0].qs ?? {}).toEqual({});
	});

	it('default Limit is 50', async () => {
		const { json } = await run(
			{ resource: 'offer', operation: 'getAll' },
			{
				routes: { 'GET /offers': { body: Array.from({ length: 80 }, (_v, k) => ({ id: k + 1 })) } },
			},
		);
		expect(json).toHaveLength(50);
	});
});

describe('campaign By Alias', () => {
	it('looks the alias up in GET /campaigns, then calls the operation with the ID', async () => {
		const { json, calls } = await run(
			{ resource: 'campaign', operation: 'disable', campaignId: rl('c7', 'alias') },
			{
				routes: {
					'GET /campaigns': paged(campaigns(9)),
					'POST /campaigns/7/disable': { body: { id: 7, state: 'disabled' } },
				},
			},
		);
		expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			'GET /campaigns',
			'POST /campaigns/7/disable',
		]);
		expect(json).toEqual([{ id: 7, state: 'disabled' }]);
	});

	it('unknown alias: NodeOperationError naming the alias', async () => {
		const { error } = await runError(
			{ resource: 'campaign', operation: 'get', campaignId: rl('nope', 'alias') },
			{ routes: { 'GET /campaigns': paged(campaigns(3)) } },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Campaign with alias "nope" was not found in Keitaro');
	});

	it('update validates the fields before looking the alias up', async () => {
		const { error, calls } = await runError({
			resource: 'campaign',
			operation: 'update',
			campaignId: rl('c1', 'alias'),
			updateFields: { alias: 'bad alias' },
		});
		expect(error.message).toMatch(/^Alias "bad alias" is not a valid URL slug/);
		expect(calls).toHaveLength(0);
	});
});

describe('one-element array answers (clone / delete) are unwrapped', () => {
	it.each([
		['campaign', 'clone', { campaignId: rl(1) }, 'POST /campaigns/1/clone'],
		['campaign', 'archive', { campaignId: rl(1) }, 'DELETE /campaigns/1'],
		['offer', 'clone', { offerId: rl(1) }, 'POST /offers/1/clone'],
		[
			'affiliateNetwork',
			'clone',
			{ affiliateNetworkId: rl(1) },
			'POST /affiliate_networks/1/clone',
		],
		['landingPage', 'archive', { landingPageId: rl(1) }, 'DELETE /landing_pages/1'],
	])('%s.%s', async (resource, operation, params, route) => {
		const { json } = await run(
			{ resource, operation, ...params },
			{ routes: { [route]: { body: [{ id: 2, name: 'copy' }] } } },
		);
		expect(json).toEqual([{ id: 2, name: 'copy' }]);
	});

	it('an empty 200 answer becomes {success: true, id}', async () => {
		const { json } = await run(
			{ resource: 'flow', operation: 'archive', flowId: rl(4) },
			{ routes: { 'DELETE /streams/4': { body: '' } } },
		);
		expect(json).toEqual([{ success: true, id: 4 }]);
	});
});

describe('flow create', () => {
	it('sends collect_clicks true by default (API default is false) and lets the user turn it off', async () => {
		const base = {
			resource: 'flow',
			operation: 'create',
			campaignId: rl(1),
			name: 'F',
			type: 'forced',
			schema: 'redirect',
			action_type: 'http',
		};
		const on = await run(base, { routes: { 'POST /streams': { body: { id: 1 } } } });
		expect(on.calls[0].body).toEqual({
			campaign_id: 1,
			collect_clicks: true,
			name: 'F',
			type: 'forced',
			schema: 'redirect',
			action_type: 'http',
		});
		const off = await run(
			{ ...base, additionalFields: { collect_clicks: false, action_payload: 'https://x.example' } },
			{ routes: { 'POST /streams': { body: { id: 1 } } } },
		);
		expect(off.calls[0].body).toMatchObject({
			collect_clicks: false,
			action_payload: 'https://x.example',
		});
	});

	it('Additional JSON wins over typed fields', async () => {
		const { calls } = await run(
			{
				resource: 'flow',
				operation: 'create',
				campaignId: rl(1),
				name: 'F',
				type: 'regular',
				schema: 'action',
				action_type: 'show_text',
				additionalFields: { additionalJson: { collect_clicks: false, action_payload: 'Hi' } },
			},
			{ routes: { 'POST /streams': { body: { id: 1 } } } },
		);
		expect(calls[0].body).toMatchObject({ collect_clicks: false, action_payload: 'Hi' });
	});
});

describe('files and binary data', () => {
	it('Download outputs the ZIP as binary data with metadata', async () => {
		const { output, binaries } = await run(
			{ resource: 'offer', operation: 'download', offerId: rl(5), binaryPropertyName: 'zip' },
			{
				routes: {
					'GET /offers/5/download': {
						body: 'PK\u0003\u0004abc',
						headers: { 'content-type': 'application/octet-stream' },
					},
				},
			},
		);
		expect(output[0].json).toEqual({ id: 5, fileName: 'offers_5.zip', size: 7 });
		expect(Object.keys(output[0].binary ?? {})).toEqual(['zip']);
		expect(binaries[0]).toMatchObject({ fileName: 'offers_5.zip', mimeType: 'application/zip' });
		expect(binaries[0].data.toString('utf8')).toBe('PK\u0003\u0004abc');
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	it('Download keeps bytes that are not valid UTF-8 (read as binary, not text)', async () => {
		const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x80, 0x00]);
		const { output, binaries } = await run(
			{ resource: 'landingPage', operation: 'download', landingPageId: rl(5) },
			{
				routes: {
					'GET /landing_pages/5/download': {
						body: bytes as never,
						headers: { 'content-type': 'application/zip' },
					},
				},
			},
		);
		expect(output[0].json.size).toBe(8);
		expect(Buffer.compare(binaries[0].data, bytes)).toBe(0);
	});

	it('Get File can output the file as binary', async () => {
		const { output, binaries } = await run(
			{
				resource: 'landingPage',
				operation: 'getFile',
				landingPageId: rl(8),
				filePath: 'css/a.css',
				asBinary: true,
			},
			{ routes: { 'GET /landing_pages/8/get_file': { body: { data: 'b{color:red}' } } } },
		);
		expect(output[0].json).toEqual({ path: 'css/a.css', size: 12 });
		expect(binaries[0]).toMatchObject({ fileName: 'a.css', mimeType: 'text/css' });
		expect(output[0].binary?.data).toBeDefined();
	});

	it('Get File Structure can list the files one item each', async () => {
		const tree = {
			name: 'offer_5',
			type: 'directory',
			path: '/',
			children: [
				{ name: 'index.html', type: 'file', ext: 'html', path: '/index.html' },
				{
					name: 'css',
					type: 'directory',
					path: '/css',
					children: [{ name: 'a.css', type: 'file', ext: 'css', path: '/css/a.css' }],
				},
			],
		};
		const { json } = await run(
			{ resource: 'offer', operation: 'getFileStructure', offerId: rl(5), listFiles: true },
			{ routes: { 'GET /offers/5/get_structure': { body: tree } } },
		);
		expect(json).toEqual([
			{ name: 'index.html', path: '/index.html', ext: 'html', offer_id: 5 },
			{ name: 'a.css', path: '/css/a.css', ext: 'css', offer_id: 5 },
		]);
	});

	it('Update File can take the content from an input binary field', async () => {
		const { calls } = await run(
			{
				resource: 'offer',
				operation: 'updateFile',
				offerId: rl(5),
				filePath: 'index.html',
				contentSource: 'binary',
				binaryPropertyName: 'file',
			},
			{
				items: [
					{
						json: {},
						binary: {
							file: { data: Buffer.from('<h1>hé</h1>').toString('base64'), mimeType: 'text/html' },
						},
					},
				],
				routes: { 'PUT /offers/5/update_file': { body: { path: '/index.html' } } },
			},
		);
		expect(calls[0].qs).toEqual({ path: 'index.html', data: '<h1>hé</h1>' });
	});

	it('Create uploads an archive from an input binary field as base64', async () => {
		const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]);
		const { calls } = await run(
			{
				resource: 'landingPage',
				operation: 'create',
				name: 'L',
				additionalFields: { archiveBinaryPropertyName: 'data' },
			},
			{
				items: [
					{
						json: {},
						binary: { data: { data: zip.toString('base64'), mimeType: 'application/zip' } },
					},
				],
				routes: { 'POST /landing_pages': { body: { id: 1 } } },
			},
		);
		expect(calls[0].body).toEqual({ name: 'L', archive: zip.toString('base64') });
	});
});

describe('logs', () => {
	it('Return All pages with limit/offset until a short page', async () => {
		const rows = Array.from({ length: 1100 }, (_v, k) => ({ message: `m${k}` }));
		const { json, calls } = await run(
			{ resource: 'log', operation: 'get', logType: 'traffic', returnAll: true },
			{
				routes: {
					'GET /logs/traffic': (call) => ({
						body: rows.slice(
							Number(call.qs?.offset),
							Number(call.qs?.offset) + Number(call.qs?.limit),
						),
					}),
				},
			},
		);
		expect(json).toHaveLength(1100);
		expect(calls.map((c) => c.qs)).toEqual([
			{ limit: 500, offset: 0 },
			{ limit: 500, offset: 500 },
			{ limit: 500, offset: 1000 },
		]);
	});
});

describe('secrets in output', () => {
	it('never outputs the campaign token (the Click API secret)', async () => {
		const { output } = await run(
			{ resource: 'campaign', operation: 'get', campaignId: rl(7) },
			{
				routes: {
					'GET /campaigns/7': {
						body: { id: 7, alias: 'c7', name: 'C7', token: 'click-api-secret-123' },
					},
				},
			},
		);
		expect(output[0].json.token).toBe('***');
		expect(JSON.stringify(output)).not.toContain('click-api-secret-123');
	});
});

describe('third-party secrets in output', () => {
	it('masks the Facebook integration token', async () => {
		const { output } = await run(
			{ resource: 'integration', operation: 'facebookGet', integrationId: rl(3) },
			{
				routes: {
					'GET /integrations/facebook/3': {
						body: { data: { id: 3, name: 'FB', token: 'EAAB-secret' } },
					},
				},
			},
		);
		expect(output[0].json).toMatchObject({ id: 3, token: '***', tokenIsSet: true });
		expect(JSON.stringify(output)).not.toContain('EAAB-secret');
	});
});

import type {
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation, ActionResource } from '../../../nodes/shared/actions';
import {
	buildActionProperties,
	collectPages,
	runActions,
	SAMPLE_MARKER,
} from '../../../nodes/shared/actions';
import { RateQueue, queueNotice } from '../../../nodes/shared/cost';
import { Harness, createContext } from '../../helpers/n8n';

const fakeCred: ICredentialType = { name: 'fakeApi', displayName: 'Fake', properties: [] };

function node(resources: ActionResource[]): INodeType {
	return {
		description: {
			displayName: 'Fake',
			name: 'fake',
			group: ['transform'],
			version: 1,
			description: 'x',
			defaults: { name: 'Fake' },
			inputs: [],
			outputs: [],
			properties: buildActionProperties(resources),
		},
	};
}

const echo: ActionOperation = {
	option: { name: 'Echo', value: 'echo', action: 'Echo an item' },
	properties: [],
	calls: [],
	async execute(this: IExecuteFunctions, i: number) {
		const json = this.getInputData()[i].json;
		if (json.fail) throw new NodeOperationError(this.getNode(), `item ${i} failed`);
		return [{ i }, { i, second: true }];
	},
};
const write: ActionOperation = { ...echo, option: { ...echo.option, value: 'write' }, write: true };
const batch: ActionOperation = {
	option: { name: 'Batch', value: 'batch', action: 'Batch items' },
	properties: [],
	calls: [],
	write: true,
	async executeBatch(this: IExecuteFunctions, indexes: number[]) {
		return indexes.reverse().map((i) => ({ json: { i }, pairedItem: { item: i } }));
	},
};
const resources: ActionResource[] = [
	{
		option: { name: 'Thing', value: 'thing' },
		defaultOperation: 'echo',
		operations: { echo, write, batch },
	},
];

async function run(
	operation: string,
	items: INodeExecutionData[],
	opts: { continueOnFail?: boolean; allowWrite?: boolean } = {},
) {
	const harness = new Harness().addCredential(fakeCred, {
		allowWriteOperations: opts.allowWrite ?? true,
	});
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: node(resources),
		parameters: { resource: 'thing', operation },
		items,
		continueOnFail: opts.continueOnFail,
	});
	return await runActions.call(ctx, { tracker: 'Fake', credentialType: 'fakeApi', resources });
}

describe('shared action kit: router', () => {
	it('pairs every output item with its input item', async () => {
		const [out] = await run('echo', [{ json: {} }, { json: {} }]);
		expect(out.map((o) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
		]);
	});

	it('continueOnFail turns a failing item into an error item and goes on', async () => {
		const [out] = await run('echo', [{ json: { fail: true } }, { json: {} }], {
			continueOnFail: true,
		});
		expect(out[0]).toEqual({ json: { error: 'item 0 failed' }, pairedItem: { item: 0 } });
		expect(out.slice(1).map((o) => o.json.i)).toEqual([1, 1]);
	});

	it('without continueOnFail the error names the item', async () => {
		await expect(run('echo', [{ json: {} }, { json: { fail: true } }])).rejects.toMatchObject({
			message: 'item 1 failed',
			context: { itemIndex: 1 },
		});
	});

	it('write operations refuse a read-only credential and sample items, per item', async () => {
		await expect(run('write', [{ json: {} }], { allowWrite: false })).rejects.toThrow(
			/Allow Write Operations/,
		);
		const [out] = await run('write', [{ json: { [SAMPLE_MARKER]: true } }, { json: {} }], {
			continueOnFail: true,
		});
		expect(out[0].json.error).toMatch(/sample data/);
		expect(out.slice(1).map((o) => o.pairedItem)).toEqual([{ item: 1 }, { item: 1 }]);
		// read operations are not guarded
		await expect(run('echo', [{ json: {} }], { allowWrite: false })).resolves.toBeDefined();
	});

	it('batch operations get only the allowed items and output in input order', async () => {
		const [out] = await run(
			'batch',
			[{ json: {} }, { json: { [SAMPLE_MARKER]: true } }, { json: {} }],
			{
				continueOnFail: true,
			},
		);
		expect(out.map((o) => [o.pairedItem, o.json.i ?? 'error'])).toEqual([
			[{ item: 0 }, 0],
			[{ item: 1 }, 'error'],
			[{ item: 2 }, 2],
		]);
	});
});

describe('shared action kit: paging', () => {
	const data = Array.from({ length: 23 }, (_, i) => i);
	const pages = (withTotal: boolean) => {
		const seen: Array<[number, number]> = [];
		const fetch = async (p: { page: number; per: number }) => {
			seen.push([p.page, p.per]);
			return {
				rows: data.slice((p.page - 1) * p.per, p.page * p.per),
				total: withTotal ? 23 : undefined,
			};
		};
		return { seen, fetch };
	};
	it('Return All walks every page until a short one', async () => {
		const { seen, fetch } = pages(false);
		const r = await collectPages(fetch, { pageSize: 10 });
		expect(r.rows).toEqual(data);
		expect(seen).toEqual([
			[1, 10],
			[2, 10],
			[3, 10],
		]);
	});
	it('stops at the reported total without asking an empty page', async () => {
		const { seen, fetch } = pages(true);
		await collectPages(fetch, { pageSize: 23 });
		expect(seen).toEqual([[1, 23]]);
	});
	it('Limit asks no more than it needs', async () => {
		const { seen, fetch } = pages(false);
		const r = await collectPages(fetch, { pageSize: 10, limit: 5 });
		expect(r.rows).toEqual([0, 1, 2, 3, 4]);
		expect(seen).toEqual([[1, 5]]);
	});
	it('a tracker that ignores paging cannot loop forever', async () => {
		const r = await collectPages(async () => ({ rows: [1, 2] }), { pageSize: 2, maxPages: 5 });
		expect(r.pages).toBe(5);
	});
});

describe('shared cost kit: rate queue', () => {
	it('spaces requests by the window and says how long it takes', async () => {
		let now = 0;
		const runtime = { now: () => now, sleep: async (ms: number) => void (now += ms) };
		const q = new RateQueue({ limit: 1, windowMs: 60_000, label: '1 request per minute' }, runtime);
		const at: number[] = [];
		for (let k = 0; k < 3; k++) {
			await q.acquire();
			at.push(now);
		}
		expect(at[1] - at[0]).toBeGreaterThanOrEqual(60_000);
		expect(at[2] - at[1]).toBeGreaterThanOrEqual(60_000);
		expect(q.estimateMs(3)).toBe(at[2]);
		expect(queueNotice(3, q.rate, q.estimateMs(3))).toMatch(/about 2 min 3 s/);
		expect(queueNotice(1, q.rate, q.estimateMs(1))).toMatch(/no wait/);
	});
});

describe('shared action kit: zod boundary', () => {
	it('names the field of a surprise', async () => {
		const { z } = await import('zod');
		const { parseAnswer } = await import('../../../nodes/shared/actions');
		const ctx = { getNode: () => ({ name: 'X' }) } as unknown as IExecuteFunctions;
		const schema = z.object({ items: z.array(z.object({ id: z.string() })) });
		expect(() =>
			parseAnswer(ctx, schema, { items: [{ id: 1 }] }, { tracker: 'Fake', call: 'GET /things' }),
		).toThrow(
			'Fake answered GET /things with an unexpected shape: items.0.id: expected string, received number',
		);
		expect(() => parseAnswer(ctx, schema, {}, { tracker: 'Fake', call: 'GET /things' })).toThrow(
			'Fake answered GET /things with an unexpected shape: items is missing',
		);
	});
});

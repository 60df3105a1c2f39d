/**
 * Keitaro → Conversion → Send Postback against the Keitaro mock's `/<postback_key>/postback`
 * endpoint over real HTTP: the conversion is recorded, Dry Run sends nothing and masks the key,
 * a wrong key (both answers the mock offers) becomes a plain error, the same tid is sent once per
 * execution, the write guard runs first, and no key is ever in an output or error.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { KeitaroApi } from '../../credentials/KeitaroApi.credentials';
import { Keitaro } from '../../nodes/Keitaro/Keitaro.node';
import { Harness, createContext } from '../helpers/n8n';
import { postbackEndpoint } from '../mock-servers/keitaro/postback';
import { startKeitaroMock } from '../mock-servers/keitaro/server';
import type { KeitaroMock } from '../mock-servers/keitaro/server';

let mock: KeitaroMock;
let executions = 0;

beforeEach(async () => {
	mock = await startKeitaroMock({ seedData: { days: 0 } });
});
afterEach(async () => await mock.close());

async function run(
	parameters: INodeParameters,
	opts: { items?: INodeExecutionData[]; credential?: IDataObject } = {},
) {
	const harness = new Harness().addCredential(new KeitaroApi(), {
		url: `${mock.url}/admin_api/v1`,
		apiKey: mock.apiKey,
		authMode: 'apiKeyHeader',
		connectionCheck: 'done',
		postbackSecretKey: postbackEndpoint(mock.state).key,
		...(opts.credential ?? {}),
	});
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: new Keitaro(),
		parameters: { resource: 'conversion', operation: 'sendPostback', ...parameters },
		items: opts.items,
	});
	const id = `exec-${++executions}`;
	(ctx as unknown as { getExecutionId: () => string }).getExecutionId = () => id;
	const [out] = await new Keitaro().execute.call(ctx);
	return { out: out.map((o) => o.json), harness };
}

const KEY = () => postbackEndpoint(mock.state).key;

describe('Keitaro Send Postback', () => {
	it('records the conversion in Keitaro and reports what was sent, key masked', async () => {
		const { out, harness } = await run({
			subid: 'shop-click-1',
			status: 'sale',
			payout: '49.90',
			currency: 'eur',
			tid: 'ORDER-77',
			extraParameters: { parameter: [{ name: 'sub_id_1', value: 'crm' }] },
		});
		const got = postbackEndpoint(mock.state).received;
		expect(got).toHaveLength(1);
		expect(got[0].params).toEqual({
			subid: 'shop-click-1',
			status: 'sale',
			payout: '49.9',
			currency: 'EUR',
			tid: 'ORDER-77',
			sub_id_1: 'crm',
		});
		const conv = mock.state.conversionView(got[0].conversionId! - 1);
		expect(conv).toMatchObject({ sub_id: 'shop-click-1', status: 'sale', revenue: 49.9, tid: 'ORDER-77' });
		expect(out).toEqual([
			expect.objectContaining({ sent: true, httpStatus: 200, subid: 'shop-click-1', status: 'sale', payout: 49.9, currency: 'EUR', tid: 'ORDER-77' }),
		]);
		expect(JSON.stringify(out)).not.toContain(KEY());
		expect(String(out[0].url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mo••••9c\/postback\?subid=shop-click-1/);
		// The Admin API base path pasted into the credential is stripped.
		expect(harness.sent[0].url).toContain(`/${KEY()}/postback?`);
		expect(harness.logs.join('\n')).not.toContain(KEY());
	});

	it('Dry Run sends nothing and shows the URL with the key masked', async () => {
		const { out, harness } = await run({ subid: 'c1', status: 'lead', dryRun: true, postbackKey: 'operation-key-123' });
		expect(harness.sent).toHaveLength(0);
		expect(out[0]).toMatchObject({ sent: false, dryRun: true, url: expect.stringContaining('/op••••23/postback?subid=c1&status=lead') });
		expect(JSON.stringify(out)).not.toContain('operation-key-123');
	});

	it('the postback key of the operation wins over the credential', async () => {
		await run({ subid: 'c1', postbackKey: KEY() }, { credential: { postbackSecretKey: 'stale-key-0000' } });
		expect(postbackEndpoint(mock.state).received).toHaveLength(1);
	});

	it.each(['html', 'notFound'] as const)('a wrong key (mock answers %s) is a plain error without the key', async (mode) => {
		postbackEndpoint(mock.state).options.wrongKey = mode;
		const err = await run({ subid: 'c1' }, { credential: { postbackSecretKey: 'wrong-key-5555' } }).catch((e: Error & { description?: string }) => e);
		expect(err).toBeInstanceOf(Error);
		const text = `${(err as Error).message} ${(err as { description?: string }).description ?? ''}`;
		expect((err as Error).message).toMatch(/postback key or the tracker URL is wrong|refused the postback \(HTTP 404\)/);
		expect(text).not.toContain('wrong-key-5555');
		expect(postbackEndpoint(mock.state).received).toHaveLength(0);
	});

	it("turns Keitaro's 4xx answer into a plain error", async () => {
		postbackEndpoint(mock.state).options.unknownStatus = 'reject';
		await expect(run({ subid: 'c1', status: 'custom', customStatus: 'weird' })).rejects.toThrow(
			/Keitaro refused the postback \(HTTP 400\): Error: unknown status weird/,
		);
	});

	it('sends the same tid and status once per execution', async () => {
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		const again = await run({ subid: 'c1', status: 'sale', tid: 'T1' }, { items });
		expect(again.out.map((o) => o.sent)).toEqual([true, false, false]);
		expect(again.out[1].duplicate).toBe(true);
		// A new execution sends it again.
		const next = await run({ subid: 'c1', status: 'sale', tid: 'T1' });
		expect(next.out[0].sent).toBe(true);
	});

	it('refuses bad input before sending anything', async () => {
		await expect(run({ subid: '' })).rejects.toThrow(/Click ID \(Subid\) is empty/);
		await expect(run({ subid: 'c1', payout: 'ten' })).rejects.toThrow(/Payout "ten" is not a number/);
		await expect(run({ subid: 'c1', currency: 'euro' })).rejects.toThrow(/three-letter code/);
		await expect(run({ subid: 'c1', status: 'rebill' })).rejects.toThrow(/rebill needs a Transaction ID/);
		await expect(run({ subid: 'c1', extraParameters: { parameter: [{ name: 'status', value: 'x' }] } })).rejects.toThrow(/duplicates a field/);
		await expect(run({ subid: 'c1' }, { credential: { postbackSecretKey: '' } })).rejects.toThrow(/No postback key/);
		expect(postbackEndpoint(mock.state).received).toHaveLength(0);
	});

	it('calls the write guard first: read-only credential and sample items are refused (not in Dry Run)', async () => {
		await expect(run({ subid: 'c1' }, { credential: { allowWriteOperations: false } })).rejects.toThrow(/read-only/);
		await expect(run({ subid: 'c1' }, { items: [{ json: { _sample: true } }] })).rejects.toThrow(/sample data/);
		expect(postbackEndpoint(mock.state).received).toHaveLength(0);
		const dry = await run({ subid: 'c1', dryRun: true }, { credential: { allowWriteOperations: false } });
		expect(dry.out[0].dryRun).toBe(true);
	});
});

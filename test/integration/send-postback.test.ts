/**
 * Conversion → Send Postback on the Voluum, RedTrack and BeMob action nodes (one shared operation,
 * nodes/shared/postback/operation.ts, over each tracker's table) against each mock's tracking-
 * domain `/postback` endpoint over real HTTP: the conversion is recorded, no credential travels
 * with the postback, Dry Run sends nothing and masks secrets, the same transaction id is sent
 * once per execution, the write guard runs first, failures are plain sentences with
 * continueOnFail + pairedItem, and each mock switch (missing / unknown click, duplicate txid)
 * gives an exact answer.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { BeMobApi } from '../../credentials/BeMobApi.credentials';
import { RedTrackApi } from '../../credentials/RedTrackApi.credentials';
import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { BeMob } from '../../nodes/BeMob/BeMob.node';
import { RedTrack } from '../../nodes/RedTrack/RedTrack.node';
import { Voluum } from '../../nodes/Voluum/Voluum.node';
import { Harness, createContext } from '../helpers/n8n';
import { beMobPostbackEndpoint } from '../mock-servers/bemob/postback';
import { startBeMobMock } from '../mock-servers/bemob/server';
import { redTrackPostbackEndpoint } from '../mock-servers/redtrack/postback';
import { startRedTrackMock } from '../mock-servers/redtrack/server';
import type { PostbackReceiver } from '../mock-servers/shared/receive-postback';
import { voluumPostbackEndpoint } from '../mock-servers/voluum/postback';
import { startVoluumMock } from '../mock-servers/voluum/server';

interface Setup {
	url: string;
	credential: IDataObject;
	/** Secret values of the credential (must never appear in output or errors). */
	secrets: string[];
	clickId: string;
	receiver: PostbackReceiver;
	conversions: () => number;
	close: () => Promise<void>;
}

interface Case {
	name: string;
	node: () => INodeType;
	credential: () => ICredentialType;
	start: () => Promise<Setup>;
	/** Query the postback must carry for clickId c, payout 9.5, txid T-9 (and the status given). */
	expected: (c: string) => Record<string, string>;
	status?: string;
	/** Credential markers that must not be in a postback request. */
	forbidden: { headers: string[]; query: string[] };
}

const cases: Case[] = [
	{
		name: 'Voluum',
		node: () => new Voluum(),
		credential: () => new VoluumApi(),
		start: async () => {
			const m = await startVoluumMock({ rateLimit: false });
			return {
				url: m.url,
				credential: { authType: 'accessKey', accessId: m.accessId, secretKey: m.accessKey, url: m.url, sessionToken: '' },
				secrets: [m.accessId, m.accessKey],
				clickId: m.state.visits[0].clickId,
				receiver: voluumPostbackEndpoint(m.state),
				conversions: () => m.state.conversions.length,
				close: () => m.close(),
			};
		},
		status: 'upsell',
		expected: (c) => ({ cid: c, payout: '9.5', txid: 'T-9', et: 'upsell' }),
		forbidden: { headers: ['cwauth-token'], query: [] },
	},
	{
		name: 'RedTrack',
		node: () => new RedTrack(),
		credential: () => new RedTrackApi(),
		start: async () => {
			const m = await startRedTrackMock();
			return {
				url: m.url,
				credential: { url: m.url, apiKey: m.apiKey, connectionCheck: 'done' },
				secrets: [m.apiKey],
				clickId: m.state.tracks[0].id,
				receiver: redTrackPostbackEndpoint(m.state),
				conversions: () => m.state.conversions.length,
				close: () => m.close(),
			};
		},
		status: 'approved',
		// The transaction id is not sent (RedTrack's parameter for it is unconfirmed).
		expected: (c) => ({ clickid: c, sum: '9.5', status: 'approved' }),
		forbidden: { headers: [], query: ['api_key'] },
	},
	{
		name: 'BeMob',
		node: () => new BeMob(),
		credential: () => new BeMobApi(),
		start: async () => {
			const m = await startBeMobMock({ now: Date.UTC(2025, 5, 16, 12) });
			return {
				url: m.url,
				credential: { url: m.url, apiKey: m.accessKey, secretKey: m.secretKey, connectionCheck: 'done' },
				secrets: [m.accessKey, m.secretKey],
				clickId: m.state.visits[0].id,
				receiver: beMobPostbackEndpoint(m.state),
				conversions: () => m.state.conversions.length,
				close: () => m.close(),
			};
		},
		status: 'confirm',
		expected: (c) => ({ cid: c, payout: '9.5', txid: 'T-9', status: 'confirm' }),
		forbidden: { headers: ['x-access-key', 'x-secret-key'], query: [] },
	},
];

let executions = 0;

describe.each(cases)('$name → Conversion → Send Postback', (tc) => {
	let s: Setup;
	beforeEach(async () => {
		s = await tc.start();
	});
	afterEach(async () => await s.close());

	async function run(
		parameters: IDataObject,
		opts: { items?: INodeExecutionData[]; credential?: IDataObject; continueOnFail?: boolean; perItem?: IDataObject[] } = {},
	) {
		const harness = new Harness().addCredential(tc.credential(), { ...s.credential, ...(opts.credential ?? {}) } as ICredentialDataDecryptedObject);
		const node = tc.node();
		const ctx = createContext<IExecuteFunctions>({
			harness,
			nodeType: node,
			parameters: { resource: 'conversion', operation: 'sendPostback', trackingDomain: s.url, ...parameters } as INodeParameters,
			items: opts.items ?? (opts.perItem ?? [{}]).map(() => ({ json: {} })),
			continueOnFail: opts.continueOnFail,
		});
		const id = `exec-${++executions}`;
		(ctx as unknown as { getExecutionId: () => string }).getExecutionId = () => id;
		if (opts.perItem) {
			const base = ctx.getNodeParameter.bind(ctx);
			const per = opts.perItem;
			(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = (name: string, i: number, ...rest: unknown[]) =>
				name in per[i] ? per[i][name] : (base as (...a: unknown[]) => unknown)(name, i, ...rest);
		}
		try {
			const [out] = (await node.execute!.call(ctx)) as INodeExecutionData[][];
			return { out, harness, error: undefined };
		} catch (error) {
			return { out: [] as INodeExecutionData[], harness, error: error as Error & { description?: string } };
		}
	}

	const full = () => ({
		postbackClickId: s.clickId,
		postbackPayout: '9.50',
		postbackTransactionId: 'T-9',
		postbackStatus: tc.status,
	});

	const leaks = (text: string) => s.secrets.filter((k) => k.length >= 4 && text.includes(k));

	it('records the conversion; the postback carries no credential', async () => {
		const before = s.conversions();
		const r = await run(full());
		expect(r.error).toBeUndefined();
		expect(s.receiver.received).toHaveLength(1);
		const got = s.receiver.received[0];
		expect(got.params).toEqual(tc.expected(s.clickId));
		expect(got.outcome).toBe('recorded');
		expect(s.conversions()).toBe(before + 1);
		for (const h of tc.forbidden.headers) expect(got.headers[h]).toBeUndefined();
		for (const q of tc.forbidden.query) expect(got.params[q]).toBeUndefined();
		expect(r.out).toHaveLength(1);
		expect(r.out[0].pairedItem).toEqual({ item: 0 });
		expect(r.out[0].json).toMatchObject({ sent: true, httpStatus: 200, clickId: s.clickId, payout: 9.5, transactionId: 'T-9' });
		expect(String(r.out[0].json.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/postback\?/);
		expect(leaks(JSON.stringify(r.out) + r.harness.logs.join('\n'))).toEqual([]);
	});

	it('Dry Run sends nothing and outputs the URL with any secret masked', async () => {
		// A user who pasted the API key into an extra parameter still never sees it in the output.
		const r = await run({
			...full(),
			dryRun: true,
			extraParameters: { parameter: [{ name: 'note', value: s.secrets[s.secrets.length - 1] }] },
		});
		expect(r.error).toBeUndefined();
		expect(r.harness.sent).toHaveLength(0);
		expect(s.receiver.received).toHaveLength(0);
		expect(r.out[0].json).toMatchObject({ sent: false, dryRun: true });
		expect(String(r.out[0].json.url)).toContain(`/postback?${Object.keys(tc.expected(s.clickId))[0]}=`);
		expect(String(r.out[0].json.url)).toContain('note=');
		expect(leaks(JSON.stringify(r.out))).toEqual([]);
	});

	it('the same transaction id is sent once per execution; a new execution sends it again', async () => {
		const r = await run(full(), { items: [{ json: {} }, { json: {} }, { json: {} }] });
		expect(r.out.map((o) => o.json.sent)).toEqual([true, false, false]);
		expect(r.out[1].json.duplicate).toBe(true);
		expect(r.out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(s.receiver.received).toHaveLength(1);
		const next = await run(full());
		expect(next.out[0].json.sent).toBe(true);
		expect(s.receiver.received).toHaveLength(2);
	});

	it.each(['ignore', 'count'] as const)(
		'whatever the tracker does with a repeated txid (mock: %s), the node reports what it sent',
		async (mode) => {
			s.receiver.options.duplicateTxid = mode;
			const a = await run(full());
			const b = await run(full());
			expect([a.out[0].json.sent, b.out[0].json.sent]).toEqual([true, true]);
			expect(s.receiver.received).toHaveLength(2);
		},
	);

	it('without a transaction id nothing is deduplicated', async () => {
		const r = await run({ postbackClickId: s.clickId }, { items: [{ json: {} }, { json: {} }] });
		expect(r.out.map((o) => o.json.sent)).toEqual([true, true]);
	});

	it('refuses before sending: no click id, a bad payout, a bad currency, a reserved extra parameter, a domain with a password', async () => {
		const clickParam = Object.keys(tc.expected(s.clickId))[0];
		const bad: Array<[IDataObject, RegExp]> = [
			[{ postbackClickId: '  ' }, /Click ID is empty/],
			[{ ...full(), postbackPayout: 'ten' }, /Payout "ten" is not a number/],
			[{ ...full(), extraParameters: { parameter: [{ name: clickParam.toUpperCase(), value: 'x' }] } }, /duplicates a field/],
			[{ ...full(), trackingDomain: 'http://user:hunter22@127.0.0.1:1' }, /user name or password/],
			[{ ...full(), trackingDomain: 'tracker.example.com' }, /Tracking Domain "tracker\.example\.com" has no http/],
		];
		if (tc.name === 'Voluum') bad.push([{ ...full(), postbackCurrency: 'euro' }, /three-letter/]);
		for (const [params, message] of bad) {
			const r = await run(params);
			expect(r.error?.message).toMatch(message);
			expect(`${r.error?.message} ${r.error?.description ?? ''}`).not.toContain('hunter22');
		}
		expect(s.receiver.received).toHaveLength(0);
	});

	it('the write guard: a sample item and a read-only credential are refused, also in a Dry Run', async () => {
		const sample = await run({ ...full(), dryRun: true }, { items: [{ json: { _sample: true } }] });
		expect(sample.error?.message).toMatch(/sample/i);
		const ro = await run(full(), { credential: { allowWriteOperations: false } });
		expect(ro.error?.message).toMatch(/Allow Write Operations/);
		expect(s.receiver.received).toHaveLength(0);
	});

	it('continueOnFail: a refused item becomes an error item paired with it, the others are sent', async () => {
		const r = await run(
			{},
			{
				continueOnFail: true,
				perItem: [
					{ postbackClickId: s.clickId, postbackTransactionId: 'A' },
					{ postbackClickId: '' },
					{ postbackClickId: s.clickId, postbackTransactionId: 'B' },
				],
			},
		);
		expect(r.error).toBeUndefined();
		expect(r.out.map((o) => [o.pairedItem, o.json.sent ?? 'error'])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, 'error'],
			[{ item: 2 }, true],
		]);
		expect(r.out[1].json.error).toMatch(/Click ID is empty/);
	});

	it('an unknown click: the answer under each mock switch is exact', async () => {
		s.receiver.options.unknownClick = 'ok';
		const ok = await run({ postbackClickId: 'no-such-click' });
		expect(ok.out[0].json.sent).toBe(true);
		expect(s.receiver.received[0].outcome).toBe('unknownClick');
		s.receiver.options.unknownClick = 'reject';
		const no = await run({ postbackClickId: 'no-such-click' });
		expect(no.error?.message).toBe(`${tc.name} refused the postback (HTTP 400): unknown click`);
		expect(leaks(`${no.error?.message} ${no.error?.description ?? ''}`)).toEqual([]);
	});

	it('a tracking domain that is not the tracker (a web page) or unreachable is a plain error', async () => {
		// The mock's API root answers its "wrong URL" web page for any path it does not serve.
		const page = await run({ ...full(), trackingDomain: `${s.url}/somewhere` });
		expect(page.error?.message).toMatch(new RegExp(`${tc.name} (answered with a web page|refused the postback)`));
		const down = await run({ ...full(), trackingDomain: 'http://127.0.0.1:9' });
		expect(down.error?.message).toBe(`The postback did not reach ${tc.name}: no answer from its address.`);
		expect(down.error?.description).toMatch(/^ECONNREFUSED: /);
	});
});

/**
 * Keitaro Postback Trigger over real HTTP: the node's webhook() behind a server shaped like n8n's
 * webhook endpoint (test/unit/webhook/harness.ts), the Keitaro mock as the tracker. Activation adds
 * an S2S postback to the campaigns through the mock's Admin API; the mock then fires the stored
 * postbacks (Keitaro's placeholders substituted) at the node; deactivation removes exactly it.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KeitaroApi } from '../../credentials/KeitaroApi.credentials';
import { KeitaroPostbackTrigger } from '../../nodes/Keitaro/KeitaroPostbackTrigger.node';
import { Harness } from '../helpers/n8n';
import { fireS2SPostbacks, postbackEndpoint } from '../mock-servers/keitaro/postback';
import { startKeitaroMock } from '../mock-servers/keitaro/server';
import type { KeitaroMock } from '../mock-servers/keitaro/server';
import { distinctKey, postbackScenario, sendPostback } from '../mock-servers/shared/postback';
import type { MockConversionEvent } from '../mock-servers/shared/postback';
import { startWebhookHarness } from '../unit/webhook/harness';
import type { WebhookHarness } from '../unit/webhook/harness';

const SECRET = 'pb-secret-4f9a2c71d0e8';
let mock: KeitaroMock;
let wh: WebhookHarness;
let workflows = 0;

async function setup(parameters: INodeParameters = {}, mode: 'trigger' | 'manual' = 'trigger') {
	mock = await startKeitaroMock({ seedData: { days: 0 } });
	const harness = new Harness().addCredential(new KeitaroApi(), {
		url: mock.url,
		apiKey: mock.apiKey,
		authMode: 'apiKeyHeader',
		connectionCheck: 'ok',
	});
	wh = await startWebhookHarness({
		nodeType: new KeitaroPostbackTrigger(),
		harness,
		workflowId: `wf-keitaro-${++workflows}`,
		mode,
		parameters: { registration: 'campaigns', campaignIds: ['1', '2'], secret: SECRET, ...parameters },
	});
}

afterEach(async () => {
	await wh?.close();
	await mock?.close();
});

const node = new KeitaroPostbackTrigger();
const hooks = node.webhookMethods.default;
const call = async (fn: (this: never) => Promise<boolean>) => await fn.call(wh.hookContext() as never);

function event(over: Partial<MockConversionEvent> = {}): MockConversionEvent {
	return {
		clickId: 'abc123def',
		txId: 'T-1',
		status: 'lead',
		payout: 12.5,
		currency: 'EUR',
		campaignId: '1',
		campaignName: 'Main campaign',
		offerId: '7',
		landingId: '3',
		sourceId: '2',
		sourceName: 'Facebook',
		externalId: 'fbclid-9',
		country: 'DE',
		ip: '203.0.113.9',
		clickTime: 1_750_000_000,
		subs: ['adset-1', 'ad-2', 'creative 3', 'x', 'y'],
		...over,
	};
}

const ours = (c: { postbacks?: Array<{ url?: string }> }) =>
	(c.postbacks ?? []).filter((p) => (p.url ?? '').includes('/webhook/'));

describe('Keitaro Postback Trigger: self-registration', () => {
	it('adds one S2S postback per picked campaign on activation and removes exactly it on deactivation', async () => {
		await setup();
		const other = { method: 'GET' as const, statuses: ['sale'], url: 'https://ads.example.test/pb?c={external_id}' };
		mock.state.campaigns.get(1)!.postbacks = [{ id: 900, campaign_id: 1, ...other }];
		mock.state.campaigns.get(2)!.postbacks = [];

		expect(await call(hooks.checkExists)).toBe(false);
		expect(await call(hooks.create)).toBe(true);
		expect(await call(hooks.checkExists)).toBe(true);

		for (const id of [1, 2]) {
			const c = mock.state.campaigns.get(id)!;
			const mine = ours(c);
			expect(mine).toHaveLength(1);
			expect(mine[0].url).toContain(`${wh.webhookUrl}?secret=${SECRET}&subid={subid}&tid={tid}&status={status}&payout={revenue}`);
			expect((mine[0] as IDataObject).statuses).toEqual(['lead', 'sale', 'rejected', 'rebill']);
		}
		// The user's own postback is untouched.
		expect(mock.state.campaigns.get(1)!.postbacks.find((p) => p.id === 900)).toMatchObject(other);
		// Static data keeps ids only, never the URL or the secret.
		expect(JSON.stringify(wh.staticData)).not.toContain(SECRET);
		expect(JSON.stringify(wh.staticData)).not.toContain('http');

		// Activating again does not add a second copy.
		await call(hooks.create);
		expect(ours(mock.state.campaigns.get(1)!)).toHaveLength(1);

		expect(await call(hooks.delete)).toBe(true);
		expect(ours(mock.state.campaigns.get(1)!)).toHaveLength(0);
		expect(ours(mock.state.campaigns.get(2)!)).toHaveLength(0);
		expect(mock.state.campaigns.get(1)!.postbacks).toEqual([expect.objectContaining(other)]);
		expect(await call(hooks.checkExists)).toBe(false);
	});

	it('sets and clears a traffic source postback URL, and refuses to overwrite a foreign one', async () => {
		await setup({ registration: 'trafficSource', trafficSourceId: '1', statuses: ['sale'] });
		const src = mock.state.trafficSources.get(1)!;
		src.postback_url = '';
		await call(hooks.create);
		expect(src.postback_url).toContain(`${wh.webhookUrl}?secret=`);
		expect(src.postback_statuses).toEqual(['sale']);
		await call(hooks.delete);
		expect(src.postback_url).toBe('');

		src.postback_url = 'https://ads.example.test/pb?c={external_id}';
		await expect(call(hooks.create)).rejects.toThrow(/already sends postbacks to another URL/);
		expect(src.postback_url).toBe('https://ads.example.test/pb?c={external_id}');
	});

	it('refuses to activate without a secret or without campaigns, naming the problem', async () => {
		await setup({ secret: '' });
		await expect(call(hooks.checkExists)).rejects.toThrow(/Set a Secret/);
		await wh.close();
		await mock.close();
		await setup({ campaignIds: [] });
		await expect(call(hooks.checkExists)).rejects.toThrow(/Pick at least one campaign/);
	});

	it('paste-the-URL mode changes nothing in Keitaro', async () => {
		await setup({ registration: 'manual' });
		const before = JSON.stringify(mock.state.campaigns.all());
		expect(await call(hooks.checkExists)).toBe(true);
		await call(hooks.delete);
		expect(JSON.stringify(mock.state.campaigns.all())).toBe(before);
		expect(mock.requests.entries.filter((r) => r.path.startsWith('/admin_api/'))).toHaveLength(0);
	});
});

describe('Keitaro Postback Trigger: postbacks fired by Keitaro', () => {
	it('maps every macro of the registered URL to the canonical conversion, with raw and no secret', async () => {
		await setup();
		await call(hooks.create);
		const sent = await fireS2SPostbacks(mock.state, event());
		expect(sent.map((s) => s.status)).toEqual([200]);
		expect(wh.emitted).toHaveLength(1);
		const item = wh.emitted[0];
		expect(item).toMatchObject({
			tracker: 'keitaro',
			event: 'conversion.created',
			conversionId: 'abc123def:T-1',
			clickId: 'abc123def',
			transactionId: 'T-1',
			campaignId: '1',
			campaignName: 'Main campaign',
			offerId: '7',
			landingId: '3',
			trafficSourceId: '2',
			trafficSourceName: 'Facebook',
			subIds: { sub_id_1: 'adset-1', sub_id_2: 'ad-2', sub_id_3: 'creative 3', sub_id_4: 'x', sub_id_5: 'y' },
			status: 'pending',
			rawStatus: 'lead',
			revenue: 12.5,
			// {currency} is not a documented Keitaro placeholder: the mock leaves it literal by default.
			currency: null,
			clickTime: '2025-06-15T15:06:40.000Z',
			country: 'DE',
			ip: '203.0.113.9',
		});
		expect((item.raw as IDataObject).external_id).toBe('fbclid-9');
		expect(item.unfilledMacros).toEqual(['currency']);
		expect(JSON.stringify(wh.emitted)).not.toContain(SECRET);

		postbackEndpoint(mock.state).options.currencyMacro = true;
		await fireS2SPostbacks(mock.state, event({ clickId: 'second', currency: 'EUR' }));
		expect(wh.emitted[1].currency).toBe('EUR');
	});

	it('suppresses resends, emits status changes in any order, maps unknown statuses by keyword', async () => {
		await setup();
		await call(hooks.create);
		await fireS2SPostbacks(mock.state, event({ status: 'sale' }));
		await fireS2SPostbacks(mock.state, event({ status: 'sale' })); // resend
		await fireS2SPostbacks(mock.state, event({ status: 'lead' })); // out of order
		await fireS2SPostbacks(mock.state, event({ status: 'rejected' }));
		expect(wh.emitted.map((e) => [e.event, e.status, e.previousStatus])).toEqual([
			['conversion.created', 'approved', undefined],
			['conversion.statusChanged', 'pending', 'approved'],
			['conversion.statusChanged', 'rejected', 'pending'],
		]);
		expect(wh.responses.filter((r) => r.body === 'Duplicate postback ignored.')).toHaveLength(1);
		// Same status, different payout: a new postback.
		await fireS2SPostbacks(mock.state, event({ status: 'rejected', payout: 0 }));
		expect(wh.emitted).toHaveLength(4);

		const direct = await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=zz9&status=Chargeback%20Fraud`);
		expect(direct.status).toBe(200);
		expect(wh.emitted[4]).toMatchObject({ status: 'rejected', rawStatus: 'Chargeback Fraud' });
		await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=zz8&status=deposit_wait`);
		expect(wh.emitted[5]).toMatchObject({ status: 'pending', rawStatus: 'deposit_wait' });
		// No status at all: Keitaro's default is sale.
		await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=zz7`);
		expect(wh.emitted[6]).toMatchObject({ status: 'approved', rawStatus: 'sale' });
	});

	it('a stream with resends, out-of-order statuses and bad secrets: every distinct postback once', async () => {
		await setup();
		await call(hooks.create);
		const steps = postbackScenario({
			seed: 12,
			total: 300,
			resendRate: 0.1,
			badSecretRate: 0.05,
			statusChangeRate: 0.2,
			statuses: ['lead', 'sale', 'rejected', 'rebill'],
		});
		const expected = new Set<string>();
		for (const s of steps) {
			const e = { ...s.event, campaignId: '1' };
			if (s.kind === 'badSecret') {
				const r = await sendPostback(`${wh.webhookUrl}?secret=WRONG-${SECRET}&subid=${e.clickId}&status=lead`);
				expect(r.status).toBe(403);
				continue;
			}
			expected.add(distinctKey(e));
			await fireS2SPostbacks(mock.state, e);
		}
		const got = wh.emitted.map((x) =>
			distinctKey({
				clickId: String(x.clickId),
				txId: (x.transactionId as string) ?? undefined,
				status: String(x.rawStatus),
				payout: Number(x.revenue),
			}),
		);
		expect(new Set(got).size).toBe(got.length);
		expect(new Set(got)).toEqual(expected);
	});
});

describe('Keitaro Postback Trigger: refusals', () => {
	beforeEach(async () => setup({ registration: 'manual' }));

	it('refuses a missing secret with 401 and a wrong one with 403, echoing nothing', async () => {
		const none = await sendPostback(`${wh.webhookUrl}?subid=a1&status=sale`);
		expect(none.status).toBe(401);
		const wrong = await sendPostback(`${wh.webhookUrl}?secret=guess-${SECRET}&subid=a1`);
		expect(wrong.status).toBe(403);
		expect(wrong.body).toBe('The secret in the postback URL is wrong.');
		expect(wh.emitted).toHaveLength(0);
		const logs = wh.harness.logs.join('\n');
		expect(logs).not.toContain(SECRET);
		expect(logs).toContain('refused with 403');
	});

	it('answers bad input with a 4xx sentence and emits nothing', async () => {
		const cases: Array<[string, number, RegExp]> = [
			['status=sale', 400, /no click id: the parameter "subid"/],
			['subid={subid}&status=sale', 400, /unfilled macro/],
			['subid=a1&payout=lots', 400, /payout in parameter "payout" is not a number/],
		];
		for (const [q, status, text] of cases) {
			const r = await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&${q}`);
			expect(r.status).toBe(status);
			expect(r.body).toMatch(text);
			expect(r.body).not.toContain(SECRET);
		}
		const big = await sendPostback(`${wh.webhookUrl}?secret=${SECRET}`, {
			method: 'POST',
			body: JSON.stringify({ subid: 'a1', pad: 'x'.repeat(70 * 1024) }),
			contentType: 'application/json',
		});
		expect(big.status).toBe(413);
		const list = await sendPostback(`${wh.webhookUrl}?secret=${SECRET}`, {
			method: 'POST',
			body: 'not json {',
			contentType: 'text/plain',
		});
		expect(list.status).toBe(400);
		expect(wh.emitted).toHaveLength(0);
	});

	it('accepts POST form and JSON bodies as well as GET', async () => {
		await sendPostback(`${wh.webhookUrl}?secret=${SECRET}`, { method: 'POST', body: 'subid=f1&status=sale&payout=3' });
		await sendPostback(`${wh.webhookUrl}?secret=${SECRET}`, {
			method: 'POST',
			body: JSON.stringify({ subid: 'j1', status: 'lead', payout: 4.5 }),
			contentType: 'application/json',
		});
		expect(wh.emitted.map((e) => [e.clickId, e.status, e.revenue])).toEqual([
			['f1', 'approved', 3],
			['j1', 'pending', 4.5],
		]);
	});
});

describe('Keitaro Postback Trigger: options', () => {
	it('refuses unknown statuses when asked, and addresses outside the allow-list', async () => {
		await setup({
			registration: 'manual',
			options: { rejectUnknownStatus: true, ipAllowList: '10.0.0.0/8' },
		});
		const r = await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=a&status=sale`);
		expect(r.status).toBe(403);
		expect(r.body).toMatch(/IP address are not allowed/);
	});

	it('refuses unknown statuses with 422 when "Refuse Unknown Statuses" is on', async () => {
		await setup({ registration: 'manual', options: { rejectUnknownStatus: true, statusMap: 'deposit=approved' } });
		expect((await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=a&status=weird`)).status).toBe(422);
		expect((await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=a&status=deposit`)).status).toBe(200);
		expect(wh.emitted[0]).toMatchObject({ status: 'approved', rawStatus: 'deposit' });
	});

	it('takes the secret from the last path segment when configured', async () => {
		await setup({ registration: 'manual', secretLocation: 'path' });
		expect((await sendPostback(`${wh.webhookUrl}/${SECRET}?subid=p1`)).status).toBe(200);
		expect((await sendPostback(`${wh.webhookUrl}/nope-${SECRET}?subid=p1`)).status).toBe(403);
		expect(wh.emitted).toHaveLength(1);
		expect(JSON.stringify(wh.emitted)).not.toContain(SECRET);
	});

	it('with the window at 0 every resend is emitted; production events carry no sample marker', async () => {
		await setup({ registration: 'manual', options: { dedupeWindowHours: 0 } });
		await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=r1`);
		await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=r1`);
		expect(wh.emitted).toHaveLength(2);
		expect(wh.emitted[0]._sample).toBeUndefined();
	});

	it('a test event (Listen for Test Event) is marked as sample data, so write nodes refuse it', async () => {
		await setup({ registration: 'manual' }, 'manual');
		expect(wh.webhookUrl).toContain('/webhook-test/');
		await sendPostback(`${wh.webhookUrl}?secret=${SECRET}&subid=m1`);
		expect(wh.emitted[0]._sample).toBe(true);
	});
});

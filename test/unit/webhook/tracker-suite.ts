/**
 * The integration suite every paste-the-URL postback trigger runs (one test file per tracker):
 * the tracker mock fires postbacks with its own macro values at the URL the node shows, over real
 * HTTP, into the node's webhook(). Checks: every macro of the table mapped to its canonical field,
 * auth refused (401/403, nothing emitted), duplicates suppressed (GET and POST), status changes
 * out of order, bad input answered 4xx with a sentence, the secret never echoed.
 */
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { toIsoOrNull } from '../../../nodes/shared/model/canonical';
import { buildInboundUrl } from '../../../nodes/shared/postback/macros';
import type { MacroEntry, PostbackMacroTable } from '../../../nodes/shared/postback/macros';
import { distinctKey, postbackScenario, sendPostback } from '../../mock-servers/shared/postback';
import type { MacroValues, MockConversionEvent, SentPostback } from '../../mock-servers/shared/postback';
import { startWebhookHarness } from './harness';
import type { WebhookHarness } from './harness';

export interface TrackerSuiteConfig {
	nodeType: () => INodeType;
	table: PostbackMacroTable;
	values: MacroValues;
	fire: (template: string, e: MockConversionEvent, opts?: { method?: 'GET' | 'POST' }) => Promise<SentPostback>;
	/** Raw statuses of this tracker: first a new conversion, then later ones. */
	statuses: string[];
	/** Expected canonical status of each of `statuses`. */
	canonical: string[];
}

const SECRET = 'tracker-secret-8c1e55a2';

function expectedFor(entry: MacroEntry, value: string, table: PostbackMacroTable): [string, unknown] {
	switch (entry.field) {
		case 'status':
			return ['rawStatus', value];
		case 'payout':
			return ['revenue', Number(value)];
		case 'currency':
			return ['currency', value.toUpperCase()];
		case 'clickTime':
		case 'postbackTime':
			return [entry.field, toIsoOrNull(/^\d+$/.test(value) ? Number(value) : value, table.timeZone)];
		case 'country':
			return ['country', value.toUpperCase()];
		default:
			return [entry.field, value];
	}
}

export function describePostbackTrigger(cfg: TrackerSuiteConfig): void {
	const { table } = cfg;
	let wh: WebhookHarness;
	let n = 0;
	const template = () => buildInboundUrl(wh.webhookUrl, table, { param: 'secret', value: SECRET });
	const start = async (options: IDataObject = {}) => {
		wh = await startWebhookHarness({
			nodeType: cfg.nodeType(),
			workflowId: `wf-${table.tracker}-${++n}`,
			parameters: { secret: SECRET, options: options as INodeParameters },
		});
	};
	afterEach(async () => await wh?.close());

	const event = (over: Partial<MockConversionEvent> = {}): MockConversionEvent => ({
		clickId: 'CLK-77aa',
		txId: 'TX-9',
		status: cfg.statuses[0],
		payout: 17.25,
		currency: 'usd',
		campaignId: '41',
		campaignName: 'Spring promo',
		offerId: '8',
		landingId: '5',
		sourceId: '3',
		sourceName: 'PropellerAds',
		country: 'de',
		ip: '203.0.113.5',
		clickTime: 1_750_000_000,
		conversionTime: 1_750_003_600,
		externalId: 'ts-click-1',
		subs: ['zone-9', 'banner 2', 'b3', 'b4', 'b5'],
		...over,
	});

	describe(`${table.name} Postback Trigger`, () => {
		it('the URL the node shows has a macro the tracker fills for every field, each mapped', async () => {
			await start();
			const e = event();
			const values = cfg.values(e);
			for (const m of table.macros) expect(Object.keys(values)).toContain(m.macro);
			const r = await cfg.fire(template(), e);
			expect(r.status).toBe(200);
			expect(wh.emitted).toHaveLength(1);
			const item = wh.emitted[0];
			expect(item.tracker).toBe(table.tracker);
			for (const m of table.macros) {
				const v = values[m.macro];
				if (v === undefined || v === '') continue;
				if (m.field === 'subId') {
					expect((item.subIds as IDataObject)[`sub_id_${m.subIndex}`]).toBe(v);
				} else if (m.field === 'extra') {
					expect((item.raw as IDataObject)[m.param]).toBe(v);
				} else {
					const [field, expected] = expectedFor(m, v, table);
					expect({ macro: m.macro, value: item[field] }).toEqual({ macro: m.macro, value: expected });
				}
			}
			expect(item.status).toBe(cfg.canonical[0]);
			expect(JSON.stringify(wh.emitted)).not.toContain(SECRET);
			expect(item.raw).not.toHaveProperty('secret');
		});

		it('refuses a missing or wrong secret (401/403) and starts nothing', async () => {
			await start();
			const bare = template().replace(`secret=${SECRET}&`, '');
			expect((await cfg.fire(bare, event())).status).toBe(401);
			const wrong = template().replace(`secret=${SECRET}`, `secret=x${SECRET}`);
			const r = await cfg.fire(wrong, event());
			expect(r.status).toBe(403);
			expect(r.body).not.toContain(SECRET);
			expect(wh.emitted).toHaveLength(0);
		});

		it('suppresses resends (GET or POST), emits later statuses in any order', async () => {
			await start();
			await cfg.fire(template(), event());
			await cfg.fire(template(), event(), { method: 'POST' });
			await cfg.fire(template(), event());
			const later = [...cfg.statuses.slice(1)].reverse();
			for (const s of later) await cfg.fire(template(), event({ status: s }));
			expect(wh.emitted).toHaveLength(1 + later.length);
			expect(wh.emitted.slice(1).map((x) => x.event)).toEqual(later.map(() => 'conversion.statusChanged'));
			expect(wh.emitted.slice(1).map((x) => x.status)).toEqual(
				later.map((s) => cfg.canonical[cfg.statuses.indexOf(s)]),
			);
			expect(wh.responses.filter((x) => x.body === 'Duplicate postback ignored.')).toHaveLength(2);
		});

		it('a stream with resends, status changes and bad secrets: every distinct postback once', async () => {
			await start();
			const steps = postbackScenario({
				seed: table.tracker.length,
				total: 120,
				resendRate: 0.1,
				badSecretRate: 0.05,
				statusChangeRate: 0.2,
				statuses: cfg.statuses,
			});
			const expected = new Set<string>();
			for (const s of steps) {
				if (s.kind === 'badSecret') {
					const r = await cfg.fire(template().replace(SECRET, 'not-the-secret'), s.event);
					expect(r.status).toBe(403);
					continue;
				}
				expected.add(distinctKey(s.event));
				await cfg.fire(template(), s.event);
			}
			expect(wh.emitted).toHaveLength(expected.size);
		});

		it('answers bad input with a 4xx sentence, emits nothing, echoes no secret', async () => {
			await start();
			const click = table.macros.find((m) => m.field === 'clickId')!;
			const payout = table.macros.find((m) => m.field === 'payout');
			const noClick = template().replace(`${click.param}=${click.macro}`, `${click.param}=`);
			const r1 = await cfg.fire(noClick, event());
			expect(r1.status).toBe(400);
			expect(r1.body).toMatch(/no click id/);
			const unfilled = await sendPostback(template()); // nothing substituted at all
			expect(unfilled.status).toBe(400);
			expect(unfilled.body).toMatch(/unfilled macro/);
			if (payout) {
				const r2 = await cfg.fire(template(), event({ payout: 'ten dollars' }));
				expect(r2.status).toBe(400);
				expect(r2.body).toMatch(/not a number/);
			}
			for (const r of wh.responses) expect(r.body).not.toContain(SECRET);
			expect(wh.emitted).toHaveLength(0);
		});
	});
}

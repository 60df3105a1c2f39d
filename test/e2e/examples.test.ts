/**
 * The action examples (examples/*.json) executed by a real n8n 2.39 with this package installed as
 * a community package (`n8n execute --id`), against the Keitaro mock. Each test checks the output
 * items against what the mock holds, and the mock's request log for the calls n8n made.
 */
import { readFileSync } from 'node:fs';

import type { KeitaroMock } from '../mock-servers/keitaro/server';
import { AD_CAMPAIGNS } from '../mock-servers/keitaro/data';
import type { Example } from './lib/examples';
import { apiRequestsSince, keitaroCall, lastSeq } from './lib/mock-api';
import { N8n, type ExecuteResult } from './lib/n8n';
import { NODE_TYPE_PREFIX } from './lib/paths';
import { log } from './lib/proc';
import { findPackedTarball, prepareArtefact, prepareUserFolder } from './lib/setup';
import { startTrackers, type RunningTracker } from './lib/trackers';

const OURS = ['KtListCampaigns1', 'KtDailyReport001', 'KtAdSpendCosts01', 'KtSubIdMapping01'];

let keitaro: RunningTracker<KeitaroMock>;
let trackers: RunningTracker[] = [];
let n8n: N8n;
let examples: Example[] = [];

beforeAll(async () => {
	const tarball = findPackedTarball() ?? (await prepareArtefact());
	trackers = await startTrackers(); // every tracker mock: all sandbox credentials exist
	keitaro = trackers.find((t) => t.key === 'keitaro') as RunningTracker<KeitaroMock>;
	n8n = new N8n({ name: 'e2e-examples' });
	({ examples } = await prepareUserFolder(n8n, tarball, trackers));
}, 10 * 60_000);

afterAll(async () => {
	await Promise.all(trackers.map((t) => t.close()));
});

const mock = () => keitaro.mock;

/** Executes an example; returns the result and the Admin API calls n8n made during the run. */
async function run(
	id: string,
): Promise<{ result: ExecuteResult; calls: ReturnType<typeof apiRequestsSince> }> {
	const before = lastSeq(mock());
	const t0 = Date.now();
	const result = await n8n.execute(id);
	log(
		`n8n execute --id=${id}: ${result.ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
	);
	if (!result.ok) throw new Error(`Example ${id} failed: ${result.error}`);
	const calls = apiRequestsSince(mock(), before);
	// Every call carried the credential's key, as the only auth header.
	for (const call of calls) {
		expect(call.headers['api-key']).toBe(mock().apiKey);
		expect(call.headers.authorization).toBeUndefined();
	}
	return { result, calls };
}

const num = (v: unknown) => Number(v ?? 0);
const round2 = (v: number) => Math.round(v * 100) / 100;

interface ReportResponse {
	rows: Array<Record<string, unknown>>;
	total?: number;
	summary?: Record<string, unknown>;
}

test('every example is imported with its fixed id', async () => {
	const listed = await n8n.cli(['list:workflow']);
	for (const example of examples) expect(listed.stdout).toContain(`${example.id}|`);
	for (const id of OURS) expect(examples.map((e) => e.id)).toContain(id);
});

test('01 list campaigns: every campaign of the tracker, from GET /campaigns', async () => {
	const { result, calls } = await run('KtListCampaigns1');
	const items = result.items('Get campaigns').map((i) => i.json);
	const direct = await keitaroCall<Array<Record<string, unknown>>>(mock(), 'GET', '/campaigns');

	expect(items.length).toBeGreaterThan(0);
	expect(items.map((c) => Number(c.id)).sort()).toEqual(direct.map((c) => Number(c.id)).sort());
	expect(items.find((c) => Number(c.id) === 1)?.name).toBe(
		direct.find((c) => Number(c.id) === 1)?.name,
	);
	expect(calls.some((c) => c.method === 'GET' && c.path === '/admin_api/v1/campaigns')).toBe(true);
});

test('02 daily report: yesterday by campaign, rows match the tracker, no summary row by default', async () => {
	const { result, calls } = await run('KtDailyReport001');
	const items = result.items('Report by campaign').map((i) => i.json);
	const rows = items.filter((r) => !r.is_summary);
	const summary = items.find((r) => r.is_summary);

	const sent = calls.find((c) => c.method === 'POST' && c.path === '/admin_api/v1/report/build');
	expect(sent).toBeDefined();
	const body = sent!.body as Record<string, unknown>;
	expect(body.range).toMatchObject({ interval: 'yesterday', timezone: 'UTC' });
	expect(body.dimensions).toEqual(['campaign_id', 'campaign']);

	const direct = await keitaroCall<ReportResponse>(mock(), 'POST', '/report/build', {
		range: { interval: 'yesterday', timezone: 'UTC' },
		dimensions: ['campaign_id', 'campaign'],
		measures: ['clicks', 'conversions', 'revenue'],
		limit: 1000,
	});
	expect(rows.length).toBe(direct.rows.length);
	expect(rows.length).toBeGreaterThan(0);
	for (const row of direct.rows) {
		const mine = rows.find((r) => num(r.campaign_id) === num(row.campaign_id));
		expect(mine).toBeDefined();
		expect(mine!.clicks).toBe(num(row.clicks)); // simplified: numbers, not Keitaro's strings
		expect(mine!.conversions).toBe(num(row.conversions));
		expect(mine!.revenue).toBeCloseTo(num(row.revenue), 2);
	}
	// Keitaro's totals row is left out unless Options → Add Summary Item is on (issue 14).
	expect(summary).toBeUndefined();
});

test('03 ad-network spend → Keitaro costs: the table is sent in bulk and lands on the matching clicks', async () => {
	const { result, calls } = await run('KtAdSpendCosts01');
	const table = result.items('Ad spend (yesterday)').map((i) => i.json);
	const out = result.items('Update costs in Keitaro').map((i) => i.json);
	expect(table).toHaveLength(3);
	expect(out).toHaveLength(3);
	for (const entry of out) {
		expect(entry.status).toBe('sent');
		expect(num(entry.matched_clicks)).toBeGreaterThan(0); // "Check Matching Clicks First" is on
	}

	// What reached the tracker: one bulk request per campaign, every cost of the table exactly once.
	const updates = calls.filter(
		(c) => c.method === 'POST' && c.path === '/admin_api/v1/clicks/update_costs',
	);
	expect(updates).toHaveLength(2);
	const sentCosts: Array<Record<string, unknown>> = updates.flatMap((u) => {
		const body = u.body as { campaign_ids: number[]; costs: Array<Record<string, unknown>> };
		return body.costs.map((c) => ({ ...c, campaign: body.campaign_ids.map(Number) }));
	});
	expect(sentCosts).toHaveLength(3);
	for (const row of table) {
		const sent = sentCosts.filter(
			(c) => (c.filters as Record<string, unknown>).ad_campaign_id === row.ad_campaign_id,
		);
		expect(sent).toHaveLength(1);
		expect(sent[0].campaign).toEqual([row.keitaro_campaign_id]);
		expect(num(sent[0].cost)).toBeCloseTo(num(row.spend), 4);
		expect(sent[0].currency).toBe('USD');
		expect(String(sent[0].start_date)).toBe(`${String(row.date)} 00:00:00`);
		expect(String(sent[0].end_date)).toBe(`${String(row.date)} 23:59:59`);
	}

	// And Keitaro now reports exactly that spend for yesterday on those ad campaigns.
	const report = await keitaroCall<ReportResponse>(mock(), 'POST', '/report/build', {
		range: { interval: 'yesterday', timezone: 'UTC' },
		dimensions: ['campaign_id', 'ad_campaign_id'],
		measures: ['cost'],
		filters: [{ name: 'campaign_id', operator: 'IN_LIST', expression: [1, 2] }],
		limit: 1000,
	});
	for (const row of table) {
		const line = report.rows.find(
			(r) =>
				num(r.campaign_id) === num(row.keitaro_campaign_id) &&
				String(r.ad_campaign_id) === row.ad_campaign_id,
		);
		expect(line).toBeDefined();
		expect(round2(num(line!.cost))).toBeCloseTo(num(row.spend), 2);
	}
});

test('04 sub-ID mapping: report grouped by ad campaign / ad ids becomes a mapping table', async () => {
	const { result, calls } = await run('KtSubIdMapping01');
	const table = result.items('Mapping table').map((i) => i.json);

	const sent = calls.find((c) => c.method === 'POST' && c.path === '/admin_api/v1/report/build');
	expect(sent).toBeDefined();
	const body = sent!.body as Record<string, unknown>;
	expect(body.dimensions).toEqual([
		'campaign_id',
		'campaign',
		'ad_campaign_id',
		'sub_id_1',
		'sub_id_2',
		'creative_id',
	]);
	expect(body.range).toMatchObject({ interval: '7_days_ago', timezone: 'UTC' });
	expect(body.filters).toEqual([
		expect.objectContaining({ name: 'campaign_id', operator: 'IN_LIST' }),
	]);

	expect(table.length).toBeGreaterThan(0);
	for (const row of table) {
		expect(AD_CAMPAIGNS).toContain(row.ad_campaign_id);
		expect([1, 2]).toContain(row.keitaro_campaign_id);
		expect(typeof row.ad_name).toBe('string');
		expect(row.profit).toBeCloseTo(num(row.revenue) - num(row.cost), 2);
	}
	// Totals agree with the tracker's own report of the same period.
	const direct = await keitaroCall<ReportResponse>(mock(), 'POST', '/report/build', {
		range: { interval: '7_days_ago', timezone: 'UTC' },
		dimensions: ['campaign_id', 'ad_campaign_id'],
		measures: ['clicks', 'conversions'],
		filters: [{ name: 'campaign_id', operator: 'IN_LIST', expression: [1, 2] }],
		limit: 1000,
	});
	const tracked = direct.rows.filter((r) => r.ad_campaign_id);
	const sum = (list: Array<Record<string, unknown>>, key: string) =>
		list.reduce((s, r) => s + num(r[key]), 0);
	expect(sum(table, 'clicks')).toBe(sum(tracked, 'clicks'));
	expect(sum(table, 'conversions')).toBe(sum(tracked, 'conversions'));
});

// Examples added by others (e.g. the tracking operations' workflows): each one that can run
// offline against the sandbox must run without error; the others are only imported (above).
const otherRunnable = (): Example[] => examples.filter((e) => e.runnable && !OURS.includes(e.id));

test('every other runnable example runs without error', async () => {
	const others = otherRunnable();
	for (const e of examples.filter((x) => !x.runnable))
		log(`example ${e.id} is not run: ${e.notRunnableBecause}`);
	for (const example of others) {
		const result = await n8n.execute(example.id);
		if (!result.ok)
			throw new Error(`Example ${example.id} (${example.name}) failed: ${result.error}`);
		// Our nodes in it did run (a node on an untaken branch would not, hence only ours), unless
		// the node before it ran and gave no item (e.g. a rule that found nothing to act on).
		const runData = result.run?.data.resultData.runData ?? {};
		const { connections } = JSON.parse(readFileSync(example.file, 'utf8')) as {
			connections: Record<string, { main?: Array<Array<{ node: string }> | null> }>;
		};
		const fedNothing = (name: string) =>
			Object.entries(connections).some(
				([from, c]) =>
					(c.main ?? []).some((out) => (out ?? []).some((t) => t.node === name)) &&
					runData[from] !== undefined &&
					(runData[from][0]?.data?.main ?? []).every((out) => !out || out.length === 0),
			);
		for (const node of example.nodes.filter((n) => n.type.startsWith(NODE_TYPE_PREFIX))) {
			const verdict = node.name in runData ? 'ran' : fedNothing(node.name) ? 'fed nothing' : 'not run';
			expect([example.id, node.name, verdict]).not.toEqual([example.id, node.name, 'not run']);
		}
	}
});

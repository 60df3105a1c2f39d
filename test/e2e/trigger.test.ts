/**
 * The Keitaro Trigger (New Conversion, First Run = From Now, every minute) in a real `n8n start`
 * (2.39, Node 24), with this package installed as a community package, against the Keitaro mock
 * on the real clock. The workflow is example 05 (trigger → "Sheet row" Set → a disabled Google
 * Sheets node), imported with its fixed id and activated through the public API: activation runs
 * one poll at once (the baseline), then n8n polls every minute.
 *
 * Asserted on the executions the public API lists (includeData=true): each conversion added after
 * activation is emitted exactly once across all executions, nothing from before activation is,
 * and the "Sheet row" node turns each into the canonical sheet row.
 */
import path from 'node:path';

import type { KeitaroMock } from '../mock-servers/keitaro/server';
import { apiRequestsSince, lastSeq } from './lib/mock-api';
import { DEFAULT_OWNER, N8n, type ExecutionSummary } from './lib/n8n';
import { installPackageInto } from './lib/package';
import { EXAMPLES_DIR, NODE_TYPE_PREFIX } from './lib/paths';
import { log } from './lib/proc';
import { findPackedTarball, prepareArtefact } from './lib/setup';
import { startKeitaro, type RunningTracker } from './lib/trackers';
import { countBy, ensureNodesListed, itemsAcross, logExcerpt } from './lib/triggers';

const WORKFLOW_FILE = path.join(EXAMPLES_DIR, '05-keitaro-conversions-to-google-sheets.json');
const WORKFLOW_ID = 'KtConvToSheet01';
const TRIGGER = 'New Keitaro conversion';
const ROW = 'Sheet row';
const SHEET_COLUMNS = [
	'date',
	'tracker',
	'conversionId',
	'clickId',
	'campaign',
	'offer',
	'status',
	'rawStatus',
	'revenue',
	'currency',
	'subId1',
	'subId2',
	'subId3',
	'subId4',
	'subId5',
	'postbackTime',
];
/** One tick is one minute (n8n picks a random second); a little more than two ticks. */
const WAIT_MS = 150_000;

let keitaro: RunningTracker<KeitaroMock>;
let n8n: N8n;
let patchedManifest: string[] = [];
/** Conversion ids in the mock before activation (none may ever be emitted). */
let before = new Set<string>();
let activatedAt = 0;
/** Mock request log position before activation. */
let seqBefore = 0;

type Added = { id: string; status: string; revenue: number; campaign: string; postback: string };
const added: Added[] = [];

beforeAll(async () => {
	const tarball = findPackedTarball() ?? (await prepareArtefact());
	keitaro = await startKeitaro();
	n8n = new N8n({ name: 'e2e-trigger' });
	const target = await installPackageInto(n8n.userFolder, tarball);
	patchedManifest = ensureNodesListed(target, ['dist/nodes/Keitaro/KeitaroTrigger.node.js']);
	await n8n.importCredentials([keitaro.credential]);
	await n8n.importWorkflows([WORKFLOW_FILE]);
	await n8n.start();
	await n8n.setupOwner(DEFAULT_OWNER);
	await n8n.createApiKey('e2e-trigger');
}, 10 * 60_000);

afterAll(async () => {
	if (n8n?.running) {
		await n8n.deactivateWorkflow(WORKFLOW_ID).catch(() => undefined);
		await n8n.stop();
	}
	if (keitaro) await keitaro.close();
	if (patchedManifest.length)
		log(
			`NOTE: the trigger test ran with ${patchedManifest.join(', ')} added to the installed package.json; add it to package.json → n8n.nodes`,
		);
});

const mock = () => keitaro.mock;

/** Adds a conversion with postback time now on an active campaign; remembers what to expect. */
function addConversion(status: 'lead' | 'sale', revenue: number): Added {
	const campaigns = mock()
		.state.campaigns.all()
		.filter((c) => c.state === 'active');
	const campaign = campaigns[added.length % campaigns.length];
	const view = mock().state.addConversion({ status, revenue, click: { campaign_id: campaign.id } });
	const entry = {
		id: String(view.conversion_id),
		status,
		revenue,
		campaign: campaign.name,
		postback: view.postback_datetime,
	};
	added.push(entry);
	return entry;
}

function failureContext(executions: ExecutionSummary[]): string {
	const summary = executions
		.map((e) => `#${e.id} ${e.status} ${e.startedAt}`)
		.join(', ')
		.slice(0, 2000);
	return `executions: ${summary || 'none'}\nn8n log:\n${logExcerpt(n8n.output, ['keitaro', 'poll', 'trigger'])}`;
}

/** Waits until every expected id was emitted by the trigger (or WAIT_MS passed). */
async function waitForIds(ids: string[]): Promise<ExecutionSummary[]> {
	const t0 = Date.now();
	let last: ExecutionSummary[] = [];
	try {
		const executions = await n8n.waitForExecutions(
			WORKFLOW_ID,
			(list) => {
				last = list;
				const seen = countBy(itemsAcross(list, TRIGGER), 'conversionId');
				return ids.every((id) => seen.has(id)) && list.every((e) => e.finished || e.stoppedAt);
			},
			{ timeoutMs: WAIT_MS, intervalMs: 3000 },
		);
		log(
			`trigger emitted ${ids.length} conversion(s) after ${((Date.now() - t0) / 1000).toFixed(0)} s`,
		);
		return executions;
	} catch (error) {
		throw new Error(`${(error as Error).message}\n${failureContext(last)}`);
	}
}

/** The trigger's reads of the conversion log since activation (every poll makes at least one). */
function conversionLogCalls() {
	const calls = apiRequestsSince(mock(), seqBefore).filter((c) =>
		c.path.includes('/conversions/log'),
	);
	for (const c of calls) {
		expect(c.headers['api-key']).toBe(mock().apiKey);
		expect(c.status).toBe(200);
	}
	return calls;
}

/** No poll failed: n8n logs a failing poll with the node's name. */
function expectNoPollErrors(): void {
	const lines = logExcerpt(n8n.output)
		.split('\n')
		.filter((l) => l.includes(TRIGGER) || /poll/i.test(l));
	expect(lines).toEqual([]);
}

/** Every conversion added so far emitted exactly once, nothing else; every run succeeded. */
function expectExactlyOnce(executions: ExecutionSummary[]): void {
	const context = failureContext(executions);
	for (const e of executions)
		expect({ id: e.id, status: e.status, context }).toMatchObject({ status: 'success' });
	const items = itemsAcross(executions, TRIGGER);
	const counts = countBy(items, 'conversionId');
	const expected = added.map((a) => a.id).sort();
	expect([...counts.keys()].sort()).toEqual(expected);
	for (const [id, n] of counts) expect({ id, n }).toEqual({ id, n: 1 });
	for (const id of counts.keys()) expect(before.has(id)).toBe(false);
	// Every execution started after activation and carries something new.
	for (const e of executions) {
		expect(Date.parse(e.startedAt)).toBeGreaterThanOrEqual(activatedAt - 1000);
		expect(itemsAcross([e], TRIGGER).length).toBeGreaterThan(0);
	}
}

/** The Set node made one canonical sheet row per emitted conversion. */
function expectSheetRows(executions: ExecutionSummary[]): void {
	const rows = itemsAcross(executions, ROW).map((r) => r.json);
	expect(rows).toHaveLength(added.length);
	for (const a of added) {
		const row = rows.find((r) => r.conversionId === a.id);
		expect(row).toBeDefined();
		expect(Object.keys(row!)).toEqual(SHEET_COLUMNS);
		const postback = `${a.postback.replace(' ', 'T')}.000Z`;
		expect(row).toMatchObject({
			tracker: 'keitaro',
			campaign: a.campaign,
			status: a.status === 'sale' ? 'approved' : 'pending',
			rawStatus: a.status,
			revenue: a.revenue,
			currency: 'USD',
			postbackTime: postback,
			date: postback.slice(0, 10),
		});
		expect(typeof row!.clickId).toBe('string');
		expect(String(row!.clickId).length).toBeGreaterThan(0);
	}
}

test('n8n serves the Keitaro Trigger from the community package', async () => {
	const [type] = await n8n.nodeTypes([{ name: `${NODE_TYPE_PREFIX}keitaroTrigger`, version: 1 }]);
	expect(type).toBeDefined();
	expect(type.polling).toBe(true);
	const props = (type.properties as Array<{ name: string }>).map((p) => p.name);
	expect(props).toEqual(expect.arrayContaining(['event', 'firstRun', 'pollTimes', 'options']));
});

test(
	'activation takes a baseline; conversions added afterwards are emitted once, as sheet rows',
	async () => {
		before = new Set(
			Array.from({ length: mock().state.conversionCount }, (_v, i) => String(i + 1)),
		);
		expect(before.size).toBeGreaterThan(0);
		activatedAt = Date.now();
		seqBefore = lastSeq(mock());
		try {
			await n8n.activateWorkflow(WORKFLOW_ID);
		} catch (error) {
			throw new Error(`${(error as Error).message}\n${failureContext([])}`);
		}
		log(`activated ${WORKFLOW_ID}`);
		// The activation poll is the baseline: it emits nothing from the seeded history.
		await new Promise((r) => setTimeout(r, 3000));
		expect(await n8n.listExecutions(WORKFLOW_ID)).toEqual([]);
		expect(conversionLogCalls().length).toBeGreaterThan(0); // the baseline poll did run

		const batch = [
			addConversion('lead', 12.5),
			addConversion('sale', 40),
			addConversion('lead', 7),
		];
		const executions = await waitForIds(batch.map((b) => b.id));
		expectExactlyOnce(executions);
		expectSheetRows(executions);
	},
	WAIT_MS + 60_000,
);

test(
	'a second batch after the first tick: still each conversion exactly once across executions',
	async () => {
		expect(added).toHaveLength(3); // the first test ran
		const batch = [addConversion('sale', 25), addConversion('lead', 3.75)];
		const executions = await waitForIds(batch.map((b) => b.id));
		expectExactlyOnce(executions);
		expectSheetRows(executions);
		// The second batch came with a later poll than the first.
		const items = itemsAcross(executions, TRIGGER);
		const execOf = (id: string) => items.find((i) => i.json.conversionId === id)!.execution;
		expect(Number(execOf(batch[0].id))).toBeGreaterThan(Number(execOf(added[0].id)));
		// Baseline + at least two ticks read the log; the later ones re-read the first batch
		// (lateness window) without emitting it again.
		const calls = conversionLogCalls();
		log(`${calls.length} conversion-log request(s) since activation`);
		expect(calls.length).toBeGreaterThanOrEqual(3);
		expectNoPollErrors();
	},
	WAIT_MS + 60_000,
);

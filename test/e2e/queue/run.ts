/**
 * Queue-mode e2e (`npm run test:e2e:queue`): this package in a real n8n cluster from the pinned
 * n8n — main + 2 workers + 1 webhook processor, Postgres and Redis from Debian's packages on
 * loopback ports (./services.ts, ./cluster.ts) — against the tracker mocks. What it shows:
 *
 * 1. Action examples on workers: every runnable example (examples/*.json with a Manual Trigger),
 *    its Manual Trigger swapped for a Webhook node, activated and called through the webhook
 *    processor. Each execution succeeds; n8n 2.39 stores no worker id in the execution record
 *    (execution_entity has no such column), so where it ran is read from the process logs: the
 *    webhook processor logged "Enqueued execution <id>", exactly one worker "Worker finished
 *    execution <id>", and the main neither. They run while the triggers poll (the first main
 *    kill waits for them).
 * 2. Polling through main restarts: two workflows with the Keitaro Trigger (New Conversion;
 *    Conversion Status Changed), each with six poll times a minute (six "custom" cron entries on
 *    fixed seconds: n8n refuses a sub-minute single cron, not several minute crons), against the
 *    Keitaro mock on the real clock while conversions arrive and change status. The main is
 *    killed (SIGKILL, no shutdown) and restarted twice in the middle. Polls are counted from the
 *    main's debug log ("Poll trigger initiated for workflow …"). Every new conversion must be
 *    emitted exactly once (by conversion id), every status change exactly once (by conversion id +
 *    previous status + status: each change a conversion goes through is a distinct pair here, its
 *    version); nothing from before activation. On a loaded machine a poll can outlast the 10 s to
 *    the next tick: this needs the triggers' one-poll-at-a-time guard (nodes/shared/trigger/
 *    overlap.ts); the test logs how many polls ran at once at most.
 * 3. Postbacks through the webhook processor, as a tracker sends them: 1,000 postbacks (10 %
 *    resends, status changes) to the URL the Keitaro Postback Trigger registered in Keitaro, paced
 *    over the polling phase (so some arrive while the main is down or starting); a postback not
 *    answered 200 is sent again (3 s later, up to 10 times). Each distinct postback is one
 *    execution, no resend is.
 * 4. Static data in Postgres: the trigger workflows' `staticData` in workflow_entity, read with
 *    psql before the first kill and after each restart (present, and the polls after a restart
 *    continue from it: nothing re-emitted, nothing lost); no SQLite file in the user folder.
 * 5. Crashed executions: n8n's queue recovery (when the main starts) marks executions stored but
 *    not (yet) in the Redis queue as crashed, and a worker skips them (README "Running at scale").
 *    Each crashed execution must be named by that recovery in the main's log; those without items
 *    are retried as a user would (the REST call of the editor's Retry button) and then counted like
 *    the others. Any other crashed or failed execution fails the test. One such crash is provoked
 *    every run (provokeCrashedPostback: workers stopped, a postback stored, the main killed, the
 *    queue's Redis emptied, the main started), so the retry path always runs; it must be found,
 *    retried and its postback counted once. That is a third main restart, not in the "2 main
 *    restarts" of the polling phase.
 *
 * Prints one line: `queue mode e2e: N polls, 2 main restarts, E events, 0 lost, 0 duplicated;
 * 1000 postbacks, D distinct, 0 duplicated; C execution(s) marked crashed by n8n's queue recovery
 * (1 provoked), retried; R postback(s) resent after an answer other than 200` (N: polls of the trigger that
 * polled least). Exits 1 (with the reason) on any failure; Postgres, Redis and every n8n process are stopped either way.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { KeitaroMock } from '../../mock-servers/keitaro/server';
import { s2sTargets } from '../../mock-servers/keitaro/postback';
import {
	distinctKey,
	postbackScenario,
	sendPostback,
	type MockConversionEvent,
} from '../../mock-servers/shared/postback';
import { listExamples } from '../lib/examples';
import { DEFAULT_OWNER, type ExecutionSummary, type N8n } from '../lib/n8n';
import { installPackageInto } from '../lib/package';
import { NODE_TYPE_PREFIX } from '../lib/paths';
import { log, sleep, waitFor } from '../lib/proc';
import { findPackedTarball, prepareArtefact } from '../lib/setup';
import { KEITARO_CREDENTIAL, startTrackers, type RunningTracker } from '../lib/trackers';
import { ensureNodesListed, itemsAcross } from '../lib/triggers';
import { createCluster, type Cluster } from './cluster';
import { ensureServicePackages, Postgres, postgresBinDir, Redis } from './services';

const MIN_POLLS = Number(process.env.QUEUE_E2E_POLLS ?? 32);
const POSTBACKS = 1000;
/** Postback i is sent no earlier than i × this after the first: 1,000 take at least 4 minutes. */
const POSTBACK_PACE_MS = 240;
/** A postback not answered 200 is sent again 3 s later, up to this many times in all. */
const POSTBACK_ATTEMPTS = 10;
const SECRET = 'queue-e2e-postback-secret-3f9a1c7d';
const POSTBACK_WEBHOOK_ID = '7b2e4d1a-5c3f-4e8b-9a10-2d6c8e4f1b30';
const POSTBACK_TRIGGER = 'Keitaro postback';
const NC_NAME = 'Queue e2e: new conversions';
const SC_NAME = 'Queue e2e: status changes';
const NC_NODE = 'New conversion';
const SC_NODE = 'Status changed';
/** A status change is made only after the conversion's last state was up for this long under a running main. */
const SEEN_MS = 25_000;

function fail(message: string): never {
	throw new Error(message);
}

function check(condition: unknown, message: string): asserts condition {
	if (!condition) fail(message);
}

const pollTimes = (offset: number) => ({
	item: [0, 10, 20, 30, 40, 50].map((s) => ({
		mode: 'custom',
		cronExpression: `${s + offset} * * * * *`,
	})),
});

function triggerWorkflow(name: string, node: string, event: string, offset: number) {
	return {
		name,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: node,
				type: `${NODE_TYPE_PREFIX}keitaroTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: pollTimes(offset),
					event,
					firstRun: 'fromNow',
					options: { timezone: 'UTC', currency: 'USD' },
				},
				credentials: { keitaroApi: { id: KEITARO_CREDENTIAL.id, name: KEITARO_CREDENTIAL.name } },
			},
		],
		connections: {},
		settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
	};
}

/** Waits until the executions of a workflow are all finished and `done` holds. */
async function executionsOf(
	n8n: N8n,
	workflowId: string,
	done: (list: ExecutionSummary[]) => boolean,
	timeoutMs = 180_000,
): Promise<ExecutionSummary[]> {
	return await n8n.waitForExecutions(
		workflowId,
		(list) => list.every((e) => e.finished || e.stoppedAt) && done(list),
		{ timeoutMs, intervalMs: 3000 },
	);
}

/** Which processes logged an execution: enqueued by whom, finished on which worker. */
function whereRan(cluster: Cluster, executionId: string) {
	const finished = new RegExp(`Worker finished execution ${executionId} \\(job `);
	const enqueued = new RegExp(`Enqueued execution ${executionId} \\(job `);
	const mainLog = fs.existsSync(cluster.main.logFile)
		? fs.readFileSync(cluster.main.logFile, 'utf8')
		: '';
	return {
		workers: cluster.workers.filter((w) => finished.test(w.log())).map((w) => w.label),
		enqueuedByWebhook: enqueued.test(cluster.webhook.log()),
		enqueuedByMain: enqueued.test(mainLog),
		mainRanIt: finished.test(mainLog),
	};
}

/** The main's log (all its runs), without colour codes. */
function mainLogLines(logFile: string): string[] {
	if (!fs.existsSync(logFile)) return [];
	const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
	return fs.readFileSync(logFile, 'utf8').replace(ansi, '').split('\n');
}

/**
 * Ids of the executions n8n's queue recovery marked crashed, from the main's debug log:
 * "Completed queue recovery check, recovered dangling executions {"danglingIds":[…]}".
 */
function danglingIds(logFile: string): Set<string> {
	const ids = new Set<string>();
	for (const line of mainLogLines(logFile)) {
		if (!line.includes('recovered dangling executions')) continue;
		const list = /"danglingIds":\s*\[([^\]]*)\]/.exec(line)?.[1] ?? '';
		for (const id of list.match(/\d+/g) ?? []) ids.add(id);
	}
	return ids;
}

/**
 * How many trigger polls ran at once at most, from the main's debug log: n8n logs "Poll trigger
 * initiated" when a poll starts and the trigger "Trigger poll: …" when it ends (a poll that throws
 * logs no end, so this can only overstate). A main start resets the count.
 */
function maxPollsInFlight(logFile: string): number {
	let now = 0;
	let max = 0;
	for (const line of mainLogLines(logFile)) {
		if (line.includes('Initializing n8n process')) now = 0;
		else if (line.includes('Poll trigger initiated for workflow')) max = Math.max(max, ++now);
		else if (line.includes('Trigger poll: ')) now = Math.max(0, now - 1);
	}
	return max;
}

// ---- 1. action examples on workers -----------------------------------------------------------

async function actionExamplesOnWorkers(
	cluster: Cluster,
	trackers: RunningTracker[],
): Promise<number> {
	const n8n = cluster.main;
	const examples = listExamples(trackers.map((t) => t.credential.id)).filter((e) => e.runnable);
	check(examples.length > 0, 'no runnable action example found');
	const runOne = async (example: (typeof examples)[number]) => {
		const json = JSON.parse(fs.readFileSync(example.file, 'utf8')) as {
			nodes: Array<Record<string, unknown>>;
			connections: Record<string, unknown>;
		};
		const webhookPath = `queue-e2e-${example.id.toLowerCase()}`;
		const nodes = json.nodes.map((node) =>
			node.type === 'n8n-nodes-base.manualTrigger'
				? {
						id: node.id,
						name: node.name,
						position: node.position,
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						webhookId: crypto.randomUUID(),
						parameters: {
							httpMethod: 'GET',
							path: webhookPath,
							responseMode: 'onReceived',
							options: {},
						},
					}
				: node,
		);
		const created = await n8n.createWorkflow({
			name: `Queue e2e: ${example.name}`,
			nodes,
			connections: json.connections,
			settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		});
		await n8n.activateWorkflow(created.id);
		const response = await fetch(`http://127.0.0.1:${cluster.webhook.port}/webhook/${webhookPath}`);
		check(
			response.status === 200,
			`example ${example.id}: the webhook processor answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
		);
		const [execution] = await executionsOf(n8n, created.id, (list) => list.length >= 1);
		check(
			execution.status === 'success',
			`example ${example.id} (${example.name}) ended "${execution.status}": ${JSON.stringify(execution.data?.resultData.error ?? {}).slice(0, 500)}`,
		);
		const where = await waitFor(
			`the logs of execution ${execution.id}`,
			() => {
				const w = whereRan(cluster, execution.id);
				return w.workers.length && w.enqueuedByWebhook ? w : undefined;
			},
			{ timeoutMs: 30_000, intervalMs: 500 },
		).catch(() => whereRan(cluster, execution.id));
		check(
			where.workers.length === 1 &&
				where.enqueuedByWebhook &&
				!where.enqueuedByMain &&
				!where.mainRanIt,
			`example ${example.id}: execution ${execution.id} did not run on exactly one worker through the webhook processor: ${JSON.stringify(where)}`,
		);
		log(
			`example ${example.id}: execution ${execution.id} ${execution.status} on ${where.workers[0]} (mode ${execution.mode})`,
		);
		await n8n.deactivateWorkflow(created.id);
	};
	// Three at a time: they run while the triggers poll (the first main kill waits for them).
	let next = 0;
	await Promise.all(
		Array.from({ length: 3 }, async () => {
			while (next < examples.length) await runOne(examples[next++]);
		}),
	);
	return examples.length;
}

// ---- 2 + 3. polling through restarts, postbacks through the webhook processor -----------------

interface Conv {
	id: number;
	status: 'lead' | 'sale' | 'rejected';
	/** When it was added or last changed (ms). */
	at: number;
}

function pollCount(cluster: Cluster, workflowName: string): number {
	const text = fs.existsSync(cluster.main.logFile)
		? fs.readFileSync(cluster.main.logFile, 'utf8')
		: '';
	return text.split(`Poll trigger initiated for workflow "${workflowName}"`).length - 1;
}

async function staticDataOf(postgres: Postgres, ids: string[]): Promise<Map<string, string>> {
	const out = await postgres.psql(
		`SELECT id || E'\\t' || COALESCE("staticData"::text, '') FROM workflow_entity WHERE id IN (${ids.map((i) => `'${i}'`).join(',')})`,
	);
	const map = new Map<string, string>();
	for (const line of out.split('\n').filter(Boolean)) {
		const [id, data] = line.split('\t');
		map.set(id, data ?? '');
	}
	return map;
}

/**
 * 5 (provoked). The crashed-execution path made to happen, not waited for: both workers are
 * stopped, a postback is sent to the webhook processor (answered 200, stored as a "new"
 * execution, its job waiting in Redis), the main is killed, the queue's Redis is emptied (the job
 * is gone, as when a main dies between storing and enqueueing), and the main is started: its queue
 * recovery must name the execution as dangling and mark it crashed. Then the workers start again;
 * the test's retry below must find it, retry it and count its postback like any other. Returns the
 * execution's id.
 */
async function provokeCrashedPostback(
	c: Cluster,
	postgres: Postgres,
	redis: Redis,
	url: string,
	workflowId: string,
): Promise<string> {
	const n8n = c.main;
	await Promise.all(c.workers.map((w) => w.stop()));
	const sent = await sendPostback(url, { timeoutMs: 60_000 });
	check(sent.status === 200, `the provoked postback was answered ${sent.status}, not 200`);
	const id = await waitFor(
		'the provoked postback stored as a new execution',
		async () => {
			const out = await postgres.psql(
				`SELECT id FROM execution_entity WHERE "workflowId" = '${workflowId}' AND status = 'new'`,
			);
			const ids = out.split('\n').filter(Boolean);
			check(ids.length <= 1, `more than one postback execution waiting: ${ids.join(', ')}`);
			return ids[0];
		},
		{ timeoutMs: 120_000, intervalMs: 500 },
	);
	await c.killMain();
	await redis.cli(['FLUSHALL']);
	const t = Date.now();
	await n8n.start({ timeoutMs: 300_000 });
	await waitFor(
		`n8n's queue recovery to mark execution ${id} crashed`,
		() => (danglingIds(n8n.logFile).has(id) ? true : undefined),
		{ timeoutMs: 120_000, intervalMs: 500 },
	);
	log(
		`provoked: postback execution ${id} marked crashed by n8n's queue recovery (main restarted in ${((Date.now() - t) / 1000).toFixed(0)} s)`,
	);
	await Promise.all(c.workers.map((w) => w.start({ timeoutMs: 300_000 })));
	return id;
}

async function main(): Promise<void> {
	const t0 = Date.now();
	const { installedMs } = await ensureServicePackages();
	const tarball = findPackedTarball() ?? (await prepareArtefact());
	const binDir =
		postgresBinDir() ?? fail('PostgreSQL binaries not found under /usr/lib/postgresql');
	const postgres = new Postgres(binDir);
	const redis = new Redis();
	let cluster: Cluster | undefined;
	let trackers: RunningTracker[] = [];
	let stopDriver = () => undefined as void;
	try {
		await postgres.start();
		await redis.start();
		trackers = await startTrackers();
		const keitaro = trackers.find((t) => t.key === 'keitaro') as RunningTracker<KeitaroMock>;
		const mock = keitaro.mock;
		cluster = await createCluster(postgres, redis, {
			workers: 2,
			mainEnv: { N8N_LOG_LEVEL: 'debug' },
		});
		const c = cluster;
		const n8n = c.main;
		const target = await installPackageInto(n8n.userFolder, tarball);
		ensureNodesListed(target, [
			'dist/nodes/Keitaro/KeitaroTrigger.node.js',
			'dist/nodes/Keitaro/KeitaroPostbackTrigger.node.js',
		]);
		await n8n.importCredentials(trackers.map((t) => t.credential));
		await n8n.start({ timeoutMs: 300_000 });
		await n8n.setupOwner(DEFAULT_OWNER);
		await n8n.createApiKey('queue-e2e');
		await Promise.all([...c.workers.map((w) => w.start()), c.webhook.start()]);
		check(
			!fs.existsSync(path.join(n8n.userFolder, '.n8n', 'database.sqlite')),
			'n8n created a SQLite database although DB_TYPE=postgresdb',
		);

		// 3 (set-up). The postback trigger, registered in Keitaro with the webhook processor's URL.
		const postbackWf = await n8n.createWorkflow({
			name: 'Queue e2e: Keitaro postbacks',
			nodes: [
				{
					id: crypto.randomUUID(),
					name: POSTBACK_TRIGGER,
					type: `${NODE_TYPE_PREFIX}keitaroPostbackTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId: POSTBACK_WEBHOOK_ID,
					parameters: {
						registration: 'campaigns',
						campaignIds: ['1'],
						statuses: ['lead', 'sale', 'rejected', 'rebill'],
						secret: SECRET,
					},
					credentials: { keitaroApi: { id: KEITARO_CREDENTIAL.id, name: KEITARO_CREDENTIAL.name } },
				},
			],
			connections: {},
			settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		});
		await n8n.activateWorkflow(postbackWf.id);
		const steps = postbackScenario({
			seed: 2027,
			total: POSTBACKS,
			resendRate: 0.1,
			badSecretRate: 0,
			statusChangeRate: 0.2,
			statuses: ['lead', 'sale', 'rejected', 'rebill'],
		});
		const expectedPostbacks = new Set<string>();
		const postbackUrls = steps.map((s) => {
			const e: MockConversionEvent = { ...s.event, campaignId: '1' };
			const hit = s2sTargets(mock.state, e).find((t) =>
				t.url.includes(`/webhook/${POSTBACK_WEBHOOK_ID}/`),
			);
			if (!hit) fail('the registered S2S postback does not match the status');
			check(
				hit.url.startsWith(`http://127.0.0.1:${c.webhook.port}/`),
				`the postback URL registered in Keitaro is not the webhook processor's: ${hit.url.replace(SECRET, '***')}`,
			);
			expectedPostbacks.add(distinctKey(e));
			return hit.url;
		});

		// 2. The two polling workflows.
		const nc = await n8n.createWorkflow(triggerWorkflow(NC_NAME, NC_NODE, 'newConversion', 0));
		const sc = await n8n.createWorkflow(
			triggerWorkflow(SC_NAME, SC_NODE, 'conversionStatusChanged', 5),
		);
		const before = mock.state.conversionCount;
		const activatedAt = Date.now();
		await n8n.activateWorkflow(nc.id);
		await n8n.activateWorkflow(sc.id);
		log(`activated "${NC_NAME}" (${nc.id}) and "${SC_NAME}" (${sc.id})`);

		const campaigns = mock.state.campaigns.all().filter((x) => x.state === 'active');
		const convs: Conv[] = [];
		const expectedNew = new Set<string>();
		const expectedChanges = new Set<string>();
		/** [start, end] of the periods the main was up (end undefined: up now). */
		const up: Array<[number, number | undefined]> = [[Date.now(), undefined]];
		const seenUp = (since: number, now: number) =>
			up.some(([s, e]) => (e ?? now) - Math.max(s, since) >= SEEN_MS);
		let rng = 12345;
		const rand = () => (rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648;
		let driving = true;
		const driver = (async () => {
			while (driving) {
				const now = Date.now();
				const status = rand() < 0.7 ? 'lead' : 'sale';
				const view = mock.state.addConversion({
					status,
					click: { campaign_id: campaigns[convs.length % campaigns.length].id },
				});
				convs.push({ id: view.conversion_id, status, at: now });
				expectedNew.add(String(view.conversion_id));
				let changed = 0;
				for (const conv of convs) {
					if (changed >= 2) break;
					if (conv.status === 'rejected' || !seenUp(conv.at, now)) continue;
					const next = conv.status === 'lead' ? (rand() < 0.7 ? 'sale' : 'rejected') : 'rejected';
					mock.state.setConversionStatus(conv.id, next);
					expectedChanges.add(`${conv.id}|${conv.status}|${next}`);
					conv.status = next;
					conv.at = now;
					changed++;
				}
				await sleep(6000);
			}
		})();
		stopDriver = () => {
			driving = false;
		};

		// 1. The action examples, on workers through the webhook processor, while the triggers poll.
		const examplesRun = actionExamplesOnWorkers(c, trackers).then(
			(count) => ({ count, error: undefined as unknown }),
			(error: unknown) => ({ count: 0, error }),
		);

		// 3. Postbacks go to the webhook processor as a tracker sends them: paced over the polling
		// phase, so some arrive while the main is down or starting, and a postback not answered 200
		// (or not answered) is sent again, as trackers retry.
		const pbStarted = Date.now();
		const postbacksSent = (async () => {
			let resent = 0;
			let next = 0;
			const failed: string[] = [];
			await Promise.all(
				Array.from({ length: 4 }, async () => {
					while (next < postbackUrls.length) {
						const i = next++;
						const wait = pbStarted + i * POSTBACK_PACE_MS - Date.now();
						if (wait > 0) await sleep(wait);
						for (let attempt = 1; ; attempt++) {
							let answer: string;
							try {
								const sent = await sendPostback(postbackUrls[i], { timeoutMs: 60_000 });
								answer = String(sent.status);
							} catch (error) {
								answer = error instanceof Error ? error.message.replace(SECRET, '***') : 'error';
							}
							if (answer === '200') break;
							if (attempt >= POSTBACK_ATTEMPTS) {
								failed.push(`#${i}: ${answer}`);
								break;
							}
							resent++;
							await sleep(3000);
						}
					}
				}),
			);
			log(
				`sent ${POSTBACKS} postbacks to the webhook processor in ${((Date.now() - pbStarted) / 1000).toFixed(0)} s (${resent} resent after an answer other than 200, ${failed.length} never answered 200)`,
			);
			return { resent, failed };
		})();

		const polls = () => Math.min(pollCount(c, NC_NAME), pollCount(c, SC_NAME));
		const staticData: Array<Map<string, string>> = [];
		let restarts = 0;
		const kills: number[] = [];
		const restartAt = [Math.ceil(MIN_POLLS / 3), Math.ceil((2 * MIN_POLLS) / 3)];
		let exampleCount = 0;
		while (restarts < 2 || polls() < MIN_POLLS) {
			if (restarts < 2 && polls() >= restartAt[restarts]) {
				if (restarts === 0) {
					const ran = await examplesRun;
					if (ran.error) throw ran.error;
					exampleCount = ran.count;
				}
				staticData.push(await staticDataOf(postgres, [nc.id, sc.id]));
				log(`killing the main (SIGKILL) after ${polls()} polls`);
				kills.push(Date.now());
				await c.killMain();
				up[up.length - 1][1] = Date.now();
				await sleep(2000);
				const t = Date.now();
				await n8n.start({ timeoutMs: 300_000 });
				up.push([Date.now(), undefined]);
				restarts++;
				log(`main restarted (${restarts}) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
				staticData.push(await staticDataOf(postgres, [nc.id, sc.id]));
			}
			await sleep(2000);
		}
		const pollingMs = Date.now() - activatedAt;
		driving = false;
		await driver;
		const delivered = await postbacksSent;
		check(
			!delivered.failed.length,
			`${delivered.failed.length} postbacks were never answered 200 by the webhook processor: ${delivered.failed.slice(0, 5).join('; ')}`,
		);
		// 5 (provoked): one postback execution crashed on purpose (see provokeCrashedPostback).
		const provokedEvent: MockConversionEvent = {
			...steps[0].event,
			clickId: 'clkprovokedcrash',
			txId: 'tx-provoked-crash',
			campaignId: '1',
		};
		const provokedUrl = s2sTargets(mock.state, provokedEvent).find((t) =>
			t.url.includes(`/webhook/${POSTBACK_WEBHOOK_ID}/`),
		)?.url;
		if (!provokedUrl) fail('the registered S2S postback does not match the provoked postback');
		expectedPostbacks.add(distinctKey(provokedEvent));
		const provokedId = await provokeCrashedPostback(c, postgres, redis, provokedUrl, postbackWf.id);
		for (const [i, snapshot] of staticData.entries()) {
			for (const id of [nc.id, sc.id]) {
				const data = snapshot.get(id) ?? '';
				check(data.length > 2, `snapshot ${i}: workflow ${id} has no static data in Postgres`);
			}
		}
		const finalStatic = await staticDataOf(postgres, [nc.id, sc.id]);

		// Every expected event emitted: wait for it (a few polls), then a little longer for late duplicates.
		const ncKey = (j: Record<string, unknown>) => String(j.conversionId);
		const scKey = (j: Record<string, unknown>) =>
			`${String(j.conversionId)}|${String(j.previousRawStatus)}|${String(j.rawStatus)}`;
		const pbKey = (j: Record<string, unknown>) =>
			distinctKey({
				clickId: String(j.clickId),
				txId: (j.transactionId as string | null) ?? undefined,
				status: String(j.rawStatus),
				payout: Number(j.revenue),
			});
		const flows = [
			{ label: 'new conversions', id: nc.id, node: NC_NODE, key: ncKey, expected: expectedNew },
			{ label: 'status changes', id: sc.id, node: SC_NODE, key: scKey, expected: expectedChanges },
			{
				label: 'postbacks',
				id: postbackWf.id,
				node: POSTBACK_TRIGGER,
				key: pbKey,
				expected: expectedPostbacks,
			},
		];
		const settle = async (flow: (typeof flows)[number], timeoutMs: number) =>
			await executionsOf(
				n8n,
				flow.id,
				(list) => {
					const got = new Set(itemsAcross(list, flow.node).map((i) => flow.key(i.json)));
					return [...flow.expected].every((k) => got.has(k));
				},
				timeoutMs,
			).catch(async () => await n8n.listExecutions(flow.id));
		for (const flow of flows) await settle(flow, 150_000);
		await sleep(25_000);

		// n8n's queue recovery (the main, when it starts) marks executions that are in the database
		// but not (yet) in the Redis queue as crashed; a worker then skips them. The user sees them as
		// "Crashed" in the executions list and can retry them: so does this test, through the REST
		// call the editor's Retry button makes. Any other crash fails the test.
		const recovered = danglingIds(n8n.logFile);
		const crashed: string[] = [];
		for (const flow of flows) {
			const list = await n8n.listExecutions(flow.id);
			const retried: string[] = [];
			for (const e of list.filter((x) => x.status === 'crashed')) {
				check(
					recovered.has(e.id),
					`${flow.label}: execution ${e.id} crashed, and not by n8n's queue recovery (recovered: ${[...recovered].join(', ') || 'none'})`,
				);
				crashed.push(`${flow.label} #${e.id}`);
				if (itemsAcross([e], flow.node).length) continue;
				await n8n.rest('POST', `/executions/${e.id}/retry`, { loadWorkflow: false });
				retried.push(e.id);
			}
			if (retried.length) {
				log(`${flow.label}: retried crashed execution(s) ${retried.join(', ')}`);
				await executionsOf(n8n, flow.id, (l) => l.length >= list.length + retried.length);
				await settle(flow, 60_000);
			}
		}
		check(
			crashed.includes(`postbacks #${provokedId}`),
			`the provoked crashed execution ${provokedId} was not found crashed and retried (crashed: ${crashed.join(', ') || 'none'})`,
		);
		if (crashed.length)
			log(
				`n8n's queue recovery marked ${crashed.length} execution(s) crashed: ${crashed.join(', ')}`,
			);

		const tally = async (flow: (typeof flows)[number]) => {
			const list = await n8n.listExecutions(flow.id);
			const failed = list.filter(
				(e) => e.status !== 'success' && !(e.status === 'crashed' && recovered.has(e.id)),
			);
			check(
				!failed.length,
				`${flow.label}: executions not successful: ${failed.map((e) => `#${e.id} ${e.status}`).join(', ')}`,
			);
			const across = itemsAcross(list, flow.node);
			const keys = across.map((i) => flow.key(i.json));
			const got = new Set(keys);
			const seenAt = new Map<string, string[]>();
			for (const i of across)
				seenAt.set(flow.key(i.json), [...(seenAt.get(flow.key(i.json)) ?? []), i.execution]);
			const startedAt = new Map(list.map((e) => [e.id, e.startedAt]));
			const duplicatedIn = [...seenAt]
				.filter(([, at]) => at.length > 1)
				.map(([k, at]) => `${k} in ${at.map((x) => `#${x} (${startedAt.get(x)})`).join(', ')}`);
			// A crashed execution (n8n's queue recovery, checked above) ran nowhere; its retry did.
			const toRun = list.filter((e) => e.status !== 'crashed');
			const ranOnWorkers = toRun.filter((e) => whereRan(c, e.id).workers.length === 1).length;
			const t = {
				executions: list.length,
				notCrashed: toRun.length,
				ranOnWorkers,
				emitted: keys.length,
				distinct: got.size,
				duplicated: keys.length - got.size,
				duplicatedIn,
				lost: [...flow.expected].filter((k) => !got.has(k)),
				extra: [...got].filter((k) => !flow.expected.has(k)),
			};
			log(
				`${flow.label}: ${JSON.stringify({ ...t, lost: t.lost.slice(0, 20), extra: t.extra.slice(0, 20), duplicatedIn: t.duplicatedIn.slice(0, 20) })}`,
			);
			if (t.duplicated)
				log(`main killed at ${kills.map((k) => new Date(k).toISOString()).join(', ')}`);
			return t;
		};
		const [ncTally, scTally, pbTally] = [
			await tally(flows[0]),
			await tally(flows[1]),
			await tally(flows[2]),
		];
		log(
			`polls in flight at once (both triggers, from the main's log): at most ${maxPollsInFlight(n8n.logFile)}`,
		);
		for (const [flow, t] of [
			[flows[0], ncTally],
			[flows[1], scTally],
			[flows[2], pbTally],
		] as const) {
			check(
				t.duplicated === 0 && !t.lost.length && !t.extra.length,
				`${flow.label}: not exactly once (see above)`,
			);
			check(
				t.ranOnWorkers === t.notCrashed,
				`${flow.label}: ${t.notCrashed - t.ranOnWorkers} execution(s) not found in exactly one worker's log`,
			);
		}
		for (const id of expectedNew)
			check(Number(id) > before, `conversion ${id} predates activation`);
		check(expectedChanges.size > 0 && expectedNew.size > 0, 'the scenario made no events');
		check(
			(finalStatic.get(nc.id) ?? '').length > 2 && (finalStatic.get(sc.id) ?? '').length > 2,
			'static data missing from Postgres at the end',
		);

		const events = ncTally.emitted + scTally.emitted;
		log(
			`${exampleCount} action examples on workers; polls: ${pollCount(c, NC_NAME)} (new conversions), ${pollCount(c, SC_NAME)} (status changes); ${(pollingMs / 1000).toFixed(0)} s of polling; total ${((Date.now() - t0) / 1000).toFixed(0)} s${installedMs ? `, apt install ${(installedMs / 1000).toFixed(0)} s` : ''}`,
		);
		process.stdout.write(
			`queue mode e2e: ${polls()} polls, ${restarts} main restarts, ${events} events, 0 lost, 0 duplicated; ${POSTBACKS} postbacks + 1 provoked, ${pbTally.distinct} distinct, 0 duplicated; ${crashed.length} execution(s) marked crashed by n8n's queue recovery (1 provoked), retried; ${delivered.resent} postback(s) resent after an answer other than 200\n`,
		);
		await n8n.deactivateWorkflow(nc.id).catch(() => undefined);
		await n8n.deactivateWorkflow(sc.id).catch(() => undefined);
		await n8n.deactivateWorkflow(postbackWf.id).catch(() => undefined);
	} finally {
		stopDriver();
		if (cluster) await cluster.stopAll();
		await Promise.all(trackers.map((t) => t.close().catch(() => undefined)));
		await redis.stop().catch(() => undefined);
		await postgres.stop().catch(() => undefined);
		if (cluster && process.env.QUEUE_E2E_KEEP !== '1')
			fs.rmSync(cluster.main.userFolder, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`queue mode e2e FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);

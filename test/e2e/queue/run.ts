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
 *    execution <id>", and the main neither.
 * 2. Polling through main restarts: two workflows with the Keitaro Trigger (New Conversion;
 *    Conversion Status Changed), each with six poll times a minute (six "custom" cron entries on
 *    fixed seconds: n8n refuses a sub-minute single cron, not several minute crons), against the
 *    Keitaro mock on the real clock while conversions arrive and change status. The main is
 *    killed (SIGKILL, no shutdown) and restarted twice in the middle. Polls are counted from the
 *    main's debug log ("Poll trigger initiated for workflow …"). Every new conversion must be
 *    emitted exactly once (by conversion id), every status change exactly once (by conversion id +
 *    previous status + status: each change a conversion goes through is a distinct pair here, its
 *    version); nothing from before activation.
 * 3. Postbacks through the webhook processor (during the polls after the second restart): the Keitaro Postback
 *    Trigger registers its S2S postback; 1,000 postbacks (10 % resends, status changes) go to the
 *    webhook processor's URL; each distinct postback is one execution, no resend is.
 * 4. Static data in Postgres: the trigger workflows' `staticData` in workflow_entity, read with
 *    psql before the first kill and after each restart (present, and the polls after a restart
 *    continue from it: nothing re-emitted, nothing lost); no SQLite file in the user folder.
 *
 * Prints one line: `queue mode e2e: N polls, 2 main restarts, E events, 0 lost, 0 duplicated;
 * 1000 postbacks, D distinct, 0 duplicated` (N: polls of the trigger that polled least). Exits 1
 * (with the reason) on any failure; Postgres, Redis and every n8n process are stopped either way.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { KeitaroMock } from '../../mock-servers/keitaro/server';
import { s2sTargets } from '../../mock-servers/keitaro/postback';
import {
	distinctKey,
	postbackScenario,
	sendAll,
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

// ---- 1. action examples on workers -----------------------------------------------------------

async function actionExamplesOnWorkers(
	cluster: Cluster,
	trackers: RunningTracker[],
): Promise<number> {
	const n8n = cluster.main;
	const examples = listExamples(trackers.map((t) => t.credential.id)).filter((e) => e.runnable);
	check(examples.length > 0, 'no runnable action example found');
	const started: Array<{ id: string; name: string; workflowId: string }> = [];
	for (const example of examples) {
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
		started.push({ id: example.id, name: example.name, workflowId: created.id });
	}
	for (const s of started) {
		const [execution] = await executionsOf(n8n, s.workflowId, (list) => list.length >= 1);
		check(
			execution.status === 'success',
			`example ${s.id} (${s.name}) ended "${execution.status}": ${JSON.stringify(execution.data?.resultData.error ?? {}).slice(0, 500)}`,
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
			`example ${s.id}: execution ${execution.id} did not run on exactly one worker through the webhook processor: ${JSON.stringify(where)}`,
		);
		log(
			`example ${s.id}: execution ${execution.id} ${execution.status} on ${where.workers[0]} (mode ${execution.mode})`,
		);
		await n8n.deactivateWorkflow(s.workflowId);
	}
	return started.length;
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

		// 1.
		const exampleCount = await actionExamplesOnWorkers(c, trackers);

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
			settings: { saveDataSuccessExecution: 'all' },
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

		// Postbacks go to the webhook processor while the main polls, once the restarts are over: a
		// main that starts while webhook executions are in flight runs n8n's queue recovery, which
		// can mark an execution the webhook processor has stored but not yet enqueued as crashed
		// (seen in the first run of this test; see README "Running at scale").
		let postbacksSent: Promise<number> | undefined;
		const sendPostbacks = async () => {
			const answers = await sendAll(
				postbackUrls,
				(url) => sendPostback(url, { timeoutMs: 60_000 }),
				4,
			);
			const notOk = answers.filter((a) => a.status !== 200).length;
			log(`sent ${POSTBACKS} postbacks to the webhook processor (${notOk} not answered 200)`);
			return notOk;
		};

		const polls = () => Math.min(pollCount(c, NC_NAME), pollCount(c, SC_NAME));
		const staticData: Array<Map<string, string>> = [];
		let restarts = 0;
		const restartAt = [Math.ceil(MIN_POLLS / 3), Math.ceil((2 * MIN_POLLS) / 3)];
		while (restarts < 2 || polls() < MIN_POLLS) {
			if (restarts < 2 && polls() >= restartAt[restarts]) {
				staticData.push(await staticDataOf(postgres, [nc.id, sc.id]));
				log(`killing the main (SIGKILL) after ${polls()} polls`);
				await c.killMain();
				up[up.length - 1][1] = Date.now();
				await sleep(5000);
				await n8n.start({ timeoutMs: 300_000 });
				up.push([Date.now(), undefined]);
				restarts++;
				log(`main restarted (${restarts})`);
				staticData.push(await staticDataOf(postgres, [nc.id, sc.id]));
				if (restarts === 2) postbacksSent = sendPostbacks();
			}
			await sleep(2000);
		}
		driving = false;
		await driver;
		const notOk = await (postbacksSent ?? sendPostbacks());
		check(notOk === 0, `${notOk} postbacks were not answered 200 by the webhook processor`);
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
		const settle = async (
			id: string,
			node: string,
			key: (j: Record<string, unknown>) => string,
			expected: Set<string>,
		) => {
			await executionsOf(
				n8n,
				id,
				(list) => {
					const got = new Set(itemsAcross(list, node).map((i) => key(i.json)));
					return [...expected].every((k) => got.has(k));
				},
				150_000,
			).catch(() => undefined);
		};
		await settle(nc.id, NC_NODE, ncKey, expectedNew);
		await settle(sc.id, SC_NODE, scKey, expectedChanges);
		await sleep(25_000);
		const tally = async (
			id: string,
			node: string,
			key: (j: Record<string, unknown>) => string,
			expected: Set<string>,
		) => {
			const list = await n8n.listExecutions(id);
			const failed = list.filter((e) => e.status !== 'success');
			check(
				!failed.length,
				`${node}: executions not successful: ${failed.map((e) => `#${e.id} ${e.status}`).join(', ')}`,
			);
			const across = itemsAcross(list, node);
			const keys = across.map((i) => key(i.json));
			const got = new Set(keys);
			const seenAt = new Map<string, string[]>();
			for (const i of across)
				seenAt.set(key(i.json), [...(seenAt.get(key(i.json)) ?? []), i.execution]);
			const duplicatedIn = [...seenAt]
				.filter(([, at]) => at.length > 1)
				.map(([k, at]) => `${k} in #${at.join(', #')}`);
			const ranOnWorkers = list.filter((e) => whereRan(c, e.id).workers.length === 1).length;
			return {
				executions: list.length,
				ranOnWorkers,
				emitted: keys.length,
				duplicated: keys.length - got.size,
				duplicatedIn,
				lost: [...expected].filter((k) => !got.has(k)),
				extra: [...got].filter((k) => !expected.has(k)),
			};
		};
		const ncTally = await tally(nc.id, NC_NODE, ncKey, expectedNew);
		const scTally = await tally(sc.id, SC_NODE, scKey, expectedChanges);
		for (const [label, t] of [
			['new conversions', ncTally],
			['status changes', scTally],
		] as const) {
			log(
				`${label}: ${JSON.stringify({ ...t, lost: t.lost.slice(0, 20), extra: t.extra.slice(0, 20) })}`,
			);
			check(
				t.duplicated === 0 && !t.lost.length && !t.extra.length,
				`${label}: not exactly once (see above)`,
			);
			check(
				t.ranOnWorkers === t.executions,
				`${label}: ${t.executions - t.ranOnWorkers} execution(s) not found in exactly one worker's log`,
			);
		}
		for (const id of expectedNew)
			check(Number(id) > before, `conversion ${id} predates activation`);
		check(expectedChanges.size > 0 && expectedNew.size > 0, 'the scenario made no events');

		// Postbacks: each distinct one exactly once.
		const pbList = await executionsOf(
			n8n,
			postbackWf.id,
			(list) => list.length >= expectedPostbacks.size,
			180_000,
		).catch(async () => await n8n.listExecutions(postbackWf.id));
		await sleep(3000);
		const pbExecutions = await n8n.listExecutions(postbackWf.id);
		const pbKeys = itemsAcross(pbExecutions, POSTBACK_TRIGGER).map((it) =>
			distinctKey({
				clickId: String(it.json.clickId),
				txId: (it.json.transactionId as string | null) ?? undefined,
				status: String(it.json.rawStatus),
				payout: Number(it.json.revenue),
			}),
		);
		const pbGot = new Set(pbKeys);
		const pbDuplicated = pbKeys.length - pbGot.size;
		const pbLost = [...expectedPostbacks].filter((k) => !pbGot.has(k)).length;
		const pbOnWorkers = pbExecutions.filter((e) => whereRan(c, e.id).workers.length === 1).length;
		log(
			`postbacks: ${pbList.length} → ${pbExecutions.length} executions, ${pbGot.size} distinct emitted, ${pbDuplicated} duplicated, ${pbLost} lost, ${pbOnWorkers} on a worker`,
		);
		const odd = pbExecutions
			.filter((e) => e.status !== 'success' || itemsAcross([e], POSTBACK_TRIGGER).length !== 1)
			.map((e) => ({
				id: e.id,
				status: e.status,
				mode: e.mode,
				startedAt: e.startedAt,
				stoppedAt: e.stoppedAt,
				items: itemsAcross([e], POSTBACK_TRIGGER).length,
				where: whereRan(c, e.id),
				error: JSON.stringify(e.data?.resultData.error ?? null).slice(0, 300),
			}));
		if (odd.length) {
			log(`postback executions without exactly one item: ${JSON.stringify(odd)}`);
			const mainLog = fs.readFileSync(n8n.logFile, 'utf8');
			const recovered = mainLog
				.split('\n')
				.filter((l) => l.includes('recovered dangling executions'));
			log(`n8n queue recovery on the main: ${recovered.join(' | ').slice(0, 2000) || 'none'}`);
		}
		check(
			pbDuplicated === 0 && pbLost === 0 && pbGot.size === expectedPostbacks.size,
			`postbacks: not exactly once (${odd.length} odd execution(s), see above)`,
		);
		check(
			pbOnWorkers === pbExecutions.length,
			'postbacks: some executions not found in exactly one worker log',
		);
		check(
			(finalStatic.get(nc.id) ?? '').length > 2 && (finalStatic.get(sc.id) ?? '').length > 2,
			'static data missing from Postgres at the end',
		);

		const events = ncTally.emitted + scTally.emitted;
		log(
			`${exampleCount} action examples on workers; polls: ${pollCount(c, NC_NAME)} (new conversions), ${pollCount(c, SC_NAME)} (status changes); ${(Date.now() - activatedAt) / 1000} s of polling; total ${((Date.now() - t0) / 1000).toFixed(0)} s${installedMs ? `, apt install ${(installedMs / 1000).toFixed(0)} s` : ''}`,
		);
		process.stdout.write(
			`queue mode e2e: ${polls()} polls, ${restarts} main restarts, ${events} events, 0 lost, 0 duplicated; ${POSTBACKS} postbacks, ${pbGot.size} distinct, 0 duplicated\n`,
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

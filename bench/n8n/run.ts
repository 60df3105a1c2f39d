/**
 * Benchmark through a real n8n (`npm run bench:n8n`; not in CI): the pinned n8n 2.x (SQLite, regular
 * mode) with this package installed as a community package, the Keitaro mock in this process
 * holding 200,000 conversions spread over the 30 days before now (real clock).
 *
 * A. Ours: an activated workflow with the Keitaro Trigger (New Conversion, First Run "Backfill the
 *    Last N Days" = 30), at the settings the README recommends: Max Items per Poll 5,000 (the
 *    node's default; BENCH_N8N_MAX_ITEMS to change it) and one poll a minute, n8n's shortest
 *    interval for one poll time (BENCH_N8N_POLLS_PER_MINUTE adds evenly spread cron poll times, at
 *    the risk of overlapping polls: README "Running at scale"). Reported: polls needed (polls that
 *    emitted something, until one found nothing new), the measured wall time, and polls × 1 min.
 * B. What a user would build instead, in the same n8n, right after A: Schedule Trigger (every
 *    minute) → HTTP Request (POST /conversions/log over the last 30 days, header Api-Key, its
 *    built-in pagination: offset += 5,000 until a page has fewer rows) → Code node that
 *    deduplicates by conversion id in the workflow's static data and returns the new rows.
 *
 * For each: wall time of the backfill, n8n's peak RSS (main process and its task runner, sampled
 * every 500 ms from /proc), stored execution size (execution_data.data, bytes, per execution),
 * database growth (database.sqlite + -wal), and the steady state: 5 new conversions a minute for
 * a few polls (BENCH_N8N_STEADY_MINUTES, default 5), Keitaro Admin API requests per poll and
 * whether every new conversion came out once. Requests are counted per poll: each request the mock
 * logged is given to the poll that started last before it (poll starts from the main's debug log
 * "Poll trigger initiated", timestamped), for the polls that started during the steady traffic;
 * the bench waits for the poll after the last one, so no poll is cut at either end.
 * Writes bench/n8n-results.json and bench/n8n-results.md (after A already, so a failure in B keeps
 * A's figures; the report then says B did not finish).
 */
import { execFile, execFileSync } from 'node:child_process';
import type { ExecutionSummary } from '../../test/e2e/lib/n8n';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { startKeitaroMock, type KeitaroMock } from '../../test/mock-servers/keitaro/server';
import { DEFAULT_OWNER, N8n } from '../../test/e2e/lib/n8n';
import { installPackageInto } from '../../test/e2e/lib/package';
import { N8N_VERSION, NODE_TYPE_PREFIX, ROOT, WORK_DIR } from '../../test/e2e/lib/paths';
import { log, sleep, waitFor } from '../../test/e2e/lib/proc';
import { findPackedTarball, prepareArtefact } from '../../test/e2e/lib/setup';
import { KEITARO_CREDENTIAL } from '../../test/e2e/lib/trackers';
import { createCluster, type Cluster } from '../../test/e2e/queue/cluster';
import {
	ensureServicePackages,
	Postgres,
	postgresBinDir,
	Redis,
} from '../../test/e2e/queue/services';

/**
 * `sqlite` (default): one n8n, SQLite, regular mode. `queue`: the queue-mode cluster of the
 * queue e2e (test/e2e/queue: Postgres and Redis on loopback ports, main + BENCH_N8N_WORKERS
 * workers; executions run on the workers); results go to bench/n8n-queue-results.*.
 */
const MODE = process.env.BENCH_N8N_MODE === 'queue' ? 'queue' : 'sqlite';
const WORKERS = Number(process.env.BENCH_N8N_WORKERS ?? 1);
/** What the second RSS figure covers. */
const ALL_PROCS = MODE === 'queue' ? 'with task runners and workers' : 'with the task runner';
const CONVERSIONS = Number(process.env.BENCH_N8N_CONVERSIONS ?? 200_000);
/** Max Items per Poll of the trigger (an option of the node; its default is 5,000). */
const MAX_ITEMS = Number(process.env.BENCH_N8N_MAX_ITEMS ?? 5_000);
/**
 * Poll times a minute: 1 = n8n's shortest interval for one poll time (every minute). More (cron on
 * evenly spread seconds) makes the bench shorter, but a poll slower than the spacing overlaps the
 * next one (see the README: overlapping polls of one trigger emit the same events).
 */
const POLLS_PER_MINUTE = Number(process.env.BENCH_N8N_POLLS_PER_MINUTE ?? 1);
const PAGE = 5000;
const STEADY_MINUTES = Number(process.env.BENCH_N8N_STEADY_MINUTES ?? 5);
/** Seconds n8n's RSS is sampled idle (owner set up, no workflow) before the phases. */
const IDLE_SECONDS = Number(process.env.BENCH_N8N_IDLE_SECONDS ?? 60);
const LOAD_AT_START = machineLoad();

// ---- measurements --------------------------------------------------------------------------

/** Pids of a process group (n8n and its task runner were started in their own group). */
function groupPids(pgid: number): number[] {
	const pids: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid) pids.push(Number(entry));
		} catch {
			/* gone */
		}
	}
	return pids;
}

function rssKb(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

/**
 * Peak RSS of n8n's main process alone and of all its processes: the main's process group (with
 * its task runner) and, in queue mode, each worker's group.
 */
class RssSampler {
	peakMainKb = 0;
	peakGroupKb = 0;
	private timer?: NodeJS.Timeout;
	constructor(
		private readonly n8n: N8n,
		private readonly others: () => Array<number | undefined> = () => [],
	) {}
	start(): void {
		this.peakMainKb = 0;
		this.peakGroupKb = 0;
		this.timer = setInterval(() => {
			const pid = this.n8n.pid;
			if (!pid) return;
			const main = rssKb(pid);
			const group = [pid, ...this.others()]
				.filter((p): p is number => !!p)
				.flatMap((p) => groupPids(p))
				.reduce((s, p) => s + rssKb(p), 0);
			this.peakMainKb = Math.max(this.peakMainKb, main);
			this.peakGroupKb = Math.max(this.peakGroupKb, group);
		}, 500);
	}
	stop(): { peakMainMb: number; peakWithRunnerMb: number } {
		if (this.timer) clearInterval(this.timer);
		return {
			peakMainMb: Math.round(this.peakMainKb / 1024),
			peakWithRunnerMb: Math.round(this.peakGroupKb / 1024),
		};
	}
}

/** Where n8n stores executions: its size and the stored execution data, for the analysis. */
interface Db {
	bytes(): Promise<number>;
	analyse(ids: string[], key: string, marker?: string): Promise<Stored>;
}
let DB: Db;

function sqliteDb(n8n: N8n): Db {
	return {
		bytes: async () => await Promise.resolve(dbBytes(n8n)),
		analyse: async (ids, key, marker = '') => await analyse(n8n, ids, key, marker),
	};
}

/**
 * Postgres (queue mode): the database's size, and each execution's data read with psql and
 * counted here exactly as the SQLite analysis does (n8n's "flatted" JSON).
 */
function postgresDb(postgres: Postgres): Db {
	return {
		bytes: async () =>
			Number((await postgres.psql('SELECT pg_database_size(current_database())')).trim()),
		async analyse(ids, key, marker = '') {
			const stored: Stored = { executions: 0, items: 0, distinct: 0, sizes: [] };
			const seen = new Set<string>();
			for (const id of [...ids].map(Number).sort((a, b) => a - b)) {
				const data = (
					await postgres.psql(`SELECT data FROM execution_data WHERE "executionId" = ${id}`)
				).trim();
				if (!data) continue;
				stored.executions++;
				stored.sizes.push(Buffer.byteLength(data));
				const arr = JSON.parse(data) as unknown[];
				for (const d of arr) {
					if (!d || typeof d !== 'object' || Array.isArray(d) || !(key in d)) continue;
					if (marker && !(marker in d)) continue;
					let v = (d as Record<string, unknown>)[key];
					if (typeof v === 'string' && /^\d+$/.test(v) && Number(v) < arr.length)
						v = arr[Number(v)];
					stored.items++;
					seen.add(String(v));
				}
			}
			stored.distinct = seen.size;
			return stored;
		},
	};
}

function dbBytes(n8n: N8n): number {
	const dir = path.join(n8n.userFolder, '.n8n');
	return ['database.sqlite', 'database.sqlite-wal']
		.map((f) => path.join(dir, f))
		.filter((f) => fs.existsSync(f))
		.reduce((s, f) => s + fs.statSync(f).size, 0);
}

interface Stored {
	/** Executions analysed, oldest first. */
	executions: number;
	/** Items carrying `key` (with `marker` when given) across them. */
	items: number;
	distinct: number;
	sizes: number[];
}

/**
 * Reads the stored executions (execution_data.data, n8n's "flatted" JSON) of the given ids with
 * python3's sqlite3 and counts the output items that carry `key` (and `marker`, when given).
 *
 * Asynchronous on purpose: this is what made the alternative's phase end with `fetch failed`. A
 * synchronous child (it read tens of MB for seconds) blocked this process's event loop longer than
 * n8n's HTTP keep-alive (Node's default 5 s); the idle pooled socket was closed by n8n meanwhile,
 * but fetch (undici) had not yet seen the close, reused it for the very next API call and failed
 * with UND_ERR_SOCKET "other side closed". Reproduced outside n8n: a server in another process, a
 * fetch, `execFileSync('sleep', ['6'])`, a fetch → `fetch failed`.
 */
async function analyse(n8n: N8n, ids: string[], key: string, marker = ''): Promise<Stored> {
	if (!ids.length) return { executions: 0, items: 0, distinct: 0, sizes: [] };
	const db = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	const script = `import sqlite3,sys,json
c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro',uri=True)
ids=json.loads(sys.argv[2]); key=sys.argv[3]; marker=sys.argv[4]
q='SELECT executionId, CAST(data AS TEXT) FROM execution_data WHERE executionId IN (%s) ORDER BY executionId'%','.join('?'*len(ids))
items=0; seen=set(); sizes=[]
for eid,data in c.execute(q,ids):
  sizes.append(len(data.encode()))
  arr=json.loads(data)
  for d in arr:
    if isinstance(d,dict) and key in d and (not marker or marker in d):
      v=d[key]
      if isinstance(v,str) and v.isdigit() and int(v)<len(arr): v=arr[int(v)]
      items+=1; seen.add(str(v))
print(json.dumps({'executions':len(sizes),'items':items,'distinct':len(seen),'sizes':sizes}))`;
	const { stdout } = await promisify(execFile)(
		'python3',
		['-c', script, db, JSON.stringify(ids.map(Number)), key, marker],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
	);
	return JSON.parse(stdout) as Stored;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const stripAnsi = (s: string) => s.replace(ANSI, '');

/** The trigger's own debug lines ("Trigger poll: N new, …") of the main log, in order. */
function triggerPollLines(n8n: N8n): string[] {
	const text = fs.existsSync(n8n.logFile) ? stripAnsi(fs.readFileSync(n8n.logFile, 'utf8')) : '';
	return text.split('\n').filter((l) => l.includes('Trigger poll: '));
}

/**
 * Start times (ms) of the polls of a workflow, from the main's debug log, whose lines start with
 * the time of day ("HH:MM:SS.mmm", n8n's debug console format; TZ=UTC for every n8n we start).
 */
function pollStarts(n8n: N8n, workflowName: string): number[] {
	const text = fs.existsSync(n8n.logFile) ? stripAnsi(fs.readFileSync(n8n.logFile, 'utf8')) : '';
	const now = new Date();
	return text
		.split('\n')
		.filter((l) => l.includes(`Poll trigger initiated for workflow "${workflowName}"`))
		.map((l) => {
			const m = /^(\d\d):(\d\d):(\d\d)\.(\d{3})\s/.exec(l.trim());
			if (!m) return NaN;
			const [h, min, sec, ms] = m.slice(1).map(Number);
			const t = Date.UTC(
				now.getUTCFullYear(),
				now.getUTCMonth(),
				now.getUTCDate(),
				h,
				min,
				sec,
				ms,
			);
			// A time of day later than now is from the day before (a run across midnight).
			return t > now.getTime() + 60_000 ? t - 86_400_000 : t;
		})
		.filter((t) => Number.isFinite(t));
}

/**
 * Conversions-log requests per poll for the polls that started in [from, to): each request goes to
 * the poll that started last before it. `next` is the start of the first poll after them.
 */
function requestsPerPoll(
	mock: KeitaroMock,
	starts: number[],
	from: number,
	next: number,
): number[] {
	const polls = starts.filter((t) => t >= from && t < next);
	const calls = mock.requests.entries.filter((e) => e.path.includes('/conversions/log'));
	return polls.map((start, i) => {
		const end = polls[i + 1] ?? next;
		return calls.filter((e) => e.at >= start && e.at < end).length;
	});
}

/**
 * Waits until `done` holds for the workflow's executions, listed WITHOUT their run data: the lib's
 * waitForExecutions asks for the data, and fetching every stored execution's data (tens of MB
 * each) every few seconds made n8n itself load and serialise it, inflating the RSS measured here.
 */
async function waitForRuns(
	n8n: N8n,
	workflowId: string,
	done: (executions: ExecutionSummary[]) => boolean,
	{ timeoutMs = 180_000, intervalMs = 2000 } = {},
): Promise<ExecutionSummary[]> {
	return await waitFor(
		`executions of workflow ${workflowId}`,
		async () => {
			const executions = await n8n.listExecutions(workflowId, { includeData: false });
			return done(executions) ? executions : undefined;
		},
		{ timeoutMs, intervalMs },
	);
}

/** `uptime`'s load part ("load average: …"), for the report: the machine is shared. */
function machineLoad(): string {
	try {
		return execFileSync('uptime', { encoding: 'utf8' })
			.trim()
			.replace(/^.*load/, 'load');
	} catch {
		return `load average: ${os
			.loadavg()
			.map((x) => x.toFixed(2))
			.join(', ')}`;
	}
}

const logCalls = (mock: KeitaroMock, afterSeq: number) =>
	mock.requests.entries.filter((e) => e.seq > afterSeq && e.path.includes('/conversions/log'))
		.length;
const lastSeq = (mock: KeitaroMock) => mock.requests.last()?.seq ?? 0;

// ---- workflows ---------------------------------------------------------------------------

const OURS = 'bench: Keitaro Trigger backfill';
const ALT = 'bench: Schedule + HTTP Request + Code';
const TRIGGER = 'Keitaro Trigger';

function oursWorkflow() {
	return {
		name: OURS,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: TRIGGER,
				type: `${NODE_TYPE_PREFIX}keitaroTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: {
						item:
							POLLS_PER_MINUTE === 1
								? [{ mode: 'everyMinute' }]
								: Array.from({ length: POLLS_PER_MINUTE }, (_v, i) => ({
										mode: 'custom',
										cronExpression: `${Math.floor((i * 60) / POLLS_PER_MINUTE)} * * * * *`,
									})),
					},
					event: 'newConversion',
					firstRun: 'backfillDays',
					backfillDays: 30,
					options: { maxItemsPerPoll: MAX_ITEMS, timezone: 'UTC', currency: 'USD' },
				},
				credentials: { keitaroApi: { id: KEITARO_CREDENTIAL.id, name: KEITARO_CREDENTIAL.name } },
			},
		],
		connections: {},
		settings: { saveDataSuccessExecution: 'all' },
	};
}

const DEDUPE_CODE = `const data = $getWorkflowStaticData('global');
if (!data.seen) data.seen = {};
const out = [];
for (const item of $input.all()) {
  for (const row of item.json.rows || []) {
    const id = String(row.conversion_id);
    if (data.seen[id]) continue;
    data.seen[id] = 1;
    out.push({ json: { ...row, isNew: true } });
  }
}
return out;`;

function altWorkflow(mock: KeitaroMock) {
	const body = `={{ { "range": { "from": $now.toUTC().minus({ days: 30 }).toFormat('yyyy-MM-dd HH:mm:ss'), "to": $now.toUTC().toFormat('yyyy-MM-dd HH:mm:ss'), "timezone": "UTC" }, "columns": ["conversion_id", "postback_datetime", "status", "revenue", "sub_id", "campaign_id", "campaign", "offer", "tid"], "sort": [{ "name": "postback_datetime", "order": "ASC" }], "limit": ${PAGE}, "offset": 0 } }}`;
	return {
		name: ALT,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Every minute',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 0],
				parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] } },
			},
			{
				id: crypto.randomUUID(),
				name: 'Conversions log',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'POST',
					url: `${mock.apiUrl}/conversions/log`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Api-Key', value: mock.apiKey }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody: body,
					options: {
						pagination: {
							pagination: {
								parameters: {
									parameters: [
										{ type: 'body', name: 'offset', value: `={{ $pageCount * ${PAGE} }}` },
									],
								},
								paginationCompleteWhen: 'other',
								completeExpression: `={{ $response.body.rows.length < ${PAGE} }}`,
								limitPagesFetched: true,
								maxRequests: 1000,
							},
						},
					},
				},
			},
			{
				id: crypto.randomUUID(),
				name: 'Only new (dedupe by id)',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [440, 0],
				parameters: { jsCode: DEDUPE_CODE },
			},
		],
		connections: {
			'Every minute': { main: [[{ node: 'Conversions log', type: 'main', index: 0 }]] },
			'Conversions log': { main: [[{ node: 'Only new (dedupe by id)', type: 'main', index: 0 }]] },
		},
		settings: { saveDataSuccessExecution: 'all' },
	};
}

// ---- phases ------------------------------------------------------------------------------

interface PhaseResult {
	name: string;
	backfill: {
		emitted: number;
		distinct: number;
		duplicates: number;
		pollLog: string[];
		executions: number;
		polls: number | null;
		wallSeconds: number;
		wallSecondsAtOneMinute: number | null;
		peakRssMb: { peakMainMb: number; peakWithRunnerMb: number };
		storedBytesPerExecution: { min: number; median: number; max: number; total: number };
		dbGrowthBytes: number;
		adminApiRequests: number;
	};
	steady: {
		minutes: number;
		added: number;
		emitted: number;
		distinct: number;
		polls: number;
		requestsPerPoll: number;
		/** Requests of each steady poll, in order (ours only). */
		requestsEachPoll?: number[];
		storedBytesPerExecution: number | null;
	};
}

function failWith(message: string): never {
	throw new Error(message);
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.floor(s.length / 2)] : 0;
};

/** Adds 5 conversions a minute (one every 12 s) for `minutes`; returns their ids. */
async function steadyTraffic(mock: KeitaroMock, minutes: number): Promise<string[]> {
	const ids: string[] = [];
	const campaigns = mock.state.campaigns.all().filter((c) => c.state === 'active');
	const end = Date.now() + minutes * 60_000;
	while (Date.now() < end) {
		const c = campaigns[ids.length % campaigns.length];
		ids.push(
			String(
				mock.state.addConversion({ status: 'lead', click: { campaign_id: c.id } }).conversion_id,
			),
		);
		await sleep(12_000);
	}
	return ids;
}

async function runOurs(n8n: N8n, mock: KeitaroMock, rss: RssSampler): Promise<PhaseResult> {
	const wf = await n8n.createWorkflow(oursWorkflow());
	const db0 = await DB.bytes();
	const seq0 = lastSeq(mock);
	const lines0 = triggerPollLines(n8n).length;
	rss.start();
	const t0 = Date.now();
	await n8n.activateWorkflow(wf.id);
	log(`A: activated "${OURS}"`);
	// Done when a poll finds nothing new (the trigger logs "Trigger poll: 0 new").
	await waitFor(
		'A: a poll with nothing new',
		() =>
			triggerPollLines(n8n)
				.slice(lines0)
				.some((l) => l.includes('Trigger poll: 0 new'))
				? true
				: undefined,
		{ timeoutMs: 45 * 60_000, intervalMs: 2000 },
	);
	const pollLines = triggerPollLines(n8n).slice(lines0);
	const pollsWithItems = pollLines.findIndex((l) => l.includes('Trigger poll: 0 new'));
	const list = await waitForRuns(n8n, wf.id, (l) => l.every((e) => e.finished || e.stoppedAt), {
		timeoutMs: 10 * 60_000,
		intervalMs: 3000,
	});
	const lastStop = Math.max(...list.map((e) => Date.parse(e.stoppedAt ?? e.startedAt)));
	const wallSeconds = (lastStop - t0) / 1000;
	const backfillRequests = logCalls(mock, seq0);
	const peak = rss.stop();
	const ids = list.map((e) => e.id);
	const stored = await DB.analyse(ids, 'conversionId');
	log(
		`A: ${stored.items} items (${stored.distinct} distinct) in ${list.length} executions, ${wallSeconds.toFixed(0)} s; polls: ${pollLines
			.slice(0, pollsWithItems + 1)
			.map((l) => l.replace(/.*Trigger poll: /, '').slice(0, 60))
			.join(' | ')}`,
	);
	const backfill = {
		emitted: stored.items,
		distinct: stored.distinct,
		duplicates: stored.items - stored.distinct,
		executions: list.length,
		polls: pollsWithItems,
		wallSeconds: Math.round(wallSeconds),
		wallSecondsAtOneMinute: pollsWithItems * 60,
		peakRssMb: peak,
		storedBytesPerExecution: {
			min: Math.min(...stored.sizes),
			median: median(stored.sizes),
			max: Math.max(...stored.sizes),
			total: stored.sizes.reduce((s, x) => s + x, 0),
		},
		dbGrowthBytes: (await DB.bytes()) - db0,
		adminApiRequests: backfillRequests,
		pollLog: pollLines.map((l) => l.replace(/.*Trigger poll: /, '').replace(/\s*\{.*$/, '')),
	};

	// Steady state: the polls that start during the traffic, each with the requests made between
	// its start and the next poll's start (the bench waits for that next poll).
	const known = new Set(list.map((e) => e.id));
	const steadyFrom = Date.now();
	const added = await steadyTraffic(mock, STEADY_MINUTES);
	const steadyTo = Date.now();
	const next = await waitFor(
		'A: a poll after the steady traffic',
		() => pollStarts(n8n, OURS).find((t) => t >= steadyTo),
		{ timeoutMs: 5 * 60_000, intervalMs: 1000 },
	);
	await sleep(15_000);
	const eachPoll = requestsPerPoll(mock, pollStarts(n8n, OURS), steadyFrom, next);
	const requests = eachPoll.reduce((s, x) => s + x, 0);
	log(`A: steady state, conversions-log requests of each poll: ${eachPoll.join(', ')}`);
	const fresh = (await n8n.listExecutions(wf.id, { includeData: false })).filter(
		(e) => !known.has(e.id),
	);
	const steadyStored = await DB.analyse(
		fresh.map((e) => e.id),
		'conversionId',
	);
	await n8n.deactivateWorkflow(wf.id);
	return {
		name: 'Keitaro Trigger (this package)',
		backfill,
		steady: {
			minutes: STEADY_MINUTES,
			added: added.length,
			emitted: steadyStored.items,
			distinct: steadyStored.distinct,
			polls: eachPoll.length,
			requestsPerPoll: Number((requests / Math.max(1, eachPoll.length)).toFixed(2)),
			requestsEachPoll: eachPoll,
			storedBytesPerExecution: steadyStored.sizes.length ? median(steadyStored.sizes) : null,
		},
	};
}

async function runAlt(n8n: N8n, mock: KeitaroMock, rss: RssSampler): Promise<PhaseResult> {
	const wf = await n8n.createWorkflow(altWorkflow(mock));
	const db0 = await DB.bytes();
	const seq0 = lastSeq(mock);
	rss.start();
	const t0 = Date.now();
	await n8n.activateWorkflow(wf.id);
	log(`B: activated "${ALT}"`);
	const runs = await waitForRuns(
		n8n,
		wf.id,
		(l) => l.length >= 1 && l.every((e) => e.finished || e.stoppedAt),
		{ timeoutMs: 30 * 60_000, intervalMs: 5000 },
	);
	const first = runs[runs.length - 1]; // newest first: the oldest is the backfill
	const wallSeconds = (Date.parse(first.stoppedAt ?? first.startedAt) - t0) / 1000;
	const backfillRequests = logCalls(mock, seq0);
	if (first.status !== 'success') throw new Error(`B: first execution ${first.status}`);
	const stored = await DB.analyse([first.id], 'conversion_id', 'isNew');
	const backfill = {
		emitted: stored.items,
		distinct: stored.distinct,
		duplicates: stored.items - stored.distinct,
		executions: 1,
		polls: 1,
		wallSeconds: Math.round(wallSeconds),
		wallSecondsAtOneMinute: null,
		peakRssMb: { peakMainMb: 0, peakWithRunnerMb: 0 },
		storedBytesPerExecution: {
			min: stored.sizes[0],
			median: stored.sizes[0],
			max: stored.sizes[0],
			total: stored.sizes[0],
		},
		dbGrowthBytes: (await DB.bytes()) - db0,
		adminApiRequests: backfillRequests,
		pollLog: [] as string[],
	};
	log(`B: ${stored.items} emitted by the first execution in ${wallSeconds.toFixed(0)} s`);

	// Steady state: every execution re-reads the 30 days.
	const seq1 = lastSeq(mock);
	const known = new Set((await n8n.listExecutions(wf.id, { includeData: false })).map((x) => x.id));
	const added = await steadyTraffic(mock, STEADY_MINUTES);
	await n8n.deactivateWorkflow(wf.id);
	await waitFor(
		'B: the running executions to end',
		async () => {
			const l = await n8n.listExecutions(wf.id, { includeData: false });
			return l.every((x) => x.finished || x.stoppedAt) ? l : undefined;
		},
		{ timeoutMs: 10 * 60_000, intervalMs: 5000 },
	);
	backfill.peakRssMb = rss.stop();
	const requests = logCalls(mock, seq1);
	const fresh = (await n8n.listExecutions(wf.id, { includeData: false })).filter(
		(x) => !known.has(x.id),
	);
	const steadyStored = await DB.analyse(
		fresh.map((x) => x.id),
		'conversion_id',
		'isNew',
	);
	return {
		name: 'Schedule Trigger + HTTP Request (pagination) + Code (dedupe in static data)',
		backfill,
		steady: {
			minutes: STEADY_MINUTES,
			added: added.length,
			emitted: steadyStored.items,
			distinct: steadyStored.distinct,
			polls: fresh.length,
			requestsPerPoll: Number((requests / Math.max(1, fresh.length)).toFixed(2)),
			storedBytesPerExecution: steadyStored.sizes.length ? median(steadyStored.sizes) : null,
		},
	};
}

function markdown(results: {
	mode: string;
	date: string;
	n8n: string;
	conversions: number;
	machine: string;
	command: string;
	idleRssMb: { peakMainMb: number; peakWithRunnerMb: number };
	phases: PhaseResult[];
	goals: Array<{ goal: string; met: boolean; detail: string }>;
}): string {
	const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
	const rows = results.phases.map((p) => {
		const b = p.backfill;
		return `| ${p.name} | ${b.emitted.toLocaleString('en-US')} items, ${b.distinct.toLocaleString('en-US')} distinct (${b.duplicates.toLocaleString('en-US')} duplicates) | ${b.polls} | ${b.wallSeconds} s${b.wallSecondsAtOneMinute ? ` (${b.wallSecondsAtOneMinute / 60} min at 1 poll/min)` : ''} | ${b.adminApiRequests} | ${b.peakRssMb.peakMainMb} MB (${b.peakRssMb.peakWithRunnerMb} MB ${ALL_PROCS}) | ${mb(b.storedBytesPerExecution.median)} median, ${mb(b.storedBytesPerExecution.max)} max, ${mb(b.storedBytesPerExecution.total)} total | ${mb(b.dbGrowthBytes)} |`;
	});
	const steady = results.phases.map(
		(p) =>
			`| ${p.name} | ${p.steady.added} in ${p.steady.minutes} min | ${p.steady.emitted} items, ${p.steady.distinct} distinct | ${p.steady.polls} | ${p.steady.requestsPerPoll}${p.steady.requestsEachPoll ? ` (each poll: ${p.steady.requestsEachPoll.join(', ')})` : ''} | ${p.steady.storedBytesPerExecution === null ? '—' : mb(p.steady.storedBytesPerExecution)} |`,
	);
	return [
		'# Benchmark through a real n8n (`npm run bench:n8n`)',
		'',
		`${results.date} · n8n ${results.n8n} (${results.mode}, on Node 24) · ${results.machine} · Keitaro mock with ${results.conversions.toLocaleString('en-US')} conversions over the last 30 days. Written by bench/n8n/run.ts; method in its header.`,
		'',
		`Ours: Max Items per Poll ${MAX_ITEMS.toLocaleString('en-US')}, ${POLLS_PER_MINUTE} poll time(s) a minute (one = every minute, the shortest interval n8n allows for a poll time); "at 1 poll/min" is polls × 1 min. The alternative runs every minute and does its whole backfill in its first execution.`,
		'',
		`Command: \`${results.command}\`. n8n's own footprint, measured in the same n8n before the phases (owner set up, no workflow, ${IDLE_SECONDS} s): ${results.idleRssMb.peakMainMb} MB main, ${results.idleRssMb.peakWithRunnerMb} MB ${ALL_PROCS}.`,
		'',
		'## 30-day backfill',
		'| Workflow | Emitted | Polls | Wall time | Admin API requests | n8n peak RSS | Stored execution data | Database growth |',
		'|---|---|---|---|---|---|---|---|',
		...rows,
		'',
		'## Steady state (5 new conversions a minute)',
		'| Workflow | Added | Emitted | Polls / executions | Requests per poll | Stored per execution (median) |',
		'|---|---|---|---|---|---|',
		...steady,
		'',
		'## Goals (issue 16)',
		...results.goals.map((g) => `- ${g.met ? 'met' : '**missed**'}: ${g.goal} — ${g.detail}`),
		'',
	].join('\n');
}

async function main(): Promise<void> {
	const tarball = findPackedTarball() ?? (await prepareArtefact());
	const mock = await startKeitaroMock({ port: 0, seed: 7, now: 'real' });
	const seeded = mock.state.seedConversions(CONVERSIONS);
	log(`Keitaro mock: ${seeded.count} conversions seeded over 30 days`);
	fs.mkdirSync(WORK_DIR, { recursive: true });
	const mainEnv = { N8N_LOG_LEVEL: 'debug', N8N_PAYLOAD_SIZE_MAX: '256' };
	let n8n: N8n;
	let cluster: Cluster | undefined;
	let postgres: Postgres | undefined;
	let redis: Redis | undefined;
	if (MODE === 'queue') {
		await ensureServicePackages();
		postgres = new Postgres(
			postgresBinDir() ?? failWith('PostgreSQL binaries not found under /usr/lib/postgresql'),
		);
		redis = new Redis();
		await postgres.start();
		await redis.start();
		cluster = await createCluster(postgres, redis, { workers: WORKERS, mainEnv });
		n8n = cluster.main;
		DB = postgresDb(postgres);
	} else {
		const folder = fs.mkdtempSync(path.join(WORK_DIR, 'bench-n8n-'));
		n8n = new N8n({ name: path.basename(folder), fresh: false, env: mainEnv });
		DB = sqliteDb(n8n);
	}
	try {
		await installPackageInto(n8n.userFolder, tarball);
		await n8n.importCredentials([
			{
				...KEITARO_CREDENTIAL,
				data: { url: mock.url, apiKey: mock.apiKey, authMode: 'apiKeyHeader' },
			},
		]);
		await n8n.start({ timeoutMs: 300_000 });
		await n8n.setupOwner(DEFAULT_OWNER);
		await n8n.createApiKey('bench');
		if (cluster) await Promise.all(cluster.workers.map((w) => w.start({ timeoutMs: 300_000 })));
		// n8n's own footprint: the same n8n, owner set up, no workflow yet.
		const rss = new RssSampler(n8n, () => cluster?.workers.map((w) => w.pid) ?? []);
		rss.start();
		await sleep(IDLE_SECONDS * 1000);
		const idleRss = rss.stop();
		log(`idle n8n (no workflows) for ${IDLE_SECONDS} s: ${JSON.stringify(idleRss)}`);
		const inWindow = mock.state.conversionCount;
		const ours = await runOurs(n8n, mock, rss);
		log(`A: ${JSON.stringify(ours)}`);
		// A failure in B (the previous run lost every figure to one) keeps A's results.
		let alt: PhaseResult | undefined;
		let altError = '';
		try {
			alt = await runAlt(n8n, mock, rss);
			log(`B: ${JSON.stringify(alt)}`);
		} catch (error) {
			const cause =
				error instanceof Error ? (error.cause as { code?: string; message?: string }) : undefined;
			altError = `${error instanceof Error ? error.message : String(error)}${cause ? ` (cause: ${cause.code ?? ''} ${cause.message ?? ''})` : ''}`;
			log(`B FAILED: ${altError}`);
		}
		const noAlt = `the alternative did not finish (${altError.slice(0, 200)})`;
		const goals = [
			{
				goal: 'each conversion emitted exactly once (not an issue goal; checked here)',
				met: ours.backfill.duplicates === 0 && ours.backfill.distinct >= inWindow,
				detail: `${ours.backfill.emitted} items, ${ours.backfill.distinct} distinct of ${inWindow} conversions in the mock, ${ours.backfill.duplicates} duplicates; per poll: ${ours.backfill.pollLog.slice(0, 60).join(' | ')}`,
			},
			{
				goal: 'our backfill ends no later than the alternative',
				met: !!alt && ours.backfill.wallSeconds <= alt.backfill.wallSeconds,
				detail: alt
					? `${ours.backfill.wallSeconds} s (${ours.backfill.polls} polls, ${POLLS_PER_MINUTE} a minute) vs ${alt.backfill.wallSeconds} s`
					: noAlt,
			},
			{
				goal: 'with less stored data',
				met:
					!!alt &&
					ours.backfill.storedBytesPerExecution.total < alt.backfill.storedBytesPerExecution.total,
				detail: alt
					? `${ours.backfill.storedBytesPerExecution.total} vs ${alt.backfill.storedBytesPerExecution.total} bytes of execution data; database growth ${ours.backfill.dbGrowthBytes} vs ${alt.backfill.dbGrowthBytes} bytes`
					: noAlt,
			},
			{
				goal: "n8n's RSS ≤ 1 GB",
				met:
					Math.max(
						ours.backfill.peakRssMb.peakWithRunnerMb,
						alt?.backfill.peakRssMb.peakWithRunnerMb ?? 0,
					) <= 1024,
				detail: `n8n idle with no workflow ${idleRss.peakMainMb} MB main / ${idleRss.peakWithRunnerMb} MB ${ALL_PROCS}; ours ${ours.backfill.peakRssMb.peakMainMb} MB main / ${ours.backfill.peakRssMb.peakWithRunnerMb} MB ${ALL_PROCS}; alternative ${alt ? `${alt.backfill.peakRssMb.peakMainMb} / ${alt.backfill.peakRssMb.peakWithRunnerMb} MB` : noAlt}`,
			},
			{
				goal: 'steady state costs one request per poll',
				met: ours.steady.requestsPerPoll <= 1,
				detail: `ours ${ours.steady.requestsPerPoll} requests per poll (each poll: ${(ours.steady.requestsEachPoll ?? []).join(', ')}; ${ours.steady.added} added, ${ours.steady.emitted} items, ${ours.steady.distinct} distinct); alternative ${alt ? alt.steady.requestsPerPoll : noAlt}`,
			},
		];
		const results = {
			mode:
				MODE === 'queue'
					? `queue mode, Postgres, main + ${WORKERS} worker(s)`
					: 'SQLite, regular mode',
			maxItemsPerPoll: MAX_ITEMS,
			pollsPerMinute: POLLS_PER_MINUTE,
			date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
			n8n: N8N_VERSION,
			conversions: CONVERSIONS,
			machine: `${os.cpus().length} cores shared with 4 other sessions' jobs; uptime ${LOAD_AT_START} at the start, ${machineLoad()} at the end`,
			command: `${Object.entries(process.env)
				.filter(([k]) => k.startsWith('BENCH_N8N_'))
				.map(([k, v]) => `${k}=${v ?? ''} `)
				.join('')}npm run bench:n8n`,
			idleRssMb: idleRss,
			phases: alt ? [ours, alt] : [ours],
			goals,
		};
		const out = MODE === 'queue' ? 'n8n-queue-results' : 'n8n-results';
		fs.writeFileSync(
			path.join(ROOT, 'bench', `${out}.json`),
			`${JSON.stringify(results, null, 2)}\n`,
		);
		fs.writeFileSync(path.join(ROOT, 'bench', `${out}.md`), markdown(results));
		log(`wrote bench/${out}.json and bench/${out}.md`);
	} finally {
		if (cluster) await cluster.stopAll();
		else await n8n.stop();
		await redis?.stop();
		await postgres?.stop();
		await mock.close();
		if (process.env.BENCH_N8N_KEEP !== '1')
			fs.rmSync(n8n.userFolder, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`bench:n8n FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);

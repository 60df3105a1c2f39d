/**
 * An n8n queue-mode cluster from the pinned n8n (test/e2e/n8n): one main (`n8n start`: editor,
 * REST, public API, triggers and pollers), workers (`n8n worker`: run the executions taken from
 * the Redis queue) and a webhook processor (`n8n webhook`: serves production webhooks and enqueues
 * their executions). All share one mkdtemp user folder under test/e2e/.work/ (the package is
 * installed there once), one N8N_ENCRYPTION_KEY, the Postgres database and the Redis queue; each
 * has its own free ports (HTTP, task-runner broker). The main is the `N8n` of test/e2e/lib/n8n.ts
 * (its REST and public-API helpers); workers and the webhook processor are spawned here, by the
 * same helper as the main (test/e2e/lib/spawnN8n.ts).
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { N8n } from '../lib/n8n';
import { WORK_DIR } from '../lib/paths';
import { freePort, killGroup, log, waitFor } from '../lib/proc';
import { spawnN8n } from '../lib/spawnN8n';
import type { Postgres, Redis } from './services';

/** A worker or webhook processor: its own process group and log file in the user folder. */
export class N8nProcess {
	port = 0;
	private child?: ChildProcess;
	readonly logFile: string;

	constructor(
		readonly label: string,
		private readonly command: 'worker' | 'webhook',
		private readonly main: N8n,
		private readonly extraEnv: Record<string, string> = {},
	) {
		this.logFile = path.join(main.userFolder, `${label}.log`);
	}

	get running(): boolean {
		return !!this.child;
	}

	/** Process id (also its process group id) while it runs. */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	/** Everything this process printed (all its runs). */
	log(): string {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	async start({ timeoutMs = 180_000 } = {}): Promise<void> {
		const t0 = Date.now();
		if (!this.port) this.port = await freePort();
		const env = {
			...this.main.env(await freePort()),
			N8N_PORT: String(this.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(this.port),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...this.extraEnv,
		};
		const spawned = spawnN8n(this.command, {
			cwd: this.main.userFolder,
			env,
			logFile: this.logFile,
			onExit: (child) => {
				if (this.child === child) this.child = undefined;
			},
		});
		this.child = spawned.child;
		const ready =
			this.command === 'worker'
				? 'n8n worker is now ready'
				: 'Webhook listener waiting for requests';
		await spawned.waitForOutput(
			ready,
			`n8n ${this.command} (${this.label}) to log "${ready}"`,
			timeoutMs,
		);
		log(
			`${this.label} (n8n ${this.command}) ready on port ${this.port} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
		);
	}

	async stop({ graceMs = 15_000 } = {}): Promise<void> {
		const child = this.child;
		if (!child) return;
		const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		killGroup(child.pid, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
		await done;
		clearTimeout(timer);
		killGroup(child.pid, 'SIGKILL');
	}
}

export interface Cluster {
	main: N8n;
	workers: N8nProcess[];
	webhook: N8nProcess;
	/** The encryption key every process shares. */
	encryptionKey: string;
	/** Kills the main process group with SIGKILL (a crash, no shutdown) and waits for its end. */
	killMain(): Promise<void>;
	stopAll(): Promise<void>;
}

/**
 * Creates the user folder and the processes (nothing started). `mainEnv` is added to the main only
 * (e.g. a debug log level to count polls).
 */
export async function createCluster(
	postgres: Postgres,
	redis: Redis,
	{ workers = 2, mainEnv = {} as Record<string, string> } = {},
): Promise<Cluster> {
	fs.mkdirSync(WORK_DIR, { recursive: true });
	const folder = fs.mkdtempSync(path.join(WORK_DIR, 'queue-'));
	const encryptionKey = crypto.randomBytes(24).toString('hex');
	const webhookPort = await freePort();
	const shared: Record<string, string> = {
		EXECUTIONS_MODE: 'queue',
		...postgres.n8nEnv(),
		...redis.n8nEnv(),
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Production webhook URLs (shown to trackers, registered in Keitaro) point at the webhook
		// processor, as a load balancer routing /webhook/* there would.
		WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_BULL_PREFIX: `bull-${path.basename(folder)}`,
	};
	const main = new N8n({
		name: path.basename(folder),
		fresh: false,
		env: { ...shared, ...mainEnv },
	});
	// Workers and the webhook processor take the main's environment minus its own extras.
	const base = new N8n({ name: path.basename(folder), fresh: false, env: shared });
	const workerProcs = Array.from(
		{ length: workers },
		(_v, i) => new N8nProcess(`worker-${i + 1}`, 'worker', base, { N8N_LOG_LEVEL: 'info' }),
	);
	const webhook = new N8nProcess('webhook-1', 'webhook', base, { N8N_LOG_LEVEL: 'info' });
	webhook.port = webhookPort;
	return {
		main,
		workers: workerProcs,
		webhook,
		encryptionKey,
		async killMain() {
			const pid = main.pid;
			if (!pid) return;
			killGroup(pid, 'SIGKILL');
			await waitFor('the killed main to exit', () => (main.running ? undefined : true), {
				timeoutMs: 30_000,
				intervalMs: 100,
			});
		},
		async stopAll() {
			await Promise.all([
				main.stop().catch(() => undefined),
				...workerProcs.map((w) => w.stop().catch(() => undefined)),
				webhook.stop().catch(() => undefined),
			]);
		},
	};
}

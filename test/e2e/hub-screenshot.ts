/**
 * Screenshots of the Tracker Hub workflows (examples 23 and 24) in a real `n8n start` with this
 * package, from headless chromium (lib/browser.ts), for the README picture. Not part of the e2e
 * run (the hub e2e stays free of chromium); run it by hand:
 *
 *   npx ts-node --transpile-only test/e2e/hub-screenshot.ts [output folder]
 *
 * Screenshots go to test/e2e/out/ (git-ignored) unless a folder is given: hub-conversions.png
 * (example 23) and hub-postbacks.png (example 24). docs/hub-workflows.png in the README is
 * hub-postbacks.png of one run (example 23's canvas is taller than the window).
 * No Postgres is needed for a picture: the Postgres credential is imported with placeholder data.
 */
import fs from 'node:fs';
import path from 'node:path';

import { launchChromium, type Browser } from './lib/browser';
import { KEITARO_EU_CREDENTIAL, startKeitaroEu } from './lib/hub';
import { DEFAULT_OWNER, N8n } from './lib/n8n';
import { installPackageInto } from './lib/package';
import { EXAMPLES_DIR, OUT_DIR, ROOT } from './lib/paths';
import { POSTGRES_CREDENTIAL_ID, POSTGRES_CREDENTIAL_NAME } from './lib/postgres';
import { log } from './lib/proc';
import { findPackedTarball, prepareArtefact } from './lib/setup';
import { startTrackers, type RunningTracker } from './lib/trackers';

const SHOTS: Array<{ id: string; file: string; name: string }> = [
	{ id: 'HubConversions01', file: '23-hub-conversions.json', name: 'hub-conversions.png' },
	{ id: 'HubPostbacks0001', file: '24-hub-postbacks.json', name: 'hub-postbacks.png' },
];

async function main(): Promise<void> {
	const outDir = path.resolve(process.argv[2] ?? OUT_DIR);
	fs.mkdirSync(outDir, { recursive: true });
	const tarball = findPackedTarball() ?? (await prepareArtefact({ chromium: true }));
	let trackers: RunningTracker[] = [];
	let browser: Browser | undefined;
	const n8n = new N8n({ name: `hub-screenshot-${process.pid}` });
	try {
		trackers = await startTrackers();
		const eu = await startKeitaroEu();
		trackers.push(eu);
		if (eu.credential.id !== KEITARO_EU_CREDENTIAL.id) throw new Error('unexpected EU credential');
		await installPackageInto(n8n.userFolder, tarball);
		await n8n.importCredentials([
			...trackers.map((t) => t.credential),
			{
				id: POSTGRES_CREDENTIAL_ID,
				name: POSTGRES_CREDENTIAL_NAME,
				type: 'postgres',
				data: {
					host: '127.0.0.1',
					port: 5432,
					database: 'hub',
					user: 'hub',
					password: 'placeholder',
					ssl: 'disable',
				},
			},
		]);
		await n8n.importWorkflows(SHOTS.map((s) => path.join(EXAMPLES_DIR, s.file)));
		await n8n.start({ timeoutMs: 10 * 60_000 });
		await n8n.setupOwner(DEFAULT_OWNER);
		browser = await launchChromium();
		const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
		const page = await context.newPage();
		await page.goto(`${n8n.baseUrl}/signin`, { waitUntil: 'networkidle', timeout: 60_000 });
		await page.locator('input[type="email"]').fill(DEFAULT_OWNER.email);
		await page.locator('input[type="password"]').fill(DEFAULT_OWNER.password);
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((u) => !u.pathname.includes('signin'), { timeout: 30_000 });
		for (const shot of SHOTS) {
			await page.goto(`${n8n.baseUrl}/workflow/${shot.id}`, {
				waitUntil: 'networkidle',
				timeout: 60_000,
			});
			await page
				.locator('[data-test-id="canvas-node"]')
				.first()
				.waitFor({ state: 'visible', timeout: 180_000 })
				.catch(async (error: unknown) => {
					await page.screenshot({ path: path.join(outDir, `failed-${shot.name}`) });
					throw error;
				});
			await page.waitForTimeout(1500);
			const file = path.join(outDir, shot.name);
			await page.screenshot({ path: file });
			log(`screenshot: ${path.relative(ROOT, file)} (${fs.statSync(file).size} bytes)`);
		}
	} finally {
		if (browser) await browser.close();
		if (n8n.running) await n8n.stop();
		await Promise.all(trackers.map((t) => t.close().catch(() => undefined)));
		fs.rmSync(n8n.userFolder, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);

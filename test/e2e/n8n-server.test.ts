/**
 * A real `n8n start` (2.39, Node 24) with this package installed as a community package:
 * the node and credential types it serves, n8n's own credential tester (the editor's "Test"
 * button), the public API plumbing the trigger tests use (API key, create, activate, list
 * executions; a webhook-activated workflow runs our node inside `n8n start`), and the editor in headless
 * chromium (login, open an example, open the Keitaro node, screenshot test/e2e/out/keitaro-node.png).
 */
import fs from 'node:fs';
import path from 'node:path';

import type { KeitaroMock } from '../mock-servers/keitaro/server';
import { KEITARO_KEY_HINT } from '../../nodes/Keitaro/transport/profile';
import { launchChromium, type Browser } from './lib/browser';
import { apiRequestsSince, lastSeq } from './lib/mock-api';
import { DEFAULT_OWNER, N8n } from './lib/n8n';
import { NODE_TYPE_PREFIX, OUT_DIR, ROOT } from './lib/paths';
import { log } from './lib/proc';
import { findPackedTarball, prepareArtefact, prepareUserFolder } from './lib/setup';
import { startTrackers, type RunningTracker } from './lib/trackers';

let keitaro: RunningTracker<KeitaroMock>;
let trackers: RunningTracker[] = [];
let n8n: N8n;

beforeAll(async () => {
	const tarball = findPackedTarball() ?? (await prepareArtefact({ chromium: true }));
	trackers = await startTrackers(); // every tracker mock: all sandbox credentials exist
	keitaro = trackers.find((t) => t.key === 'keitaro') as RunningTracker<KeitaroMock>;
	n8n = new N8n({ name: 'e2e-server' });
	await prepareUserFolder(n8n, tarball, trackers);
	await n8n.start();
	await n8n.setupOwner(DEFAULT_OWNER);
}, 10 * 60_000);

afterAll(async () => {
	if (n8n) await n8n.stop();
	await Promise.all(trackers.map((t) => t.close()));
});

/** package.json → n8n.nodes / n8n.credentials of the built package. */
function packageManifest(): { nodes: string[]; credentials: string[] } {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	return pkg.n8n;
}

describe('types loaded from the community package', () => {
	test('POST /rest/node-types serves the Keitaro node with its resources', async () => {
		const [keitaroType] = await n8n.nodeTypes([{ name: `${NODE_TYPE_PREFIX}keitaro`, version: 1 }]);
		expect(keitaroType).toBeDefined();
		expect(keitaroType.displayName).toBe('Keitaro');
		expect(keitaroType.credentials).toEqual([expect.objectContaining({ name: 'keitaroApi' })]);
		const properties = keitaroType.properties as Array<{
			name: string;
			options?: Array<{ value: string }>;
		}>;
		const resources =
			properties.find((p) => p.name === 'resource')?.options?.map((o) => o.value) ?? [];
		expect(resources).toEqual(expect.arrayContaining(['campaign', 'report', 'cost']));
	});

	test('every node and credential listed in package.json is known to n8n', async () => {
		const manifest = packageManifest();
		const nodes = await n8n.typesFile('nodes');
		const nodeNames = new Set(nodes.map((n) => String(n.name)));
		for (const file of manifest.nodes) {
			const base = path.basename(file, '.node.js');
			const name = `${NODE_TYPE_PREFIX}${base.charAt(0).toLowerCase()}${base.slice(1)}`;
			expect(nodeNames).toContain(name);
		}
		const credentials = await n8n.typesFile('credentials');
		const credentialNames = new Set(credentials.map((c) => String(c.name)));
		for (const file of manifest.credentials) {
			const base = path.basename(file, '.credentials.js');
			expect(credentialNames).toContain(`${base.charAt(0).toLowerCase()}${base.slice(1)}`);
		}
	});
});

describe("n8n's credential tester (POST /rest/credentials/test)", () => {
	test('the Keitaro sandbox credential passes, and the test reached the tracker', async () => {
		const before = lastSeq(keitaro.mock);
		const result = await n8n.testCredential(keitaro.credential);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const calls = apiRequestsSince(keitaro.mock, before);
		expect(calls.length).toBeGreaterThan(0);
		expect(
			calls.every((c) => c.headers['api-key'] === keitaro.mock.apiKey && c.status === 200),
		).toBe(true);
	});

	test('a wrong key fails with our sentence, without echoing the key', async () => {
		const wrongKey = 'not-the-right-key-0123456789';
		const before = lastSeq(keitaro.mock);
		const result = await n8n.testCredential({
			...keitaro.credential,
			data: { ...keitaro.credential.data, apiKey: wrongKey },
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Keitaro rejected the API key');
		expect(result.message).toContain(KEITARO_KEY_HINT);
		expect(result.message).not.toContain(wrongKey);
		const calls = apiRequestsSince(keitaro.mock, before);
		expect(calls.some((c) => c.headers['api-key'] === wrongKey && c.status === 401)).toBe(true);
	});

	test('every other sandbox credential passes too', async () => {
		for (const tracker of trackers.filter((t) => t !== keitaro)) {
			expect({
				credential: tracker.credential.type,
				...(await n8n.testCredential(tracker.credential)),
			}).toEqual({
				credential: tracker.credential.type,
				status: 'OK',
				message: 'Connection successful!',
			});
		}
	});
});

describe('public API (what the polling-trigger tests build on)', () => {
	beforeAll(async () => {
		await n8n.createApiKey('e2e');
	});

	test('an API key can create a workflow with our node and list its executions', async () => {
		const example = JSON.parse(
			fs.readFileSync(path.join(ROOT, 'examples', '01-keitaro-list-campaigns.json'), 'utf8'),
		) as Record<string, unknown>;
		const created = await n8n.createWorkflow({
			...example,
			name: 'Created through the public API',
		});
		expect(created.id).toBeTruthy();
		const read = await n8n.api<{ nodes: Array<{ type: string }> }>(
			'GET',
			`/workflows/${created.id}`,
		);
		expect(read.nodes.map((n) => n.type)).toContain(`${NODE_TYPE_PREFIX}keitaro`);
		expect(await n8n.listExecutions(created.id)).toEqual([]);
	});

	test('an activated workflow runs our node inside n8n start, and its execution is listed with data', async () => {
		const workflow = {
			name: 'Webhook → Keitaro campaigns',
			nodes: [
				{
					id: '6f1d2c3b-4a59-4e8e-9d3b-6f2a1c0e0001',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: '6f1d2c3b-4a59-4e8e-9d3b-6f2a1c0e0099',
					parameters: {
						httpMethod: 'GET',
						path: 'e2e-campaigns',
						responseMode: 'lastNode',
						responseData: 'allEntries',
					},
				},
				{
					id: '6f1d2c3b-4a59-4e8e-9d3b-6f2a1c0e0002',
					name: 'Get campaigns',
					type: `${NODE_TYPE_PREFIX}keitaro`,
					typeVersion: 1,
					position: [240, 0],
					parameters: { resource: 'campaign', operation: 'getAll', returnAll: true },
					credentials: { keitaroApi: { id: keitaro.credential.id, name: keitaro.credential.name } },
				},
			],
			connections: { Webhook: { main: [[{ node: 'Get campaigns', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		const { id } = await n8n.createWorkflow(workflow);
		await n8n.activateWorkflow(id);
		try {
			const response = await fetch(`${n8n.baseUrl}/webhook/e2e-campaigns`);
			expect(response.status).toBe(200);
			const campaigns = (await response.json()) as Array<{ id: number; name: string }>;
			expect(campaigns.map((c) => c.name)).toContain('FB | Keto | DE');

			const executions = await n8n.waitForExecutions(id, (list) => list.some((e) => e.finished), {
				timeoutMs: 60_000,
			});
			const run = executions[0].data?.resultData.runData['Get campaigns'];
			expect(executions[0].status).toBe('success');
			expect(run?.[0].data?.main?.[0]?.length).toBe(campaigns.length);
		} finally {
			await n8n.deactivateWorkflow(id);
		}
	});
});

describe('editor (headless chromium)', () => {
	let browser: Browser | undefined;
	afterAll(async () => {
		if (browser) await browser.close();
	});

	test('log in, open an example, open the Keitaro node: its parameter panel renders', async () => {
		fs.mkdirSync(OUT_DIR, { recursive: true });
		const shot = path.join(OUT_DIR, 'keitaro-node.png');
		fs.rmSync(shot, { force: true });
		browser = await launchChromium();
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const page = await context.newPage();
		const pageErrors: string[] = [];
		page.on('pageerror', (e) => pageErrors.push(String(e.message)));
		try {
			await page.goto(`${n8n.baseUrl}/signin`, { waitUntil: 'networkidle', timeout: 60_000 });
			await page.locator('input[type="email"]').fill(DEFAULT_OWNER.email);
			await page.locator('input[type="password"]').fill(DEFAULT_OWNER.password);
			await page.locator('[data-test-id="form-submit-button"]').click();
			await page.waitForURL((u) => !u.pathname.includes('signin'), { timeout: 30_000 });

			await page.goto(`${n8n.baseUrl}/workflow/KtDailyReport001`, {
				waitUntil: 'networkidle',
				timeout: 60_000,
			});
			const node = page
				.locator('[data-test-id="canvas-node"]')
				.filter({ hasText: 'Report by campaign' })
				.first();
			await node.waitFor({ state: 'visible', timeout: 30_000 });
			await node.dblclick();

			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.waitFor({ state: 'visible', timeout: 30_000 });
			// Options loaded by our loadOptions methods, run by n8n for the editor.
			await page
				.getByText('Campaign ID (campaign_id)')
				.first()
				.waitFor({ state: 'visible', timeout: 30_000 });
			await page.waitForTimeout(500); // let the panel settle for the screenshot
			await page.screenshot({ path: shot });

			const labels = await ndv.innerText();
			for (const expected of [
				'Report by campaign',
				'Credential',
				'Resource',
				'Operation',
				'Date Range',
				'Timezone',
			])
				expect(labels).toContain(expected);
			// Selected values are input values, not text.
			const values = await ndv
				.locator('input')
				.evaluateAll((inputs) => inputs.map((i) => i.value ?? ''));
			expect(values).toEqual(
				expect.arrayContaining(['Keitaro sandbox', 'Report', 'Build', 'Yesterday', 'UTC']),
			);
			expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
			log(`screenshot: ${path.relative(ROOT, shot)}`);
		} catch (error) {
			await page
				.screenshot({ path: path.join(OUT_DIR, 'editor-failure.png') })
				.catch(() => undefined);
			throw new Error(
				`${(error as Error).message}\n(page ${page.url()}; see test/e2e/out/editor-failure.png; page errors: ${pageErrors.join(' | ') || 'none'})`,
			);
		}
	});
});

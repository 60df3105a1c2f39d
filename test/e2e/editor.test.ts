/**
 * The editor as a person sees it (issue 14 proof), in a real `n8n start` with this package and
 * headless chromium (one n8n and one browser for the whole file):
 * - the node picker: searching "affiliate", "tracker", "conversion", "postback" lists the six
 *   trackers' nodes ("postback" also the six postback triggers);
 * - example 07 run with the editor's "Execute workflow" button: the run ends, and the Keitaro
 *   mock saw no write and no flow changed (the issue's bug: the test fetch disabled five flows);
 * - every trigger panel (six polling, six postback) and Keitaro Cost → Update opened: no "ID ID",
 *   "Subid" or "Stream", no camelCase internal value as a label, value or canvas subtitle, "Add X"
 *   buttons in title case; Cost → Update has a campaign picker loaded from the tracker and IANA
 *   time-zone and ISO currency pickers;
 * - Report → Build (example 01) and the Keitaro Trigger of example 07;
 * - the six polling trigger panels in the shared layout (Event … First Run, Filters, Options last,
 *   its entries alphabetical, the Status Map among them and not at the top);
 * - the node picker of an empty new workflow; dark-theme screenshots of the picker and a panel.
 * Screenshots go to test/e2e/out/ (not committed): editor-*.png. Waits are on DOM conditions and
 * generous (a loaded 2-core machine needs up to a minute to load the editor); nothing is timed.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { KeitaroMock } from '../mock-servers/keitaro/server';
import { launchChromium, type Browser, type Page } from './lib/browser';
import {
	canvasSubtitles,
	COST_UPDATE_NODE,
	labelIndex,
	MAPS_STATUSES,
	openDropdownItems,
	PANEL_TRIGGERS,
	panelsWorkflow,
	panelWords,
	PICKER_NAMES,
	POSTBACK_TRIGGER_NAMES,
} from './lib/browser-editor';
import { DEFAULT_OWNER, N8n } from './lib/n8n';
import { OUT_DIR, ROOT } from './lib/paths';
import { log, waitFor } from './lib/proc';
import { findPackedTarball, prepareArtefact, prepareUserFolder } from './lib/setup';
import { startTrackers, type RunningTracker } from './lib/trackers';

let trackers: RunningTracker[] = [];
let keitaro: KeitaroMock;
let n8n: N8n;
let browser: Browser | undefined;
let page: Page;
let panelsId: string;

/** A camelCase word ("metricThreshold", "getAll"): an internal value shown to a person. */
const camelCase = /\b[a-z]+[A-Z][a-zA-Z]*\b/;
/** Words issue 14 removed from labels. */
const badWords = /\bID ID\b|Subid|\bStream\b/;
/** The editor is slow to load on a busy machine: wait long for DOM conditions, assert nothing on time. */
const LOAD_MS = 180_000;
const STEP_MS = 60_000;

beforeAll(async () => {
	const tarball = findPackedTarball() ?? (await prepareArtefact({ chromium: true }));
	trackers = await startTrackers();
	keitaro = trackers.find((t) => t.key === 'keitaro')!.mock as KeitaroMock;
	n8n = new N8n({ name: 'e2e-editor' });
	await prepareUserFolder(n8n, tarball, trackers);
	await n8n.start({ timeoutMs: 10 * 60_000 });
	await n8n.setupOwner(DEFAULT_OWNER);
	await n8n.createApiKey('e2e-editor');
	panelsId = (await n8n.createWorkflow(panelsWorkflow())).id;
	fs.mkdirSync(OUT_DIR, { recursive: true });
	browser = await launchChromium();
	const context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
	page = await context.newPage();
	await page.goto(`${n8n.baseUrl}/signin`, { waitUntil: 'networkidle', timeout: LOAD_MS });
	await page.locator('input[type="email"]').fill(DEFAULT_OWNER.email);
	await page.locator('input[type="password"]').fill(DEFAULT_OWNER.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((u) => !u.pathname.includes('signin'), { timeout: LOAD_MS });
}, 20 * 60_000);

afterAll(async () => {
	if (browser) await browser.close();
	if (n8n) await n8n.stop();
	await Promise.all(trackers.map((t) => t.close()));
});

async function shoot(name: string): Promise<void> {
	const file = path.join(OUT_DIR, name);
	await page.waitForTimeout(500);
	await page.screenshot({ path: file });
	log(`screenshot: ${path.relative(ROOT, file)}`);
}

/**
 * Shows a workflow's canvas. Loading the editor is the slow part on a busy machine (up to a minute),
 * so a canvas already open with no panel over it is reused; anything else loads the page.
 */
async function openWorkflow(id: string): Promise<void> {
	const onIt = page.url().endsWith(`/workflow/${id}`);
	const covered = async () =>
		(await page.locator('[data-test-id="ndv"]').isVisible()) ||
		(await page.locator('input[data-test-id="node-creator-search-bar"]').isVisible());
	if (onIt && !(await covered())) return;
	await page.goto(`${n8n.baseUrl}/workflow/${id}`, { waitUntil: 'networkidle', timeout: LOAD_MS });
	await page
		.locator('[data-test-id="canvas-node"]')
		.first()
		.waitFor({ state: 'visible', timeout: LOAD_MS });
}

async function openNode(name: string): Promise<string> {
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	await node.dblclick({ timeout: STEP_MS });
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ state: 'visible', timeout: STEP_MS });
	await page.waitForTimeout(1000);
	return await ndv.innerText();
}

async function closeNode(): Promise<void> {
	const ndv = page.locator('[data-test-id="ndv"]');
	await page.locator('[data-test-id="ndv-close-button"]').first().click({ timeout: STEP_MS });
	await ndv.waitFor({ state: 'hidden', timeout: STEP_MS });
}

/** Opens the select of parameter `name` in the open node and returns its items once listed. */
async function dropdownOf(name: string, atLeast = 1): Promise<string[]> {
	await page
		.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"] .el-select`)
		.click({ timeout: STEP_MS });
	return await waitFor(
		`the items of ${name}`,
		async () => {
			const items = await openDropdownItems(page);
			return items.length >= atLeast ? items : undefined;
		},
		{ timeoutMs: STEP_MS, intervalMs: 500 },
	);
}

async function closeDropdown(): Promise<void> {
	await page.keyboard.press('Escape');
	await waitFor(
		'the dropdown to close',
		async () => ((await openDropdownItems(page)).length === 0 ? true : undefined),
		{ timeoutMs: STEP_MS, intervalMs: 250 },
	);
}

/** Lines with a camelCase word, left out long prose (URLs, notices) where code may be quoted. */
const shortCamelCase = (lines: string[]) => lines.filter((l) => camelCase.test(l) && l.length < 40);

// Grouped by workflow: each group loads the editor once.
describe('example 01: node picker and Report → Build', () => {
	it('searching "affiliate", "tracker", "conversion", "postback" lists the six trackers', async () => {
		await openWorkflow('KtDailyReport001');
		await page.locator('[data-test-id="node-creator-plus-button"]').click({ timeout: STEP_MS });
		const search = page.locator('input[data-test-id="node-creator-search-bar"]');
		await search.waitFor({ state: 'visible', timeout: STEP_MS });
		const found: Record<string, string[]> = {};
		for (const query of ['tracker', 'conversion', 'postback', 'affiliate']) {
			await search.fill(query);
			const expected =
				query === 'postback' ? [...PICKER_NAMES, ...POSTBACK_TRIGGER_NAMES] : PICKER_NAMES;
			found[query] = await waitFor(
				`the node picker's hits for "${query}"`,
				async () => {
					const names = await page
						.locator('[data-test-id="node-creator-item-name"]')
						.evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
					return expected.every((n) => names.includes(n)) ? names : undefined;
				},
				{ timeoutMs: STEP_MS, intervalMs: 500 },
			).catch(async (error: Error) => {
				await shoot(`editor-node-picker-${query}-failed.png`);
				throw error;
			});
			log(`node picker "${query}": ${found[query].join(', ')}`);
		}
		await shoot('editor-node-picker-affiliate.png');
		for (const query of Object.keys(found))
			expect(found[query]).toEqual(expect.arrayContaining(PICKER_NAMES));
		expect(found.postback).toEqual(expect.arrayContaining(POSTBACK_TRIGGER_NAMES));
		await page.keyboard.press('Escape');
		// Closed or not, the next test's openWorkflow reloads the page if the picker still covers it.
		await search.waitFor({ state: 'hidden', timeout: STEP_MS }).catch(() => undefined);
	});

	it('Report → Build (example 01): no "ID ID", canvas subtitles in words', async () => {
		await openWorkflow('KtDailyReport001');
		const subtitles = await page
			.locator('[data-test-id="canvas-node"]')
			.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
		expect(subtitles.join('\n')).not.toMatch(
			/getAll: |build: report|metricThreshold|newConversion/,
		);
		const text = await openNode('Report by campaign');
		await shoot('editor-report-build.png');
		expect(text).not.toMatch(/\bID ID\b|Subid/);
		expect(text).toContain('Timezone');
		await closeNode();
	});
});

describe('example 07: Keitaro Trigger panel, then a run from the editor', () => {
	it('Keitaro Trigger (example 07): no "ID ID", no internal value shown', async () => {
		await openWorkflow('KtRoiRuleFlow01');
		const subtitles = await page
			.locator('[data-test-id="canvas-node"]')
			.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
		expect(subtitles.join('\n')).not.toMatch(/metricThreshold|newConversion|getAll: /);
		const text = await openNode('Flow ROI below -30 %');
		await shoot('editor-keitaro-trigger.png');
		expect(text).not.toMatch(badWords);
		expect(shortCamelCase(text.split('\n'))).toEqual([]);
		await closeNode();
	});

	it('"Execute workflow" ends and changes no Keitaro flow', async () => {
		const streamsBefore = JSON.stringify(keitaro.state.streams.all());
		const firstRequest = keitaro.requests.entries.length;
		const before = new Set((await n8n.listExecutions('KtRoiRuleFlow01')).map((e) => e.id));

		await openWorkflow('KtRoiRuleFlow01');
		await page.locator('[data-test-id="execute-workflow-button"]').click({ timeout: STEP_MS });
		const execution = await n8n.waitForExecutions(
			'KtRoiRuleFlow01',
			(all) => all.some((e) => !before.has(e.id) && !!e.stoppedAt),
			{ timeoutMs: LOAD_MS },
		);
		const run = execution.find((e) => !before.has(e.id))!;
		// The editor shows the run's end on the trigger node.
		await page
			.locator(
				'[data-test-id="canvas-node"][data-node-name="Flow ROI below -30 %"] [data-test-id="canvas-node-status-success"]',
			)
			.waitFor({ state: 'visible', timeout: STEP_MS });
		await shoot('editor-example-07-after-run.png');

		const runData = run.data?.resultData.runData ?? {};
		const emitted = runData['Flow ROI below -30 %']?.[0]?.data?.main?.[0] ?? [];
		const disabled = runData['Disable the flow']?.[0]?.data?.main?.[0] ?? [];
		log(
			`example 07 run ${run.id} (${run.mode}): ${run.status}; trigger ${emitted.length} item(s) ` +
				`(${emitted.filter((i) => i.json._sample === true).length} sample, ` +
				`${emitted.filter((i) => i.json.conditionMet === true).length} conditionMet); ` +
				`"Disable the flow" ${disabled.length} item(s) ${JSON.stringify(disabled.map((i) => i.json)).slice(0, 300)}`,
		);
		expect(run.status).toBe('success');
		expect(emitted.length).toBeGreaterThan(0);

		const requests = keitaro.requests.entries.slice(firstRequest);
		// The trigger asked the mock (so the run reached Keitaro) …
		expect(requests.some((r) => r.method === 'POST' && r.path.endsWith('/report/build'))).toBe(
			true,
		);
		// … and nothing wrote: only GETs and the read-only POSTs of reports and logs.
		const writes = requests
			.filter(
				(r) =>
					r.method !== 'GET' && !/\/(report\/build|conversions\/log|clicks\/log)$/.test(r.path),
			)
			.map((r) => `${r.method} ${r.path}`);
		expect(writes).toEqual([]);
		expect(JSON.stringify(keitaro.state.streams.all())).toBe(streamsBefore);
	});
});

describe('every trigger panel and Cost → Update', () => {
	it('every trigger panel: words, not internal values; "Add Option" in title case', async () => {
		await openWorkflow(panelsId);
		const subtitles = await canvasSubtitles(page);
		log(
			`canvas subtitles: ${subtitles.map((s) => `${s.node}: ${s.lines.join(' / ')}`).join('; ')}`,
		);
		expect(subtitles.map((s) => s.node).sort()).toEqual(
			[...PANEL_TRIGGERS.map((t) => t.name), COST_UPDATE_NODE].sort(),
		);
		for (const s of subtitles) {
			expect({
				node: s.node,
				lines: s.lines.filter((l) => camelCase.test(l) || /: [a-z]/.test(l)),
			}).toEqual({
				node: s.node,
				lines: [],
			});
		}
		await shoot('editor-trigger-canvas.png');

		for (const trigger of PANEL_TRIGGERS) {
			await openNode(trigger.name);
			const ndv = page.locator('[data-test-id="ndv"]');
			const words = await panelWords(ndv);
			await shoot(`editor-panel-${trigger.name.toLowerCase().replace(/ /g, '-')}.png`);
			const shown = [...words.lines, ...words.values];
			expect({ node: trigger.name, bad: shown.filter((l) => badWords.test(l)) }).toEqual({
				node: trigger.name,
				bad: [],
			});
			expect({ node: trigger.name, camelCase: shortCamelCase(shown) }).toEqual({
				node: trigger.name,
				camelCase: [],
			});
			// The "Add …" buttons of collections are placeholders: "Add Option", "Add Filter".
			const adds = words.placeholders.filter((p) => /^add /i.test(p));
			expect({ node: trigger.name, adds: adds.filter((p) => !/^Add [A-Z]/.test(p)) }).toEqual({
				node: trigger.name,
				adds: [],
			});
			expect(adds).toContain('Add Option');
			// The option names behind "Add Option" are words too.
			await page
				.locator('[data-test-id="ndv"] [data-test-id="collection-parameter-add"] .el-select')
				.last()
				.click({ timeout: STEP_MS });
			const options = await waitFor(
				`the options of ${trigger.name}`,
				async () => {
					const items = await openDropdownItems(page);
					return items.length > 0 ? items : undefined;
				},
				{ timeoutMs: STEP_MS, intervalMs: 500 },
			);
			await closeDropdown();
			expect({
				node: trigger.name,
				bad: options.filter((o) => badWords.test(o) || camelCase.test(o)),
			}).toEqual({ node: trigger.name, bad: [] });
			if (trigger.kind === 'polling') {
				// The shared layout (nodes/shared/trigger/layout.ts): Event, …, First Run, Filters,
				// Options last (the last "Add Option" is Options'), its entries alphabetical, the
				// Status Map among them, not at the top.
				const at = ['Event', 'First Run', 'Filters', 'Options'].map((l) => [
					l,
					labelIndex(words.lines, l),
				]);
				log(
					`${trigger.name}: ${at.map(([l, i]) => `${l}@${i}`).join(' ')}; options: ${options.join(', ')}`,
				);
				const present = at.filter(([, i]) => (i as number) >= 0);
				expect({ node: trigger.name, order: present.map(([l]) => l) }).toEqual({
					node: trigger.name,
					order: [...present].sort((a, b) => (a[1] as number) - (b[1] as number)).map(([l]) => l),
				});
				expect(present.map(([l]) => l)).toEqual(expect.arrayContaining(['Event', 'Options']));
				expect({
					node: trigger.name,
					top: words.lines.filter((l) => /^(Status Map|Conversion Type Map)\b/.test(l)),
				}).toEqual({ node: trigger.name, top: [] });
				expect(options).toEqual([...options].sort((a, b) => a.localeCompare(b)));
				if (MAPS_STATUSES.includes(trigger.tracker)) expect(options).toContain('Status Map');
				// What narrows the emitted events is a filter (Filters), not an option.
				expect({
					node: trigger.name,
					filterLike: options.filter((o) => /\bto Emit$|^Only |^Search Filter$/.test(o)),
				}).toEqual({ node: trigger.name, filterLike: [] });
			}
			await closeNode();
		}
	});

	it('Cost → Update: campaign picker from the tracker, time-zone and currency pickers', async () => {
		await openWorkflow(panelsId);
		await openNode(COST_UPDATE_NODE);
		const campaigns = await dropdownOf('campaignIds');
		await shoot('editor-cost-update.png');
		await closeDropdown();
		const names = keitaro.state.campaigns
			.all()
			.filter((c) => c.state === 'active')
			.map((c) => c.name);
		expect(names.length).toBeGreaterThan(0);
		for (const name of names) expect(campaigns.some((item) => item.includes(name))).toBe(true);

		const zones = await dropdownOf('timezone', 100);
		await closeDropdown();
		expect(zones).toEqual(expect.arrayContaining(['UTC', 'Europe/Berlin', 'America/New York']));
		const currencies = await dropdownOf('currency', 100);
		await closeDropdown();
		expect(currencies.some((c) => /^EUR\b/.test(c))).toBe(true);
		expect(currencies.some((c) => /^USD\b/.test(c))).toBe(true);

		const words = await panelWords(page.locator('[data-test-id="ndv"]'));
		expect(words.lines.filter((l) => badWords.test(l))).toEqual([]);
		expect(shortCamelCase([...words.lines, ...words.values])).toEqual([]);
		await closeNode();
	});
});

/** Types `query` into the open node picker and returns its hits once they hold `expected`. */
async function pickerHits(query: string, expected: string[]): Promise<string[]> {
	const search = page.locator('input[data-test-id="node-creator-search-bar"]');
	await search.waitFor({ state: 'visible', timeout: STEP_MS });
	await search.fill(query);
	return await waitFor(
		`the node picker's hits for "${query}"`,
		async () => {
			const names = await page
				.locator('[data-test-id="node-creator-item-name"]')
				.evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
			return expected.every((n) => names.includes(n)) ? names : undefined;
		},
		{ timeoutMs: STEP_MS, intervalMs: 500 },
	).catch(async (error: Error) => {
		await shoot(`editor-node-picker-${query}-failed.png`);
		throw error;
	});
}

async function closePicker(): Promise<void> {
	await page.keyboard.press('Escape');
	await page
		.locator('input[data-test-id="node-creator-search-bar"]')
		.waitFor({ state: 'hidden', timeout: STEP_MS })
		.catch(() => undefined);
}

describe('an empty new workflow, and the dark theme', () => {
	it('the node picker of an empty new workflow ("Add first step") finds the six trackers', async () => {
		await page.goto(`${n8n.baseUrl}/workflow/new`, { waitUntil: 'networkidle', timeout: LOAD_MS });
		await page.locator('[data-test-id="canvas-add-button"]').first().click({ timeout: LOAD_MS });
		const hits = await pickerHits('affiliate', PICKER_NAMES);
		log(`node picker on an empty workflow, "affiliate": ${hits.join(', ')}`);
		await shoot('editor-node-picker-empty-workflow.png');
		expect(hits).toEqual(expect.arrayContaining(PICKER_NAMES));
		await closePicker();
	});

	it('dark theme: the node picker and the Voluum Trigger panel (screenshots)', async () => {
		// n8n's theme setting: ?theme= (or localStorage N8N_THEME) sets body[data-theme].
		await page.goto(`${n8n.baseUrl}/workflow/${panelsId}?theme=dark`, {
			waitUntil: 'networkidle',
			timeout: LOAD_MS,
		});
		await page
			.locator('[data-test-id="canvas-node"]')
			.first()
			.waitFor({ state: 'visible', timeout: LOAD_MS });
		expect(await page.locator('body[data-theme="dark"]').count()).toBe(1);
		await page.locator('[data-test-id="node-creator-plus-button"]').click({ timeout: STEP_MS });
		await pickerHits('tracker', PICKER_NAMES);
		await shoot('editor-dark-node-picker.png');
		await closePicker();
		await openNode('Voluum Trigger');
		await shoot('editor-dark-panel-voluum-trigger.png');
		await closeNode();
	});
});

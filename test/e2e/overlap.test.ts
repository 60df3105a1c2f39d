/**
 * Overlapping polls in a real `n8n start` (2.39, Node 24): n8n starts a poll on every tick even while
 * the previous poll of the same trigger still runs. Here a Keitaro Trigger (New Conversion, From
 * Now) ticks every 10 seconds (six fixed-second crons: n8n refuses a sub-minute cron but not six
 * minute crons) against a Keitaro mock whose conversion log answers after 20 seconds, so every poll
 * outlasts two ticks. Conversions arrive in batches while polls run.
 *
 * Asserted: every conversion added after activation is emitted exactly once across all executions,
 * nothing from before activation is; the trigger's conversion-log requests never overlapped (one
 * poll at a time: nodes/shared/trigger/overlap.ts); n8n did start polls while another ran (the
 * guard's "waits" lines in n8n's debug log). Without the guard this setup emitted conversions twice
 * (the same two-polls-on-one-state race is shown in-process by test/integration/trigger-overlap).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { KeitaroMock } from '../mock-servers/keitaro/server';
import { apiRequestsSince, lastSeq } from './lib/mock-api';
import { DEFAULT_OWNER, N8n, type ExecutionSummary } from './lib/n8n';
import { installPackageInto } from './lib/package';
import { NODE_TYPE_PREFIX } from './lib/paths';
import { log, sleep } from './lib/proc';
import { findPackedTarball, prepareArtefact } from './lib/setup';
import { startKeitaro, type RunningTracker } from './lib/trackers';
import { countBy, itemsAcross, logExcerpt } from './lib/triggers';

const WORKFLOW_ID = 'OverlapPolls0001';
const TRIGGER = 'Keitaro every 10 s';
/** Each conversion-log request answers after this long: a poll outlasts two 10-second ticks. */
const SLOW_MS = 20_000;
const WAIT_MS = 240_000;

let keitaro: RunningTracker<KeitaroMock>;
let n8n: N8n;
let tmp = '';
const added: string[] = [];
let before = new Set<string>();
let seqBefore = 0;

beforeAll(async () => {
	const tarball = findPackedTarball() ?? (await prepareArtefact());
	keitaro = await startKeitaro();
	// Debug level: the guard's "waits" lines show that n8n started polls while one ran.
	n8n = new N8n({ name: `e2e-overlap-${process.pid}`, env: { N8N_LOG_LEVEL: 'debug' } });
	await installPackageInto(n8n.userFolder, tarball);
	await n8n.importCredentials([keitaro.credential]);
	const workflow = {
		id: WORKFLOW_ID,
		name: 'Overlapping polls',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: '0f0e0a11-0000-4000-8000-000000000001',
				name: TRIGGER,
				type: `${NODE_TYPE_PREFIX}keitaroTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: {
						item: [0, 10, 20, 30, 40, 50].map((s) => ({
							mode: 'custom',
							cronExpression: `${s} * * * * *`,
						})),
					},
					event: 'newConversion',
					firstRun: 'fromNow',
					options: { timezone: 'UTC', requestTimeout: 90 },
				},
				credentials: { keitaroApi: { id: 'keitaro-sandbox', name: 'Keitaro sandbox' } },
			},
		],
	};
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-overlap-'));
	const file = path.join(tmp, 'overlap.json');
	fs.writeFileSync(file, JSON.stringify(workflow));
	await n8n.importWorkflows([file]);
	await n8n.start({ timeoutMs: 300_000 });
	await n8n.setupOwner(DEFAULT_OWNER);
	await n8n.createApiKey('e2e-overlap');
}, 10 * 60_000);

afterAll(async () => {
	if (n8n?.running) {
		await n8n.deactivateWorkflow(WORKFLOW_ID).catch(() => undefined);
		await n8n.stop();
	}
	if (keitaro) await keitaro.close();
	if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
	if (n8n) fs.rmSync(n8n.userFolder, { recursive: true, force: true });
}, 120_000);

const mock = () => keitaro.mock;

function addBatch(n: number): void {
	const campaigns = mock()
		.state.campaigns.all()
		.filter((c) => c.state === 'active');
	for (let k = 0; k < n; k++) {
		const view = mock().state.addConversion({
			status: k % 2 ? 'sale' : 'lead',
			revenue: 5 + k,
			click: { campaign_id: campaigns[(added.length + k) % campaigns.length].id },
		});
		added.push(String(view.conversion_id));
	}
}

/** The trigger's conversion-log requests since activation, as [start, end] in wall-clock ms. */
function logRequests(): Array<[number, number]> {
	return apiRequestsSince(mock(), seqBefore)
		.filter((e) => e.path.includes('/conversions/log'))
		.map((e) => [e.at, e.at + e.durationMs] as [number, number])
		.sort((a, b) => a[0] - b[0]);
}

function failureContext(executions: ExecutionSummary[]): string {
	return (
		`executions: ${executions.map((e) => `#${e.id} ${e.status}`).join(', ') || 'none'}\n` +
		`n8n log:\n${logExcerpt(n8n.output, ['overlap', 'poll'])}`
	);
}

test(
	'polls every 10 s against a tracker answering in 20 s: each conversion emitted exactly once, polls one at a time',
	async () => {
		before = new Set(
			Array.from({ length: mock().state.conversionCount }, (_v, i) => String(i + 1)),
		);
		seqBefore = lastSeq(mock());
		mock().faults.add({ path: /\/conversions\/log$/, delayMs: SLOW_MS });
		await n8n.activateWorkflow(WORKFLOW_ID, { timeoutMs: 300_000 });
		log(`activated ${WORKFLOW_ID}`);

		// Three batches while polls run and n8n keeps ticking.
		for (const n of [4, 3, 5]) {
			addBatch(n);
			await sleep(25_000);
		}
		let executions: ExecutionSummary[] = [];
		try {
			executions = await n8n.waitForExecutions(
				WORKFLOW_ID,
				(list) => {
					const seen = countBy(itemsAcross(list, TRIGGER), 'conversionId');
					return added.every((id) => seen.has(id)) && list.every((e) => e.finished || e.stoppedAt);
				},
				{ timeoutMs: WAIT_MS, intervalMs: 5000 },
			);
		} catch (error) {
			throw new Error(`${(error as Error).message}\n${failureContext(executions)}`);
		}
		// Polls that were running or waiting when the last conversion was emitted end too: wait
		// three more slow polls, then take the final list.
		await sleep(3 * SLOW_MS + 10_000);
		executions = await n8n.listExecutions(WORKFLOW_ID);

		const counts = countBy(itemsAcross(executions, TRIGGER), 'conversionId');
		const duplicated = [...counts.values()].filter((n) => n > 1).length;
		const fromBefore = [...counts.keys()].filter((id) => before.has(id));
		expect({ duplicated, fromBefore, context: failureContext(executions) }).toMatchObject({
			duplicated: 0,
			fromBefore: [],
		});
		expect([...counts.keys()].sort()).toEqual([...added].sort());
		for (const e of executions)
			expect({ id: e.id, status: e.status }).toMatchObject({ status: 'success' });

		// One poll at a time: no conversion-log request started before the previous one ended.
		const requests = logRequests();
		const overlapping = requests.filter((r, i) => i > 0 && r[0] < requests[i - 1][1]).length;
		expect(overlapping).toBe(0);
		// ... while n8n did start polls during another one (the guard's debug lines).
		const serverLog = fs.readFileSync(n8n.logFile, 'utf8');
		const waited = serverLog.split('\n').filter((l) => l.includes('this one waits for it')).length;
		const displaced = serverLog
			.split('\n')
			.filter((l) => l.includes('a newer poll waits instead')).length;
		expect(waited).toBeGreaterThan(0);
		process.stderr.write(
			`overlap e2e: ${added.length} conversions, ${counts.size} emitted, ${duplicated} duplicated, ` +
				`${requests.length} conversion-log requests (${SLOW_MS / 1000} s each, ticks every 10 s), ` +
				`${overlapping} overlapping, ${waited} polls waited, ${displaced} gave way to a newer one\n`,
		);
	},
	WAIT_MS + 6 * 60_000,
);

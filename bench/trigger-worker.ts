/**
 * A benchmark worker (plain JavaScript built by build.ts; see run.ts):
 * - mode `rates`: the raw loop (fetch + JSON.parse) and the Keitaro Trigger's 30-day backfill,
 *   interleaved `rounds` times in this one process (same JIT state, same share of a busy CPU);
 * - mode `steady`: the trigger only — a backfill, then steady polls with new conversions and
 *   status changes, then an idle poll — so this process's peak RSS is the trigger's.
 * The trigger runs its real poll() through the test Harness (axios) and the shared request layer.
 */
import { PerformanceObserver } from 'node:perf_hooks';

import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { KeitaroApi } from '../credentials/KeitaroApi.credentials';
import { KeitaroTrigger } from '../nodes/Keitaro/KeitaroTrigger.node';
import { CONVERSION_BASE_COLUMNS, subIdColumns } from '../nodes/Keitaro/trigger';
import { keitaroApiRequest } from '../nodes/Keitaro/transport';
import { formatLocal } from '../nodes/shared/polling';
import { Harness, createContext } from '../test/helpers/n8n';
import type { MockCommand, MockReady, MockReply, Run, WorkerStart } from './protocol';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

let nextId = 1;
const waiting = new Map<number, (r: MockReply) => void>();
let simNow = 0;
Date.now = () => simNow; // the trigger's clock is the mock's (frozen, advanced by commands)

function mockCommand(command: WithoutId<MockCommand>): Promise<MockReply> {
	const id = nextId++;
	return new Promise((resolve) => {
		waiting.set(id, resolve);
		process.send?.({ type: 'mock', command: { ...command, id } });
	});
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
let gcMs = 0;
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
const gcSince = (from: number) => (gcMs - from) / 1000;
const cpuSince = (from: NodeJS.CpuUsage) => {
	const d = process.cpuUsage(from);
	return (d.user + d.system) / 1e6;
};

/** The physical limit: page the trigger's request with fetch + JSON.parse and nothing else. */
export async function rawLoop(ready: MockReady, pageSize: number): Promise<Run> {
	const from = formatLocal(ready.nowMs - 30 * 86_400_000, 'UTC');
	const to = formatLocal(ready.nowMs, 'UTC');
	const columns = [...CONVERSION_BASE_COLUMNS, ...subIdColumns(30)];
	let rows = 0;
	let requests = 0;
	const c0 = process.cpuUsage();
	const g0 = gcMs;
	const t0 = process.hrtime.bigint();
	for (let offset = 0; ; offset += pageSize) {
		const res = await fetch(`${ready.apiUrl}/conversions/log`, {
			method: 'POST',
			headers: {
				'Api-Key': ready.apiKey,
				'Content-Type': 'application/json',
				Accept: 'application/json',
			},
			body: JSON.stringify({
				columns,
				range: { from, to, timezone: 'UTC' },
				sort: [
					{ name: 'postback_datetime', order: 'ASC' },
					{ name: 'conversion_id', order: 'ASC' },
				],
				limit: pageSize,
				offset,
			}),
		});
		const data = JSON.parse(await res.text()) as { rows: unknown[] };
		requests++;
		rows += data.rows.length;
		if (data.rows.length < pageSize) break;
	}
	return { rows, requests, seconds: seconds(t0), cpuSeconds: cpuSince(c0), gcSeconds: gcSince(g0) };
}

/**
 * Diagnostic reference: the same requests through the n8n stand-in and the shared request layer
 * (Harness → axios → keitaroApiRequest, JSON.parse inside) and nothing else. The gap between this
 * and the raw loop is the request path; the gap between this and the trigger is the trigger's.
 */
async function requestLayerLoop(ready: MockReady, pageSize: number): Promise<Run> {
	const harness = new Harness().addCredential(new KeitaroApi(), {
		url: ready.url,
		apiKey: ready.apiKey,
		authMode: 'apiKeyHeader',
		connectionCheck: 'done',
	});
	const ctx = createContext<IPollFunctions>({ harness, parameters: {}, mode: 'trigger' });
	const from = formatLocal(ready.nowMs - 30 * 86_400_000, 'UTC');
	const to = formatLocal(ready.nowMs, 'UTC');
	const columns = [...CONVERSION_BASE_COLUMNS, ...subIdColumns(30)];
	let rows = 0;
	let requests = 0;
	const c0 = process.cpuUsage();
	const g0 = gcMs;
	const t0 = process.hrtime.bigint();
	for (let offset = 0; ; offset += pageSize) {
		const data = (await keitaroApiRequest.call(ctx, 'POST', '/conversions/log', {
			idempotent: true,
			body: {
				columns,
				range: { from, to, timezone: 'UTC' },
				sort: [
					{ name: 'postback_datetime', order: 'ASC' },
					{ name: 'conversion_id', order: 'ASC' },
				],
				limit: pageSize,
				offset,
			},
		})) as { rows: unknown[] };
		harness.sent.length = 0;
		requests++;
		rows += data.rows.length;
		if (data.rows.length < pageSize) break;
	}
	return { rows, requests, seconds: seconds(t0), cpuSeconds: cpuSince(c0), gcSeconds: gcSince(g0) };
}

function triggerContext(ready: MockReady, pageSize: number) {
	const harness = new Harness().addCredential(new KeitaroApi(), {
		url: ready.url,
		apiKey: ready.apiKey,
		authMode: 'apiKeyHeader',
		connectionCheck: 'done',
	});
	harness.logger.debug = () => 0; // one debug line per poll is not needed here
	const node = new KeitaroTrigger();
	const staticData: IDataObject = {};
	const ctx = createContext<IPollFunctions>({
		harness,
		nodeType: node,
		parameters: {
			event: 'newConversion',
			firstRun: 'backfillDays',
			backfillDays: 30,
			// BENCH_MAX_ITEMS: the trigger's Max Items per Poll (default 5000, the node's default).
			options: process.env.BENCH_MAX_ITEMS
				? { pageSize, maxItemsPerPoll: Number(process.env.BENCH_MAX_ITEMS) }
				: { pageSize },
		},
		staticData,
		mode: 'trigger',
	});
	// IPollFunctions.getNodeParameter(name, fallback, options) has no item index.
	const byItem = ctx.getNodeParameter.bind(ctx) as unknown as (...a: unknown[]) => unknown;
	(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = (
		name: string,
		...rest: unknown[]
	) => (rest.length ? byItem(name, 0, ...rest) : byItem(name));
	const poll = async () => {
		const out = await node.poll.call(ctx);
		const requests = harness.sent.length;
		harness.sent.length = 0; // the harness records every request; keep memory flat
		return { items: out ? out[0].length : 0, emitted: out !== null, requests };
	};
	return { poll, staticData };
}

/** Polls until the 30-day backfill is drained (a poll that emits nothing). */
async function backfill(ready: MockReady, pageSize: number) {
	simNow = ready.nowMs;
	const t = triggerContext(ready, pageSize);
	const run: Run = { rows: 0, seconds: 0, requests: 0, polls: 0 };
	const c0 = process.cpuUsage();
	const g0 = gcMs;
	const t0 = process.hrtime.bigint();
	for (;;) {
		const p = await t.poll();
		run.polls = (run.polls ?? 0) + 1;
		run.requests += p.requests;
		if (!p.emitted) break;
		run.rows += p.items;
		if ((run.polls ?? 0) > 10_000) throw new Error('the backfill did not drain');
	}
	run.seconds = seconds(t0);
	run.cpuSeconds = cpuSince(c0);
	run.gcSeconds = gcSince(g0);
	return { run, t };
}

async function rates(start: WorkerStart): Promise<void> {
	const raw: Run[] = [];
	const trigger: Run[] = [];
	const requestLayer: Run[] = [];
	for (let r = 0; r < start.rounds; r++) {
		raw.push(await rawLoop(start.ready, start.pageSize));
		trigger.push((await backfill(start.ready, start.pageSize)).run);
		requestLayer.push(await requestLayerLoop(start.ready, start.pageSize));
		console.log(
			`round ${r + 1}: raw ${raw[r].seconds.toFixed(2)} s (cpu ${raw[r].cpuSeconds?.toFixed(2)}, gc ${raw[r].gcSeconds?.toFixed(2)}), trigger ${trigger[r].seconds.toFixed(2)} s (cpu ${trigger[r].cpuSeconds?.toFixed(2)}, gc ${trigger[r].gcSeconds?.toFixed(2)}), request layer ${requestLayer[r].seconds.toFixed(2)} s (cpu ${requestLayer[r].cpuSeconds?.toFixed(2)}, gc ${requestLayer[r].gcSeconds?.toFixed(2)}) (${raw[r].rows} rows each)`,
		);
	}
	raw.push(await rawLoop(start.ready, start.pageSize));
	process.send?.({ type: 'rates', rates: { raw, trigger, requestLayer } }, () => process.exit(0));
}

async function steady(start: WorkerStart): Promise<void> {
	const { run, t } = await backfill(start.ready, start.pageSize);
	const peakRssMb = process.resourceUsage().maxRSS / 1024;
	let steadyRows = 0;
	for (let i = 0; i < start.steadyPolls; i++) {
		simNow = (await mockCommand({ type: 'advance', ms: 60_000 })).nowMs;
		await mockCommand({ type: 'traffic', add: 5, flip: 1 });
		steadyRows += (await t.poll()).items;
	}
	const staticDataBytes = Buffer.byteLength(JSON.stringify(t.staticData));
	simNow = (await mockCommand({ type: 'advance', ms: 60_000 })).nowMs;
	const idle = await t.poll();
	if (idle.emitted) throw new Error('the idle poll emitted items');
	process.send?.(
		{
			type: 'steady',
			steady: {
				backfill: run,
				// Peak over the whole process, measured again at the end (the steady phase is smaller).
				peakRssMb: Math.max(peakRssMb, process.resourceUsage().maxRSS / 1024),
				staticDataBytes,
				idlePollRequests: idle.requests,
				steadyPolls: start.steadyPolls,
				steadyRows,
			},
		},
		() => process.exit(0),
	);
}

process.on('message', (raw: unknown) => {
	const m = raw as WorkerStart | MockReply;
	if (m.type === 'done') {
		waiting.get(m.id)?.(m);
		waiting.delete(m.id);
		return;
	}
	if (m.type === 'start') {
		(m.mode === 'rates' ? rates(m) : steady(m)).catch((error) => {
			console.error(error);
			process.exit(1);
		});
	}
});

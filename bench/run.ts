/**
 * Benchmark of the Keitaro Trigger: `npm run bench` (never run as a test).
 *
 * 1. A Keitaro mock child process holds 200,000 conversions over the 30 days before its clock.
 * 2. "Rates" worker (one process): the raw loop — `POST /conversions/log` over the 30 days with
 *    the trigger's body (columns, sort, page size), fetch + JSON.parse and nothing else, the
 *    physical limit — and the trigger's poll() (test Harness → axios → shared request layer →
 *    engine → canonical mapping → static data) with First Run "Backfill 30 days" until drained,
 *    interleaved raw, trigger, request layer, raw, … (5 rounds) so that machine load hits both
 *    alike. Medians of rows/s are reported; the ratio is the median of paired ratios (each
 *    trigger run against the raw runs just before and after it).
 * 3. "Steady" worker (trigger only, so its peak RSS is the trigger's): one backfill, then 1,000
 *    polls, each one simulated minute later with 5 new conversions and one status change (20 % of
 *    the new rows), then one idle poll; static data size and the idle poll's requests.
 * 4. Watch window (bench/watch.ts): Conversion Status Changed over 50,000 conversions in a 30-day
 *    window under each time model and id order: requests and rows per idle poll, static data,
 *    delay from a change to its event.
 * The measured processes run plain JavaScript built by build.ts (no ts-node in their memory).
 * Writes bench/results.json and bench/results.md.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { build } from './build';
import type {
	MockReady,
	MockReply,
	RatesResult,
	Run,
	SteadyResult,
	WorkerMessage,
	WorkerStart,
} from './protocol';

const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 1000);
const STEADY_POLLS = Number(process.env.BENCH_STEADY_POLLS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Extra node flags for the workers (e.g. BENCH_WORKER_FLAGS=--cpu-prof). */
const WORKER_FLAGS = (process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean);
/** BENCH_ONLY=md re-renders results.md from results.json. BENCH_ONLY=rates: the throughput phase only (raw / trigger / request layer rounds, with CPU
 * seconds and GC pauses per run); BENCH_ONLY=steady: the steady worker only. Either merges its
 * figures into results.json / results.md with its own date and load average (the other phases'
 * figures stay, with theirs); the watch-window phase runs alone with
 * `npx ts-node --transpile-only bench/watch.ts`. */
const ONLY = process.env.BENCH_ONLY ?? '';

function once<T>(child: ChildProcess, type: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const onMessage = (m: { type?: string }) => {
			if (m?.type === type) {
				child.off('message', onMessage);
				resolve(m as T);
			}
		};
		child.on('message', onMessage);
		child.once('exit', (code) => {
			if (code !== 0) reject(new Error(`child exited with ${String(code)}`));
		});
	});
}

async function runWorker<T>(
	dir: string,
	mock: ChildProcess,
	start: Omit<WorkerStart, 'type'>,
	resultType: 'rates' | 'steady',
): Promise<T> {
	const worker = fork(path.join(dir, 'trigger-worker.js'), [], {
		execArgv: WORKER_FLAGS,
		cwd: __dirname,
	});
	worker.on('message', (m: WorkerMessage) => {
		if (m.type === 'mock') mock.send(m.command);
	});
	const relay = (m: MockReply) => {
		if (m.type === 'done') worker.send(m);
	};
	mock.on('message', relay);
	const result = once<Record<string, T>>(worker, resultType);
	worker.send({ type: 'start', ...start });
	const out = (await result)[resultType];
	await new Promise((resolve) =>
		worker.exitCode === null ? worker.once('exit', resolve) : resolve(0),
	);
	mock.off('message', relay);
	return out;
}

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rate = (r: Run) => r.rows / r.seconds;
const cpu = (r: Run) => Math.round((r.cpuSeconds ?? NaN) * 100) / 100;
const gc = (r: Run) => Math.round((r.gcSeconds ?? NaN) * 100) / 100;

interface Measured {
	date: string;
	command: string;
	loadAverage: number[];
}

type Results = Record<string, unknown> & {
	goals?: Record<string, string>;
	details?: Record<string, unknown>;
	measured?: Record<string, Measured>;
};

const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** The figures of the rates phase (throughput, CPU, GC). */
function ratesFigures(rates: RatesResult): {
	top: Record<string, unknown>;
	details: Record<string, unknown>;
} {
	const triggerRates = rates.trigger.map(rate);
	const rawRates = rates.raw.map(rate);
	const layerRates = rates.requestLayer.map(rate);
	// Runs are interleaved raw, trigger, request layer, raw, …: trigger run i sits between raw
	// runs i and i + 1.
	const pairedRatios = triggerRates.map((t, i) => t / ((rawRates[i] + rawRates[i + 1]) / 2));
	const triggerRowsPerSec = Math.round(median(triggerRates));
	const rawRowsPerSec = Math.round(median(rawRates));
	return {
		top: {
			triggerRowsPerSec,
			rawRowsPerSec,
			// Median of paired ratios: each trigger run against the raw runs just before and after
			// it. The mock's speed drifts between runs (it is the larger part of every request), so
			// pairs compare runs that saw the same conditions; the ratio of the medians is kept too.
			ratio: Math.round(median(pairedRatios) * 1000) / 1000,
			ratioOfMedians: Math.round((triggerRowsPerSec / rawRowsPerSec) * 1000) / 1000,
			// CPU seconds of one 200k backfill (median over the rounds), and of the raw loop.
			triggerCpuSeconds: Math.round(median(rates.trigger.map(cpu)) * 100) / 100,
			rawCpuSeconds: Math.round(median(rates.raw.map(cpu)) * 100) / 100,
		},
		details: {
			requestLayerRowsPerSec: Math.round(median(layerRates)),
			rounds: rates.trigger.length,
			triggerRowsPerSecRuns: triggerRates.map(Math.round),
			rawRowsPerSecRuns: rawRates.map(Math.round),
			requestLayerRowsPerSecRuns: layerRates.map(Math.round),
			pairedRatios: pairedRatios.map((r) => Math.round(r * 1000) / 1000),
			cpuSeconds: {
				trigger: rates.trigger.map(cpu),
				raw: rates.raw.map(cpu),
				requestLayer: rates.requestLayer.map(cpu),
			},
			gcSeconds: {
				trigger: rates.trigger.map(gc),
				raw: rates.raw.map(gc),
				requestLayer: rates.requestLayer.map(gc),
			},
			triggerRows: rates.trigger[0].rows,
			triggerPolls: rates.trigger[0].polls,
			triggerRequests: rates.trigger[0].requests,
			rawRows: rates.raw[0].rows,
			rawRequests: rates.raw[0].requests,
		},
	};
}

function steadyFigures(steady: SteadyResult): {
	top: Record<string, unknown>;
	details: Record<string, unknown>;
} {
	return {
		top: {
			peakRssMb: Math.round(steady.peakRssMb * 10) / 10,
			staticDataBytes: steady.staticDataBytes,
			idlePollRequests: steady.idlePollRequests,
		},
		details: {
			steadyPolls: steady.steadyPolls,
			steadyRowsEmitted: steady.steadyRows,
			steadyBackfillCpuSeconds: cpu(steady.backfill),
		},
	};
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : '—');

/** The main table of bench/results.md from results.json: each figure says when it was measured. */
export function mainMarkdown(r: Results): string {
	const d = (r.details ?? {}) as Record<string, unknown>;
	const m = r.measured ?? {};
	const ok = (value: number, b: boolean) =>
		Number.isNaN(value) ? 'not measured' : b ? 'met' : 'missed';
	const when = (phase: string) => {
		const x = m[phase];
		return x
			? `${phase}: ${x.date} (load ${x.loadAverage.join(' / ')}), \`${x.command}\``
			: `${phase}: not measured`;
	};
	const cpus = (d.cpuSeconds ?? {}) as Record<string, unknown>;
	const gcs = (d.gcSeconds ?? {}) as Record<string, unknown>;
	const machine = (r.machine ?? {}) as Record<string, unknown>;
	const ww = (r.watchWindow ?? {}) as Record<string, unknown>;
	const watchDate =
		typeof ww.date === 'string'
			? `${ww.date}, by \`npm run bench\` or \`npx ts-node --transpile-only bench/watch.ts\``
			: 'not measured';
	const ratio = num(r.ratio);
	// Paired ratios that spread widely (a loaded machine) make the median a weak figure: said so.
	const paired = Array.isArray(d.pairedRatios) ? (d.pairedRatios as number[]) : [];
	const lo = Math.min(...paired);
	const hi = Math.max(...paired);
	const ratioDoubt =
		paired.length && hi - lo > 0.1
			? ` (unreliable: the paired ratios spread from ${lo} to ${hi}; load ${m.rates?.loadAverage.join(' / ') ?? '?'})`
			: '';
	const rss = num(r.peakRssMb);
	const bytes = num(r.staticDataBytes);
	const idle = num(r.idlePollRequests);
	return `# Keitaro Trigger benchmark

When each figure was measured (the machine is shared; the load average is the 1 / 5 / 15-minute one at the end of the phase):
- ${when('rates')}: rows/s, ratio, CPU and GC;
- ${when('steady')}: peak RSS, static data, idle poll.
- watch window (the section further down): ${watchDate}.

| Metric | Value | Goal | | Phase |
|---|---|---|---|---|
| Trigger rows/s: poll() via Harness + axios, 30-day backfill (median of ${String(d.rounds ?? '?')}) | ${String(r.triggerRowsPerSec ?? '—')} | | | rates |
| Raw rows/s: fetch + JSON.parse, same endpoint, body and page size (median of ${Array.isArray(d.rawRowsPerSecRuns) ? d.rawRowsPerSecRuns.length : '?'}) | ${String(r.rawRowsPerSec ?? '—')} | | | rates |
| Ratio: median of the paired ratios (each trigger run ÷ the mean of the raw runs just before and after it) | ${String(r.ratio ?? '—')} | ≥ 0.85 | ${ok(ratio, ratio >= 0.85)}${ratioDoubt} | rates |
| Ratio of the two medians above (for reference) | ${String(r.ratioOfMedians ?? '—')} | | | rates |
| CPU seconds of one 200k-conversion backfill, trigger / raw loop (medians) | ${String(r.triggerCpuSeconds ?? '—')} / ${String(r.rawCpuSeconds ?? '—')} | | | rates |
| Peak RSS of the trigger process | ${String(r.peakRssMb ?? '—')} MB | ≤ 250 MB | ${ok(rss, rss <= 250)} | steady |
| Static data after the backfill + ${String(d.steadyPolls ?? '?')} polls | ${String(r.staticDataBytes ?? '—')} B | ≤ 64 KB | ${ok(bytes, bytes <= 65536)} | steady |
| Requests of an idle poll | ${String(r.idlePollRequests ?? '—')} | = 1 | ${ok(idle, idle === 1)} | steady |

Runs in one process, interleaved raw, trigger, request layer, raw, … (rows/s): trigger ${list(d.triggerRowsPerSecRuns)}; raw ${list(d.rawRowsPerSecRuns)}. Paired ratios: ${list(d.pairedRatios)}. The mock does most of the work of every request and its speed drifts from run to run (raw runs above), so a trigger run is compared with the raw runs next to it rather than with raw runs that met a faster or slower mock. On a loaded machine the mock (another process) and the trigger compete for the same cores, so rows/s and the ratio move with the load; CPU seconds move less.

CPU seconds of the measuring process per run (all its threads; the mock runs in another process): trigger ${list(cpus.trigger)}; raw ${list(cpus.raw)}; request layer ${list(cpus.requestLayer)}. Garbage-collection pauses (s): trigger ${list(gcs.trigger)}; raw ${list(gcs.raw)}; request layer ${list(gcs.requestLayer)}. The trigger holds up to Max Items per Poll (5000) output items until poll() returns; the raw loop keeps nothing, so most of the trigger's extra collection work is copying those items.

Diagnostic reference (not a goal): the same requests through the n8n stand-in and the shared request layer only (Harness → axios → keitaroApiRequest with its JSON.parse, no engine, no mapping): ${String(d.requestLayerRowsPerSec ?? '—')} rows/s (runs ${list(d.requestLayerRowsPerSecRuns)}). Raw → request layer is the cost of the request path; request layer → trigger is the trigger's own (engine, New Conversion id set, canonical mapping, n8n items).

Details: ${String(d.conversions ?? '?')} conversions in the mock (its own process); ${String(d.pageSize ?? '?')} rows per request in both loops (a poll's first page asks, on top, for the rows of the second that the poll before was cut in, which it reads again: \`nodes/Keitaro/trigger/watch.ts\`, read A). A trigger backfill: ${String(d.triggerRows ?? '?')} rows, ${String(d.triggerPolls ?? '?')} polls (Max Items per Poll 5000), ${String(d.triggerRequests ?? '?')} requests (one is the activation poll's sub_id column probe; 241 before the first-page fix of 2026-12-07, one extra page per poll); the raw loop: ${String(d.rawRows ?? '?')} rows, ${String(d.rawRequests ?? '?')} requests. Steady phase: ${String(d.steadyPolls ?? '?')} polls, each one simulated minute after the last, with 5 new conversions and one status change; ${String(d.steadyRowsEmitted ?? '?')} conversions emitted. New Conversion's static data is the set of conversion ids seen in the Watch Window as runs of consecutive ids per block of 4,096 ids (\`nodes/shared/polling/idRanges.ts\`); the mock's 200,000 conversions have ids 1…200,000 with postback times spread at random over the 30 days, so the whole window is a few runs.

Machine: ${String(machine.cpuModel ?? '?')}, ${String(machine.cores ?? '?')} cores, Node ${String(machine.node ?? '?')}, ${String(machine.platform ?? '?')}.
`;
}

/** Re-renders the main table of results.md from results.json, keeping the sections after it. */
function rerenderMain(): void {
	const jsonPath = path.join(__dirname, 'results.json');
	const mdPath = path.join(__dirname, 'results.md');
	const old = readFileSync(mdPath, 'utf8');
	const cut = old.indexOf('\n## Conversion Status Changed: watch window');
	const md = mainMarkdown(JSON.parse(readFileSync(jsonPath, 'utf8')) as Results);
	writeFileSync(mdPath, cut >= 0 ? `${md}${old.slice(cut)}` : md);
}

async function main(): Promise<void> {
	if (ONLY === 'md') {
		// No measurement.
		rerenderMain();
		return;
	}
	const dir = path.join(build(), 'bench');
	const mock = fork(path.join(dir, 'mock-child.js'), [], { execArgv: [] });
	const ready = await once<MockReady>(mock, 'ready');
	console.log(`mock: ${ready.conversions} conversions; page size ${PAGE_SIZE}; ${ROUNDS} rounds`);

	const base = { ready, pageSize: PAGE_SIZE, rounds: ROUNDS, steadyPolls: STEADY_POLLS };
	const jsonPath = path.join(__dirname, 'results.json');
	const mdPath = path.join(__dirname, 'results.md');
	// BENCH_ONLY: the other phases' figures stay as they were, with their own dates.
	const loaded: Results =
		ONLY && existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Results) : {};
	// A file from before per-phase dates: only the watch-window figures (dated) are kept.
	const results: Results = loaded.measured
		? loaded
		: { watchWindow: loaded.watchWindow, statusWatch: loaded.statusWatch };
	const command =
		ONLY === 'rates'
			? `BENCH_ONLY=rates BENCH_ROUNDS=${ROUNDS} npx ts-node --transpile-only bench/run.ts`
			: ONLY
				? `BENCH_ONLY=${ONLY} npx ts-node --transpile-only bench/run.ts`
				: 'npm run bench';
	const merge = (
		phase: string,
		f: { top: Record<string, unknown>; details: Record<string, unknown> },
	) => {
		Object.assign(results, f.top);
		results.details = {
			...(results.details ?? {}),
			...f.details,
			conversions: ready.conversions,
			pageSize: PAGE_SIZE,
		};
		results.measured = {
			...(results.measured ?? {}),
			[phase]: { date: new Date().toISOString(), command, loadAverage: loadAverage() },
		};
	};
	if (ONLY === '' || ONLY === 'rates') {
		const rates = await runWorker<RatesResult>(dir, mock, { ...base, mode: 'rates' }, 'rates');
		const fig = (runs: Run[]) =>
			runs.map((r) => `${Math.round(rate(r))} rows/s cpu ${cpu(r)} s gc ${gc(r)} s`).join('; ');
		console.log(`raw: ${fig(rates.raw)}\ntrigger: ${fig(rates.trigger)}`);
		console.log(`request layer: ${fig(rates.requestLayer)}`);
		merge('rates', ratesFigures(rates));
	}
	if (ONLY === '' || ONLY === 'steady') {
		const st = await runWorker<SteadyResult>(dir, mock, { ...base, mode: 'steady' }, 'steady');
		const b = st.backfill;
		console.log(
			`steady worker: backfill ${b.rows} rows, cpu ${cpu(b)} s, gc ${gc(b)} s; after ${st.steadyPolls} polls static data ${st.staticDataBytes} B, idle poll ${st.idlePollRequests} request(s), peak RSS ${st.peakRssMb.toFixed(1)} MB`,
		);
		merge('steady', steadyFigures(st));
	}
	mock.disconnect();
	if (ONLY !== '' && ONLY !== 'rates' && ONLY !== 'steady') {
		throw new Error(`BENCH_ONLY must be rates or steady (or unset), got ${ONLY}`);
	}

	const cpus = os.cpus();
	results.goals = {
		ratio: '>= 0.85',
		peakRssMb: '<= 250',
		staticDataBytes: '<= 65536',
		idlePollRequests: '= 1',
	};
	results.machine = {
		cpuModel: cpus[0]?.model ?? 'unknown',
		cores: cpus.length,
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		loadAverage: loadAverage(),
	};
	results.command = command;
	results.date = new Date().toISOString();
	writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
	const md = mainMarkdown(results);
	// The watch-window section (bench/watch.ts) is kept when only a main phase ran.
	const old = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
	const cut = old.indexOf('\n## Conversion Status Changed: watch window');
	writeFileSync(mdPath, ONLY && cut >= 0 ? `${md}${old.slice(cut)}` : md);
	console.log(md);
	if (ONLY) return;
	// Watch-window figures of Conversion Status Changed (bench/watch.ts), merged into both files.
	const watch = (await import(path.join(dir, 'watch.js'))) as typeof import('./watch');
	const cells = await watch.runWatchBench();
	watch.writeWatchResults(cells, __dirname);
	// The main table's header says when the watch-window figures were measured: now.
	rerenderMain();
	console.log(watch.watchMarkdown(cells));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});

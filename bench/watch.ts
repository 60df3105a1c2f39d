/**
 * Watch-window figures of the Keitaro conversion watch (issue 11), part of `npm run bench`
 * (standalone: `npx ts-node --transpile-only bench/build.ts && node bench/.tmp/build/bench/watch.js`;
 * it runs from the build because ts-node would resolve `KeitaroTrigger.node` to the codex JSON).
 *
 * For each time model (`fixed`, `datetime`, `moves`) × id order (`arrival`, `click`): an in-process
 * Keitaro mock holds 50,000 conversions over the 30 days before its clock (ids assigned at click
 * time in the `click` order: clicks come 0–3 days before their conversion, 3 clicks per
 * conversion). A Conversion Status Changed trigger (Watch Window 30 days, Sweep Period 15 min,
 * From Now) is activated, then polled every simulated minute for POLLS minutes while 2 % of the
 * window's conversions change status per day (spread uniformly) and ~1.2 new conversions arrive per
 * minute (before activation a conversion k days old has changed with probability 2 % × k). Measured: requests and rows read per poll and per idle poll (a poll that emits nothing),
 * static data bytes, and the delay from a change to its event, by whether the change gave the row
 * a time the trigger reads (`sale_datetime`, a moving `datetime` or `postback_datetime`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { queryLog } from '../test/mock-servers/keitaro/report';
import { startKeitaroMock } from '../test/mock-servers/keitaro/server';
import type { ConversionIdOrder, ConversionTimeModel } from '../test/mock-servers/keitaro/store';
import { TriggerDriver } from '../test/unit/keitaro/trigger/driver';

const CONVERSIONS = Number(process.env.BENCH_WATCH_CONVERSIONS ?? 50_000);
const POLLS = Number(process.env.BENCH_WATCH_POLLS ?? 120);
const DAY = 86_400_000;
const MIN = 60_000;

export interface WatchCell {
	model: ConversionTimeModel;
	order: ConversionIdOrder;
	polls: number;
	requestsPerPoll: number;
	requestsPerIdlePoll: number;
	rowsPerIdlePoll: number;
	idlePolls: number;
	staticDataBytes: number;
	changes: number;
	emitted: number;
	/** Delay change → event, in poll intervals (1 = the next poll). */
	timedDelayMaxPolls: number;
	timedDelayMeanPolls: number;
	untimedDelayMaxMinutes: number;
	untimedDelayMeanMinutes: number;
	activationRequests: number;
}

function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export async function runWatchCell(
	model: ConversionTimeModel,
	order: ConversionIdOrder,
): Promise<WatchCell> {
	const mock = await startKeitaroMock({
		seed: 3,
		seedData: { days: 0 },
		conversionTimeModel: model,
		conversionIdOrder: order,
	});
	const realNow = Date.now;
	Date.now = () => mock.state.clock.nowMs();
	try {
		const s = mock.state;
		const r = rng(17);
		const campaign = (s.campaigns.all().find((c) => c.state === 'active') as { id: number }).id;
		const now0 = s.clock.nowMs();
		// Clicks in click-time order (3 per conversion), conversions 0–3 days after a click.
		const start = now0 - 33 * DAY;
		const clickTimes = Array.from(
			{ length: CONVERSIONS * 3 },
			(_, i) => start + Math.floor((i * 33 * DAY) / (CONVERSIONS * 3) / 1000) * 1000,
		);
		const conv: Array<{ click: number; at: number }> = [];
		const ck: number[] = [];
		for (const t of clickTimes)
			ck.push(s.addClick({ campaign_id: campaign, datetime: t }).click_id);
		for (let k = 0; k < CONVERSIONS; k++) {
			const at = now0 - 30 * DAY + Math.floor((k * 30 * DAY) / CONVERSIONS);
			// A click 0–3 days before (arrival order: the k-th click of the same slot).
			const back = order === 'click' ? Math.floor(r() * 3 * DAY) : 0;
			const idx = Math.max(
				0,
				Math.min(ck.length - 1, Math.floor(((at - back - start) / (33 * DAY)) * ck.length)),
			);
			conv.push({ click: idx, at });
		}
		const used = new Set<number>();
		for (const c of conv) {
			let i = c.click;
			while (used.has(i)) i = (i + 1) % ck.length;
			used.add(i);
			s.addConversion({ click_id: ck[i], status: 'lead', postback_datetime: c.at });
		}
		const ids = [...Array(s.conversionCount).keys()].map((row) => s.conversionIdOf(row));
		// The window's history: a conversion k days old has changed with probability 2 % × k.
		const status = new Map<number, string>();
		ids.forEach((id, k) => {
			const ageDays = 30 - (k * 30) / CONVERSIONS;
			if (r() < 0.02 * ageDays) {
				const to = r() < 0.5 ? 'sale' : 'rejected';
				// At a time between the conversion and now (moves `postback_datetime` under `moves`).
				const at = conv[k].at + Math.floor((r() * (now0 - conv[k].at)) / 1000) * 1000;
				s.setConversionStatus(id, to, { force: true, at });
				status.set(id, to);
			}
		});

		const d = new TriggerDriver(mock, {
			event: 'conversionStatusChanged',
			options: { watchWindowDays: 30, sweepPeriodMinutes: 15, pageSize: 1000 },
		});
		const logs = () => mock.requests.entries.filter((e) => e.path.endsWith('/conversions/log'));
		await d.poll();
		const activationRequests = logs().length;

		const pending = new Map<number, { poll: number; timed: boolean }>();
		const timed: number[] = [];
		const untimed: number[] = [];
		let changes = 0;
		let requests = 0;
		let idleRequests = 0;
		let idleRows = 0;
		let idlePolls = 0;
		const perMinute = (CONVERSIONS * 0.02) / 1440;
		let carry = 0;
		for (let p = 0; p < POLLS; p++) {
			s.clock.advance(MIN);
			// New conversions (~1.2 a minute) and 2 % of the window changing per day.
			if (r() < CONVERSIONS / 30 / 1440) {
				const v = s.addConversion({ status: 'lead' });
				ids.push(v.conversion_id);
			}
			carry += perMinute;
			while (carry >= 1) {
				carry--;
				const id = ids[Math.floor(r() * (ids.length - 1))];
				if (pending.has(id)) continue;
				const from = status.get(id) ?? 'lead';
				const to = from === 'lead' ? (r() < 0.5 ? 'sale' : 'rejected') : 'lead';
				s.setConversionStatus(id, to as 'lead', { force: true });
				status.set(id, to);
				changes++;
				// Whether the log gives this change a time the trigger reads.
				const isTimed = model !== 'fixed' || to === 'sale';
				pending.set(id, { poll: p, timed: isTimed });
			}
			const before = logs().length;
			const out = await d.poll();
			const fresh = logs().slice(before);
			requests += fresh.length;
			for (const e of out.items as IDataObject[]) {
				const id = Number(e.conversionId);
				const pend = pending.get(id);
				if (!pend) continue;
				// Polls from the change to its event (1 = the first poll after it); a poll a minute.
				const polls = p - pend.poll + 1;
				if (pend.timed) timed.push(polls);
				else untimed.push((polls * MIN) / MIN);
				pending.delete(id);
			}
			if (out.items.length === 0) {
				idlePolls++;
				idleRequests += fresh.length;
				for (const e of fresh) {
					idleRows += queryLog(s, 'conversions', e.body, {
						stringNumbers: true,
						reportDateMode: 'click',
					}).rows.length;
				}
			}
		}
		const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
		const round = (x: number, k = 100) => Math.round(x * k) / k;
		return {
			model,
			order,
			polls: POLLS,
			requestsPerPoll: round(requests / POLLS),
			requestsPerIdlePoll: round(idleRequests / Math.max(1, idlePolls)),
			rowsPerIdlePoll: Math.round(idleRows / Math.max(1, idlePolls)),
			idlePolls,
			staticDataBytes: d.stateBytes(),
			changes,
			emitted: d.emitted.length,
			timedDelayMaxPolls: round(Math.max(0, ...timed)),
			timedDelayMeanPolls: round(mean(timed)),
			untimedDelayMaxMinutes: round(Math.max(0, ...untimed)),
			untimedDelayMeanMinutes: round(mean(untimed)),
			activationRequests,
		};
	} finally {
		Date.now = realNow;
		await mock.close();
	}
}

/** RedTrack Conversion Status Changed: static data of the shared status watch (statusWatch.ts). */
export interface StatusWatchSize {
	ids: string;
	conversions: number;
	staticDataBytes: number;
	/** Milliseconds of one idle poll over the whole window (read, compare, save), in process. */
	pollMs: number;
}

let statusWatchSizes: StatusWatchSize[] | undefined;

interface WatchBenchRow {
	id: string;
	status: string;
	day: number;
}

/**
 * 50,000 conversions in a 30-day window (3 statuses, 1 in 50 changed once) under two id shapes:
 * counter ids that share a head (time-ordered, stored exactly) and ObjectId-like ids with 40
 * random bits (stored as 44-bit hashes: the floor for such ids).
 */
export async function runStatusWatchSizes(): Promise<StatusWatchSize[]> {
	const { pollStatusWatch, dayNumber } = await import('../nodes/shared/polling/statusWatch');
	const today = dayNumber('2025-06-16');
	const T0 = Date.UTC(2025, 5, 16, 12);
	const r = rng(5);
	const shapes: Array<[string, (i: number) => string]> = [
		[
			'time-ordered counter ids (24 hex)',
			(() => {
				let next = 0x6850_0000_0000;
				return () =>
					`6850a1b2c3d4${(next += 1 + Math.floor(r() * 8)).toString(16).padStart(12, '0')}`;
			})(),
		],
		[
			'ObjectId-like ids with 40 random bits',
			(i) =>
				`${(0x6850_0000 + i * 52).toString(16)}${i.toString(16).padStart(6, '0')}` +
				Math.floor(r() * 2 ** 40)
					.toString(16)
					.padStart(10, '0'),
		],
	];
	const out: StatusWatchSize[] = [];
	for (const [label, idOf] of shapes) {
		const rows: WatchBenchRow[] = Array.from({ length: CONVERSIONS }, (_, i) => ({
			id: idOf(i),
			status: r() < 0.3 ? 'approved' : r() < 0.2 ? 'declined' : 'pending',
			day: today - 29 + Math.floor((i * 30) / CONVERSIONS),
		}));
		const o = (now: number) => ({
			stream: 'bench',
			today,
			now,
			async readDays(lo: number, hi: number, onRows: (rows: WatchBenchRow[]) => void) {
				onRows(rows.filter((x) => x.day >= lo && x.day <= hi));
				return true;
			},
			describe: (x: WatchBenchRow) => x,
			normalize: (x: string) => x,
		});
		const first = await pollStatusWatch(undefined, o(T0));
		let state: unknown = JSON.parse(JSON.stringify(first.state));
		for (let i = 0; i < rows.length; i += 50) rows[i].status = 'declined';
		state = JSON.parse(JSON.stringify((await pollStatusWatch(state, o(T0 + 15 * MIN))).state));
		const t = process.hrtime.bigint();
		const idle = await pollStatusWatch(state, o(T0 + 30 * MIN));
		const bytes = JSON.stringify(idle.state).length;
		const pollMs = Number(process.hrtime.bigint() - t) / 1e6;
		out.push({
			ids: label,
			conversions: CONVERSIONS,
			staticDataBytes: bytes,
			pollMs: Math.round(pollMs),
		});
	}
	return out;
}

export async function runWatchBench(): Promise<WatchCell[]> {
	statusWatchSizes = await runStatusWatchSizes();
	for (const x of statusWatchSizes) console.log(`statusWatch ${x.ids}: ${JSON.stringify(x)}`);
	const cells: WatchCell[] = [];
	for (const model of ['fixed', 'datetime', 'moves'] as const) {
		for (const order of ['arrival', 'click'] as const) {
			const cell = await runWatchCell(model, order);
			console.log(`watch ${model}/${order}: ${JSON.stringify(cell)}`);
			cells.push(cell);
		}
	}
	return cells;
}

export function watchMarkdown(cells: WatchCell[]): string {
	const ok = (b: boolean) => (b ? 'met' : 'MISSED');
	const rows = cells
		.map(
			(c) =>
				`| ${c.model} / ${c.order} | ${c.requestsPerIdlePoll} (${ok(c.requestsPerIdlePoll <= 3)}) | ${c.rowsPerIdlePoll} | ${c.staticDataBytes} (${ok(c.staticDataBytes <= 131072)}) | ${c.changes} / ${c.emitted} | ${c.timedDelayMeanPolls} / ${c.timedDelayMaxPolls} (${ok(c.timedDelayMaxPolls <= 2)}) | ${c.untimedDelayMeanMinutes} / ${c.untimedDelayMaxMinutes} (${ok(c.untimedDelayMaxMinutes <= 30)}) | ${c.activationRequests} |`,
		)
		.join('\n');
	return `## Conversion Status Changed: watch window

${CONVERSIONS} conversions in a 30-day Watch Window, 2 % of them changing status per day, ~1.2 new a minute; a poll every simulated minute for ${POLLS} minutes after activation (From Now); Sweep Period 15 min; page size 1000 (sweeps read 5000 narrow rows per request).

| Time model / ids | Requests per idle poll (goal ≤ 3, mean) | Rows read per idle poll (mean) | Static data bytes (goal ≤ 128 KB) | Changes made / emitted | Delay, changes the log gives a time: mean / max, in polls (goal ≤ 2) | Delay, changes without a time: mean / max, minutes (goal ≤ 2 sweep periods = 30) | Requests of the activation poll (baseline) |
|---|---|---|---|---|---|---|---|
${rows}

"A time": \`sale_datetime\` under \`fixed\` (a change to sale), the \`datetime\` column under \`datetime\`, \`postback_datetime\` under \`moves\`; every other change is found by the sweep. Changes still waiting at the end are not in the delays (emitted < made when a change came in the last sweep period).
${statusWatchMarkdown()}`;
}

function statusWatchMarkdown(): string {
	if (!statusWatchSizes) return '';
	const rows = statusWatchSizes
		.map(
			(x) =>
				`| ${x.ids} | ${x.staticDataBytes} (${x.staticDataBytes <= 131072 ? 'met' : 'MISSED'}) | ${x.pollMs} |`,
		)
		.join('\n');
	return `
## RedTrack Conversion Status Changed: status watch state

${CONVERSIONS} conversions in a 30-day Watch Window, 3 statuses, 2 % changed (shared status watch, \`nodes/shared/polling/statusWatch.ts\`, in process, no HTTP). Ids that share a head and end in a counter are stored exactly; ids with random parts as 44-bit hashes (about 7 characters each: the 128 KB goal cannot be met for them without shorter, colliding hashes).

| Ids | Static data bytes (goal ≤ 128 KB) | One idle poll over the window, ms |
|---|---|---|
${rows}
`;
}

/** Merges the watch figures into bench/results.json and bench/results.md (replacing them). */
export function writeWatchResults(cells: WatchCell[], benchDir: string): void {
	const jsonPath = path.join(benchDir, 'results.json');
	const mdPath = path.join(benchDir, 'results.md');
	const json = existsSync(jsonPath)
		? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>)
		: {};
	json.watchWindow = {
		conversions: CONVERSIONS,
		pollsAfterActivation: POLLS,
		goals: {
			requestsPerIdlePoll: '<= 3',
			staticDataBytes: '<= 131072',
			timedDelayMaxPolls: '<= 2',
			untimedDelayMaxMinutes: '<= 30',
		},
		date: new Date().toISOString(),
		cells,
	};
	if (statusWatchSizes) {
		json.statusWatch = { goals: { staticDataBytes: '<= 131072' }, sizes: statusWatchSizes };
	}
	writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
	const md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Keitaro Trigger benchmark\n';
	const head = md.split('\n## Conversion Status Changed: watch window')[0].trimEnd();
	writeFileSync(mdPath, `${head}\n\n${watchMarkdown(cells)}`);
}

if (require.main === module) {
	// Run from the build (bench/.tmp/build/bench/watch.js): results go to the source bench/.
	const benchDir = path.resolve(__dirname, '..', '..', '..', '..', 'bench');
	runWatchBench()
		.then((cells) => {
			writeWatchResults(cells, existsSync(path.join(benchDir, 'run.ts')) ? benchDir : __dirname);
			console.log(watchMarkdown(cells));
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}

/**
 * New Conversion and Conversion Status Changed: the conversion watch.
 *
 * Keitaro keeps one row per conversion in `POST /conversions/log` and changes it in place on a
 * status postback. What such a postback does to the row's times is NOT known (issue 11): the
 * decoded 9.x code keeps `postback_datetime` (set at creation) and sets `sale_datetime` when the
 * status becomes `sale` (`fixed`); a field report says the `datetime` column moves (`datetime`);
 * our old mock moved `postback_datetime` (`moves`). Conversion ids may follow arrival order or be
 * assigned at click time. The watch is exact under every one of these, because it never relies
 * on which one holds:
 *
 * ## State: a memo of the Watch Window
 * A `StatusMemo` (nodes/shared/polling/statusMemo.ts) holds every conversion whose log time
 * (`postback_datetime`) is inside the Watch Window (default 30 days) with its last observed
 * `status`, `previous_status` and a change counter, bucketed by the UTC day of that time; days
 * that leave the window are pruned whole (Conversion Status Changed). New Conversion needs no
 * status: it keeps only the ids (`IdRanges`, nodes/shared/polling/idRanges.ts: runs of consecutive
 * ids per block, a block dropped when the latest sighting of all its ids has left the window; a
 * state of the earlier memo form is converted on load). Rows whose time is before the window are
 * ignored.
 *
 * ## Reads (every read is idempotent: a row equal to its memo entry does nothing)
 * - A, every poll: rows with `postback_datetime` in [cursor A, now] (all columns). New
 *   conversions under every model, and moved rows under `moves`;
 * - B / C (Conversion Status Changed), alternating polls: rows of the window with
 *   `datetime` ≥ cursor B, resp. `sale_datetime` ≥ cursor C. A change that moves one of these is
 *   seen within two polls;
 * - the sweep (Conversion Status Changed): the whole window, four narrow columns, pages of up to
 *   10,000 rows, spread over the polls of one Sweep Period (default 15 min); rows that differ from
 *   the memo are read again in full by id (`conversion_id IN_LIST`) and compared. Every change is
 *   seen within about two Sweep Periods even when the log gives it no time.
 * A cursor moves to `now − Lateness Window` after a complete read; a read cut by Max Items per
 * Poll or the poll budget keeps its cursor (the next poll reads the rest; the memo skips what was
 * done), so a burst of any size inside one second is emitted over several polls, nothing lost.
 * Read A starts again at its cursor's second from offset 0; its first page asks for as many more
 * rows as the last read A had done from that second on (`ad` in the state), so that a backfill cut
 * at a page end needs no extra page per poll for the few rows read again. Page sizes decide no
 * event: a wrong count costs one request at most. A cursor read asks for its next page before it
 * applies the current one when the current one cannot reach Max Items (the next page is read
 * anyway), so the tracker's answer time overlaps with building the items; a page that may reach
 * it is applied first, so no poll asks for a page it does not use.
 *
 * ## Events
 * New Conversion: a row whose id is not in the memo (whatever its status or previous status), so
 * a conversion re-read after a status change is never emitted twice and one created and changed
 * between polls is never lost, under both id orders.
 * Conversion Status Changed: a row (status S, previous status P) against its memo entry (M, M'):
 * - S = M and P = M': nothing;
 * - P = M: one change M → S; otherwise two changes M → P → S (the log proves P was the status
 *   before S, and M the one before that), flip-backs included (A→B→A shows as S=A, P=B);
 * - not in the memo (created after the last observation): P → S when P is set.
 * Each change carries `changeNumber` (the counter) and `eventKey` = `id|status|changeNumber`.
 *
 * ## What the log cannot show (stated limits)
 * - more than two changes between two observations of a conversion (A→B→C→D shows as D after C);
 * - changes that bring back exactly the observed pair (status, previous status): A→B→A when the
 *   last observation already showed status A after B;
 * - a conversion created and changed twice before it is first read: only the last change;
 * - changes of conversions whose log time is before the Watch Window;
 * - under `moves`, a conversion re-posted more than a Watch Window after its previous postback
 *   is taken for a new one by New Conversion (a repeat, never a loss).
 * n8n saves static data only after a poll that emits and after activation; after a restart the
 * reads repeat from the last saved cursors and the memo makes them idempotent (no repeat), but a
 * conversion first read after the last save and changed twice before the first poll after the
 * restart shows only its last change.
 *
 * First run: "From Now" reads the whole window as baseline (nothing emitted); a backfill
 * baselines the window before its start and then reads the rest as events. The baseline is read
 * whole in the activation poll, whatever the poll budget.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	deadlineFromBudget,
	dayOf,
	fingerprint,
	firstRunStart,
	formatLocal,
	parseTimeToMs,
	IdRanges,
	StatusMemo,
	validateFirstRun,
} from '../../shared/polling';
import type { FirstRun, IdRangesState, StatusMemoStateV1 } from '../../shared/polling';
import { readFirstRun, setupError } from '../../shared/trigger';
import { keitaroApiRequest } from '../transport';
import type { KeitaroFilter, TriggerOptions } from './common';
import { MAX_PAGE_SIZE } from './common';
import type { ConversionEventKind } from './conversions';
import { CONVERSION_BASE_COLUMNS, conversionToJson, subIdColumns } from './conversions';
import { KeitaroAnswerError, validateLogRows } from './schema';
import type { KeitaroStatusMapper } from './status';

export const WATCH_KEY = 'keitaroConversionWatch';
export const DEFAULT_WATCH_DAYS = 30;
export const DEFAULT_SWEEP_MINUTES = 15;
const SWEEP_COLUMNS = ['conversion_id', 'status', 'previous_status', 'postback_datetime'];
const IDS_PER_REQUEST = 500;

export interface WatchSettings {
	kind: ConversionEventKind;
	/** Server-side filters (campaign, offer, traffic source; New Conversion: statuses too). */
	filters: KeitaroFilter[];
	/** Status Changed: statuses / previous statuses to emit (applied to each change). */
	statuses: string[];
	previousStatuses: string[];
	watchMs: number;
	sweepMs: number;
	stream: unknown;
}

interface Sweep {
	/** When this sweep started (epoch ms). */
	s: number;
	/** Position: the second (epoch ms) and how many rows of it were read. */
	t: number;
	k: number;
	/** Rows left, as the last page's total said (-1 unknown). */
	r: number;
}

interface WatchStateV1 {
	v: 1;
	fp: string;
	/** Conversion Status Changed: the memo; New Conversion until state5 (converted on load). */
	memo?: StatusMemoStateV1;
	/** New Conversion: the ids seen in the window. */
	ids?: IdRangesState;
	a: number;
	b: number;
	c: number;
	/** Next secondary read: 0 = datetime (B), 1 = sale_datetime (C). */
	alt: 0 | 1;
	sw?: Sweep;
	/** Next sweep starts at or after this time. */
	ns: number;
	/** Time of the last poll. */
	lp: number;
	/** sub_id columns the tracker has (detected). */
	sc: number;
	/** Rows of cursor A's second that the last read A had done (sizes its next first page). */
	ad?: number;
}

interface Hop {
	from: string;
	to: string;
	n: number;
	reconstructed: boolean;
}

/** What one row changes, against its memo entry (exported for tests). */
export function hopsOf(
	memo: { status: string; prev: string; n: number } | undefined,
	status: string,
	prev: string,
): Hop[] {
	if (!memo) {
		return prev !== '' && prev !== status
			? [{ from: prev, to: status, n: 1, reconstructed: false }]
			: [];
	}
	if (status === memo.status && prev === memo.prev) return [];
	if (prev === '' || prev === status) {
		// No usable previous status: a change only if the status itself differs.
		return status !== memo.status
			? [{ from: memo.status, to: status, n: memo.n + 1, reconstructed: false }]
			: [];
	}
	if (prev === memo.status)
		return [{ from: prev, to: status, n: memo.n + 1, reconstructed: false }];
	return [
		{ from: memo.status, to: prev, n: memo.n + 1, reconstructed: true },
		{ from: prev, to: status, n: memo.n + 2, reconstructed: false },
	];
}

/** The memo key of a conversion id: an integer stays a number (no string per row), else its
 * `String` (the memo holds `5` and `'5'` as one id). */
function memoId(v: unknown): number | string {
	return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : String(v);
}

function str(v: unknown): string {
	return v === null || v === undefined ? '' : String(v).trim();
}

/** The ids of a New Conversion state written before state5 (a `StatusMemo` of ids with empty
 * statuses), without loss: every id, with the day it was last seen. */
export function idsOfMemoState(raw: unknown): IdRanges | undefined {
	const memo = StatusMemo.fromState(raw);
	if (!memo) return undefined;
	const ids = new IdRanges();
	for (const [id, entry] of memo.entries()) ids.add(id, Math.max(0, entry.day));
	return ids;
}

function decodeState(
	raw: unknown,
	fp: string,
	statusChanged: boolean,
): { state: WatchStateV1; memo: StatusMemo; seen: IdRanges } | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const st = raw as WatchStateV1;
	if (st.v !== 1 || st.fp !== fp) return undefined;
	for (const n of [st.a, st.b, st.c, st.ns, st.lp, st.sc]) {
		if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
	}
	if (statusChanged) {
		const memo = StatusMemo.fromState(st.memo);
		return memo ? { state: st, memo, seen: new IdRanges() } : undefined;
	}
	const seen = st.ids !== undefined ? IdRanges.fromState(st.ids) : idsOfMemoState(st.memo);
	return seen ? { state: st, memo: new StatusMemo(), seen } : undefined;
}

interface Budget {
	maxItems: number;
	deadline: number | undefined;
	now: () => number;
}

/** One poll of the conversion watch (not manual mode). */
export async function pollConversionWatch(
	ctx: IPollFunctions,
	settings: WatchSettings,
	options: TriggerOptions,
	mapper: KeitaroStatusMapper,
	now: () => number,
): Promise<INodeExecutionData[][] | null> {
	const firstRun = readFirstRun(ctx);
	const problems = validateFirstRun(firstRun);
	if (problems.length) throw setupError(ctx, problems);
	const N = now();
	const zone = options.timezone;
	const statusChanged = settings.kind === 'conversionStatusChanged';
	const fp = fingerprint({ stream: settings.stream, firstRun, v: 'watch1' });
	const staticData: Record<string, unknown> = ctx.getWorkflowStaticData('node');
	const decoded = decodeState(staticData[WATCH_KEY], fp, statusChanged);
	const budget: Budget = {
		maxItems: options.maxItemsPerPoll,
		deadline: deadlineFromBudget(
			typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined,
			N,
		),
		now,
	};
	const overlap = options.overlapMs;
	const windowStart = N - settings.watchMs;
	const windowDay = dayOf(windowStart);

	const request = async (
		body: IDataObject,
		columns: string[],
	): Promise<{ rows: IDataObject[]; total?: number }> => {
		const data = await keitaroApiRequest.call(ctx, 'POST', '/conversions/log', {
			body,
			idempotent: true,
			timeoutMs: options.timeoutMs,
		});
		const rows = validateLogRows(data, columns, 'conversions log');
		const t = (data as IDataObject | undefined)?.total;
		const total = typeof t === 'number' ? t : typeof t === 'string' ? Number(t) : NaN;
		return Number.isInteger(total) && total >= 0 ? { rows, total } : { rows };
	};

	let failure: unknown;
	try {
		const sc = decoded ? decoded.state.sc : await detectSubIds(request, options, zone);
		const columns = [...CONVERSION_BASE_COLUMNS, ...subIdColumns(Math.min(sc, options.subIdCount))];
		if (statusChanged) columns.push('sale_datetime');
		const toJson = conversionToJson(
			settings.kind,
			{ ...options, subIdCount: Math.min(sc, options.subIdCount) },
			mapper,
		);

		const rangeBody = (fromMs: number, toMs: number, extra: KeitaroFilter[]): IDataObject => {
			const from = formatLocal(fromMs, zone);
			const to = formatLocal(toMs, zone);
			const filters = [...settings.filters, ...extra];
			const body: IDataObject = {};
			if (options.conversionTimeMode === 'click') {
				body.range = { interval: 'all_time', timezone: zone };
				filters.push(
					{ name: 'postback_datetime', operator: 'EQUALS_OR_GREATER_THAN', expression: from },
					{ name: 'postback_datetime', operator: 'EQUALS_OR_LESS_THAN', expression: to },
				);
			} else {
				body.range = { from, to, timezone: zone };
			}
			if (filters.length) body.filters = filters as unknown as IDataObject[];
			return body;
		};

		// Status Changed keeps a memo of statuses; New Conversion only the ids it has seen.
		let memo: StatusMemo;
		let seen: IdRanges;
		let st: WatchStateV1;
		const emitted: IDataObject[] = [];
		let emitFrom = -Infinity;
		if (decoded) {
			memo = decoded.memo;
			seen = decoded.seen;
			st = decoded.state;
		} else {
			memo = new StatusMemo();
			seen = new IdRanges();
			const start = firstRun.mode === 'fromNow' ? N : firstRunStart(firstRun as FirstRun, N);
			// Baseline: the window before `start` (all of it for From Now), whatever the budget.
			await readAll(
				request,
				rangeBody,
				windowStart,
				firstRun.mode === 'fromNow' ? N : Math.min(N, start - 1),
				SWEEP_COLUMNS,
				options.pageSize,
				(row) => {
					const t = parseTimeToMs(row.postback_datetime, zone);
					if (!(t >= windowStart)) return;
					if (!statusChanged) {
						seen.add(memoId(row.conversion_id), dayOf(t));
						return;
					}
					const prev = str(row.previous_status);
					memo.set(memoId(row.conversion_id), dayOf(t), {
						status: str(row.status),
						prev,
						n: prev !== '' ? 1 : 0,
					});
				},
			);
			const cursor = firstRun.mode === 'fromNow' ? N - overlap : Math.max(start, windowStart);
			st = {
				v: 1,
				fp,
				a: cursor,
				b: N - overlap,
				c: N - overlap,
				alt: 0,
				ns: firstRun.mode === 'fromNow' ? N + settings.sweepMs : N,
				lp: N,
				sc,
			};
			emitFrom = start;
		}
		memo.pruneBefore(windowDay);
		seen.pruneBefore(windowDay);

		const gap = Math.max(1000, N - st.lp);
		let stopped = false;
		const mustStop = () => emitted.length >= budget.maxItems;
		const outOfTime = () => budget.deadline !== undefined && budget.now() >= budget.deadline;

		/** Applies one full row (events go to `emitted`); returns its `postback_datetime` (ms). */
		const apply = (row: IDataObject): number => {
			const t = parseTimeToMs(row.postback_datetime, zone);
			if (!(t >= windowStart)) return t;
			const id = memoId(row.conversion_id);
			const day = dayOf(t);
			if (!statusChanged) {
				// New (emitted) the first time its id is seen; a later sighting only extends how long
				// the id is remembered (its latest day).
				if (seen.add(id, day) && t >= emitFrom) emitted.push(toJson(row, t));
				return t;
			}
			const m = memo.get(id);
			const status = str(row.status);
			const prev = str(row.previous_status);
			const hops = hopsOf(m, status, prev);
			for (const hop of hops) {
				if (settings.statuses.length && !settings.statuses.includes(hop.to)) continue;
				if (settings.previousStatuses.length && !settings.previousStatuses.includes(hop.from))
					continue;
				emitted.push(changeItem(row, t, hop, toJson, mapper));
			}
			const n = hops.length ? hops[hops.length - 1].n : m ? m.n : prev !== '' ? 1 : 0;
			if (!m || hops.length || m.status !== status || m.prev !== prev || m.day !== day) {
				memo.set(id, day, { status, prev, n });
			}
			return t;
		};

		/** A cursor read: rows of [cursor, N] (filter on `column` when given); returns the new cursor. */
		const cursorRead = async (cursor: number, column: string | undefined): Promise<number> => {
			const from = formatLocal(cursor, zone);
			const body = column
				? rangeBody(windowStart, N, [
						{ name: column, operator: 'EQUALS_OR_GREATER_THAN', expression: from },
					])
				: rangeBody(cursor, N, []);
			const sortCol = column ?? 'postback_datetime';
			body.columns = column && !columns.includes(column) ? [...columns, column] : columns;
			body.sort = [
				{ name: sortCol, order: 'ASC' },
				{ name: 'conversion_id', order: 'ASC' },
			];
			const L = options.pageSize;
			const timeCol = column ?? 'postback_datetime';
			// The read starts again at its cursor's second, whose first `again` rows the last read
			// of this cursor had already done (the memo skips them). The first page asks for that
			// many more rows, so that it still brings L rows not done before: without it, a backfill
			// cut by Max Items at a page end needed one more page per poll for the last few items
			// (241 requests for 200 pages of 1000). Only the page size depends on `again`: every row
			// is still read from offset 0 and decided by the memo, so a wrong count (rows inserted,
			// moved or removed since) costs a request at most, never a row.
			const again = column === undefined ? Math.max(0, Math.floor(st.ad ?? 0)) : 0;
			// Cut by Max Items or the budget: the cursor moves to the second of the last row done
			// (rows of earlier seconds were all read; that second is read again, the memo skips
			// what was done), never past `now − Lateness Window`.
			let last = cursor;
			// Rows done in this read in the second `lastSec` (the latest row's), and from the
			// second of `now − Lateness Window` on: one of them is what the next read re-reads.
			let lastSec = -Infinity;
			let atLast = 0;
			const lateSec = Math.floor((N - overlap) / 1000) * 1000;
			let late = 0;
			const done = (next: number): number => {
				if (column === undefined) {
					const sec = Math.floor(next / 1000) * 1000;
					st.ad = sec === lastSec ? atLast : sec === lateSec ? late : 0;
				}
				return next;
			};
			const cut = (): number => done(Math.max(cursor, Math.min(last, N - overlap)));
			const cols = body.columns as string[];
			// Items a row can add at most (a status row: two changes).
			const perRow = statusChanged ? 2 : 1;
			let limit = Math.min(MAX_PAGE_SIZE, L + again);
			let offset = 0;
			let pending = request({ ...body, limit, offset }, cols);
			for (;;) {
				const res = await pending;
				const more =
					res.rows.length >= limit &&
					!(res.total !== undefined && offset + res.rows.length >= res.total);
				offset += limit;
				limit = L;
				// The next page is asked for before this one is applied when this page cannot reach
				// Max Items (so the next page is read whatever this one holds): the tracker's answer
				// time then overlaps with building the items. A page that may reach Max Items is
				// applied first, so a poll never asks for a page it does not use.
				let next: typeof pending | undefined;
				if (more && emitted.length + perRow * res.rows.length < budget.maxItems && !outOfTime()) {
					next = request({ ...body, limit, offset }, cols);
					// Awaited below; until then its failure must not count as unhandled.
					next.catch(() => undefined);
				}
				for (const row of res.rows) {
					const tA = apply(row);
					const t = column === undefined ? tA : parseTimeToMs(row[timeCol], zone);
					if (t > last) last = Math.floor(t / 1000) * 1000;
					const sec = Math.floor(t / 1000) * 1000;
					if (sec === lastSec) atLast++;
					else if (sec > lastSec) {
						lastSec = sec;
						atLast = 1;
					}
					if (sec >= lateSec) late++;
					if (mustStop()) {
						stopped = true;
						return cut();
					}
				}
				if (!more) break;
				if (next === undefined) {
					if (outOfTime()) {
						stopped = true;
						return cut();
					}
					next = request({ ...body, limit, offset }, cols);
				}
				pending = next;
			}
			return done(Math.max(cursor, N - overlap));
		};

		const sweepStep = async (): Promise<boolean> => {
			if (!st.sw) {
				if (N < st.ns) return true;
				st.sw = { s: N, t: windowStart, k: 0, r: -1 };
				st.ns = N + settings.sweepMs;
			}
			const sw = st.sw;
			const L = Math.min(MAX_PAGE_SIZE, Math.max(options.pageSize, 5000));
			const pollsLeft = Math.max(1, Math.floor((sw.s + settings.sweepMs - N) / gap));
			const pagesLeft = sw.r < 0 ? 1 : Math.ceil(sw.r / L);
			let pages = Math.max(1, Math.ceil(pagesLeft / pollsLeft));
			while (pages-- > 0 && st.sw) {
				if (outOfTime()) return false;
				const from = Math.max(sw.t, windowStart);
				const body = rangeBody(from, N, []);
				body.columns = SWEEP_COLUMNS;
				body.sort = [
					{ name: 'postback_datetime', order: 'ASC' },
					{ name: 'conversion_id', order: 'ASC' },
				];
				body.limit = L;
				body.offset = from === sw.t ? sw.k : 0;
				const res = await request(body, SWEEP_COLUMNS);
				const differ: string[] = [];
				for (const row of res.rows) {
					const t = parseTimeToMs(row.postback_datetime, zone);
					if (!(t >= windowStart)) continue;
					const id = String(row.conversion_id);
					const m = memo.get(id);
					const status = str(row.status);
					const prev = str(row.previous_status);
					if (m && m.status === status && m.prev === prev) {
						if (m.day !== dayOf(t)) memo.set(id, dayOf(t), m);
						continue;
					}
					if (!m && (prev === '' || prev === status)) {
						memo.set(id, dayOf(t), { status, prev, n: 0 });
						continue;
					}
					differ.push(id);
				}
				for (let i = 0; i < differ.length; i += IDS_PER_REQUEST) {
					const ids = differ.slice(i, i + IDS_PER_REQUEST);
					const full = rangeBody(windowStart, N, [
						{ name: 'conversion_id', operator: 'IN_LIST', expression: ids.map(Number) },
					]);
					full.columns = columns;
					full.limit = ids.length + 1;
					full.offset = 0;
					const rows = (await request(full, columns)).rows;
					for (const row of rows) apply(row);
				}
				// Position after this page (a cut by Max Items keeps the page: it is read again).
				if (mustStop()) return false;
				const rows = res.rows;
				if (
					rows.length < L ||
					(res.total !== undefined && (body.offset as number) + rows.length >= res.total)
				) {
					st.sw = undefined;
					break;
				}
				const tl =
					Math.floor(parseTimeToMs(rows[rows.length - 1].postback_datetime, zone) / 1000) * 1000;
				if (tl > sw.t) {
					let k = 0;
					for (const row of rows) if (parseTimeToMs(row.postback_datetime, zone) >= tl) k++;
					sw.t = tl;
					sw.k = k;
				} else {
					sw.k += rows.length;
				}
				sw.r =
					res.total !== undefined
						? Math.max(0, res.total - (body.offset as number) - rows.length)
						: -1;
			}
			return true;
		};

		// A read cut by Max Items or the poll budget keeps its cursor; later reads wait a poll.
		st.a = await cursorRead(st.a, undefined);
		if (statusChanged && !stopped) {
			const column = st.alt === 0 ? 'datetime' : 'sale_datetime';
			const next = await cursorRead(st.alt === 0 ? st.b : st.c, column);
			if (st.alt === 0) st.b = next;
			else st.c = next;
			if (!stopped) {
				st.alt = st.alt === 0 ? 1 : 0;
				if (!(await sweepStep())) stopped = true;
			}
		}

		if (statusChanged) {
			memo.pruneBefore(windowDay);
			st.memo = memo.toState();
		} else {
			seen.pruneBefore(windowDay);
			st.ids = seen.toState();
			delete st.memo;
		}
		st.lp = N;
		staticData[WATCH_KEY] = st;
		ctx.logger.debug(
			`Trigger poll: ${emitted.length} new, memo ${statusChanged ? memo.size : seen.size} conversions, stopped by ${stopped ? 'maxItems or deadline' : 'complete'}`,
		);
		if (!emitted.length) return null;
		return [ctx.helpers.returnJsonArray(emitted)];
	} catch (error) {
		failure = error;
	}
	if (failure instanceof KeitaroAnswerError) {
		throw new NodeOperationError(ctx.getNode(), failure.message, {
			description: `Field: ${failure.field}. Tracker: Keitaro. Run Keitaro → Tracker → Check Compatibility and paste its output into a bug report.`,
		});
	}
	// NodeApiError from the request layer (HTTP status kept) goes through unchanged.
	if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
	throw new NodeOperationError(ctx.getNode(), failure as Error);
}

function changeItem(
	row: IDataObject,
	t: number,
	hop: Hop,
	toJson: (row: IDataObject, postbackMs?: number) => IDataObject,
	mapper: KeitaroStatusMapper,
): IDataObject {
	const item = toJson(row, t);
	const last = !hop.reconstructed;
	item.rawStatus = hop.to;
	item.status = mapper.canonical(hop.to, last ? row.original_status : undefined);
	item.previousRawStatus = hop.from;
	item.previousStatus = mapper.canonical(hop.from);
	item.isRebill = hop.to.toLowerCase() === 'rebill';
	item.changeNumber = hop.n;
	item.eventKey = `${str(row.conversion_id)}|${hop.to}|${hop.n}`;
	// An earlier change the log proves (status before previous_status); the other fields are the
	// conversion's current ones.
	item.reconstructed = hop.reconstructed;
	return item;
}

/** Reads every row of [fromMs, toMs] (narrow columns), in pages. */
async function readAll(
	request: (
		body: IDataObject,
		columns: string[],
	) => Promise<{ rows: IDataObject[]; total?: number }>,
	rangeBody: (fromMs: number, toMs: number, extra: KeitaroFilter[]) => IDataObject,
	fromMs: number,
	toMs: number,
	columns: string[],
	pageSize: number,
	each: (row: IDataObject) => void,
): Promise<void> {
	if (toMs < fromMs) return;
	const L = Math.min(MAX_PAGE_SIZE, Math.max(pageSize, 5000));
	const body = rangeBody(fromMs, toMs, []);
	body.columns = columns;
	body.sort = [
		{ name: 'postback_datetime', order: 'ASC' },
		{ name: 'conversion_id', order: 'ASC' },
	];
	for (let offset = 0; ; offset += L) {
		const res = await request({ ...body, limit: L, offset }, columns);
		for (const row of res.rows) each(row);
		if (res.rows.length < L) return;
		if (res.total !== undefined && offset + res.rows.length >= res.total) return;
	}
}

/**
 * How many sub_id columns the log has: 30 (Keitaro 10.x+) or 15 (9.x). One probe asking for
 * `sub_id_30`; a 4xx answer means the column is unknown, then `sub_id_15` is checked.
 */
export async function detectSubIds(
	request: (body: IDataObject, columns: string[]) => Promise<{ rows: IDataObject[] }>,
	options: TriggerOptions,
	zone: string,
): Promise<number> {
	if (options.subIdCount <= 15) return options.subIdCount;
	const probe = async (n: number): Promise<boolean> => {
		let failed: unknown;
		try {
			await request(
				{
					range: { interval: 'today', timezone: zone },
					columns: ['conversion_id', `sub_id_${n}`],
					limit: 1,
					offset: 0,
				},
				['conversion_id'],
			);
			return true;
		} catch (error) {
			failed = error;
		}
		const code = Number((failed as { httpCode?: unknown }).httpCode);
		if (code >= 400 && code < 500 && code !== 401 && code !== 403 && code !== 429) return false;
		throw failed;
	};
	if (await probe(30)) return 30;
	if (await probe(15)) return 15;
	throw new KeitaroAnswerError(
		`Keitaro rejected the sub_id_15 and sub_id_30 columns of the conversions log; set Sub ID Columns to the number of sub_id columns your Keitaro has`,
		'sub_id_15',
	);
}

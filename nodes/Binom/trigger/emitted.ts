/**
 * New Conversion: the conversions already emitted (or present before the trigger started), so
 * that a conversion the engine meets again under a new time is not emitted twice.
 *
 * Whether a later postback moves a Binom conversion's `conversed_at` is NOT known (issue 11). If it
 * does, a status change made after the engine forgot the conversion's key (older than the
 * Lateness Window) brings the row back into the newest window under the same click id. This
 * companion of the engine remembers every emitted click id for the Watch Window (default 30
 * days, by UTC day of the conversion time; ids as 44-bit hashes in the shared `StatusMemo`) and
 * drops rows it already knows. On its first run it also learns the ids of conversions from before
 * the start (From Now: the whole Watch Window; a backfill: the window before its start), so an
 * old conversion that moves is not taken for a new one.
 *
 * Limits: a conversion moved more than the Watch Window after its conversion time is emitted again
 * (a repeat, never a loss); 44-bit hash collisions (~n²/2^45) would drop a new conversion.
 */
import type { CompanionInput, CompanionOutput } from '../../shared/trigger';
import { firstRunStart, fingerprint, StatusMemo } from '../../shared/polling';
import type { FirstRun } from '../../shared/polling';
import { memoIdOf } from '../../shared/polling/statusWatch';
import type { BinomDialect, BinomRow, BinomSourceOptions, ConversionDateField } from './sources';
import { listLog, rowTime } from './sources';

export const EMITTED_KEY = 'emittedIds';
const DAY_MS = 86_400_000;

interface EmittedStateV1 {
	v: 1;
	fp: string;
	memo: unknown;
}

export interface EmittedOptions {
	source: Pick<BinomSourceOptions, 'fetch' | 'retry'>;
	dialect: BinomDialect;
	dateField: ConversionDateField;
	pageSize: number;
	windowDays: number;
	stream: unknown;
	/** When the poll started (before the engine read the clock). */
	pollStart: number;
	/** The Lateness Window: the engine's own From Now baseline covers it. */
	latenessMs: number;
	/** The rows the engine read in this poll (its From Now baseline). */
	engineRead: () => BinomRow[];
}

/** Every conversion of `[fromMs, toMs]` (all pages; the preset dialect reads one page). */
async function readConversions(
	o: EmittedOptions,
	fromMs: number,
	toMs: number,
	nowMs: number,
	each: (row: BinomRow) => void,
): Promise<void> {
	const limit = o.pageSize;
	for (let offset = 0; ; offset += limit) {
		const rows = await listLog(o.source, '/conversions', o.dialect, {
			fromMs,
			toMs,
			nowMs,
			limit,
			offset,
			sortColumn: o.dateField,
		});
		for (const row of rows) each(row);
		if (o.dialect === 'preset' || rows.length < limit) return;
	}
}

export function emittedCompanion(o: EmittedOptions) {
	return {
		key: EMITTED_KEY,
		afterPoll: async (input: CompanionInput<BinomRow>): Promise<CompanionOutput<BinomRow>> => {
			const fp = fingerprint({
				stream: o.stream,
				firstRun: input.options.firstRun,
				w: o.windowDays,
			});
			const raw = input.state as Partial<EmittedStateV1> | undefined;
			const loaded =
				!input.result.stats.reset && raw && raw.v === 1 && raw.fp === fp
					? StatusMemo.fromState(raw.memo)
					: undefined;
			const memo = loaded ?? new StatusMemo();
			const firstDay = Math.floor(input.now / DAY_MS) - o.windowDays + 1;
			const dayOfRow = (row: BinomRow) => Math.floor(rowTime(row, o.dateField) / DAY_MS);
			// Rows already known are dropped (a conversion that came back under a new time).
			const rows = input.rows.filter((row) => !memo.has(memoIdOf(String(row.id))));
			if (!loaded) {
				// First run: conversions from before the start are not new, wherever they move later.
				const firstRun = input.options.firstRun as FirstRun;
				// From Now: the engine's baseline covers the Lateness Window (what it read is known;
				// what it did not read may still come late and be new), the rest is read here.
				const fromNow = firstRun.mode === 'fromNow';
				const start = fromNow ? o.pollStart - o.latenessMs : firstRunStart(firstRun, o.pollStart);
				const from = firstDay * DAY_MS;
				if (start > from) {
					await readConversions(o, from, start, input.now, (row) => {
						const t = rowTime(row, o.dateField);
						if (t < start) memo.set(memoIdOf(String(row.id)), dayOfRow(row), EMPTY);
					});
				}
				if (fromNow) {
					for (const row of o.engineRead()) {
						const day = dayOfRow(row);
						if (Number.isFinite(day)) memo.set(memoIdOf(String(row.id)), day, EMPTY);
					}
				}
			}
			for (const row of input.rows) {
				const day = dayOfRow(row);
				const id = memoIdOf(String(row.id));
				if (Number.isFinite(day) && !memo.has(id)) memo.set(id, day, EMPTY);
			}
			memo.pruneBefore(firstDay);
			const state: EmittedStateV1 = { v: 1, fp, memo: memo.toState() };
			return { rows, state };
		},
	};
}

const EMPTY = { status: '', prev: '', n: 0 };

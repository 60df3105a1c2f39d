/**
 * Binom "Conversion Status or Payout Changed" over the shared status watch
 * (nodes/shared/polling/statusWatch.ts). Binom's `/conversions` has no previous-status column, and
 * nothing says whether a postback moves `conversed_at`, in which order rows are listed, or which
 * query dialect the endpoint speaks (sources.ts). So the trigger re-reads the Watch Window by UTC
 * days (the two most recent days every poll, the older ones swept once per Sweep Period) and
 * compares each conversion's status and payout with the last ones it read: a difference is one
 * change, flip-backs included (A→B→A is two changes), whenever it comes within the window.
 *
 * A conversion's version is its raw status (trimmed, compared case-insensitively) and its payout
 * (4 decimals); the memo keeps both as one string `status␟payout`.
 */
import { normalizeRawStatus } from '../../shared/model/status';
import { dayNumber, pollStatusWatch } from '../../shared/polling/statusWatch';
import type { StatusWatchOptions, StatusWatchResult } from '../../shared/polling/statusWatch';
import { formatLocal } from '../../shared/polling';
import type { BinomDialect, BinomRow, BinomSourceOptions, ConversionDateField } from './sources';
import { BINOM_QUERY_ZONE, listLog, payoutKey, presetCovering, rowTime } from './sources';

const DAY_MS = 86_400_000;
const SEP = '\u001f';

/** The version string of a row: raw status and payout. */
export function versionOf(row: BinomRow): string {
	const status =
		typeof row.status === 'string' || typeof row.status === 'number'
			? String(row.status).trim()
			: '';
	return `${status}${SEP}${payoutKey(row.payout)}`;
}

/** Splits a version string into raw status and payout. */
export function splitVersion(version: string): { status: string; payout: number } {
	const i = version.lastIndexOf(SEP);
	if (i < 0) return { status: version, payout: 0 };
	return { status: version.slice(0, i), payout: Number(version.slice(i + 1)) };
}

/** Versions compare with the status normalised (case, spaces) and the payout as is. */
export function normalizeVersion(version: string): string {
	const v = splitVersion(version);
	return `${normalizeRawStatus(v.status)}${SEP}${v.payout}`;
}

export interface BinomWatchOptions extends Pick<
	StatusWatchOptions<BinomRow>,
	'stream' | 'now' | 'windowDays' | 'sweepMs' | 'includeNew' | 'maxItems' | 'deadline' | 'clock'
> {
	source: Pick<BinomSourceOptions, 'fetch' | 'retry'>;
	dialect: BinomDialect;
	dateField: ConversionDateField;
	pageSize: number;
}

export async function pollBinomWatch(
	previous: unknown,
	o: BinomWatchOptions,
): Promise<StatusWatchResult<BinomRow>> {
	const presetCache = new Map<string, BinomRow[]>();
	const dayOfRow = (row: BinomRow) => Math.floor(rowTime(row, o.dateField) / DAY_MS);
	return await pollStatusWatch<BinomRow>(previous, {
		...o,
		today: dayNumber(formatLocal(o.now, BINOM_QUERY_ZONE).slice(0, 10)),
		async readDays(fromDay, toDay, onRows, shouldStop) {
			const fromMs = fromDay * DAY_MS;
			const toMs = (toDay + 1) * DAY_MS - 1000;
			if (o.dialect === 'preset') {
				const preset = presetCovering(fromMs, o.now);
				let rows = presetCache.get(preset);
				if (!rows) {
					rows = await listLog(o.source, '/conversions', 'preset', {
						fromMs,
						toMs,
						nowMs: o.now,
						limit: 0,
						offset: 0,
						sortColumn: o.dateField,
					});
					presetCache.set(preset, rows);
				}
				onRows(
					rows.filter((r) => {
						const d = dayOfRow(r);
						return d >= fromDay && d <= toDay;
					}),
				);
				return true;
			}
			const limit = o.pageSize;
			for (let offset = 0; ; offset += limit) {
				if (offset > 0 && shouldStop()) return false;
				const rows = await listLog(o.source, '/conversions', 'window', {
					fromMs,
					toMs,
					nowMs: o.now,
					limit,
					offset,
					sortColumn: o.dateField,
				});
				onRows(
					rows.filter((r) => {
						const d = dayOfRow(r);
						return d >= fromDay && d <= toDay;
					}),
				);
				if (rows.length < limit) return true;
			}
		},
		describe(row) {
			return { id: String(row.id), status: versionOf(row), day: dayOfRow(row) };
		},
		normalize: normalizeVersion,
	});
}

/**
 * "Report Row New or Changed" for BeMob: BeMob re-synchronises the last three days of data every
 * night (docs §3.5), so a daily report is never final. Each poll reads the report for the last N
 * days (plus today), grouped by day and the chosen levels, in the account time zone, and compares
 * it with the previous read: a row is emitted when it is new or when one of its measures changed.
 *
 * State (static data `bemobRows`, JSON): for every row of the window, a 9-character hash of its
 * key and one of its measures; rows of days that left the window are dropped, so the state is
 * bounded by the rows of N + 1 days (hard cap `maxRows`). It is written only after the whole
 * report was read. Exactly once per change of a row's measures, as long as a row does not go back
 * to values it had at the previous read... which is then no change at all.
 */
import {
	decodeHash,
	encodeHash,
	fingerprint,
	hash53,
	HASH_CHARS,
	stableStringify,
} from '../../shared/polling/hash';

export interface RowsStateV1 {
	v: 1;
	/** Fingerprint of what defines the rows (levels, zone, measures). */
	fp: string;
	/** Key hashes and measure hashes, 9 characters each, in the same order. */
	k: string;
	m: string;
}

export type RowChange = 'new' | 'changed';

export interface RowsDiffInput<Row> {
	rows: readonly Row[];
	key(row: Row): string;
	measures(row: Row): unknown;
	config: unknown;
	previous: unknown;
	/** False when the report was cut off: rows not read keep their previous state. */
	complete: boolean;
	/** What the first read does: remember silently (default) or emit every row. */
	initial?: 'silent' | 'emit';
	cap: number;
}

export interface RowsDiffResult<Row> {
	changed: Array<{ row: Row; change: RowChange }>;
	state: RowsStateV1;
	reset?: 'first-run' | 'config-changed' | 'invalid-state';
}

function decode(raw: unknown): { fp: string; map: Map<number, number> } | undefined {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const s = raw as Record<string, unknown>;
	if (s.v !== 1 || typeof s.fp !== 'string' || typeof s.k !== 'string' || typeof s.m !== 'string') {
		return undefined;
	}
	if (s.k.length !== s.m.length || s.k.length % HASH_CHARS !== 0) return undefined;
	const map = new Map<number, number>();
	for (let i = 0; i < s.k.length; i += HASH_CHARS) {
		const k = decodeHash(s.k, i);
		const m = decodeHash(s.m, i);
		if (Number.isNaN(k) || Number.isNaN(m)) return undefined;
		map.set(k, m);
	}
	return { fp: s.fp, map };
}

export function diffReportRows<Row>(input: RowsDiffInput<Row>): RowsDiffResult<Row> {
	const fp = fingerprint(input.config ?? null);
	const prev = decode(input.previous);
	let reset: RowsDiffResult<Row>['reset'];
	if (!prev) {
		reset = input.previous === undefined || input.previous === null ? 'first-run' : 'invalid-state';
	} else if (prev.fp !== fp) reset = 'config-changed';
	const before = reset ? new Map<number, number>() : (prev as { map: Map<number, number> }).map;
	const silent = reset !== undefined && (input.initial ?? 'silent') === 'silent';
	const next = new Map<number, number>();
	const changed: Array<{ row: Row; change: RowChange }> = [];
	for (const row of input.rows) {
		const k = hash53(input.key(row));
		if (next.has(k)) continue; // a repeated key: the first row wins
		const m = hash53(stableStringify(input.measures(row)));
		next.set(k, m);
		const was = before.get(k);
		if (was === m || silent) continue;
		changed.push({ row, change: was === undefined ? 'new' : 'changed' });
	}
	if (!input.complete) for (const [k, m] of before) if (!next.has(k)) next.set(k, m);
	const keys: string[] = [];
	const measures: string[] = [];
	for (const [k, m] of next) {
		if (keys.length >= input.cap) break;
		keys.push(encodeHash(k));
		measures.push(encodeHash(m));
	}
	const result: RowsDiffResult<Row> = {
		changed,
		state: { v: 1, fp, k: keys.join(''), m: measures.join('') },
	};
	if (reset) result.reset = reset;
	return result;
}

/**
 * The Metric Threshold evaluator: which report rows newly cross a condition.
 *
 * Each poll a trigger reads a report (one row per campaign, flow, offer, sub id …) for a period
 * and calls `evaluateThreshold`. A row whose conditions hold and that is not yet firing in this
 * period "crosses": it is returned once and remembered as firing. While it keeps matching it is
 * not returned again. When it stops matching (or, in a complete report, disappears: no traffic
 * means all measures are zero) it "recovers": it is forgotten, so it fires again if it crosses
 * again (re-armed). A new period key (e.g. a new day) starts with nobody firing.
 *
 * State (`ThresholdStateV1`, JSON, stored by the caller) is the bounded set of firing row keys of
 * the current period, as 9-character hashes: at most `maxFiring` keys (≈ 9 bytes each). Rows that
 * would cross while the set is full are deferred (not returned, not remembered) and cross in a
 * later poll once others recover, so the cap never causes a repeat.
 *
 * Pure: no I/O, no clock. The caller stores `result.state` only when the whole poll succeeded.
 */
import { decodeHash, encodeHash, fingerprint, hash53, HASH_CHARS } from '../polling/hash';
import { conditionsMet } from './conditions';
import type { ThresholdCondition } from './conditions';

export const THRESHOLD_STATE_VERSION = 1;
export const DEFAULT_MAX_FIRING = 1000;

export interface ThresholdStateV1 {
	v: 1;
	/** Fingerprint of the configuration and conditions; a change resets the state. */
	fp: string;
	/** Period key the firing set belongs to. */
	p: string;
	/** Hashes of the firing row keys, 9 characters each, sorted. */
	f: string;
}

export interface ThresholdInput<Row> {
	/** The report rows of the period (all of them when `complete`). */
	rows: readonly Row[];
	/** Stable identity of a row, e.g. its dimension values: `campaign_id=12|stream_id=40`. */
	key(row: Row): string;
	/** Measure values of a row (numbers or numeric strings). */
	metrics(row: Row): Readonly<Record<string, unknown>>;
	/** AND-ed conditions (see `parseConditions`). */
	conditions: readonly ThresholdCondition[];
	/** Period key (see `resolvePeriod`). */
	period: string;
	/** Anything that defines the check besides conditions and period (report, filters…). */
	config: unknown;
	/** The stored state (or undefined on the first run). */
	previous: unknown;
	/**
	 * Whether `rows` is the whole report. Default true: a firing row missing from it recovered.
	 * When false only rows present can recover.
	 */
	complete?: boolean;
	/** Cap of the firing set (default 1000). */
	maxFiring?: number;
	/**
	 * What the first evaluation (and the first after a configuration change) does with rows that
	 * already match: `alert` (default) returns them, `silent` only remembers them, so only later
	 * crossings are returned.
	 */
	initial?: 'alert' | 'silent';
	/**
	 * Last say on a crossing (the rules kit: cooldown, max actions per day, whitelist), asked in
	 * report order for each row about to cross. False holds the row back: not returned and not
	 * remembered, so it is asked again next evaluation while it still meets the conditions.
	 * Not asked for rows only remembered silently (`initial: 'silent'`).
	 */
	admit?(row: Row): boolean;
}

export interface ThresholdStats {
	/** Set when the state was (re)initialised. */
	reset?: 'first-run' | 'config-changed' | 'invalid-state' | 'new-period';
	rows: number;
	/** Rows whose conditions hold now. */
	matching: number;
	crossed: number;
	/** Matching rows that were already firing (not returned). */
	stillFiring: number;
	/** Firing rows present in the report that no longer match. */
	recovered: number;
	/** Firing rows missing from a complete report (recovered without a row to show). */
	recoveredAbsent: number;
	/** Matching rows not fired because the firing set is full. */
	deferred: number;
	/** Matching rows held back by `admit`. */
	held: number;
	/** Size of the firing set after this evaluation. */
	firing: number;
}

export interface ThresholdResult<Row> {
	/** Rows that crossed in this evaluation, in report order. */
	crossed: Row[];
	/** Rows that recovered in this evaluation (present in the report), in report order. */
	recovered: Row[];
	state: ThresholdStateV1;
	stats: ThresholdStats;
}

/** Decodes a stored state; undefined when it is not a valid version-1 state. */
function decode(raw: unknown): { fp: string; p: string; firing: Set<number> } | undefined {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const s = raw as Record<string, unknown>;
	if (s.v !== THRESHOLD_STATE_VERSION || typeof s.fp !== 'string' || typeof s.p !== 'string') {
		return undefined;
	}
	if (typeof s.f !== 'string' || s.f.length % HASH_CHARS !== 0) return undefined;
	const firing = new Set<number>();
	for (let i = 0; i < s.f.length; i += HASH_CHARS) {
		const h = decodeHash(s.f, i);
		if (Number.isNaN(h)) return undefined;
		firing.add(h);
	}
	return { fp: s.fp, p: s.p, firing };
}

function encode(fp: string, period: string, firing: Set<number>): ThresholdStateV1 {
	const hashes = [...firing].sort((a, b) => a - b);
	return { v: THRESHOLD_STATE_VERSION, fp, p: period, f: hashes.map(encodeHash).join('') };
}

/** One evaluation (see the module comment). */
export function evaluateThreshold<Row>(input: ThresholdInput<Row>): ThresholdResult<Row> {
	const cap = Math.max(1, Math.floor(input.maxFiring ?? DEFAULT_MAX_FIRING));
	const complete = input.complete ?? true;
	const fp = fingerprint({ config: input.config ?? null, conditions: input.conditions });
	const previous = decode(input.previous);
	let reset: ThresholdStats['reset'];
	if (!previous) {
		reset = input.previous === undefined || input.previous === null ? 'first-run' : 'invalid-state';
	} else if (previous.fp !== fp) reset = 'config-changed';
	else if (previous.p !== input.period) reset = 'new-period';
	const silent =
		(input.initial ?? 'alert') === 'silent' && reset !== undefined && reset !== 'new-period';
	const before = reset ? new Set<number>() : (previous as { firing: Set<number> }).firing;

	const stats: ThresholdStats = {
		rows: input.rows.length,
		matching: 0,
		crossed: 0,
		stillFiring: 0,
		recovered: 0,
		recoveredAbsent: 0,
		deferred: 0,
		held: 0,
		firing: 0,
	};
	if (reset) stats.reset = reset;

	const present = new Set<number>();
	const matchingNew: Array<{ row: Row; h: number }> = [];
	const recovered: Row[] = [];
	const after = new Set<number>();
	for (const row of input.rows) {
		const h = hash53(input.key(row));
		if (present.has(h)) continue; // a repeated key: the first row wins
		present.add(h);
		const met = conditionsMet(input.metrics(row), input.conditions);
		if (met) stats.matching++;
		if (before.has(h)) {
			if (met) {
				stats.stillFiring++;
				after.add(h);
			} else {
				stats.recovered++;
				recovered.push(row);
			}
		} else if (met) {
			matchingNew.push({ row, h });
		}
	}
	for (const h of before) {
		if (present.has(h)) continue;
		if (complete) stats.recoveredAbsent++;
		else after.add(h);
	}
	const crossed: Row[] = [];
	for (const { row, h } of matchingNew) {
		if (after.size >= cap) {
			stats.deferred++;
			continue;
		}
		if (!silent && input.admit && !input.admit(row)) {
			stats.held++;
			continue;
		}
		after.add(h);
		if (!silent) crossed.push(row);
	}
	stats.crossed = crossed.length;
	stats.firing = after.size;
	return { crossed, recovered, state: encode(fp, input.period, after), stats };
}

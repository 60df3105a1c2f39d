/**
 * Rules kit of the Metric Threshold check: limits on how often a crossing may fire, applied after
 * the evaluator decided a row crosses (see evaluate.ts) and before it is emitted.
 *
 * - Cooldown (hours): a row (same row key) that fired less than N hours ago does not fire again,
 *   also not in a new period (a new day) or after it recovered and crossed again. It is held back,
 *   not forgotten: while it still meets the conditions it fires once the cooldown is over.
 * - Max actions per day: at most N fires per calendar day in the report's time zone; further
 *   crossings are held back and fire on a later day if they still meet the conditions.
 * - Whitelist: rows that never fire. An entry is a row key (`stream_id=12`), `dimension=value`, or
 *   a bare value matched against the row's dimension values and its canonical IDs and names
 *   (`12`, `Bot filter`). Matching is exact (case-sensitive, trimmed).
 *
 * State (`RulesStateV1`, JSON, next to the evaluator's): the day and its fire count, and the last
 * fire time (seconds) of each row fired within the cooldown, keyed by a 9-character hash of the row
 * key; entries older than the cooldown are dropped, and at most `MAX_COOLDOWN_ROWS` are kept
 * (oldest first out). Pure: the caller passes the clock and stores the state.
 */
import type { IDataObject } from 'n8n-workflow';
import { encodeHash, hash53 } from '../polling/hash';
import { isValidZone, zoneOffsetMs } from '../polling/time';
import type { ThresholdCondition } from './conditions';
import { THRESHOLD_OPERATORS } from './conditions';

export const RULES_STATE_VERSION = 1;
export const MAX_COOLDOWN_ROWS = 5000;

export interface ActionRules {
	/** Hours a row must wait between two fires (0: no cooldown). */
	cooldownHours: number;
	/** Fires allowed per day in the report's time zone (0: no limit). */
	maxActionsPerDay: number;
	/** Rows that never fire (see the module comment). */
	whitelist: string[];
}

export const NO_RULES: ActionRules = { cooldownHours: 0, maxActionsPerDay: 0, whitelist: [] };

export interface RulesStateV1 {
	v: 1;
	/** Day (yyyy-MM-dd, report zone) the count belongs to. */
	d: string;
	/** Fires on day `d`. */
	n: number;
	/** Row-key hash → last fire time in seconds (rows within the cooldown only). */
	c: Record<string, number>;
}

export type HoldReason = 'whitelist' | 'cooldown' | 'maxActionsPerDay';

export interface RulesVerdict {
	fire: boolean;
	reason?: HoldReason;
}

export function rulesActive(rules: ActionRules): boolean {
	return rules.cooldownHours > 0 || rules.maxActionsPerDay > 0 || rules.whitelist.length > 0;
}

/** A whitelist parameter (comma- or newline-separated text, or a list) as trimmed entries. */
export function parseWhitelist(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(/[,\n]/);
	return list.map((v) => String(v).trim()).filter((v, i, all) => v !== '' && all.indexOf(v) === i);
}

/** Whether the output item `json` of a row (with its `rowKey`) is on the whitelist. */
export function onWhitelist(whitelist: readonly string[], json: IDataObject): boolean {
	if (!whitelist.length) return false;
	const dims = (json.dimensions ?? {}) as IDataObject;
	const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v).trim());
	const bare = new Set<string>();
	for (const v of Object.values(dims)) {
		const s = str(v);
		if (s) bare.add(s);
	}
	for (const [k, v] of Object.entries(json)) {
		if (!/(Id|Name)$/.test(k) || typeof v === 'object') continue;
		const s = str(v);
		if (s) bare.add(s);
	}
	for (const entry of whitelist) {
		if (entry === str(json.rowKey)) return true;
		const eq = entry.indexOf('=');
		if (eq > 0) {
			const name = entry.slice(0, eq).trim();
			const value = entry.slice(eq + 1).trim();
			if (name in dims && str(dims[name]) === value) return true;
			continue;
		}
		if (bare.has(entry)) return true;
	}
	return false;
}

/** The calendar day (yyyy-MM-dd) of `nowMs` in `zone` (UTC when the zone is not valid). */
export function dayOf(nowMs: number, zone: string): string {
	const offset = isValidZone(zone) ? zoneOffsetMs(nowMs, zone) : 0;
	return new Date(nowMs + offset).toISOString().slice(0, 10);
}

function decode(raw: unknown): RulesStateV1 | undefined {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const s = raw as Record<string, unknown>;
	if (s.v !== RULES_STATE_VERSION || typeof s.d !== 'string' || typeof s.n !== 'number') return undefined;
	if (!s.c || typeof s.c !== 'object' || Array.isArray(s.c)) return undefined;
	const c: Record<string, number> = {};
	for (const [k, v] of Object.entries(s.c as Record<string, unknown>)) {
		if (typeof v === 'number' && Number.isFinite(v)) c[k] = v;
	}
	return { v: 1, d: s.d, n: s.n, c };
}

/** One poll's use of the rules: ask `check` for each crossing in order, then store `state()`. */
export class RulesSession {
	private readonly day: string;
	private count: number;
	private readonly last: Map<string, number>;
	private readonly nowSec: number;
	readonly held: Record<HoldReason, number> = { whitelist: 0, cooldown: 0, maxActionsPerDay: 0 };

	constructor(
		readonly rules: ActionRules,
		previous: unknown,
		nowMs: number,
		zone: string,
	) {
		this.nowSec = Math.floor(nowMs / 1000);
		this.day = dayOf(nowMs, zone);
		const prev = decode(previous);
		this.count = prev && prev.d === this.day ? prev.n : 0;
		this.last = new Map(Object.entries(prev?.c ?? {}));
	}

	/** Fires so far today (after this session's fires). */
	get actionsToday(): number {
		return this.count;
	}

	/** Whether the crossing of `rowKey` (output item `json`) may fire now; counts it when it does. */
	check(rowKey: string, json: IDataObject): RulesVerdict {
		if (onWhitelist(this.rules.whitelist, json)) return this.hold('whitelist');
		const h = encodeHash(hash53(rowKey));
		if (this.rules.cooldownHours > 0) {
			const at = this.last.get(h);
			if (at !== undefined && this.nowSec - at < this.rules.cooldownHours * 3600) {
				return this.hold('cooldown');
			}
		}
		if (this.rules.maxActionsPerDay > 0 && this.count >= this.rules.maxActionsPerDay) {
			return this.hold('maxActionsPerDay');
		}
		this.count++;
		if (this.rules.cooldownHours > 0) this.last.set(h, this.nowSec);
		return { fire: true };
	}

	private hold(reason: HoldReason): RulesVerdict {
		this.held[reason]++;
		return { fire: false, reason };
	}

	/** The state to store (bounded; see the module comment). */
	state(): RulesStateV1 {
		const c: Record<string, number> = {};
		const window = this.rules.cooldownHours * 3600;
		const kept = [...this.last.entries()]
			.filter(([, at]) => window > 0 && this.nowSec - at < window)
			.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
			.slice(0, MAX_COOLDOWN_ROWS);
		for (const [k, at] of kept) c[k] = at;
		return { v: RULES_STATE_VERSION, d: this.day, n: this.count, c };
	}
}

function fmt(v: unknown): string {
	return v === null || v === undefined ? 'n/a' : String(v);
}

/**
 * Why a row meets (or no longer meets) the conditions, with its values:
 * "roi -45.2 < -30 AND cost 80 > 50".
 */
export function explainConditions(
	conditions: readonly ThresholdCondition[],
	values: Record<string, unknown>,
): string {
	return conditions
		.map((c) => {
			const symbol = THRESHOLD_OPERATORS.find((o) => o.value === c.operator)?.symbol ?? c.operator;
			return `${c.measure} ${fmt(values[c.measure])} ${symbol} ${c.value}`;
		})
		.join(' AND ');
}

export interface AuditInput {
	event: string;
	rowKey: string;
	conditions: readonly ThresholdCondition[];
	/** The row's measure values (the item's `metrics`). */
	values: Record<string, unknown>;
	period: string;
	nowMs: number;
	rules: ActionRules;
	/** Fires today including this one (undefined for samples and recoveries). */
	actionNumberToday?: number;
	sample?: boolean;
}

/** The audit record every emitted threshold item carries: what, why, which rule, values. */
export function auditRecord(input: AuditInput): IDataObject {
	const values: IDataObject = {};
	for (const c of input.conditions) {
		values[c.measure] = (input.values[c.measure] ?? null) as IDataObject[string];
	}
	const test = explainConditions(input.conditions, input.values);
	let why: string;
	if (input.event === 'threshold.recovered') why = `No longer met: ${test}`;
	else if (input.event === 'threshold.crossed') why = `Met: ${test}`;
	else why = `Not met: ${test}`;
	if (input.sample) why = `Sample from a test fetch. ${why}`;
	const audit: IDataObject = {
		at: new Date(input.nowMs).toISOString(),
		event: input.event,
		what: input.rowKey,
		rule: input.conditions.map((c) => {
			const symbol = THRESHOLD_OPERATORS.find((o) => o.value === c.operator)?.symbol ?? c.operator;
			return `${c.measure} ${symbol} ${c.value}`;
		}).join(' AND '),
		why,
		values,
		period: input.period,
		cooldownHours: input.rules.cooldownHours,
		maxActionsPerDay: input.rules.maxActionsPerDay,
	};
	if (input.actionNumberToday !== undefined) audit.actionNumberToday = input.actionNumberToday;
	if (input.sample) audit.sample = true;
	return audit;
}

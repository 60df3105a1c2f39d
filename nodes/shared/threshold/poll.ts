/**
 * The n8n side of a Metric Threshold check, shared by the trackers' triggers: reading the
 * threshold parameters (see description.ts), the step after the report was read (a sample in
 * manual mode; otherwise `evaluateThreshold` on the stored state, logs, crossed and recovered
 * items), and the output item of one report row.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ReportRowInput } from '../model/canonical';
import { buildReportRow } from '../model/canonical';
import { markSample } from '../safety';
import { setupError } from '../trigger/run';
import type { ThresholdCondition } from './conditions';
import { conditionsMet, describeConditions } from './conditions';
import { evaluateThreshold } from './evaluate';
import type { PeriodSpec, ResolvedPeriod } from './period';
import type { ActionRules } from './rules';
import { auditRecord, NO_RULES, parseWhitelist, RulesSession, rulesActive } from './rules';

/** Throws the "threshold is not set up correctly" error (the first problem in its message). */
export function failThreshold(ctx: IPollFunctions, problems: string[]): never {
	throw setupError(ctx, problems, 'threshold');
}

/** `v` as a whole number above zero, else `fallback`. */
export function positiveInt(v: unknown, fallback: number): number {
	return Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : fallback;
}

/**
 * A list parameter (multiOptions, or a comma-separated string from an expression): trimmed,
 * without empty entries and repeats.
 */
export function readList(ctx: IPollFunctions, name: string, fallback: string[]): string[] {
	const raw = ctx.getNodeParameter(name, fallback) as unknown;
	return (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((v) => String(v).trim())
		.filter((v, i, all) => v !== '' && all.indexOf(v) === i);
}

export interface ReadPeriodOptions {
	/** Fallback of "Days" (default 7). */
	defaultDays?: number;
	/** Whether "Last N Hours" is offered (default true); when not, it reads as today. */
	hours?: boolean;
}

/** The Period parameters (`period`, `periodHours`, `periodDays`). */
export function readPeriod(ctx: IPollFunctions, options: ReadPeriodOptions = {}): PeriodSpec {
	const kind = String(ctx.getNodeParameter('period', 'today'));
	if (kind === 'lastHours' && options.hours !== false) {
		return { kind, hours: Number(ctx.getNodeParameter('periodHours', 24)) };
	}
	if (kind === 'lastDays') {
		return { kind, days: Number(ctx.getNodeParameter('periodDays', options.defaultDays ?? 7)) };
	}
	if (kind === 'yesterday') return { kind };
	return { kind: 'today' };
}

export interface ThresholdOptions {
	alertExisting: boolean;
	emitRecovered: boolean;
	maxRows: number;
	maxFiring: number;
	/** Cooldown, max actions per day, whitelist (see rules.ts); absent: none. */
	rules?: ActionRules;
}

/** The common fields of the Threshold Options collection `t`. */
export function readThresholdOptions(t: IDataObject, defaultMaxRows: number): ThresholdOptions {
	return {
		alertExisting: t.alertExisting !== false,
		emitRecovered: t.emitRecovered === true,
		maxRows: positiveInt(t.maxRows, defaultMaxRows),
		maxFiring: positiveInt(t.maxFiring, 1000),
		rules: {
			cooldownHours: nonNegative(t.cooldownHours),
			maxActionsPerDay: Math.floor(nonNegative(t.maxActionsPerDay)),
			whitelist: parseWhitelist(t.whitelist),
		},
	};
}

function nonNegative(v: unknown): number {
	return Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : 0;
}

/** The Threshold Options collection as entered (an empty object when not set). */
export function thresholdOptionsOf(ctx: IPollFunctions): IDataObject {
	return (ctx.getNodeParameter('thresholdOptions', {}) ?? {}) as IDataObject;
}

/** The measures of `names` that `row` has (in that order, repeats once). */
export function presentMeasures(
	row: IDataObject,
	names: readonly string[],
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const m of names) if (m in row) out[m] = row[m];
	return out;
}

/**
 * Canonical id / name fields (`campaignId`, `campaignName` …) of a report row: for every entry of
 * `fields` (grouping level → field names), the level's id and name columns as strings, or null
 * when the row is not grouped by that level or the value is missing or empty.
 */
export function canonicalIds(
	fields: Readonly<Record<string, { id: string; name: string }>>,
	groups: readonly string[],
	columns: (group: string) => { id: unknown; name: unknown },
): IDataObject {
	const out: IDataObject = {};
	for (const [group, f] of Object.entries(fields)) {
		const grouped = groups.includes(group);
		const { id, name } = columns(group);
		out[f.id] = grouped && id !== undefined && id !== '' ? String(id) : null;
		out[f.name] = grouped && name !== undefined && name !== '' ? String(name) : null;
	}
	return out;
}

export interface ThresholdItemInput {
	tracker: string;
	event: string;
	period: ResolvedPeriod;
	currency?: unknown;
	dimensions: Record<string, unknown>;
	metrics: Record<string, unknown>;
	measureNames?: ReportRowInput['measureNames'];
	row: IDataObject;
	includeRaw: boolean;
	/** Fields between the canonical report row and the threshold fields (e.g. the report). */
	extra?: IDataObject;
	rowKey: string;
	conditions: readonly ThresholdCondition[];
	met: boolean;
	/** Canonical id / name fields, last (see `canonicalIds`). */
	ids: IDataObject;
}

/** The output item of one report row: the canonical report row, then the threshold fields. */
export function thresholdItem(input: ThresholdItemInput): IDataObject {
	const { period } = input;
	return {
		...(buildReportRow(
			{
				tracker: input.tracker,
				event: input.event,
				periodStart: period.fromMs,
				periodEnd: period.toMs + 1000,
				timezone: period.zone,
				currency: input.currency,
				dimensions: input.dimensions,
				metrics: input.metrics,
				measureNames: input.measureNames,
				raw: input.row,
			},
			{ includeRaw: input.includeRaw },
		) as unknown as IDataObject),
		...input.extra,
		period: period.key,
		rowKey: input.rowKey,
		conditions: describeConditions(input.conditions),
		conditionMet: input.met,
		...input.ids,
	};
}

export interface ThresholdPollSpec {
	/** The rows to check (the whole report when `complete`). */
	rows: IDataObject[];
	complete: boolean;
	/** Report requests made (logged). */
	requests: number;
	/** Stable identity of a row (see `evaluateThreshold`). */
	key: (row: IDataObject) => string;
	conditions: readonly ThresholdCondition[];
	period: ResolvedPeriod;
	/** Anything besides conditions and period that defines the check: a change resets the state. */
	config: unknown;
	/** Property of the node's static data that holds the firing set. */
	stateKey: string;
	options: ThresholdOptions;
	/** How many rows "Fetch Test Event" returns. */
	sampleSize: number;
	/** The output item of a row (`met`: whether its conditions hold). */
	toJson: (row: IDataObject, event: string, met: boolean) => IDataObject;
	/** Start of the log lines, e.g. "<Name> Trigger threshold". */
	logPrefix: string;
	/** Whether to log the evaluation's counts at debug level (default true). */
	logStats?: boolean;
	/** What to widen when a test finds no rows (default "the period"). */
	widen?: string;
	/** The whole description of that error, instead of the period and `widen`. */
	noRowsDescription?: string;
	/** Clock reading for the rules kit and the audit (default Date.now()). */
	now?: number;
}

/** Property of the node's static data that holds the rules kit's state of `stateKey`. */
export function rulesStateKey(stateKey: string): string {
	return `${stateKey}Rules`;
}

/**
 * The poll() step after the report was read. Manual mode ("Fetch Test Event"): the rows meeting
 * the conditions now, else the first rows, never touching static data. Otherwise: evaluates the
 * rows against the stored firing set, stores the new one, and returns the crossed rows (and the
 * recovered ones when asked for), or null when there are none.
 */
export function emitThreshold(
	ctx: IPollFunctions,
	spec: ThresholdPollSpec,
): INodeExecutionData[][] | null {
	const { period, conditions, options } = spec;
	const rules = options.rules ?? NO_RULES;
	const nowMs = spec.now ?? Date.now();
	const metricsOf = (row: IDataObject) => row as Record<string, unknown>;
	const withAudit = (
		json: IDataObject,
		extra: { sample?: boolean; actionNumberToday?: number } = {},
	): IDataObject => ({
		...json,
		audit: auditRecord({
			event: String(json.event),
			rowKey: String(json.rowKey ?? ''),
			conditions,
			values: (json.metrics ?? {}) as Record<string, unknown>,
			period: period.key,
			nowMs,
			rules,
			...extra,
		}),
	});
	if (ctx.getMode() === 'manual') {
		const met = spec.rows.filter((r) => conditionsMet(metricsOf(r), conditions));
		const sample = (met.length ? met : spec.rows).slice(0, spec.sampleSize);
		if (!sample.length) {
			throw new NodeOperationError(ctx.getNode(), 'The report for this period has no rows', {
				description:
					spec.noRowsDescription ??
					`Period ${period.from} – ${period.to} (${period.zone}). Widen ${spec.widen ?? 'the period'}, then fetch again.`,
			});
		}
		const event = met.length ? 'threshold.crossed' : 'threshold.sample';
		// Sample data: marked so that no write operation acts on it (see nodes/shared/safety).
		return [
			ctx.helpers.returnJsonArray(
				sample.map((r) => markSample(withAudit(spec.toJson(r, event, met.length > 0), { sample: true }))),
			),
		];
	}
	const staticData: IDataObject = ctx.getWorkflowStaticData('node');
	const rulesKey = rulesStateKey(spec.stateKey);
	const session = rulesActive(rules)
		? new RulesSession(rules, staticData[rulesKey], nowMs, period.zone)
		: undefined;
	// Items of the rows the rules let fire, built once, with their number of the day.
	const fired = new Map<IDataObject, IDataObject>();
	const result = evaluateThreshold({
		rows: spec.rows,
		key: spec.key,
		metrics: metricsOf,
		conditions,
		period: period.key,
		config: spec.config,
		previous: staticData[spec.stateKey],
		complete: spec.complete,
		maxFiring: options.maxFiring,
		initial: options.alertExisting ? 'alert' : 'silent',
		admit: session
			? (row) => {
					const json = spec.toJson(row, 'threshold.crossed', true);
					if (!session.check(spec.key(row), json).fire) return false;
					fired.set(row, withAudit(json, { actionNumberToday: session.actionsToday }));
					return true;
				}
			: undefined,
	});
	staticData[spec.stateKey] = result.state as unknown as IDataObject;
	if (session) staticData[rulesKey] = session.state() as unknown as IDataObject;
	else delete staticData[rulesKey];
	const st = result.stats;
	if (!spec.complete) {
		ctx.logger.warn(
			`${spec.logPrefix}: the report has more than ${options.maxRows} rows; only the first ones were checked`,
		);
	}
	if (spec.logStats !== false) {
		ctx.logger.debug(
			`${spec.logPrefix} ${period.key}: ${st.rows} rows, ${st.matching} matching, ${st.crossed} crossed, ${st.recovered + st.recoveredAbsent} recovered, ${st.firing} firing, ${spec.requests} requests`,
		);
	}
	if (session && st.held > 0) {
		const h = session.held;
		ctx.logger.info(
			`${spec.logPrefix}: ${st.held} crossings held back (whitelist ${h.whitelist}, cooldown ${h.cooldown}, max actions per day ${h.maxActionsPerDay})`,
		);
	}
	const items = result.crossed.map(
		(r) => fired.get(r) ?? withAudit(spec.toJson(r, 'threshold.crossed', true)),
	);
	if (options.emitRecovered) {
		for (const r of result.recovered) {
			items.push(withAudit(spec.toJson(r, 'threshold.recovered', false)));
		}
	}
	return items.length ? [ctx.helpers.returnJsonArray(items)] : null;
}

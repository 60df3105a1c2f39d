/**
 * Metric Threshold for Voluum: each poll reads `GET /report` (other-trackers-api.md §1.2) for
 * the chosen period, grouped by up to three levels, and hands the rows to the shared evaluator
 * (nodes/shared/threshold): a row is emitted when its conditions start to hold, once per row per
 * period, and re-armed when it recovers.
 *
 * - Voluum only accepts whole hours: the period's start is rounded down and its end up to whole
 *   hours of the report zone (a "Last N Hours" check therefore covers up to one hour more).
 * - The report zone is the option, else the user's zone from `GET /user/current` (read once per
 *   poll; it also gives the currency), else Etc/GMT.
 * - Which conversions a period holds follows Voluum's "conversion registration time" (visit time
 *   by default), unless the Conversion Time Mode option overrides it: with visit time, late
 *   postbacks change past periods, so a "Yesterday" check can still fire or recover today.
 * - State (static data `voluumThreshold`): the firing set of the current period, written only
 *   after the whole report was read.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildReportRow } from '../../shared/model/canonical';
import { isValidZone } from '../../shared/polling';
import type { PeriodSpec, ResolvedPeriod, ThresholdCondition } from '../../shared/threshold';
import {
	conditionsMet,
	describeConditions,
	evaluateThreshold,
	parseConditions,
	resolvePeriod,
	validatePeriod,
} from '../../shared/threshold';
import type { VoluumApiClient } from './api';
import { voluumRange } from './conversions';
import { voluumRuntime } from './runtime';

export const VOLUUM_THRESHOLD_KEY = 'voluumThreshold';
const PAGE = 1000;
export const DEFAULT_MAX_ROWS = 10_000;

/** groupBy values and the id / name columns they add (mock and docs §1.2). */
export const VOLUUM_GROUPS: Record<string, { id: string; name: string; label: string }> = {
	campaign: { id: 'campaignId', name: 'campaignName', label: 'Campaign' },
	offer: { id: 'offerId', name: 'offerName', label: 'Offer' },
	lander: { id: 'landerId', name: 'landerName', label: 'Lander' },
	flow: { id: 'flowId', name: 'flowName', label: 'Flow' },
	'traffic-source': { id: 'trafficSourceId', name: 'trafficSourceName', label: 'Traffic Source' },
	'affiliate-network': {
		id: 'affiliateNetworkId',
		name: 'affiliateNetworkName',
		label: 'Affiliate Network',
	},
	country: { id: 'countryCode', name: 'countryName', label: 'Country' },
};

export const VOLUUM_MEASURES = [
	'visits',
	'clicks',
	'conversions',
	'revenue',
	'cost',
	'profit',
	'roi',
	'cv',
	'ctr',
	'epv',
	'epc',
	'cpv',
];

/** Canonical id/name fields filled from the grouping (null when not grouped by it). */
const CANONICAL: Record<string, { id: string; name: string }> = {
	campaign: { id: 'campaignId', name: 'campaignName' },
	offer: { id: 'offerId', name: 'offerName' },
	lander: { id: 'landingId', name: 'landingName' },
	flow: { id: 'flowId', name: 'flowName' },
	'traffic-source': { id: 'trafficSourceId', name: 'trafficSourceName' },
	'affiliate-network': { id: 'affiliateNetworkId', name: 'affiliateNetworkName' },
};

export interface VoluumThresholdSettings {
	groups: string[];
	conditions: ThresholdCondition[];
	period: PeriodSpec;
	timezone: string;
	conversionTimeMode: '' | 'CONVERSION' | 'VISIT';
	alertExisting: boolean;
	emitRecovered: boolean;
	maxRows: number;
	maxFiring: number;
	includeRaw: boolean;
	sampleSize: number;
	pageSize: number;
}

function fail(ctx: IPollFunctions, problems: string[]): never {
	throw new NodeOperationError(
		ctx.getNode(),
		`The threshold is not set up correctly: ${problems[0]}`,
		{ description: problems.join('\n') },
	);
}

export function readPeriod(ctx: IPollFunctions): PeriodSpec {
	const kind = String(ctx.getNodeParameter('period', 'today'));
	if (kind === 'lastHours') return { kind, hours: Number(ctx.getNodeParameter('periodHours', 24)) };
	if (kind === 'lastDays') return { kind, days: Number(ctx.getNodeParameter('periodDays', 7)) };
	if (kind === 'yesterday') return { kind };
	return { kind: 'today' };
}

export function readVoluumThreshold(
	ctx: IPollFunctions,
	options: IDataObject,
): VoluumThresholdSettings {
	const raw = ctx.getNodeParameter('groupBy', ['campaign']) as unknown;
	const groups = (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((g) => String(g).trim())
		.filter((g, i, all) => g !== '' && all.indexOf(g) === i);
	const parsed = parseConditions(ctx.getNodeParameter('conditions', {}));
	const period = readPeriod(ctx);
	const t = (ctx.getNodeParameter('thresholdOptions', {}) ?? {}) as IDataObject;
	const timezone = typeof t.timezone === 'string' ? t.timezone.trim() : '';
	const problems = [...parsed.problems, ...validatePeriod(period, timezone || 'UTC')];
	if (groups.length === 0) problems.push('Choose at least one level to group the report by');
	if (groups.length > 3) problems.push('Voluum groups a report by at most three levels');
	const unknown = groups.filter((g) => !VOLUUM_GROUPS[g]);
	if (unknown.length) problems.push(`Unknown grouping "${unknown[0]}"`);
	if (problems.length) fail(ctx, problems);
	const n = (v: unknown, d: number) =>
		Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : d;
	const mode = String(t.conversionTimeMode ?? '');
	return {
		groups,
		conditions: parsed.conditions,
		period,
		timezone,
		conversionTimeMode: mode === 'CONVERSION' || mode === 'VISIT' ? mode : '',
		alertExisting: t.alertExisting !== false,
		emitRecovered: t.emitRecovered === true,
		maxRows: n(t.maxRows, DEFAULT_MAX_ROWS),
		maxFiring: n(t.maxFiring, 1000),
		includeRaw: options.includeRaw === true,
		sampleSize: n(options.sampleSize, 5),
		pageSize: n(options.pageSize, PAGE),
	};
}

interface Account {
	zone: string;
	currency: string | null;
}

/** The report zone and currency: the option, else the Voluum user's, else Etc/GMT. */
export async function voluumAccount(
	ctx: IPollFunctions,
	api: VoluumApiClient,
	override: string,
): Promise<Account> {
	const me = (await api.get<IDataObject>('/user/current')) ?? {};
	const currency = typeof me.currency === 'string' && me.currency ? me.currency : null;
	if (override) {
		if (!isValidZone(override))
			fail(ctx, [`Unknown time zone "${override}" (use an IANA name such as Europe/Madrid)`]);
		return { zone: override, currency };
	}
	const zone =
		typeof me.timezone === 'string' && isValidZone(me.timezone) ? me.timezone : 'Etc/GMT';
	return { zone, currency };
}

export interface ReportRead {
	rows: IDataObject[];
	complete: boolean;
	requests: number;
}

export async function readVoluumReport(
	api: VoluumApiClient,
	s: VoluumThresholdSettings,
	period: ResolvedPeriod,
): Promise<ReportRead> {
	const range = voluumRange(period.fromMs, period.toMs, period.zone);
	const rows: IDataObject[] = [];
	let requests = 0;
	const limit = Math.min(s.pageSize, s.maxRows);
	for (let offset = 0; ; ) {
		const qs: IDataObject = {
			...range,
			tz: period.zone,
			groupBy: s.groups.join(','),
			sort: VOLUUM_GROUPS[s.groups[0]].id,
			direction: 'ASC',
			limit,
			offset,
		};
		if (s.conversionTimeMode) qs.conversionTimeMode = s.conversionTimeMode;
		const body = await api.get<IDataObject>('/report', qs);
		requests++;
		const list = Array.isArray(body?.rows) ? (body.rows as IDataObject[]) : [];
		const total = typeof body?.totalRows === 'number' ? body.totalRows : undefined;
		rows.push(...list);
		offset += list.length;
		const done = list.length === 0 || (total !== undefined ? offset >= total : list.length < limit);
		if (done) return { rows, complete: true, requests };
		if (rows.length >= s.maxRows) return { rows, complete: false, requests };
	}
}

export function voluumRowKey(row: IDataObject, groups: string[]): string {
	return groups.map((g) => `${g}=${String(row[VOLUUM_GROUPS[g].id] ?? '')}`).join('|');
}

function toJson(
	row: IDataObject,
	s: VoluumThresholdSettings,
	period: ResolvedPeriod,
	account: Account,
	event: string,
	met: boolean,
): IDataObject {
	const dimensions: Record<string, unknown> = {};
	for (const g of s.groups) {
		dimensions[VOLUUM_GROUPS[g].id] = row[VOLUUM_GROUPS[g].id];
		dimensions[VOLUUM_GROUPS[g].name] = row[VOLUUM_GROUPS[g].name];
	}
	const metrics: Record<string, unknown> = {};
	for (const m of VOLUUM_MEASURES) if (m in row) metrics[m] = row[m];
	for (const c of s.conditions) if (c.measure in row) metrics[c.measure] = row[c.measure];
	const out: IDataObject = {
		...(buildReportRow(
			{
				tracker: 'voluum',
				event,
				periodStart: period.fromMs,
				periodEnd: period.toMs + 1000,
				timezone: period.zone,
				currency: account.currency,
				dimensions,
				metrics,
				raw: row,
			},
			{ includeRaw: s.includeRaw },
		) as unknown as IDataObject),
		period: period.key,
		rowKey: voluumRowKey(row, s.groups),
		conditions: describeConditions(s.conditions),
		conditionMet: met,
	};
	for (const [group, f] of Object.entries(CANONICAL)) {
		const grouped = s.groups.includes(group);
		const id = row[VOLUUM_GROUPS[group].id];
		const name = row[VOLUUM_GROUPS[group].name];
		out[f.id] = grouped && id !== undefined && id !== '' ? String(id) : null;
		out[f.name] = grouped && name !== undefined && name !== '' ? String(name) : null;
	}
	return out;
}

/** poll() of the Metric Threshold event. */
export async function pollVoluumThreshold(
	this: IPollFunctions,
	api: VoluumApiClient,
	options: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const s = readVoluumThreshold(this, options);
	const account = await voluumAccount(this, api, s.timezone);
	const period = resolvePeriod(s.period, voluumRuntime.now(), account.zone);
	const report = await readVoluumReport(api, s, period);
	const metricsOf = (row: IDataObject) => row as Record<string, unknown>;
	if (this.getMode() === 'manual') {
		const met = report.rows.filter((r) => conditionsMet(metricsOf(r), s.conditions));
		const sample = (met.length ? met : report.rows).slice(0, s.sampleSize);
		if (!sample.length) {
			throw new NodeOperationError(this.getNode(), 'The report for this period has no rows', {
				description: `Period ${period.from} – ${period.to} (${period.zone}). Widen the period, then fetch again.`,
			});
		}
		const event = met.length ? 'threshold.crossed' : 'threshold.sample';
		return [
			this.helpers.returnJsonArray(
				sample.map((r) => toJson(r, s, period, account, event, met.length > 0)),
			),
		];
	}
	const staticData: IDataObject = this.getWorkflowStaticData('node');
	const result = evaluateThreshold({
		rows: report.rows,
		key: (r) => voluumRowKey(r, s.groups),
		metrics: metricsOf,
		conditions: s.conditions,
		period: period.key,
		config: {
			tracker: 'voluum',
			groups: s.groups,
			zone: period.zone,
			period: s.period,
			conversionTimeMode: s.conversionTimeMode,
		},
		previous: staticData[VOLUUM_THRESHOLD_KEY],
		complete: report.complete,
		maxFiring: s.maxFiring,
		initial: s.alertExisting ? 'alert' : 'silent',
	});
	staticData[VOLUUM_THRESHOLD_KEY] = result.state as unknown as IDataObject;
	const st = result.stats;
	if (!report.complete) {
		this.logger.warn(
			`Voluum Trigger threshold: the report has more than ${s.maxRows} rows; only the first ones were checked`,
		);
	}
	this.logger.debug(
		`Voluum Trigger threshold ${period.key}: ${st.rows} rows, ${st.matching} matching, ${st.crossed} crossed, ${st.recovered + st.recoveredAbsent} recovered, ${st.firing} firing, ${report.requests} requests`,
	);
	const items = result.crossed.map((r) => toJson(r, s, period, account, 'threshold.crossed', true));
	if (s.emitRecovered) {
		for (const r of result.recovered) {
			items.push(toJson(r, s, period, account, 'threshold.recovered', false));
		}
	}
	return items.length ? [this.helpers.returnJsonArray(items)] : null;
}

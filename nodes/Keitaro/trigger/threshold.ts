/**
 * Metric Threshold for Keitaro: each poll builds a report (`POST /report/build`, keitaro-admin-api
 * §3) for the chosen period, grouped by the chosen dimensions, and hands it to the shared
 * evaluator (nodes/shared/threshold): a row is emitted when its conditions start to hold, once per
 * row per period, and re-armed when it recovers.
 *
 * Which conversions a period holds follows Keitaro's setting "Report display conversion date"
 * (by click date by default): with click dates, conversions arriving today for yesterday's clicks
 * change yesterday's rows, so a "Yesterday" check can still fire or recover today.
 *
 * The state (static data `keitaroThreshold`) is only the firing set of the current period
 * (≤ Max Firing Rows keys of 9 characters); it is written only when the report was read in full.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildReportRow } from '../../shared/model/canonical';
import type { PeriodSpec, ResolvedPeriod, ThresholdCondition } from '../../shared/threshold';
import {
	conditionsMet,
	describeConditions,
	evaluateThreshold,
	parseConditions,
	resolvePeriod,
	validatePeriod,
} from '../../shared/threshold';
import type { KeitaroFilter, TriggerOptions } from './common';
import { idOrNull, postGrid, TRACKER } from './common';

export const THRESHOLD_KEY = 'keitaroThreshold';
export const DEFAULT_MEASURES = ['clicks', 'conversions', 'revenue', 'cost', 'profit', 'roi'];
export const DEFAULT_MAX_ROWS = 10_000;

/** Name columns added next to id dimensions, so items carry names (same grouping). */
const NAME_OF: Record<string, { name: string; id: string; label: string }> = {
	campaign_id: { name: 'campaign', id: 'campaignId', label: 'campaignName' },
	stream_id: { name: 'stream', id: 'flowId', label: 'flowName' },
	offer_id: { name: 'offer', id: 'offerId', label: 'offerName' },
	ts_id: { name: 'ts', id: 'trafficSourceId', label: 'trafficSourceName' },
	landing_id: { name: 'landing', id: 'landingId', label: 'landingName' },
	affiliate_network_id: {
		name: 'affiliate_network',
		id: 'affiliateNetworkId',
		label: 'affiliateNetworkName',
	},
};

export interface ThresholdSettings {
	dimensions: string[];
	conditions: ThresholdCondition[];
	period: PeriodSpec;
	filters: KeitaroFilter[];
	alertExisting: boolean;
	emitRecovered: boolean;
	maxRows: number;
	maxFiring: number;
}

export function readThresholdSettings(
	ctx: IPollFunctions,
	options: TriggerOptions,
	filters: KeitaroFilter[],
): ThresholdSettings {
	const dims = ctx.getNodeParameter('dimensions', ['campaign_id']) as unknown;
	const dimensions = (Array.isArray(dims) ? dims : String(dims ?? '').split(','))
		.map((d) => String(d).trim())
		.filter((d, i, all) => d !== '' && all.indexOf(d) === i);
	const parsed = parseConditions(ctx.getNodeParameter('conditions', {}));
	const kind = String(ctx.getNodeParameter('period', 'today'));
	let period: PeriodSpec;
	if (kind === 'lastHours')
		period = { kind, hours: Number(ctx.getNodeParameter('periodHours', 24)) };
	else if (kind === 'lastDays')
		period = { kind, days: Number(ctx.getNodeParameter('periodDays', 7)) };
	else if (kind === 'yesterday') period = { kind };
	else period = { kind: 'today' };
	const t = (ctx.getNodeParameter('thresholdOptions', {}) ?? {}) as IDataObject;
	const problems = [...parsed.problems, ...validatePeriod(period, options.timezone)];
	if (dimensions.length === 0)
		problems.push('Choose at least one dimension to group the report by');
	if (problems.length) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The threshold is not set up correctly: ${problems[0]}`,
			{
				description: problems.join('\n'),
			},
		);
	}
	const n = (v: unknown, d: number) =>
		Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : d;
	return {
		dimensions,
		conditions: parsed.conditions,
		period,
		filters,
		alertExisting: t.alertExisting !== false,
		emitRecovered: t.emitRecovered === true,
		maxRows: n(t.maxRows, DEFAULT_MAX_ROWS),
		maxFiring: n(t.maxFiring, 1000),
	};
}

export interface ReportRead {
	rows: IDataObject[];
	complete: boolean;
	requests: number;
}

/** Every row of the report (up to `maxRows`), sorted by the dimensions. */
export async function readReport(
	ctx: IPollFunctions,
	s: ThresholdSettings,
	period: ResolvedPeriod,
	options: TriggerOptions,
	measures: string[],
): Promise<ReportRead> {
	const dimensions = [...s.dimensions];
	for (const d of s.dimensions) {
		const extra = NAME_OF[d]?.name;
		if (extra && !dimensions.includes(extra)) dimensions.push(extra);
	}
	const rows: IDataObject[] = [];
	let requests = 0;
	let offset = 0;
	const limit = Math.min(options.pageSize, s.maxRows);
	for (;;) {
		const body: IDataObject = {
			range: { from: period.from, to: period.to, timezone: period.zone },
			dimensions,
			measures,
			sort: s.dimensions.map((name) => ({ name, order: 'ASC' })),
			limit,
			offset,
		};
		if (s.filters.length) body.filters = s.filters as unknown as IDataObject[];
		const res = await postGrid(ctx, '/report/build', body, options.timeoutMs);
		requests++;
		rows.push(...res.rows);
		offset += res.rows.length;
		const done =
			res.rows.length < limit ||
			(res.total !== undefined && offset >= res.total) ||
			res.rows.length === 0;
		if (done) return { rows, complete: true, requests };
		if (rows.length >= s.maxRows) return { rows, complete: false, requests };
	}
}

export function rowKey(row: IDataObject, dimensions: string[]): string {
	return dimensions.map((d) => `${d}=${String(row[d] ?? '')}`).join('|');
}

function toJson(
	row: IDataObject,
	s: ThresholdSettings,
	period: ResolvedPeriod,
	options: TriggerOptions,
	measures: string[],
	event: string,
	met: boolean,
): IDataObject {
	const dimensions: Record<string, unknown> = {};
	for (const d of s.dimensions) dimensions[d] = row[d];
	const metrics: Record<string, unknown> = {};
	for (const m of measures) metrics[m] = row[m];
	const base = buildReportRow(
		{
			tracker: TRACKER,
			event,
			periodStart: period.fromMs,
			periodEnd: period.toMs + 1000,
			timezone: period.zone,
			currency: options.currency,
			dimensions,
			metrics,
			raw: row,
		},
		{ includeRaw: options.includeRaw },
	) as unknown as IDataObject;
	const out: IDataObject = {
		...base,
		period: period.key,
		rowKey: rowKey(row, s.dimensions),
		conditions: describeConditions(s.conditions),
		conditionMet: met,
	};
	for (const [dim, n] of Object.entries(NAME_OF)) {
		out[n.id] = s.dimensions.includes(dim) ? idOrNull(row[dim]) : null;
		const name = row[n.name];
		out[n.label] =
			s.dimensions.includes(dim) && name !== undefined && name !== '' ? String(name) : null;
	}
	return out;
}

/** The poll() of the Metric Threshold event. */
export async function pollThreshold(
	ctx: IPollFunctions,
	s: ThresholdSettings,
	options: TriggerOptions,
	now: () => number,
): Promise<INodeExecutionData[][] | null> {
	const period = resolvePeriod(s.period, now(), options.timezone);
	const measures = [...DEFAULT_MEASURES];
	for (const c of s.conditions) if (!measures.includes(c.measure)) measures.push(c.measure);
	const manual = ctx.getMode() === 'manual';
	// Request-layer errors (NodeApiError with the HTTP status) pass through to n8n's poll back-off.
	const report = await readReport(ctx, s, period, options, measures);
	const metricsOf = (row: IDataObject) => row as Record<string, unknown>;
	if (manual) {
		// "Fetch Test Event": rows meeting the conditions now, else the first rows of the report.
		const met = report.rows.filter((r) => conditionsMet(metricsOf(r), s.conditions));
		const sample = (met.length ? met : report.rows).slice(0, options.sampleSize);
		if (!sample.length) {
			throw new NodeOperationError(ctx.getNode(), 'The report for this period has no rows', {
				description: `Period ${period.from} – ${period.to} (${period.zone}). Widen the period or the filters, then fetch again.`,
			});
		}
		const items = sample.map((r) =>
			toJson(
				r,
				s,
				period,
				options,
				measures,
				met.length ? 'threshold.crossed' : 'threshold.sample',
				met.length > 0,
			),
		);
		return [ctx.helpers.returnJsonArray(items)];
	}
	const staticData: Record<string, unknown> = ctx.getWorkflowStaticData('node');
	const result = evaluateThreshold({
		rows: report.rows,
		key: (r) => rowKey(r, s.dimensions),
		metrics: metricsOf,
		conditions: s.conditions,
		period: period.key,
		config: {
			tracker: TRACKER,
			dimensions: s.dimensions,
			filters: s.filters,
			zone: options.timezone,
			period: s.period,
		},
		previous: staticData[THRESHOLD_KEY],
		complete: report.complete,
		maxFiring: s.maxFiring,
		initial: s.alertExisting ? 'alert' : 'silent',
	});
	staticData[THRESHOLD_KEY] = result.state;
	const st = result.stats;
	if (!report.complete) {
		ctx.logger.warn(
			`Keitaro Trigger threshold: the report has more than ${s.maxRows} rows; only the first ones were checked`,
		);
	}
	ctx.logger.debug(
		`Keitaro Trigger threshold ${period.key}: ${st.rows} rows, ${st.matching} matching, ${st.crossed} crossed, ${st.recovered + st.recoveredAbsent} recovered, ${st.firing} firing, ${report.requests} requests`,
	);
	const items = result.crossed.map((r) =>
		toJson(r, s, period, options, measures, 'threshold.crossed', true),
	);
	if (s.emitRecovered) {
		for (const r of result.recovered) {
			items.push(toJson(r, s, period, options, measures, 'threshold.recovered', false));
		}
	}
	if (!items.length) return null;
	return [ctx.helpers.returnJsonArray(items)];
}

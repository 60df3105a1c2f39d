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

import type {
	PeriodSpec,
	ResolvedPeriod,
	ThresholdCondition,
	ThresholdOptions,
} from '../../shared/threshold';
import {
	emitThreshold,
	failThreshold,
	parseConditions,
	readList,
	readPeriod,
	readThresholdOptions,
	resolvePeriod,
	thresholdItem,
	thresholdOptionsOf,
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

export interface ThresholdSettings extends ThresholdOptions {
	dimensions: string[];
	conditions: ThresholdCondition[];
	period: PeriodSpec;
	filters: KeitaroFilter[];
}

export function readThresholdSettings(
	ctx: IPollFunctions,
	options: TriggerOptions,
	filters: KeitaroFilter[],
): ThresholdSettings {
	const dimensions = readList(ctx, 'dimensions', ['campaign_id']);
	const parsed = parseConditions(ctx.getNodeParameter('conditions', {}));
	const period = readPeriod(ctx);
	const t = thresholdOptionsOf(ctx);
	const problems = [...parsed.problems, ...validatePeriod(period, options.timezone)];
	if (dimensions.length === 0)
		problems.push('Choose at least one dimension to group the report by');
	if (problems.length) failThreshold(ctx, problems);
	return {
		dimensions,
		conditions: parsed.conditions,
		period,
		filters,
		...readThresholdOptions(t, DEFAULT_MAX_ROWS),
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

/** Canonical id / name fields from the id dimensions (an id 0 means none: null, see `idOrNull`). */
function canonicalIds(row: IDataObject, dimensions: string[]): IDataObject {
	const out: IDataObject = {};
	for (const [dim, n] of Object.entries(NAME_OF)) {
		out[n.id] = dimensions.includes(dim) ? idOrNull(row[dim]) : null;
		const name = row[n.name];
		out[n.label] =
			dimensions.includes(dim) && name !== undefined && name !== '' ? String(name) : null;
	}
	return out;
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
	// Every measure asked for, also when the row lacks it (it reads as null).
	const metrics: Record<string, unknown> = {};
	for (const m of measures) metrics[m] = row[m];
	return thresholdItem({
		tracker: TRACKER,
		event,
		period,
		currency: options.currency,
		dimensions,
		metrics,
		row,
		includeRaw: options.includeRaw,
		rowKey: rowKey(row, s.dimensions),
		conditions: s.conditions,
		met,
		ids: canonicalIds(row, s.dimensions),
	});
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
	// Request-layer errors (NodeApiError with the HTTP status) pass through to n8n's poll back-off.
	const report = await readReport(ctx, s, period, options, measures);
	return emitThreshold(ctx, {
		...report,
		key: (r) => rowKey(r, s.dimensions),
		conditions: s.conditions,
		period,
		config: {
			tracker: TRACKER,
			dimensions: s.dimensions,
			filters: s.filters,
			zone: options.timezone,
			period: s.period,
		},
		stateKey: THRESHOLD_KEY,
		options: s,
		sampleSize: options.sampleSize,
		toJson: (r, event, met) => toJson(r, s, period, options, measures, event, met),
		logPrefix: 'Keitaro Trigger threshold',
		widen: 'the period or the filters',
	});
}

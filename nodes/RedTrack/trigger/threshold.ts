/**
 * Metric Threshold for RedTrack: each poll reads `GET /report` (other-trackers-api.md §2.2; 20
 * requests per minute) for the chosen period, grouped by the chosen fields, and hands the rows
 * to the shared evaluator (nodes/shared/threshold): a row is emitted when its conditions start to
 * hold, once per row per period, and re-armed when it recovers.
 *
 * - RedTrack reports take dates only: the periods are Today, Yesterday and Last N Days of the
 *   account time zone (sent explicitly as `timezone`), read from `/me/settings` once per poll
 *   unless set in the options.
 * - `/report` calls wait for the run's 20-per-minute pacer; a 429 from RedTrack (other workflows
 *   on the same key) surfaces as HTTP 429 for n8n's poll back-off when its Retry-After is longer
 *   than the request layer's retry budget, and the state is then left as it was.
 * - State (static data `redtrackThreshold`): the firing set of the current period, written only
 *   after the whole report was read.
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
import type { RedTrackApiClient } from './api';
import { redTrackRuntime } from './runtime';
import { accountTimezone } from './settings';

export const REDTRACK_THRESHOLD_KEY = 'redtrackThreshold';
export const REDTRACK_REPORT_MAX_PER = 1000;
export const DEFAULT_MAX_ROWS = 10_000;

/** `group` values and the columns they add (the first is the row's identity). */
export const REDTRACK_GROUPS: Record<string, { keys: string[]; label: string }> = {
	campaign: { keys: ['campaign_id', 'campaign'], label: 'Campaign' },
	offer: { keys: ['offer_id', 'offer'], label: 'Offer' },
	source: { keys: ['source_id', 'source'], label: 'Traffic Source' },
	landing: { keys: ['landing_id', 'landing'], label: 'Landing' },
	network: { keys: ['network_id', 'network'], label: 'Affiliate Network' },
	country: { keys: ['country'], label: 'Country' },
	os: { keys: ['os'], label: 'OS' },
	browser: { keys: ['browser'], label: 'Browser' },
	device: { keys: ['device'], label: 'Device' },
	...Object.fromEntries(
		Array.from({ length: 20 }, (_, i) => [
			`sub${i + 1}`,
			{ keys: [`sub${i + 1}`], label: `Sub ${i + 1}` },
		]),
	),
};

export const REDTRACK_MEASURES = [
	'clicks',
	'conversions',
	'approved',
	'pending',
	'declined',
	'other',
	'revenue',
	'cost',
	'profit',
	'roi',
	'cr',
	'epc',
	'cpc',
];

const CANONICAL: Record<string, { id: string; name: string }> = {
	campaign: { id: 'campaignId', name: 'campaignName' },
	offer: { id: 'offerId', name: 'offerName' },
	source: { id: 'trafficSourceId', name: 'trafficSourceName' },
	landing: { id: 'landingId', name: 'landingName' },
	network: { id: 'affiliateNetworkId', name: 'affiliateNetworkName' },
};

export interface RedTrackThresholdSettings {
	groups: string[];
	conditions: ThresholdCondition[];
	period: PeriodSpec;
	filters: IDataObject;
	alertExisting: boolean;
	emitRecovered: boolean;
	maxRows: number;
	maxFiring: number;
	includeRaw: boolean;
	sampleSize: number;
	pageSize: number;
	timezone: string;
}

function fail(ctx: IPollFunctions, problems: string[]): never {
	throw new NodeOperationError(
		ctx.getNode(),
		`The threshold is not set up correctly: ${problems[0]}`,
		{ description: problems.join('\n') },
	);
}

export function readRedTrackThreshold(
	ctx: IPollFunctions,
	options: IDataObject,
	filters: IDataObject,
): RedTrackThresholdSettings {
	const raw = ctx.getNodeParameter('groupBy', ['campaign']) as unknown;
	const groups = (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((g) => String(g).trim())
		.filter((g, i, all) => g !== '' && all.indexOf(g) === i);
	const parsed = parseConditions(ctx.getNodeParameter('conditions', {}));
	const kind = String(ctx.getNodeParameter('period', 'today'));
	const period: PeriodSpec =
		kind === 'lastDays'
			? { kind, days: Number(ctx.getNodeParameter('periodDays', 7)) }
			: kind === 'yesterday'
				? { kind }
				: { kind: 'today' };
	const t = (ctx.getNodeParameter('thresholdOptions', {}) ?? {}) as IDataObject;
	const problems = [...parsed.problems, ...validatePeriod(period, 'UTC')];
	if (groups.length === 0) problems.push('Choose at least one field to group the report by');
	const unknown = groups.filter((g) => !REDTRACK_GROUPS[g]);
	if (unknown.length) problems.push(`Unknown grouping "${unknown[0]}"`);
	if (problems.length) fail(ctx, problems);
	const n = (v: unknown, d: number) =>
		Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : d;
	return {
		groups,
		conditions: parsed.conditions,
		period,
		filters,
		alertExisting: t.alertExisting !== false,
		emitRecovered: t.emitRecovered === true,
		maxRows: n(t.maxRows, DEFAULT_MAX_ROWS),
		maxFiring: n(t.maxFiring, 1000),
		includeRaw: options.includeRaw === true,
		sampleSize: n(options.sampleSize, 5),
		pageSize: Math.min(n(options.pageSize, REDTRACK_REPORT_MAX_PER), REDTRACK_REPORT_MAX_PER),
		timezone: typeof options.accountTimezone === 'string' ? options.accountTimezone : '',
	};
}

export interface ReportRead {
	rows: IDataObject[];
	complete: boolean;
	requests: number;
}

export async function readRedTrackReport(
	api: RedTrackApiClient,
	s: RedTrackThresholdSettings,
	period: ResolvedPeriod,
): Promise<ReportRead> {
	const rows: IDataObject[] = [];
	const per = Math.min(s.pageSize, s.maxRows);
	const sortKey = REDTRACK_GROUPS[s.groups[0]].keys[0];
	for (let page = 1; ; page++) {
		const body = await api.get('/report', {
			...s.filters,
			group: s.groups.join(','),
			date_from: period.from.slice(0, 10),
			date_to: period.to.slice(0, 10),
			timezone: period.zone,
			sortby: sortKey,
			direction: 'asc',
			page,
			per,
		});
		const list = Array.isArray(body)
			? (body.filter((r) => r && typeof r === 'object') as IDataObject[])
			: [];
		rows.push(...list);
		if (list.length < per) return { rows, complete: true, requests: page };
		if (rows.length >= s.maxRows) return { rows, complete: false, requests: page };
	}
}

export function redTrackRowKey(row: IDataObject, groups: string[]): string {
	return groups.map((g) => `${g}=${String(row[REDTRACK_GROUPS[g].keys[0]] ?? '')}`).join('|');
}

function toJson(
	row: IDataObject,
	s: RedTrackThresholdSettings,
	period: ResolvedPeriod,
	currency: unknown,
	event: string,
	met: boolean,
): IDataObject {
	const dimensions: Record<string, unknown> = {};
	for (const g of s.groups) for (const k of REDTRACK_GROUPS[g].keys) dimensions[k] = row[k];
	const metrics: Record<string, unknown> = {};
	for (const m of REDTRACK_MEASURES) if (m in row) metrics[m] = row[m];
	for (const c of s.conditions) if (c.measure in row) metrics[c.measure] = row[c.measure];
	const out: IDataObject = {
		...(buildReportRow(
			{
				tracker: 'redtrack',
				event,
				periodStart: period.fromMs,
				periodEnd: period.toMs + 1000,
				timezone: period.zone,
				currency,
				dimensions,
				metrics,
				raw: row,
			},
			{ includeRaw: s.includeRaw },
		) as unknown as IDataObject),
		period: period.key,
		rowKey: redTrackRowKey(row, s.groups),
		conditions: describeConditions(s.conditions),
		conditionMet: met,
	};
	for (const [group, f] of Object.entries(CANONICAL)) {
		const [idKey, nameKey] = REDTRACK_GROUPS[group].keys;
		const grouped = s.groups.includes(group);
		out[f.id] =
			grouped && row[idKey] !== undefined && row[idKey] !== '' ? String(row[idKey]) : null;
		out[f.name] =
			grouped && row[nameKey] !== undefined && row[nameKey] !== '' ? String(row[nameKey]) : null;
	}
	return out;
}

/** poll() of the Metric Threshold event. */
export async function pollRedTrackThreshold(
	this: IPollFunctions,
	api: RedTrackApiClient,
	options: IDataObject,
	filters: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const s = readRedTrackThreshold(this, options, filters);
	const zone = await accountTimezone(api, this.getNode(), s.timezone);
	const settings = s.timezone ? undefined : ((await api.accountSettings()) as IDataObject);
	const currency = (Array.isArray(settings) ? settings[0] : settings)?.currency ?? null;
	const period = resolvePeriod(s.period, redTrackRuntime.now(), zone);
	const report = await readRedTrackReport(api, s, period);
	const metricsOf = (row: IDataObject) => row as Record<string, unknown>;
	if (this.getMode() === 'manual') {
		const met = report.rows.filter((r) => conditionsMet(metricsOf(r), s.conditions));
		const sample = (met.length ? met : report.rows).slice(0, s.sampleSize);
		if (!sample.length) {
			throw new NodeOperationError(this.getNode(), 'The report for this period has no rows', {
				description: `Period ${period.from} – ${period.to} (${period.zone}). Widen the period or the filters, then fetch again.`,
			});
		}
		const event = met.length ? 'threshold.crossed' : 'threshold.sample';
		return [
			this.helpers.returnJsonArray(
				sample.map((r) => toJson(r, s, period, currency, event, met.length > 0)),
			),
		];
	}
	const staticData: IDataObject = this.getWorkflowStaticData('node');
	const result = evaluateThreshold({
		rows: report.rows,
		key: (r) => redTrackRowKey(r, s.groups),
		metrics: metricsOf,
		conditions: s.conditions,
		period: period.key,
		config: { tracker: 'redtrack', groups: s.groups, filters: s.filters, zone, period: s.period },
		previous: staticData[REDTRACK_THRESHOLD_KEY],
		complete: report.complete,
		maxFiring: s.maxFiring,
		initial: s.alertExisting ? 'alert' : 'silent',
	});
	staticData[REDTRACK_THRESHOLD_KEY] = result.state as unknown as IDataObject;
	const st = result.stats;
	if (!report.complete) {
		this.logger.warn(
			`RedTrack Trigger threshold: the report has more than ${s.maxRows} rows; only the first ones were checked`,
		);
	}
	this.logger.debug(
		`RedTrack Trigger threshold ${period.key}: ${st.rows} rows, ${st.matching} matching, ${st.crossed} crossed, ${st.recovered + st.recoveredAbsent} recovered, ${st.firing} firing, ${report.requests} requests`,
	);
	const items = result.crossed.map((r) =>
		toJson(r, s, period, currency, 'threshold.crossed', true),
	);
	if (s.emitRecovered) {
		for (const r of result.recovered) {
			items.push(toJson(r, s, period, currency, 'threshold.recovered', false));
		}
	}
	return items.length ? [this.helpers.returnJsonArray(items)] : null;
}

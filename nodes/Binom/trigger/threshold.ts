/**
 * Metric Threshold for Binom 2: each poll reads `GET /report/{entity}` (other-trackers-api.md
 * §4.2) for the chosen period, grouped by up to three levels (`groupings[]`, a bracket array),
 * in an explicit report time zone (`timezone`, and `dateFrom`/`dateTo` as wall-clock time of that
 * zone), and hands the rows of the deepest level to the shared evaluator (nodes/shared/threshold):
 * a row is emitted when its conditions start to hold, once per row per period, and re-armed when
 * it recovers. State (static data `binomThreshold`): the firing set of the current period,
 * written only after the whole report was read.
 *
 * ASSUMED (3P evidence only): the answer is a JSON list of rows in tree order with `level`, `id`,
 * `name`, the parent levels' ids as `<grouping>_id`, and the measures (numbers or numeric
 * strings); `limit`/`offset` page over the flattened rows.
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
import type { TrackerRequest } from '../../shared/transport';
import { BINOM_MAX_PAGE_SIZE } from './sources';
import type { BinomFetch } from './sources';

export const BINOM_THRESHOLD_KEY = 'binomThreshold';
export const BINOM_DEFAULT_MAX_ROWS = 10_000;

/** `/report/{entity}` entities (docs §4.2: campaign, offer, trafficSource seen). */
export const BINOM_REPORT_ENTITIES: Record<string, string> = {
	affiliateNetwork: 'Affiliate Network',
	campaign: 'Campaign',
	landing: 'Landing',
	offer: 'Offer',
	trafficSource: 'Traffic Source',
};

/** `groupings[]` values and their labels. */
export const BINOM_GROUPINGS: Record<string, string> = {
	affiliateNetwork: 'Affiliate Network',
	campaign: 'Campaign',
	day: 'Day',
	geoCountry: 'Country',
	hour: 'Hour',
	landing: 'Landing',
	offer: 'Offer',
	trafficSource: 'Traffic Source',
};

export const BINOM_MEASURES = [
	'clicks',
	'unique_clicks',
	'leads',
	'cr',
	'epc',
	'cpc',
	'revenue',
	'cost',
	'profit',
	'roi',
];

/** Canonical id/name fields filled from a grouping. */
const CANONICAL: Record<string, { id: string; name: string }> = {
	campaign: { id: 'campaignId', name: 'campaignName' },
	offer: { id: 'offerId', name: 'offerName' },
	landing: { id: 'landingId', name: 'landingName' },
	trafficSource: { id: 'trafficSourceId', name: 'trafficSourceName' },
	affiliateNetwork: { id: 'affiliateNetworkId', name: 'affiliateNetworkName' },
};

export interface BinomThresholdSettings {
	entity: string;
	groups: string[];
	ids: string[];
	conditions: ThresholdCondition[];
	period: PeriodSpec;
	zone: string;
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

function readPeriod(ctx: IPollFunctions): PeriodSpec {
	const kind = String(ctx.getNodeParameter('period', 'today'));
	if (kind === 'lastHours') return { kind, hours: Number(ctx.getNodeParameter('periodHours', 24)) };
	if (kind === 'lastDays') return { kind, days: Number(ctx.getNodeParameter('periodDays', 7)) };
	if (kind === 'yesterday') return { kind };
	return { kind: 'today' };
}

export function readBinomThreshold(
	ctx: IPollFunctions,
	options: IDataObject,
): BinomThresholdSettings {
	const entity = String(ctx.getNodeParameter('reportEntity', 'campaign'));
	const raw = ctx.getNodeParameter('groupings', ['campaign']) as unknown;
	const groups = (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((g) => String(g).trim())
		.filter((g, i, all) => g !== '' && all.indexOf(g) === i);
	const parsed = parseConditions(ctx.getNodeParameter('conditions', {}));
	const period = readPeriod(ctx);
	const t = (ctx.getNodeParameter('thresholdOptions', {}) ?? {}) as IDataObject;
	const zoneOption = typeof t.timezone === 'string' ? t.timezone.trim() : '';
	const zone = zoneOption || ctx.getTimezone() || 'UTC';
	const ids = String(t.ids ?? '')
		.split(/[\s,]+/)
		.map((s) => s.trim())
		.filter(Boolean);
	const problems = [...parsed.problems, ...validatePeriod(period, zone)];
	if (!BINOM_REPORT_ENTITIES[entity]) problems.push(`Unknown report "${entity}"`);
	if (groups.length === 0) problems.push('Choose at least one level to group the report by');
	if (groups.length > 3) problems.push('Binom groups a report by at most three levels');
	const unknown = groups.filter((g) => !BINOM_GROUPINGS[g]);
	if (unknown.length) problems.push(`Unknown grouping "${unknown[0]}"`);
	if (problems.length) fail(ctx, problems);
	const n = (v: unknown, d: number) =>
		Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : d;
	return {
		entity,
		groups,
		ids,
		conditions: parsed.conditions,
		period,
		zone,
		alertExisting: t.alertExisting !== false,
		emitRecovered: t.emitRecovered === true,
		maxRows: n(t.maxRows, BINOM_DEFAULT_MAX_ROWS),
		maxFiring: n(t.maxFiring, 1000),
		includeRaw: options.includeRaw === true,
		sampleSize: n(options.sampleSize, 5),
		pageSize: Math.min(BINOM_MAX_PAGE_SIZE, n(options.pageSize, BINOM_MAX_PAGE_SIZE)),
	};
}

export interface BinomReport {
	rows: IDataObject[];
	complete: boolean;
	requests: number;
}

function listOf(body: unknown): IDataObject[] | undefined {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body && typeof body === 'object') {
		const rows = (body as IDataObject).rows;
		if (Array.isArray(rows)) return rows as IDataObject[];
	}
	return undefined;
}

/** Every row of the report for the period (all levels), page by page. */
export async function readBinomReport(
	ctx: IPollFunctions,
	fetch: BinomFetch,
	s: BinomThresholdSettings,
	period: ResolvedPeriod,
): Promise<BinomReport> {
	const rows: IDataObject[] = [];
	const limit = Math.min(s.pageSize, s.maxRows);
	let requests = 0;
	for (let offset = 0; ; ) {
		const qs: IDataObject = {
			datePreset: 'custom_time',
			dateFrom: period.from,
			dateTo: period.to,
			timezone: period.zone,
			groupings: s.groups,
			sortColumn: 'clicks',
			sortType: 'desc',
			limit,
			offset,
		};
		if (s.ids.length) qs.ids = s.ids;
		const req: TrackerRequest = {
			method: 'GET',
			path: `/report/${s.entity}`,
			qs,
			arrayFormat: 'brackets',
		};
		const list = listOf(await fetch(req));
		requests++;
		if (!list) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Binom answered the report without a list of rows',
				{
					description: `GET /report/${s.entity}: check the report type and the grouping levels.`,
				},
			);
		}
		rows.push(...list);
		offset += list.length;
		if (list.length < limit || list.length === 0) return { rows, complete: true, requests };
		if (rows.length >= s.maxRows) return { rows, complete: false, requests };
	}
}

/** Rows of the deepest level (the full grouping); rows without `level` count as such. */
export function leafRows(rows: IDataObject[], groups: string[]): IDataObject[] {
	return rows.filter((r) => r.level === undefined || Number(r.level) === groups.length);
}

/** The ids of every level of a leaf row: parents from `<grouping>_id`, the row's own id last. */
export function rowPath(row: IDataObject, groups: string[]): Array<[string, string]> {
	return groups.map((g, i) => [
		g,
		String((i === groups.length - 1 ? row.id : row[`${g}_id`]) ?? ''),
	]);
}

export function binomRowKey(row: IDataObject, groups: string[]): string {
	return rowPath(row, groups)
		.map(([g, id]) => `${g}=${id}`)
		.join('|');
}

function toJson(
	row: IDataObject,
	s: BinomThresholdSettings,
	period: ResolvedPeriod,
	event: string,
	met: boolean,
): IDataObject {
	const path = rowPath(row, s.groups);
	const last = s.groups[s.groups.length - 1];
	const dimensions: Record<string, unknown> = {};
	for (const [g, id] of path) dimensions[g] = id;
	dimensions[`${last}Name`] = row.name;
	const metrics: Record<string, unknown> = {};
	for (const m of BINOM_MEASURES) if (m in row) metrics[m] = row[m];
	for (const c of s.conditions) if (c.measure in row) metrics[c.measure] = row[c.measure];
	const out: IDataObject = {
		...(buildReportRow(
			{
				tracker: 'binom',
				event,
				periodStart: period.fromMs,
				periodEnd: period.toMs + 1000,
				timezone: period.zone,
				dimensions,
				metrics,
				measureNames: { conversions: 'leads' },
				raw: row,
			},
			{ includeRaw: s.includeRaw },
		) as unknown as IDataObject),
		report: s.entity,
		period: period.key,
		rowKey: binomRowKey(row, s.groups),
		conditions: describeConditions(s.conditions),
		conditionMet: met,
	};
	for (const [group, f] of Object.entries(CANONICAL)) {
		const at = s.groups.indexOf(group);
		const id = at >= 0 ? path[at][1] : '';
		out[f.id] = id !== '' ? id : null;
		out[f.name] =
			group === last && row.name !== undefined && row.name !== '' ? String(row.name) : null;
	}
	return out;
}

/** poll() of the Metric Threshold event. */
export async function pollBinomThreshold(
	this: IPollFunctions,
	fetch: BinomFetch,
	options: IDataObject,
	now: () => number,
): Promise<INodeExecutionData[][] | null> {
	const s = readBinomThreshold(this, options);
	if (!isValidZone(s.zone)) fail(this, [`Unknown time zone "${s.zone}"`]);
	const period = resolvePeriod(s.period, now(), s.zone);
	const report = await readBinomReport(this, fetch, s, period);
	const rows = leafRows(report.rows, s.groups);
	const metricsOf = (row: IDataObject) => row as Record<string, unknown>;
	if (this.getMode() === 'manual') {
		const met = rows.filter((r) => conditionsMet(metricsOf(r), s.conditions));
		const sample = (met.length ? met : rows).slice(0, s.sampleSize);
		if (!sample.length) {
			throw new NodeOperationError(this.getNode(), 'The report for this period has no rows', {
				description: `Period ${period.from} – ${period.to} (${period.zone}). Widen the period, then fetch again.`,
			});
		}
		const event = met.length ? 'threshold.crossed' : 'threshold.sample';
		return [
			this.helpers.returnJsonArray(sample.map((r) => toJson(r, s, period, event, met.length > 0))),
		];
	}
	const staticData: IDataObject = this.getWorkflowStaticData('node');
	const result = evaluateThreshold({
		rows,
		key: (r) => binomRowKey(r, s.groups),
		metrics: metricsOf,
		conditions: s.conditions,
		period: period.key,
		config: {
			tracker: 'binom',
			entity: s.entity,
			groups: s.groups,
			ids: s.ids,
			zone: period.zone,
			period: s.period,
		},
		previous: staticData[BINOM_THRESHOLD_KEY],
		complete: report.complete,
		maxFiring: s.maxFiring,
		initial: s.alertExisting ? 'alert' : 'silent',
	});
	staticData[BINOM_THRESHOLD_KEY] = result.state as unknown as IDataObject;
	const st = result.stats;
	if (!report.complete) {
		this.logger.warn(
			`Binom Trigger threshold: the report has more than ${s.maxRows} rows; only the first ones were checked`,
		);
	}
	this.logger.debug(
		`Binom Trigger threshold ${period.key}: ${st.rows} rows, ${st.matching} matching, ${st.crossed} crossed, ${st.recovered + st.recoveredAbsent} recovered, ${st.firing} firing, ${report.requests} requests`,
	);
	const items = result.crossed.map((r) => toJson(r, s, period, 'threshold.crossed', true));
	if (s.emitRecovered) {
		for (const r of result.recovered)
			items.push(toJson(r, s, period, 'threshold.recovered', false));
	}
	return items.length ? [this.helpers.returnJsonArray(items)] : null;
}

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

import { isValidZone } from '../../shared/polling';
import type {
	PeriodSpec,
	ResolvedPeriod,
	ThresholdCondition,
	ThresholdOptions,
} from '../../shared/threshold';
import {
	canonicalIds,
	emitThreshold,
	failThreshold,
	parseConditions,
	positiveInt,
	presentMeasures,
	readList,
	readPeriod,
	readThresholdOptions,
	resolvePeriod,
	thresholdItem,
	thresholdOptionsOf,
	validatePeriod,
} from '../../shared/threshold';
import type { TrackerRequest } from '../../shared/transport';
import { readMovedFilter } from '../../shared/trigger/layout';
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

export interface BinomThresholdSettings extends ThresholdOptions {
	entity: string;
	groups: string[];
	ids: string[];
	conditions: ThresholdCondition[];
	period: PeriodSpec;
	zone: string;
	includeRaw: boolean;
	sampleSize: number;
	pageSize: number;
}

export function readBinomThreshold(
	ctx: IPollFunctions,
	options: IDataObject,
): BinomThresholdSettings {
	const entity = String(ctx.getNodeParameter('reportEntity', 'campaign'));
	const groups = readList(ctx, 'groupings', ['campaign']);
	const parsed = parseConditions(ctx.getNodeParameter('conditions', {}));
	const period = readPeriod(ctx);
	const t = thresholdOptionsOf(ctx);
	const zoneOption = typeof t.timezone === 'string' ? t.timezone.trim() : '';
	const zone = zoneOption || ctx.getTimezone() || 'UTC';
	// "Only IDs": under Threshold Options in node version 1, under Filters in version 2.
	const ids = String(readMovedFilter<unknown>(ctx, 'ids', '', 'thresholdOptions') ?? '')
		.split(/[\s,]+/)
		.map((s) => s.trim())
		.filter(Boolean);
	const problems = [...parsed.problems, ...validatePeriod(period, zone)];
	if (!BINOM_REPORT_ENTITIES[entity]) problems.push(`Unknown report "${entity}"`);
	if (groups.length === 0) problems.push('Choose at least one level to group the report by');
	if (groups.length > 3) problems.push('Binom groups a report by at most three levels');
	const unknown = groups.filter((g) => !BINOM_GROUPINGS[g]);
	if (unknown.length) problems.push(`Unknown grouping "${unknown[0]}"`);
	if (problems.length) failThreshold(ctx, problems);
	return {
		entity,
		groups,
		ids,
		conditions: parsed.conditions,
		period,
		zone,
		...readThresholdOptions(t, BINOM_DEFAULT_MAX_ROWS),
		includeRaw: options.includeRaw === true,
		sampleSize: positiveInt(options.sampleSize, 5),
		pageSize: Math.min(BINOM_MAX_PAGE_SIZE, positiveInt(options.pageSize, BINOM_MAX_PAGE_SIZE)),
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
	return thresholdItem({
		tracker: 'binom',
		event,
		period,
		dimensions,
		metrics: presentMeasures(row, [...BINOM_MEASURES, ...s.conditions.map((c) => c.measure)]),
		measureNames: { conversions: 'leads' },
		row,
		includeRaw: s.includeRaw,
		extra: { report: s.entity },
		rowKey: binomRowKey(row, s.groups),
		conditions: s.conditions,
		met,
		// Ids of every level from the row's path; a name only for the last level (the row's own).
		ids: canonicalIds(CANONICAL, s.groups, (g) => {
			const at = s.groups.indexOf(g);
			return { id: at >= 0 ? path[at][1] : '', name: g === last ? row.name : undefined };
		}),
	});
}

/** poll() of the Metric Threshold event. */
export async function pollBinomThreshold(
	this: IPollFunctions,
	fetch: BinomFetch,
	options: IDataObject,
	now: () => number,
): Promise<INodeExecutionData[][] | null> {
	const s = readBinomThreshold(this, options);
	if (!isValidZone(s.zone)) failThreshold(this, [`Unknown time zone "${s.zone}"`]);
	const period = resolvePeriod(s.period, now(), s.zone);
	const report = await readBinomReport(this, fetch, s, period);
	return emitThreshold(this, {
		...report,
		rows: leafRows(report.rows, s.groups),
		key: (r) => binomRowKey(r, s.groups),
		conditions: s.conditions,
		period,
		config: {
			tracker: 'binom',
			entity: s.entity,
			groups: s.groups,
			ids: s.ids,
			zone: period.zone,
			period: s.period,
		},
		stateKey: BINOM_THRESHOLD_KEY,
		options: s,
		sampleSize: s.sampleSize,
		toJson: (r, event, met) => toJson(r, s, period, event, met),
		logPrefix: 'Binom Trigger threshold',
	});
}

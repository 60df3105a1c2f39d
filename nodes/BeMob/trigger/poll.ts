/**
 * The poll() of the BeMob Trigger (beta). BeMob's API has no conversion or click list, so both
 * events read the aggregated report (`GET /v1/report`, see report.ts):
 * - Metric Threshold: the shared evaluator (nodes/shared/threshold) on the rows of the period;
 * - Report Row New or Changed: the last N days re-read every poll (BeMob re-synchronises the last
 *   three days), rows emitted when new or changed (rows.ts).
 * Periods and days are in the account time zone (option; BeMob's default is UTC); the report is
 * asked for with UTC instants.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildReportRow } from '../../shared/model/canonical';
import { floorToGranule, isValidZone, nextGranule, parseTimeToMs } from '../../shared/polling';
import type { ResolvedPeriod, ThresholdCondition } from '../../shared/threshold';
import {
	describeConditions,
	emitThreshold,
	parseConditions,
	positiveInt,
	readList,
	readPeriod,
	readThresholdOptions,
	resolvePeriod,
	thresholdOptionsOf,
	validatePeriod,
} from '../../shared/threshold';
import { markSample } from '../../shared/safety';
import { setupError } from '../../shared/trigger';
import { trackerRequest } from '../../shared/transport';
import type { RetryPolicy, TrackerRequest } from '../../shared/transport';
import { beMobProfile } from '../transport/profile';
import {
	BEMOB_DEFAULT_MAX_ROWS,
	BEMOB_DEFAULT_PAGE_SIZE,
	BEMOB_DEFAULT_ZONE,
	BEMOB_GROUPS,
	beMobCanonicalIds,
	beMobDimensions,
	beMobMetrics,
	beMobRowKey,
	readBeMobReport,
} from './report';
import type { BeMobFetch, ReportRead } from './report';
import { diffReportRows } from './rows';
import type { RowChange } from './rows';

export const BEMOB_THRESHOLD_KEY = 'bemobThreshold';
export const BEMOB_ROWS_KEY = 'bemobRows';

/** Test seams (the node itself uses neither). */
export interface BeMobTriggerDeps {
	now?: () => number;
	retry?: Partial<RetryPolicy>;
}

interface Settings {
	groups: string[];
	zone: string;
	pageSize: number;
	maxRows: number;
	includeRaw: boolean;
	sampleSize: number;
}

function fail(ctx: IPollFunctions, problems: string[]): never {
	throw setupError(ctx, problems);
}

function readSettings(ctx: IPollFunctions, maxLevels: number): Settings {
	const groups = readList(ctx, 'groupBy', ['campaign']);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const zone = String(options.timezone ?? '').trim() || BEMOB_DEFAULT_ZONE;
	const problems: string[] = [];
	if (groups.length === 0) problems.push('Choose at least one level to group the report by');
	if (groups.length > maxLevels) {
		problems.push(
			maxLevels === 3
				? 'BeMob groups a report by at most three levels'
				: 'Choose at most two levels (the day is the third)',
		);
	}
	const unknown = groups.filter((g) => !BEMOB_GROUPS[g]);
	if (unknown.length) problems.push(`Unknown level "${unknown[0]}"`);
	if (!isValidZone(zone)) {
		problems.push(`Unknown time zone "${zone}" (use an IANA name such as Europe/Madrid)`);
	}
	if (problems.length) fail(ctx, problems);
	return {
		groups,
		zone,
		pageSize: positiveInt(options.pageSize, BEMOB_DEFAULT_PAGE_SIZE),
		maxRows: positiveInt(options.maxRows, BEMOB_DEFAULT_MAX_ROWS),
		includeRaw: options.includeRaw === true,
		sampleSize: positiveInt(options.sampleSize, 5),
	};
}

function reportJson(
	row: IDataObject,
	s: Settings,
	levels: string[],
	extra: {
		event: string;
		periodStart: number;
		periodEnd: number;
		conditions?: ThresholdCondition[];
	},
): IDataObject {
	return {
		...(buildReportRow(
			{
				tracker: 'bemob',
				event: extra.event,
				periodStart: extra.periodStart,
				periodEnd: extra.periodEnd,
				timezone: s.zone,
				dimensions: beMobDimensions(row, levels),
				metrics: beMobMetrics(
					row,
					(extra.conditions ?? []).map((c) => c.measure),
				),
				raw: row,
			},
			{ includeRaw: s.includeRaw },
		) as unknown as IDataObject),
		rowKey: beMobRowKey(row, levels),
		...beMobCanonicalIds(row, levels),
	};
}

const noRowsDescription = (from: string, zone: string) =>
	`BeMob returned no rows from ${from} (${zone}). Widen the period, then fetch again.`;

function noRows(ctx: IPollFunctions, from: string, zone: string): never {
	throw new NodeOperationError(ctx.getNode(), 'The report for this period has no rows', {
		description: noRowsDescription(from, zone),
	});
}

async function pollThreshold(
	this: IPollFunctions,
	fetch: BeMobFetch,
	now: number,
): Promise<INodeExecutionData[][] | null> {
	const s = readSettings(this, 3);
	const parsed = parseConditions(this.getNodeParameter('conditions', {}));
	const spec = readPeriod(this, { defaultDays: 3 });
	const t = thresholdOptionsOf(this);
	const problems = [...parsed.problems, ...validatePeriod(spec, s.zone)];
	if (problems.length) fail(this, problems);
	const conditions = parsed.conditions;
	const period: ResolvedPeriod = resolvePeriod(spec, now, s.zone);
	const report: ReportRead = await readBeMobReport(
		fetch,
		{
			fromMs: period.fromMs,
			toMs: period.toMs,
			groupBy: s.groups,
			pageSize: s.pageSize,
			maxRows: s.maxRows,
		},
		(message) => fail(this, [message]),
	);
	const json = (row: IDataObject, event: string, met: boolean): IDataObject => ({
		...reportJson(row, s, s.groups, {
			event,
			periodStart: period.fromMs,
			periodEnd: period.toMs + 1000,
			conditions,
		}),
		period: period.key,
		conditions: describeConditions(conditions),
		conditionMet: met,
	});
	return emitThreshold(this, {
		...report,
		key: (r) => beMobRowKey(r, s.groups),
		conditions,
		period,
		config: { tracker: 'bemob', groups: s.groups, zone: s.zone, period: spec },
		stateKey: BEMOB_THRESHOLD_KEY,
		// Max Report Rows is a general option here, not a threshold option.
		options: { ...readThresholdOptions(t, s.maxRows), maxRows: s.maxRows },
		sampleSize: s.sampleSize,
		toJson: json,
		logPrefix: 'BeMob Trigger',
		logStats: false,
		noRowsDescription: noRowsDescription(period.from, period.zone),
	});
}

async function pollRows(
	this: IPollFunctions,
	fetch: BeMobFetch,
	now: number,
): Promise<INodeExecutionData[][] | null> {
	const s = readSettings(this, 2);
	const days = positiveInt(this.getNodeParameter('recheckDays', 3), 3);
	const levels = ['day', ...s.groups];
	const todayStart = floorToGranule(now, 'day', s.zone);
	let fromMs = todayStart;
	for (let i = 0; i < days; i++) fromMs = floorToGranule(fromMs - 1, 'day', s.zone);
	const toMs = Math.floor(now / 1000) * 1000;
	const report = await readBeMobReport(
		fetch,
		{ fromMs, toMs, groupBy: levels, pageSize: s.pageSize, maxRows: s.maxRows },
		(message) => fail(this, [message]),
	);
	const json = (row: IDataObject, event: string, change?: RowChange): IDataObject => {
		const dayStart = parseTimeToMs(row.day, s.zone);
		const start = Number.isFinite(dayStart) ? dayStart : fromMs;
		return {
			...reportJson(row, s, levels, {
				event,
				periodStart: start,
				periodEnd: nextGranule(start, 'day', s.zone),
			}),
			day: row.day ?? null,
			change: change ?? null,
		};
	};
	if (this.getMode() === 'manual') {
		const sample = [...report.rows]
			.sort((a, b) => String(b.day ?? '').localeCompare(String(a.day ?? '')))
			.slice(0, s.sampleSize);
		if (!sample.length) noRows(this, new Date(fromMs).toISOString(), s.zone);
		return [this.helpers.returnJsonArray(sample.map((r) => markSample(json(r, 'report.row'))))];
	}
	const staticData: IDataObject = this.getWorkflowStaticData('node');
	const measures = (row: IDataObject) => beMobMetrics(row);
	const result = diffReportRows({
		rows: report.rows,
		key: (r) => beMobRowKey(r, levels),
		measures,
		config: { tracker: 'bemob', levels, zone: s.zone },
		previous: staticData[BEMOB_ROWS_KEY],
		complete: report.complete,
		initial: this.getNodeParameter('emitExisting', false) === true ? 'emit' : 'silent',
		cap: 2 * s.maxRows,
	});
	staticData[BEMOB_ROWS_KEY] = result.state as unknown as IDataObject;
	if (!report.complete) {
		this.logger.warn(
			`BeMob Trigger: the report has more than ${s.maxRows} rows; only the first ones were compared`,
		);
	}
	if (!result.changed.length) return null;
	return [
		this.helpers.returnJsonArray(
			result.changed.map(({ row, change }) =>
				json(row, change === 'new' ? 'report.rowAdded' : 'report.rowChanged', change),
			),
		),
	];
}

export async function pollBeMob(
	this: IPollFunctions,
	deps: BeMobTriggerDeps = {},
): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'metricThreshold') as string;
	const fetch: BeMobFetch = async (req: TrackerRequest) =>
		await trackerRequest.call(this, beMobProfile, { ...req, retry: deps.retry });
	const now = (deps.now ?? (() => Date.now()))();
	if (event === 'reportRowChanged') return await pollRows.call(this, fetch, now);
	if (event === 'metricThreshold') return await pollThreshold.call(this, fetch, now);
	throw new NodeOperationError(this.getNode(), `Unknown event "${event}"`);
}

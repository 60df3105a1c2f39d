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

export interface RedTrackThresholdSettings extends ThresholdOptions {
	groups: string[];
	conditions: ThresholdCondition[];
	period: PeriodSpec;
	filters: IDataObject;
	includeRaw: boolean;
	sampleSize: number;
	pageSize: number;
	timezone: string;
}

export function readRedTrackThreshold(
	ctx: IPollFunctions,
	options: IDataObject,
	filters: IDataObject,
): RedTrackThresholdSettings {
	const groups = readList(ctx, 'groupBy', ['campaign']);
	const parsed = parseConditions(ctx.getNodeParameter('conditions', {}));
	const period = readPeriod(ctx, { hours: false });
	const t = thresholdOptionsOf(ctx);
	const problems = [...parsed.problems, ...validatePeriod(period, 'UTC')];
	if (groups.length === 0) problems.push('Choose at least one field to group the report by');
	const unknown = groups.filter((g) => !REDTRACK_GROUPS[g]);
	if (unknown.length) problems.push(`Unknown grouping "${unknown[0]}"`);
	if (problems.length) failThreshold(ctx, problems);
	return {
		groups,
		conditions: parsed.conditions,
		period,
		filters,
		...readThresholdOptions(t, DEFAULT_MAX_ROWS),
		includeRaw: options.includeRaw === true,
		sampleSize: positiveInt(options.sampleSize, 5),
		pageSize: Math.min(
			positiveInt(options.pageSize, REDTRACK_REPORT_MAX_PER),
			REDTRACK_REPORT_MAX_PER,
		),
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
	return thresholdItem({
		tracker: 'redtrack',
		event,
		period,
		currency,
		dimensions,
		metrics: presentMeasures(row, [...REDTRACK_MEASURES, ...s.conditions.map((c) => c.measure)]),
		row,
		includeRaw: s.includeRaw,
		rowKey: redTrackRowKey(row, s.groups),
		conditions: s.conditions,
		met,
		ids: canonicalIds(CANONICAL, s.groups, (g) => {
			const [idKey, nameKey] = REDTRACK_GROUPS[g].keys;
			return { id: row[idKey], name: row[nameKey] };
		}),
	});
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
	return emitThreshold(this, {
		...report,
		key: (r) => redTrackRowKey(r, s.groups),
		conditions: s.conditions,
		period,
		config: { tracker: 'redtrack', groups: s.groups, filters: s.filters, zone, period: s.period },
		stateKey: REDTRACK_THRESHOLD_KEY,
		options: s,
		sampleSize: s.sampleSize,
		toJson: (r, event, met) => toJson(r, s, period, currency, event, met),
		logPrefix: 'RedTrack Trigger threshold',
		widen: 'the period or the filters',
	});
}

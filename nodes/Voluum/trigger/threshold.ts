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

export interface VoluumThresholdSettings extends ThresholdOptions {
	groups: string[];
	conditions: ThresholdCondition[];
	period: PeriodSpec;
	timezone: string;
	conversionTimeMode: '' | 'CONVERSION' | 'VISIT';
	includeRaw: boolean;
	sampleSize: number;
	pageSize: number;
}

export function readVoluumThreshold(
	ctx: IPollFunctions,
	options: IDataObject,
): VoluumThresholdSettings {
	const groups = readList(ctx, 'groupBy', ['campaign']);
	const parsed = parseConditions(ctx.getNodeParameter('conditions', {}));
	const period = readPeriod(ctx);
	const t = thresholdOptionsOf(ctx);
	const timezone = typeof t.timezone === 'string' ? t.timezone.trim() : '';
	const problems = [...parsed.problems, ...validatePeriod(period, timezone || 'UTC')];
	if (groups.length === 0) problems.push('Choose at least one level to group the report by');
	if (groups.length > 3) problems.push('Voluum groups a report by at most three levels');
	const unknown = groups.filter((g) => !VOLUUM_GROUPS[g]);
	if (unknown.length) problems.push(`Unknown grouping "${unknown[0]}"`);
	if (problems.length) failThreshold(ctx, problems);
	const mode = String(t.conversionTimeMode ?? '');
	return {
		groups,
		conditions: parsed.conditions,
		period,
		timezone,
		conversionTimeMode: mode === 'CONVERSION' || mode === 'VISIT' ? mode : '',
		...readThresholdOptions(t, DEFAULT_MAX_ROWS),
		includeRaw: options.includeRaw === true,
		sampleSize: positiveInt(options.sampleSize, 5),
		pageSize: positiveInt(options.pageSize, PAGE),
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
			failThreshold(ctx, [
				`Unknown time zone "${override}" (use an IANA name such as Europe/Madrid)`,
			]);
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
	return thresholdItem({
		tracker: 'voluum',
		event,
		period,
		currency: account.currency,
		dimensions,
		metrics: presentMeasures(row, [...VOLUUM_MEASURES, ...s.conditions.map((c) => c.measure)]),
		row,
		includeRaw: s.includeRaw,
		rowKey: voluumRowKey(row, s.groups),
		conditions: s.conditions,
		met,
		ids: canonicalIds(CANONICAL, s.groups, (g) => ({
			id: row[VOLUUM_GROUPS[g].id],
			name: row[VOLUUM_GROUPS[g].name],
		})),
	});
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
	return emitThreshold(this, {
		...report,
		key: (r) => voluumRowKey(r, s.groups),
		conditions: s.conditions,
		period,
		config: {
			tracker: 'voluum',
			groups: s.groups,
			zone: period.zone,
			period: s.period,
			conversionTimeMode: s.conversionTimeMode,
		},
		stateKey: VOLUUM_THRESHOLD_KEY,
		options: s,
		sampleSize: s.sampleSize,
		toJson: (r, event, met) => toJson(r, s, period, account, event, met),
		logPrefix: 'Voluum Trigger threshold',
	});
}

import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	CLICK_LOG_COLUMNS,
	CONVERSION_LOG_COLUMNS,
	CONVERSION_SPECIFIC_COLUMNS,
	FILTER_OPERATORS,
	REPORT_DIMENSIONS,
	REPORT_MEASURES,
	VERSION_DEPENDENT_MEASURES,
} from '../actions/shared/vocabulary';

/**
 * Dropdown lists of the report and log operations. Keitaro has no endpoint listing these names,
 * so the lists are static (keitaro-admin-api.md §3.2, §3.4, §3.5, §4.2); they are async only to
 * fit `methods.loadOptions`.
 */

const LABELS: Record<string, string> = {
	ts: 'Traffic Source',
	ts_id: 'Traffic Source ID',
	cr: 'CR (Conversion Rate, %)',
	crs: 'CR by Sales (%)',
	crl: 'CR by Leads (%)',
	roi: 'ROI (%)',
	roi_confirmed: 'ROI Confirmed (%)',
	epc: 'EPC',
	epc_confirmed: 'EPC Confirmed',
	cpa: 'CPA',
	cpc: 'CPC',
	cps: 'CPS',
	cpl: 'CPL',
	ecpc: 'eCPC',
	ecpm: 'eCPM',
	ecpm_confirmed: 'eCPM Confirmed',
	ec: 'EC',
	ec_confirmed: 'EC Confirmed',
	lp_ctr: 'LP CTR (%)',
	lp_clicks: 'LP Clicks',
	lp_views: 'LP Views',
	ip: 'IP',
	isp: 'ISP',
	os: 'OS',
	os_icon: 'OS Icon',
	os_version: 'OS Version',
	tid: 'Transaction ID (tid)',
	sub_id: 'Click Sub ID (sub_id)',
	stream: 'Flow',
	stream_id: 'Flow ID',
	approve: 'Approval Rate (%)',
	bot_share: 'Bot Share (%)',
	lead_revenue: 'Revenue (Hold / Leads)',
	sale_revenue: 'Revenue (Confirmed / Sales)',
	rejected_revenue: 'Revenue (Rejected)',
};

/**
 * "campaign_unique_clicks" → "Campaign Unique Clicks (campaign_unique_clicks)". Keitaro's flows
 * are called streams in the API: labels say Flow (the value stays `stream…`). A doubled "ID ID"
 * (e.g. from `external_id_id`-style names) is said once.
 */
export function labelOf(name: string): string {
	const known = LABELS[name];
	if (known) return known.includes(`(${name})`) ? known : `${known} (${name})`;
	const words = name
		.split('_')
		.map((w) => {
			if (w === 'id') return 'ID';
			if (w === 'stream') return 'Flow';
			if (w === 'streams') return 'Flows';
			return w.charAt(0).toUpperCase() + w.slice(1);
		})
		.join(' ')
		.replace(/\bID ID\b/g, 'ID');
	return `${words} (${name})`;
}

/** Dimensions most reports use, listed first (the rest keep Keitaro's order). */
export const COMMON_DIMENSIONS: readonly string[] = [
	'campaign',
	'campaign_id',
	'stream',
	'stream_id',
	'offer',
	'offer_id',
	'landing',
	'landing_id',
	'ts',
	'ts_id',
	'affiliate_network',
	'country',
	'day',
	'hour',
	'sub_id_1',
	'sub_id_2',
	'sub_id_3',
	'sub_id_4',
	'sub_id_5',
	'ad_campaign_id',
	'creative_id',
	'external_id',
	'device_type',
	'os',
	'browser',
];

/** `names` with the common dimensions (those present) first. */
export function commonFirst(names: readonly string[]): string[] {
	const head = COMMON_DIMENSIONS.filter((n) => names.includes(n));
	return [...head, ...names.filter((n) => !head.includes(n))];
}

function toOptions(
	names: readonly string[],
	note: (n: string) => string | undefined = () => undefined,
): INodePropertyOptions[] {
	return names.map((value) => {
		const option: INodePropertyOptions = { name: labelOf(value), value };
		const description = note(value);
		if (description) option.description = description;
		return option;
	});
}

const measureNote = (n: string) =>
	VERSION_DEPENDENT_MEASURES.includes(n) ? 'Only on some Keitaro versions' : undefined;

export async function getReportDimensions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return toOptions(commonFirst(REPORT_DIMENSIONS));
}

export async function getReportMeasures(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return toOptions(REPORT_MEASURES, measureNote);
}

/** Fields a report can be filtered or sorted by: dimensions, then measures. */
export async function getReportFilterFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return [
		...toOptions(commonFirst(REPORT_DIMENSIONS)),
		...toOptions(REPORT_MEASURES, (n) => measureNote(n) ?? 'Measure: filters the grouped rows'),
	];
}

export async function getFilterOperators(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return FILTER_OPERATORS.map((o) => ({
		name: o.name,
		value: o.value,
		description: o.description,
	}));
}

export async function getClickLogColumns(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return toOptions(CLICK_LOG_COLUMNS);
}

export async function getConversionLogColumns(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return toOptions(CONVERSION_LOG_COLUMNS, (n) =>
		CONVERSION_SPECIFIC_COLUMNS.includes(n)
			? 'Conversion field'
			: n === 'revenue'
				? 'Payout of the conversion (there is no payout column)'
				: undefined,
	);
}

/** Every loadOptions method of this file, to spread into `methods.loadOptions`. */
export const reportLoadOptions = {
	getReportDimensions,
	getReportMeasures,
	getReportFilterFields,
	getFilterOperators,
	getClickLogColumns,
	getConversionLogColumns,
};

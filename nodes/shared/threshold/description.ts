/**
 * Parameter descriptions of the Metric Threshold event, built from what differs per tracker
 * (wording, measures, groupings, defaults). Every builder returns fresh objects; the fields keep
 * the parameter names the threshold runtime reads (`conditions`, `period`, `periodHours`,
 * `periodDays`, `thresholdOptions`).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { byDisplayName } from '../trigger/descriptions';
import { timeZoneField } from '../options';
import { THRESHOLD_OPERATORS } from './conditions';

/** The event value of the Metric Threshold. */
const METRIC_THRESHOLD_EVENT = 'metricThreshold';

const thresholdOnly = () => ({ show: { event: [METRIC_THRESHOLD_EVENT] } });

/**
 * Description of the Metric Threshold entry of the Event options; `examples` lists kinds of
 * report rows, e.g. "campaign, offer, country".
 */
export function metricThresholdEventDescription(examples: string): string {
	return `A report row (${examples} …) meets conditions such as ROI below -30 % with cost above 50`;
}

/**
 * `{ name: label, value }` options from labels by value (a label, or an object with one), sorted
 * by name (`numeric`: "Sub 2" before "Sub 10").
 */
export function labelledOptions(
	labels: Readonly<Record<string, string | { label: string }>>,
	numeric = false,
): INodePropertyOptions[] {
	return Object.entries(labels)
		.map(([value, l]) => ({ name: typeof l === 'string' ? l : l.label, value }))
		.sort((a, b) =>
			numeric
				? a.name.localeCompare(b.name, 'en', { numeric: true })
				: a.name.localeCompare(b.name),
		);
}

export interface GroupByPropertySpec {
	/** Parameter name (e.g. `groupBy`). */
	name: string;
	description: string;
	options: INodePropertyOptions[];
	/** Whether the field shows only for the Metric Threshold (default true). */
	thresholdOnly?: boolean;
}

/** "Group By": the report levels whose rows are checked (default: campaign). */
export function groupByProperty(spec: GroupByPropertySpec): INodeProperties {
	return {
		displayName: 'Group By',
		name: spec.name,
		type: 'multiOptions',
		default: ['campaign'],
		...(spec.thresholdOnly === false ? {} : { displayOptions: thresholdOnly() }),
		description: spec.description,
		options: spec.options,
	};
}

/** Names of the usual abbreviated report measures. */
export const STANDARD_MEASURE_LABELS: Readonly<Record<string, string>> = {
	cpc: 'CPC (Cost per Click)',
	cpv: 'CPV (Cost per Visit)',
	cr: 'CR (Conversion Rate, %)',
	ctr: 'CTR (%)',
	epc: 'EPC (Earnings per Click)',
	epv: 'EPV (Earnings per Visit)',
	roi: 'ROI (%)',
};

/**
 * The Measure field of a condition over a fixed list of report measures, named by `labels`, else
 * by `STANDARD_MEASURE_LABELS`, else capitalised (e.g. `cost`: "Cost").
 */
export function measureField(
	measures: readonly string[],
	labels: Readonly<Record<string, string>> = {},
): INodeProperties {
	return {
		displayName: 'Measure',
		name: 'measure',
		type: 'options',
		default: 'roi',
		options: measures
			.map((m) => ({
				name: labels[m] ?? STANDARD_MEASURE_LABELS[m] ?? m.charAt(0).toUpperCase() + m.slice(1),
				value: m,
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

/** "Conditions": AND-ed `measure operator value` rules (default: roi < -30). */
export function conditionsProperty(measure: INodeProperties): INodeProperties {
	return {
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: { condition: [{ measure: 'roi', operator: 'lt', value: -30 }] },
		displayOptions: thresholdOnly(),
		description: 'All conditions must hold (AND) for a row to fire',
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					measure,
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						default: 'lt',
						options: THRESHOLD_OPERATORS.map((o) => ({ name: o.name, value: o.value })),
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'number',
						typeOptions: { numberPrecision: 4 },
						default: 0,
					},
				],
			},
		],
	};
}

export interface PeriodPropertiesSpec {
	/** Description of the Period field (which zone, how periods re-arm). */
	description: string;
	/** Whether "Last N Hours" is offered (default true). */
	hours?: boolean;
	/** Default of "Days" (default 7). */
	defaultDays?: number;
}

/** "Period" and its "Hours" / "Days" fields. */
export function periodProperties(spec: PeriodPropertiesSpec): INodeProperties[] {
	const hours = spec.hours !== false;
	const days = spec.defaultDays ?? 7;
	const period: INodeProperties = {
		displayName: 'Period',
		name: 'period',
		type: 'options',
		default: 'today',
		displayOptions: thresholdOnly(),
		description: spec.description,
		options: [
			{ name: 'Last N Days (Including Today)', value: 'lastDays' },
			...(hours ? [{ name: 'Last N Hours', value: 'lastHours' }] : []),
			{ name: 'Today', value: 'today' },
			{ name: 'Yesterday', value: 'yesterday' },
		],
	};
	const periodHours: INodeProperties = {
		displayName: 'Hours',
		name: 'periodHours',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 744 },
		default: 24,
		displayOptions: { show: { event: [METRIC_THRESHOLD_EVENT], period: ['lastHours'] } },
	};
	const periodDays: INodeProperties = {
		displayName: 'Days',
		name: 'periodDays',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 366 },
		default: days,
		displayOptions: { show: { event: [METRIC_THRESHOLD_EVENT], period: ['lastDays'] } },
	};
	return hours ? [period, periodHours, periodDays] : [period, periodDays];
}

export interface ThresholdOptionsSpec {
	/** "Max Report Rows": its default and description (the field is left out when not given). */
	maxRows?: { default: number; description?: string };
	/** Further options of the tracker; all options are listed by display name. */
	extra?: INodeProperties[];
}

/** "Threshold Options": initial alerts, recovery events, the firing cap, and the tracker's own. */
export function thresholdOptionsProperty(spec: ThresholdOptionsSpec = {}): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Alert Rows Already Crossing on Activation',
			name: 'alertExisting',
			type: 'boolean',
			default: true,
			description:
				'Whether the first check emits rows that already meet the conditions. Off: they are remembered and only later crossings fire.',
		},
		{
			displayName: 'Emit Recovery Events',
			name: 'emitRecovered',
			type: 'boolean',
			default: false,
			description:
				'Whether to also emit a row (event threshold.recovered) when a firing row no longer meets the conditions',
		},
		{
			displayName: 'Cooldown (Hours)',
			name: 'cooldownHours',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				'Hours a row must wait before it can fire again, also on a new day or after it recovered. 0: no cooldown.',
		},
		{
			displayName: 'Max Actions per Day',
			name: 'maxActionsPerDay',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				'At most this many rows fire per day (report time zone); further crossings wait for a later day. 0: no limit.',
		},
		{
			displayName: 'Never Fire For (Whitelist)',
			name: 'whitelist',
			type: 'string',
			default: '',
			placeholder: 'stream_id=12, Bot filter, 40',
			description:
				'Rows that never fire, comma-separated: a row key (stream_id=12), dimension=value, or an ID or name of the row',
		},
		{
			displayName: 'Max Firing Rows',
			name: 'maxFiring',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 1 },
			default: 1000,
			description:
				'How many rows can be firing at once per period; more crossings wait until others recover',
		},
	];
	if (spec.maxRows) {
		const maxRows = spec.maxRows.default;
		options.push({
			displayName: 'Max Report Rows',
			name: 'maxRows',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 1 },
			default: maxRows,
			description: spec.maxRows.description ?? 'Upper bound of report rows read per check',
		});
	}
	return {
		displayName: 'Threshold Options',
		name: 'thresholdOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: thresholdOnly(),
		options: [...options, ...(spec.extra ?? [])].sort(byDisplayName),
	};
}

/** The "Report Time Zone" threshold option (an IANA zone; empty: the tracker's fallback). */
/** The report's time zone: an IANA picker whose first choice (empty) is what `emptyLabel` says. */
export function reportTimeZoneOption(emptyLabel: string, description: string): INodeProperties {
	return timeZoneField({
		displayName: 'Report Time Zone',
		name: 'timezone',
		emptyLabel,
		default: '',
		description,
	});
}

export interface ThresholdPropertiesSpec {
	/** The grouping field: what `groupByProperty` builds from a spec, or a whole property. */
	groupBy: GroupByPropertySpec | INodeProperties;
	/** The Measure field of a condition: fixed measures and labels (`measureField`), or a field. */
	measure:
		| { measures: readonly string[]; labels?: Readonly<Record<string, string>> }
		| INodeProperties;
	period: PeriodPropertiesSpec;
	options?: ThresholdOptionsSpec;
}

/**
 * The parameters of the Metric Threshold event, in the editor's order: Group By, Conditions,
 * Period (and its Hours / Days), Threshold Options.
 */
export function thresholdProperties(spec: ThresholdPropertiesSpec): INodeProperties[] {
	const { groupBy, measure } = spec;
	return [
		'displayName' in groupBy ? groupBy : groupByProperty(groupBy),
		conditionsProperty(
			'displayName' in measure ? measure : measureField(measure.measures, measure.labels),
		),
		...periodProperties(spec.period),
		thresholdOptionsProperty(spec.options),
	];
}

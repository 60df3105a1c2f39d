import type { INodeProperties } from 'n8n-workflow';

import { THRESHOLD_OPERATORS } from '../../shared/threshold';
import { firstRunProperties, pollOptionFields } from '../../shared/trigger';
import { BINOM_DEFAULT_PAGE_SIZE, BINOM_MAX_PAGE_SIZE } from './sources';
import { describeStatusDefaults } from './mapping';
import {
	BINOM_DEFAULT_MAX_ROWS,
	BINOM_GROUPINGS,
	BINOM_MEASURES,
	BINOM_REPORT_ENTITIES,
} from './threshold';

const CONVERSION_EVENTS = ['newConversion', 'conversionChanged'];
const STREAMS = [...CONVERSION_EVENTS, 'newClick'];
const THRESHOLD = { show: { event: ['metricThreshold'] } };

const MEASURE_LABELS: Record<string, string> = {
	cpc: 'CPC (Cost per Click)',
	cr: 'CR (Conversion Rate, %)',
	epc: 'EPC (Earnings per Click)',
	leads: 'Leads (Conversions)',
	roi: 'ROI (%)',
	unique_clicks: 'Unique Clicks',
};

const labelled = (labels: Record<string, string>) =>
	Object.entries(labels)
		.map(([value, name]) => ({ name, value }))
		.sort((a, b) => a.name.localeCompare(b.name));

const thresholdProperties: INodeProperties[] = [
	{
		displayName: 'Report',
		name: 'reportEntity',
		type: 'options',
		default: 'campaign',
		displayOptions: THRESHOLD,
		description: 'Which Binom report to read (GET /report/{report})',
		options: labelled(BINOM_REPORT_ENTITIES),
	},
	{
		displayName: 'Group By',
		name: 'groupings',
		type: 'multiOptions',
		default: ['campaign'],
		displayOptions: THRESHOLD,
		description:
			'Levels of the report, at most three (e.g. campaign, then offer). The rows of the last level are checked.',
		options: labelled(BINOM_GROUPINGS),
	},
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: { condition: [{ measure: 'roi', operator: 'lt', value: -30 }] },
		displayOptions: THRESHOLD,
		description: 'All conditions must hold (AND) for a row to fire',
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Measure',
						name: 'measure',
						type: 'options',
						default: 'roi',
						options: BINOM_MEASURES.map((m) => ({
							name: MEASURE_LABELS[m] ?? m.charAt(0).toUpperCase() + m.slice(1),
							value: m,
						})).sort((a, b) => a.name.localeCompare(b.name)),
					},
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
	},
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		default: 'today',
		displayOptions: THRESHOLD,
		description:
			'Report period in the report time zone. A row fires at most once per period: today and yesterday are calendar days, Last N Days changes every midnight, Last N Hours is rolling (a row fires again only after it recovered).',
		options: [
			{ name: 'Last N Days (Including Today)', value: 'lastDays' },
			{ name: 'Last N Hours', value: 'lastHours' },
			{ name: 'Today', value: 'today' },
			{ name: 'Yesterday', value: 'yesterday' },
		],
	},
	{
		displayName: 'Hours',
		name: 'periodHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 744 },
		default: 24,
		displayOptions: { show: { event: ['metricThreshold'], period: ['lastHours'] } },
	},
	{
		displayName: 'Days',
		name: 'periodDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 366 },
		default: 7,
		displayOptions: { show: { event: ['metricThreshold'], period: ['lastDays'] } },
	},
	{
		displayName: 'Threshold Options',
		name: 'thresholdOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: THRESHOLD,
		options: [
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
				displayName: 'Max Firing Rows',
				name: 'maxFiring',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1000,
				description:
					'How many rows can be firing at once per period; more crossings wait until others recover',
			},
			{
				displayName: 'Max Report Rows',
				name: 'maxRows',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: BINOM_DEFAULT_MAX_ROWS,
				description: 'Upper bound of report rows read per check',
			},
			{
				displayName: 'Only IDs',
				name: 'ids',
				type: 'string',
				default: '',
				placeholder: '12, 15',
				description: 'Restrict the report to these IDs of the report type, comma-separated',
			},
			{
				displayName: 'Report Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Moscow',
				description:
					'IANA zone Binom computes the report in, and in which today and yesterday are days. Empty: the time zone of this workflow.',
			},
		],
	},
];

const extraOptions: INodeProperties[] = [
	{
		displayName: 'Conversion Date Filter',
		name: 'dateField',
		type: 'options',
		default: 'conversed_at',
		displayOptions: { show: { '/event': CONVERSION_EVENTS } },
		description:
			'Which time Binom’s conversion list filters on. The trigger assumes conversion time; if your Binom filters on click time, pick it here and set the lateness window to at least a day.',
		options: [
			{ name: 'Click Time (Clicked_at)', value: 'clicked_at' },
			{ name: 'Conversion Time (Conversed_at)', value: 'conversed_at' },
		],
	},
	{
		displayName: 'Only Statuses',
		name: 'onlyStatuses',
		type: 'multiOptions',
		default: [],
		displayOptions: { show: { '/event': CONVERSION_EVENTS } },
		description:
			'Emit only conversions whose canonical status (after the status map) is one of these. Empty: all.',
		options: [
			{ name: 'Approved', value: 'approved' },
			{ name: 'Hold', value: 'hold' },
			{ name: 'Pending', value: 'pending' },
			{ name: 'Rejected', value: 'rejected' },
		],
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 2, maxValue: BINOM_MAX_PAGE_SIZE },
		default: BINOM_DEFAULT_PAGE_SIZE,
		description: 'Rows per request to Binom',
	},
];

/** Options of the event streams only (the threshold has no cursor, no lateness, no item cap). */
const STREAM_ONLY = ['overlapMinutes', 'maxItemsPerPoll'];

const options = [...pollOptionFields, ...extraOptions]
	.map((o) =>
		STREAM_ONLY.includes(o.name) ? { ...o, displayOptions: { show: { '/event': STREAMS } } } : o,
	)
	.sort((a, b) => a.displayName.localeCompare(b.displayName));

/** First Run fields, for the event streams (a threshold check has no backlog). */
const firstRun = firstRunProperties.map((p) => ({
	...p,
	displayOptions: {
		...(p.displayOptions ?? {}),
		show: { ...(p.displayOptions?.show ?? {}), event: STREAMS },
	},
}));

export const binomTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'newConversion',
		options: [
			{
				name: 'Conversion Status or Payout Changed',
				value: 'conversionChanged',
				description:
					'A known conversion got another status (e.g. lead → approve) or more payout (upsell)',
			},
			{
				name: 'Metric Threshold',
				value: 'metricThreshold',
				description:
					'A report row (campaign, offer, country …) meets conditions such as ROI below -30 % with cost above 50',
			},
			{
				name: 'New Click',
				value: 'newClick',
				description: 'A click was registered (from the click log)',
			},
			{
				name: 'New Conversion',
				value: 'newConversion',
				description: 'A click converted (once per conversion, with its status at that time)',
			},
		],
	},
	{
		displayName: 'Watch Changes For (Days)',
		name: 'watchDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 60 },
		default: 7,
		displayOptions: { show: { event: ['conversionChanged'] } },
		description:
			'How long after a conversion its changes are still noticed. Binom keeps the conversion time when a status changes, so each poll re-reads this many days of conversions.',
	},
	{
		displayName: 'Include New Conversions',
		name: 'includeNew',
		type: 'boolean',
		default: false,
		displayOptions: { show: { event: ['conversionChanged'] } },
		description:
			'Whether to also emit conversions seen for the first time (event conversion.created), so one trigger gives every version of every conversion',
	},
	{
		displayName: 'Status Map',
		name: 'statusMap',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'upsell=approved\ndeposit=approved',
		displayOptions: { show: { event: CONVERSION_EVENTS } },
		description: `Extra or changed Binom statuses, one "binom status=canonical" per line (canonical: approved, pending, hold, rejected; case-insensitive; "=approved" maps an empty status). Defaults: ${describeStatusDefaults()}. Other statuses: keywords (approv/confirm/paid/sale → approved, hold → hold, reject/declin/cancel/fraud/trash/chargeback → rejected), else pending.`,
	},
	...thresholdProperties,
	...firstRun,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	},
];

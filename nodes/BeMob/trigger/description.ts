import type { INodeProperties } from 'n8n-workflow';

import { THRESHOLD_OPERATORS } from '../../shared/threshold';
import { pollOptionFields } from '../../shared/trigger';
import {
	BEMOB_DEFAULT_MAX_ROWS,
	BEMOB_DEFAULT_PAGE_SIZE,
	BEMOB_DEFAULT_ZONE,
	BEMOB_GROUPS,
	BEMOB_MAX_PAGE_SIZE,
	BEMOB_MEASURES,
} from './report';

const THRESHOLD = { show: { event: ['metricThreshold'] } };
const ROWS = { show: { event: ['reportRowChanged'] } };

const MEASURE_LABELS: Record<string, string> = {
	cpv: 'CPV (Cost per Visit)',
	cr: 'CR (Conversion Rate, %)',
	ctr: 'CTR (%)',
	epc: 'EPC (Earnings per Click)',
	epv: 'EPV (Earnings per Visit)',
	roi: 'ROI (%)',
};

const groupOptions = Object.entries(BEMOB_GROUPS)
	.map(([value, g]) => ({ name: g.label, value }))
	.sort((a, b) => a.name.localeCompare(b.name));

const shared = pollOptionFields.filter((o) => o.name === 'includeRaw' || o.name === 'sampleSize');

const extra: INodeProperties[] = [
	{
		displayName: 'Account Time Zone',
		name: 'timezone',
		type: 'string',
		default: BEMOB_DEFAULT_ZONE,
		placeholder: 'Europe/Madrid',
		description:
			'The time zone of your BeMob account (Settings). BeMob reports days in it; today, yesterday and the re-checked days are days of this zone.',
	},
	{
		displayName: 'Max Report Rows',
		name: 'maxRows',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: BEMOB_DEFAULT_MAX_ROWS,
		description: 'Upper bound of report rows read per poll',
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: BEMOB_MAX_PAGE_SIZE },
		default: BEMOB_DEFAULT_PAGE_SIZE,
		description: 'Report rows per request',
	},
];

const options = [...shared, ...extra].sort((a, b) => a.displayName.localeCompare(b.displayName));

export const beMobTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Beta: BeMob publishes no API reference; this trigger follows third-party scripts. BeMob’s API has no conversion list: for each conversion, send BeMob’s postback to an n8n Webhook instead.',
		name: 'betaNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'metricThreshold',
		options: [
			{
				name: 'Metric Threshold',
				value: 'metricThreshold',
				description:
					'A report row (campaign, offer, country …) meets conditions such as ROI below -30 % with cost above 50',
			},
			{
				name: 'Report Row New or Changed',
				value: 'reportRowChanged',
				description:
					'A row of the daily report appeared or its numbers changed (the last days are re-read: BeMob re-syncs them)',
			},
		],
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'multiOptions',
		default: ['campaign'],
		description:
			'One row per value of these levels (at most three; for report rows at most two, the day being the first level)',
		options: groupOptions,
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
						options: BEMOB_MEASURES.map((m) => ({
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
			'Report period in the account time zone, re-read in full every poll (so BeMob’s nightly re-sync of past days is seen). A row fires at most once per period: today and yesterday are calendar days, Last N Days changes every midnight, Last N Hours is rolling.',
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
		default: 3,
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
		],
	},
	{
		displayName: 'Re-Check Days',
		name: 'recheckDays',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 31 },
		default: 3,
		displayOptions: ROWS,
		description:
			'How many past days are re-read with today on every poll. BeMob re-synchronises the last three days every night.',
	},
	{
		displayName: 'Emit Current Rows on First Run',
		name: 'emitExisting',
		type: 'boolean',
		default: false,
		displayOptions: ROWS,
		description:
			'Whether the first poll emits every row it finds (event report.rowAdded). Off: it only remembers them, and later changes are emitted.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	},
];

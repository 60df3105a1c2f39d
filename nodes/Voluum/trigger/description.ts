import type { INodeProperties } from 'n8n-workflow';

import { THRESHOLD_OPERATORS } from '../../shared/threshold';
import { firstRunProperties, pollOptionFields } from '../../shared/trigger';
import { VOLUUM_DEFAULT_PAGE_SIZE } from './conversions';
import { DEFAULT_MAX_ROWS, VOLUUM_GROUPS, VOLUUM_MEASURES } from './threshold';

const byName = (a: INodeProperties, b: INodeProperties) =>
	a.displayName.localeCompare(b.displayName);

const onlyFor = (events: string[], field: INodeProperties): INodeProperties => ({
	...field,
	displayOptions: { show: { '/event': events } },
});

const STREAMS = ['newConversion', 'campaignChanged'];
const THRESHOLD = { show: { event: ['metricThreshold'] } };

const MEASURE_LABELS: Record<string, string> = {
	cpv: 'CPV (Cost per Visit)',
	ctr: 'CTR (%)',
	cv: 'CV (Conversion Rate, %)',
	epc: 'EPC (Earnings per Click)',
	epv: 'EPV (Earnings per Visit)',
	roi: 'ROI (%)',
};

const thresholdProperties: INodeProperties[] = [
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'multiOptions',
		default: ['campaign'],
		displayOptions: THRESHOLD,
		description:
			'One row per value of these levels is checked (at most three), e.g. campaign, or campaign and offer',
		options: Object.entries(VOLUUM_GROUPS)
			.map(([value, g]) => ({ name: g.label, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
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
						options: VOLUUM_MEASURES.map((m) => ({
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
			'Report period in the report time zone, in whole hours. A row fires at most once per period: today and yesterday are calendar days, Last N Days changes every midnight, Last N Hours is rolling (a row fires again only after it recovered).',
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
				displayName: 'Conversion Time Mode',
				name: 'conversionTimeMode',
				type: 'options',
				default: '',
				options: [
					{ name: 'Account Setting', value: '' },
					{ name: 'Conversion (Postback) Time', value: 'CONVERSION' },
					{ name: 'Visit Time', value: 'VISIT' },
				],
				description:
					'Which time places a conversion in the period. With visit time, late postbacks change past periods.',
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
				default: DEFAULT_MAX_ROWS,
				description: 'Upper bound of report rows read per check',
			},
			{
				displayName: 'Report Time Zone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Madrid',
				description:
					'IANA zone of the report days and hours. Empty: the zone of the Voluum user (else Etc/GMT).',
			},
		],
	},
];

export const voluumTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'newConversion',
		options: [
			{
				name: 'New Conversion',
				value: 'newConversion',
				description:
					'A conversion (postback) Voluum registered, with its conversion type mapped to a status',
			},
			{
				name: 'Metric Threshold',
				value: 'metricThreshold',
				description:
					'A report row (campaign, offer, country …) meets conditions such as ROI below -30 % with cost above 50',
			},
			{
				name: 'New or Updated Campaign',
				value: 'campaignChanged',
				description: 'A campaign was created, edited or archived',
			},
		],
	},
	{
		displayName: 'Conversion Type Map',
		name: 'statusMap',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'hold=hold\nchargeback=rejected\nLead=pending',
		description:
			'Voluum has no approval status, so each conversion type is mapped to approved, pending, hold or rejected: one "type=status" per line (type name or ID, any case). Types not listed count as approved; built in: hold=hold, chargeback/refund/rejected/declined=rejected.',
		displayOptions: { show: { event: ['newConversion'] } },
	},
	...firstRunProperties.map((p) => ({
		...p,
		displayOptions: { show: { ...(p.displayOptions?.show ?? {}), event: STREAMS } },
	})),
	...thresholdProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			...pollOptionFields.map((f) =>
				f.name === 'overlapMinutes'
					? onlyFor(['newConversion'], f)
					: f.name === 'maxItemsPerPoll'
						? onlyFor(STREAMS, f)
						: f,
			),
			onlyFor(['campaignChanged'], {
				displayName: 'Changes to Emit',
				name: 'campaignEvents',
				type: 'multiOptions',
				default: ['campaign.created', 'campaign.updated', 'campaign.deleted'],
				options: [
					{ name: 'Archived', value: 'campaign.deleted' },
					{ name: 'Created', value: 'campaign.created' },
					{ name: 'Updated', value: 'campaign.updated' },
				],
				description: 'Which campaign changes start the workflow (the others are skipped)',
			}),
			onlyFor(['newConversion', 'metricThreshold'], {
				displayName: 'Rows per Request',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 2, maxValue: 10000 },
				default: VOLUUM_DEFAULT_PAGE_SIZE,
				description: 'How many rows one request to Voluum asks for',
			}),
			onlyFor(['newConversion'], {
				displayName: 'Search Filter',
				name: 'filter',
				type: 'string',
				default: '',
				description:
					'Voluum’s free-text filter of the conversions report (e.g. a campaign name). Changing it starts the trigger over.',
			}),
			onlyFor(['newConversion'], {
				displayName: 'Statuses to Emit',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Approved', value: 'approved' },
					{ name: 'Hold', value: 'hold' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Rejected', value: 'rejected' },
				],
				description:
					'Emit only conversions whose mapped status is one of these (empty: all). Skipped conversions are not emitted later.',
			}),
		].sort(byName),
	},
];

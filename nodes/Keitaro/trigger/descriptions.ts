import type { INodeProperties } from 'n8n-workflow';

import { byDisplayName, firstRunFor, streamPollOptions } from '../../shared/trigger';
import { metricThresholdEventDescription, thresholdProperties } from '../../shared/threshold';
import { DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT_SECONDS, MAX_PAGE_SIZE } from './common';
import { ENTITY_TYPES } from './entities';
import { DEFAULT_MAX_ROWS } from './threshold';
import { currencyField, timeZoneField } from '../../shared/options';

const STREAM_EVENTS = ['newConversion', 'conversionStatusChanged', 'newClick', 'entityChanged'];
const CONVERSION_EVENTS = ['newConversion', 'conversionStatusChanged'];

/** Collections list their options alphabetically. */
const sorted = (list: INodeProperties[]): INodeProperties[] => [...list].sort(byDisplayName);

const STATUS_OPTIONS = [
	{ name: 'Lead', value: 'lead' },
	{ name: 'Rebill', value: 'rebill' },
	{ name: 'Rejected', value: 'rejected' },
	{ name: 'Sale', value: 'sale' },
];

export const eventProperty: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	default: 'newConversion',
	options: [
		{
			name: 'Conversion Status Changed',
			value: 'conversionStatusChanged',
			description: 'A conversion changed status, e.g. lead → sale or sale → rejected',
		},
		{
			name: 'Entity Created or Updated',
			value: 'entityChanged',
			description:
				'A campaign, flow, offer, landing page, traffic source or affiliate network was created or saved',
		},
		{
			name: 'Metric Threshold',
			value: 'metricThreshold',
			description: metricThresholdEventDescription('campaign, flow, offer, sub ID'),
		},
		{
			name: 'New Click',
			value: 'newClick',
			description: 'A click was registered',
		},
		{
			name: 'New Conversion',
			value: 'newConversion',
			description: 'A conversion (postback) arrived',
		},
	],
};

/** First Run fields, shown for the event streams (the threshold has its own start behaviour). */
const firstRun: INodeProperties[] = firstRunFor(STREAM_EVENTS);

const entityTypeProperty: INodeProperties = {
	displayName: 'Entity',
	name: 'entityType',
	type: 'options',
	noDataExpression: true,
	default: 'campaign',
	displayOptions: { show: { event: ['entityChanged'] } },
	options: ENTITY_TYPES.map((e) => ({ name: e.name, value: e.value })),
	description:
		'Which list to watch. Flows are read campaign by campaign: pick campaigns under Filters when you have many.',
};

const threshold = thresholdProperties({
	groupBy: {
		displayName: 'Group By (Dimension Names or IDs)',
		name: 'dimensions',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getReportDimensions' },
		default: ['campaign_id'],
		displayOptions: { show: { event: ['metricThreshold'] } },
		description:
			'One row per value of these report dimensions is checked, e.g. campaign_id, stream_id (flow) or sub_id_1. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	measure: {
		displayName: 'Measure Name or ID',
		name: 'measure',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getReportMeasures' },
		default: 'roi',
		description:
			'Report measure to compare, e.g. roi (%), cost, conversions. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	period: {
		description:
			'Report period, in the Time Zone of the options. A row fires at most once per period: today and yesterday are calendar days, Last N Days changes every midnight, Last N Hours is rolling (a row fires again only after it recovered).',
	},
	options: { maxRows: { default: DEFAULT_MAX_ROWS } },
});

const filtersProperty: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	displayOptions: { hide: { event: ['entityChanged'] } },
	options: sorted([
		{
			displayName: 'Campaign Names or IDs',
			name: 'campaignIds',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getCampaigns' },
			default: [],
			description:
				'Only these campaigns. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Offer Names or IDs',
			name: 'offerIds',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getOffers' },
			default: [],
			displayOptions: { show: { '/event': [...CONVERSION_EVENTS, 'metricThreshold'] } },
			description:
				'Only these offers. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Traffic Source Names or IDs',
			name: 'trafficSourceIds',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTrafficSources' },
			default: [],
			displayOptions: { show: { '/event': [...CONVERSION_EVENTS, 'metricThreshold'] } },
			description:
				'Only these traffic sources. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Status',
			name: 'statuses',
			type: 'multiOptions',
			default: [],
			options: STATUS_OPTIONS,
			displayOptions: { show: { '/event': CONVERSION_EVENTS } },
			description:
				'Only conversions with this Keitaro status (for status changes: the new status). Empty = all.',
		},
		{
			displayName: 'Previous Status',
			name: 'previousStatuses',
			type: 'multiOptions',
			default: [],
			options: STATUS_OPTIONS,
			displayOptions: { show: { '/event': ['conversionStatusChanged'] } },
			description: 'Only changes from these statuses. Empty = all.',
		},
		{
			displayName: 'Exclude Bots',
			name: 'excludeBots',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/event': ['newClick'] } },
			description: 'Whether to skip clicks Keitaro marked as bots',
		},
		{
			displayName: 'Unique Clicks Only',
			name: 'uniqueOnly',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/event': ['newClick'] } },
			description: 'Whether to emit only clicks unique for their campaign',
		},
	]),
};

const entityFilters: INodeProperties = {
	displayName: 'Entity Filters',
	name: 'entityFilters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	displayOptions: { show: { event: ['entityChanged'], entityType: ['campaign', 'flow'] } },
	options: [
		{
			displayName: 'Campaign Names or IDs',
			name: 'campaignIds',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getCampaigns' },
			default: [],
			description:
				'Only these campaigns (for flows: only flows of these campaigns, read with one request each). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
};

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: sorted([
		...streamPollOptions(STREAM_EVENTS),
		timeZoneField({
			displayName: 'Time Zone',
			name: 'timezone',
			default: 'UTC',
			description:
				'The time zone set in Keitaro (Settings). Keitaro writes log and entity times without a zone, in this zone; the trigger sends it with every date range and reads every time in it. Metric Threshold periods (today, yesterday) are days of this zone.',
		}),
		{
			displayName: 'Conversion Time Mode',
			name: 'conversionTimeMode',
			type: 'options',
			default: 'postback',
			displayOptions: { show: { '/event': CONVERSION_EVENTS } },
			options: [
				{
					name: 'Postback Time (Date Range)',
					value: 'postback',
					description:
						'The conversion log date range selects conversions by postback time (default)',
				},
				{
					name: 'Click Time (Explicit Postback Filter)',
					value: 'click',
					description:
						'For trackers set to report conversions by click date: filter on postback_datetime explicitly so conversions of old clicks are not missed',
				},
			],
			description: 'How the tracker applies a date range to the conversion log',
		},
		{
			displayName: 'Watch Window (Days)',
			name: 'watchWindowDays',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 365 },
			default: 30,
			displayOptions: { show: { '/event': CONVERSION_EVENTS } },
			description:
				'How long after a conversion its status may still change (like a network approval period). The trigger remembers every conversion of this window (a few bytes each) and sees its changes; older conversions are not watched.',
		},
		{
			displayName: 'Sweep Period (Minutes)',
			name: 'sweepPeriodMinutes',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 1440 },
			default: 15,
			displayOptions: { show: { '/event': ['conversionStatusChanged'] } },
			description:
				'How often the whole Watch Window is re-read to find status changes the conversion log gives no time (spread over the polls of the period). Changes that set a time (a sale, a moving datetime or postback_datetime) are found within two polls.',
		},
		currencyField({
			displayName: 'Currency',
			name: 'currency',
			emptyLabel: 'Not Set',
			default: '',
			description:
				'Currency code of the tracker, copied to each item (Keitaro reports money in its own currency and does not send it)',
		}),
		{
			displayName: 'Status Map',
			name: 'statusMap',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: 'hold=hold\nwait=pending',
			displayOptions: { show: { '/event': CONVERSION_EVENTS } },
			description:
				'Extra or overriding lines raw=canonical (approved, pending, hold, rejected). Defaults: lead=pending, sale=approved, rebill=approved, rejected=rejected; unknown statuses by keyword. A line for a network status (original_status, e.g. hold) wins over the Keitaro status.',
		},
		{
			displayName: 'Sub ID Columns',
			name: 'subIdCount',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 0, maxValue: 30 },
			default: 30,
			displayOptions: {
				show: { '/event': ['newConversion', 'conversionStatusChanged', 'newClick'] },
			},
			description:
				'How many sub_id_N columns to read (30 on current Keitaro; older versions know 10 or 15 and reject unknown columns)',
		},
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 2, maxValue: MAX_PAGE_SIZE },
			default: DEFAULT_PAGE_SIZE,
			description: 'Rows per request to the tracker',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long one request may take (heavy logs on a busy tracker may need more)',
		},
	]),
};

export function triggerProperties(): INodeProperties[] {
	return [
		eventProperty,
		entityTypeProperty,
		...firstRun,
		...threshold,
		filtersProperty,
		entityFilters,
		optionsProperty,
	];
}

import type { INodeProperties } from 'n8n-workflow';

import {
	labelledOptions,
	metricThresholdEventDescription,
	thresholdProperties,
} from '../../shared/threshold';
import {
	byDisplayName,
	canonicalStatusOptions,
	firstRunFor,
	onlyForEvents,
	streamPollOptions,
} from '../../shared/trigger';
import { REDTRACK_DEFAULT_PAGE_SIZE } from './logs';
import { DEFAULT_MAX_ROWS, REDTRACK_GROUPS, REDTRACK_MEASURES } from './threshold';
import { timeZoneField } from '../../shared/options';

const LOGS = ['newConversion', 'statusChanged', 'newClick'];
const CONVERSIONS = ['newConversion', 'statusChanged'];
const STREAMS = [...LOGS, 'campaignChanged'];

/** Measures named otherwise than the standard ones (see `measureField`). */
const MEASURE_LABELS: Record<string, string> = {
	approved: 'Approved Conversions',
	declined: 'Declined Conversions',
	other: 'Other-Status Conversions',
	pending: 'Pending Conversions',
};

const threshold = thresholdProperties({
	groupBy: {
		name: 'groupBy',
		description:
			'One report row per value of these fields is checked, e.g. campaign, or campaign and sub 1',
		options: labelledOptions(REDTRACK_GROUPS, true),
	},
	measure: { measures: REDTRACK_MEASURES, labels: MEASURE_LABELS },
	period: {
		description:
			'Report days in the account time zone (RedTrack reports whole days). A row fires at most once per period: today and yesterday are calendar days, Last N Days changes every midnight.',
		hours: false,
	},
	options: {
		maxRows: {
			default: DEFAULT_MAX_ROWS,
			description:
				'Upper bound of report rows read per check (RedTrack allows 20 report requests a minute, 1000 rows each)',
		},
	},
});

/** Default lateness of "New Conversion": RedTrack filters by whole days, so re-read a day. */
export const REDTRACK_CONVERSION_LATENESS_MINUTES = 1440;

export const redTrackTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'newConversion',
		options: [
			{
				name: 'Conversion Status Changed',
				value: 'statusChanged',
				description: 'A conversion got another status (e.g. pending → approved)',
			},
			{
				name: 'Metric Threshold',
				value: 'metricThreshold',
				description: metricThresholdEventDescription('campaign, offer, sub ID'),
			},
			{
				name: 'New Click',
				value: 'newClick',
				description: 'A click (track) RedTrack registered. Busy accounts: use the filters.',
			},
			{
				name: 'New Conversion',
				value: 'newConversion',
				description: 'A conversion RedTrack registered',
			},
			{
				name: 'New or Updated Campaign',
				value: 'campaignChanged',
				description: 'A campaign was created, edited, paused or deleted',
			},
		],
	},
	{
		displayName: 'Status Map',
		name: 'statusMap',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'other=hold',
		description:
			'How RedTrack statuses become approved, pending, hold or rejected: one "status=canonical" per line, any case. Built in: approved=approved, pending=pending, declined=rejected, other=pending.',
		displayOptions: { show: { event: CONVERSIONS } },
	},
	{
		displayName: 'Watch Window (Days)',
		name: 'watchWindowDays',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 3, maxValue: 90 },
		default: 30,
		description:
			'How long after a conversion its status may still change (like a network approval period). The trigger re-reads the last two days every poll and sweeps the older days of this window every Sweep Period; changes after the window are not seen.',
		displayOptions: { show: { event: ['statusChanged'] } },
	},
	{
		displayName: 'Include New Conversions',
		name: 'includeNew',
		type: 'boolean',
		default: false,
		description:
			'Whether a conversion seen for the first time also starts the workflow (with its first status), not only later status changes',
		displayOptions: { show: { event: ['statusChanged'] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'IDs, countries and types are sent to RedTrack with every request; changing them starts the trigger over',
		displayOptions: { show: { event: [...LOGS, 'metricThreshold'] } },
		options: [
			{
				displayName: 'Campaign IDs',
				name: 'campaign_id',
				type: 'string',
				default: '',
				description: 'Comma-separated RedTrack campaign IDs',
			},
			{
				displayName: 'Conversion Types',
				name: 'type',
				type: 'string',
				default: '',
				placeholder: 'default_type,type1',
				description: 'Comma-separated conversion type keys',
				displayOptions: { show: { '/event': CONVERSIONS } },
			},
			{
				displayName: 'Country Codes',
				name: 'country_code',
				type: 'string',
				default: '',
				placeholder: 'US,DE',
				displayOptions: { show: { '/event': LOGS } },
			},
			{
				displayName: 'Offer IDs',
				name: 'offer_id',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Traffic Source IDs',
				name: 'source_id',
				type: 'string',
				default: '',
			},
		],
	},
	...firstRunFor(STREAMS),
	...threshold,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...streamPollOptions(STREAMS, {
				events: ['newConversion'],
				default: REDTRACK_CONVERSION_LATENESS_MINUTES,
				note: 'RedTrack filters by whole days; the default re-reads the previous day.',
			}),
			onlyForEvents(['statusChanged'], {
				displayName: 'Sweep Period (Minutes)',
				name: 'sweepMinutes',
				type: 'number',
				typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 1440 },
				default: 15,
				description:
					'How often the older days of the Watch Window are re-read in full (the last two days are re-read every poll). A status change of an older conversion is emitted within this period.',
			}),
			onlyForEvents(
				[...LOGS, 'metricThreshold'],
				timeZoneField({
					displayName: 'Account Time Zone',
					name: 'accountTimezone',
					emptyLabel: 'Read From the Account',
					default: '',
					description:
						'Time zone of your RedTrack account, in which its date filters work. Empty: read from the account settings on every poll.',
				}),
			),
			onlyForEvents(['campaignChanged'], {
				displayName: 'Changes to Emit',
				name: 'campaignEvents',
				type: 'multiOptions',
				default: [
					'campaign.created',
					'campaign.updated',
					'campaign.statusChanged',
					'campaign.deleted',
				],
				options: [
					{ name: 'Created', value: 'campaign.created' },
					{ name: 'Deleted', value: 'campaign.deleted' },
					{ name: 'Paused or Resumed', value: 'campaign.statusChanged' },
					{ name: 'Other Edits', value: 'campaign.updated' },
				],
				description: 'Which campaign changes start the workflow (the others are skipped)',
			}),
			onlyForEvents(CONVERSIONS, {
				displayName: 'Date Filter Field',
				name: 'dateField',
				type: 'options',
				default: 'conv_time',
				options: [
					{ name: 'Click Time (Track_time)', value: 'track_time' },
					{ name: 'Conversion Time (Conv_time)', value: 'conv_time' },
					{ name: 'Received At (Created_at)', value: 'created_at' },
				],
				description:
					'The conversion time RedTrack’s date filter applies to (not documented; conv_time is assumed). Changing it starts the trigger over.',
			}),
			onlyForEvents([...LOGS, 'metricThreshold'], {
				displayName: 'Rows per Request',
				name: 'pageSize',
				type: 'number',
				typeOptions: { numberPrecision: 0, minValue: 2, maxValue: 10000 },
				default: REDTRACK_DEFAULT_PAGE_SIZE,
				description: 'How many rows one request to RedTrack asks for (per; reports: at most 1000)',
			}),
			onlyForEvents(CONVERSIONS, {
				displayName: 'Statuses to Emit',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				options: canonicalStatusOptions(),
				description:
					'Emit only conversions whose mapped status is one of these (empty: all). Skipped ones are not emitted later.',
			}),
		].sort(byDisplayName),
	},
];

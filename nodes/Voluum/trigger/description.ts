import type { INodeProperties } from 'n8n-workflow';

import {
	labelledOptions,
	metricThresholdEventDescription,
	reportTimeZoneOption,
	thresholdProperties,
} from '../../shared/threshold';
import {
	byDisplayName,
	canonicalStatusOptions,
	firstRunFor,
	onlyForEvents,
	streamPollOptions,
} from '../../shared/trigger';
import { VOLUUM_DEFAULT_PAGE_SIZE } from './conversions';
import { DEFAULT_MAX_ROWS, VOLUUM_GROUPS, VOLUUM_MEASURES } from './threshold';

const STREAMS = ['newConversion', 'campaignChanged'];

/** Measures named otherwise than the standard ones (see `measureField`). */
const MEASURE_LABELS: Record<string, string> = {
	cv: 'CV (Conversion Rate, %)',
};

const threshold = thresholdProperties({
	groupBy: {
		name: 'groupBy',
		description:
			'One row per value of these levels is checked (at most three), e.g. campaign, or campaign and offer',
		options: labelledOptions(VOLUUM_GROUPS),
	},
	measure: { measures: VOLUUM_MEASURES, labels: MEASURE_LABELS },
	period: {
		description:
			'Report period in the report time zone, in whole hours. A row fires at most once per period: today and yesterday are calendar days, Last N Days changes every midnight, Last N Hours is rolling (a row fires again only after it recovered).',
	},
	options: {
		maxRows: { default: DEFAULT_MAX_ROWS },
		extra: [
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
			reportTimeZoneOption(
				'Voluum User Time Zone',
				'IANA zone of the report days and hours. Empty: the zone of the Voluum user (else Etc/GMT).',
			),
		],
	},
});

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
				description: metricThresholdEventDescription('campaign, offer, country'),
			},
			{
				name: 'New or Updated Campaign',
				value: 'campaignChanged',
				description: 'A campaign was created, edited or archived',
			},
		],
	},
	{
		displayName: 'Status Map',
		name: 'statusMap',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'hold=hold\nchargeback=rejected\nLead=pending',
		description:
			'Voluum has no approval status, so each conversion type is mapped to approved, pending, hold or rejected: one "type=status" per line (type name or ID, any case). Types not listed count as approved; built in: hold=hold, chargeback/refund/rejected/declined=rejected.',
		displayOptions: { show: { event: ['newConversion'] } },
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
			...streamPollOptions(STREAMS, { events: ['newConversion'] }),
			onlyForEvents(['campaignChanged'], {
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
			onlyForEvents(['newConversion', 'metricThreshold'], {
				displayName: 'Rows per Request',
				name: 'pageSize',
				type: 'number',
				typeOptions: { numberPrecision: 0, minValue: 2, maxValue: 10000 },
				default: VOLUUM_DEFAULT_PAGE_SIZE,
				description: 'How many rows one request to Voluum asks for',
			}),
			onlyForEvents(['newConversion'], {
				displayName: 'Conversion Time Mode',
				name: 'conversionTimeMode',
				type: 'options',
				default: 'CONVERSION',
				options: [
					{ name: 'Conversion (Postback) Time', value: 'CONVERSION' },
					{ name: 'Visit Time', value: 'VISIT' },
				],
				description:
					'Which time the trigger reads conversions by; sent to Voluum explicitly, so the account setting does not matter. Postback time: a conversion is read soon after Voluum receives it. Visit time: conversions are placed at their visit, and the trigger re-reads the Visit Window to catch late postbacks (more state and reading). Changing it starts the trigger over.',
			}),
			onlyForEvents(['newConversion'], {
				displayName: 'Visit Window (Days)',
				name: 'visitWindowDays',
				type: 'number',
				typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 7 },
				default: 7,
				description:
					'Visit time mode only: the longest delay from a visit to its postback that is still read. Later postbacks are missed in that mode.',
			}),
			onlyForEvents(['newConversion'], {
				displayName: 'Search Filter',
				name: 'filter',
				type: 'string',
				default: '',
				description:
					'Voluum’s free-text filter of the conversions report (e.g. a campaign name). Changing it starts the trigger over.',
			}),
			onlyForEvents(['newConversion'], {
				displayName: 'Statuses to Emit',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				options: canonicalStatusOptions(),
				description:
					'Emit only conversions whose mapped status is one of these (empty: all). Skipped conversions are not emitted later.',
			}),
		].sort(byDisplayName),
	},
];

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
	streamPollOptions,
} from '../../shared/trigger';
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

/** Measures named otherwise than the standard ones (see `measureField`). */
const MEASURE_LABELS: Record<string, string> = {
	leads: 'Leads (Conversions)',
	unique_clicks: 'Unique Clicks',
};

const reportProperty: INodeProperties = {
	displayName: 'Report',
	name: 'reportEntity',
	type: 'options',
	default: 'campaign',
	displayOptions: { show: { event: ['metricThreshold'] } },
	description: 'Which Binom report to read (GET /report/{report})',
	options: labelledOptions(BINOM_REPORT_ENTITIES),
};

const threshold = thresholdProperties({
	groupBy: {
		name: 'groupings',
		description:
			'Levels of the report, at most three (e.g. campaign, then offer). The rows of the last level are checked.',
		options: labelledOptions(BINOM_GROUPINGS),
	},
	measure: { measures: BINOM_MEASURES, labels: MEASURE_LABELS },
	period: {
		description:
			'Report period in the report time zone. A row fires at most once per period: today and yesterday are calendar days, Last N Days changes every midnight, Last N Hours is rolling (a row fires again only after it recovered).',
	},
	options: {
		maxRows: { default: BINOM_DEFAULT_MAX_ROWS },
		extra: [
			{
				displayName: 'Only IDs',
				name: 'ids',
				type: 'string',
				default: '',
				placeholder: '12, 15',
				description: 'Restrict the report to these IDs of the report type, comma-separated',
			},
			reportTimeZoneOption(
				'Workflow Time Zone',
				'IANA zone Binom computes the report in, and in which today and yesterday are days. Empty: the time zone of this workflow.',
			),
		],
	},
});

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
		displayName: 'Log Query',
		name: 'logQuery',
		type: 'options',
		default: 'auto',
		displayOptions: { show: { '/event': STREAMS } },
		description:
			'How to ask Binom for conversions and clicks. Which one your Binom accepts is not documented; Auto tries the custom time window first, switches on an HTTP 400 and remembers what worked.',
		options: [
			{ name: 'Auto', value: 'auto' },
			{
				name: 'Custom Time Window (DateFrom/dateTo, Offset)',
				value: 'window',
			},
			{
				name: 'Date Presets (Direction=next)',
				value: 'preset',
				description:
					'What the public Binom client sends; one page of up to 10,000 rows per preset, a full page stops the trigger',
			},
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
		options: canonicalStatusOptions(),
	},
	{
		displayName: 'Sweep Period (Minutes)',
		name: 'sweepMinutes',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 1440 },
		default: 15,
		displayOptions: { show: { '/event': ['conversionChanged'] } },
		description:
			'Conversion Status or Payout Changed: conversions of today and yesterday are re-read every poll; older ones of the Watch Window once per this period, so their changes show up within it',
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 2, maxValue: BINOM_MAX_PAGE_SIZE },
		default: BINOM_DEFAULT_PAGE_SIZE,
		description: 'Rows per request to Binom',
	},
];

/** The threshold has no cursor, no lateness, no item cap: those options are the streams'. */
const options = [...streamPollOptions(STREAMS), ...extraOptions].sort(byDisplayName);

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
				description: metricThresholdEventDescription('campaign, offer, country'),
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
		displayName: 'Watch Window (Days)',
		name: 'watchDays',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 3, maxValue: 60 },
		default: 30,
		displayOptions: { show: { event: CONVERSION_EVENTS } },
		description:
			'How long after a conversion its status or payout may still change (networks approve within days or weeks). Status or Payout Changed re-reads conversions of this many days (the last two days every poll, the older ones once per Sweep Period); New Conversion remembers their IDs, so a conversion whose time moves on a status change is not taken for a new one.',
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
	reportProperty,
	...threshold,
	// Status or Payout Changed always starts with the current statuses as its baseline.
	...firstRunFor(['newConversion', 'newClick']),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	},
];

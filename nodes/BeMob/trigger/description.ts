import type { INodeProperties } from 'n8n-workflow';

import {
	labelledOptions,
	metricThresholdEventDescription,
	thresholdProperties,
} from '../../shared/threshold';
import { byDisplayName, pollOptionFields } from '../../shared/trigger';
import {
	BEMOB_DEFAULT_MAX_ROWS,
	BEMOB_DEFAULT_PAGE_SIZE,
	BEMOB_DEFAULT_ZONE,
	BEMOB_GROUPS,
	BEMOB_MAX_PAGE_SIZE,
	BEMOB_MEASURES,
} from './report';
import { timeZoneField } from '../../shared/options';

const ROWS = { show: { event: ['reportRowChanged'] } };

const shared = pollOptionFields.filter((o) => o.name === 'includeRaw' || o.name === 'sampleSize');

const extra: INodeProperties[] = [
	timeZoneField({
		displayName: 'Account Time Zone',
		name: 'timezone',
		default: BEMOB_DEFAULT_ZONE,
		description:
			'The time zone of your BeMob account (Settings). BeMob reports days in it; today, yesterday and the re-checked days are days of this zone.',
	}),
	{
		displayName: 'Max Report Rows',
		name: 'maxRows',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1 },
		default: BEMOB_DEFAULT_MAX_ROWS,
		description: 'Upper bound of report rows read per poll',
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1, maxValue: BEMOB_MAX_PAGE_SIZE },
		default: BEMOB_DEFAULT_PAGE_SIZE,
		description: 'Report rows per request',
	},
];

const options = [...shared, ...extra].sort(byDisplayName);

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
				description: metricThresholdEventDescription('campaign, offer, country'),
			},
			{
				name: 'Report Row New or Changed',
				value: 'reportRowChanged',
				description:
					'A row of the daily report appeared or its numbers changed (the last days are re-read: BeMob re-syncs them)',
			},
		],
	},
	// Group By is shared with the report-row event; the other fields are the threshold's.
	...thresholdProperties({
		groupBy: {
			name: 'groupBy',
			description:
				'One row per value of these levels (at most three; for report rows at most two, the day being the first level)',
			options: labelledOptions(BEMOB_GROUPS),
			thresholdOnly: false,
		},
		measure: { measures: BEMOB_MEASURES },
		period: {
			description:
				'Report period in the account time zone, re-read in full every poll (so BeMob’s nightly re-sync of past days is seen). A row fires at most once per period: today and yesterday are calendar days, Last N Days changes every midnight, Last N Hours is rolling.',
			defaultDays: 3,
		},
	}),
	{
		displayName: 'Re-Check Days',
		name: 'recheckDays',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 0, maxValue: 31 },
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

import type { INodeProperties } from 'n8n-workflow';

import { firstRunProperties, pollOptionFields } from '../../shared/trigger';
import { TG_DEFAULT_PAGE_SIZE, TG_DEFAULT_TEXT_ZONE, TG_MAX_PAGE_SIZE } from './source';
import { timeZoneField } from '../../shared/options';

const extraOptions: INodeProperties[] = [
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 2, maxValue: TG_MAX_PAGE_SIZE },
		default: TG_DEFAULT_PAGE_SIZE,
		description:
			'Rows per request. A full page means TG Tracker cut the answer off, and the trigger asks again from the last row.',
	},
	{
		displayName: 'Resolve UTM Tag IDs',
		name: 'resolveTags',
		type: 'boolean',
		default: false,
		description:
			'Whether to replace UTM values that are tag IDs with the tag names from the tag list (one more request per poll)',
	},
	timeZoneField({
		displayName: 'Time Zone of Text Dates',
		name: 'textZone',
		default: TG_DEFAULT_TEXT_ZONE,
		description:
			'Only used if TG Tracker sends dates as text (YYYY-MM-DD HH:MM:SS) instead of Unix time: the IANA zone they are in',
	}),
];

const options = [...pollOptionFields, ...extraOptions].sort((a, b) =>
	a.displayName.localeCompare(b.displayName),
);

export const tgTrackerTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Beta: built from TGTrack’s reports API as seen in third-party scripts. Check the first events against your TG Tracker panel.',
		name: 'betaNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'subscribed',
		options: [
			{
				name: 'New Subscriber',
				value: 'subscribed',
				description: 'Someone joined the channel (a subscription conversion)',
			},
			{
				name: 'New Subscriber or Unsubscribe',
				value: 'all',
				description: 'Both, in the order they happened',
			},
			{
				name: 'Unsubscribed',
				value: 'unsubscribed',
				description: 'Someone left the channel',
			},
		],
	},
	{
		displayName: 'Report Unsubscribes As',
		name: 'leaveMode',
		type: 'options',
		default: 'unsubscribe',
		displayOptions: { show: { event: ['unsubscribed', 'all'] } },
		options: [
			{
				name: 'Rejected Subscription',
				value: 'reject',
				description:
					'Event conversion.statusChanged: the subscription becomes rejected (previous status approved)',
			},
			{
				name: 'Unsubscribe Event',
				value: 'unsubscribe',
				description:
					'Event conversion.unsubscribed; the subscription keeps its status (approved by default)',
			},
		],
	},
	{
		displayName: 'Status Map',
		name: 'statusMap',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: '1=pending',
		description:
			'Change how TG Tracker statuses map to canonical ones, one "status=canonical" per line (approved, pending, hold, rejected). Defaults: 1 (joined) → approved; 0 and -1 (left) → rejected.',
	},
	...firstRunProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	},
];

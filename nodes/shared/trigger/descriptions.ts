import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * Parameters every tracker trigger shares: what to do on the first run, and the poll options.
 * Changing "First Run" (or the event / its filters) deliberately resets the cursor; re-activating
 * the workflow never does.
 */
export const firstRunProperties: INodeProperties[] = [
	{
		displayName: 'First Run',
		name: 'firstRun',
		type: 'options',
		default: 'fromNow',
		description:
			'What the trigger does the first time it runs (and after you change this or the event). Re-activating the workflow keeps its place.',
		options: [
			{
				name: 'Backfill the Last N Days',
				value: 'backfillDays',
				description: 'Emit past events too, in chunks spread over several polls',
			},
			{
				name: 'From a Date',
				value: 'fromDate',
				description: 'Emit every event since a date, in chunks spread over several polls',
			},
			{
				name: 'From Now',
				value: 'fromNow',
				description: 'Remember where the tracker is now and emit only events that arrive later',
			},
		],
	},
	{
		displayName: 'Backfill Days',
		name: 'backfillDays',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 3650 },
		default: 30,
		displayOptions: { show: { firstRun: ['backfillDays'] } },
	},
	{
		displayName: 'From Date',
		name: 'fromDate',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { firstRun: ['fromDate'] } },
	},
];

/** Options shared by event streams (conversions, clicks, entity changes). */
export const pollOptionFields: INodeProperties[] = [
	{
		displayName: 'Include Raw Fields',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: 'Whether to add the tracker’s original row under "raw" in each item',
	},
	{
		displayName: 'Lateness Window (Minutes)',
		name: 'overlapMinutes',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 10080 },
		default: 10,
		description:
			'How late an event may show up in the tracker after its time. Events arriving later than this are not seen; a longer window costs a little more state and reading.',
	},
	{
		displayName: 'Max Items per Poll',
		name: 'maxItemsPerPoll',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1 },
		default: 5000,
		description: 'Upper bound of items one poll emits; the rest follows in the next polls',
	},
	{
		displayName: 'Test Sample Size',
		name: 'sampleSize',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 100 },
		default: 5,
		description: 'How many recent events "Fetch Test Event" returns (it never moves the cursor)',
	},
];

/** The First Run fields, shown only for `events` (the event streams; a report check has no backlog). */
export function firstRunFor(events: string[]): INodeProperties[] {
	return firstRunProperties.map((p) => ({
		...p,
		displayOptions: {
			...(p.displayOptions ?? {}),
			show: { ...(p.displayOptions?.show ?? {}), event: events },
		},
	}));
}

/** `field` as an option of a collection that is shown only for `events`. */
export function onlyForEvents(events: string[], field: INodeProperties): INodeProperties {
	return { ...field, displayOptions: { show: { '/event': events } } };
}

/** Collections list their options alphabetically: compare by display name. */
export const byDisplayName = (a: INodeProperties, b: INodeProperties): number =>
	a.displayName.localeCompare(b.displayName);

/** The canonical conversion statuses as options (e.g. of a "statuses to emit" filter). */
export function canonicalStatusOptions(): INodePropertyOptions[] {
	return [
		{ name: 'Approved', value: 'approved' },
		{ name: 'Hold', value: 'hold' },
		{ name: 'Pending', value: 'pending' },
		{ name: 'Rejected', value: 'rejected' },
	];
}

export interface LatenessOption {
	/** The events the Lateness Window applies to (default: all the streams). */
	events?: string[];
	/** Another default (minutes). */
	default?: number;
	/** A sentence added to its description. */
	note?: string;
}

/**
 * `pollOptionFields` for a node that also has events without a cursor (e.g. a report check): the
 * lateness window and the item cap are shown only for the event `streams`.
 */
export function streamPollOptions(
	streams: string[],
	lateness: LatenessOption = {},
): INodeProperties[] {
	return pollOptionFields.map((f) => {
		if (f.name === 'maxItemsPerPoll') return onlyForEvents(streams, f);
		if (f.name !== 'overlapMinutes') return f;
		return onlyForEvents(lateness.events ?? streams, {
			...f,
			...(lateness.default === undefined ? {} : { default: lateness.default }),
			...(lateness.note === undefined ? {} : { description: `${f.description} ${lateness.note}` }),
		});
	});
}

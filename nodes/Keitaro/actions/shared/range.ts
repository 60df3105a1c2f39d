import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatDate, formatDateTime, parseWallClock, resolveTimezone, wallClockKey } from './dates';
import { RANGE_INTERVALS } from './vocabulary';
import { timeZoneField } from '../../../shared/options';

/** Time zone parameter shared by the data operations. */
export const timezoneProperty: INodeProperties = timeZoneField({
	displayName: 'Timezone',
	name: 'timezone',
	emptyLabel: 'Workflow Time Zone',
	default: '',
	description:
		'IANA time zone the dates are in, e.g. Europe/Madrid or UTC. Leave empty to use the time zone of the workflow. A time zone different from the one your data is in is the most common cause of empty or shifted reports.',
});

/** Date range (`range`) parameters: a preset interval or custom From/To, plus the time zone. */
export function rangeProperties(defaultInterval = 'today'): INodeProperties[] {
	return [
		{
			displayName: 'Date Range',
			name: 'dateRange',
			type: 'options',
			options: [...RANGE_INTERVALS, { name: 'Custom Range', value: 'custom' }],
			default: defaultInterval,
			description:
				'Period to read. Presets are computed by Keitaro in the time zone below; "Last 7 Days" and similar presets run until now.',
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			displayOptions: { show: { dateRange: ['custom'] } },
			description:
				'Start of the period. A date without a time (or at midnight) starts at 00:00:00. Leave empty for no lower bound.',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			displayOptions: { show: { dateRange: ['custom'] } },
			description:
				'End of the period. A date without a time (or at midnight) includes that whole day. Leave empty for no upper bound.',
		},
		timezoneProperty,
	];
}

function isEmpty(v: unknown): boolean {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Builds `range` ({interval} or {from, to}, always with `timezone`) for item `i`. */
export function buildRange(ctx: IExecuteFunctions, i: number): IDataObject {
	const preset = ctx.getNodeParameter('dateRange', i, 'today') as string;
	const timezone = resolveTimezone(ctx, ctx.getNodeParameter('timezone', i, ''), i);
	if (preset !== 'custom') return { interval: preset, timezone };

	const rawFrom = ctx.getNodeParameter('from', i, '') as unknown;
	const rawTo = ctx.getNodeParameter('to', i, '') as unknown;
	if (isEmpty(rawFrom) && isEmpty(rawTo)) {
		throw new NodeOperationError(ctx.getNode(), 'From or To is required for a custom date range', {
			itemIndex: i,
			description: 'Set at least one of From and To, or pick a preset Date Range.',
		});
	}
	const range: IDataObject = {};
	const from = isEmpty(rawFrom) ? undefined : parseWallClock(rawFrom);
	const to = isEmpty(rawTo) ? undefined : parseWallClock(rawTo);
	if (!isEmpty(rawFrom) && !from) {
		throw new NodeOperationError(ctx.getNode(), `From "${String(rawFrom)}" is not a valid date`, {
			itemIndex: i,
			description: 'Use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS.',
		});
	}
	if (!isEmpty(rawTo) && !to) {
		throw new NodeOperationError(ctx.getNode(), `To "${String(rawTo)}" is not a valid date`, {
			itemIndex: i,
			description: 'Use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS.',
		});
	}
	if (from) range.from = from.dateOnly ? formatDate(from) : formatDateTime(from);
	if (to) range.to = to.dateOnly ? formatDate(to) : formatDateTime(to);
	if (from && to) {
		const endKey = to.dateOnly ? wallClockKey({ ...to, h: 23, mi: 59, s: 59 }) : wallClockKey(to);
		if (endKey < wallClockKey(from)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`To (${String(range.to)}) is before From (${String(range.from)})`,
				{ itemIndex: i },
			);
		}
	}
	range.timezone = timezone;
	return range;
}

import type { INodeProperties } from 'n8n-workflow';

/** How Start/End dates are read by the cost and clean operations. */
export const periodModeProperty: INodeProperties = {
	displayName: 'Period',
	name: 'period',
	type: 'options',
	options: [
		{
			name: 'Whole Days',
			value: 'days',
			description:
				'From 00:00:00 of the start date to 23:59:59 of the end date (times are ignored)',
		},
		{
			name: 'Exact Date and Time',
			value: 'exact',
			description: 'From the start date and time to the end date and time, as given',
		},
	],
	default: 'days',
};

/** Start and End dates of a period. */
export function periodDateProperties(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: `First day (or moment) of the ${what}, in the time zone below`,
		},
		{
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			displayOptions: { show: { period: ['days'] } },
			description: `Last day of the ${what} (included). Leave empty for a single day.`,
		},
		{
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			required: true,
			displayOptions: { show: { period: ['exact'] } },
			description: `End of the ${what}, in the time zone below`,
		},
	];
}

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkPathSegment, quote } from '../../../shared/validation';
import { paramError } from './utils';

export const logTypeField: INodeProperties = {
	displayName: 'Log Type Name or ID',
	name: 'logType',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getLogTypes' },
	required: true,
	default: '',
	description:
		'Which log to use. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export function checkLogType(ctx: IExecuteFunctions, i: number, value: unknown): string {
	// An allow-listed path segment: "." and ".." would collapse the URL to another endpoint.
	const checked = checkPathSegment(typeof value === 'number' ? String(value) : value, 'Log Type', 100);
	if (!checked.ok) {
		throw paramError(
			ctx,
			i,
			String(value ?? '').trim() ? `Log Type ${quote(String(value))} is not a valid log name` : 'Log Type is required',
			'Pick a log from the list (the names come from Get Types).',
		);
	}
	return checked.value;
}

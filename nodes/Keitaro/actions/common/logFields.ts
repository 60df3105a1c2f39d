import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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
	const type = String(value ?? '').trim();
	if (!/^[A-Za-z0-9_.-]+$/.test(type)) {
		throw paramError(
			ctx,
			i,
			type ? `Log Type "${type}" is not a valid log name` : 'Log Type is required',
			'Pick a log from the list (the names come from Get Types).',
		);
	}
	return type;
}

import type { INodeProperties } from 'n8n-workflow';

/** Adds `show` conditions to every property (nodes-base's updateDisplayOptions, not published). */
export function withDisplay(
	properties: INodeProperties[],
	show: Record<string, Array<string | number | boolean>>,
): INodeProperties[] {
	return properties.map((p) => ({
		...p,
		displayOptions: {
			...(p.displayOptions ?? {}),
			show: { ...(p.displayOptions?.show ?? {}), ...show },
		},
	}));
}

/** Return All + Limit (n8n convention: limit 50 by default, at least 1, optional API cap). */
export function returnAllLimit(maxValue?: number): INodeProperties[] {
	const list: INodeProperties[] = [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { numberPrecision: 0, minValue: 1 },
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
	if (maxValue) list[1].typeOptions = { minValue: 1, maxValue };
	return list;
}

/** Simplify: canonical fields only (default) vs the tracker's raw record. */
export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return the tracker-independent fields only (canonical model) instead of the raw record the tracker sent',
};

/** Adds the raw record under `raw` next to the simplified fields. */
export const includeRawField: INodeProperties = {
	displayName: 'Include Raw Fields',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	displayOptions: { show: { simplify: [true] } },
	description: 'Whether to add the raw record as sent by the tracker under "raw"',
};

/** Dry Run: the operation sends nothing and outputs what it would send. */
export const dryRunField: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description: 'Whether to send nothing and only output what would be sent',
};

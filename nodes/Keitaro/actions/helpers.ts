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

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A multi-select of names loaded by `loadOptionsMethod`, with sensible defaults. */
export function namesProperty(
	displayName: string,
	name: string,
	loadOptionsMethod: string,
	defaults: string[],
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod },
		default: [...defaults],
		description: `${description} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
	};
}

/** Reads a multi-select (or a comma-separated text / array from an expression) as a clean list. */
export function readNames(
	ctx: IExecuteFunctions,
	param: string,
	i: number,
	fieldName: string,
	banned: Record<string, string> = {},
): string[] {
	const raw = ctx.getNodeParameter(param, i, []) as unknown;
	const list = Array.isArray(raw)
		? raw
		: typeof raw === 'string'
			? raw.split(',')
			: raw === undefined || raw === null
				? []
				: [raw];
	const names: string[] = [];
	for (const v of list) {
		const name = String(v).trim();
		if (!name || names.includes(name)) continue;
		if (banned[name]) {
			throw new NodeOperationError(ctx.getNode(), `${fieldName}: "${name}" ${banned[name]}`, {
				itemIndex: i,
			});
		}
		names.push(name);
	}
	return names;
}

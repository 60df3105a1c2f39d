import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { hasControlOrSpace } from '../../../shared/transport/url';
import { checkKeyName, quote } from '../../../shared/validation';

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
		const name = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
		if (typeof v === 'object' && v !== null) {
			throw new NodeOperationError(ctx.getNode(), `${fieldName}: ${quote(v)} is not a name`, { itemIndex: i });
		}
		if (!name || names.includes(name)) continue;
		const checked = checkKeyName(name, fieldName, 100);
		if (!checked.ok || hasControlOrSpace(name, false)) {
			throw new NodeOperationError(ctx.getNode(), checked.ok ? `${fieldName}: ${quote(name)} is not a valid name` : checked.message, {
				itemIndex: i,
				description: 'Pick the names from the list.',
			});
		}
		if (Object.prototype.hasOwnProperty.call(banned, name)) {
			throw new NodeOperationError(ctx.getNode(), `${fieldName}: ${quote(name)} ${banned[name]}`, {
				itemIndex: i,
			});
		}
		names.push(name);
	}
	return names;
}

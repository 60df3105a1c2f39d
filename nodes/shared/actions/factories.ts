import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { includeRawField, returnAllLimit, simplifyField } from './descriptions';
import type { PageAnswer, PageRequest } from './paging';
import { collectPages, readListOptions } from './paging';
import { readOutputMode, shapeRecord } from './simplify';
import type { ActionOperation } from './types';

/** A resource locator: From List (a listSearch method of the node) and By ID. */
export function entityLocator(options: {
	displayName: string;
	name: string;
	entity: string;
	searchListMethod: string;
	/** Regex an ID must match (By ID mode), e.g. '^[0-9a-f]{24}$'. */
	idPattern?: string;
	idHint?: string;
	placeholder?: string;
}): INodeProperties {
	const byId: INodeProperties['modes'] = [
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string' as const,
			placeholder: options.placeholder ?? 'e.g. 12',
			validation: options.idPattern
				? [
						{
							type: 'regex',
							properties: {
								regex: options.idPattern,
								errorMessage: options.idHint ?? `Enter a valid ${options.entity} ID`,
							},
						},
					]
				: undefined,
		},
	];
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${options.entity} to use`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${options.entity}...`,
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			...(byId ?? []),
		],
	};
}

/** The ID picked in a resource locator (or typed as a plain string), trimmed and checked. */
export function readLocatorId(
	ctx: IExecuteFunctions,
	name: string,
	i: number,
	label: string,
	pattern?: RegExp,
): string {
	const raw = ctx.getNodeParameter(name, i, '', { extractValue: true }) as unknown;
	const value =
		raw && typeof raw === 'object' ? String((raw as IDataObject).value ?? '') : String(raw ?? '');
	const id = value.trim();
	if (!id) {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty: pick one or enter its ID`, {
			itemIndex: i,
		});
	}
	if (pattern && !pattern.test(id)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${id}" is not a valid ID`, {
			itemIndex: i,
		});
	}
	return id;
}

/** What the Get / Get Many factories need to know about one tracker entity. */
export interface EntityDef {
	/** Label in messages, e.g. "Campaign". */
	label: string;
	/** Singular and plural nouns in action names ("campaign", "campaigns"). */
	noun: string;
	plural: string;
	article: 'a' | 'an';
	/** Resource locator that picks one entity (Get). */
	locator: INodeProperties;
	/** Pattern an ID must match. */
	idPattern?: RegExp;
	/** API calls of Get and Get Many ('METHOD /path'). */
	getCall: string;
	listCall: string;
	fetchOne(this: IExecuteFunctions, id: string, i: number): Promise<IDataObject>;
	fetchPage(
		this: IExecuteFunctions,
		page: PageRequest,
		i: number,
		filters: IDataObject,
	): Promise<PageAnswer<IDataObject>>;
	pageSize: number;
	/** Filters shown on Get Many (read as the `filters` collection when named 'filters'). */
	listFilters?: INodeProperties[];
	/** Canonical output; when given, Simplify and Include Raw Fields are offered. */
	toCanonical?(raw: IDataObject): object;
}

function outputProps(def: EntityDef): INodeProperties[] {
	return def.toCanonical ? [simplifyField, includeRawField] : [];
}

function shape(ctx: IExecuteFunctions, def: EntityDef, i: number, raw: IDataObject): IDataObject {
	if (!def.toCanonical) return raw;
	return shapeRecord(raw, def.toCanonical, readOutputMode(ctx, i));
}

/** Get: one entity by its ID. */
export function getOperation(def: EntityDef): ActionOperation {
	return {
		option: {
			name: 'Get',
			value: 'get',
			description: `Get ${def.article} ${def.noun}`,
			action: `Get ${def.article} ${def.noun}`,
		},
		properties: [def.locator, ...outputProps(def)],
		calls: [def.getCall],
		async execute(this: IExecuteFunctions, i: number) {
			const id = readLocatorId(this, def.locator.name, i, def.label, def.idPattern);
			const raw = await def.fetchOne.call(this, id, i);
			return shape(this, def, i, raw);
		},
	};
}

/** Get Many: walks the tracker's pages with Return All / Limit. */
export function getManyOperation(def: EntityDef): ActionOperation {
	return {
		option: {
			name: 'Get Many',
			value: 'getAll',
			description: `Get many ${def.plural}`,
			action: `Get many ${def.plural}`,
		},
		properties: [...returnAllLimit(), ...(def.listFilters ?? []), ...outputProps(def)],
		calls: [def.listCall],
		async execute(this: IExecuteFunctions, i: number) {
			const { limit } = readListOptions(this, i);
			const filters = def.listFilters?.some((f) => f.name === 'filters')
				? (this.getNodeParameter('filters', i, {}) as IDataObject)
				: {};
			const { rows } = await collectPages(
				async (p) => await def.fetchPage.call(this, p, i, filters),
				{ limit, pageSize: def.pageSize },
			);
			return rows.map((raw) => shape(this, def, i, raw));
		},
	};
}

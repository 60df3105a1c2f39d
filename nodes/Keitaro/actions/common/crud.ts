import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ALLOW_SAMPLE_PARAMETER, assertWriteAllowed } from '../../../shared/safety';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';
import { returnAllLimit } from './descriptions';
import {
	applyLimit,
	asArray,
	asEntity,
	assertSlug,
	fetchCampaigns,
	getListOptions,
	getLocatorId,
	lenientRequest,
	readLocator,
	assertNumericId,
} from './utils';

/**
 * Keitaro calls that use POST but only read (reports, logs, a domain's DNS check). Every other
 * non-GET call changes the tracker.
 */
const READ_ONLY_POSTS = new Set([
	'POST /report/build',
	'POST /clicks/log',
	'POST /conversions/log',
	'POST /logs/types',
	'POST /domains/{id}/check',
]);

/**
 * Whether an operation changes the tracker: its `write` flag when set, else whether any call of
 * its `spec` is a non-GET call other than the read-only POSTs above. Write operations get the
 * guard (credential's Allow Write Operations, sample refusal), "Dry Run" and "Act on Sample Items".
 */
export function isWriteOperation(op: Pick<KeitaroOperation, 'spec' | 'write'>): boolean {
	if (op.write !== undefined) return op.write;
	return op.spec.some((s) => !s.startsWith('GET ') && !READ_ONLY_POSTS.has(s));
}

/** What the Keitaro node passes to `assertWriteAllowed`. */
export function keitaroWrite(action: string, allowSample: boolean) {
	return { tracker: 'Keitaro', credentialType: 'keitaroApi', operation: action, allowSample };
}

/** Reads the "Act on Sample Items" switch of item `i` (off when absent). */
export function actOnSampleItems(ctx: IExecuteFunctions, i: number): boolean {
	return ctx.getNodeParameter(ALLOW_SAMPLE_PARAMETER, i, false) === true;
}

/**
 * The write guard of item `i` for a Keitaro write operation (see nodes/shared/safety): refuses
 * when the credential is read-only or the item is sample data (unless "Act on Sample Items").
 */
export async function guardKeitaroWrite(
	ctx: IExecuteFunctions,
	i: number,
	action: string,
): Promise<void> {
	await assertWriteAllowed(ctx, i, keitaroWrite(action, actOnSampleItems(ctx, i)));
}

/** What the generic operations need to know about one Keitaro entity. */
export interface EntityDef {
	/** Label in messages, e.g. "Campaign" ("Campaign 12 was not found in Keitaro"). */
	label: string;
	/** Singular noun in action names, e.g. "campaign", "landing page". */
	noun: string;
	/** Plural noun, e.g. "campaigns". */
	plural: string;
	article: 'a' | 'an';
	/** API collection path, e.g. '/campaigns'. */
	basePath: string;
	/** The resource locator parameter that picks one entity. */
	locator: INodeProperties;
	/** Extra parameters shown before the locator (e.g. the campaign for the flow list). */
	locatorExtras?: INodeProperties[];
	/** Reads and validates the entity ID of item `i` (no request unless the mode needs one). */
	resolveId?(this: IExecuteFunctions, i: number): Promise<string>;
	/** Post-processing of each returned entity. */
	normalize?(entity: IDataObject): IDataObject;
	/** Spec operations `resolveId` may call first (campaign By Alias looks up GET /campaigns). */
	lookupSpec?: string[];
}

/** Spec strings of an operation on one entity: its own call, then the ID lookup it may need. */
function specOf(def: EntityDef, own: string): string[] {
	return [own, ...(def.lookupSpec ?? [])];
}

export async function resolveEntityId(
	this: IExecuteFunctions,
	def: EntityDef,
	i: number,
): Promise<string> {
	if (def.resolveId) return await def.resolveId.call(this, i);
	return getLocatorId(this, def.locator.name, i, def.label);
}

/** Spec operation the campaign By Alias mode calls to find the campaign ID. */
export const CAMPAIGN_LOOKUP_SPEC = 'GET /campaigns';

/** Campaign ID from the campaign locator; By Alias mode looks the alias up in GET /campaigns. */
export async function resolveCampaignId(
	this: IExecuteFunctions,
	i: number,
	name = 'campaignId',
	field = 'Campaign',
): Promise<string> {
	const { mode, value } = readLocator(this, name, i);
	if (mode !== 'alias') return assertNumericId(this, i, value, field);
	const alias = assertSlug(this, i, value, `${field} alias`);
	const campaigns = await fetchCampaigns(this, { itemIndex: i });
	const hit =
		campaigns.find((c) => String(c.alias) === alias) ??
		campaigns.find((c) => String(c.alias).toLowerCase() === alias.toLowerCase());
	if (!hit || hit.id === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`Campaign with alias "${alias}" was not found in Keitaro`,
			{
				itemIndex: i,
				description:
					'Only campaigns that are not archived are searched. Check the alias (the part after the domain in the campaign URL).',
			},
		);
	}
	return String(hit.id);
}

function normalizeAll(def: EntityDef, list: IDataObject[]): IDataObject[] {
	return def.normalize ? list.map((e) => def.normalize!(e)) : list;
}

function locatorProps(def: EntityDef): INodeProperties[] {
	return [...(def.locatorExtras ?? []), def.locator];
}

/** Get: GET {base}/{id}. */
export function getOperation(def: EntityDef): KeitaroOperation {
	return {
		option: {
			name: 'Get',
			value: 'get',
			description: `Get ${def.article} ${def.noun}`,
			action: `Get ${def.article} ${def.noun}`,
		},
		properties: locatorProps(def),
		spec: specOf(def, `GET ${def.basePath}/{id}`),
		async execute(this: IExecuteFunctions, i: number) {
			const id = await resolveEntityId.call(this, def, i);
			const data = await keitaroApiRequest.call(this, 'GET', `${def.basePath}/${id}`, {
				entity: { label: def.label, id },
				itemIndex: i,
			});
			const entity = asEntity(data, { id: Number(id) });
			return def.normalize ? def.normalize(entity) : entity;
		},
	};
}

/** Get Many: GET {base} (unpaginated full array, limited client-side). */
export function getAllOperation(
	def: EntityDef,
	options: { path?: string; extra?: INodeProperties[] } = {},
): KeitaroOperation {
	const path = options.path ?? def.basePath;
	return {
		option: {
			name: 'Get Many',
			value: 'getAll',
			description: `Get many ${def.plural}`,
			action: `Get many ${def.plural}`,
		},
		properties: [...(options.extra ?? []), ...returnAllLimit],
		spec: [`GET ${path}`],
		async execute(this: IExecuteFunctions, i: number) {
			const { limit } = getListOptions(this, i);
			const data = await keitaroApiRequest.call(this, 'GET', path, { itemIndex: i });
			return applyLimit(normalizeAll(def, asArray(data)), limit);
		},
	};
}

/** Get Archived: GET {base}/deleted. */
export function getArchivedOperation(
	def: EntityDef,
	options: { newer?: boolean; path?: string } = {},
): KeitaroOperation {
	const path = options.path ?? `${def.basePath}/deleted`;
	return {
		option: {
			name: 'Get Archived',
			value: 'getArchived',
			description: options.newer
				? `Get ${def.plural} in the archive (newer Keitaro versions)`
				: `Get ${def.plural} in the archive`,
			action: `Get archived ${def.plural}`,
		},
		properties: [...returnAllLimit],
		spec: [`GET ${path}`],
		async execute(this: IExecuteFunctions, i: number) {
			const { limit } = getListOptions(this, i);
			const data = await keitaroApiRequest.call(this, 'GET', path, { itemIndex: i });
			return applyLimit(normalizeAll(def, asArray(data)), limit);
		},
	};
}

/** An action on one entity: METHOD {base}/{id}{suffix} with no body; answers the entity. */
export function entityActionOperation(
	def: EntityDef,
	options: {
		name: string;
		value: string;
		action: string;
		description: string;
		method: IHttpRequestMethods;
		suffix: string;
		idempotent?: boolean;
		extra?: INodeProperties[];
		/** The answer may be plain text ("Success") or empty: parse it leniently. */
		lenient?: boolean;
	},
): KeitaroOperation {
	return {
		option: {
			name: options.name,
			value: options.value,
			description: options.description,
			action: options.action,
		},
		properties: [...locatorProps(def), ...(options.extra ?? [])],
		spec: specOf(def, `${options.method} ${def.basePath}/{id}${options.suffix}`),
		async execute(this: IExecuteFunctions, i: number) {
			const id = await resolveEntityId.call(this, def, i);
			const path = `${def.basePath}/${id}${options.suffix}`;
			const call = {
				entity: { label: def.label, id },
				itemIndex: i,
				idempotent: options.idempotent,
			};
			const data = options.lenient
				? await lenientRequest(this, options.method, path, call)
				: await keitaroApiRequest.call(this, options.method, path, call);
			const entity = asEntity(data, { id: Number(id) });
			return def.normalize ? def.normalize(entity) : entity;
		},
	};
}

/** Archive (Keitaro's delete): DELETE {base}/{id}{suffix}. */
export function archiveOperation(
	def: EntityDef,
	suffix = '',
	options: { lenient?: boolean } = {},
): KeitaroOperation {
	return entityActionOperation(def, {
		lenient: options.lenient,
		name: 'Archive',
		value: 'archive',
		description: 'Move to archive',
		action: `Archive ${def.article} ${def.noun}`,
		method: 'DELETE',
		suffix,
	});
}

/** Restore from the archive: POST {base}/{id}/restore. */
export function restoreOperation(
	def: EntityDef,
	options: { newer?: boolean } = {},
): KeitaroOperation {
	return entityActionOperation(def, {
		name: 'Restore',
		value: 'restore',
		description: options.newer
			? 'Restore from the archive (newer Keitaro versions)'
			: 'Restore from the archive',
		action: `Restore ${def.article} ${def.noun}`,
		method: 'POST',
		suffix: '/restore',
		idempotent: true,
	});
}

/** Clone: POST (or PUT for landing pages) {base}/{id}/clone; the copy is output. */
export function cloneOperation(
	def: EntityDef,
	options: { method?: IHttpRequestMethods; description?: string } = {},
): KeitaroOperation {
	return entityActionOperation(def, {
		name: 'Clone',
		value: 'clone',
		description: options.description ?? `Create a copy of ${def.article} ${def.noun}`,
		action: `Clone ${def.article} ${def.noun}`,
		method: options.method ?? 'POST',
		suffix: '/clone',
	});
}

export function enableOperation(def: EntityDef): KeitaroOperation {
	return entityActionOperation(def, {
		name: 'Enable',
		value: 'enable',
		description: `Set the state of ${def.article} ${def.noun} to active`,
		action: `Enable ${def.article} ${def.noun}`,
		method: 'POST',
		suffix: '/enable',
		idempotent: true,
	});
}

export function disableOperation(def: EntityDef): KeitaroOperation {
	return entityActionOperation(def, {
		name: 'Disable',
		value: 'disable',
		description: `Set the state of ${def.article} ${def.noun} to disabled`,
		action: `Disable ${def.article} ${def.noun}`,
		method: 'POST',
		suffix: '/disable',
		idempotent: true,
	});
}

/** Reads an "Update Fields" collection and refuses an empty one before any request. */
export function getUpdateFields(
	this: IExecuteFunctions,
	i: number,
	name = 'updateFields',
	label = 'Update Fields',
): IDataObject {
	const fields = this.getNodeParameter(name, i, {}) as IDataObject;
	const set = Object.entries(fields).filter(
		([k, v]) => v !== undefined && !(k === 'additionalJson' && (v === '' || v === '{}')),
	);
	if (set.length === 0) {
		throw new NodeOperationError(this.getNode(), `${label}: add at least one field to change`, {
			itemIndex: i,
			description: `Nothing would be changed: pick the fields to change under "${label}".`,
		});
	}
	return fields;
}

/** Runs `fetch` for campaigns with Return All / Limit (GET /campaigns supports offset/limit). */
export async function getAllCampaigns(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { limit } = getListOptions(this, i);
	return await fetchCampaigns(this, { max: limit, itemIndex: i });
}

import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeParameterResourceLocator,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestContext } from '../../../shared/transport';
import { looksLikeHtml } from '../../../shared/transport';
import { checkId, checkJsonObject, checkJsonValue, quote } from '../../../shared/validation';
import type { KeitaroCallOptions } from '../../transport';
import { keitaroApiRequest, unwrapSingle } from '../../transport';

/** Keitaro campaign aliases are URL slugs: https://domain/ALIAS. */
export const SLUG_REGEX = /^[A-Za-z0-9_-]+$/;

/** Page size used when walking `GET /campaigns?offset=&limit=` (keitaro-admin-api.md §6). */
export const CAMPAIGN_PAGE_SIZE = 500;

/** Bad parameter: a NodeOperationError naming the field, with the item index. */
export function paramError(
	ctx: IExecuteFunctions,
	i: number,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/** Reads a resource locator (or a plain string/number given by an expression) as mode + value. */
export function readLocator(
	ctx: IExecuteFunctions,
	name: string,
	i: number,
): { mode: string; value: string } {
	const raw = ctx.getNodeParameter(name, i, '') as unknown;
	if (raw && typeof raw === 'object' && 'value' in (raw as object)) {
		const rl = raw as INodeParameterResourceLocator;
		return { mode: String(rl.mode ?? 'id'), value: String(rl.value ?? '').trim() };
	}
	return { mode: 'id', value: raw === undefined || raw === null ? '' : String(raw).trim() };
}

/** Checks that a value is a positive whole number and returns it as a string. */
export function assertNumericId(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	field: string,
): string {
	const text = typeof value === 'string' ? value.trim() : value;
	if (text === undefined || text === null || text === '') {
		throw paramError(
			ctx,
			i,
			`No ${field} given`,
			`Choose the ${field.toLowerCase()} from the list or enter its numeric ID.`,
		);
	}
	// Exact decimal string: never through a float (an ID above 2^53 would become another ID).
	const checked = checkId(text, field);
	if (!checked.ok) {
		throw paramError(
			ctx,
			i,
			checked.message,
			`Keitaro IDs are positive whole numbers, for example 12. Choose the ${field.toLowerCase()} from the list or enter its numeric ID.`,
		);
	}
	return checked.value;
}

/** The numeric ID held by a resource locator parameter (modes From List and By ID). */
export function getLocatorId(
	ctx: IExecuteFunctions,
	name: string,
	i: number,
	field: string,
): string {
	return assertNumericId(ctx, i, readLocator(ctx, name, i).value, field);
}

/** An integer parameter with optional bounds. Empty values return undefined. */
export function toInteger(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	field: string,
	bounds: { min?: number; max?: number } = {},
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'number' ? value : Number(String(value).trim());
	const range =
		bounds.min !== undefined && bounds.max !== undefined
			? ` between ${bounds.min} and ${bounds.max}`
			: bounds.min !== undefined
				? ` of at least ${bounds.min}`
				: '';
	if (!Number.isFinite(n) || !Number.isInteger(n)) {
		throw paramError(ctx, i, `${field} must be a whole number${range}, got ${quote(value)}`);
	}
	if (
		(bounds.min !== undefined && n < bounds.min) ||
		(bounds.max !== undefined && n > bounds.max)
	) {
		throw paramError(ctx, i, `${field} must be a whole number${range}, got ${n}`);
	}
	return n;
}

/** A number parameter. Empty values return undefined. */
export function toNumber(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	field: string,
	bounds: { min?: number } = {},
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isFinite(n)) {
		throw paramError(ctx, i, `${field} must be a number, got "${String(value)}"`);
	}
	if (bounds.min !== undefined && n < bounds.min) {
		throw paramError(ctx, i, `${field} must be at least ${bounds.min}, got ${n}`);
	}
	return n;
}

/** Splits a comma- or newline-separated list (or takes an array), trimming and dropping blanks. */
export function splitList(value: unknown, separators: RegExp = /[,\n\r]+/): string[] {
	if (value === undefined || value === null) return [];
	const parts = Array.isArray(value)
		? value.map((v) => String(v))
		: String(value).split(separators);
	return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Parses a JSON parameter (n8n hands it over as a string or as an object) into an object. */
export function parseJsonObject(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	field: string,
): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	// Bounded depth and size, no __proto__/constructor/prototype keys (shared/validation).
	const checked = checkJsonObject(value, field);
	if (!checked.ok) {
		throw paramError(ctx, i, checked.message, `Fix the JSON in "${field}": it must be an object, for example {"notes": "text"}.`);
	}
	return checked.value as IDataObject;
}

/** Parses a JSON value that may be an object or an array (for fields such as triggers). */
export function parseJsonValue(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	field: string,
): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (text === '') return undefined;
	const checked = checkJsonValue(text, field);
	if (!checked.ok) throw paramError(ctx, i, checked.message);
	return checked.value;
}

/**
 * Merges the "Additional JSON" escape hatch into a body built from typed fields. Keys of the JSON
 * win, so any field the typed UI does not offer (or offers differently) can still be sent.
 */
export function mergeAdditionalJson(
	ctx: IExecuteFunctions,
	i: number,
	body: IDataObject,
	json: unknown,
): IDataObject {
	const extra = parseJsonObject(ctx, i, json, 'Additional JSON');
	return { ...body, ...extra };
}

/** Checks a campaign alias is a URL slug. */
export function assertSlug(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	field: string,
): string {
	const text = String(value ?? '').trim();
	if (!SLUG_REGEX.test(text)) {
		throw paramError(
			ctx,
			i,
			`${field} ${quote(text)} is not a valid URL slug`,
			'Use only Latin letters, digits, "-" and "_" (the campaign URL is https://your-domain/ALIAS).',
		);
	}
	return text;
}

/** Checks a required string parameter is not blank. */
export function assertNotBlank(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	field: string,
): string {
	const text = value === undefined || value === null ? '' : String(value);
	if (text.trim() === '') throw paramError(ctx, i, `${field} must not be empty`);
	return text;
}

/** Return All / Limit parameters of a list operation. */
export function getListOptions(
	ctx: IExecuteFunctions,
	i: number,
): { returnAll: boolean; limit: number } {
	const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll
		? Number.POSITIVE_INFINITY
		: (toInteger(ctx, i, ctx.getNodeParameter('limit', i, 50), 'Limit', { min: 1 }) ?? 50);
	return { returnAll, limit };
}

/** Makes sure a list answer is an array of objects (Keitaro lists are bare arrays). */
export function asArray(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data as IDataObject[];
	if (data && typeof data === 'object') {
		const o = data as IDataObject;
		if (Array.isArray(o.data)) return o.data as IDataObject[];
		return [o];
	}
	return [];
}

/** Client-side Return All / Limit on an unpaginated list. */
export function applyLimit<T>(list: T[], limit: number): T[] {
	return Number.isFinite(limit) ? list.slice(0, limit) : list;
}

/** A single-entity answer as one output object; empty answers become {success: true}. */
export function asEntity(data: unknown, fallback: IDataObject = {}): IDataObject {
	const one = unwrapSingle(data as IDataObject | IDataObject[]) as unknown;
	if (one === undefined || one === null || (typeof one === 'string' && one.trim() === '')) {
		return { success: true, ...fallback };
	}
	if (typeof one !== 'object') return { success: true, ...fallback, result: one as string };
	return one as IDataObject;
}

/** Keitaro may answer `parameters` as a JSON string, sometimes double-encoded (§1.5). */
/**
 * Replaces secret fields (third-party tokens and keys Keitaro stores) with '***' and adds
 * `<field>IsSet`, so an output item says whether a secret is configured without carrying it.
 */
export function maskSecrets(entity: IDataObject, fields: string[]): IDataObject {
	let out = entity;
	for (const f of fields) {
		const v = entity[f];
		if (v === undefined) continue;
		const set = v !== null && v !== '';
		out = { ...out, [f]: set ? '***' : v, [`${f}IsSet`]: set };
	}
	return out;
}

export function normalizeCampaign(input: IDataObject): IDataObject {
	// The campaign token is the Click API secret (keitaro-admin-api.md §7.1): never output it.
	const campaign =
		typeof input.token === 'string' && input.token !== '' ? { ...input, token: '***' } : input;
	let params: unknown = campaign.parameters;
	for (let n = 0; n < 2 && typeof params === 'string'; n++) {
		try {
			params = JSON.parse(params);
		} catch {
			break;
		}
	}
	if (params !== campaign.parameters && params && typeof params === 'object') {
		return { ...campaign, parameters: params as IDataObject };
	}
	return campaign;
}

/**
 * Reads all campaigns (or up to `max`), walking `offset`/`limit` pages on trackers that support
 * them and stopping on a short page or a page without new IDs (older trackers ignore the params and
 * return everything every time; keitaro-admin-api.md §6).
 */
export async function fetchCampaigns(
	ctx: RequestContext,
	options: { max?: number; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const max = options.max ?? Number.POSITIVE_INFINITY;
	const pageSize = Math.max(1, Math.min(CAMPAIGN_PAGE_SIZE, max));
	const seen = new Set<string>();
	const out: IDataObject[] = [];
	let offset = 0;
	for (let page = 0; page < 10_000; page++) {
		const data = await keitaroApiRequest.call(ctx, 'GET', '/campaigns', {
			qs: { offset, limit: pageSize },
			itemIndex: options.itemIndex,
		});
		const rows = asArray(data);
		let added = 0;
		for (const row of rows) {
			const key = row.id === undefined ? JSON.stringify(row) : String(row.id);
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(normalizeCampaign(row));
			added++;
		}
		if (added === 0 || rows.length < pageSize || out.length >= max) break;
		offset += rows.length;
	}
	return applyLimit(out, max);
}

/**
 * For calls whose answer the spec leaves open ("Success", empty, JSON): reads the answer as text
 * and parses it leniently, so a plain-text "Success" is not taken for a broken JSON answer.
 */
export async function lenientRequest(
	ctx: IExecuteFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: Omit<KeitaroCallOptions, 'responseType'>,
): Promise<unknown> {
	const text = await keitaroApiRequest.call(ctx, method, path, {
		...options,
		responseType: 'text',
	});
	if (typeof text !== 'string') return text;
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	if (looksLikeHtml(trimmed)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Keitaro answered with a web page instead of data',
			{
				itemIndex: options.itemIndex,
				description:
					'The tracker URL in the credential probably points at the wrong place. Use the address you open Keitaro with.',
			},
		);
	}
	try {
		return JSON.parse(trimmed);
	} catch {
		return { success: true, message: trimmed.slice(0, 300) };
	}
}

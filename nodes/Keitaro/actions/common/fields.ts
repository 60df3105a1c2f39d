import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SOURCE_PARAMETER_KEYS } from './descriptions';
import { assertNumericId, paramError, splitList, toInteger } from './utils';

/**
 * Rows of a fixedCollection: `{ row: [...] }` (multiple values) or `{ row: {...} }` (single value),
 * or [] when unset.
 */
export function rowsOf(value: unknown, key: string): IDataObject[] {
	if (!value || typeof value !== 'object') return [];
	const rows = (value as IDataObject)[key];
	if (Array.isArray(rows)) return rows as IDataObject[];
	return rows && typeof rows === 'object' ? [rows as IDataObject] : [];
}

/** `parameters` fixedCollection → SourceParameters {key: {name, placeholder, alias}}. */
export function buildSourceParameters(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
): IDataObject {
	const out: IDataObject = {};
	for (const row of rowsOf(value, 'parameter')) {
		const key = String(row.key ?? '');
		if (!SOURCE_PARAMETER_KEYS.includes(key)) {
			throw paramError(ctx, i, `Parameters: unknown parameter key "${key}"`);
		}
		if (out[key] !== undefined) {
			throw paramError(
				ctx,
				i,
				`Parameters: "${key}" is set twice`,
				'Keep one row per parameter key.',
			);
		}
		const entry: IDataObject = { name: String(row.name ?? '').trim() };
		entry.placeholder = String(row.placeholder ?? '');
		if (row.alias !== undefined && row.alias !== '') entry.alias = String(row.alias);
		out[key] = entry;
	}
	return out;
}

/** `postbacks` fixedCollection → S2SPostback[]. */
export function buildPostbacks(ctx: IExecuteFunctions, i: number, value: unknown): IDataObject[] {
	return rowsOf(value, 'postback').map((row, n) => {
		const url = String(row.url ?? '').trim();
		if (!/^https?:\/\/\S+$/i.test(url)) {
			throw paramError(
				ctx,
				i,
				`Postbacks: postback ${n + 1} needs a URL starting with http:// or https://`,
			);
		}
		const statuses = splitList(row.statuses);
		if (statuses.length === 0) {
			throw paramError(ctx, i, `Postbacks: postback ${n + 1} needs at least one status`);
		}
		return { method: String(row.method ?? 'GET'), statuses, url };
	});
}

/** Flow `filters` fixedCollection → FilterStreamRequest[] (payload is a list of values). */
export function buildFlowFilters(ctx: IExecuteFunctions, i: number, value: unknown): IDataObject[] {
	return rowsOf(value, 'filter').map((row, n) => {
		const name = String(row.name ?? '').trim();
		if (!name) throw paramError(ctx, i, `Filters: filter ${n + 1} needs a name`);
		const mode = String(row.mode ?? 'accept');
		if (mode !== 'accept' && mode !== 'reject') {
			throw paramError(ctx, i, `Filters: filter ${n + 1} mode must be "accept" or "reject"`);
		}
		const payload = splitList(row.payload);
		const filter: IDataObject = { name, mode, payload };
		if (row.id !== undefined && row.id !== '' && row.id !== 0) {
			filter.id = Number(assertNumericId(ctx, i, row.id, `Filters: filter ${n + 1} ID`));
		}
		return filter;
	});
}

/**
 * Flow `offers` / `landings` fixedCollections → [{offer_id|landing_id, share, state}]. Shares are
 * whole numbers 0-100 (Keitaro does not check that they add up to 100).
 */
export function buildFlowShares(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	kind: 'offer' | 'landing',
): IDataObject[] {
	const field = kind === 'offer' ? 'Offers' : 'Landing Pages';
	const idKey = kind === 'offer' ? 'offer_id' : 'landing_id';
	const rowKey = kind === 'offer' ? 'offer' : 'landing';
	const seen = new Set<number>();
	return rowsOf(value, rowKey).map((row, n) => {
		const id = Number(assertNumericId(ctx, i, row.id, `${field}: row ${n + 1} ID`));
		if (seen.has(id)) {
			throw paramError(
				ctx,
				i,
				`${field}: ID ${id} is listed twice`,
				'Keitaro keeps only one entry per ID; merge the rows.',
			);
		}
		seen.add(id);
		const share = toInteger(ctx, i, row.share, `${field}: row ${n + 1} share`, {
			min: 0,
			max: 100,
		});
		const state = String(row.state ?? 'active');
		if (state !== 'active' && state !== 'disabled') {
			throw paramError(ctx, i, `${field}: row ${n + 1} state must be "active" or "disabled"`);
		}
		return { [idKey]: id, share: share ?? 100, state };
	});
}

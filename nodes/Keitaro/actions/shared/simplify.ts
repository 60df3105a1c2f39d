import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { TEXT_FIELDS } from './vocabulary';

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return flat rows ready for a spreadsheet: numbers as numbers, the requested columns first and in order, nested values flattened. Turn off to get the rows exactly as Keitaro sent them.',
};

const NUMERIC_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * A numeric string as a number when that is lossless: no leading zeros, at most 15 significant
 * digits (an 18-digit ad id stays text). Fields that hold ids or text always stay text.
 */
export function coerceNumber(field: string, value: unknown): unknown {
	if (typeof value !== 'string' || TEXT_FIELDS.has(field)) return value;
	const text = value.trim();
	if (!NUMERIC_TEXT.test(text)) return value;
	const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
	if (digits.length > 15) return value;
	return Number(text);
}

function flattenInto(out: IDataObject, key: string, value: unknown): void {
	if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
		const entries = Object.entries(value as IDataObject);
		if (!entries.length) {
			out[key] = null;
			return;
		}
		for (const [k, v] of entries) flattenInto(out, `${key}.${k}`, v);
		return;
	}
	if (Array.isArray(value)) {
		const scalar = value.every((v) => v === null || typeof v !== 'object');
		out[key] = scalar ? value.join(', ') : JSON.stringify(value);
		return;
	}
	out[key] = coerceNumber(key.split('.')[0], value) as IDataObject[string];
}

/**
 * One flat row: the `columns` asked for first (missing ones as null, so every row has the same
 * keys in the same order), then anything else the tracker added; nested values flattened to
 * `parent.child` keys; lossless numeric strings turned into numbers.
 */
export function simplifyRow(row: IDataObject, columns: readonly string[] = []): IDataObject {
	const out: IDataObject = {};
	for (const c of columns) {
		if (!(c in row)) out[c] = null;
		else flattenInto(out, c, row[c]);
	}
	for (const [k, v] of Object.entries(row)) {
		if (columns.includes(k)) continue;
		flattenInto(out, k, v);
	}
	return out;
}

export function simplifyRows(rows: IDataObject[], columns: readonly string[] = []): IDataObject[] {
	return rows.map((r) => simplifyRow(r && typeof r === 'object' ? r : { value: r }, columns));
}

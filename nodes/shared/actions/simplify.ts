import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

export interface OutputMode {
	simplify: boolean;
	includeRaw: boolean;
}

/** Simplify / Include Raw Fields of item `i` (operations without them output raw records). */
export function readOutputMode(ctx: IExecuteFunctions, i: number): OutputMode {
	const simplify = ctx.getNodeParameter('simplify', i, false) as boolean;
	const includeRaw = simplify && (ctx.getNodeParameter('includeRaw', i, false) as boolean);
	return { simplify, includeRaw };
}

/** The record as output: canonical (plus `raw` on request) or the raw record. */
export function shapeRecord(
	raw: IDataObject,
	toCanonical: (raw: IDataObject) => object,
	mode: OutputMode,
): IDataObject {
	if (!mode.simplify) return raw;
	const out = { ...(toCanonical(raw) as IDataObject) };
	if (mode.includeRaw) out.raw = raw;
	return out;
}

/** Keeps only `keys` of a record (a light "Simplify" where no canonical model exists). */
export function pick(raw: IDataObject, keys: string[]): IDataObject {
	const out: IDataObject = {};
	for (const k of keys) if (k in raw) out[k] = raw[k];
	return out;
}

/**
 * Settings and helpers shared by the Keitaro Trigger's event sources.
 *
 * Time zone. Keitaro writes times in logs and entity lists as `YYYY-MM-DD HH:MM:SS` without a zone,
 * in the tracker's time zone (Keitaro → Settings). Every log/report request of the trigger sends
 * that zone as `range.timezone` and reads every returned time in it, so the filter and the rows
 * agree. Set the trigger's Time Zone to the tracker's; in a zone with daylight saving, the hour
 * repeated when clocks go back is ambiguous in such strings (UTC has no such hour).
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isValidZone } from '../../shared/polling';
import { keitaroApiRequest } from '../transport';

export const TRACKER = 'keitaro';
export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 10_000;
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** Options collection of the trigger (`options` parameter). */
export interface TriggerOptions {
	timezone: string;
	pageSize: number;
	timeoutMs: number;
	includeRaw: boolean;
	overlapMs: number;
	maxItemsPerPoll: number;
	sampleSize: number;
	subIdCount: number;
	currency: string | null;
	statusMap: string;
	conversionTimeMode: 'postback' | 'click';
	/** Conversion events: how long after a conversion its status may still change (ms). */
	watchWindowMs: number;
	/** Conversion Status Changed: how often the whole Watch Window is re-read (ms). */
	sweepPeriodMs: number;
}

function num(v: unknown, fallback: number): number {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	return Number.isFinite(n) ? n : fallback;
}

/** Reads and validates the `options` collection. */
export function readOptions(ctx: IPollFunctions): TriggerOptions {
	const o = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const timezone = String(o.timezone ?? 'UTC').trim() || 'UTC';
	if (!isValidZone(timezone)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown time zone "${timezone}"`, {
			description:
				'Use the IANA name of the time zone set in Keitaro (Settings), for example Europe/Madrid or UTC.',
		});
	}
	const currency = String(o.currency ?? '').trim();
	const mode = o.conversionTimeMode === 'click' ? 'click' : 'postback';
	return {
		timezone,
		pageSize: Math.min(MAX_PAGE_SIZE, Math.max(2, Math.floor(num(o.pageSize, DEFAULT_PAGE_SIZE)))),
		timeoutMs: Math.max(100, Math.round(num(o.requestTimeout, DEFAULT_TIMEOUT_SECONDS) * 1000)),
		includeRaw: o.includeRaw === true,
		overlapMs: Math.max(1, num(o.overlapMinutes, 10)) * 60_000,
		maxItemsPerPoll: Math.max(1, Math.floor(num(o.maxItemsPerPoll, 5000))),
		sampleSize: Math.min(100, Math.max(1, Math.floor(num(o.sampleSize, 5)))),
		subIdCount: Math.min(30, Math.max(0, Math.floor(num(o.subIdCount, 30)))),
		currency: currency === '' ? null : currency.toUpperCase(),
		statusMap: typeof o.statusMap === 'string' ? o.statusMap : '',
		conversionTimeMode: mode,
		watchWindowMs: Math.min(365, Math.max(1, num(o.watchWindowDays, 30))) * 86_400_000,
		sweepPeriodMs: Math.min(1440, Math.max(1, num(o.sweepPeriodMinutes, 15))) * 60_000,
	};
}

/** Keitaro filter (`FilterRequest`, keitaro-admin-api.md §3.2). */
export interface KeitaroFilter {
	name: string;
	operator: string;
	expression?: unknown;
}

/** IDs from a multi-select, a comma-separated text or a number (an expression's result). */
export function readIds(raw: unknown): number[] {
	const list = Array.isArray(raw)
		? raw
		: typeof raw === 'string'
			? raw.split(',')
			: raw
				? [raw]
				: [];
	const out: number[] = [];
	for (const v of list) {
		const n = Number(String(v).trim());
		if (Number.isInteger(n) && n > 0 && !out.includes(n)) out.push(n);
	}
	return out.sort((a, b) => a - b);
}

/** Strings from a multi-select or a comma-separated text. */
export function readStrings(raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	const out: string[] = [];
	for (const v of list) {
		const s = String(v).trim();
		if (s && !out.includes(s)) out.push(s);
	}
	return out.sort();
}

export function inList(name: string, values: Array<string | number>): KeitaroFilter[] {
	return values.length ? [{ name, operator: 'IN_LIST', expression: values }] : [];
}

/** A Keitaro id column: 0 and '' mean "none". */
export function idOrNull(v: unknown): string | null {
	if (v === null || v === undefined || v === '' || v === 0 || v === '0') return null;
	return String(v);
}

/** `rows` of a log/report answer (some builds send numbers as strings, `total` included). */
export function readGrid(data: unknown): { rows: IDataObject[]; total?: number } {
	const d = (data ?? {}) as IDataObject;
	const rows = Array.isArray(d.rows)
		? (d.rows as IDataObject[])
		: Array.isArray(data)
			? (data as IDataObject[])
			: [];
	const total =
		typeof d.total === 'number' ? d.total : typeof d.total === 'string' ? Number(d.total) : NaN;
	return Number.isInteger(total) && total >= 0 ? { rows, total } : { rows };
}

/** POST to a log/report endpoint (read-only, so retried on transient failures). */
export async function postGrid(
	ctx: IPollFunctions,
	path: string,
	body: IDataObject,
	timeoutMs: number,
): Promise<{ rows: IDataObject[]; total?: number }> {
	const data = await keitaroApiRequest.call(ctx, 'POST', path, {
		body,
		idempotent: true,
		timeoutMs,
	});
	return readGrid(data);
}

function putSubId(out: Record<string, string>, key: string, v: unknown): void {
	if (v === null || v === undefined || v === '') return;
	if (typeof v === 'string') {
		const t = v.trim();
		if (t !== '') out[key] = t;
	} else if (typeof v === 'number' || typeof v === 'boolean') {
		out[key] = String(v);
	}
}

/**
 * Reads `sub_id_1` … `sub_id_<count>` of a row as canonical sub ids (non-empty values as
 * trimmed strings). Runs for every row, so it is unrolled: named property reads on Keitaro's
 * wide rows (50+ columns) are several times faster than reads by a computed key.
 */
export function subIdReader(count: number): (row: IDataObject) => Record<string, string> {
	const put = putSubId;
	return (row) => {
		const out: Record<string, string> = {};
		if (count >= 1) put(out, 'sub_id_1', row.sub_id_1);
		if (count >= 2) put(out, 'sub_id_2', row.sub_id_2);
		if (count >= 3) put(out, 'sub_id_3', row.sub_id_3);
		if (count >= 4) put(out, 'sub_id_4', row.sub_id_4);
		if (count >= 5) put(out, 'sub_id_5', row.sub_id_5);
		if (count >= 6) put(out, 'sub_id_6', row.sub_id_6);
		if (count >= 7) put(out, 'sub_id_7', row.sub_id_7);
		if (count >= 8) put(out, 'sub_id_8', row.sub_id_8);
		if (count >= 9) put(out, 'sub_id_9', row.sub_id_9);
		if (count >= 10) put(out, 'sub_id_10', row.sub_id_10);
		if (count >= 11) put(out, 'sub_id_11', row.sub_id_11);
		if (count >= 12) put(out, 'sub_id_12', row.sub_id_12);
		if (count >= 13) put(out, 'sub_id_13', row.sub_id_13);
		if (count >= 14) put(out, 'sub_id_14', row.sub_id_14);
		if (count >= 15) put(out, 'sub_id_15', row.sub_id_15);
		if (count >= 16) put(out, 'sub_id_16', row.sub_id_16);
		if (count >= 17) put(out, 'sub_id_17', row.sub_id_17);
		if (count >= 18) put(out, 'sub_id_18', row.sub_id_18);
		if (count >= 19) put(out, 'sub_id_19', row.sub_id_19);
		if (count >= 20) put(out, 'sub_id_20', row.sub_id_20);
		if (count >= 21) put(out, 'sub_id_21', row.sub_id_21);
		if (count >= 22) put(out, 'sub_id_22', row.sub_id_22);
		if (count >= 23) put(out, 'sub_id_23', row.sub_id_23);
		if (count >= 24) put(out, 'sub_id_24', row.sub_id_24);
		if (count >= 25) put(out, 'sub_id_25', row.sub_id_25);
		if (count >= 26) put(out, 'sub_id_26', row.sub_id_26);
		if (count >= 27) put(out, 'sub_id_27', row.sub_id_27);
		if (count >= 28) put(out, 'sub_id_28', row.sub_id_28);
		if (count >= 29) put(out, 'sub_id_29', row.sub_id_29);
		if (count >= 30) put(out, 'sub_id_30', row.sub_id_30);
		return out;
	};
}

const PLAIN_DECIMAL_RE = /^-?\d{1,15}(\.\d{1,10})?$/;

/**
 * Keitaro sends money as strings like "45.00": those become numbers here without the general
 * coercion rules (a hot path); anything else is returned as is for `toNumberOrNull`.
 */
export function plainNumber(value: unknown): unknown {
	return typeof value === 'string' && PLAIN_DECIMAL_RE.test(value) ? Number(value) : value;
}

/**
 * Validation of Keitaro's conversion log answers at the boundary (zod): a missing or renamed
 * column, a time in an unexpected format or a non-numeric id stops the poll with a sentence that
 * names the field and Keitaro, instead of mis-placing rows.
 */
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/** Keitaro log time: `YYYY-MM-DD HH:MM:SS` (a `T` and fractions are tolerated). */
export const LOG_TIME_RE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/;

const id = z.union([
	z.number().int().nonnegative(),
	z.string().regex(/^\d{1,16}$/, 'a whole number'),
]);
const time = z.string().regex(LOG_TIME_RE, 'a time like 2025-06-16 12:00:00');
const optionalTime = z.union([time, z.literal(''), z.null()]);
const status = z.string().min(1, 'a status name');
const optionalStatus = z.union([z.string(), z.null()]);

const FIELD_SCHEMAS: Record<string, z.ZodTypeAny> = {
	conversion_id: id,
	status,
	previous_status: optionalStatus,
	postback_datetime: time,
	sale_datetime: optionalTime,
	datetime: optionalTime,
};

/**
 * Per-field predicates equal to the schemas above, run first on every row (a backfill validates
 * hundreds of thousands of values); the zod schema decides whenever one says no.
 */
const FAST: Record<string, (v: unknown) => boolean> = {
	conversion_id: (v) =>
		typeof v === 'number'
			? Number.isInteger(v) && v >= 0
			: typeof v === 'string' && /^\d{1,16}$/.test(v),
	status: (v) => typeof v === 'string' && v.length > 0,
	previous_status: (v) => v === null || typeof v === 'string',
	postback_datetime: (v) => typeof v === 'string' && LOG_TIME_RE.test(v),
	sale_datetime: (v) => v === null || v === '' || (typeof v === 'string' && LOG_TIME_RE.test(v)),
	datetime: (v) => v === null || v === '' || (typeof v === 'string' && LOG_TIME_RE.test(v)),
};

const EXPECTED: Record<string, string> = {
	conversion_id: 'a whole number',
	status: 'a status name',
	previous_status: 'a status name or null',
	postback_datetime: 'a time like 2025-06-16 12:00:00',
	sale_datetime: 'a time like 2025-06-16 12:00:00, or null',
	datetime: 'a time like 2025-06-16 12:00:00, or null',
};

const answer = z.object({
	rows: z.array(z.record(z.unknown())),
	total: z.union([z.number(), z.string()]).optional(),
});

/** `answer.safeParse(body).success` without copying the rows: the rows when it holds, else
 * undefined (then zod is asked). */
function fastAnswerRows(body: Record<string, unknown>): IDataObject[] | undefined {
	const rows = body.rows;
	const total = body.total;
	if (!Array.isArray(rows)) return undefined;
	if (
		total !== undefined &&
		!(typeof total === 'number' && !Number.isNaN(total)) &&
		typeof total !== 'string'
	) {
		return undefined;
	}
	for (let i = 0; i < rows.length; i++) {
		const row: unknown = rows[i];
		if (
			row === null ||
			typeof row !== 'object' ||
			Array.isArray(row) ||
			Object.getPrototypeOf(row) !== Object.prototype
		) {
			return undefined;
		}
	}
	return rows as IDataObject[];
}

/** Thrown when an answer does not have the expected shape; the message names field and tracker. */
export class KeitaroAnswerError extends Error {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
		this.name = 'KeitaroAnswerError';
	}
}

function shown(v: unknown): string {
	if (v === undefined) return 'nothing (the column is missing)';
	const s = JSON.stringify(v) ?? String(v);
	return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Checks the `columns` of every row that the trigger relies on (those with a schema above) and
 * returns the rows. `what` names the request, e.g. "conversions log".
 */
export function validateLogRows(data: unknown, columns: string[], what: string): IDataObject[] {
	const body = data && typeof data === 'object' && !Array.isArray(data) ? data : { rows: data };
	// The answer's rows as they are when the predicate equal to `answer` holds (zod would copy every
	// row); zod decides otherwise.
	let rows = fastAnswerRows(body as Record<string, unknown>);
	if (!rows) {
		const parsed = answer.safeParse(body);
		if (!parsed.success) {
			throw new KeitaroAnswerError(
				`Keitaro's ${what} answer has no "rows" list (got ${shown(data)}); the trigger stopped instead of guessing`,
				'rows',
			);
		}
		rows = parsed.data.rows as IDataObject[];
	}
	const checks = columns
		.filter((c) => FIELD_SCHEMAS[c] !== undefined)
		.map((c) => [c, FIELD_SCHEMAS[c], FAST[c]] as const);
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i];
		for (const [column, schema, fast] of checks) {
			const v = row[column];
			if (!fast(v) && !schema.safeParse(v).success) {
				throw new KeitaroAnswerError(
					`Keitaro's ${what} returned an unexpected "${column}" in row ${i + 1}: ${shown(v)} (expected ${EXPECTED[column]}); the trigger stopped so no conversion is missed or mis-placed`,
					column,
				);
			}
		}
	}
	return rows;
}

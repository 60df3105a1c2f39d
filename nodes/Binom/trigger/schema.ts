/**
 * Boundary check of Binom's `/conversions` and `/clicklog` answers (zod): a missing or renamed
 * column, a time in an unexpected format or a malformed id stops the poll with a sentence that
 * names the field and Binom, instead of mis-placing rows. The caller keeps its state (a failed
 * poll changes nothing), so the next poll reads the same rows again.
 */
import { z } from 'zod';

/** A Binom log time: "YYYY-MM-DD HH:MM:SS" (a `T` and fractions tolerated). */
export const BINOM_TIME_RE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/;
/** A time of day "HH:MM:SS" (`click_time` next to a `clicked_date` column). */
export const BINOM_TIME_OF_DAY_RE = /^\d{2}:\d{2}:\d{2}(\.\d+)?$/;
export const BINOM_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Thrown when an answer does not have the expected shape; the message names field and Binom. */
export class BinomAnswerError extends Error {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
		this.name = 'BinomAnswerError';
	}
}

const id = z.union([
	z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a click id (letters, digits, - or _)'),
	z.number().int().nonnegative(),
]);
const time = z.string().regex(BINOM_TIME_RE, 'a time like 2025-06-16 12:00:00');
const status = z.union([z.string(), z.null()]);
const amount = z.union([
	z.number().finite(),
	z.string().regex(/^-?\d+(\.\d+)?$/, 'a number'),
	z.null(),
]);

const EXPECTED: Record<string, string> = {
	id: 'a click id (letters, digits, - or _)',
	status: 'a status name, or null',
	payout: 'a number',
};

const CONVERSION_FIELDS: Record<string, z.ZodTypeAny> = {
	id,
	status,
	payout: amount,
};

const answer = z.union([
	z.array(z.unknown()),
	z.object({ rows: z.array(z.unknown()) }).passthrough(),
]);

function shown(v: unknown): string {
	if (v === undefined) return 'nothing (the column is missing)';
	const s = JSON.stringify(v) ?? String(v);
	return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function rowsOf(body: unknown, what: string): Array<Record<string, unknown>> {
	const parsed = answer.safeParse(body);
	if (!parsed.success) {
		throw new BinomAnswerError(
			`Binom answered ${what} without a "rows" list (got ${shown(body)}); check that the URL points to a Binom 2 tracker`,
			'rows',
		);
	}
	const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.rows;
	return list.map((raw, i) => {
		if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
			throw new BinomAnswerError(
				`Binom answered ${what} with row ${i + 1} that is not an object (${shown(raw)})`,
				'rows',
			);
		}
		return raw as Record<string, unknown>;
	});
}

function check(
	rows: Array<Record<string, unknown>>,
	what: string,
	fields: Record<string, z.ZodTypeAny>,
): void {
	const entries = Object.entries(fields);
	rows.forEach((row, i) => {
		for (const [field, schema] of entries) {
			const r = schema.safeParse(row[field]);
			if (!r.success) {
				throw new BinomAnswerError(
					`Binom's ${what} returned an unexpected "${field}" in row ${i + 1}: ${shown(row[field])} (expected ${EXPECTED[field] ?? r.error.issues[0]?.message ?? 'another value'}); the trigger stopped so no event is missed or mis-placed`,
					field,
				);
			}
		}
	});
}

/** Rows of a `/conversions` answer; `timeColumn` (the filtered one) must be a full time. */
export function checkConversions(
	body: unknown,
	timeColumn: string,
): Array<Record<string, unknown>> {
	const what = 'GET /conversions';
	const rows = rowsOf(body, what);
	check(rows, what, { ...CONVERSION_FIELDS, [timeColumn]: time });
	return rows;
}

/**
 * Rows of a `/clicklog` answer. `click_time` is either a full time, or a time of day with the
 * date in `clicked_date`; both readings are accepted, anything else stops the poll.
 */
export function checkClicks(body: unknown): Array<Record<string, unknown>> {
	const what = 'GET /clicklog';
	const rows = rowsOf(body, what);
	check(rows, what, { id });
	rows.forEach((row, i) => {
		const t = row.click_time;
		if (typeof t === 'string' && BINOM_TIME_RE.test(t)) return;
		if (typeof t === 'string' && BINOM_TIME_OF_DAY_RE.test(t)) {
			const d = row.clicked_date;
			if (typeof d === 'string' && BINOM_DATE_RE.test(d)) return;
			throw new BinomAnswerError(
				`Binom's ${what} returned "click_time" as a time of day but an unexpected "clicked_date" in row ${i + 1}: ${shown(d)} (expected a date like 2025-06-16); the trigger stopped so no click is mis-placed`,
				'clicked_date',
			);
		}
		throw new BinomAnswerError(
			`Binom's ${what} returned an unexpected "click_time" in row ${i + 1}: ${shown(t)} (expected a time like 2025-06-16 12:00:00, or 12:00:00 next to a clicked_date); the trigger stopped so no click is mis-placed`,
			'click_time',
		);
	});
	return rows;
}

/** The full "YYYY-MM-DD HH:MM:SS" click time of a checked `/clicklog` row. */
export function clickTimeOf(row: Record<string, unknown>): string {
	const t = String(row.click_time);
	return BINOM_TIME_OF_DAY_RE.test(t) ? `${String(row.clicked_date)} ${t}` : t;
}

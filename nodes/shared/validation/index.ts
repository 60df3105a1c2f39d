/**
 * Input validation shared by every tracker: checks made BEFORE a request is built, so a bad value
 * never becomes a wrong request. Tracker-agnostic (nothing here names a tracker).
 *
 * Every check returns `{ ok: true, value }` or `{ ok: false, message }`, where the message names the
 * field and quotes at most ~80 characters of the value (control characters shown escaped). Node
 * code turns a refusal into a NodeOperationError (see `orThrow`). Each check also has a zod schema
 * (`zodOf`) for code that validates with zod.
 *
 * - ids: exact decimal strings, never through a float (12345678901234567890 is refused, not
 *   rounded; a number above 2^53 is refused because it has already lost digits);
 * - path segments: an allow-list (letters, digits, `_`, `-`, and dots only between them), so `.`,
 *   `..`, `%2e%2e`, `%2F`, `/`, `\`, `?`, `#` never reach a URL path;
 * - calendar dates: YYYY-MM-DD that exist (2024-02-30 refused);
 * - time zones: one IANA resolver (`resolveTimeZone`), which returns the canonical name;
 * - currencies: ISO 4217 codes (`ISO_4217_CODES`), ZZZ/FOO refused;
 * - numbers and limits: finite, whole where needed, clamped to what an API accepts;
 * - JSON given by the user: bounded depth and size, and no `__proto__` / `constructor` /
 *   `prototype` keys.
 */
import { z } from 'zod';

import { ISO_4217_CODES } from './currencies';

export { ISO_4217_CODES } from './currencies';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const no = <T>(message: string): Checked<T> => ({ ok: false, message });

/** A value quoted for a message: at most `max` characters, control characters escaped. */
export function quote(value: unknown, max = 80): string {
	let s: string;
	if (typeof value === 'string') s = value;
	else if (value === undefined) s = 'undefined';
	else if (value === null) s = 'null';
	else if (typeof value === 'object') {
		try {
			s = JSON.stringify(value) ?? Object.prototype.toString.call(value);
		} catch {
			s = Object.prototype.toString.call(value);
		}
	} else s = String(value);
	const total = s.length;
	if (total > max) s = s.slice(0, max);
	let shown = '';
	for (const c of s) {
		const code = c.charCodeAt(0);
		if (c === '\n') shown += '\\n';
		else if (c === '\r') shown += '\\r';
		else if (c === '\t') shown += '\\t';
		else if (code < 0x20 || code === 0x7f) shown += `\\u${code.toString(16).padStart(4, '0')}`;
		else shown += c;
	}
	return total > max ? `"${shown}…" (${total} characters)` : `"${shown}"`;
}

/** Words that must never be used as an object key built from user input. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// ── ids ──────────────────────────────────────────────────────────────────────────────────────

/** Largest id accepted: a signed 64-bit integer (what SQL BIGINT id columns hold). */
const MAX_ID = '9223372036854775807';

/**
 * A positive whole-number id as an exact decimal string. Strings keep every digit (leading zeros
 * dropped); numbers must be safe integers. Above 2^63−1 (no database id is) it is refused.
 */
export function checkId(value: unknown, field: string): Checked<string> {
	let text: string;
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value) || value < 1) {
			return no(
				Number.isInteger(value) && value > 0
					? `${field}: ${quote(String(value))} is too large to be an exact ID; pass it as text`
					: `${field}: ${quote(String(value))} is not a valid ID (a positive whole number)`,
			);
		}
		return ok(String(value));
	}
	if (typeof value === 'bigint') text = value.toString();
	else if (typeof value === 'string') text = value.trim();
	else if (value === undefined || value === null) text = '';
	else return no(`${field}: ${quote(value)} is not a valid ID (a positive whole number)`);
	if (text === '') return no(`${field} is empty: enter an ID`);
	if (!/^\d+$/.test(text)) return no(`${field}: ${quote(text)} is not a valid ID`);
	const digits = text.replace(/^0+(?=\d)/, '');
	if (digits === '0') return no(`${field}: ${quote(text)} is not a valid ID (IDs start at 1)`);
	if (digits.length > MAX_ID.length || (digits.length === MAX_ID.length && digits > MAX_ID)) {
		return no(`${field}: ${quote(text)} is too large to be an ID`);
	}
	return ok(digits);
}

// ── path segments ───────────────────────────────────────────────────────────────────────────

const SEGMENT_RE = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/**
 * One URL path segment from an allow-list: letters, digits, `_`, `-`, and dots only between them.
 * `.`, `..`, anything percent-encoded, `/`, `\`, `?`, `#`, spaces and control characters are
 * refused. `maxLength` defaults to 200.
 */
export function checkPathSegment(value: unknown, field: string, maxLength = 200): Checked<string> {
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') return no(`${field} is empty`);
	if (text.length > maxLength) return no(`${field}: ${quote(text)} is longer than ${maxLength} characters`);
	if (!SEGMENT_RE.test(text)) {
		return no(
			`${field}: ${quote(text)} is not allowed here: use letters, digits, "_", "-" and dots between them (no "/", "..", "%" or spaces)`,
		);
	}
	return ok(text);
}

/** A relative file path: segments joined by "/", each one a `checkPathSegment`. */
export function checkRelativePath(value: unknown, field: string, maxLength = 1000): Checked<string> {
	const text = typeof value === 'string' ? value.trim().replace(/^\/+/, '') : '';
	if (text === '') return no(`${field} is empty`);
	if (text.length > maxLength) return no(`${field}: ${quote(text)} is longer than ${maxLength} characters`);
	for (const seg of text.split('/')) {
		if (!SEGMENT_RE.test(seg)) {
			return no(
				`${field} ${quote(text)} is not a valid relative path: each part may hold letters, digits, "_", "-" and dots between them (no "..", "%", "\\" or empty parts)`,
			);
		}
	}
	return ok(text);
}

// ── dates and time zones ────────────────────────────────────────────────────────────────────

/** A real calendar date YYYY-MM-DD (years 1000–9999). */
export function checkCalendarDate(value: unknown, field: string): Checked<string> {
	const text = typeof value === 'string' ? value.trim() : '';
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!m) return no(`${field}: ${quote(value)} is not a date in the form YYYY-MM-DD`);
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const dt = new Date(Date.UTC(y, mo - 1, d));
	if (y < 1000 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
		return no(`${field}: ${quote(text)} is not a real calendar date`);
	}
	return ok(text);
}

const zoneCache = new Map<string, string | null>();

/**
 * The one IANA time-zone resolver: the canonical name of a zone this runtime knows ("utc" → "UTC",
 * "europe/madrid" → "Europe/Madrid"), or undefined. Offsets such as "+03:00" and invented names
 * such as "Mars/Olympus" are not zones.
 */
export function resolveTimeZone(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const name = value.trim();
	if (name === '' || name.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
	const cached = zoneCache.get(name);
	if (cached !== undefined) return cached ?? undefined;
	let resolved: string | null = null;
	try {
		resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
	} catch {
		resolved = null;
	}
	if (zoneCache.size > 1000) zoneCache.clear();
	zoneCache.set(name, resolved);
	return resolved ?? undefined;
}

export function checkTimeZone(value: unknown, field: string): Checked<string> {
	const zone = resolveTimeZone(value);
	if (zone === undefined) {
		return no(`${field}: ${quote(value)} is not a time zone; use an IANA name such as Europe/Madrid, America/New_York or UTC`);
	}
	return ok(zone);
}

// ── currencies ──────────────────────────────────────────────────────────────────────────────

/** An ISO 4217 currency code (case-insensitive input, upper-case result). */
export function checkCurrency(value: unknown, field: string): Checked<string> {
	const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
	if (!ISO_4217_CODES.has(text)) {
		return no(`${field} must be a 3-letter currency code from ISO 4217 (such as USD, EUR or GBP), got ${quote(value)}`);
	}
	return ok(text);
}

// ── numbers and limits ──────────────────────────────────────────────────────────────────────

const NUMBER_RE = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** A finite number (a number, or a decimal number written as text). */
export function checkNumber(value: unknown, field: string): Checked<number> {
	const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER_RE.test(value.trim()) ? Number(value.trim()) : NaN;
	if (!Number.isFinite(n)) return no(`${field}: ${quote(value)} is not a number`);
	return ok(n);
}

/**
 * A whole number clamped into [min, max]: whatever an expression gives (1e9, -5, 2.7), what is
 * sent stays within what the API accepts. Non-numbers are refused.
 */
export function clampInteger(value: unknown, field: string, bounds: { min: number; max: number }): Checked<number> {
	const n = checkNumber(value, field);
	if (!n.ok) return n;
	return ok(Math.min(bounds.max, Math.max(bounds.min, Math.trunc(n.value))));
}

// ── user JSON ───────────────────────────────────────────────────────────────────────────────

/** Deepest nesting accepted in user JSON, and largest text. */
export const MAX_JSON_DEPTH = 64;
export const MAX_JSON_CHARS = 1_000_000;

function depthOfText(text: string): number {
	let depth = 0;
	let max = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{' || c === '[') max = Math.max(max, ++depth);
		else if (c === '}' || c === ']') depth--;
	}
	return max;
}

/** Walks a parsed value without recursion: its depth, and the first forbidden key. */
function inspect(value: unknown): { depth: number; badKey?: string } {
	const stack: Array<[unknown, number]> = [[value, 0]];
	let max = 0;
	while (stack.length) {
		const [v, d] = stack.pop() as [unknown, number];
		if (v === null || typeof v !== 'object') continue;
		max = Math.max(max, d + 1);
		if (max > MAX_JSON_DEPTH) return { depth: max };
		if (Array.isArray(v)) for (const x of v) stack.push([x, d + 1]);
		else
			for (const k of Object.keys(v)) {
				if (FORBIDDEN_KEYS.has(k)) return { depth: max, badKey: k };
				stack.push([(v as Record<string, unknown>)[k], d + 1]);
			}
	}
	return { depth: max };
}

/**
 * A JSON object given by the user (text or an object from an expression): at most MAX_JSON_DEPTH
 * deep and MAX_JSON_CHARS long, no `__proto__` / `constructor` / `prototype` keys.
 */
export function checkJsonObject(value: unknown, field: string): Checked<Record<string, unknown>> {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return ok({});
		if (text.length > MAX_JSON_CHARS) return no(`${field} is longer than ${MAX_JSON_CHARS} characters`);
		if (depthOfText(text) > MAX_JSON_DEPTH) return no(`${field} is nested deeper than ${MAX_JSON_DEPTH} levels`);
		try {
			parsed = JSON.parse(text) as unknown;
		} catch (e) {
			return no(`${field} is not valid JSON (${(e as Error).message.slice(0, 80)})`);
		}
	}
	if (parsed === undefined || parsed === null) return ok({});
	if (typeof parsed !== 'object' || Array.isArray(parsed)) return no(`${field} must be a JSON object like {"name": "value"}`);
	const seen = inspect(parsed);
	if (seen.depth > MAX_JSON_DEPTH) return no(`${field} is nested deeper than ${MAX_JSON_DEPTH} levels`);
	if (seen.badKey) return no(`${field}: the key ${quote(seen.badKey)} is not allowed`);
	return ok(parsed as Record<string, unknown>);
}

/** Any JSON value given by the user (object, array or scalar), with the same bounds as checkJsonObject. */
export function checkJsonValue(value: unknown, field: string): Checked<unknown> {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return ok(undefined);
		if (text.length > MAX_JSON_CHARS) return no(`${field} is longer than ${MAX_JSON_CHARS} characters`);
		if (depthOfText(text) > MAX_JSON_DEPTH) return no(`${field} is nested deeper than ${MAX_JSON_DEPTH} levels`);
		try {
			parsed = JSON.parse(text) as unknown;
		} catch (e) {
			return no(`${field} is not valid JSON (${(e as Error).message.slice(0, 80)})`);
		}
	}
	const seen = inspect(parsed);
	if (seen.depth > MAX_JSON_DEPTH) return no(`${field} is nested deeper than ${MAX_JSON_DEPTH} levels`);
	if (seen.badKey) return no(`${field}: the key ${quote(seen.badKey)} is not allowed`);
	return ok(parsed);
}

/** A name used as an object key or a column/dimension name: not empty, not `__proto__` & co. */
export function checkKeyName(value: unknown, field: string, maxLength = 200): Checked<string> {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return no(`${field} is empty`);
	if (FORBIDDEN_KEYS.has(text)) return no(`${field}: ${quote(text)} is not a valid name`);
	if (text.length > maxLength) return no(`${field}: ${quote(text)} is longer than ${maxLength} characters`);
	return ok(text);
}

// ── glue ────────────────────────────────────────────────────────────────────────────────────

/** The value, or the refusal thrown through `fail` (which builds the node's own error). */
export function orThrow<T>(checked: Checked<T>, fail: (message: string) => Error): T {
	if (checked.ok) return checked.value;
	throw fail(checked.message);
}

/** A zod schema that runs one of the checks above (the refusal sentence is the zod message). */
export function zodOf<T>(check: (value: unknown, field: string) => Checked<T>, field: string): z.ZodType<T> {
	return z.unknown().transform((v, ctx) => {
		const r = check(v, field);
		if (r.ok) return r.value;
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.message });
		return z.NEVER;
	}) as unknown as z.ZodType<T>;
}

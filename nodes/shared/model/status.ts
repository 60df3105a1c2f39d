/**
 * Canonical conversion status and the mapping from a tracker's raw status strings.
 *
 * Each tracker folder ships a default `StatusMap`; users may extend or override it with text lines
 * `raw=canonical` (or a JSON object), parsed by `parseStatusMap`. Lookup is case-insensitive and
 * ignores surrounding whitespace. Unknown raw values fall back to keyword rules, then to a fallback.
 */

export type CanonicalStatus = 'approved' | 'pending' | 'hold' | 'rejected';

export const CANONICAL_STATUSES: readonly CanonicalStatus[] = [
	'approved',
	'pending',
	'hold',
	'rejected',
];

/** Normalised raw status (lower-case, trimmed) → canonical status. */
export type StatusMap = Readonly<Record<string, CanonicalStatus>>;

export function isCanonicalStatus(value: unknown): value is CanonicalStatus {
	return typeof value === 'string' && (CANONICAL_STATUSES as readonly string[]).includes(value);
}

/** Lower-cased, trimmed string form of a raw status; '' for null/undefined. */
export function normalizeRawStatus(raw: unknown): string {
	if (raw === null || raw === undefined) return '';
	if (typeof raw === 'string') return raw.trim().toLowerCase();
	if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw).toLowerCase();
	return '';
}

const REJECTED_RE =
	/trash|cancel|declin|reject|fraud|charge_?back|chargeback|refund|disapprov|denied|revers/;
const NEGATED_RE = /(^|[^a-z])(not|non|no|un)[\s_-]*(approv|confirm|paid)/;
const HOLD_RE = /(^|[^a-z])(on[\s_-]*)?hold/;
const APPROVED_RE = /(^|[^a-z])(approv|confirm|paid($|[^a-z])|sales?($|[^a-z]))/;

/**
 * Keyword classification of a raw status, or undefined when no keyword matches:
 * trash / cancel* / declin* / reject* / fraud / chargeback (and refund, disapproved, denied,
 * reversed) → rejected; hold → hold; approv* / confirm* / paid / sale → approved. Negated
 * approvals ("not approved", "unpaid", "unconfirmed") match nothing.
 */
export function statusByKeyword(raw: unknown): CanonicalStatus | undefined {
	const s = normalizeRawStatus(raw);
	if (s === '') return undefined;
	if (REJECTED_RE.test(s)) return 'rejected';
	if (HOLD_RE.test(s)) return 'hold';
	if (NEGATED_RE.test(s)) return undefined;
	if (APPROVED_RE.test(s)) return 'approved';
	return undefined;
}

/**
 * Maps a raw status: exact (normalised) lookup in `map`, then the keyword rules, then `fallback`
 * (default `pending`). An empty raw status can be mapped with the key `''` (e.g. `=approved`).
 */
export function mapStatus(
	raw: unknown,
	map: StatusMap | undefined,
	fallback: CanonicalStatus = 'pending',
): CanonicalStatus {
	const key = normalizeRawStatus(raw);
	if (map && Object.prototype.hasOwnProperty.call(map, key)) return map[key];
	return statusByKeyword(key) ?? fallback;
}

export interface ParsedStatusMap {
	map: Record<string, CanonicalStatus>;
	/** Human-readable problems, one per line/entry; empty when the input is valid. */
	problems: string[];
}

const SYNONYM_HINTS: Record<string, CanonicalStatus> = {
	approve: 'approved',
	confirmed: 'approved',
	sale: 'approved',
	paid: 'approved',
	lead: 'pending',
	new: 'pending',
	wait: 'pending',
	waiting: 'pending',
	onhold: 'hold',
	'on hold': 'hold',
	reject: 'rejected',
	declined: 'rejected',
	cancelled: 'rejected',
	canceled: 'rejected',
	trash: 'rejected',
};

function canonicalProblem(where: string, value: string): string {
	const hint = SYNONYM_HINTS[value.toLowerCase()];
	const allowed = CANONICAL_STATUSES.join(', ');
	return hint
		? `${where}: "${value}" is not a canonical status; did you mean "${hint}"? (allowed: ${allowed})`
		: `${where}: "${value}" is not a canonical status (allowed: ${allowed})`;
}

function addEntry(
	out: ParsedStatusMap,
	where: string,
	rawKey: string,
	value: unknown,
	origin: Map<string, string>,
): void {
	const key = normalizeRawStatus(rawKey);
	if (typeof value !== 'string') {
		out.problems.push(`${where}: the status for "${rawKey}" must be a string`);
		return;
	}
	const canonical = value.trim().toLowerCase();
	if (!isCanonicalStatus(canonical)) {
		out.problems.push(canonicalProblem(where, value.trim()));
		return;
	}
	const existing = out.map[key];
	if (existing !== undefined && existing !== canonical) {
		out.problems.push(
			`${where}: "${rawKey}" is already mapped to "${existing}" (${origin.get(key) ?? 'earlier'})`,
		);
		return;
	}
	out.map[key] = canonical;
	origin.set(key, where);
}

/**
 * Parses a user-editable status map:
 * - text, one `raw=canonical` per line (blank lines and lines starting with `#` or `//` ignored;
 *   the raw side may be empty to map an empty status), e.g. `wait=pending`;
 * - a JSON object `{"wait": "pending"}` (as text or already parsed).
 * Raw keys are case-insensitive. Invalid entries are reported in `problems` and left out of `map`.
 */
export function parseStatusMap(input: unknown): ParsedStatusMap {
	const out: ParsedStatusMap = { map: {}, problems: [] };
	const origin = new Map<string, string>();
	if (input === undefined || input === null) return out;
	if (typeof input === 'object') {
		if (Array.isArray(input)) {
			out.problems.push('The status map must be an object such as {"wait": "pending"}, not a list');
			return out;
		}
		for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
			addEntry(out, `Key "${k}"`, k, v, origin);
		}
		return out;
	}
	if (typeof input !== 'string') {
		out.problems.push('The status map must be text lines "raw=canonical" or a JSON object');
		return out;
	}
	const text = input.trim();
	if (text === '') return out;
	if (text.startsWith('{') || text.startsWith('[')) {
		let parsed: unknown;
		let error: string | undefined;
		try {
			parsed = JSON.parse(text);
		} catch (e) {
			error = e instanceof Error ? e.message : String(e);
		}
		if (error !== undefined) {
			out.problems.push(`The status map looks like JSON but is not valid JSON: ${error}`);
			return out;
		}
		return parseStatusMap(parsed);
	}
	const lines = text.split(/\r?\n/);
	lines.forEach((rawLine, index) => {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#') || line.startsWith('//')) return;
		const where = `Line ${index + 1}`;
		const eq = line.indexOf('=');
		if (eq < 0) {
			const hint = line.includes(':') ? ' (use "=" instead of ":")' : '';
			out.problems.push(`${where}: expected "raw=canonical", got "${line}"${hint}`);
			return;
		}
		const rawKey = line.slice(0, eq).trim();
		const value = line.slice(eq + 1).trim();
		if (value === '') {
			out.problems.push(`${where}: missing canonical status after "=" for "${rawKey}"`);
			return;
		}
		addEntry(out, where, rawKey, value, origin);
	});
	return out;
}

/** Defaults overlaid by the user's map (user entries win). */
export function mergeStatusMaps(defaults: StatusMap, user: StatusMap | undefined): StatusMap {
	return user ? { ...defaults, ...user } : defaults;
}

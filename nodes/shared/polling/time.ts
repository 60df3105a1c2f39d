/**
 * Time arithmetic for the polling engine and the canonical model: IANA-zone offsets, wall-clock
 * strings in a zone → epoch milliseconds, and flooring an instant to a granule (second … day) of
 * a zone, which is how the engine aligns request windows to what an API's time filter can express.
 *
 * Zone offsets come from `Intl.DateTimeFormat` (the same source luxon uses for IANA zones), so
 * there is no runtime dependency. Offsets are cached per 15-minute bucket of UTC: every zone
 * transition since 1970 falls on a 15-minute boundary, so a bucket never straddles one.
 */

export type Granularity = 'millisecond' | 'second' | 'minute' | 'hour' | 'day';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const BUCKET = 15 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const zoneValidity = new Map<string, boolean>();

export function isUtcZone(zone: string | undefined): boolean {
	return (
		zone === undefined ||
		zone === '' ||
		zone === 'UTC' ||
		zone === 'Etc/UTC' ||
		zone === 'Etc/GMT' ||
		zone === 'GMT' ||
		zone === 'Z'
	);
}

function formatterFor(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(zone, f);
	}
	return f;
}

/** Whether `zone` is an IANA zone name this runtime knows (e.g. `Europe/Madrid`, `UTC`). */
export function isValidZone(zone: string): boolean {
	if (typeof zone !== 'string' || zone.trim() === '') return false;
	if (isUtcZone(zone)) return true;
	const known = zoneValidity.get(zone);
	if (known !== undefined) return known;
	let ok = true;
	try {
		formatterFor(zone);
	} catch {
		ok = false;
	}
	zoneValidity.set(zone, ok);
	return ok;
}

function computeOffset(at: number, zone: string): number {
	const parts = formatterFor(zone).formatToParts(new Date(at));
	let y = 0;
	let mo = 1;
	let d = 1;
	let h = 0;
	let mi = 0;
	let s = 0;
	for (const p of parts) {
		switch (p.type) {
			case 'year':
				y = Number(p.value);
				break;
			case 'month':
				mo = Number(p.value);
				break;
			case 'day':
				d = Number(p.value);
				break;
			case 'hour':
				h = Number(p.value);
				break;
			case 'minute':
				mi = Number(p.value);
				break;
			case 'second':
				s = Number(p.value);
				break;
			default:
				break;
		}
	}
	return Date.UTC(y, mo - 1, d, h, mi, s) - at;
}

/**
 * Offset of `zone` from UTC at instant `epochMs`, in milliseconds (east positive):
 * local wall-clock time = epochMs + offset.
 */
export function zoneOffsetMs(epochMs: number, zone: string | undefined): number {
	if (isUtcZone(zone)) return 0;
	const z = zone as string;
	const bucket = Math.floor(epochMs / BUCKET);
	let cache = offsetCache.get(z);
	if (!cache) {
		cache = new Map();
		offsetCache.set(z, cache);
	}
	const hit = cache.get(bucket);
	if (hit !== undefined) return hit;
	const offset = computeOffset(bucket * BUCKET, z);
	if (cache.size > 100_000) cache.clear();
	cache.set(bucket, offset);
	return offset;
}

/**
 * Epoch ms of a wall-clock time in `zone`, where `localAsUtc` is that wall-clock time encoded as
 * if it were UTC (i.e. `Date.UTC(y, m-1, d, h, mi, s, ms)`).
 * Disambiguation is Temporal's "compatible" rule: a non-existent local time (spring-forward gap)
 * moves forward by the length of the gap; an ambiguous one (fall-back overlap) is the earlier
 * instant.
 */
export function localToEpochMs(localAsUtc: number, zone: string | undefined): number {
	if (isUtcZone(zone)) return localAsUtc;
	// Offsets a day before and after: every zone has at most one transition in that span.
	const before = zoneOffsetMs(localAsUtc - DAY, zone);
	const after = zoneOffsetMs(localAsUtc + DAY, zone);
	const a = localAsUtc - before;
	if (before === after) {
		if (zoneOffsetMs(a, zone) === before) return a;
		// Rare: a transition and its reversal within two days; fall back to a direct search.
		const o = zoneOffsetMs(localAsUtc - zoneOffsetMs(localAsUtc, zone), zone);
		return localAsUtc - o;
	}
	const b = localAsUtc - after;
	const aValid = zoneOffsetMs(a, zone) === before;
	const bValid = zoneOffsetMs(b, zone) === after;
	if (aValid && bValid) return Math.min(a, b);
	if (aValid) return a;
	if (bValid) return b;
	// In the gap: keep the wall-clock distance from the transition (moves forward).
	return localAsUtc - Math.min(before, after);
}

function unitMs(unit: Granularity): number {
	switch (unit) {
		case 'millisecond':
			return 1;
		case 'second':
			return 1000;
		case 'minute':
			return MINUTE;
		case 'hour':
			return HOUR;
		default:
			return DAY;
	}
}

/** Start of the granule (in `zone`) that contains `epochMs`. */
export function floorToGranule(epochMs: number, unit: Granularity, zone?: string): number {
	if (unit === 'millisecond') return Math.floor(epochMs);
	if (unit === 'second' || unit === 'minute' || isUtcZone(zone)) {
		// Every offset in use is a whole number of minutes, so second/minute granules are zone-free.
		const u = unitMs(unit);
		return Math.floor(epochMs / u) * u;
	}
	const offset = zoneOffsetMs(epochMs, zone);
	const local = epochMs + offset;
	const u = unitMs(unit);
	const localFloor = Math.floor(local / u) * u;
	const result = localToEpochMs(localFloor, zone);
	// A floor can never be after the instant; guard against exotic transitions.
	return result <= epochMs ? result : floorToGranule(epochMs - u, unit, zone);
}

/** Start of the granule that follows the one containing `epochMs`. */
export function nextGranule(epochMs: number, unit: Granularity, zone?: string): number {
	const start = floorToGranule(epochMs, unit, zone);
	if (unit === 'millisecond' || unit === 'second' || unit === 'minute' || isUtcZone(zone)) {
		return start + unitMs(unit);
	}
	// Local-calendar arithmetic: a day in a DST zone lasts 23 or 25 hours.
	const local = start + zoneOffsetMs(start, zone);
	const next = localToEpochMs(local + unitMs(unit), zone);
	return next > start ? next : start + unitMs(unit);
}

/** ISO-8601 UTC with milliseconds, e.g. `2024-05-01T10:00:00.000Z`. */
export function toIsoUtc(epochMs: number): string {
	return new Date(epochMs).toISOString();
}

const LOCAL_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses a tracker time value into epoch ms (NaN when it cannot be parsed):
 * - numbers and numeric strings: Unix seconds (up to 11 digits) or milliseconds (12–13 digits);
 * - `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff]]` (also with `T`, and with a trailing `AM`/`PM`)
 *   interpreted as wall-clock time in `zone` (default UTC);
 * - the same with a `Z` or `±HH:MM` suffix: the suffix wins over `zone`.
 */
export function parseTimeToMs(value: unknown, zone?: string): number {
	if (typeof value === 'number') return epochFromNumber(value);
	if (value instanceof Date) return value.getTime();
	if (typeof value !== 'string') return NaN;
	const fast = fastLocal(value);
	if (fast !== undefined) return Number.isNaN(fast) ? NaN : localToEpochMs(fast, zone);
	const s = value.trim();
	if (s === '') return NaN;
	if (/^\d{9,13}(\.\d+)?$/.test(s)) return epochFromNumber(Number(s));
	const m = LOCAL_RE.exec(s);
	if (!m) return NaN;
	const y = Number(m[1]);
	const mo = Number(m[2]);
	const d = Number(m[3]);
	let h = m[4] === undefined ? 0 : Number(m[4]);
	const mi = m[5] === undefined ? 0 : Number(m[5]);
	const sec = m[6] === undefined ? 0 : Number(m[6]);
	const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-6);
	const ampm = m[8];
	if (ampm !== undefined) {
		if (h < 1 || h > 12) return NaN;
		const pm = ampm.toLowerCase() === 'pm';
		if (h === 12) h = pm ? 12 : 0;
		else if (pm) h += 12;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return NaN;
	const asUtc = utcOf(y, mo, d, h, mi, sec, ms);
	// Reject rolled-over dates such as 2024-02-31.
	const check = new Date(asUtc);
	if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return NaN;
	const suffix = m[9];
	if (suffix !== undefined) {
		if (suffix === 'Z') return asUtc;
		const sign = suffix[0] === '-' ? -1 : 1;
		const digits = suffix.slice(1).replace(':', '');
		const oh = Number(digits.slice(0, 2));
		const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
		return asUtc - sign * (oh * HOUR + om * MINUTE);
	}
	return localToEpochMs(asUtc, zone);
}

/** `Date.UTC` with the year taken literally (`Date.UTC` reads years 0–99 as 1900–1999). */
function utcOf(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number) {
	if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
	const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
	date.setUTCFullYear(y);
	return date.getTime();
}

function digits(s: string, from: number, count: number): number {
	let n = 0;
	for (let i = from; i < from + count; i++) {
		const c = s.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return NaN;
		n = n * 10 + c;
	}
	return n;
}

function daysInMonth(y: number, m: number): number {
	if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
	return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Fast path for the exact form `YYYY-MM-DD HH:MM:SS` (or with `T`): the wall-clock time encoded as
 * UTC, NaN when the form matches but a field is out of range, undefined for any other form.
 */
function fastLocal(s: string): number | undefined {
	if (s.length !== 19) return undefined;
	const sep = s.charCodeAt(10);
	if (
		s.charCodeAt(4) !== 45 ||
		s.charCodeAt(7) !== 45 ||
		(sep !== 32 && sep !== 84) ||
		s.charCodeAt(13) !== 58 ||
		s.charCodeAt(16) !== 58
	) {
		return undefined;
	}
	const y = digits(s, 0, 4);
	const mo = digits(s, 5, 2);
	const d = digits(s, 8, 2);
	const h = digits(s, 11, 2);
	const mi = digits(s, 14, 2);
	const sec = digits(s, 17, 2);
	if (Number.isNaN(y + mo + d + h + mi + sec)) return undefined;
	if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59)
		return NaN;
	return utcOf(y, mo, d, h, mi, sec, 0);
}

function epochFromNumber(n: number): number {
	if (!Number.isFinite(n) || n < 0) return NaN;
	// ≤ 11 digits: seconds (valid until the year 5138); otherwise milliseconds.
	return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
}

/**
 * ISO-8601 UTC of a tracker time `value` that `parseTimeToMs(value, zone)` turned into `ms`
 * (NaN → null). In UTC the common `YYYY-MM-DD HH:MM:SS` (or `…T…`) string is rewritten without
 * date arithmetic: a 19-character value with those separators parses to a finite time only in
 * that exact form, so the rewrite equals `toIsoUtc(ms)`. Runs for every row of a trigger.
 */
export function isoOfParsed(value: unknown, ms: number, zone?: string): string | null {
	if (ms !== ms) return null;
	if (
		typeof value === 'string' &&
		value.length === 19 &&
		isUtcZone(zone) &&
		value.charCodeAt(4) === 45 &&
		value.charCodeAt(7) === 45 &&
		value.charCodeAt(13) === 58 &&
		value.charCodeAt(16) === 58
	) {
		const sep = value.charCodeAt(10);
		if (sep === 32 || sep === 84) {
			// `YYYY-MM-DDTHH:MM:SS.000Z` in one flat string, with no intermediate strings: a poll
			// holds thousands of items until n8n takes them, and a rope of concatenated parts
			// would be twice the memory (and garbage for the collector to sort from the items).
			const v = value;
			return String.fromCharCode(
				v.charCodeAt(0),
				v.charCodeAt(1),
				v.charCodeAt(2),
				v.charCodeAt(3),
				45,
				v.charCodeAt(5),
				v.charCodeAt(6),
				45,
				v.charCodeAt(8),
				v.charCodeAt(9),
				84,
				v.charCodeAt(11),
				v.charCodeAt(12),
				58,
				v.charCodeAt(14),
				v.charCodeAt(15),
				58,
				v.charCodeAt(17),
				v.charCodeAt(18),
				46,
				48,
				48,
				48,
				90,
			);
		}
	}
	return toIsoUtc(ms);
}

/** A tracker time value (see `parseTimeToMs`) as ISO-8601 UTC, or null when unparseable. */
export function timeToIso(value: unknown, zone?: string): string | null {
	return isoOfParsed(value, parseTimeToMs(value, zone), zone);
}

/** Formats epoch ms as the wall-clock string `YYYY-MM-DD HH:MM:SS` in `zone`. */
export function formatLocal(epochMs: number, zone?: string): string {
	const local = new Date(epochMs + zoneOffsetMs(epochMs, zone)).toISOString();
	return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

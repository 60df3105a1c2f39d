/**
 * Time handling for the Keitaro mock. Internally every instant is an integer number of seconds
 * since the Unix epoch (UTC). Keitaro speaks "YYYY-MM-DD HH:MM:SS" wall-clock strings without a
 * zone (docs §1.1) interpreted in an IANA timezone (docs §3.1), so we convert with `Intl`.
 */
import { GridError } from './errors';

export interface CivilDateTime {
	y: number;
	m: number; // 1..12
	d: number; // 1..31
	h: number;
	mi: number;
	s: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

export function isValidTimeZone(tz: string): boolean {
	if (!tz) return false;
	try {
		getFormatter(tz);
		return true;
	} catch {
		return false;
	}
}

function getFormatter(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: tz,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(tz, f);
	}
	return f;
}

/** Offset (seconds east of UTC) of `tz` at instant `epochSec`. Cached per 15-minute bucket. */
export function tzOffsetSeconds(epochSec: number, tz: string): number {
	if (tz === 'UTC' || tz === 'Etc/UTC') return 0;
	const bucket = Math.floor(epochSec / 900);
	let cache = offsetCache.get(tz);
	if (!cache) {
		cache = new Map();
		offsetCache.set(tz, cache);
	}
	const hit = cache.get(bucket);
	if (hit !== undefined) return hit;
	const at = bucket * 900;
	const parts = getFormatter(tz).formatToParts(new Date(at * 1000));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	const asUtc =
		Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) /
		1000;
	const offset = asUtc - at;
	if (cache.size > 50_000) cache.clear();
	cache.set(bucket, offset);
	return offset;
}

/** Days since 1970-01-01 → civil date (proleptic Gregorian). */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
	);
	const y = yoe + era * 400;
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	return { y: m <= 2 ? y + 1 : y, m, d };
}

/** Wall-clock parts of `epochSec` in `tz` (plus ISO weekday 1=Mon..7=Sun). */
export function toZoned(
	epochSec: number,
	tz: string,
): CivilDateTime & { wd: number; daysSinceEpoch: number } {
	const local = epochSec + tzOffsetSeconds(epochSec, tz);
	const days = Math.floor(local / 86400);
	const secOfDay = local - days * 86400;
	const { y, m, d } = civilFromDays(days);
	const wd = ((((days + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
	return {
		y,
		m,
		d,
		h: Math.floor(secOfDay / 3600),
		mi: Math.floor((secOfDay % 3600) / 60),
		s: secOfDay % 60,
		wd,
		daysSinceEpoch: days,
	};
}

/** Wall-clock time in `tz` → epoch seconds (DST gaps resolve forward, overlaps to the first). */
export function fromZoned(c: CivilDateTime, tz: string): number {
	const guess = Date.UTC(c.y, c.m - 1, c.d, c.h, c.mi, c.s) / 1000;
	const off1 = tzOffsetSeconds(guess, tz);
	let t = guess - off1;
	const off2 = tzOffsetSeconds(t, tz);
	if (off2 !== off1) t = guess - off2;
	return t;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatCivil(c: CivilDateTime): string {
	return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)} ${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}`;
}

/** "YYYY-MM-DD HH:MM:SS" of `epochSec` in `tz`. */
export function formatDateTime(epochSec: number, tz = 'UTC'): string {
	return formatCivil(toZoned(epochSec, tz));
}

export function formatDate(epochSec: number, tz = 'UTC'): string {
	const z = toZoned(epochSec, tz);
	return `${pad(z.y, 4)}-${pad(z.m)}-${pad(z.d)}`;
}

/**
 * Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (a `T` separator is tolerated).
 * Returns undefined when malformed or out of range.
 */
export function parseCivil(text: string): (CivilDateTime & { dateOnly: boolean }) | undefined {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
	if (!m) return undefined;
	const c = {
		y: Number(m[1]),
		m: Number(m[2]),
		d: Number(m[3]),
		h: Number(m[4] ?? 0),
		mi: Number(m[5] ?? 0),
		s: Number(m[6] ?? 0),
		dateOnly: m[4] === undefined,
	};
	if (c.m < 1 || c.m > 12 || c.d < 1 || c.h > 23 || c.mi > 59 || c.s > 59) return undefined;
	const check = new Date(Date.UTC(c.y, c.m - 1, c.d));
	if (check.getUTCDate() !== c.d) return undefined;
	return c;
}

/** Adds days/months/years to a civil date (month overflow clamps like PHP would roll; we clamp). */
export function addCivil(
	c: { y: number; m: number; d: number },
	delta: { days?: number; months?: number; years?: number },
): { y: number; m: number; d: number } {
	let y = c.y + (delta.years ?? 0);
	let m = c.m + (delta.months ?? 0);
	y += Math.floor((m - 1) / 12);
	m = ((((m - 1) % 12) + 12) % 12) + 1;
	const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
	const base = Date.UTC(y, m - 1, Math.min(c.d, dim)) + (delta.days ?? 0) * 86400_000;
	const out = new Date(base);
	return { y: out.getUTCFullYear(), m: out.getUTCMonth() + 1, d: out.getUTCDate() };
}

/** Parses a user-supplied instant: Date, epoch ms, ISO string or "YYYY-MM-DD HH:MM:SS" (UTC). */
export function toEpochSeconds(value: Date | number | string, tz = 'UTC'): number {
	if (value instanceof Date) return Math.floor(value.getTime() / 1000);
	if (typeof value === 'number') return Math.floor(value / 1000);
	const civil = parseCivil(value);
	if (civil) return fromZoned(civil, tz);
	const ms = Date.parse(value);
	if (Number.isNaN(ms)) throw new Error(`Unparseable date: ${value}`);
	return Math.floor(ms / 1000);
}

// ---------------------------------------------------------------------------------------------
// Range (docs §3.1, [SRC9] TimeRange)

export interface RangeInput {
	from?: unknown;
	to?: unknown;
	timezone?: unknown;
	interval?: unknown;
}

export interface ResolvedRange {
	/** Inclusive lower bound (epoch s) or undefined = unbounded. */
	from?: number;
	/** Inclusive upper bound (epoch s) or undefined = unbounded. */
	to?: number;
	tz: string;
}

/**
 * Resolves a RangeRequest. Rules (docs §3.1): when `from` or `to` is present `interval` is ignored;
 * only `from` → `>= from`; only `to` → `<= to`; a date-only `to` is inclusive (23:59:59); neither
 * and no interval → no time filter. Interval tokens start at 00:00:00 and end today 23:59:59.
 */
export function resolveRange(
	range: RangeInput | undefined,
	nowSec: number,
	defaultTz: string,
): ResolvedRange {
	const r = range ?? {};
	let tz = defaultTz;
	if (r.timezone !== undefined && r.timezone !== null && r.timezone !== '') {
		if (typeof r.timezone !== 'string' || !isValidTimeZone(r.timezone)) {
			throw new GridError(`Unknown or bad timezone (${String(r.timezone)})`);
		}
		tz = r.timezone;
	}
	const hasFrom = r.from !== undefined && r.from !== null && r.from !== '';
	const hasTo = r.to !== undefined && r.to !== null && r.to !== '';
	if (hasFrom || hasTo) {
		const out: ResolvedRange = { tz };
		if (hasFrom) out.from = parseBound(r.from, tz, 'from');
		if (hasTo) out.to = parseBound(r.to, tz, 'to');
		return out;
	}
	if (r.interval === undefined || r.interval === null || r.interval === '') return { tz };
	if (typeof r.interval !== 'string')
		throw new GridError(`Incorrect interval '${String(r.interval)}'`);
	return { tz, ...intervalBounds(r.interval, nowSec, tz) };
}

function parseBound(value: unknown, tz: string, which: 'from' | 'to'): number {
	if (typeof value !== 'string')
		throw new GridError(`Incorrect date in range.${which}: ${String(value)}`);
	const civil = parseCivil(value);
	if (!civil) throw new GridError(`Incorrect date in range.${which}: ${value}`);
	if (which === 'to' && civil.dateOnly) {
		civil.h = 23;
		civil.mi = 59;
		civil.s = 59;
	}
	return fromZoned(civil, tz);
}

const dayStart = (c: { y: number; m: number; d: number }, tz: string) =>
	fromZoned({ ...c, h: 0, mi: 0, s: 0 }, tz);
const dayEnd = (c: { y: number; m: number; d: number }, tz: string) =>
	fromZoned({ ...c, h: 23, mi: 59, s: 59 }, tz);

/** Interval tokens of [SPEC] + 9.x extras + "N_unit_ago" (docs §3.1). Unknown tokens → 400. */
export function intervalBounds(
	token: string,
	nowSec: number,
	tz: string,
): { from?: number; to?: number } {
	const now = toZoned(nowSec, tz);
	const today = { y: now.y, m: now.m, d: now.d };
	const endToday = dayEnd(today, tz);
	switch (token) {
		case 'all_time':
		case 'custom_date_range':
		case 'custom_time_range':
			return {};
		case 'today':
			return { from: dayStart(today, tz), to: endToday };
		case 'yesterday': {
			const y = addCivil(today, { days: -1 });
			return { from: dayStart(y, tz), to: dayEnd(y, tz) };
		}
		case 'first_day_of_this_week':
		case 'last_monday':
			return { from: dayStart(addCivil(today, { days: 1 - now.wd }), tz), to: endToday };
		case 'first_day_of_this_month':
			return { from: dayStart({ ...today, d: 1 }, tz), to: endToday };
		case 'first_day_of_this_year':
			return { from: dayStart({ y: today.y, m: 1, d: 1 }, tz), to: endToday };
		case 'previous_month': {
			const first = addCivil({ ...today, d: 1 }, { months: -1 });
			const last = addCivil({ ...today, d: 1 }, { days: -1 });
			return { from: dayStart(first, tz), to: dayEnd(last, tz) };
		}
		default: {
			const m = /^(\d+)_(day|days|week|weeks|month|months|year|years)_ago$/.exec(token);
			if (!m) throw new GridError(`Incorrect interval '${token}'`);
			const n = Number(m[1]);
			const unit = m[2].replace(/s$/, '');
			const start =
				unit === 'day'
					? addCivil(today, { days: -n })
					: unit === 'week'
						? addCivil(today, { days: -7 * n })
						: unit === 'month'
							? addCivil(today, { months: -n })
							: addCivil(today, { years: -n });
			return { from: dayStart(start, tz), to: endToday };
		}
	}
}

/** Week number (ISO 8601) for a civil date. */
export function isoWeek(y: number, m: number, d: number): { year: number; week: number } {
	const date = new Date(Date.UTC(y, m - 1, d));
	const day = date.getUTCDay() || 7;
	date.setUTCDate(date.getUTCDate() + 4 - day);
	const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
	const week = Math.ceil(((date.getTime() - yearStart) / 86400000 + 1) / 7);
	return { year: date.getUTCFullYear(), week };
}

export { pad };

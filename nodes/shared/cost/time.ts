import { resolveTimeZone } from '../validation';

/**
 * Hour and day rounding of cost periods. Periods are wall-clock times in the cost's time zone
 * ('YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]', or ISO without an offset).
 */
export interface WallTime {
	y: number;
	m: number;
	d: number;
	h: number;
	mi: number;
	s: number;
	dateOnly: boolean;
}

const RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses a wall-clock time; undefined when it is not one (or names an impossible date). */
export function parseWallTime(raw: unknown): (WallTime & { offset?: string }) | undefined {
	if (raw === undefined || raw === null) return undefined;
	const m = RE.exec(String(raw).trim());
	if (!m) return undefined;
	const t: WallTime & { offset?: string } = {
		y: +m[1],
		m: +m[2],
		d: +m[3],
		h: m[4] ? +m[4] : 0,
		mi: m[5] ? +m[5] : 0,
		s: m[6] ? +m[6] : 0,
		dateOnly: !m[4],
	};
	if (m[7]) t.offset = m[7];
	const probe = new Date(Date.UTC(t.y, t.m - 1, t.d, t.h, t.mi, t.s));
	if (
		probe.getUTCFullYear() !== t.y ||
		probe.getUTCMonth() !== t.m - 1 ||
		probe.getUTCDate() !== t.d ||
		t.h > 23 ||
		t.mi > 59 ||
		t.s > 59
	)
		return undefined;
	return t;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isWholeHour(t: WallTime): boolean {
	return t.mi === 0 && t.s === 0;
}

/** 'YYYY-MM-DDTHH:00:00' (the hour the time is in). */
export function formatHour(t: WallTime): string {
	return `${t.y}-${pad(t.m)}-${pad(t.d)}T${pad(t.h)}:00:00`;
}

export function formatDay(t: WallTime): string {
	return `${t.y}-${pad(t.m)}-${pad(t.d)}`;
}

/** Comparable key (minutes since epoch, wall clock). */
export function wallKey(t: WallTime): number {
	return Date.UTC(t.y, t.m - 1, t.d, t.h, t.mi, t.s);
}

/** Wall time `ms` later (calendar arithmetic on the wall clock). */
export function addWall(t: WallTime, ms: number): WallTime {
	const d = new Date(wallKey(t) + ms);
	return {
		y: d.getUTCFullYear(),
		m: d.getUTCMonth() + 1,
		d: d.getUTCDate(),
		h: d.getUTCHours(),
		mi: d.getUTCMinutes(),
		s: d.getUTCSeconds(),
		dateOnly: false,
	};
}

/** Whole-day dates [first, last] → the hour period [first 00:00, day after last 00:00). */
export function daysToHours(first: WallTime, last: WallTime): { from: WallTime; to: WallTime } {
	const from = { ...first, h: 0, mi: 0, s: 0, dateOnly: false };
	const to = addWall({ ...last, h: 0, mi: 0, s: 0, dateOnly: false }, 86_400_000);
	return { from, to };
}

/** The civil time of an instant in a zone (Intl, no dependency). */
export function wallTimeIn(ms: number, zone: string): WallTime {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(ms));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	return {
		y: get('year'),
		m: get('month'),
		d: get('day'),
		h: get('hour'),
		mi: get('minute'),
		s: get('second'),
		dateOnly: false,
	};
}

/** Whether `zone` is an IANA time zone (the one shared resolver; "Mars/Olympus" is not). */
export function isValidZone(zone: string): boolean {
	return resolveTimeZone(zone) !== undefined;
}

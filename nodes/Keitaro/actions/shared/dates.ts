import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quote, resolveTimeZone } from '../../../shared/validation';

/** A wall-clock date and time without a zone, as Keitaro takes it. */
export interface WallClock {
	y: number;
	m: number;
	d: number;
	h: number;
	mi: number;
	s: number;
	/** No time was given (or the n8n date picker's midnight): the value means a whole day. */
	dateOnly: boolean;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const DATE_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads a date parameter: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM[:SS]', an ISO string from the n8n date
 * picker, a JS Date or a Luxon DateTime from an expression. The wall-clock part is kept as written
 * (the zone is sent separately as `timezone`). Returns undefined when the value is not a date.
 */
export function parseWallClock(value: unknown): WallClock | undefined {
	let text: string;
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return undefined;
		text = value.toISOString();
	} else if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	) {
		text = String((value as { toISO: () => string }).toISO());
	} else if (typeof value === 'string') {
		text = value.trim();
	} else {
		return undefined;
	}
	const m = DATE_RE.exec(text);
	if (!m) return undefined;
	const c: WallClock = {
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
	if (check.getUTCDate() !== c.d || check.getUTCMonth() !== c.m - 1) return undefined;
	if (!c.dateOnly && c.h === 0 && c.mi === 0 && c.s === 0) c.dateOnly = true;
	return c;
}

export function formatDate(c: WallClock): string {
	return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}`;
}

export function formatDateTime(c: WallClock): string {
	return `${formatDate(c)} ${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}`;
}

/** Seconds since 0001 as if the wall clock were UTC: only for ordering two values. */
export function wallClockKey(c: WallClock): number {
	return Date.UTC(c.y, c.m - 1, c.d, c.h, c.mi, c.s) / 1000;
}

/** Whether `tz` is an IANA time zone name this runtime knows. */
export function isValidTimezone(tz: string): boolean {
	// The one IANA resolver shared by every tracker (nodes/shared/validation).
	return resolveTimeZone(tz) !== undefined;
}

/** The node's time zone parameter, or the workflow time zone when it is empty; validated. */
export function resolveTimezone(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	fieldName = 'Timezone',
): string {
	const raw = typeof value === 'string' ? value.trim() : '';
	const tz = raw || ctx.getTimezone() || 'UTC';
	if (resolveTimeZone(tz) === undefined) {
		throw new NodeOperationError(ctx.getNode(), `${fieldName} ${quote(tz)} is not a valid time zone`, {
			itemIndex,
			description: 'Use an IANA time zone name such as Europe/Madrid, America/New_York or UTC.',
		});
	}
	return tz;
}

/** Reads a required date parameter or throws a NodeOperationError naming the field. */
export function requireWallClock(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	fieldName: string,
): WallClock {
	const parsed = parseWallClock(value);
	if (!parsed) {
		const shown =
			value === undefined || value === null || value === '' ? 'empty' : quote(value);
		throw new NodeOperationError(ctx.getNode(), `${fieldName} is ${shown}: a date is required`, {
			itemIndex,
			description: 'Use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, e.g. 2024-05-01 or 2024-05-01 14:00:00.',
		});
	}
	return parsed;
}

/**
 * A start/end period as Keitaro's cost and clean endpoints take it ('YYYY-MM-DD HH:MM:SS').
 * Whole days: the start day from 00:00:00 to the end day's 23:59:59 (end defaults to the start
 * day). Exact: both values as given, end strictly after start.
 */
export function buildPeriod(
	ctx: IExecuteFunctions,
	mode: string,
	startValue: unknown,
	endValue: unknown,
	itemIndex: number,
): { start_date: string; end_date: string } {
	const start = requireWallClock(ctx, startValue, itemIndex, 'Start Date');
	const endEmpty = endValue === undefined || endValue === null || endValue === '';
	if (mode === 'exact') {
		const end = requireWallClock(ctx, endValue, itemIndex, 'End Date');
		const s = { ...start };
		const e = { ...end };
		if (wallClockKey(e) <= wallClockKey(s)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`End Date (${formatDateTime(e)}) must be after Start Date (${formatDateTime(s)})`,
				{ itemIndex },
			);
		}
		return { start_date: formatDateTime(s), end_date: formatDateTime(e) };
	}
	const end = endEmpty ? start : requireWallClock(ctx, endValue, itemIndex, 'End Date');
	const s: WallClock = { ...start, h: 0, mi: 0, s: 0 };
	const e: WallClock = { ...end, h: 23, mi: 59, s: 59 };
	if (wallClockKey(e) < wallClockKey(s)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`End Date (${formatDate(end)}) is before Start Date (${formatDate(start)})`,
			{ itemIndex },
		);
	}
	return { start_date: formatDateTime(s), end_date: formatDateTime(e) };
}

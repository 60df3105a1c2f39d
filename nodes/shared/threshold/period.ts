/**
 * Report periods of a threshold check, resolved in the tracker's report time zone.
 *
 * Every period has a `key`: a threshold fires at most once per row per period key, so
 * - `today` and `yesterday` are calendar days (a new day is a new period);
 * - `lastDays` is the last N calendar days including today (the key changes every midnight);
 * - `lastHours` is a rolling window with one constant key (a row fires once, then again only
 *   after it recovered).
 */
import { floorToGranule, formatLocal, isValidZone } from '../polling/time';

export type PeriodSpec =
	| { kind: 'today' }
	| { kind: 'yesterday' }
	| { kind: 'lastHours'; hours: number }
	| { kind: 'lastDays'; days: number };

export interface ResolvedPeriod {
	/** Identity of the period for "once per row per period" (see the module comment). */
	key: string;
	/** Inclusive bounds, epoch ms (whole seconds). */
	fromMs: number;
	toMs: number;
	/** The same bounds as wall-clock `YYYY-MM-DD HH:MM:SS` in `zone` (what report APIs take). */
	from: string;
	to: string;
	zone: string;
}

export const MAX_PERIOD_HOURS = 24 * 31;
export const MAX_PERIOD_DAYS = 366;

/** Problems with a period (empty when valid). */
export function validatePeriod(spec: PeriodSpec, zone: string): string[] {
	const problems: string[] = [];
	if (!isValidZone(zone)) {
		problems.push(`Unknown time zone "${zone}" (use an IANA name such as Europe/Madrid)`);
	}
	switch (spec.kind) {
		case 'today':
		case 'yesterday':
			break;
		case 'lastHours':
			if (!Number.isInteger(spec.hours) || spec.hours < 1 || spec.hours > MAX_PERIOD_HOURS) {
				problems.push(`Hours must be a whole number between 1 and ${MAX_PERIOD_HOURS}`);
			}
			break;
		case 'lastDays':
			if (!Number.isInteger(spec.days) || spec.days < 1 || spec.days > MAX_PERIOD_DAYS) {
				problems.push(`Days must be a whole number between 1 and ${MAX_PERIOD_DAYS}`);
			}
			break;
		default:
			problems.push(`Unknown period "${String((spec as { kind?: unknown }).kind)}"`);
	}
	return problems;
}

const dateOf = (ms: number, zone: string) => formatLocal(ms, zone).slice(0, 10);

/** The period's bounds at `nowMs` in `zone` (validate first). */
export function resolvePeriod(spec: PeriodSpec, nowMs: number, zone: string): ResolvedPeriod {
	const now = Math.floor(nowMs / 1000) * 1000;
	const todayStart = floorToGranule(now, 'day', zone);
	let fromMs: number;
	let toMs = now;
	let key: string;
	switch (spec.kind) {
		case 'yesterday':
			fromMs = floorToGranule(todayStart - 1, 'day', zone);
			toMs = todayStart - 1000;
			key = `yesterday:${dateOf(fromMs, zone)}`;
			break;
		case 'lastHours':
			fromMs = now - spec.hours * 3_600_000;
			key = `lastHours:${spec.hours}`;
			break;
		case 'lastDays': {
			fromMs = todayStart;
			for (let i = 1; i < spec.days; i++) fromMs = floorToGranule(fromMs - 1, 'day', zone);
			key = `lastDays:${spec.days}:${dateOf(fromMs, zone)}`;
			break;
		}
		default:
			fromMs = todayStart;
			key = `today:${dateOf(fromMs, zone)}`;
	}
	return {
		key,
		fromMs,
		toMs,
		from: formatLocal(fromMs, zone),
		to: formatLocal(toMs, zone),
		zone,
	};
}

/**
 * Tracker → Check Compatibility: what the answers of a live Keitaro show, as findings a user pastes
 * into a bug report. Pure functions over rows already read (probe.ts does the requests).
 *
 * Every finding says what was observed and how sure it is: `confidence` is "observed" only when
 * the rows prove the answer, else "inconclusive: <why>" with `result` "unknown". Nothing is
 * guessed from too little data. The Keitaro Trigger does not need any of these answers: it is
 * exact under every behaviour below (README, "Conversion events: what is guaranteed").
 */
import type { IDataObject } from 'n8n-workflow';

export interface Finding extends IDataObject {
	check: string;
	result: string | number;
	evidence: string;
	confidence: string;
	meaning: string;
}

export const UNKNOWN = 'unknown';
export const OBSERVED = 'observed';
const inconclusive = (why: string) => `inconclusive: ${why}`;

const TRIGGER_EXACT =
	'The Keitaro Trigger is exact under all three time models (fixed, datetime, moves), so it needs no setting for this';

/** `YYYY-MM-DD HH:MM:SS` (a `T`, fractions tolerated) → seconds, read as UTC; null otherwise. */
export function logSeconds(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(value.trim());
	if (!m) return null;
	const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
	return Number.isFinite(ms) ? ms / 1000 : null;
}

/** A status text, '' when empty or absent. */
export function statusText(value: unknown): string {
	return value === null || value === undefined ? '' : String(value).trim();
}

/** A whole-number id, null otherwise. */
export function idOf(value: unknown): number | null {
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value.trim()) ? Number(value) : NaN;
	return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function some(ids: number[]): string {
	if (!ids.length) return '';
	const shown = ids.slice(0, 3).join(', ');
	return ` (ids ${shown}${ids.length > 3 ? ', …' : ''})`;
}

// ---------------------------------------------------------------------------------------------
// What a status postback does to the row's times

/** A conversions log row read with its times (those of rows with a `previous_status`). */
export interface ChangedRowInput {
	conversion_id?: unknown;
	status?: unknown;
	previous_status?: unknown;
	postback_datetime?: unknown;
	sale_datetime?: unknown;
	datetime?: unknown;
}

const MODEL_MEANING: Record<string, string> = {
	fixed:
		'A status postback keeps postback_datetime at the first postback and sets sale_datetime when the status becomes sale (the decoded 9.x behaviour; mock switch "fixed"). The Keitaro Trigger sees a change to sale through sale_datetime within 2 polls and every other change through its sweep within about 2 Sweep Periods. ' +
		TRIGGER_EXACT,
	datetime:
		'A status postback keeps postback_datetime and moves the log\'s datetime column to the latest postback (mock switch "datetime"). The Keitaro Trigger sees every change through datetime within 2 polls. ' +
		TRIGGER_EXACT,
	moves:
		'A status postback moves postback_datetime to the latest postback (mock switch "moves"). The Keitaro Trigger sees every change on its next poll. ' +
		TRIGGER_EXACT,
};

/**
 * Which time model the changed rows prove. Per row (times compared at the second):
 * - `sale_datetime` after `postback_datetime`: a sale postback came after postback_datetime, which
 *   therefore stayed (no model moves postback_datetime to an earlier postback);
 * - `sale_datetime` before `postback_datetime`: postback_datetime moved past the sale postback;
 * - equal on a change to sale (previous status not sale): consistent with a moving
 *   postback_datetime, or with a change within the same second; counted only when no row says
 *   otherwise, and only from 3 rows;
 * - `datetime` after `postback_datetime`: the datetime column moved to a later postback;
 * - `datetime` before the latest postback the row proves (postback_datetime, sale_datetime): the
 *   datetime column did not move with it.
 */
export function timeModelFinding(
	rows: ChangedRowInput[],
	datetimeOffered: boolean,
	read: string,
): Finding {
	const check = 'status postback time model';
	const changed = rows.filter((r) => statusText(r.previous_status) !== '');
	const pbStays: number[] = [];
	const pbMoves: number[] = [];
	const pbEqual: number[] = [];
	const dtMoves: number[] = [];
	const dtStays: number[] = [];
	let unreadable = 0;
	for (const r of changed) {
		const id = idOf(r.conversion_id) ?? -1;
		const pb = logSeconds(r.postback_datetime);
		if (pb === null) {
			unreadable++;
			continue;
		}
		const sale = logSeconds(r.sale_datetime);
		const status = statusText(r.status).toLowerCase();
		const prev = statusText(r.previous_status).toLowerCase();
		if (sale !== null) {
			if (sale > pb) pbStays.push(id);
			else if (sale < pb) pbMoves.push(id);
			else if (status === 'sale' && prev !== 'sale' && prev !== 'rebill') pbEqual.push(id);
		}
		if (datetimeOffered) {
			const dt = logSeconds(r.datetime);
			if (dt !== null) {
				if (dt > pb) dtMoves.push(id);
				else if (dt < Math.max(pb, sale ?? pb)) dtStays.push(id);
			}
		}
	}
	const evidence =
		`${changed.length} conversions with a previous_status ${read}` +
		(unreadable ? `, ${unreadable} with an unreadable postback_datetime` : '') +
		`; sale_datetime after postback_datetime: ${pbStays.length}${some(pbStays)}` +
		`; sale_datetime before postback_datetime: ${pbMoves.length}${some(pbMoves)}` +
		`; sale_datetime equal to postback_datetime on a change to sale: ${pbEqual.length}${some(pbEqual)}` +
		(datetimeOffered
			? `; datetime after postback_datetime: ${dtMoves.length}${some(dtMoves)}` +
				`; datetime before the latest postback the row shows: ${dtStays.length}${some(dtStays)}`
			: '; the datetime column was refused, so not read');
	const result = (model: string): Finding => ({
		check,
		result: model,
		evidence,
		confidence: OBSERVED,
		meaning: MODEL_MEANING[model],
	});
	const unknown = (why: string): Finding => ({
		check,
		result: UNKNOWN,
		evidence,
		confidence: inconclusive(why),
		meaning: `${TRIGGER_EXACT}. Run the check again when the log holds conversions whose status changed (to sale, best) some time after their first postback.`,
	});
	if (changed.length === 0) return unknown('no conversion with a previous_status (no status change) in the rows read');
	if (pbStays.length && pbMoves.length) {
		return unknown('some rows show postback_datetime staying and others show it moving');
	}
	if (dtMoves.length && dtStays.length) {
		return unknown('some rows show the datetime column moving and others show it staying');
	}
	if (dtMoves.length) {
		// datetime after postback_datetime: postback_datetime is not the latest postback
		if (pbMoves.length) return unknown('rows show both datetime and postback_datetime moving');
		return result('datetime');
	}
	if (pbMoves.length) return result('moves');
	if (pbStays.length) return result('fixed');
	if (pbEqual.length >= 3) return result('moves');
	if (pbEqual.length) {
		return unknown(
			`only ${pbEqual.length} change(s) to sale with sale_datetime equal to postback_datetime (a moving postback_datetime, or a change within the same second)`,
		);
	}
	if (dtStays.length) {
		return unknown(
			'the datetime column does not move, but no row shows whether postback_datetime does (no conversion became a sale after its first postback)',
		);
	}
	return unknown('no changed row has times that tell (no change to sale after the first postback, no moved datetime)');
}

// ---------------------------------------------------------------------------------------------
// Conversion id order

export interface OrderRowInput {
	conversion_id?: unknown;
	postback_datetime?: unknown;
	click_datetime?: unknown;
	previous_status?: unknown;
}

/** Rows compared pairwise at most (n² / 2 pairs). */
export const MAX_ORDER_ROWS = 2000;

/**
 * Whether conversion ids follow postback (arrival) time or click time. Only rows without a
 * previous_status count (their postback_datetime is the first postback under every model). A
 * pair of conversions tells when its postback order and its click order differ: the ids then
 * follow one of them.
 */
export function idOrderFinding(rows: OrderRowInput[], read: string): Finding {
	const check = 'conversion id order';
	const usable: Array<{ id: number; pb: number; click: number }> = [];
	for (const r of rows) {
		if (statusText(r.previous_status) !== '') continue;
		const id = idOf(r.conversion_id);
		const pb = logSeconds(r.postback_datetime);
		const click = logSeconds(r.click_datetime);
		if (id === null || pb === null || click === null) continue;
		usable.push({ id, pb, click });
		if (usable.length >= MAX_ORDER_ROWS) break;
	}
	let arrival = 0;
	let byClick = 0;
	const arrivalPair: number[] = [];
	const clickPair: number[] = [];
	for (let a = 0; a < usable.length; a++) {
		const x = usable[a];
		for (let b = a + 1; b < usable.length; b++) {
			const y = usable[b];
			const dp = Math.sign(x.pb - y.pb);
			const dc = Math.sign(x.click - y.click);
			if (dp === 0 || dc === 0 || dp === dc || x.id === y.id) continue;
			const di = Math.sign(x.id - y.id);
			if (di === dp) {
				arrival++;
				if (!arrivalPair.length) arrivalPair.push(x.id, y.id);
			} else {
				byClick++;
				if (!clickPair.length) clickPair.push(x.id, y.id);
			}
		}
	}
	const evidence =
		`${usable.length} conversions without a status change ${read}; pairs whose postback order and click order differ: ${arrival + byClick}` +
		`; ids in postback order: ${arrival}${arrivalPair.length ? ` (e.g. ${arrivalPair.join(' and ')})` : ''}` +
		`; ids in click order: ${byClick}${clickPair.length ? ` (e.g. ${clickPair.join(' and ')})` : ''}`;
	const exact =
		'New Conversion does not depend on the id order (it remembers the ids it emitted), so it is exact under both orders';
	if (arrival + byClick === 0) {
		return {
			check,
			result: UNKNOWN,
			evidence,
			confidence: inconclusive(
				usable.length < 2
					? 'fewer than two conversions without a status change in the rows read'
					: 'no two conversions arrived in another order than their clicks, so both orders fit',
			),
			meaning: `${exact}.`,
		};
	}
	if (arrival && byClick) {
		return {
			check,
			result: UNKNOWN,
			evidence,
			confidence: inconclusive('the ids follow neither order throughout'),
			meaning: `${exact}.`,
		};
	}
	return arrival
		? {
				check,
				result: 'arrival',
				evidence,
				confidence: OBSERVED,
				meaning: `Conversion ids follow arrival (postback) order (mock switch "arrival"); the trigger's memo takes about 1 byte of static data per conversion. ${exact}.`,
			}
		: {
				check,
				result: 'click',
				evidence,
				confidence: OBSERVED,
				meaning: `Conversion ids follow click time, not arrival order (mock switch "click"); the trigger's memo takes about 2 bytes of static data per conversion. ${exact}.`,
			};
}

// ---------------------------------------------------------------------------------------------
// sub_id columns

export type ColumnProbe = { accepted: true; rows: number } | { accepted: false; why: string } | { failed: string };

/** How many `sub_id_N` columns a log has, from the answers to `sub_id_30` and `sub_id_15`. */
export function subIdFinding(log: string, p30: ColumnProbe, p15: ColumnProbe | undefined): Finding {
	const check = `sub_id columns (${log})`;
	const said = (n: number, p: ColumnProbe | undefined) =>
		!p
			? ''
			: 'failed' in p
				? `sub_id_${n}: the request failed (${p.failed})`
				: p.accepted
					? `sub_id_${n}: accepted (answer of ${p.rows} row${p.rows === 1 ? '' : 's'})`
					: `sub_id_${n}: refused (${p.why})`;
	const evidence = [said(30, p30), said(15, p15)].filter(Boolean).join('; ');
	const meaning = (n: number) =>
		n === 30
			? 'sub_id_1…sub_id_30 (Keitaro 10.x and later). The Keitaro Trigger detects the count on activation and reads all 30.'
			: 'sub_id_1…sub_id_15 (like Keitaro 9.x): asking for sub_id_16 or higher fails the whole request. The Keitaro Trigger detects this on activation and reads sub_id_1…15; in Get Log operations choose only sub_id_1…15.';
	if ('accepted' in p30 && p30.accepted) {
		return { check, result: 30, evidence, confidence: OBSERVED, meaning: meaning(30) };
	}
	if ('accepted' in p30 && p15 && 'accepted' in p15 && p15.accepted) {
		return { check, result: 15, evidence, confidence: OBSERVED, meaning: meaning(15) };
	}
	return {
		check,
		result: UNKNOWN,
		evidence,
		confidence: inconclusive(
			'failed' in p30 || (p15 && 'failed' in p15)
				? 'a probe request failed'
				: 'both sub_id_30 and sub_id_15 were refused',
		),
		meaning:
			'Set the trigger\'s Sub ID Columns to the number of sub_id columns this Keitaro has (15 on 9.x, 30 later).',
	};
}

// ---------------------------------------------------------------------------------------------
// Time zone of log times

export interface ZonePair {
	/** Seconds of the same row's time asked in UTC and in the other zone. */
	utc: number;
	other: number;
}

/**
 * Whether log times follow `range.timezone`: the same rows asked in UTC and in a zone `offset`
 * seconds east of it (no daylight saving). All shifted by the offset: they follow it; all equal:
 * they come in one zone whatever is asked.
 */
export function zoneFinding(
	perLog: Array<{ log: string; pairs: ZonePair[]; failed?: string }>,
	zone: string,
	offsetSeconds: number,
): Finding {
	const check = 'log time zone';
	const verdicts: string[] = [];
	const parts: string[] = [];
	for (const { log, pairs, failed } of perLog) {
		if (failed) {
			parts.push(`${log}: the request failed (${failed})`);
			continue;
		}
		const shifts = new Map<number, number>();
		for (const p of pairs) shifts.set(p.other - p.utc, (shifts.get(p.other - p.utc) ?? 0) + 1);
		const list = [...shifts.entries()].map(([s, n]) => `${n} × ${s >= 0 ? '+' : ''}${s / 3600} h`).join(', ');
		parts.push(`${log}: ${pairs.length} rows asked in UTC and in ${zone}${pairs.length ? ` (shift ${list})` : ''}`);
		if (!pairs.length) continue;
		if (shifts.size === 1 && shifts.has(offsetSeconds)) verdicts.push('follows');
		else if (shifts.size === 1 && shifts.has(0)) verdicts.push('ignores');
		else verdicts.push('other');
	}
	const evidence = parts.join('; ');
	const distinct = [...new Set(verdicts)];
	if (distinct.length === 1 && distinct[0] === 'follows') {
		return {
			check,
			result: 'follows the requested zone',
			evidence,
			confidence: OBSERVED,
			meaning:
				'Log times are written in the zone a request asks for. The Keitaro Trigger asks in its Time Zone option and reads the times in it, so any Time Zone is right; UTC (the default) is fine.',
		};
	}
	if (distinct.length === 1 && distinct[0] === 'ignores') {
		return {
			check,
			result: 'one zone whatever is asked',
			evidence,
			confidence: OBSERVED,
			meaning:
				'Log times come in one zone whatever a request asks for (UTC on 9.x, which stores UTC; possibly the tracker\'s zone). The Keitaro Trigger reads log times in its Time Zone option: keep it at the zone Keitaro writes (UTC, the default, unless this tracker writes another).',
		};
	}
	return {
		check,
		result: UNKNOWN,
		evidence,
		confidence: inconclusive(
			!verdicts.length
				? 'no rows to compare (the logs are empty in the period, or the requests failed)'
				: 'the rows shifted by different amounts',
		),
		meaning:
			'Keep the Keitaro Trigger\'s Time Zone at UTC (the default); which zone Keitaro writes log times in stays unconfirmed.',
	};
}

// ---------------------------------------------------------------------------------------------
// Version and answer times

const VERSION_RE = /^v?\d+(\.\d+){1,3}([-.][0-9A-Za-z]+)?$/;

/** A version-like value under a `version` key (top level or one object down), else undefined. */
export function versionIn(data: unknown): string | undefined {
	const look = (o: unknown, depth: number): string | undefined => {
		if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
		for (const [k, v] of Object.entries(o as IDataObject)) {
			if (/(^|_)version$/i.test(k) && (typeof v === 'string' || typeof v === 'number')) {
				const s = String(v).trim();
				if (VERSION_RE.test(s)) return s;
			}
		}
		if (depth > 0) {
			for (const v of Object.values(o as IDataObject)) {
				const found = look(v, depth - 1);
				if (found) return found;
			}
		}
		return undefined;
	};
	return look(data, 1);
}

export function versionFinding(
	settings: { version?: string; why: string },
	subIds: number | string,
): Finding {
	const check = 'keitaro version';
	const hint =
		subIds === 15
			? '; the logs have 15 sub_id columns, like 9.x'
			: subIds === 30
				? '; the logs have 30 sub_id columns, like 10.x and later'
				: '';
	const evidence = `Admin API v1 (/admin_api/v1) answered the log requests; GET /settings ${settings.why}${hint}`;
	const meaning =
		'For the bug report. Nothing in the pack depends on the version: what differs between versions (sub_id columns, log times) is checked above.';
	return settings.version
		? { check, result: settings.version, evidence, confidence: OBSERVED, meaning }
		: {
				check,
				result: UNKNOWN,
				evidence,
				confidence: inconclusive('no endpoint of this Keitaro exposed its version (GET /settings is not in the API spec)'),
				meaning,
			};
}

export interface Timing {
	ms: number;
	rows?: number;
	ok: boolean;
}

/** Answer times of one endpoint: median of the answered requests, each listed. */
export function answerTimeFinding(endpoint: string, timings: Timing[]): Finding {
	const check = `answer time: ${endpoint}`;
	const answered = timings.filter((t) => t.ok);
	const failed = timings.length - answered.length;
	const sorted = answered.map((t) => t.ms).sort((a, b) => a - b);
	const most = Math.max(0, ...answered.map((t) => t.rows ?? 0));
	const evidence =
		`${answered.length} answered request${answered.length === 1 ? '' : 's'}: ${sorted.join(', ')} ms` +
		`; largest answer ${most} rows` +
		(failed ? `; ${failed} failed` : '') +
		' (times through n8n\'s request layer, retries included)';
	const meaning =
		'How long one log request takes from n8n. An idle poll of the Keitaro Trigger makes 1 (New Conversion) to about 3 (Status Changed) such requests; answers of several seconds call for a smaller Page Size or a longer poll interval.';
	if (!sorted.length) {
		return { check, result: UNKNOWN, evidence, confidence: inconclusive('no request was answered'), meaning };
	}
	const mid = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
	return { check, result: median, evidence, confidence: OBSERVED, meaning };
}

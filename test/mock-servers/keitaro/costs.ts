/**
 * Cost updates (docs §4.3) and stats cleanup (§2.11) of the Keitaro mock.
 *
 * Keitaro spreads a pushed cost over the clicks that match campaign + period + filters (equal
 * share per click) and stores nothing when no click matches; re-pushing overwrites the matched
 * clicks. The real endpoint is an async job; the mock applies it before answering so a report
 * right after the call already shows the cost.
 */
import { FLAG, SUB_ID_COUNT, type KeitaroState } from './store';
import { fromZoned, isValidTimeZone, parseCivil } from './time';

/** Allowed cost filter keys (docs §4.3 `FilterCostRequest`; sub_id_1..30 per live notes). */
export const COST_FILTER_KEYS = [
	'keyword',
	'cost',
	'currency',
	'external_id',
	'creative_id',
	'ad_campaign_id',
	'source',
	...Array.from({ length: SUB_ID_COUNT }, (_, i) => `sub_id_${i + 1}`),
];

/** Cost filter key → click dictionary field. */
const FILTER_FIELD: Record<string, string> = { cost: 'param_cost', currency: 'param_currency' };

export interface CostEntryInput {
	start_date?: unknown;
	end_date?: unknown;
	timezone?: unknown;
	cost?: unknown;
	currency?: unknown;
	filters?: unknown;
}

export interface ParsedCost {
	from: number;
	to: number;
	cost: number;
	currency: string;
	filters: Array<{ field: string; values: Set<string> }>;
}

/**
 * Checks one cost entry beyond the JSON schema (formats, timezone, filter keys) and converts it.
 * Problems are returned as messages (the caller keys them by field).
 */
export function parseCostEntry(
	entry: CostEntryInput,
	label: string,
): { ok: true; value: ParsedCost } | { ok: false; errors: string[] } {
	const errors: string[] = [];
	const tz = typeof entry.timezone === 'string' ? entry.timezone : '';
	if (!isValidTimeZone(tz))
		errors.push(`${label}timezone '${String(entry.timezone)}' is not a valid timezone`);
	const bound = (value: unknown, key: string, end: boolean): number | undefined => {
		const text = typeof value === 'string' ? value.trim() : '';
		const civil = parseCivil(text);
		if (!civil) {
			errors.push(`${label}${key} has incorrect format, expected "YYYY-MM-DD HH:MM"`);
			return undefined;
		}
		if (end) {
			// An end given to the minute (or day) includes the whole minute (or day).
			if (civil.dateOnly) Object.assign(civil, { h: 23, mi: 59, s: 59 });
			else if (!/\d{2}:\d{2}:\d{2}$/.test(text)) civil.s = 59;
		}
		return isValidTimeZone(tz) ? fromZoned(civil, tz) : 0;
	};
	const from = bound(entry.start_date, 'start_date', false);
	const to = bound(entry.end_date, 'end_date', true);
	if (from !== undefined && to !== undefined && to < from)
		errors.push(`${label}end_date is before start_date`);
	const costText =
		typeof entry.cost === 'string' ? entry.cost.trim().replace(',', '.') : String(entry.cost ?? '');
	const cost = Number(costText);
	if (costText === '' || !Number.isFinite(cost) || cost < 0)
		errors.push(`${label}cost '${String(entry.cost)}' is not a valid amount`);
	const currency = typeof entry.currency === 'string' ? entry.currency : '';
	if (!/^[A-Z]{3}$/.test(currency))
		errors.push(`${label}currency '${String(entry.currency)}' is not a valid currency code`);
	const filters: ParsedCost['filters'] = [];
	if (entry.filters !== undefined && entry.filters !== null) {
		if (typeof entry.filters !== 'object' || Array.isArray(entry.filters)) {
			// PHP decodes `[]` to an empty array: accept it as "no filters".
			if (!(Array.isArray(entry.filters) && entry.filters.length === 0))
				errors.push(`${label}filters must be an object`);
		} else {
			for (const [key, value] of Object.entries(entry.filters as Record<string, unknown>)) {
				if (!COST_FILTER_KEYS.includes(key)) {
					errors.push(
						`${label}filters: unknown key '${key}'. Allowed keys: ${COST_FILTER_KEYS.join(', ')}`,
					);
					continue;
				}
				if (typeof value !== 'string') {
					errors.push(`${label}filters.${key} must be a string (comma-separated values allowed)`);
					continue;
				}
				const values = new Set(
					value
						.split(',')
						.map((v) => v.trim())
						.filter((v) => v !== ''),
				);
				if (values.size > 0) filters.push({ field: FILTER_FIELD[key] ?? key, values });
			}
		}
	}
	if (errors.length > 0 || from === undefined || to === undefined) return { ok: false, errors };
	return { ok: true, value: { from, to, cost, currency, filters } };
}

/**
 * Spreads `entry.cost` equally over the matching clicks of `campaignIds`. With
 * `onlyCampaignUniques` only campaign-unique clicks share the cost and the matched non-unique
 * clicks are set to 0 (the whole period is re-costed). Returns the number of clicks costed;
 * 0 means the cost was dropped, as Keitaro does.
 */
export function spreadCost(
	state: KeitaroState,
	campaignIds: number[],
	entry: ParsedCost,
	onlyCampaignUniques: boolean,
): number {
	const ck = state.clicks;
	const campaigns = new Set(campaignIds);
	const filterCols = entry.filters.map((f) => ({
		col: ck.dictCols.get(f.field),
		values: f.values,
	}));
	const matched: number[] = [];
	const index = ck.index;
	const lo = index.lowerBound(entry.from);
	const hi = index.upperBound(entry.to);
	outer: for (let i = lo; i < hi; i++) {
		const r = index.order[i];
		if (!campaigns.has(ck.campaign[r])) continue;
		for (const { col, values } of filterCols) {
			const value = col ? state.dict.get(col[r]) : '';
			if (!values.has(value)) continue outer;
		}
		matched.push(r);
	}
	const payers = onlyCampaignUniques
		? matched.filter((r) => (ck.flags[r] & FLAG.UNIQUE_CAMPAIGN) !== 0)
		: matched;
	if (payers.length === 0) return 0;
	const share = entry.cost / payers.length;
	for (const r of matched) ck.cost[r] = 0;
	for (const r of payers) ck.cost[r] = share;
	state.touch();
	return payers.length;
}

/** `POST /clicks/clean`: removes the clicks (and their conversions) of a period from stats. */
export function cleanClicks(
	state: KeitaroState,
	from: number,
	to: number,
	campaignId?: number,
): number {
	const ck = state.clicks;
	let n = 0;
	for (let r = 0; r < ck.n; r++) {
		if (ck.time[r] < from || ck.time[r] > to) continue;
		if (campaignId && ck.campaign[r] !== campaignId) continue;
		if ((ck.flags[r] & FLAG.CLEANED) === 0) {
			ck.flags[r] |= FLAG.CLEANED;
			n++;
		}
	}
	if (n > 0) {
		state.rebuildIndexes();
		state.touch();
	}
	return n;
}

import type { IDataObject } from 'n8n-workflow';

import type { KeitaroFilter } from '../shared';
import { idText, num, round2 } from './common';
import type { SyncEntry } from './spendRows';

/** Clicks and cost Keitaro shows for a cost entry's ID and period. */
export interface Observed {
	clicks: number;
	cost: number;
}

/** One `report/build` request of a readback and the entries it covers. */
export interface ReadbackQuery {
	body: IDataObject;
	entries: SyncEntry[];
	byDay: boolean;
	matchKey: string;
	measure: string;
}

function daysBetween(first: string, last: string): string[] {
	const out: string[] = [];
	const d = new Date(`${first}T00:00:00Z`);
	const end = new Date(`${last}T00:00:00Z`).getTime();
	while (d.getTime() <= end && out.length < 3700) {
		out.push(d.toISOString().slice(0, 10));
		d.setUTCDate(d.getUTCDate() + 1);
	}
	return out;
}

export function dayCount(e: SyncEntry): number {
	const r = e.rows[0];
	return r.wholeDays ? daysBetween(r.startDay, r.endDay).length : 1;
}

/**
 * The reports that read back what Keitaro holds for the entries: entries sharing time zone,
 * campaigns and match key are read together, whole days with one report grouped by day and ID
 * over the whole window, other periods with one report per distinct period.
 */
export function readbackQueries(entries: SyncEntry[]): ReadbackQuery[] {
	const groups = new Map<string, SyncEntry[]>();
	for (const e of entries) {
		const r = e.rows[0];
		const key = JSON.stringify([
			r.timezone,
			r.campaignIds,
			r.matchKey,
			r.onlyCampaignUniques,
			r.wholeDays ? 'days' : [r.start_date, r.end_date],
		]);
		const list = groups.get(key);
		if (list) list.push(e);
		else groups.set(key, [e]);
	}
	const queries: ReadbackQuery[] = [];
	for (const list of groups.values()) {
		const r = list[0].rows[0];
		const measure = r.onlyCampaignUniques ? 'campaign_unique_clicks' : 'clicks';
		const values = [...new Set(list.map((e) => e.rows[0].adNetworkId))];
		const filters: KeitaroFilter[] = [
			{ name: 'campaign_id', operator: 'IN_LIST', expression: r.campaignIds },
			{ name: r.matchKey, operator: 'IN_LIST', expression: values },
		];
		const range: IDataObject = r.wholeDays
			? {
					from: list.map((e) => e.rows[0].startDay).sort()[0],
					to: list
						.map((e) => e.rows[0].endDay)
						.sort()
						.reverse()[0],
					timezone: r.timezone,
				}
			: { from: r.start_date, to: r.end_date, timezone: r.timezone };
		queries.push({
			body: {
				range,
				dimensions: r.wholeDays ? ['day', r.matchKey] : [r.matchKey],
				measures: [measure, 'cost'],
				filters,
			},
			entries: list,
			byDay: r.wholeDays,
			matchKey: r.matchKey,
			measure,
		});
	}
	return queries;
}

/** Sums the report rows of a query into the clicks and cost of each of its entries. */
export function observe(
	query: ReadbackQuery,
	rows: IDataObject[],
	into: Map<SyncEntry, Observed>,
): void {
	const cells = new Map<string, Observed>();
	for (const row of rows) {
		const id = idText(row[query.matchKey]);
		const day = query.byDay ? String(row.day ?? '').slice(0, 10) : '';
		const key = `${day}|${id}`;
		const cell = cells.get(key) ?? { clicks: 0, cost: 0 };
		cell.clicks += num(row[query.measure]);
		cell.cost += num(row.cost);
		cells.set(key, cell);
	}
	for (const e of query.entries) {
		const r = e.rows[0];
		const days = query.byDay ? daysBetween(r.startDay, r.endDay) : [''];
		const sum: Observed = { clicks: 0, cost: 0 };
		for (const day of days) {
			const cell = cells.get(`${day}|${r.adNetworkId}`);
			if (!cell) continue;
			sum.clicks += cell.clicks;
			sum.cost += cell.cost;
		}
		into.set(e, { clicks: sum.clicks, cost: round2(sum.cost) });
	}
}

export type EntryStatus = 'matched' | 'no clicks' | 'converted' | 'mismatch';

/** Allowed difference: the option, or half a cent per day summed (the report rounds each day). */
export function toleranceFor(e: SyncEntry, option: number): number {
	return Math.max(option, 0.006 * dayCount(e));
}

export function judge(e: SyncEntry, seen: Observed | undefined, tolerance: number): EntryStatus {
	if (!seen || seen.clicks <= 0) return 'no clicks';
	if (e.rows[0].currencyMismatch) return 'converted';
	return Math.abs(seen.cost - e.spend) <= toleranceFor(e, tolerance) ? 'matched' : 'mismatch';
}

/**
 * Whether the readback has settled: every comparable entry with clicks matches, or (when none is
 * comparable) two reads in a row gave the same numbers.
 */
export function isSettled(
	entries: SyncEntry[],
	now: Map<SyncEntry, Observed>,
	previous: Map<SyncEntry, Observed> | undefined,
	tolerance: number,
): boolean {
	const statuses = entries.map((e) => judge(e, now.get(e), tolerance));
	if (statuses.includes('mismatch')) return false;
	if (!statuses.includes('converted')) return true;
	if (!previous) return false;
	return entries.every((e) => {
		const a = now.get(e);
		const b = previous.get(e);
		return (a?.clicks ?? 0) === (b?.clicks ?? 0) && (a?.cost ?? 0) === (b?.cost ?? 0);
	});
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quote } from '../../../shared/validation';
import type { CostEntry } from '../cost/entry';
import { formatCost, parseCampaignIds } from '../cost/entry';
import type { WallClock } from '../shared';
import {
	formatDate,
	formatDateTime,
	isValidTimezone,
	parseWallClock,
	wallClockKey,
} from '../shared';
import { getField, idText, isCurrencyCode, upperCurrency } from './common';

/** One input item (an ad-network spend row), read and validated. */
export interface SpendRow {
	itemIndex: number;
	adNetworkId: string;
	matchKey: string;
	campaignIds: number[];
	wholeDays: boolean;
	/** First and last day (whole days), as 'YYYY-MM-DD'. */
	startDay: string;
	endDay: string;
	start_date: string;
	end_date: string;
	/** Time zone sent to Keitaro. */
	timezone: string;
	/** Time zone the row says it is in (null: none). */
	inputTimezone: string | null;
	timezoneMismatch: boolean;
	/** Currency sent to Keitaro. */
	currency: string;
	inputCurrency: string | null;
	trackerCurrency: string;
	currencyMismatch: boolean;
	spend: number;
	onlyCampaignUniques: boolean;
	warnings: string[];
}

/** Spend rows with the same ID, campaigns, period, time zone and currency, pushed as one cost. */
export interface SyncEntry {
	rows: SpendRow[];
	/** The cost entry as sent (`costs[]` element of POST /clicks/update_costs). */
	cost: CostEntry;
	spend: number;
}

export interface SpendFieldSettings {
	idField: string;
	spendField: string;
	dateField: string;
	endDateField: string;
	timezoneField: string;
	currencyField: string;
}

function fail(ctx: IExecuteFunctions, i: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

function str(ctx: IExecuteFunctions, name: string, i: number, fallback: string): string {
	const v = ctx.getNodeParameter(name, i, fallback) as unknown;
	return v === undefined || v === null ? fallback : String(v).trim();
}

export function readFieldSettings(ctx: IExecuteFunctions, i: number): SpendFieldSettings {
	return {
		idField: str(ctx, 'idField', i, 'adset_id'),
		spendField: str(ctx, 'spendField', i, 'spend'),
		dateField: str(ctx, 'dateField', i, 'date'),
		endDateField: str(ctx, 'endDateField', i, ''),
		timezoneField: str(ctx, 'timezoneField', i, 'timezone'),
		currencyField: str(ctx, 'currencyField', i, 'currency'),
	};
}

/** Reads and checks input item `i` (no request is made). */
export function readSpendRow(
	ctx: IExecuteFunctions,
	i: number,
	json: IDataObject,
	onlyCampaignUniques: boolean,
): SpendRow {
	const f = readFieldSettings(ctx, i);
	const warnings: string[] = [];
	if (!f.idField) fail(ctx, i, 'Ad-Network ID Field is empty');
	if (!f.spendField) fail(ctx, i, 'Spend Field is empty');
	if (!f.dateField) fail(ctx, i, 'Date Field is empty');

	const matchKey = str(ctx, 'matchKey', i, 'sub_id_2');
	const campaignIds = parseCampaignIds(ctx, ctx.getNodeParameter('campaignIds', i, ''), i);

	const rawId = getField(json, f.idField);
	const adNetworkId = idText(rawId);
	if (typeof rawId === 'number' && !Number.isSafeInteger(rawId)) {
		warnings.push(
			`The ID in "${f.idField}" arrived as a number too large to be exact (${adNetworkId}); make the ad-network node return IDs as text`,
		);
	}
	if (!adNetworkId) {
		fail(
			ctx,
			i,
			`The item has no ad-network ID in "${f.idField}"`,
			'Set Ad-Network ID Field to the field holding the campaign, ad set or ad ID of the spend row.',
		);
	}
	if (adNetworkId.includes(',')) {
		fail(
			ctx,
			i,
			`Ad-network ID "${adNetworkId}" contains a comma`,
			'Keitaro reads a comma in a cost filter as a list of values.',
		);
	}
	const rawSpend = getField(json, f.spendField);
	if (rawSpend === undefined || rawSpend === null || rawSpend === '') {
		fail(ctx, i, `The item has no spend in "${f.spendField}"`);
	}
	const spend = Number(formatCost(ctx, rawSpend, i));

	// Period
	const rawStart = getField(json, f.dateField);
	const start = parseWallClock(rawStart);
	if (!start) {
		fail(
			ctx,
			i,
			`"${f.dateField}" is ${rawStart === undefined ? 'missing' : `"${String(rawStart)}"`}: a date is required`,
			'Use YYYY-MM-DD (a whole day) or YYYY-MM-DD HH:MM:SS with an End Date Field.',
		);
	}
	let end: WallClock | undefined;
	if (f.endDateField) {
		const rawEnd = getField(json, f.endDateField);
		if (rawEnd !== undefined && rawEnd !== null && rawEnd !== '') {
			end = parseWallClock(rawEnd);
			if (!end) fail(ctx, i, `"${f.endDateField}" is "${String(rawEnd)}": not a date`);
		}
	}
	const wholeDays = start.dateOnly && (!end || end.dateOnly);
	let start_date: string;
	let end_date: string;
	let startDay = formatDate(start);
	let endDay = formatDate(end ?? start);
	if (wholeDays) {
		if (wallClockKey({ ...(end ?? start), h: 23, mi: 59, s: 59 }) < wallClockKey(start)) {
			fail(ctx, i, `The end date ${endDay} is before the start date ${startDay}`);
		}
		start_date = `${startDay} 00:00:00`;
		end_date = `${endDay} 23:59:59`;
	} else {
		if (!end) {
			fail(
				ctx,
				i,
				`"${f.dateField}" has a time of day but the item has no end`,
				'Set End Date Field to the field holding the end of the period, or use dates without a time.',
			);
		}
		if (wallClockKey(end) <= wallClockKey(start)) {
			fail(
				ctx,
				i,
				`The end ${formatDateTime(end)} is not after the start ${formatDateTime(start)}`,
			);
		}
		start_date = formatDateTime(start);
		end_date = formatDateTime(end);
		startDay = formatDate(start);
		endDay = formatDate(end);
	}

	// Time zone
	const tzParam = str(ctx, 'timezone', i, '');
	const rawTz = getField(json, f.timezoneField);
	const inputTimezone =
		f.timezoneField && rawTz !== undefined && rawTz !== null && String(rawTz).trim() !== ''
			? String(rawTz).trim()
			: null;
	const timezone = tzParam || inputTimezone || ctx.getTimezone() || 'UTC';
	if (!isValidTimezone(timezone)) {
		fail(
			ctx,
			i,
			`Time zone ${quote(timezone)} is not a valid time zone`,
			tzParam
				? 'Use an IANA name such as Europe/Madrid or UTC.'
				: `It comes from "${f.timezoneField}" of the item; set Timezone to send another one.`,
		);
	}
	const timezoneMismatch = !!tzParam && !!inputTimezone && inputTimezone !== tzParam;
	if (timezoneMismatch) {
		warnings.push(
			`The row is in ${inputTimezone} but ${tzParam} is sent: the spend is put on the clicks of a shifted period`,
		);
	}

	// Currency
	const trackerCurrency = upperCurrency(ctx.getNodeParameter('trackerCurrency', i, ''));
	if (!isCurrencyCode(trackerCurrency)) {
		fail(
			ctx,
			i,
			trackerCurrency
				? `Tracker Currency ${quote(trackerCurrency)} is not an ISO 4217 currency code such as USD, EUR or GBP`
				: 'Tracker Currency is empty',
			'Enter the currency Keitaro reports in (its settings), e.g. USD.',
		);
	}
	const rawCurrency = f.currencyField ? upperCurrency(getField(json, f.currencyField)) : '';
	const inputCurrency = rawCurrency || null;
	const fallback = upperCurrency(ctx.getNodeParameter('currency', i, ''));
	const currency = inputCurrency ?? (fallback || trackerCurrency);
	if (!isCurrencyCode(currency)) {
		fail(
			ctx,
			i,
			`Currency ${quote(currency)} is not an ISO 4217 currency code such as USD, EUR or GBP`,
		);
	}
	const currencyMismatch = currency !== trackerCurrency;
	if (currencyMismatch) {
		warnings.push(
			`The spend is in ${currency} and Keitaro reports in ${trackerCurrency}: Keitaro converts it at its own rate, so the readback is not compared with the spend`,
		);
	}

	return {
		itemIndex: i,
		adNetworkId,
		matchKey,
		campaignIds,
		wholeDays,
		startDay,
		endDay,
		start_date,
		end_date,
		timezone,
		inputTimezone,
		timezoneMismatch,
		currency,
		inputCurrency,
		trackerCurrency,
		currencyMismatch,
		spend,
		onlyCampaignUniques,
		warnings,
	};
}

/** A non-negative amount as the string Keitaro takes, without float noise. */
export function amountText(n: number): string {
	return (Math.round(n * 1e6) / 1e6).toFixed(6).replace(/\.?0+$/, '');
}

/**
 * Groups rows that Keitaro would apply to the same clicks (same ID, campaigns, period, time zone
 * and currency): a second cost for the same clicks would overwrite the first, so they are summed.
 */
export function mergeRows(rows: SpendRow[]): SyncEntry[] {
	const byKey = new Map<string, SyncEntry>();
	for (const r of rows) {
		const key = JSON.stringify([
			r.campaignIds,
			r.matchKey,
			r.adNetworkId,
			r.start_date,
			r.end_date,
			r.timezone,
			r.currency,
			r.onlyCampaignUniques,
		]);
		const entry = byKey.get(key);
		if (entry) {
			entry.rows.push(r);
			entry.spend += r.spend;
			entry.cost.cost = amountText(entry.spend);
			continue;
		}
		byKey.set(key, {
			rows: [r],
			spend: r.spend,
			cost: {
				itemIndex: r.itemIndex,
				method: 'bulk',
				campaignIds: r.campaignIds,
				start_date: r.start_date,
				end_date: r.end_date,
				timezone: r.timezone,
				currency: r.currency,
				cost: amountText(r.spend),
				filters: { [r.matchKey]: r.adNetworkId },
				onlyCampaignUniques: r.onlyCampaignUniques,
			},
		});
	}
	const entries = [...byKey.values()];
	flagOverlaps(entries);
	return entries;
}

/** Periods of the same ID that overlap without being equal: the later push overwrites the earlier. */
function flagOverlaps(entries: SyncEntry[]): void {
	const groups = new Map<string, SyncEntry[]>();
	for (const e of entries) {
		const r = e.rows[0];
		const key = JSON.stringify([r.campaignIds, r.matchKey, r.adNetworkId, r.timezone]);
		const list = groups.get(key);
		if (list) list.push(e);
		else groups.set(key, [e]);
	}
	for (const list of groups.values()) {
		for (let a = 0; a < list.length; a++) {
			for (let b = a + 1; b < list.length; b++) {
				const x = list[a].cost;
				const y = list[b].cost;
				if (x.start_date <= y.end_date && y.start_date <= x.end_date) {
					const msg = (other: SyncEntry) =>
						`Its period overlaps the row of item ${other.rows[0].itemIndex} for the same ID: Keitaro keeps only the cost pushed last on the shared clicks`;
					for (const r of list[a].rows) r.warnings.push(msg(list[b]));
					for (const r of list[b].rows) r.warnings.push(msg(list[a]));
				}
			}
		}
	}
}

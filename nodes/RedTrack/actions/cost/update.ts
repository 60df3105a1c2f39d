import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { ActionOperation } from '../../../shared/actions';
import { errorJson, parseAnswer, rethrowForItem } from '../../../shared/actions';
import type { CostStatus, WallTime } from '../../../shared/cost';
import { quote } from '../../../shared/validation';
import {
	checkCurrencyCode,
	checkCurrency,
	checkZone,
	describeDuration,
	formatDay,
	isValidZone,
	judgeCost,
	lostSpendWarning,
	num,
	parseWallTime,
	queueNotice,
	round2,
	upperCurrency,
	wallKey,
} from '../../../shared/cost';
import { normalizeZone } from '../../trigger/settings';
import {
	COST_RATE,
	TRACKER,
	accountCurrency,
	executionState,
	rtRequest,
	workingZone,
} from '../common';
import { currencyField, timeZoneField } from '../../../shared/options';

const CALL = 'POST /tracks/cost';
const pad = (n: number) => String(n).padStart(2, '0');
const fmt = (t: WallTime) => `${formatDay(t)} ${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}`;

interface Row {
	index: number;
	campaignId: string;
	cost: number;
	currency: string;
	time_from: string;
	time_to: string;
	wholeDays: boolean;
	dayFrom: string;
	dayTo: string;
	country: string;
	subName: string;
	subValue: string;
	spendZone: string | null;
	warnings: string[];
}

interface Entry {
	rows: Row[];
	cost: number;
	qs: IDataObject;
	request?: number;
	status: CostStatus;
	error?: IDataObject;
	seen?: { clicks: number; cost: number };
}

function fail(ctx: IExecuteFunctions, i: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/**
 * The inputs an item states itself (currency, spend time zone, dates), checked before the account is
 * read: a bad value is refused before any request. readRow checks them again, with the account's
 * defaults filled in.
 */
function precheckRow(ctx: IExecuteFunctions, i: number): void {
	const rawCurrency = upperCurrency(ctx.getNodeParameter('currency', i, ''));
	if (rawCurrency) {
		const checked = checkCurrencyCode(rawCurrency, 'Currency');
		if (!checked.ok) fail(ctx, i, checked.message);
	}
	const rawZone = String(ctx.getNodeParameter('spendTimezone', i, '') ?? '').trim();
	const spendZone = rawZone ? (normalizeZone(rawZone) ?? null) : null;
	if (rawZone && (!spendZone || !isValidZone(spendZone)))
		fail(ctx, i, `Spend Time Zone ${quote(rawZone)} is not a valid time zone`);
	for (const [name, label] of [
		['dateFrom', 'Start'],
		['dateTo', 'End'],
	] as const) {
		const raw = ctx.getNodeParameter(name, i, '') as unknown;
		if (raw !== '' && raw !== undefined && raw !== null && !parseWallTime(raw))
			fail(ctx, i, `${label} ${quote(raw)} is not a date`);
	}
}

function readRow(ctx: IExecuteFunctions, i: number, accountCur: string | null): Row {
	const campaignId = String(ctx.getNodeParameter('campaignId', i, '') ?? '').trim();
	if (!/^[A-Za-z0-9_-]+$/.test(campaignId)) {
		fail(
			ctx,
			i,
			campaignId ? `Campaign ID "${campaignId}" is not a RedTrack ID` : 'Campaign ID is empty',
		);
	}
	const rawCost = ctx.getNodeParameter('cost', i, '') as unknown;
	const cost = typeof rawCost === 'number' ? rawCost : Number(String(rawCost ?? '').trim());
	if (rawCost === '' || rawCost === null || !Number.isFinite(cost) || cost < 0) {
		fail(ctx, i, `Cost "${String(rawCost)}" is not an amount of 0 or more`);
	}
	const rawFrom = ctx.getNodeParameter('dateFrom', i, '') as unknown;
	const rawTo = ctx.getNodeParameter('dateTo', i, '') as unknown;
	const from = parseWallTime(rawFrom);
	if (!from || from.offset) {
		fail(
			ctx,
			i,
			`Start ${quote(rawFrom)} is not a date`,
			'Use YYYY-MM-DD (whole days) or YYYY-MM-DD HH:MM:SS, without an offset: RedTrack reads it in the account time zone.',
		);
	}
	const to =
		rawTo === '' || rawTo === undefined || rawTo === null ? undefined : parseWallTime(rawTo);
	if ((rawTo !== '' && rawTo !== undefined && rawTo !== null && !to) || to?.offset) {
		fail(ctx, i, `End ${quote(rawTo)} is not a date`);
	}
	const wholeDays = from.dateOnly && (!to || to.dateOnly);
	let time_from: string;
	let time_to: string;
	const dayFrom = formatDay(from);
	const dayTo = formatDay(to ?? from);
	if (wholeDays) {
		if (dayTo < dayFrom) fail(ctx, i, `The end date ${dayTo} is before the start date ${dayFrom}`);
		time_from = `${dayFrom} 00:00:00`;
		time_to = `${dayTo} 23:59:59`;
	} else {
		if (!to)
			fail(
				ctx,
				i,
				'The start has a time of day but End is empty',
				'Set End to the end of the period, or use dates without a time.',
			);
		if (wallKey(to) <= wallKey(from))
			fail(ctx, i, `The end ${fmt(to)} is not after the start ${fmt(from)}`);
		time_from = fmt(from);
		time_to = fmt(to);
	}
	let currency = upperCurrency(ctx.getNodeParameter('currency', i, '')) || accountCur || '';
	if (currency) {
		const checkedCurrency = checkCurrencyCode(currency, 'Currency');
		if (!checkedCurrency.ok) fail(ctx, i, checkedCurrency.message);
		currency = checkedCurrency.value;
	}
	const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	const country = upperCurrency(filters.countryCode ?? '');
	if (country && !/^[A-Z]{2}$/.test(country))
		fail(ctx, i, `Country Code "${country}" is not a 2-letter country code`);
	const subName = String(filters.subName ?? '').trim();
	const subValue = String(filters.subValue ?? '').trim();
	if (subName && !/^sub([1-9]|1[0-9]|20)$/.test(subName))
		fail(ctx, i, `Sub Name "${subName}" must be sub1 … sub20`);
	if (!!subName !== !!subValue)
		fail(ctx, i, 'Sub Name and Sub Value go together: set both or neither');
	const rawZone = String(ctx.getNodeParameter('spendTimezone', i, '') ?? '').trim();
	const spendZone = rawZone ? (normalizeZone(rawZone) ?? null) : null;
	if (rawZone && (!spendZone || !isValidZone(spendZone)))
		fail(ctx, i, `Spend Time Zone ${quote(rawZone)} is not a valid time zone`);
	return {
		index: i,
		campaignId,
		cost,
		currency,
		time_from,
		time_to,
		wholeDays,
		dayFrom,
		dayTo,
		country,
		subName,
		subValue,
		spendZone,
		warnings: [],
	};
}

/** Rows that would set the same cost (same campaign, filter, period, currency) are summed. */
function merge(rows: Row[]): Entry[] {
	const byKey = new Map<string, Entry>();
	for (const r of rows) {
		const key = JSON.stringify([
			r.campaignId,
			r.country,
			r.subName,
			r.subValue,
			r.time_from,
			r.time_to,
			r.currency,
		]);
		const e = byKey.get(key);
		if (e) {
			e.rows.push(r);
			e.cost += r.cost;
			continue;
		}
		byKey.set(key, { rows: [r], cost: r.cost, qs: {}, status: 'sent' });
	}
	const entries = [...byKey.values()];
	for (const e of entries) {
		const r = e.rows[0];
		e.cost = round2(e.cost);
		e.qs = { time_from: r.time_from, time_to: r.time_to, cost: e.cost, campaign_id: r.campaignId };
		if (r.currency) e.qs.currency = r.currency;
		if (r.country) e.qs.country_code = r.country;
		if (r.subName) {
			e.qs.sub_name = r.subName;
			e.qs.sub_value = r.subValue;
		}
		if (e.rows.length > 1) {
			for (const x of e.rows)
				x.warnings.push(
					`${e.rows.length} input rows have the same campaign, filter and period: their spend was summed into one cost (a second cost would replace the first)`,
				);
		}
	}
	// Overlapping, unequal periods of the same campaign and filter: the later upload replaces the shared part.
	for (let a = 0; a < entries.length; a++) {
		for (let b = a + 1; b < entries.length; b++) {
			const x = entries[a].rows[0];
			const y = entries[b].rows[0];
			if (
				x.campaignId !== y.campaignId ||
				x.country !== y.country ||
				x.subName !== y.subName ||
				x.subValue !== y.subValue
			)
				continue;
			if (
				x.time_from <= y.time_to &&
				y.time_from <= x.time_to &&
				!(x.time_from === y.time_from && x.time_to === y.time_to)
			) {
				for (const r of entries[a].rows)
					r.warnings.push(
						`Its period overlaps the row of item ${y.index}: RedTrack keeps the cost uploaded last on the shared time`,
					);
				for (const r of entries[b].rows)
					r.warnings.push(
						`Its period overlaps the row of item ${x.index}: RedTrack keeps the cost uploaded last on the shared time`,
					);
			}
		}
	}
	return entries;
}

const reportSchema = z.array(z.object({}).passthrough());

async function readBack(
	ctx: IExecuteFunctions,
	e: Entry,
	zone: string,
): Promise<{ clicks: number; cost: number }> {
	const r = e.rows[0];
	// /report has no country filter (spec): group by country and take the row of the country.
	const qs: IDataObject = {
		group: r.country ? 'campaign,country' : 'campaign',
		date_from: r.dayFrom,
		date_to: r.dayTo,
		timezone: zone,
		campaign_id: r.campaignId,
		per: 1000,
	};
	if (r.subName) qs[r.subName] = r.subValue;
	const body = await rtRequest(ctx, 'GET', '/report', { qs, itemIndex: r.index });
	const rows = parseAnswer(ctx, reportSchema, body, {
		tracker: TRACKER,
		call: 'GET /report',
		itemIndex: r.index,
	});
	let clicks = 0;
	let cost = 0;
	for (const row of rows as IDataObject[]) {
		if (row.campaign_id !== undefined && String(row.campaign_id) !== r.campaignId) continue;
		if (r.country && String(row.country ?? '').toUpperCase() !== r.country) continue;
		clicks += num(row.clicks);
		cost += num(row.cost);
	}
	return { clicks, cost: round2(cost) };
}

/**
 * Cost → Update: POST /tracks/cost, all parameters in the query (spec). RedTrack allows 1 request
 * per minute, so the rows of one execution are merged and queued: the node waits between requests
 * instead of being refused, says up front how long that takes, and refuses to start when it would
 * take longer than Max Wait. Whole-day rows are read back (GET /report) and judged like Keitaro's
 * Sync Costs; a campaign without clicks in the period is flagged lostSpend.
 */
export const update: ActionOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Upload ad spend as campaign cost (1 request per minute, queued)',
		action: 'Update campaign costs',
	},
	write: true,
	calls: [CALL, 'GET /report', 'GET /me/settings'],
	properties: [
		{
			displayName:
				'One input item per spend row. RedTrack accepts 1 cost request per minute: rows with the same campaign, filter and period are merged, and the node waits between requests (the output says how long it took).',
			name: 'costNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Campaign ID',
			name: 'campaignId',
			type: 'string',
			default: '',
			required: true,
			description:
				'RedTrack campaign the spend belongs to (use an expression to take it from the item)',
		},
		{
			displayName: 'Cost',
			name: 'cost',
			type: 'number',
			typeOptions: { numberPrecision: 2, minValue: 0 },
			default: 0,
			description: 'Amount spent in the period',
		},
		{
			displayName: 'Start',
			name: 'dateFrom',
			type: 'string',
			default: '',
			required: true,
			placeholder: '2025-06-15',
			description:
				'Day (YYYY-MM-DD, whole days) or start time (YYYY-MM-DD HH:MM:SS) in the account time zone',
		},
		{
			displayName: 'End',
			name: 'dateTo',
			type: 'string',
			default: '',
			placeholder: '2025-06-15',
			description: 'Last day (included) or end time. Empty for a single day.',
		},
		currencyField({
			displayName: 'Currency',
			name: 'currency',
			emptyLabel: 'Account Currency',
			default: '',
			description: 'Currency of the spend. Empty: the account currency.',
		}),
		timeZoneField({
			displayName: 'Spend Time Zone',
			name: 'spendTimezone',
			emptyLabel: 'Not Set',
			default: '',
			description:
				'Time zone the ad network reports the spend in. When it differs from the account time zone the row is flagged timezoneMismatch.',
		}),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Country Code',
					name: 'countryCode',
					type: 'string',
					default: '',
					placeholder: 'US',
				},
				{
					displayName: 'Sub Name',
					name: 'subName',
					type: 'string',
					default: '',
					placeholder: 'sub2',
				},
				{ displayName: 'Sub Value', name: 'subValue', type: 'string', default: '' },
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Dry Run',
					name: 'dryRun',
					type: 'boolean',
					default: false,
					description:
						'Whether to send nothing and only show what would be sent and how long it would take',
				},
				{
					displayName: 'Max Wait (Minutes)',
					name: 'maxWaitMinutes',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 0 },
					default: 30,
					description:
						'Refuse to start (sending nothing) when the queue would take longer than this',
				},
				{
					displayName: 'Read Back Costs',
					name: 'readback',
					type: 'boolean',
					default: true,
					description: 'Whether to read whole-day costs back from the report and compare them',
				},
				{
					displayName: 'Tolerance',
					name: 'tolerance',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 4 },
					default: 0.01,
					description:
						'Difference between uploaded spend and RedTrack cost still counted as a match',
				},
			],
		},
	],
	async executeBatch(this: IExecuteFunctions, indexes: number[]): Promise<INodeExecutionData[]> {
		const out: INodeExecutionData[] = [];
		const first = indexes[0];
		const o = this.getNodeParameter('options', first, {}) as IDataObject;
		const dryRun = o.dryRun === true;
		const readback = o.readback !== false;
		const maxWaitMs = Number(o.maxWaitMinutes ?? 30) * 60_000;
		const tolerance = Number(o.tolerance ?? 0.01);
		let zone: string;
		let accountCur: string | null;
		if (!this.continueOnFail()) for (const i of indexes) precheckRow(this, i);
		try {
			zone = await workingZone(this, first);
			accountCur = await accountCurrency(this, first);
		} catch (error) {
			rethrowForItem(this, error, first);
		}
		const rows: Row[] = [];
		for (const i of indexes) {
			try {
				rows.push(readRow(this, i, accountCur));
			} catch (error) {
				if (!this.continueOnFail()) rethrowForItem(this, error, i);
				out.push({
					json: { status: 'invalid', success: false, ...errorJson(error) },
					pairedItem: { item: i },
				});
			}
		}
		const entries = merge(rows);
		const queue = executionState(this).costQueue;
		const estimate = queue.estimateMs(entries.length);
		const notice = queueNotice(entries.length, COST_RATE, estimate);
		if (!dryRun && estimate > maxWaitMs) {
			throw new NodeOperationError(
				this.getNode(),
				`${entries.length} cost requests need about ${describeDuration(estimate)} at RedTrack's ${COST_RATE.label}, more than Max Wait (${describeDuration(maxWaitMs)}); nothing was sent`,
				{
					itemIndex: first,
					description:
						'Merge rows before this node (e.g. one row per campaign and day), split the input over several executions, or raise Max Wait.',
				},
			);
		}
		this.logger?.info(`RedTrack costs: ${notice}`);
		for (const [n, e] of entries.entries()) {
			e.request = n + 1;
			if (dryRun) {
				e.status = 'dry run';
				continue;
			}
			try {
				await rtRequest(this, 'POST', '/tracks/cost', {
					qs: e.qs,
					itemIndex: e.rows[0].index,
					idempotent: true,
				});
				e.status = 'sent';
			} catch (error) {
				if (!this.continueOnFail()) rethrowForItem(this, error, e.rows[0].index);
				e.status = 'failed';
				e.error = errorJson(error);
			}
		}
		if (readback && !dryRun) {
			for (const e of entries) {
				if (e.status !== 'sent') continue;
				if (!e.rows[0].wholeDays) {
					e.status = 'not read back';
					continue;
				}
				try {
					e.seen = await readBack(this, e, zone);
					e.status = judgeCost(
						e.cost,
						e.seen,
						checkCurrency(e.rows[0].currency, accountCur, TRACKER).currencyMismatch,
						Math.max(tolerance, 0.006 * e.rows.length),
					);
				} catch (error) {
					if (!this.continueOnFail()) rethrowForItem(this, error, e.rows[0].index);
					e.error = { readbackError: errorJson(error).error as string };
				}
			}
		}
		const waitedSeconds = Math.round(queue.waitedMs / 1000);
		for (const e of entries) {
			for (const r of e.rows) {
				const zoneCheck = checkZone(zone, r.spendZone, TRACKER);
				const cur = checkCurrency(r.currency, accountCur, TRACKER);
				const warnings = [...r.warnings];
				if (zoneCheck.warning) warnings.push(zoneCheck.warning);
				if (cur.warning) warnings.push(cur.warning);
				const lost = e.status === 'no clicks';
				if (lost) warnings.push(lostSpendWarning(TRACKER));
				const json: IDataObject = {
					status: e.status,
					success:
						e.status === 'dry run'
							? null
							: e.status !== 'failed' && e.status !== 'no clicks' && e.status !== 'mismatch',
					campaign_id: r.campaignId,
					time_from: r.time_from,
					time_to: r.time_to,
					timezone: zone,
					spendTimezone: r.spendZone,
					timezoneMismatch: zoneCheck.timezoneMismatch,
					currency: r.currency || null,
					accountCurrency: accountCur,
					currencyMismatch: cur.currencyMismatch,
					spend: r.cost,
					pushedSpend: e.cost,
					mergedRows: e.rows.length,
					redtrackClicks: e.seen ? e.seen.clicks : null,
					redtrackCost: e.seen ? e.seen.cost : null,
					difference: e.seen && !cur.currencyMismatch ? round2(e.seen.cost - e.cost) : null,
					lostSpend: lost,
					request: e.request ?? null,
					requests: entries.length,
					queue: notice,
					waitedSeconds,
					warnings,
				};
				if (e.status === 'dry run') json.wouldSend = { call: CALL, query: e.qs };
				if (e.error) Object.assign(json, e.error);
				out.push({ json, pairedItem: { item: r.index } });
			}
		}
		return out;
	},
};

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { errorJson, rethrowForItem } from '../../../shared/actions';
import type { CostStatus, WallTime } from '../../../shared/cost';
import { quote } from '../../../shared/validation';
import {
	checkCurrencyCode,
	RateQueue,
	addWall,
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
	wallTimeIn,
} from '../../../shared/cost';
import type { CallTrace } from '../common';
import { TRACKER, account, errorCodeOf, hourParam, vRequest, voluumActionRuntime } from '../common';
import { readReport } from '../paging';
import { currencyField, timeZoneField } from '../../../shared/options';

const CALL = 'POST /report/manual-cost';
/**
 * "60 updates per time frame" (doc.voluum.com/ru/manual_cost_update.html); the frame's length is
 * not documented. The queue assumes the longest plausible one, an hour, so it holds under any
 * shorter frame.
 */
export const MANUAL_COST_RATE = { limit: 60, windowMs: 3600_000, label: '60 updates per hour' };

const SENTENCES: Record<string, string> = {
	NO_VISITS_PERIOD:
		'Voluum has no visits for this campaign in this period (NO_VISITS_PERIOD): it stores cost on visits, so this spend is lost',
	TIME_RANGE_EXCEED_LAST_HOUR:
		'The period reaches into the current hour or the future (TIME_RANGE_EXCEED_LAST_HOUR): Voluum takes costs only for finished hours. Upload it after the hour has ended.',
};

interface Row {
	index: number;
	campaignId: string;
	cost: number;
	currency: string;
	zone: string;
	from: WallTime;
	to: WallTime;
	wholeDays: boolean;
	spendZone: string | null;
	warnings: string[];
}

interface Entry {
	rows: Row[];
	cost: number;
	body: IDataObject;
	status: CostStatus | 'no visits';
	request?: number;
	error?: IDataObject;
	seen?: { clicks: number; cost: number };
}

const pad = (n: number) => String(n).padStart(2, '0');
const show = (t: WallTime) => `${formatDay(t)} ${pad(t.h)}:${pad(t.mi)}`;

function fail(ctx: IExecuteFunctions, i: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/**
 * The inputs an item states itself (currency, time zones, dates), checked before the account is
 * read: a bad value is refused before any request. readRow checks them again, with the account's
 * defaults filled in.
 */
function precheckRow(ctx: IExecuteFunctions, i: number): void {
	const rawCurrency = upperCurrency(ctx.getNodeParameter('currency', i, ''));
	if (rawCurrency) {
		const checked = checkCurrencyCode(rawCurrency, 'Currency');
		if (!checked.ok) fail(ctx, i, checked.message);
	}
	for (const [name, label] of [
		['timeZone', 'Time Zone'],
		['spendTimezone', 'Spend Time Zone'],
	] as const) {
		const zone = String(ctx.getNodeParameter(name, i, '') ?? '').trim();
		if (zone && !isValidZone(zone)) fail(ctx, i, `${label} ${quote(zone)} is not a valid time zone`);
	}
	for (const [name, label] of [
		['dateFrom', 'Start'],
		['dateTo', 'End'],
	] as const) {
		const raw = ctx.getNodeParameter(name, i, '') as unknown;
		if (raw !== '' && raw !== undefined && raw !== null && !parseWallTime(raw))
			fail(ctx, i, `${label} ${quote(raw)} is not a date`);
	}
}

function readRow(
	ctx: IExecuteFunctions,
	i: number,
	accountZone: string,
	accountCur: string | null,
): Row {
	const campaignId = String(ctx.getNodeParameter('campaignId', i, '') ?? '').trim();
	if (!/^[A-Za-z0-9-]+$/.test(campaignId))
		fail(
			ctx,
			i,
			campaignId ? `Campaign ID "${campaignId}" is not a Voluum ID` : 'Campaign ID is empty',
		);
	const rawCost = ctx.getNodeParameter('cost', i, '') as unknown;
	const cost = typeof rawCost === 'number' ? rawCost : Number(String(rawCost ?? '').trim());
	if (rawCost === '' || rawCost === null || !Number.isFinite(cost) || cost < 0)
		fail(ctx, i, `Cost "${String(rawCost)}" is not an amount of 0 or more`);
	const zoneParam = String(ctx.getNodeParameter('timeZone', i, '') ?? '').trim();
	const zone = zoneParam || accountZone;
	if (!isValidZone(zone)) fail(ctx, i, `Time Zone ${quote(zone)} is not a valid time zone`);
	const rawFrom = ctx.getNodeParameter('dateFrom', i, '') as unknown;
	const rawTo = ctx.getNodeParameter('dateTo', i, '') as unknown;
	const from = parseWallTime(rawFrom);
	if (!from || from.offset)
		fail(
			ctx,
			i,
			`Start ${quote(rawFrom)} is not a date`,
			'Use YYYY-MM-DD (whole days) or YYYY-MM-DD HH:00, without an offset.',
		);
	const hasTo = !(rawTo === '' || rawTo === undefined || rawTo === null);
	const to = hasTo ? parseWallTime(rawTo) : undefined;
	if ((hasTo && !to) || to?.offset) fail(ctx, i, `End ${quote(rawTo)} is not a date`);
	const wholeDays = from.dateOnly && (!to || to.dateOnly);
	let start: WallTime;
	let end: WallTime;
	if (wholeDays) {
		start = { ...from, h: 0, mi: 0, s: 0, dateOnly: false };
		end = addWall({ ...(to ?? from), h: 0, mi: 0, s: 0, dateOnly: false }, 86_400_000);
	} else {
		if (!to)
			fail(
				ctx,
				i,
				'The start has a time of day but End is empty',
				'Set End to the end of the period (a whole hour), or use dates.',
			);
		for (const [label, t] of [
			['Start', from],
			['End', to],
		] as const) {
			if (!t.dateOnly && (t.mi !== 0 || t.s !== 0)) {
				fail(
					ctx,
					i,
					`${label} ${show(t)} is not on the hour: Voluum takes costs for whole hours only`,
					'Round the period to whole hours (e.g. 10:00 to 11:00), or use dates for whole days.',
				);
			}
		}
		start = { ...from, dateOnly: false };
		end = to.dateOnly
			? addWall({ ...to, dateOnly: false }, 86_400_000)
			: { ...to, dateOnly: false };
	}
	if (wallKey(end) <= wallKey(start))
		fail(ctx, i, `The end ${show(end)} is not after the start ${show(start)}`);
	const now = wallTimeIn(voluumActionRuntime.now(), zone);
	const hourStart: WallTime = { ...now, mi: 0, s: 0 };
	if (wallKey(end) > wallKey(hourStart)) fail(ctx, i, SENTENCES.TIME_RANGE_EXCEED_LAST_HOUR);
	const checkedCurrency = checkCurrencyCode(
		upperCurrency(ctx.getNodeParameter('currency', i, '')) || accountCur || 'USD',
		'Currency',
	);
	if (!checkedCurrency.ok) fail(ctx, i, checkedCurrency.message);
	const currency = checkedCurrency.value;
	const rawSpendZone = String(ctx.getNodeParameter('spendTimezone', i, '') ?? '').trim();
	if (rawSpendZone && !isValidZone(rawSpendZone))
		fail(ctx, i, `Spend Time Zone ${quote(rawSpendZone)} is not a valid time zone`);
	return {
		index: i,
		campaignId,
		cost,
		currency,
		zone,
		from: start,
		to: end,
		wholeDays,
		spendZone: rawSpendZone || null,
		warnings: [],
	};
}

function merge(rows: Row[]): Entry[] {
	const byKey = new Map<string, Entry>();
	for (const r of rows) {
		const key = JSON.stringify([r.campaignId, wallKey(r.from), wallKey(r.to), r.zone, r.currency]);
		const e = byKey.get(key);
		if (e) {
			e.rows.push(r);
			e.cost += r.cost;
		} else byKey.set(key, { rows: [r], cost: r.cost, body: {}, status: 'sent' });
	}
	const entries = [...byKey.values()];
	for (const e of entries) {
		const r = e.rows[0];
		e.cost = round2(e.cost);
		e.body = {
			campaignId: r.campaignId,
			from: hourParam(r.from),
			to: hourParam(r.to),
			timeZone: r.zone,
			cost: e.cost,
			currency: r.currency,
		};
		if (e.rows.length > 1)
			for (const x of e.rows)
				x.warnings.push(
					`${e.rows.length} input rows have the same campaign and period: their spend was summed into one cost (a second cost would replace the first)`,
				);
	}
	for (let a = 0; a < entries.length; a++)
		for (let b = a + 1; b < entries.length; b++) {
			const x = entries[a].rows[0];
			const y = entries[b].rows[0];
			if (x.campaignId !== y.campaignId || x.zone !== y.zone) continue;
			const overlap = wallKey(x.from) < wallKey(y.to) && wallKey(y.from) < wallKey(x.to);
			const same = wallKey(x.from) === wallKey(y.from) && wallKey(x.to) === wallKey(y.to);
			if (overlap && !same) {
				for (const r of entries[a].rows)
					r.warnings.push(
						`Its period overlaps the row of item ${y.index}: Voluum keeps the cost uploaded last on the shared hours`,
					);
				for (const r of entries[b].rows)
					r.warnings.push(
						`Its period overlaps the row of item ${x.index}: Voluum keeps the cost uploaded last on the shared hours`,
					);
			}
		}
	return entries;
}

const queues = new WeakMap<object, RateQueue>();

/**
 * Cost → Update: POST /report/manual-cost `{campaignId, from, to, timeZone, cost, currency}`,
 * whole hours only, at most 60 updates per time frame (queued). Rows with the same campaign and
 * period are merged; costs are read back from GET /report and judged like Keitaro's Sync Costs.
 * NO_VISITS_PERIOD becomes the lost-spend flag, TIME_RANGE_EXCEED_LAST_HOUR a plain sentence
 * (checked before sending, too).
 */
export const update: ActionOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Upload ad spend as campaign cost for whole hours or days (manual cost update)',
		action: 'Update campaign costs',
	},
	write: true,
	calls: [CALL, 'GET /report', 'GET /user/current'],
	properties: [
		{
			displayName: 'Campaign ID',
			name: 'campaignId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Voluum campaign the spend belongs to (use an expression to take it from the item)',
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
			description: 'Day (YYYY-MM-DD, whole days) or start hour (YYYY-MM-DD HH:00)',
		},
		{
			displayName: 'End',
			name: 'dateTo',
			type: 'string',
			default: '',
			placeholder: '2025-06-15',
			description: 'Last day (included) or end hour (excluded). Empty for a single day.',
		},
		currencyField({
			displayName: 'Currency',
			name: 'currency',
			emptyLabel: 'Voluum User Currency',
			default: '',
			description: 'Currency of the spend. Empty: the Voluum user’s.',
		}),
		timeZoneField({
			displayName: 'Time Zone',
			name: 'timeZone',
			emptyLabel: 'Voluum User Time Zone',
			default: '',
			description: 'Zone of the period sent to Voluum. Empty: the Voluum user’s.',
		}),
		timeZoneField({
			displayName: 'Spend Time Zone',
			name: 'spendTimezone',
			emptyLabel: 'Not Set',
			default: '',
			description:
				'Zone the ad network reports the spend in; a row in another zone than the one sent is flagged timezoneMismatch',
		}),
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
					description: 'Whether to send nothing and only show what would be sent',
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
					description: 'Whether to read the costs back from the report and compare them',
				},
				{
					displayName: 'Tolerance',
					name: 'tolerance',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 4 },
					default: 0.01,
					description: 'Difference between uploaded spend and Voluum cost still counted as a match',
				},
			],
		},
	],
	async executeBatch(this: IExecuteFunctions, indexes: number[]): Promise<INodeExecutionData[]> {
		const out: INodeExecutionData[] = [];
		const first = indexes[0];
		const o = this.getNodeParameter('options', first, {}) as IDataObject;
		const dryRun = o.dryRun === true;
		const maxWaitMs = Number(o.maxWaitMinutes ?? 30) * 60_000;
		const tolerance = Number(o.tolerance ?? 0.01);
		let acct: { zone: string; currency: string | null };
		if (!this.continueOnFail()) for (const i of indexes) precheckRow(this, i);
		try {
			acct = await account(this, first);
		} catch (error) {
			rethrowForItem(this, error, first);
		}
		const rows: Row[] = [];
		for (const i of indexes) {
			try {
				rows.push(readRow(this, i, acct.zone, acct.currency));
			} catch (error) {
				if (!this.continueOnFail()) rethrowForItem(this, error, i);
				out.push({
					json: { status: 'invalid', success: false, ...errorJson(error) },
					pairedItem: { item: i },
				});
			}
		}
		const entries = merge(rows);
		let queue = queues.get(this);
		if (!queue) {
			queue = new RateQueue(MANUAL_COST_RATE, voluumActionRuntime);
			queues.set(this, queue);
		}
		const estimate = queue.estimateMs(entries.length);
		const notice = queueNotice(entries.length, MANUAL_COST_RATE, estimate);
		if (!dryRun && estimate > maxWaitMs) {
			throw new NodeOperationError(
				this.getNode(),
				`${entries.length} cost updates need about ${describeDuration(estimate)} at Voluum's ${MANUAL_COST_RATE.label}, more than Max Wait (${describeDuration(maxWaitMs)}); nothing was sent`,
				{
					itemIndex: first,
					description:
						'Merge rows before this node (one row per campaign and day), or raise Max Wait.',
				},
			);
		}
		for (const [n, e] of entries.entries()) {
			e.request = n + 1;
			if (dryRun) {
				e.status = 'dry run';
				continue;
			}
			const trace: CallTrace = {};
			try {
				await queue.acquire();
				await vRequest(this, 'POST', '/report/manual-cost', {
					body: e.body,
					itemIndex: e.rows[0].index,
					idempotent: true,
					trace,
				});
				e.status = 'sent';
			} catch (error) {
				const code = errorCodeOf(trace, error);
				if (code === 'NO_VISITS_PERIOD') {
					e.status = 'no visits';
					continue;
				}
				const plain =
					code && SENTENCES[code]
						? new NodeOperationError(this.getNode(), SENTENCES[code], {
								itemIndex: e.rows[0].index,
							})
						: error;
				if (!this.continueOnFail()) rethrowForItem(this, plain, e.rows[0].index);
				e.status = 'failed';
				e.error = errorJson(plain);
			}
		}
		if (o.readback !== false && !dryRun) {
			for (const e of entries) {
				if (e.status !== 'sent') continue;
				const r = e.rows[0];
				try {
					const { rows: report } = await readReport(
						this,
						'/report',
						{ groupBy: 'campaign', from: e.body.from, to: e.body.to, tz: r.zone, include: 'ALL' },
						r.index,
					);
					const hit = report.filter((x) => String(x.campaignId ?? '') === r.campaignId);
					e.seen = {
						clicks: hit.reduce((s, x) => s + num(x.visits), 0),
						cost: round2(hit.reduce((s, x) => s + num(x.cost), 0)),
					};
					const mismatch = checkCurrency(r.currency, acct.currency, TRACKER).currencyMismatch;
					e.status = judgeCost(
						e.cost,
						e.seen,
						mismatch,
						Math.max(tolerance, 0.006 * e.rows.length),
					);
				} catch (error) {
					if (!this.continueOnFail()) rethrowForItem(this, error, r.index);
					e.error = { readbackError: errorJson(error).error as string };
				}
			}
		}
		for (const e of entries) {
			for (const r of e.rows) {
				const z = checkZone(r.zone, r.spendZone, TRACKER);
				const cur = checkCurrency(r.currency, acct.currency, TRACKER);
				const lost = e.status === 'no visits' || e.status === 'no clicks';
				const warnings = [...r.warnings];
				if (z.warning) warnings.push(z.warning);
				if (cur.warning) warnings.push(cur.warning);
				if (e.status === 'no visits') warnings.push(SENTENCES.NO_VISITS_PERIOD);
				else if (lost) warnings.push(lostSpendWarning(TRACKER));
				const json: IDataObject = {
					status: e.status === 'no visits' ? 'no clicks' : e.status,
					success:
						e.status === 'dry run'
							? null
							: !lost && e.status !== 'failed' && e.status !== 'mismatch',
					campaignId: r.campaignId,
					from: e.body.from,
					to: e.body.to,
					timeZone: r.zone,
					spendTimezone: r.spendZone,
					timezoneMismatch: z.timezoneMismatch,
					currency: r.currency,
					accountCurrency: acct.currency,
					currencyMismatch: cur.currencyMismatch,
					spend: r.cost,
					pushedSpend: e.cost,
					mergedRows: e.rows.length,
					voluumVisits: e.seen ? e.seen.clicks : null,
					voluumCost: e.seen ? e.seen.cost : null,
					difference: e.seen && !cur.currencyMismatch ? round2(e.seen.cost - e.cost) : null,
					lostSpend: lost,
					request: e.request ?? null,
					requests: entries.length,
					queue: notice,
					waitedSeconds: Math.round(queue.waitedMs / 1000),
					warnings,
				};
				if (e.status === 'dry run') json.wouldSend = { call: CALL, body: e.body };
				if (e.error) Object.assign(json, e.error);
				out.push({ json, pairedItem: { item: r.index } });
			}
		}
		return out;
	},
};

import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';
import { KEITARO_MATCH_KEYS } from '../../tracking/slots';
import type { CostEntry } from '../cost/entry';
import { bulkPayload } from '../cost/entry';
import { DEFAULT_COST_BATCH_SIZE, planRequests } from '../cost/update';
import { fetchPaged } from '../shared';
import { guardKeitaroWrite } from '../common/crud';
import type { KeitaroOperation } from '../types';
import { round2 } from './common';
import type { EntryStatus, Observed } from './reconcile';
import { isSettled, judge, observe, readbackQueries } from './reconcile';
import type { SpendRow, SyncEntry } from './spendRows';
import { mergeRows, readSpendRow } from './spendRows';
import { currencyField, timeZoneField } from '../../../shared/options';

const BULK = 'POST /clicks/update_costs';
const READ = 'POST /report/build';

interface Settings {
	batchSize: number;
	dryRun: boolean;
	checkClicksFirst: boolean;
	readback: boolean;
	attempts: number;
	waitSeconds: number;
	tolerance: number;
	onlyCampaignUniques: boolean;
}

interface EntryResult {
	status: string;
	success: boolean | null;
	batch: number | null;
	batches: number;
	seen?: Observed;
	before?: Observed;
	error?: IDataObject;
	wouldSend?: IDataObject;
}

interface ReadbackInfo {
	attempts: number;
	settled: boolean;
	waitedSeconds: number;
}

function errorJson(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string; httpCode?: string | null };
	const json: IDataObject = { error: e.message ?? String(error) };
	if (e.description) json.description = e.description;
	if (e.httpCode) json.httpCode = e.httpCode;
	return json;
}

function readSettings(ctx: IExecuteFunctions, i: number): Settings {
	const o = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const s: Settings = {
		batchSize: Number(o.batchSize ?? DEFAULT_COST_BATCH_SIZE),
		dryRun: o.dryRun === true,
		checkClicksFirst: o.checkClicksFirst === true,
		readback: o.readback !== false,
		attempts: Number(o.readbackAttempts ?? 4),
		waitSeconds: Number(o.readbackWait ?? 5),
		tolerance: Number(o.tolerance ?? 0.01),
		onlyCampaignUniques: o.onlyCampaignUniques === true,
	};
	const check = (ok: boolean, message: string) => {
		if (!ok) throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i });
	};
	check(
		Number.isInteger(s.batchSize) && s.batchSize >= 1,
		'Batch Size must be a whole number of at least 1',
	);
	check(
		Number.isInteger(s.attempts) && s.attempts >= 1,
		'Max Readback Attempts must be a whole number of at least 1',
	);
	check(
		Number.isFinite(s.waitSeconds) && s.waitSeconds >= 0,
		'Readback Wait must be 0 or more seconds',
	);
	check(Number.isFinite(s.tolerance) && s.tolerance >= 0, 'Tolerance must be 0 or more');
	return s;
}

function rethrow(ctx: IExecuteFunctions, error: unknown, itemIndex: number): never {
	if (error instanceof NodeApiError) {
		throw new NodeApiError(ctx.getNode(), error as unknown as JsonObject, { itemIndex });
	}
	throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** Reads what Keitaro holds for the entries (one report per query group, all pages). */
async function snapshot(
	ctx: IExecuteFunctions,
	entries: SyncEntry[],
): Promise<Map<SyncEntry, Observed>> {
	const seen = new Map<SyncEntry, Observed>();
	for (const q of readbackQueries(entries)) {
		const res = await fetchPaged(
			ctx,
			'/report/build',
			q.body,
			{ returnAll: true, limit: 0, pageSize: 1000, offset: 0 },
			q.entries[0].cost.itemIndex,
		);
		observe(q, res.rows, seen);
	}
	return seen;
}

function rowJson(
	row: SpendRow,
	entry: SyncEntry | undefined,
	result: EntryResult | undefined,
	info: ReadbackInfo | undefined,
): IDataObject {
	const seen = result?.seen;
	const comparable = !row.currencyMismatch;
	const warnings = [...row.warnings];
	const status = result?.status ?? 'invalid';
	if (status === 'no clicks' || status === 'no clicks (not sent)') {
		warnings.push(
			'Keitaro has no click with this ID in these campaigns and period: it stores cost only on clicks, so this spend is lost',
		);
	}
	if (status === 'mismatch' && info && !info.settled) {
		warnings.push(
			`Keitaro's cost still differs after ${info.attempts} reads over ${info.waitedSeconds} s: the cost job may still be running, or other costs or overlapping periods touch these clicks. Read it again later.`,
		);
	}
	if (entry && entry.rows.length > 1) {
		warnings.push(
			`${entry.rows.length} input rows have the same ID, campaigns and period: their spend was summed into one cost (a second cost would overwrite the first)`,
		);
	}
	const json: IDataObject = {
		status,
		success: result?.success ?? null,
		adNetworkId: row.adNetworkId,
		matchKey: row.matchKey,
		campaign_ids: [...row.campaignIds],
		start_date: row.start_date,
		end_date: row.end_date,
		timezone: row.timezone,
		inputTimezone: row.inputTimezone,
		timezoneMismatch: row.timezoneMismatch,
		currency: row.currency,
		inputCurrency: row.inputCurrency,
		trackerCurrency: row.trackerCurrency,
		currencyMismatch: row.currencyMismatch,
		spend: row.spend,
		pushedSpend: entry ? round2(entry.spend) : null,
		mergedRows: entry ? entry.rows.length : 1,
		keitaroClicks: seen ? seen.clicks : null,
		keitaroCost: seen ? seen.cost : null,
		keitaroCostBefore: result?.before ? result.before.cost : null,
		difference: seen && entry && comparable ? round2(seen.cost - entry.spend) : null,
		lostSpend: status === 'no clicks' || status === 'no clicks (not sent)',
		batch: result?.batch ?? null,
		batches: result?.batches ?? 0,
		readbackAttempts: info?.attempts ?? 0,
		readbackWaitedSeconds: info?.waitedSeconds ?? 0,
		settled: info ? info.settled : null,
		warnings,
	};
	if (result?.wouldSend) json.wouldSend = result.wouldSend;
	if (result?.error) Object.assign(json, result.error);
	return json;
}

export const syncCosts: KeitaroOperation = {
	option: {
		name: 'Sync Costs',
		value: 'syncCosts',
		action: 'Sync ad network spend to Keitaro costs',
		description:
			'Push spend rows from an ad network into Keitaro costs in batches, then read the costs back and reconcile each row',
	},
	spec: [BULK, READ],
	properties: [
		{
			displayName:
				'One input item per spend row (e.g. from a Facebook, Google or TikTok node). Keitaro spreads each cost over the clicks whose sub ID holds the row’s ID in the period; spend on a period without such clicks is lost, and such rows are flagged.',
			name: 'syncNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Campaign IDs',
			name: 'campaignIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: '12, 13',
			description:
				'Keitaro campaign IDs the spend belongs to, separated by commas. Use an expression to take them from the item.',
		},
		{
			displayName: 'Match ID In',
			name: 'matchKey',
			type: 'options',
			options: [...KEITARO_MATCH_KEYS],
			default: 'sub_id_2',
			description:
				'Keitaro click field that holds the ad-network ID of the rows (the slot chosen in Generate Tracking Parameters, e.g. sub_id_2 for the ad set ID)',
		},
		{
			displayName: 'Ad-Network ID Field',
			name: 'idField',
			type: 'string',
			default: 'adset_id',
			description:
				'Field of the input item with the campaign, ad set or ad ID of the spend (dot notation allowed)',
		},
		{
			displayName: 'Spend Field',
			name: 'spendField',
			type: 'string',
			default: 'spend',
			description: 'Field of the input item with the amount spent',
		},
		{
			displayName: 'Date Field',
			name: 'dateField',
			type: 'string',
			default: 'date',
			description:
				'Field with the day of the spend (YYYY-MM-DD), or the start of the period. Facebook insights: date_start.',
		},
		{
			displayName: 'End Date Field',
			name: 'endDateField',
			type: 'string',
			default: '',
			placeholder: 'date_stop',
			description: 'Field with the last day (or end) of the period. Leave empty for single days.',
		},
		{
			displayName: 'Timezone Field',
			name: 'timezoneField',
			type: 'string',
			default: 'timezone',
			description:
				'Field with the ad account’s time zone (IANA name). Leave empty if the rows have none.',
		},
		{
			displayName: 'Currency Field',
			name: 'currencyField',
			type: 'string',
			default: 'currency',
			description: 'Field with the currency of the spend. Leave empty if the rows have none.',
		},
		timeZoneField({
			displayName: 'Timezone',
			name: 'timezone',
			emptyLabel: 'Each Row’s Own Time Zone',
			default: '',
			description:
				'Time zone sent to Keitaro with each cost. Leave empty to send each row’s own time zone (or the workflow’s). A row in another time zone is flagged timezoneMismatch.',
		}),
		currencyField({
			displayName: 'Tracker Currency',
			name: 'trackerCurrency',
			default: 'USD',
			required: true,
			description:
				'Currency Keitaro reports in. A row in another currency is flagged currencyMismatch: Keitaro converts it, so its readback is not compared.',
		}),
		currencyField({
			displayName: 'Currency',
			name: 'currency',
			emptyLabel: 'Tracker Currency',
			default: '',
			description: 'Currency of rows that have none. Leave empty to use the tracker currency.',
		}),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Batch Size',
					name: 'batchSize',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 1000 },
					default: DEFAULT_COST_BATCH_SIZE,
					description: 'Max number of costs per request',
				},
				{
					displayName: 'Check Clicks First',
					name: 'checkClicksFirst',
					type: 'boolean',
					default: false,
					description:
						'Whether to read the clicks before pushing and not send rows without clicks (Keitaro would drop them). Adds keitaroCostBefore to the output.',
				},
				{
					displayName: 'Dry Run',
					name: 'dryRun',
					type: 'boolean',
					default: false,
					description: 'Whether to send nothing and only show what would be sent',
				},
				{
					displayName: 'Max Readback Attempts',
					name: 'readbackAttempts',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 20 },
					default: 4,
					description:
						'Keitaro applies costs in a background job: how many times to read the costs back until they match',
				},
				{
					displayName: 'Only Unique Clicks',
					name: 'onlyCampaignUniques',
					type: 'boolean',
					default: false,
					description: 'Whether to give the cost only to campaign-unique clicks',
				},
				{
					displayName: 'Read Back Costs',
					name: 'readback',
					type: 'boolean',
					default: true,
					description: 'Whether to read the costs back after pushing and reconcile each row',
				},
				{
					displayName: 'Readback Wait (Seconds)',
					name: 'readbackWait',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 0, maxValue: 300 },
					default: 5,
					description: 'Wait between two readbacks',
				},
				{
					displayName: 'Tolerance',
					name: 'tolerance',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 4 },
					default: 0.01,
					description: 'Difference between pushed spend and Keitaro cost still counted as a match',
				},
			],
		},
	],

	async executeBatch(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]> {
		if (!items.length) return [];
		const settings = readSettings(this, 0);
		const out: Array<INodeExecutionData | undefined> = new Array(items.length);

		// 1. Read every row before sending anything.
		const rows: SpendRow[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				// Read-only credential or sample data: refused unless nothing is sent (Dry Run).
				if (!readSettings(this, i).dryRun) {
					await guardKeitaroWrite(this, i, 'Sync ad network spend to Keitaro costs');
				}
				rows.push(readSpendRow(this, i, items[i].json ?? {}, settings.onlyCampaignUniques));
			} catch (error) {
				if (!this.continueOnFail()) rethrow(this, error, i);
				out[i] = { json: { status: 'invalid', ...errorJson(error) }, pairedItem: { item: i } };
			}
		}
		const entries = mergeRows(rows);
		const results = new Map<SyncEntry, EntryResult>();
		let info: ReadbackInfo | undefined;

		// 2. Optionally drop entries without clicks.
		let toSend = entries;
		if (settings.checkClicksFirst && !settings.dryRun && entries.length) {
			let before: Map<SyncEntry, Observed>;
			try {
				before = await snapshot(this, entries);
			} catch (error) {
				rethrow(this, error, entries[0].cost.itemIndex);
			}
			toSend = [];
			for (const e of entries) {
				const seen = before.get(e);
				if (!seen || seen.clicks <= 0) {
					const none = seen ?? { clicks: 0, cost: 0 };
					results.set(e, {
						status: 'no clicks (not sent)',
						success: false,
						batch: null,
						batches: 0,
						seen: none,
						before: none,
					});
				} else {
					toSend.push(e);
					results.set(e, { status: 'sent', success: true, batch: null, batches: 0, before: seen });
				}
			}
		}

		// 3. Push in batches.
		const byCost = new Map<CostEntry, SyncEntry>(toSend.map((e) => [e.cost, e]));
		const plan = planRequests(
			toSend.map((e) => e.cost),
			settings.batchSize,
		);
		const sent: SyncEntry[] = [];
		for (const req of plan) {
			const list = req.entries.map((c) => byCost.get(c) as SyncEntry);
			if (settings.dryRun) {
				for (const e of list) {
					results.set(e, {
						status: 'dry run',
						success: null,
						batch: req.number,
						batches: plan.length,
						wouldSend: {
							endpoint: BULK,
							campaign_ids: [...e.cost.campaignIds],
							cost: bulkPayload(e.cost),
						},
					});
				}
				continue;
			}
			try {
				const res = (await keitaroApiRequest.call(this, 'POST', req.path, {
					body: req.body,
					idempotent: true,
					itemIndex: req.entries[0].itemIndex,
				})) as IDataObject | undefined;
				const ok = res?.success !== false;
				for (const e of list) {
					results.set(e, {
						...results.get(e),
						status: ok ? 'sent' : 'not accepted',
						success: ok,
						batch: req.number,
						batches: plan.length,
					});
					if (ok) sent.push(e);
				}
			} catch (error) {
				if (!this.continueOnFail()) rethrow(this, error, req.entries[0].itemIndex);
				for (const e of list) {
					results.set(e, {
						status: 'failed',
						success: false,
						batch: req.number,
						batches: plan.length,
						error: errorJson(error),
					});
				}
			}
		}

		// 4. Read back until the numbers settle or the attempts run out.
		if (settings.readback && !settings.dryRun && sent.length) {
			let previous: Map<SyncEntry, Observed> | undefined;
			let seen = new Map<SyncEntry, Observed>();
			let attempts = 0;
			let waited = 0;
			let settled = false;
			while (attempts < settings.attempts) {
				if (attempts > 0 && settings.waitSeconds > 0) {
					await sleep(settings.waitSeconds * 1000);
					waited += settings.waitSeconds;
				}
				try {
					seen = await snapshot(this, sent);
				} catch (error) {
					if (!this.continueOnFail()) rethrow(this, error, sent[0].cost.itemIndex);
					for (const e of sent) {
						const r = results.get(e);
						if (r) r.error = { readbackError: errorJson(error).error as string };
					}
					break;
				}
				attempts++;
				settled = isSettled(sent, seen, previous, settings.tolerance);
				if (settled) break;
				previous = seen;
			}
			info = { attempts, settled, waitedSeconds: waited };
			if (attempts > 0) {
				for (const e of sent) {
					const r = results.get(e) as EntryResult;
					const status: EntryStatus = judge(e, seen.get(e), settings.tolerance);
					r.status = status;
					r.seen = seen.get(e) ?? { clicks: 0, cost: 0 };
				}
			}
		}

		// 5. One output item per input row.
		const readBack = new Set(sent);
		for (const e of entries) {
			for (const row of e.rows) {
				out[row.itemIndex] = {
					json: rowJson(
						row,
						e,
						results.get(e),
						results.get(e)?.seen !== undefined && readBack.has(e) ? info : undefined,
					),
					pairedItem: { item: row.itemIndex },
				};
			}
		}
		return out.filter((o): o is INodeExecutionData => o !== undefined);
	},
};

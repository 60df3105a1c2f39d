import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkCurrency } from '../../../shared/validation';
import { buildPeriod, COST_FILTER_KEYS, resolveTimezone } from '../shared';

/** One cost entry read from one input item, validated, in the shape it is sent. */
export interface CostEntry {
	itemIndex: number;
	method: 'bulk' | 'perCampaign';
	campaignIds: number[];
	start_date: string;
	end_date: string;
	timezone: string;
	currency: string;
	/** Cost as sent (the spec types it as a string, e.g. "19.22"). */
	cost: string;
	filters: Record<string, string>;
	onlyCampaignUniques: boolean;
	/** Clicks the cost would be spread over, when Check Matching Clicks First is on. */
	matchedClicks?: number;
}

/** Parses "12, 13", 12, ["12", 13] into campaign IDs. */
export function parseCampaignIds(ctx: IExecuteFunctions, raw: unknown, i: number): number[] {
	const parts: unknown[] = Array.isArray(raw)
		? raw
		: typeof raw === 'number'
			? [raw]
			: String(raw ?? '')
					.split(/[\s,;]+/)
					.filter((p) => p !== '');
	const ids: number[] = [];
	for (const p of parts) {
		const text = String(p).trim();
		const id = /^\d+$/.test(text) ? Number(text) : NaN;
		if (!Number.isSafeInteger(id) || id < 1) {
			throw new NodeOperationError(ctx.getNode(), `Campaign IDs: "${text}" is not a campaign ID`, {
				itemIndex: i,
				description: 'Enter numeric campaign IDs separated by commas, e.g. 12, 13.',
			});
		}
		if (!ids.includes(id)) ids.push(id);
	}
	if (!ids.length) {
		throw new NodeOperationError(ctx.getNode(), 'Campaign IDs is empty', {
			itemIndex: i,
			description: 'Enter at least one campaign ID the cost belongs to.',
		});
	}
	return ids.sort((a, b) => a - b);
}

/** A non-negative amount as the string Keitaro takes ("19.22"), without float noise. */
export function formatCost(ctx: IExecuteFunctions, raw: unknown, i: number): string {
	const text = typeof raw === 'string' ? raw.trim() : raw;
	const n =
		typeof text === 'number'
			? text
			: typeof text === 'string' && /^\d+(?:\.\d+)?$/.test(text)
				? Number(text)
				: NaN;
	if (!Number.isFinite(n) || n < 0) {
		throw new NodeOperationError(ctx.getNode(), `Cost "${String(raw)}" is not a valid amount`, {
			itemIndex: i,
			description: 'Use a number of 0 or more with a dot as decimal separator, e.g. 19.22.',
		});
	}
	return n.toFixed(6).replace(/\.?0+$/, '');
}

export function normaliseCurrency(ctx: IExecuteFunctions, raw: unknown, i: number): string {
	const checked = checkCurrency(raw, 'Currency');
	if (!checked.ok) {
		throw new NodeOperationError(ctx.getNode(), checked.message, {
			itemIndex: i,
			description: 'Use an ISO 4217 code such as USD, EUR or GBP.',
		});
	}
	return checked.value;
}

/** Reads the Click Filters collection: key → value ("1,2,3" lists allowed). */
export function readCostFilters(ctx: IExecuteFunctions, i: number): Record<string, string> {
	const raw = ctx.getNodeParameter('costFilters', i, {}) as {
		filter?: Array<{ name?: string; value?: unknown }> | { name?: string; value?: unknown };
	};
	const rows = Array.isArray(raw?.filter) ? raw.filter : raw?.filter ? [raw.filter] : [];
	const out: Record<string, string> = {};
	for (const row of rows) {
		const name = String(row.name ?? '').trim();
		if (!COST_FILTER_KEYS.includes(name)) {
			throw new NodeOperationError(ctx.getNode(), `Click Filters: "${name}" is not a cost filter`, {
				itemIndex: i,
				description: `Valid filters: ${COST_FILTER_KEYS.join(', ')}`,
			});
		}
		const value = (Array.isArray(row.value) ? row.value : String(row.value ?? '').split(','))
			.map((v) => String(v).trim())
			.filter((v) => v !== '')
			.join(',');
		if (!value) {
			throw new NodeOperationError(ctx.getNode(), `Click Filters: "${name}" has no value`, {
				itemIndex: i,
				description:
					'Enter the value (or comma-separated values) the clicks must have, or remove the filter.',
			});
		}
		if (out[name] !== undefined) {
			throw new NodeOperationError(ctx.getNode(), `Click Filters: "${name}" is set twice`, {
				itemIndex: i,
				description: 'Put several values in one filter, separated by commas.',
			});
		}
		out[name] = value;
	}
	return out;
}

/** Reads and validates the cost entry of input item `i` (no request is made). */
export function readCostEntry(ctx: IExecuteFunctions, i: number): CostEntry {
	const method = ctx.getNodeParameter('method', i, 'bulk') as string;
	if (method !== 'bulk' && method !== 'perCampaign') {
		throw new NodeOperationError(ctx.getNode(), `Method "${method}" is not supported`, {
			itemIndex: i,
		});
	}
	const campaignIds = parseCampaignIds(ctx, ctx.getNodeParameter('campaignIds', i, ''), i);
	if (method === 'perCampaign' && campaignIds.length > 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Campaign IDs: the Per Campaign method takes one campaign per item (got ${campaignIds.join(', ')})`,
			{
				itemIndex: i,
				description:
					'Sending the same cost to each campaign would count it several times. Use the Bulk method to spread one cost over several campaigns, or send one item per campaign.',
			},
		);
	}
	const period = buildPeriod(
		ctx,
		ctx.getNodeParameter('period', i, 'days') as string,
		ctx.getNodeParameter('startDate', i, ''),
		ctx.getNodeParameter('endDate', i, ''),
		i,
	);
	const timezone = resolveTimezone(ctx, ctx.getNodeParameter('timezone', i, ''), i);
	const currency = normaliseCurrency(ctx, ctx.getNodeParameter('currency', i, ''), i);
	const cost = formatCost(ctx, ctx.getNodeParameter('cost', i, ''), i);
	const filters = readCostFilters(ctx, i);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	return {
		itemIndex: i,
		method,
		campaignIds,
		...period,
		timezone,
		currency,
		cost,
		filters,
		onlyCampaignUniques: options.onlyCampaignUniques === true,
	};
}

/** The `costs[]` element of a bulk request. */
export function bulkPayload(e: CostEntry): IDataObject {
	const payload: IDataObject = {
		start_date: e.start_date,
		end_date: e.end_date,
		timezone: e.timezone,
		currency: e.currency,
		cost: e.cost,
	};
	if (Object.keys(e.filters).length) payload.filters = { ...e.filters };
	return payload;
}

/** The body of `POST /campaigns/{id}/update_costs`. */
export function campaignPayload(e: CostEntry): IDataObject {
	const payload: IDataObject = {
		start_date: e.start_date,
		end_date: e.end_date,
		timezone: e.timezone,
		currency: e.currency,
		cost: e.cost,
		only_campaign_uniques: e.onlyCampaignUniques,
	};
	if (Object.keys(e.filters).length) payload.filters = { ...e.filters };
	return payload;
}

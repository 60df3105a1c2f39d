import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';
import {
	COST_FILTER_KEYS,
	periodDateProperties,
	periodModeProperty,
	timezoneProperty,
} from '../shared';
import { guardKeitaroWrite } from '../common/crud';
import type { KeitaroOperation } from '../types';
import type { CostEntry } from './entry';
import { bulkPayload, campaignPayload, readCostEntry } from './entry';
import { countMatchingClicks } from './verify';
import { currencyField } from '../../../shared/options';

export const DEFAULT_COST_BATCH_SIZE = 100;
const BULK = 'POST /clicks/update_costs';
const PER_CAMPAIGN = 'POST /campaigns/{id}/update_costs';
const CHECK = 'POST /report/build';

/** One HTTP request of the run: the entries it carries and what it sends. */
interface PlannedRequest {
	number: number;
	method: 'bulk' | 'perCampaign';
	path: string;
	body: IDataObject;
	entries: CostEntry[];
	campaignId?: number;
}

/**
 * Groups entries into requests. Bulk: one request per (campaign set, only-uniques, time zone,
 * currency) group and at most `batchSize` costs each; the time zone and currency are sent per
 * entry and at the top level, so every Keitaro version reads them. Per campaign: one request per
 * entry.
 */
export function planRequests(entries: CostEntry[], batchSize: number): PlannedRequest[] {
	const groups = new Map<string, CostEntry[]>();
	const plan: PlannedRequest[] = [];
	for (const e of entries) {
		const key =
			e.method === 'bulk'
				? JSON.stringify(['bulk', e.campaignIds, e.onlyCampaignUniques, e.timezone, e.currency])
				: JSON.stringify(['one', e.itemIndex]);
		const list = groups.get(key);
		if (list) list.push(e);
		else groups.set(key, [e]);
	}
	let n = 0;
	for (const list of groups.values()) {
		const first = list[0];
		if (first.method === 'perCampaign') {
			const campaignId = first.campaignIds[0];
			plan.push({
				number: ++n,
				method: 'perCampaign',
				path: `/campaigns/${campaignId}/update_costs`,
				body: campaignPayload(first),
				entries: [first],
				campaignId,
			});
			continue;
		}
		for (let k = 0; k < list.length; k += batchSize) {
			const chunk = list.slice(k, k + batchSize);
			plan.push({
				number: ++n,
				method: 'bulk',
				path: '/clicks/update_costs',
				body: {
					campaign_ids: [...first.campaignIds],
					costs: chunk.map(bulkPayload),
					timezone: first.timezone,
					currency: first.currency,
					only_campaign_uniques: first.onlyCampaignUniques ? 1 : 0,
				},
				entries: chunk,
			});
		}
	}
	return plan;
}

/** What the output item of an entry says about what was (or would have been) sent. */
function describe(e: CostEntry, req: PlannedRequest | undefined, total: number): IDataObject {
	const endpoint =
		e.method === 'bulk' ? BULK : PER_CAMPAIGN.replace('{id}', String(e.campaignIds[0]));
	const json: IDataObject = {
		method: e.method,
		endpoint,
		campaign_ids: [...e.campaignIds],
		start_date: e.start_date,
		end_date: e.end_date,
		timezone: e.timezone,
		currency: e.currency,
		cost: e.cost,
		filters: { ...e.filters },
		only_campaign_uniques: e.onlyCampaignUniques,
		batch: req ? req.number : null,
		batches: total,
		batch_entries: req ? req.entries.length : 0,
	};
	if (e.matchedClicks !== undefined) json.matched_clicks = e.matchedClicks;
	return json;
}

function errorJson(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string; httpCode?: string | null };
	const json: IDataObject = { error: e.message ?? String(error) };
	if (e.description) json.description = e.description;
	if (e.httpCode) json.httpCode = e.httpCode;
	return json;
}

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update costs',
		description:
			'Set the ad spend of campaigns for a period (one input item per cost, sent in batches)',
	},
	spec: [BULK, PER_CAMPAIGN, CHECK],
	properties: [
		{
			displayName:
				'Keitaro spreads each cost over the clicks matching the period and filters. A period without any matching click stores nothing, so that spend is lost.',
			name: 'costNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			options: [
				{
					name: 'Bulk (Recommended)',
					value: 'bulk',
					description: 'POST /clicks/update_costs: many costs per request',
				},
				{
					name: 'Per Campaign (Slow)',
					value: 'perCampaign',
					description:
						'POST /campaigns/{ID}/update_costs: one request per cost and campaign; very slow on Keitaro',
				},
			],
			default: 'bulk',
		},
		{
			displayName: 'Campaign Names or IDs',
			name: 'campaignIds',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getCampaigns' },
			default: [],
			required: true,
			hint: 'The Keitaro campaigns the cost belongs to; with several, it is spread over the clicks of all of them. An expression may give 12 or "12, 13".',
			description:
				'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		periodModeProperty,
		...periodDateProperties('spend'),
		{
			...timezoneProperty,
			description: `${timezoneProperty.description} Use the time zone of the ad account the spend comes from.`,
		},
		currencyField({
			displayName: 'Currency',
			name: 'currency',
			default: 'USD',
			required: true,
			description:
				'Currency the cost is in (ISO 4217). Keitaro converts it to the tracker currency.',
		}),
		{
			displayName: 'Cost',
			name: 'cost',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 0,
			required: true,
			description:
				'Total spend of the period (0 or more). It replaces the cost of the matching clicks.',
		},
		{
			displayName: 'Click Filters',
			name: 'costFilters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Click Filter',
			default: {},
			description:
				'Only give the cost to clicks with these values, e.g. sub_id_3 = the ad set ID of the spend',
			options: [
				{
					displayName: 'Filter',
					name: 'filter',
					values: [
						{
							displayName: 'Parameter',
							name: 'name',
							type: 'options',
							options: COST_FILTER_KEYS.map((k) => ({ name: k, value: k })),
							default: 'sub_id_1',
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description: 'Value the clicks must have; several values separated by commas',
						},
					],
				},
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
					displayName: 'Batch Size',
					name: 'batchSize',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 1, maxValue: 1000 },
					default: DEFAULT_COST_BATCH_SIZE,
					description: 'Max number of costs per request with the Bulk method',
				},
				{
					displayName: 'Check Matching Clicks First',
					name: 'checkClicks',
					type: 'boolean',
					default: false,
					description:
						'Whether to count first (one report per item) the clicks each cost would be spread over. A cost that matches no click is not sent, because Keitaro would drop it; its item gets the status "no clicks" so you can alert on lost spend.',
				},
				{
					displayName: 'Dry Run',
					name: 'dryRun',
					type: 'boolean',
					default: false,
					description:
						'Whether to only validate and show what would be sent, without sending anything to Keitaro',
				},
				{
					displayName: 'Only Unique Clicks',
					name: 'onlyCampaignUniques',
					type: 'boolean',
					default: false,
					description:
						'Whether to give the cost only to unique clicks of the campaign. Keep off when filtering by sub ID or ad IDs.',
				},
			],
		},
	],

	async executeBatch(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]> {
		const results: Array<INodeExecutionData | undefined> = new Array(items.length);
		const entries: CostEntry[] = [];
		// 1. Read and validate every item before sending anything.
		for (let i = 0; i < items.length; i++) {
			try {
				// Read-only credential or sample data: refused unless nothing is sent (Dry Run).
				const dry = (this.getNodeParameter('options', i, {}) as IDataObject).dryRun === true;
				if (!dry) await guardKeitaroWrite(this, i, 'Update costs');
				entries.push(readCostEntry(this, i));
			} catch (error) {
				if (this.continueOnFail()) {
					results[i] = {
						json: { status: 'invalid', ...errorJson(error) },
						pairedItem: { item: i },
					};
					continue;
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			}
		}
		// 2. Plan the requests.
		const options = entries.length
			? (this.getNodeParameter('options', entries[0].itemIndex, {}) as IDataObject)
			: {};
		const batchSize = Number(options.batchSize ?? DEFAULT_COST_BATCH_SIZE);
		if (!Number.isInteger(batchSize) || batchSize < 1) {
			throw new NodeOperationError(
				this.getNode(),
				'Batch Size must be a whole number of at least 1',
				{
					itemIndex: entries[0]?.itemIndex ?? 0,
				},
			);
		}
		const dryRun = options.dryRun === true;
		// 3. Optionally count the clicks each cost would go to; costs matching none are not sent.
		let toSend = entries;
		if (options.checkClicks === true) {
			toSend = [];
			for (const e of entries) {
				try {
					e.matchedClicks = await countMatchingClicks(this, e);
				} catch (error) {
					if (!this.continueOnFail()) {
						if (error instanceof NodeApiError) {
							throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
						}
						throw new NodeOperationError(this.getNode(), error as Error, {
							itemIndex: e.itemIndex,
						});
					}
					results[e.itemIndex] = {
						json: { status: 'failed', ...errorJson(error), ...describe(e, undefined, 0) },
						pairedItem: { item: e.itemIndex },
					};
					continue;
				}
				if (e.matchedClicks > 0) {
					toSend.push(e);
					continue;
				}
				results[e.itemIndex] = {
					json: {
						status: 'no clicks',
						success: false,
						warning:
							'No click matches this period, campaign and filters: Keitaro would drop this cost, so it was not sent',
						...describe(e, undefined, 0),
					},
					pairedItem: { item: e.itemIndex },
				};
			}
		}
		const plan = planRequests(toSend, batchSize);
		// 4. Send them, one after the other (cost updates are heavy on the tracker).
		for (const req of plan) {
			let success: boolean | null = dryRun ? null : true;
			let status = dryRun ? 'dry run' : 'sent';
			if (!dryRun) {
				try {
					const res = (await keitaroApiRequest.call(this, 'POST', req.path, {
						body: req.body,
						idempotent: true,
						itemIndex: req.entries[0].itemIndex,
						entity:
							req.campaignId !== undefined ? { label: 'Campaign', id: req.campaignId } : undefined,
					})) as IDataObject | undefined;
					success = res?.success !== false;
					if (!success) status = 'not accepted';
				} catch (error) {
					if (!this.continueOnFail()) {
						if (error instanceof NodeApiError) {
							throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
						}
						throw new NodeOperationError(this.getNode(), error as Error, {
							itemIndex: req.entries[0].itemIndex,
						});
					}
					for (const e of req.entries) {
						results[e.itemIndex] = {
							json: { status: 'failed', ...errorJson(error), ...describe(e, req, plan.length) },
							pairedItem: { item: e.itemIndex },
						};
					}
					continue;
				}
			}
			for (const e of req.entries) {
				results[e.itemIndex] = {
					json: { status, success, ...describe(e, req, plan.length) },
					pairedItem: { item: e.itemIndex },
				};
			}
		}
		return results.filter((r): r is INodeExecutionData => r !== undefined);
	},
};

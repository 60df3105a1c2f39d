import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { quote } from '../../../shared/validation';
import { KEITARO_SLOTS } from '../../tracking/slots';
import { parseCampaignIds } from '../cost/entry';
import type { KeitaroFilter, PagingSettings } from '../shared';
import {
	buildRange,
	fetchPaged,
	pagingOptions,
	rangeProperties,
	readPaging,
	returnAllProperties,
} from '../shared';
import type { KeitaroOperation } from '../types';
import {
	adNetworkProperty,
	isCurrencyCode,
	idText,
	num,
	readAdNetwork,
	readSlots,
	round2,
	slotProperties,
	upperCurrency,
} from './common';
import { currencyField } from '../../../shared/options';

const ROLES = ['campaignId', 'adsetId', 'adId', 'placement'];

/** Output field of each ad-network level. */
export const MAPPING_FIELDS: Record<string, string> = {
	campaignId: 'adNetworkCampaignId',
	adsetId: 'adNetworkAdsetId',
	adId: 'adNetworkAdId',
	placement: 'adNetworkPlacement',
};

const COUNTED_STATUSES = new Set(['lead', 'sale', 'rebill']);

interface Group {
	campaign_id: number;
	campaign: string | null;
	ids: Record<string, string>;
	clicks: number;
	conversions: number;
	revenue: number;
	cost: number;
	profit?: number;
	roi?: number;
}

/** Key of a (campaign, ad-network IDs) row. */
function keyOf(campaignId: unknown, keys: string[], row: IDataObject): string {
	return JSON.stringify([String(num(campaignId)), ...keys.map((k) => idText(row[k]))]);
}

export function roi(profit: number, cost: number): number {
	return cost ? round2((profit / cost) * 100) : 0;
}

export const buildMapping: KeitaroOperation = {
	option: {
		name: 'Build Mapping',
		value: 'buildMapping',
		action: 'Build a campaign ID mapping table',
		description:
			'One row per Keitaro campaign and ad-network campaign, ad set and ad ID, with clicks, conversions, revenue, cost, profit and ROI',
	},
	spec: ['POST /report/build', 'POST /conversions/log'],
	properties: [
		adNetworkProperty,
		...slotProperties(ROLES, { placement: 0 }),
		{
			displayName: 'Campaign IDs',
			name: 'campaignIds',
			type: 'string',
			default: '',
			placeholder: '12, 13',
			description:
				'Keitaro campaign IDs to include, separated by commas. Leave empty for all campaigns.',
		},
		...rangeProperties('yesterday'),
		{
			displayName: 'Conversion Time',
			name: 'conversionTime',
			type: 'options',
			options: [
				{
					name: 'Visit Time (Report)',
					value: 'visit',
					description:
						"As Keitaro's report counts them: by click date, unless the tracker-wide setting says by conversion date. One request per page.",
				},
				{
					name: 'Postback Time (Conversion Log)',
					value: 'postback',
					description:
						'Conversions and revenue counted when the postback arrived, summed from the conversion log (more requests)',
				},
			],
			default: 'visit',
			description:
				'Keitaro has no per-request switch between visit and postback time: postback time is computed from the conversion log',
		},
		currencyField({
			displayName: 'Tracker Currency',
			name: 'trackerCurrency',
			emptyLabel: 'Not Set',
			default: '',
			description:
				'Currency Keitaro reports in (its settings). Revenue, cost and profit are in this currency: Keitaro converts, the node does not.',
		}),
		currencyField({
			displayName: 'Expected Currency',
			name: 'currency',
			emptyLabel: 'Skip the Check',
			default: '',
			description:
				'Currency you need the numbers in, e.g. the ad account’s. When it differs from the tracker currency, each row gets a currencyWarning. Leave empty to skip the check.',
		}),
		...returnAllProperties,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				...pagingOptions,
				{
					displayName: 'Skip Untracked Rows',
					name: 'skipUntracked',
					type: 'boolean',
					default: false,
					description:
						'Whether to leave out rows whose ad-network IDs are all empty (traffic without the tracking parameters)',
				},
			],
		},
	],

	async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
		const network = readAdNetwork(this, i);
		// A level the network does not have (MGID ad sets) has no sub ID to group by.
		const slots = readSlots(this, i, ROLES).filter((s) => network.macros[s.role] !== undefined);
		if (!slots.length) {
			throw new NodeOperationError(this.getNode(), 'No slot is set', {
				itemIndex: i,
				description: 'Give the campaign, ad set or ad ID a sub ID slot above 0.',
			});
		}
		const seen = new Set<number>();
		for (const s of slots) {
			if (seen.has(s.slot)) {
				throw new NodeOperationError(this.getNode(), `Slot ${s.slot} is used twice`, {
					itemIndex: i,
				});
			}
			seen.add(s.slot);
		}
		const keys = slots.map((s) => KEITARO_SLOTS.slotParam(s.slot));
		const rawIds = String(this.getNodeParameter('campaignIds', i, '') ?? '').trim();
		const campaignIds = rawIds ? parseCampaignIds(this, rawIds, i) : [];
		const range = buildRange(this, i);
		const mode = this.getNodeParameter('conversionTime', i, 'visit') as string;
		const trackerCurrency = upperCurrency(this.getNodeParameter('trackerCurrency', i, ''));
		const expected = upperCurrency(this.getNodeParameter('currency', i, ''));
		for (const [label, value] of [
			['Tracker Currency', trackerCurrency],
			['Expected Currency', expected],
		]) {
			if (value && !isCurrencyCode(value)) {
				throw new NodeOperationError(
					this.getNode(),
					`${label} ${quote(value)} is not an ISO 4217 currency code such as USD, EUR or GBP`,
					{
						itemIndex: i,
					},
				);
			}
		}
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const paging = readPaging(this, i, options);

		const filters: KeitaroFilter[] = [];
		if (campaignIds.length) {
			filters.push({ name: 'campaign_id', operator: 'IN_LIST', expression: campaignIds });
		}
		const postback = mode === 'postback';
		const reportPaging: PagingSettings = postback
			? { ...paging, returnAll: true, offset: 0 }
			: paging;
		const body: IDataObject = {
			range,
			dimensions: ['campaign_id', 'campaign', ...keys],
			measures: postback
				? ['clicks', 'cost']
				: ['clicks', 'conversions', 'revenue', 'cost', 'profit', 'roi'],
			sort: [{ name: 'campaign_id', order: 'ASC' }],
		};
		if (filters.length) body.filters = filters;
		const report = await fetchPaged(this, '/report/build', body, reportPaging, i);

		const groups = new Map<string, Group>();
		for (const row of report.rows) {
			const key = keyOf(row.campaign_id, keys, row);
			const g: Group = {
				campaign_id: num(row.campaign_id),
				campaign: row.campaign === undefined || row.campaign === null ? null : String(row.campaign),
				ids: Object.fromEntries(keys.map((k) => [k, idText(row[k])])),
				clicks: num(row.clicks),
				conversions: postback ? 0 : num(row.conversions),
				revenue: postback ? 0 : num(row.revenue),
				cost: num(row.cost),
			};
			if (!postback) {
				g.profit = num(row.profit);
				g.roi = num(row.roi);
			}
			const prev = groups.get(key);
			if (prev) {
				// Same IDs again (should not happen in a grouped report): add up.
				prev.clicks += g.clicks;
				prev.cost += g.cost;
				prev.conversions += g.conversions;
				prev.revenue += g.revenue;
				if (prev.profit !== undefined) prev.profit += g.profit ?? 0;
			} else groups.set(key, g);
		}

		if (postback) {
			const logBody: IDataObject = {
				range,
				columns: ['conversion_id', 'campaign_id', 'campaign', ...keys, 'status', 'revenue'],
				sort: [{ name: 'postback_datetime', order: 'ASC' }],
			};
			if (filters.length) logBody.filters = filters;
			const log = await fetchPaged(
				this,
				'/conversions/log',
				logBody,
				{ returnAll: true, limit: 0, pageSize: paging.pageSize, offset: 0 },
				i,
			);
			for (const row of log.rows) {
				if (!COUNTED_STATUSES.has(String(row.status ?? '').toLowerCase())) continue;
				const key = keyOf(row.campaign_id, keys, row);
				let g = groups.get(key);
				if (!g) {
					g = {
						campaign_id: num(row.campaign_id),
						campaign:
							row.campaign === undefined || row.campaign === null ? null : String(row.campaign),
						ids: Object.fromEntries(keys.map((k) => [k, idText(row[k])])),
						clicks: 0,
						conversions: 0,
						revenue: 0,
						cost: 0,
					};
					groups.set(key, g);
				}
				g.conversions++;
				g.revenue += num(row.revenue);
			}
		}

		const currencyWarning =
			expected && trackerCurrency && expected !== trackerCurrency
				? `Revenue, cost and profit are in the tracker currency ${trackerCurrency}, not ${expected}; no conversion was made`
				: expected && !trackerCurrency
					? `Tracker Currency is not set: the numbers are in Keitaro's currency, which may not be ${expected}`
					: null;

		let list = [...groups.values()];
		if (options.skipUntracked === true) {
			list = list.filter((g) => keys.some((k) => g.ids[k] !== ''));
		}
		if (postback && !paging.returnAll) list = list.slice(0, paging.limit);
		return list.map((g) => {
			const revenue = round2(g.revenue);
			const cost = round2(g.cost);
			const profit = g.profit !== undefined ? round2(g.profit) : round2(revenue - cost);
			const json: IDataObject = {
				campaign_id: g.campaign_id,
				campaign: g.campaign,
				adNetwork: network.id,
			};
			slots.forEach((s, k) => {
				const value = g.ids[keys[k]];
				json[MAPPING_FIELDS[s.role]] = value === '' ? null : value;
			});
			json.clicks = g.clicks;
			json.conversions = g.conversions;
			json.revenue = revenue;
			json.cost = cost;
			json.profit = profit;
			json.roi = g.roi !== undefined ? round2(g.roi) : roi(profit, cost);
			json.currency = trackerCurrency || null;
			json.currencyWarning = currencyWarning;
			json.conversionTime = postback ? 'postback' : 'visit';
			json.timezone = String(range.timezone ?? '');
			return { json, pairedItem: { item: i } };
		});
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildConversion } from '../../../shared/model/canonical';
import {
	BINOM_DEFAULT_STATUS_MAP,
	BINOM_STATUS_FALLBACK,
	BINOM_TRACKER,
} from '../../trigger/mapping';
import { checkAnswer, conversionsSchema, periodQuery } from '../api';
import {
	includeRawField,
	periodFields,
	readLimit,
	readPages,
	returnAllLimit,
	simplifyField,
} from '../common';
import type { ActionOperation } from '../../../shared/actions';

/** Binom row → the canonical conversion; times are wall-clock of the query zone. */
export function binomConversion(row: IDataObject, zone: string, includeRaw: boolean): IDataObject {
	return buildConversion(
		{
			tracker: BINOM_TRACKER,
			event: 'conversion',
			conversionId: row.id,
			clickId: row.id,
			campaignId: row.campaign_id,
			campaignName: row.campaign,
			offerId: row.offer_id,
			offerName: row.offer,
			trafficSourceId: row.traffic_source_id,
			trafficSourceName: row.traffic_source,
			rawStatus: row.status,
			revenue: row.payout,
			currency: row.currency,
			clickTime: row.clicked_at,
			postbackTime: row.conversed_at,
			country: row.geo ?? row.country,
			ip: row.ip,
			raw: row,
		},
		{
			zone,
			statusMap: BINOM_DEFAULT_STATUS_MAP,
			statusFallback: BINOM_STATUS_FALLBACK,
			includeRaw,
		},
	) as unknown as IDataObject;
}

/**
 * Conversion → Get Many: `GET /conversions` (3P: the only working client sends datePreset,
 * timezone, sortType, limit). Rows are keyed by click id; paged with `limit`/`offset` (ASSUMED).
 * Which time the period filters on (conversion or click time) is UNKNOWN: said in the field help.
 */
export const getAll: ActionOperation = {
	option: {
		name: 'Get Many',
		value: 'getAll',
		description: 'Get many conversions of a period',
		action: 'Get many conversions',
	},
	calls: ['GET /conversions'],
	properties: [
		...periodFields('today'),
		...returnAllLimit,
		simplifyField,
		includeRawField,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Sort Direction',
					name: 'sortType',
					type: 'options',
					options: [
						{ name: 'Newest First', value: 'desc' },
						{ name: 'Oldest First', value: 'asc' },
					],
					default: 'desc',
					description: 'Order by conversion time',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const period = periodQuery(this, i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const rows = await readPages(
			this,
			i,
			(offset, limit) => ({
				method: 'GET',
				path: '/conversions',
				qs: {
					...period,
					sortColumn: 'conversed_at',
					sortType: String(options.sortType ?? 'desc'),
					limit,
					offset,
				},
				itemIndex: i,
			}),
			(body) => {
				const parsed = checkAnswer(node, conversionsSchema, body, 'GET /conversions', i);
				return (Array.isArray(parsed) ? parsed : parsed.rows) as IDataObject[];
			},
			readLimit(this, i),
		);
		if (!(this.getNodeParameter('simplify', i, true) as boolean)) return rows;
		const zone = String(period.timezone);
		return rows.map((r) =>
			binomConversion(r, zone, this.getNodeParameter('includeRaw', i, false) as boolean),
		);
	},
};

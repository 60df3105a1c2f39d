/**
 * Binom 2 rows → the canonical model, and the tracker's default status map.
 */
import type { IDataObject } from 'n8n-workflow';

import { mapStatus } from '../../shared/model/status';
import type { CanonicalStatus, StatusMap } from '../../shared/model/status';
import { buildClick, buildConversion } from '../../shared/model/canonical';
import type { ConversionEvent } from '../../shared/model/canonical';
import { clickTimeOf } from './schema';
import { BINOM_QUERY_ZONE } from './sources';
import type { BinomRow } from './sources';

export const BINOM_TRACKER = 'binom';

/**
 * Binom statuses are free strings sent by the network (`cnv_status`); these defaults follow the
 * docs' suggestion (other-trackers-api.md §4.3). An empty status is a plain postback: approved.
 * Anything else goes through the shared keyword rules (e.g. "chargeback_2" → rejected) and then
 * falls back to pending.
 */
export const BINOM_DEFAULT_STATUS_MAP: StatusMap = {
	approve: 'approved',
	approved: 'approved',
	confirmed: 'approved',
	sale: 'approved',
	paid: 'approved',
	lead: 'pending',
	new: 'pending',
	pending: 'pending',
	wait: 'pending',
	signup: 'pending',
	hold: 'hold',
	reject: 'rejected',
	rejected: 'rejected',
	declined: 'rejected',
	cancel: 'rejected',
	trash: 'rejected',
	fraud: 'rejected',
	chargeback: 'rejected',
	'': 'approved',
};

export const BINOM_STATUS_FALLBACK: CanonicalStatus = 'pending';

/** The defaults as editable text lines (shown in the node's description). */
export function describeStatusDefaults(map: StatusMap = BINOM_DEFAULT_STATUS_MAP): string {
	const groups = new Map<CanonicalStatus, string[]>();
	for (const [raw, canonical] of Object.entries(map)) {
		const list = groups.get(canonical) ?? [];
		list.push(raw === '' ? '(empty)' : raw);
		groups.set(canonical, list);
	}
	return [...groups.entries()].map(([c, raws]) => `${raws.join(', ')} → ${c}`).join('; ');
}

export interface MapOptions {
	statusMap: StatusMap;
	includeRaw: boolean;
}

export function binomConversionToJson(
	row: BinomRow,
	event: ConversionEvent,
	options: MapOptions,
	previous?: { rawStatus: string; revenue: number },
): IDataObject {
	const out = buildConversion(
		{
			tracker: BINOM_TRACKER,
			event,
			conversionId: row.id,
			clickId: row.id,
			campaignId: row.campaign_id,
			campaignName: row.campaign,
			offerId: row.offer_id,
			offerName: row.offer,
			trafficSourceId: row.traffic_source_id,
			trafficSourceName: row.traffic_source,
			affiliateNetworkName: row.affiliate_network,
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
			zone: BINOM_QUERY_ZONE,
			statusMap: options.statusMap,
			statusFallback: BINOM_STATUS_FALLBACK,
			includeRaw: options.includeRaw,
		},
	) as unknown as IDataObject;
	if (previous) {
		out.previousStatus = mapStatus(previous.rawStatus, options.statusMap, BINOM_STATUS_FALLBACK);
		out.previousRawStatus = previous.rawStatus;
		out.previousRevenue = previous.revenue;
	}
	return out;
}

export function binomClickToJson(row: BinomRow, options: { includeRaw: boolean }): IDataObject {
	return buildClick(
		{
			tracker: BINOM_TRACKER,
			clickId: row.id,
			visitorId: row.uclick_id,
			campaignId: row.campaign_id,
			campaignName: row.campaign,
			offerId: row.offer_id,
			offerName: row.offer,
			flowId: row.path_id,
			flowName: row.path,
			trafficSourceId: row.traffic_source_id,
			trafficSourceName: row.traffic_source,
			landingId: row.landing_id,
			landingName: row.landing,
			clickTime: typeof row.click_time === 'string' ? clickTimeOf(row) : row.click_time,
			country: row.country ?? row.geo,
			ip: row.ip,
			userAgent: row.user_agent,
			isBot: row.is_bot,
			isUnique: row.is_tracker_unique,
			cost: row.cost,
			revenue: row.payout,
			currency: row.currency,
			raw: row,
		},
		{ zone: BINOM_QUERY_ZONE, includeRaw: options.includeRaw },
	) as unknown as IDataObject;
}

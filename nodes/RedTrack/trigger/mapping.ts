/** RedTrack rows → the canonical model (`tracker: 'redtrack'`). */
import type { IDataObject } from 'n8n-workflow';

import {
	buildCampaignEvent,
	buildClick,
	buildConversion,
	extractSubIds,
} from '../../shared/model/canonical';
import type {
	CampaignEventType,
	CanonicalCampaign,
	CanonicalClick,
	CanonicalConversion,
	ConversionEvent,
	StatusMap,
} from '../../shared/model/canonical';
import type { RedTrackRow } from './logs';
import { REDTRACK_STATUS_FALLBACK } from './status';

export interface ConversionMapping {
	zone: string;
	statusMap: StatusMap;
	includeRaw?: boolean;
	event?: ConversionEvent;
	previousRawStatus?: string;
}

function firstOf(...values: unknown[]): unknown {
	return values.find((v) => v !== undefined && v !== null && v !== '');
}

export function redTrackConversion(row: RedTrackRow, m: ConversionMapping): CanonicalConversion {
	return buildConversion(
		{
			tracker: 'redtrack',
			event: m.event ?? 'conversion.created',
			conversionId: row.id,
			clickId: row.clickid,
			transactionId: firstOf(row.order, row.deduplicate_token),
			campaignId: row.campaign_id,
			campaignName: row.campaign,
			offerId: row.offer_id,
			offerName: row.offer,
			trafficSourceId: row.source_id,
			trafficSourceName: row.source,
			affiliateNetworkId: row.network_id,
			affiliateNetworkName: row.network,
			landingId: row.landing_id,
			landingName: row.landing,
			subIds: extractSubIds(row, 'sub', 20),
			rawStatus: row.status,
			previousRawStatus: m.previousRawStatus,
			revenue: row.payout,
			currency: row.currency,
			clickTime: row.track_time,
			postbackTime: firstOf(row.conv_time, row.created_at),
			country: row.country,
			ip: row.ip,
			raw: row,
		},
		{
			zone: m.zone,
			statusMap: m.statusMap,
			statusFallback: REDTRACK_STATUS_FALLBACK,
			includeRaw: m.includeRaw,
		},
	);
}

function flag(...values: unknown[]): boolean | null {
	const known = values.filter((v) => typeof v === 'number' || typeof v === 'boolean');
	if (known.length === 0) return null;
	return known.some((v) => v === true || v === 1);
}

export function redTrackClick(row: RedTrackRow, zone: string, includeRaw = false): CanonicalClick {
	return buildClick(
		{
			tracker: 'redtrack',
			clickId: row.id,
			visitorId: firstOf(row.fingerprint, row.user_id),
			campaignId: row.campaign_id,
			campaignName: row.campaign,
			offerId: row.offer_id,
			offerName: row.offer,
			trafficSourceId: row.source_id,
			trafficSourceName: row.source,
			landingId: row.landing_id,
			landingName: row.landing,
			subIds: extractSubIds(row, 'sub', 20),
			clickTime: row.track_time,
			country: row.country,
			ip: row.ip,
			userAgent: row.user_agent,
			isBot: flag(row.is_datacenter, row.is_blacklist, row.is_baddevice),
			isUnique: row.uniq,
			cost: row.cost,
			raw: row,
		},
		{ zone, includeRaw },
	);
}

/** RedTrack campaign status (spec: 1 active, 2 paused, 3 deleted) as a word. */
export function campaignState(status: unknown): string | null {
	switch (
		String(status ?? '')
			.trim()
			.toLowerCase()
	) {
		case '1':
		case 'active':
			return 'active';
		case '2':
		case 'paused':
			return 'paused';
		case '3':
		case 'deleted':
			return 'deleted';
		case '':
			return null;
		default:
			return String(status);
	}
}

/**
 * deleted (status 3) / created (never seen, `updated_at` within a second of `created_at`) /
 * statusChanged (the state differs from the last one seen) / updated.
 */
export function campaignEventType(
	row: RedTrackRow,
	createdMs: number,
	updatedMs: number,
	previousState?: string,
): CampaignEventType {
	const state = campaignState(row.status);
	if (state === 'deleted') return 'campaign.deleted';
	if (previousState !== undefined && previousState !== (state ?? '')) {
		return 'campaign.statusChanged';
	}
	const fresh =
		!Number.isFinite(updatedMs) || (Number.isFinite(createdMs) && updatedMs - createdMs < 1000);
	return fresh && previousState === undefined ? 'campaign.created' : 'campaign.updated';
}

export function redTrackCampaign(
	row: RedTrackRow,
	event: CampaignEventType,
	includeRaw = false,
	previousState?: string,
): CanonicalCampaign {
	return buildCampaignEvent(
		{
			tracker: 'redtrack',
			event,
			campaignId: row.id,
			campaignName: row.title,
			state: campaignState(row.status),
			previousState: previousState === '' ? undefined : previousState,
			trafficSourceId: row.source_id,
			trafficSourceName: row.source_title,
			createdAt: row.created_at,
			updatedAt: row.updated_at,
			raw: row,
		},
		{ zone: 'UTC', includeRaw },
	);
}

export const asJson = (v: object): IDataObject => v as IDataObject;

/**
 * Conversion log columns, filters and the mapping of a conversion row to the canonical model,
 * shared by New Conversion and Conversion Status Changed. What is new and what changed is decided
 * by the conversion watch (watch.ts); this module also provides the manual-mode sample source.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import {
	buildConversion,
	normalizeCountry,
	toIsoOrNull,
	toNumber,
	toStringOrNull,
} from '../../shared/model/canonical';
import type { CanonicalConversion } from '../../shared/model/canonical';
import { isoOfParsed, parseTimeToMs } from '../../shared/polling';
import type { KeitaroFilter, TriggerOptions } from './common';
import { idOrNull, plainNumber, subIdReader, TRACKER } from './common';
import type { KeitaroLogSource, KeitaroRow } from './logSource';
import { keitaroLogSource } from './logSource';
import type { KeitaroStatusMapper } from './status';

export const CONVERSION_BASE_COLUMNS = [
	'conversion_id',
	'sub_id',
	'tid',
	'status',
	'previous_status',
	'original_status',
	'revenue',
	'postback_datetime',
	'click_datetime',
	'campaign_id',
	'campaign',
	'offer_id',
	'offer',
	'stream_id',
	'stream',
	'ts_id',
	'ts',
	'affiliate_network_id',
	'affiliate_network',
	'landing_id',
	'landing',
	'country_code',
	'ip',
];

export function subIdColumns(count: number): string[] {
	return Array.from({ length: count }, (_v, i) => `sub_id_${i + 1}`);
}

export type ConversionEventKind = 'newConversion' | 'conversionStatusChanged';

export interface ConversionFilters {
	campaignIds: number[];
	offerIds: number[];
	trafficSourceIds: number[];
	statuses: string[];
	previousStatuses: string[];
}

export function conversionFilters(
	f: ConversionFilters,
	kind: ConversionEventKind,
): KeitaroFilter[] {
	const out: KeitaroFilter[] = [];
	if (f.campaignIds.length)
		out.push({ name: 'campaign_id', operator: 'IN_LIST', expression: f.campaignIds });
	if (f.offerIds.length)
		out.push({ name: 'offer_id', operator: 'IN_LIST', expression: f.offerIds });
	if (f.trafficSourceIds.length) {
		out.push({ name: 'ts_id', operator: 'IN_LIST', expression: f.trafficSourceIds });
	}
	if (f.statuses.length) out.push({ name: 'status', operator: 'IN_LIST', expression: f.statuses });
	if (kind === 'conversionStatusChanged' && f.previousStatuses.length) {
		out.push({ name: 'previous_status', operator: 'IN_LIST', expression: f.previousStatuses });
	}
	return out;
}

export function hasPreviousStatus(row: KeitaroRow): boolean {
	const p = row.previous_status;
	return p !== null && p !== undefined && String(p).trim() !== '';
}

export function conversionSource(
	ctx: IPollFunctions,
	kind: ConversionEventKind,
	filters: KeitaroFilter[],
	options: TriggerOptions,
	mapper: KeitaroStatusMapper,
): KeitaroLogSource {
	const statusChanged = kind === 'conversionStatusChanged';
	const zone = options.timezone;
	return keitaroLogSource({
		ctx,
		path: '/conversions/log',
		timeField: 'postback_datetime',
		idField: 'conversion_id',
		columns: [...CONVERSION_BASE_COLUMNS, ...subIdColumns(options.subIdCount)],
		filters,
		sampleFilters: statusChanged ? [{ name: 'previous_status', operator: 'IS_SET' }] : [],
		options,
		timeFilter: options.conversionTimeMode === 'click' ? 'filter' : 'range',
		toJson: conversionToJson(kind, options, mapper),
		prepare: (row) => {
			const status =
				row.status === undefined || row.status === null ? '' : String(row.status).trim();
			return {
				raw: row,
				t: parseTimeToMs(row.postback_datetime, zone),
				k: statusChanged ? `${String(row.conversion_id)}|${status}` : String(row.conversion_id),
				id: Number(row.conversion_id),
				prev: hasPreviousStatus(row) ? String(row.previous_status).trim() : '',
				status,
			};
		},
	});
}

/**
 * Maps a conversion log row to the canonical model. New Conversion maps every row a backfill
 * reads, so its items are built in one object literal with the shared coercions and no
 * intermediate object (about a quarter less time and garbage per row than `buildConversion`);
 * the unit tests hold it equal to `conversionToJsonGeneric`, keys in the same order, for
 * arbitrary rows. Status changes and Include Raw Fields use the generic mapping.
 */
export function conversionToJson(
	kind: ConversionEventKind,
	options: TriggerOptions,
	mapper: KeitaroStatusMapper,
): (row: KeitaroRow, postbackMs?: number) => IDataObject {
	if (kind !== 'newConversion' || options.includeRaw) {
		return conversionToJsonGeneric(kind, options, mapper);
	}
	const zone = options.timezone;
	const subIds = subIdReader(options.subIdCount);
	const currency = toStringOrNull(options.currency)?.toUpperCase() ?? null;
	return (row, postbackMs) => {
		const status = row.status;
		const item: CanonicalConversion & { isRebill: boolean; originalStatus: string | null } = {
			tracker: TRACKER,
			event: 'conversion.created',
			conversionId: toStringOrNull(row.conversion_id) ?? '',
			clickId: toStringOrNull(row.sub_id),
			transactionId: toStringOrNull(row.tid),
			campaignId: toStringOrNull(idOrNull(row.campaign_id)),
			campaignName: toStringOrNull(row.campaign),
			offerId: toStringOrNull(idOrNull(row.offer_id)),
			offerName: toStringOrNull(row.offer),
			flowId: toStringOrNull(idOrNull(row.stream_id)),
			flowName: toStringOrNull(row.stream),
			trafficSourceId: toStringOrNull(idOrNull(row.ts_id)),
			trafficSourceName: toStringOrNull(row.ts),
			affiliateNetworkId: toStringOrNull(idOrNull(row.affiliate_network_id)),
			affiliateNetworkName: toStringOrNull(row.affiliate_network),
			landingId: toStringOrNull(idOrNull(row.landing_id)),
			landingName: toStringOrNull(row.landing),
			subIds: subIds(row),
			status: mapper.canonical(status, row.original_status),
			rawStatus: toStringOrNull(status) ?? '',
			revenue: toNumber(plainNumber(row.revenue), 0),
			currency,
			clickTime: toIsoOrNull(row.click_datetime, zone),
			postbackTime:
				postbackMs === undefined
					? toIsoOrNull(row.postback_datetime, zone)
					: isoOfParsed(row.postback_datetime, postbackMs, zone),
			country: normalizeCountry(row.country_code),
			ip: toStringOrNull(row.ip),
			isRebill: String(status ?? '').toLowerCase() === 'rebill',
			originalStatus: originalStatusOf(row.original_status),
		};
		return item as unknown as IDataObject;
	};
}

function originalStatusOf(v: unknown): string | null {
	return v === undefined || v === null || v === '' ? null : String(v);
}

/**
 * Maps a conversion log row to the canonical model through the shared `buildConversion` (the
 * reference mapping; used for status changes and with Include Raw Fields).
 */
export function conversionToJsonGeneric(
	kind: ConversionEventKind,
	options: TriggerOptions,
	mapper: KeitaroStatusMapper,
): (row: KeitaroRow, postbackMs?: number) => IDataObject {
	const statusChanged = kind === 'conversionStatusChanged';
	const event = statusChanged ? 'conversion.statusChanged' : 'conversion.created';
	const zone = options.timezone;
	const buildOptions = { zone, statusMap: mapper.map, includeRaw: options.includeRaw };
	const subIds = subIdReader(options.subIdCount);
	return (row, postbackMs) => {
		const c = buildConversion(
			{
				tracker: TRACKER,
				event,
				conversionId: row.conversion_id,
				clickId: row.sub_id,
				transactionId: row.tid,
				campaignId: idOrNull(row.campaign_id),
				campaignName: row.campaign,
				offerId: idOrNull(row.offer_id),
				offerName: row.offer,
				flowId: idOrNull(row.stream_id),
				flowName: row.stream,
				trafficSourceId: idOrNull(row.ts_id),
				trafficSourceName: row.ts,
				affiliateNetworkId: idOrNull(row.affiliate_network_id),
				affiliateNetworkName: row.affiliate_network,
				landingId: idOrNull(row.landing_id),
				landingName: row.landing,
				// Sub ids are read below by a reader prepared once per poll (hot path).
				subIds: undefined,
				rawStatus: row.status,
				status: mapper.canonical(row.status, row.original_status),
				previousRawStatus: statusChanged ? row.previous_status : undefined,
				revenue: plainNumber(row.revenue),
				currency: options.currency,
				clickTime: row.click_datetime,
				// The postback time was parsed already (the event time): not parsed again.
				postbackTime: postbackMs === undefined ? row.postback_datetime : undefined,
				country: row.country_code,
				ip: row.ip,
				raw: row,
			},
			buildOptions,
		);
		c.subIds = subIds(row);
		if (postbackMs !== undefined) {
			c.postbackTime = isoOfParsed(row.postback_datetime, postbackMs, zone);
		}
		const out = c as unknown as IDataObject;
		out.isRebill = String(row.status ?? '').toLowerCase() === 'rebill';
		out.originalStatus = originalStatusOf(row.original_status);
		return out;
	};
}

/** Static-data key of the id mark of earlier versions (dropped: the watch replaces it). */
export const MARK_KEY = 'keitaroConversionMark';

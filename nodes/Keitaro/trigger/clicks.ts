/**
 * New Click: `POST /clicks/log` by click `datetime`, key = the click's Keitaro subid (`sub_id`,
 * what postbacks send back as {subid}), falling back to `click_id`. Clicks are logged as they
 * happen, so the lateness window only has to cover clock skew and the tracker's write delay.
 * Clicks can be many: Max Items per Poll caps each poll, the rest follows in the next polls.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import {
	buildClick,
	normalizeCountry,
	toBooleanOrNull,
	toIsoOrNull,
	toNumberOrNull,
	toStringOrNull,
} from '../../shared/model/canonical';
import type { CanonicalClick } from '../../shared/model/canonical';
import { isoOfParsed, parseTimeToMs } from '../../shared/polling';
import type { KeitaroFilter, TriggerOptions } from './common';
import { idOrNull, plainNumber, subIdReader, TRACKER } from './common';
import { subIdColumns } from './conversions';
import type { KeitaroLogSource, KeitaroRow } from './logSource';
import { keitaroLogSource } from './logSource';

export const CLICK_BASE_COLUMNS = [
	'click_id',
	'sub_id',
	'visitor_code',
	'datetime',
	'campaign_id',
	'campaign',
	'stream_id',
	'stream',
	'offer_id',
	'offer',
	'landing_id',
	'landing',
	'ts_id',
	'ts',
	'country_code',
	'ip',
	'user_agent',
	'is_bot',
	'is_unique_campaign',
	'cost',
	'revenue',
];

export interface ClickFilters {
	campaignIds: number[];
	excludeBots: boolean;
	uniqueOnly: boolean;
}

export function clickFilters(f: ClickFilters): KeitaroFilter[] {
	const out: KeitaroFilter[] = [];
	if (f.campaignIds.length)
		out.push({ name: 'campaign_id', operator: 'IN_LIST', expression: f.campaignIds });
	if (f.excludeBots) out.push({ name: 'is_bot', operator: 'IS_FALSE' });
	if (f.uniqueOnly) out.push({ name: 'is_unique_campaign', operator: 'IS_TRUE' });
	return out;
}

export function clickKey(row: KeitaroRow): string {
	const s = row.sub_id;
	return s !== undefined && s !== null && s !== '' ? String(s) : `#${String(row.click_id)}`;
}

export function clickSource(
	ctx: IPollFunctions,
	filters: KeitaroFilter[],
	options: TriggerOptions,
): KeitaroLogSource {
	const zone = options.timezone;
	return keitaroLogSource({
		ctx,
		path: '/clicks/log',
		timeField: 'datetime',
		idField: 'click_id',
		columns: [...CLICK_BASE_COLUMNS, ...subIdColumns(options.subIdCount)],
		filters,
		options,
		timeFilter: 'range',
		toJson: clickToJson(options),
		prepare: (row) => ({
			raw: row,
			t: parseTimeToMs(row.datetime, zone),
			k: clickKey(row),
			id: Number(row.click_id),
			prev: '',
			status: '',
		}),
	});
}

/**
 * Maps a click log row to the canonical model. Clicks come by the thousand, so without Include
 * Raw Fields the item is built in one object literal with the shared coercions and no
 * intermediate object; the unit tests hold it equal to `clickToJsonGeneric`, keys in the same
 * order, for arbitrary rows.
 */
export function clickToJson(
	options: TriggerOptions,
): (row: KeitaroRow, clickMs?: number) => IDataObject {
	if (options.includeRaw) return clickToJsonGeneric(options);
	const subIds = subIdReader(options.subIdCount);
	const zone = options.timezone;
	const currency = toStringOrNull(options.currency)?.toUpperCase() ?? null;
	return (row, clickMs) => {
		const item: CanonicalClick = {
			tracker: TRACKER,
			event: 'click.created',
			clickId: toStringOrNull(row.sub_id ?? row.click_id) ?? '',
			visitorId: toStringOrNull(row.visitor_code),
			campaignId: toStringOrNull(idOrNull(row.campaign_id)),
			campaignName: toStringOrNull(row.campaign),
			offerId: toStringOrNull(idOrNull(row.offer_id)),
			offerName: toStringOrNull(row.offer),
			flowId: toStringOrNull(idOrNull(row.stream_id)),
			flowName: toStringOrNull(row.stream),
			trafficSourceId: toStringOrNull(idOrNull(row.ts_id)),
			trafficSourceName: toStringOrNull(row.ts),
			landingId: toStringOrNull(idOrNull(row.landing_id)),
			landingName: toStringOrNull(row.landing),
			subIds: subIds(row),
			clickTime:
				clickMs === undefined
					? toIsoOrNull(row.datetime, zone)
					: isoOfParsed(row.datetime, clickMs, zone),
			country: normalizeCountry(row.country_code),
			ip: toStringOrNull(row.ip),
			userAgent: toStringOrNull(row.user_agent),
			isBot: toBooleanOrNull(row.is_bot),
			isUnique: toBooleanOrNull(row.is_unique_campaign),
			cost: toNumberOrNull(plainNumber(row.cost)),
			revenue: toNumberOrNull(plainNumber(row.revenue)),
			currency,
		};
		return item as unknown as IDataObject;
	};
}

/** Maps a click log row through the shared `buildClick` (the reference; Include Raw Fields). */
export function clickToJsonGeneric(
	options: TriggerOptions,
): (row: KeitaroRow, clickMs?: number) => IDataObject {
	const buildOptions = { zone: options.timezone, includeRaw: options.includeRaw };
	const subIds = subIdReader(options.subIdCount);
	const zone = options.timezone;
	return (row, clickMs) => {
		const c = buildClick(
			{
				tracker: TRACKER,
				event: 'click.created',
				clickId: row.sub_id ?? row.click_id,
				visitorId: row.visitor_code,
				campaignId: idOrNull(row.campaign_id),
				campaignName: row.campaign,
				offerId: idOrNull(row.offer_id),
				offerName: row.offer,
				flowId: idOrNull(row.stream_id),
				flowName: row.stream,
				trafficSourceId: idOrNull(row.ts_id),
				trafficSourceName: row.ts,
				landingId: idOrNull(row.landing_id),
				landingName: row.landing,
				subIds: undefined,
				// The click time was parsed already (the event time): not parsed again.
				clickTime: clickMs === undefined ? row.datetime : undefined,
				country: row.country_code,
				ip: row.ip,
				userAgent: row.user_agent,
				isBot: row.is_bot,
				isUnique: row.is_unique_campaign,
				cost: plainNumber(row.cost),
				revenue: plainNumber(row.revenue),
				currency: options.currency,
				raw: row,
			},
			buildOptions,
		);
		c.subIds = subIds(row);
		if (clickMs !== undefined) c.clickTime = isoOfParsed(row.datetime, clickMs, zone);
		return c as unknown as IDataObject;
	};
}

/**
 * TG Tracker rows → canonical conversion events (facts: other-trackers-api.md §5.3):
 * - a join (status 1) is a subscription conversion: `conversion.created`, approved by default;
 * - a leave (status 0 / -1) is, by default, a separate `conversion.unsubscribed` event of the same
 *   subscription (its status stays the subscription's); if the user opts in, it is instead a
 *   `conversion.statusChanged` that rejects the subscription.
 * The conversion id is the subscription: `userID:joinDate` (unix seconds). There is no payout.
 */
import type { IDataObject } from 'n8n-workflow';

import { buildConversion } from '../../shared/model/canonical';
import { mapStatus } from '../../shared/model/status';
import type { CanonicalStatus, StatusMap } from '../../shared/model/status';
import { toIsoUtc } from '../../shared/polling';
import { rowKind } from './source';
import type { TgMembersSource, TgRow } from './source';

export const TG_TRACKER = 'tgtracker';

/** Raw TG statuses: 1 = joined, 0 / -1 = left. */
export const TG_DEFAULT_STATUS_MAP: StatusMap = {
	'1': 'approved',
	'0': 'rejected',
	'-1': 'rejected',
};
export const TG_STATUS_FALLBACK: CanonicalStatus = 'pending';

export type LeaveMode = 'unsubscribe' | 'reject';

export const UTM_FIELDS = ['source', 'medium', 'campaign', 'content', 'term'] as const;

export interface TgMapOptions {
	statusMap: StatusMap;
	leaveMode: LeaveMode;
	includeRaw: boolean;
	/** labelID → tag name, to resolve utm values sent as tag ids. */
	tags?: Map<string, string>;
}

function iso(ms: number): string | null {
	return Number.isFinite(ms) ? toIsoUtc(ms) : null;
}

function utmValue(row: TgRow, field: string, tags?: Map<string, string>): string | null {
	let v = (row[`utm_${field}`] ?? '').trim();
	const id = (row[`utm_${field}_id`] ?? '').trim();
	if (v === '' && id !== '' && tags?.has(id)) v = tags.get(id) as string;
	else if (tags && /^\d+$/.test(v) && tags.has(v)) v = tags.get(v) as string;
	return v === '' ? null : v;
}

export function tgRowToJson(
	row: TgRow,
	source: TgMembersSource,
	options: TgMapOptions,
): IDataObject {
	const kind = rowKind(row) ?? 'join';
	const joinMs = source.dateOf(row, 'join');
	const leaveMs = kind === 'leave' ? source.dateOf(row, 'leave') : NaN;
	const eventMs = source.eventTime(row);
	const userId = String(row.userID ?? '').trim();
	const joinSec = Number.isFinite(joinMs) ? Math.floor(joinMs / 1000) : '';
	const utm: Record<string, string | null> = {};
	for (const f of UTM_FIELDS) utm[f] = utmValue(row, f, options.tags);
	const reject = kind === 'leave' && options.leaveMode === 'reject';
	const rawStatus = String(row.status ?? '').trim();
	const subIds: Record<string, string> = {};
	UTM_FIELDS.forEach((f, i) => {
		if (utm[f] !== null) subIds[`sub_id_${i + 1}`] = utm[f] as string;
	});
	const out = buildConversion(
		{
			tracker: TG_TRACKER,
			event:
				kind === 'join'
					? 'conversion.created'
					: reject
						? 'conversion.statusChanged'
						: 'conversion.unsubscribed',
			conversionId: `${userId}:${joinSec}`,
			clickId: userId,
			campaignName: utm.campaign,
			trafficSourceName: utm.source,
			subIds,
			rawStatus,
			previousRawStatus: reject ? '1' : undefined,
			revenue: 0,
			postbackTime: iso(eventMs),
			raw: row,
		},
		{
			statusMap: options.statusMap,
			statusFallback: TG_STATUS_FALLBACK,
			includeRaw: options.includeRaw,
		},
	) as unknown as IDataObject;
	// An unsubscribe event keeps the subscription's status (what status 1 maps to); a rejection
	// carries the leave's own status (0 / -1 → rejected by default).
	if (kind === 'leave' && !reject) {
		out.status = mapStatus('1', options.statusMap, TG_STATUS_FALLBACK);
	}
	const json: IDataObject = {
		...out,
		eventId: `${kind}:${userId}:${Math.floor((kind === 'join' ? joinMs : leaveMs) / 1000)}`,
		userId,
		subscribed: kind === 'join',
		joinTime: iso(joinMs),
		leaveTime: iso(leaveMs),
		utm,
		subscribersCount: numberOrNull(row.subscribersCount),
		unsubscribersCount: numberOrNull(row.unsubscribersCount),
	};
	return json;
}

function numberOrNull(v: unknown): number | null {
	const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	return Number.isFinite(n) ? n : null;
}

/**
 * Keitaro conversion statuses → canonical (keitaro-admin-api.md §5): lead → pending, sale →
 * approved, rebill → approved (flagged `isRebill`), rejected → rejected; anything else by keyword
 * (trash/cancel/declined → rejected, hold → hold, approved/confirmed/paid → approved), then
 * pending. The user's map (lines `raw=canonical`) wins; a user entry for a conversion's
 * `original_status` (the network's raw status, e.g. `hold`) wins over its Keitaro status, which is
 * how "hold" can be told from "pending" although Keitaro posts both as `lead`.
 */
import {
	mapStatus,
	mergeStatusMaps,
	normalizeRawStatus,
	parseStatusMap,
} from '../../shared/model/status';
import type { CanonicalStatus, StatusMap } from '../../shared/model/status';

export const KEITARO_STATUS_MAP: StatusMap = {
	lead: 'pending',
	sale: 'approved',
	rebill: 'approved',
	rejected: 'rejected',
};

export interface KeitaroStatusMapper {
	/** Defaults merged with the user's entries. */
	map: StatusMap;
	/** The user's entries only. */
	user: StatusMap;
	/** Canonical status of a row (original status first when the user mapped it). */
	canonical(status: unknown, originalStatus?: unknown): CanonicalStatus;
}

/** Builds the mapper; `problems` lists invalid lines of the user's map. */
export function keitaroStatusMapper(userText: string): {
	mapper: KeitaroStatusMapper;
	problems: string[];
} {
	const parsed = parseStatusMap(userText);
	const user: StatusMap = parsed.map;
	const map = mergeStatusMaps(KEITARO_STATUS_MAP, user);
	const hasUser = Object.keys(user).length > 0;
	return {
		problems: parsed.problems,
		mapper: {
			map,
			user,
			canonical(status, originalStatus) {
				if (hasUser && originalStatus !== undefined && originalStatus !== null) {
					const key = normalizeRawStatus(originalStatus);
					if (key !== '' && Object.prototype.hasOwnProperty.call(user, key)) return user[key];
				}
				return mapStatus(status, map);
			},
		},
	};
}

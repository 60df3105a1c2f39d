/**
 * Voluum has no approval status on conversions (other-trackers-api.md §1.3): it has custom
 * conversion types (`conversionType` name, `conversionTypeId`). The trigger maps the type to the
 * canonical status with a user-editable map. Only exact (case-insensitive) matches count — no
 * keyword guessing — and every type the map does not name is approved.
 */
import type { CanonicalStatus, StatusMap } from '../../shared/model/status';
import { mergeStatusMaps, normalizeRawStatus, parseStatusMap } from '../../shared/model/status';

/** The documented defaults: the usual names of negative or on-hold types. */
export const VOLUUM_DEFAULT_STATUS_MAP: StatusMap = {
	hold: 'hold',
	chargeback: 'rejected',
	refund: 'rejected',
	rejected: 'rejected',
	declined: 'rejected',
};

/** What a conversion type not named in the map counts as. */
export const VOLUUM_STATUS_FALLBACK: CanonicalStatus = 'approved';

export interface ResolvedStatusMap {
	map: StatusMap;
	problems: string[];
}

/** The defaults overlaid by the user's lines (`type=canonical`, or a JSON object). */
export function voluumStatusMap(userInput: unknown): ResolvedStatusMap {
	const parsed = parseStatusMap(userInput);
	return { map: mergeStatusMaps(VOLUUM_DEFAULT_STATUS_MAP, parsed.map), problems: parsed.problems };
}

/**
 * Canonical status of a conversion: the map entry of its type name, else of its type id, else
 * approved (`VOLUUM_STATUS_FALLBACK`).
 */
export function voluumStatus(typeName: unknown, typeId: unknown, map: StatusMap): CanonicalStatus {
	const keys = [normalizeRawStatus(typeName), normalizeRawStatus(typeId)].filter((k) => k !== '');
	// A row without any type can still be mapped with the empty key (a line "=hold").
	if (keys.length === 0) keys.push('');
	for (const key of keys) {
		if (Object.prototype.hasOwnProperty.call(map, key)) return map[key];
	}
	return VOLUUM_STATUS_FALLBACK;
}

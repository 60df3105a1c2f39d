/**
 * RedTrack conversion statuses (other-trackers-api.md §2.3): pending, approved, declined and
 * other, on `ConversionView.status` (casing unverified: matching ignores case). RedTrack has no
 * hold. The defaults below are overlaid by the user's map; unknown values go through the shared
 * keyword rules, then count as pending.
 */
import type { CanonicalStatus, StatusMap } from '../../shared/model/status';
import { mergeStatusMaps, parseStatusMap } from '../../shared/model/status';

export const REDTRACK_DEFAULT_STATUS_MAP: StatusMap = {
	approved: 'approved',
	pending: 'pending',
	declined: 'rejected',
	other: 'pending',
};

export const REDTRACK_STATUS_FALLBACK: CanonicalStatus = 'pending';

export function redTrackStatusMap(userInput: unknown): { map: StatusMap; problems: string[] } {
	const parsed = parseStatusMap(userInput);
	return {
		map: mergeStatusMaps(REDTRACK_DEFAULT_STATUS_MAP, parsed.map),
		problems: parsed.problems,
	};
}

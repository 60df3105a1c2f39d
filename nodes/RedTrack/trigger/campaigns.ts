/**
 * "New or Updated Campaign" of the RedTrack Trigger: `GET /campaigns` (spec `models.Campaign`:
 * `id`, `title`, `status` 1 active / 2 paused / 3 deleted, `created_at`, `updated_at`).
 *
 * The list has no change-time filter, so each poll reads it once (`page`/`per`; an array, or
 * `{total, items}`) and serves the engine's windows from memory, ordered by `updated_at` (else
 * `created_at`, RFC 3339). What is new is `id|updated_at`: every change that moves `updated_at`
 * (a pause, an edit) is one event; the list's daily `stat` block does not count as a change.
 * The trigger keeps each campaign's last state (`StatusMemo`) to report `previousState` and to
 * tell status changes (paused, resumed) from other edits.
 */
import type { PollSource } from '../../shared/polling';
import { parseTimeToMs } from '../../shared/polling';
import { changeListSource, readWholeList } from '../../shared/trigger';
import type { RedTrackApiClient } from './api';
import type { RedTrackRow } from './logs';
import { idOf, logPage } from './logs';

const LIST_PAGE = 500;
const MAX_LIST_PAGES = 200;

export async function listRedTrackCampaigns(api: RedTrackApiClient): Promise<RedTrackRow[]> {
	return await readWholeList(
		async (index) => logPage(await api.get('/campaigns', { page: index + 1, per: LIST_PAGE })).rows,
		idOf,
		LIST_PAGE,
		MAX_LIST_PAGES,
	);
}

export function createdMs(row: RedTrackRow): number {
	return parseTimeToMs(row.created_at, 'UTC');
}

export function updatedMs(row: RedTrackRow): number {
	return parseTimeToMs(row.updated_at, 'UTC');
}

export function campaignTime(row: RedTrackRow): number {
	const u = updatedMs(row);
	return Number.isFinite(u) ? u : createdMs(row);
}

/** `onList` sees the whole list once per run (the campaign state memo records it on a restart). */
export function redTrackCampaignSource(
	api: RedTrackApiClient,
	onList?: (rows: RedTrackRow[]) => void,
): PollSource<RedTrackRow> {
	return changeListSource({
		load: async () => await listRedTrackCampaigns(api),
		idOf,
		changeTime: campaignTime,
		maxPageSize: 1000,
		onList,
	});
}

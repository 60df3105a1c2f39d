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
import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { parseTimeToMs } from '../../shared/polling';
import type { RedTrackApiClient } from './api';
import type { RedTrackRow } from './logs';
import { idOf, logPage } from './logs';

const LIST_PAGE = 500;
const MAX_LIST_PAGES = 200;

export async function listRedTrackCampaigns(api: RedTrackApiClient): Promise<RedTrackRow[]> {
	const out: RedTrackRow[] = [];
	const ids = new Set<string>();
	for (let page = 1; page <= MAX_LIST_PAGES; page++) {
		const { rows } = logPage(await api.get('/campaigns', { page, per: LIST_PAGE }));
		let fresh = 0;
		for (const row of rows) {
			const id = idOf(row);
			if (id === '' || ids.has(id)) continue;
			ids.add(id);
			out.push(row);
			fresh++;
		}
		// A short page ends the list; a page of known ids means the server ignores `page`.
		if (rows.length < LIST_PAGE || fresh === 0) break;
	}
	return out;
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
	let loaded: Promise<Array<{ row: RedTrackRow; t: number; k: string }>> | undefined;
	const key = (row: RedTrackRow) => `${idOf(row)}|${campaignTime(row)}`;
	const all = () => {
		loaded ??= listRedTrackCampaigns(api).then((rows) => {
			onList?.(rows);
			return rows
				.map((row) => ({ row, t: campaignTime(row), k: key(row) }))
				.filter((x) => Number.isFinite(x.t))
				.sort((a, b) => a.t - b.t || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
		});
		return loaded;
	};
	return {
		paging: { maxPageSize: 1000, granularity: 'millisecond', sorted: true, offsets: 'any' },
		async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<RedTrackRow>> {
			const inWindow = (await all()).filter((x) => x.t >= window.fromMs && x.t <= window.toMs);
			return {
				rows: inWindow.slice(page.offset, page.offset + page.limit).map((x) => x.row),
				total: inWindow.length,
			};
		},
		eventTime: campaignTime,
		key,
		async fetchLatest(limit: number): Promise<RedTrackRow[]> {
			return (await all()).slice(-limit).map((x) => x.row);
		},
	};
}

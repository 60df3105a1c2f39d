/**
 * "New or Updated Campaign" of the Voluum Trigger: `GET /campaign` (other-trackers-api.md §1.2).
 *
 * The endpoint has no time filter, so each poll reads the whole list once (pages of
 * `limit`/`offset`, archived campaigns included) and serves the engine's windows from memory,
 * ordered by the campaign's change time. A campaign is an event at its `updatedTime` (else
 * `createdTime`); what is new is `id|change time`, so every edit that moves `updatedTime` is
 * one event, and re-reading the list never repeats one.
 *
 * ASSUMPTIONS (the envelope and the fields beyond id/name are UNKNOWN in the docs): the list is
 * `{campaigns: [...]}` (a bare array, `rows` or `items` are accepted too); `createdTime` /
 * `updatedTime` are ISO instants; archived campaigns carry `deleted: true` (or an archived
 * status) and are listed with `includeDeleted=true`.
 */
import { buildCampaignEvent } from '../../shared/model/canonical';
import type { CampaignEventType, CanonicalCampaign } from '../../shared/model/canonical';
import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { parseTimeToMs } from '../../shared/polling';
import type { VoluumApiClient } from './api';
import type { VoluumRow } from './conversions';

const LIST_PAGE = 1000;
const MAX_LIST_PAGES = 200;

function entityRows(body: unknown): VoluumRow[] {
	let list: unknown = body;
	if (!Array.isArray(list) && list && typeof list === 'object') {
		const o = list as Record<string, unknown>;
		list = o.campaigns ?? o.rows ?? o.items ?? o.data;
	}
	return Array.isArray(list)
		? (list.filter((r) => r !== null && typeof r === 'object') as VoluumRow[])
		: [];
}

function idOf(row: VoluumRow): string {
	const id = row.id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}

/** Every campaign of the account (archived included), in the API's order, each id once. */
export async function listVoluumCampaigns(api: VoluumApiClient): Promise<VoluumRow[]> {
	const out: VoluumRow[] = [];
	const ids = new Set<string>();
	for (let page = 0, offset = 0; page < MAX_LIST_PAGES; page++) {
		const rows = entityRows(
			await api.get('/campaign', { limit: LIST_PAGE, offset, includeDeleted: true }),
		);
		let fresh = 0;
		for (const row of rows) {
			const id = idOf(row);
			if (id === '' || ids.has(id)) continue;
			ids.add(id);
			out.push(row);
			fresh++;
		}
		// A short page ends the list; a page of known ids means the server ignores `offset`.
		if (rows.length < LIST_PAGE || fresh === 0) break;
		offset += rows.length;
	}
	return out;
}

/** When the campaign last changed (epoch ms; NaN when it has no usable time). */
export function campaignTime(row: VoluumRow): number {
	const updated = parseTimeToMs(row.updatedTime, 'UTC');
	return Number.isFinite(updated) ? updated : parseTimeToMs(row.createdTime, 'UTC');
}

export function isArchived(row: VoluumRow): boolean {
	if (row.deleted === true || row.archived === true) return true;
	const status = typeof row.status === 'string' ? row.status : '';
	return /archiv|delet/i.test(status);
}

/**
 * A `PollSource` over a list read once per poll run and ordered by change time, for entity
 * endpoints without a time filter.
 */
export function voluumCampaignSource(api: VoluumApiClient): PollSource<VoluumRow> {
	let loaded: Promise<Array<{ row: VoluumRow; t: number; k: string }>> | undefined;
	const key = (row: VoluumRow) => `${idOf(row)}|${campaignTime(row)}`;
	const all = () => {
		loaded ??= listVoluumCampaigns(api).then((rows) =>
			rows
				.map((row) => ({ row, t: campaignTime(row), k: key(row) }))
				.filter((x) => Number.isFinite(x.t))
				.sort((a, b) => a.t - b.t || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)),
		);
		return loaded;
	};
	return {
		paging: { maxPageSize: LIST_PAGE, granularity: 'millisecond', sorted: true, offsets: 'any' },
		async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<VoluumRow>> {
			const inWindow = (await all()).filter((x) => x.t >= window.fromMs && x.t <= window.toMs);
			return {
				rows: inWindow.slice(page.offset, page.offset + page.limit).map((x) => x.row),
				total: inWindow.length,
			};
		},
		eventTime: campaignTime,
		key,
		async fetchLatest(limit: number): Promise<VoluumRow[]> {
			return (await all()).slice(-limit).map((x) => x.row);
		},
	};
}

/** created / updated / deleted (archived), judged from the row itself. */
export function campaignEventType(row: VoluumRow): CampaignEventType {
	if (isArchived(row)) return 'campaign.deleted';
	const created = parseTimeToMs(row.createdTime, 'UTC');
	const updated = parseTimeToMs(row.updatedTime, 'UTC');
	if (!Number.isFinite(updated) || (Number.isFinite(created) && updated - created < 1000)) {
		return 'campaign.created';
	}
	return 'campaign.updated';
}

function nested(v: unknown, field: string): unknown {
	return v && typeof v === 'object' ? (v as Record<string, unknown>)[field] : undefined;
}

export function voluumCampaign(row: VoluumRow, includeRaw = false): CanonicalCampaign {
	return buildCampaignEvent(
		{
			tracker: 'voluum',
			event: campaignEventType(row),
			campaignId: row.id,
			campaignName: row.name,
			state: isArchived(row) ? 'archived' : 'active',
			groupName: nested(row.workspace, 'name'),
			trafficSourceId: nested(row.trafficSource, 'id') ?? row.trafficSourceId,
			trafficSourceName: nested(row.trafficSource, 'name') ?? row.trafficSourceName,
			createdAt: row.createdTime,
			updatedAt: row.updatedTime,
			raw: row,
		},
		{ zone: 'UTC', includeRaw },
	);
}

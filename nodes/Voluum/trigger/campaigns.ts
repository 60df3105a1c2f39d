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
import type { PollSource } from '../../shared/polling';
import { parseTimeToMs } from '../../shared/polling';
import { changeListSource, readWholeList } from '../../shared/trigger';
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
	return await readWholeList(
		async (_index, offset) =>
			entityRows(await api.get('/campaign', { limit: LIST_PAGE, offset, includeDeleted: true })),
		idOf,
		LIST_PAGE,
		MAX_LIST_PAGES,
	);
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

/** The campaign list as a poll source: one event per change time of a campaign. */
export function voluumCampaignSource(api: VoluumApiClient): PollSource<VoluumRow> {
	return changeListSource({
		load: async () => await listVoluumCampaigns(api),
		idOf,
		changeTime: campaignTime,
		maxPageSize: LIST_PAGE,
	});
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

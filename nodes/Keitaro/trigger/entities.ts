/**
 * Entity Created or Updated: campaigns, flows, offers, landing pages, traffic sources and
 * affiliate networks.
 *
 * Keitaro's entity lists are unpaginated arrays without a time filter (keitaro-admin-api.md §6;
 * `/campaigns` pages with offset/limit on newer builds, read through `fetchCampaigns`). Flows have
 * no list of their own: they are read per campaign (`/campaigns/{id}/streams`), one request per
 * campaign, so choose campaigns when you have many. The list is read once per poll, its
 * `updated_at` (or `created_at`) strings are read in the tracker's time zone, and it is sorted by
 * (time, id) on our side, which makes it a sorted source for the engine. Key = `id|updated_at`:
 * every saved change is one event.
 *
 * Created vs updated: Keitaro numbers entities in creation order, so an entity whose id is above
 * the largest id known before is new (`<type>.created`), even when it was also edited before the
 * trigger saw it; otherwise `<type>.updated`. The mark starts at the largest id in the list
 * ("From Now") or the largest id of entities older than the backfill start. Archived entities
 * leave the list: removals are not reported.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { asArray, fetchCampaigns } from '../actions/common/utils';
import { toIsoOrNull } from '../../shared/model/canonical';
import type { PageResult, PageSpec, PollSource, TimeWindow } from '../../shared/polling';
import { fingerprint, parseTimeToMs } from '../../shared/polling';
import type { CompanionInput, CompanionOutput, PollCompanion } from '../../shared/trigger';
import { keitaroApiRequest } from '../transport';
import type { TriggerOptions } from './common';
import { idOrNull, TRACKER } from './common';

export type EntityType =
	| 'campaign'
	| 'flow'
	| 'offer'
	| 'landingPage'
	| 'trafficSource'
	| 'affiliateNetwork';

export const ENTITY_TYPES: ReadonlyArray<{ value: EntityType; name: string; path: string }> = [
	{ value: 'affiliateNetwork', name: 'Affiliate Network', path: '/affiliate_networks' },
	{ value: 'campaign', name: 'Campaign', path: '/campaigns' },
	{ value: 'flow', name: 'Flow', path: '/campaigns/{id}/streams' },
	{ value: 'landingPage', name: 'Landing Page', path: '/landing_pages' },
	{ value: 'offer', name: 'Offer', path: '/offers' },
	{ value: 'trafficSource', name: 'Traffic Source', path: '/traffic_sources' },
];

export interface EntityRow {
	entity: IDataObject;
	id: number;
	/** Event time: updated_at, else created_at (epoch ms; NaN when neither parses). */
	t: number;
	/** Set by the companion. */
	created?: boolean;
}

/** Fields never copied into the output (the campaign token is the Click API secret). */
const SECRET_FIELDS = ['token'];

export class EntitySource implements PollSource<EntityRow> {
	readonly paging;
	readonly overlapMs: number;
	private list: EntityRow[] | undefined;
	private all: EntityRow[] = [];

	constructor(
		private readonly ctx: IPollFunctions,
		private readonly type: EntityType,
		private readonly campaignIds: number[],
		private readonly options: TriggerOptions,
	) {
		this.paging = {
			maxPageSize: Math.max(options.pageSize, 2),
			granularity: 'second' as const,
			zone: options.timezone,
			sorted: true,
			offsets: 'any' as const,
		};
		this.overlapMs = options.overlapMs;
	}

	private async fetchList(): Promise<IDataObject[]> {
		const { ctx, type, options } = this;
		const call = async (path: string, entity?: { label: string; id: string }) =>
			asArray(
				await keitaroApiRequest.call(ctx, 'GET', path, { timeoutMs: options.timeoutMs, entity }),
			);
		switch (type) {
			case 'campaign': {
				const list = await fetchCampaigns(ctx);
				return this.campaignIds.length
					? list.filter((c) => this.campaignIds.includes(Number(c.id)))
					: list;
			}
			case 'flow': {
				const ids = this.campaignIds.length
					? this.campaignIds
					: (await fetchCampaigns(ctx)).map((c) => Number(c.id)).filter((n) => n > 0);
				const out: IDataObject[] = [];
				for (const id of ids) {
					out.push(
						...(await call(`/campaigns/${id}/streams`, { label: 'Campaign', id: String(id) })),
					);
				}
				return out;
			}
			default:
				return await call(ENTITY_TYPES.find((e) => e.value === type)?.path ?? '/offers');
		}
	}

	/** Reads the list once per poll (every page of the engine is served from it). */
	async load(): Promise<EntityRow[]> {
		if (this.list) return this.list;
		const zone = this.options.timezone;
		const rows: EntityRow[] = [];
		const seen = new Set<number>();
		for (const entity of await this.fetchList()) {
			const id = Number(entity?.id);
			if (!Number.isFinite(id) || seen.has(id)) continue;
			seen.add(id);
			const stamp = entity.updated_at ?? entity.created_at;
			rows.push({ entity, id, t: parseTimeToMs(stamp, zone) });
		}
		this.all = rows;
		this.list = rows.filter((r) => Number.isFinite(r.t)).sort((a, b) => a.t - b.t || a.id - b.id);
		return this.list;
	}

	/** Largest id in the list (0 when empty); with `beforeMs`, of entities created before it. */
	maxId(beforeMs?: number): number {
		const zone = this.options.timezone;
		let m = 0;
		for (const r of this.all) {
			if (beforeMs !== undefined) {
				const born = parseTimeToMs(r.entity.created_at ?? r.entity.updated_at, zone);
				if (!(born < beforeMs)) continue;
			}
			if (r.id > m) m = r.id;
		}
		return m;
	}

	async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<EntityRow>> {
		const list = await this.load();
		const inWindow = list.filter((r) => r.t >= window.fromMs && r.t <= window.toMs);
		return { rows: inWindow.slice(page.offset, page.offset + page.limit), total: inWindow.length };
	}

	eventTime(row: EntityRow): number {
		return row.t;
	}

	key(row: EntityRow): string {
		return `${row.id}|${String(row.entity.updated_at ?? row.entity.created_at ?? '')}`;
	}

	async fetchLatest(limit: number): Promise<EntityRow[]> {
		const list = await this.load();
		return list.slice(-limit);
	}
}

// ─── created vs updated ─────────────────────────────────────────────────────────────────────

export const ENTITY_MARK_KEY = 'keitaroEntityMark';
const MAX_DRAIN_IDS = 1000;

export interface EntityMarkV1 {
	v: 1;
	fp: string;
	/** Largest id known to exist before (ids above are new entities). */
	m: number;
	/** Ids already reported as created while a backlog is drained (cleared once caught up). */
	c: number[];
}

export function entityCompanion(source: EntitySource): PollCompanion<EntityRow> {
	return {
		key: ENTITY_MARK_KEY,
		async afterPoll(input: CompanionInput<EntityRow>): Promise<CompanionOutput<EntityRow>> {
			const { rows, result } = input;
			const fp = fingerprint({
				stream: input.options.stream ?? null,
				firstRun: input.options.firstRun,
			});
			const raw = input.state as EntityMarkV1 | undefined;
			let mark: EntityMarkV1 | undefined =
				!result.stats.reset &&
				raw &&
				raw.v === 1 &&
				raw.fp === fp &&
				typeof raw.m === 'number' &&
				Array.isArray(raw.c)
					? { v: 1, fp, m: raw.m, c: raw.c.filter((n) => typeof n === 'number') }
					: undefined;
			if (!mark) {
				await source.load();
				const fromNow =
					result.stats.reset === 'invalid-state' || input.options.firstRun.mode === 'fromNow';
				const m = result.stats.reset
					? fromNow
						? source.maxId()
						: source.maxId(Date.parse(result.stats.windowFrom))
					: 0;
				mark = { v: 1, fp, m, c: [] };
			}
			const current = mark;
			const out = rows.map((row) => ({
				...row,
				created: row.id > current.m && !current.c.includes(row.id),
			}));
			let next: EntityMarkV1;
			if (result.stats.caughtUp) {
				let m = current.m;
				for (const id of current.c) if (id > m) m = id;
				for (const row of rows) if (row.id > m) m = row.id;
				next = { v: 1, fp, m, c: [] };
			} else {
				const c = current.c.concat(out.filter((r) => r.created).map((r) => r.id));
				next = { v: 1, fp, m: current.m, c: c.slice(-MAX_DRAIN_IDS) };
			}
			return { rows: out, state: next };
		},
	};
}

export function entityToJson(
	type: EntityType,
	options: TriggerOptions,
): (row: EntityRow) => IDataObject {
	const zone = options.timezone;
	return (row) => {
		const e = row.entity;
		const out: IDataObject = {
			tracker: TRACKER,
			event: `${type}.${row.created ? 'created' : 'updated'}`,
			entityType: type,
			entityId: String(row.id),
			name: e.name === undefined || e.name === null || e.name === '' ? null : String(e.name),
			state: e.state === undefined || e.state === null || e.state === '' ? null : String(e.state),
			campaignId: type === 'campaign' ? String(row.id) : idOrNull(e.campaign_id),
			createdAt: toIsoOrNull(e.created_at, zone),
			updatedAt: toIsoOrNull(e.updated_at, zone),
		};
		if (options.includeRaw) {
			const copy: IDataObject = { ...e };
			for (const f of SECRET_FIELDS) delete copy[f];
			out.raw = copy;
		}
		return out;
	};
}

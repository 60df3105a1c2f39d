/**
 * New Conversion and Conversion Status Changed.
 *
 * Both read `POST /conversions/log` by `postback_datetime`. Keitaro keeps one row per conversion
 * and changes it in place on a status postback: `status` becomes the new one, `previous_status`
 * the old one, and `postback_datetime` moves to the time of that postback. So:
 *
 * Conversion Status Changed — key `conversion_id|status`, rows with a previous status different
 * from the status. Every change is a row at a new postback time, so the engine sees it as a new
 * event. If a tracker did NOT move `postback_datetime` on a status postback, a change would
 * happen "in the past" and is only seen while its row is inside the lateness window: set the
 * Lateness Window to the longest delay between a conversion and its status change (the state
 * then holds all conversions of that window).
 *
 * New Conversion — key `conversion_id`. A row without a previous status is a first postback and
 * is new. A row WITH a previous status is a conversion seen again after a status change; it is
 * new only when its first postback was never read (it was created and changed between two polls,
 * or before a backfill reached it). The engine forgets keys older than the lateness window, so
 * the id mark below tells the two apart.
 *
 * ## The id mark (companion state of New Conversion)
 * Keitaro numbers conversions in arrival order, and a postback's time is never after its
 * arrival, nor more than the lateness window O before it. So when a poll has read every row
 * before position S, every conversion with an id ≤ that of a row read at a time < S − O (or, for
 * a row read after a status change, < S) had been read too, unless its status had already
 * changed (then its row sat later, and is read there as new). The state is:
 * - `b` and the steps `e = [[τ, m], …]`: "a status change registered at or after τ (tracker
 *   clock) of a conversion with id ≤ m is a change of a conversion already read". τ is the end of
 *   the poll, rounded up to the second, plus `CLOCK_MARGIN_MS` for clock skew between n8n and the
 *   tracker. A poll that caught up counts every row. "From Now" sets `b` to the largest conversion
 *   id in the tracker (one request): conversions older than the trigger are never new. Backfills
 *   start from 0, so a conversion whose first postback came before the backfill period and whose
 *   status changed inside it is emitted too (its first postback cannot be told apart);
 * - `g`: ids emitted but not yet covered by the steps at the engine's cursor (those read near S,
 *   and those whose change may come before τ). A changed row whose id is in `g` is not new.
 * Steps older than the engine's cursor fold into `b`; `g` drops ids the steps cover. Bounds:
 * `MAX_MARK_ENTRIES` steps and `MAX_PENDING_IDS` ids (dropping either only makes a repeat possible,
 * never a miss); ~2 KB in steady state, ≤ ~16 KB while a backlog is drained.
 *
 * Assumptions and limits: conversion ids grow in arrival order (an auto-increment id; if they did
 * not, a changed conversion read during a backlog could be taken for one already read). Once more
 * than `MAX_PENDING_IDS` ids wait in `g` (a large backlog), a conversion whose status changes
 * within `CLOCK_MARGIN_MS` after it was read may be emitted twice; n8n's and the tracker's clocks
 * further apart than that margin may turn such a repeat into a miss.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import {
	buildConversion,
	normalizeCountry,
	toIsoOrNull,
	toNumber,
	toStringOrNull,
} from '../../shared/model/canonical';
import type { CanonicalConversion } from '../../shared/model/canonical';
import { fingerprint, isoOfParsed, parseTimeToMs } from '../../shared/polling';
import type { CompanionInput, CompanionOutput, PollCompanion } from '../../shared/trigger';
import type { KeitaroFilter, TriggerOptions } from './common';
import {
	idOrNull,
	plainNumber,
	postGrid,
	subIdReader,
	TRACKER,
} from './common';
import type { KeitaroLogSource, KeitaroRow, LogRow } from './logSource';
import { keitaroLogSource } from './logSource';
import type { KeitaroStatusMapper } from './status';

export const CONVERSION_BASE_COLUMNS = [
	'conversion_id',
	'sub_id',
	'tid',
	'status',
	'previous_status',
	'original_status',
	'revenue',
	'postback_datetime',
	'click_datetime',
	'campaign_id',
	'campaign',
	'offer_id',
	'offer',
	'stream_id',
	'stream',
	'ts_id',
	'ts',
	'affiliate_network_id',
	'affiliate_network',
	'landing_id',
	'landing',
	'country_code',
	'ip',
];

export function subIdColumns(count: number): string[] {
	return Array.from({ length: count }, (_v, i) => `sub_id_${i + 1}`);
}

export type ConversionEventKind = 'newConversion' | 'conversionStatusChanged';

export interface ConversionFilters {
	campaignIds: number[];
	offerIds: number[];
	trafficSourceIds: number[];
	statuses: string[];
	previousStatuses: string[];
}

export function conversionFilters(
	f: ConversionFilters,
	kind: ConversionEventKind,
): KeitaroFilter[] {
	const out: KeitaroFilter[] = [];
	if (f.campaignIds.length)
		out.push({ name: 'campaign_id', operator: 'IN_LIST', expression: f.campaignIds });
	if (f.offerIds.length)
		out.push({ name: 'offer_id', operator: 'IN_LIST', expression: f.offerIds });
	if (f.trafficSourceIds.length) {
		out.push({ name: 'ts_id', operator: 'IN_LIST', expression: f.trafficSourceIds });
	}
	if (f.statuses.length) out.push({ name: 'status', operator: 'IN_LIST', expression: f.statuses });
	if (kind === 'conversionStatusChanged' && f.previousStatuses.length) {
		out.push({ name: 'previous_status', operator: 'IN_LIST', expression: f.previousStatuses });
	}
	return out;
}

export function hasPreviousStatus(row: KeitaroRow): boolean {
	const p = row.previous_status;
	return p !== null && p !== undefined && String(p).trim() !== '';
}

export function conversionSource(
	ctx: IPollFunctions,
	kind: ConversionEventKind,
	filters: KeitaroFilter[],
	options: TriggerOptions,
	mapper: KeitaroStatusMapper,
): KeitaroLogSource {
	const statusChanged = kind === 'conversionStatusChanged';
	const zone = options.timezone;
	return keitaroLogSource({
		ctx,
		path: '/conversions/log',
		timeField: 'postback_datetime',
		idField: 'conversion_id',
		columns: [...CONVERSION_BASE_COLUMNS, ...subIdColumns(options.subIdCount)],
		filters,
		sampleFilters: statusChanged ? [{ name: 'previous_status', operator: 'IS_SET' }] : [],
		options,
		timeFilter: options.conversionTimeMode === 'click' ? 'filter' : 'range',
		toJson: conversionToJson(kind, options, mapper),
		prepare: (row) => {
			const status =
				row.status === undefined || row.status === null ? '' : String(row.status).trim();
			return {
				raw: row,
				t: parseTimeToMs(row.postback_datetime, zone),
				k: statusChanged ? `${String(row.conversion_id)}|${status}` : String(row.conversion_id),
				id: Number(row.conversion_id),
				prev: hasPreviousStatus(row) ? String(row.previous_status).trim() : '',
				status,
			};
		},
	});
}

/**
 * Maps a conversion log row to the canonical model. New Conversion maps every row a backfill
 * reads, so its items are built in one object literal with the shared coercions and no
 * intermediate object (about a quarter less time and garbage per row than `buildConversion`);
 * the unit tests hold it equal to `conversionToJsonGeneric`, keys in the same order, for
 * arbitrary rows. Status changes and Include Raw Fields use the generic mapping.
 */
export function conversionToJson(
	kind: ConversionEventKind,
	options: TriggerOptions,
	mapper: KeitaroStatusMapper,
): (row: KeitaroRow, postbackMs?: number) => IDataObject {
	if (kind !== 'newConversion' || options.includeRaw) {
		return conversionToJsonGeneric(kind, options, mapper);
	}
	const zone = options.timezone;
	const subIds = subIdReader(options.subIdCount);
	const currency = toStringOrNull(options.currency)?.toUpperCase() ?? null;
	return (row, postbackMs) => {
		const status = row.status;
		const item: CanonicalConversion & { isRebill: boolean; originalStatus: string | null } = {
			tracker: TRACKER,
			event: 'conversion.created',
			conversionId: toStringOrNull(row.conversion_id) ?? '',
			clickId: toStringOrNull(row.sub_id),
			transactionId: toStringOrNull(row.tid),
			campaignId: toStringOrNull(idOrNull(row.campaign_id)),
			campaignName: toStringOrNull(row.campaign),
			offerId: toStringOrNull(idOrNull(row.offer_id)),
			offerName: toStringOrNull(row.offer),
			flowId: toStringOrNull(idOrNull(row.stream_id)),
			flowName: toStringOrNull(row.stream),
			trafficSourceId: toStringOrNull(idOrNull(row.ts_id)),
			trafficSourceName: toStringOrNull(row.ts),
			affiliateNetworkId: toStringOrNull(idOrNull(row.affiliate_network_id)),
			affiliateNetworkName: toStringOrNull(row.affiliate_network),
			landingId: toStringOrNull(idOrNull(row.landing_id)),
			landingName: toStringOrNull(row.landing),
			subIds: subIds(row),
			status: mapper.canonical(status, row.original_status),
			rawStatus: toStringOrNull(status) ?? '',
			revenue: toNumber(plainNumber(row.revenue), 0),
			currency,
			clickTime: toIsoOrNull(row.click_datetime, zone),
			postbackTime:
				postbackMs === undefined
					? toIsoOrNull(row.postback_datetime, zone)
					: isoOfParsed(row.postback_datetime, postbackMs, zone),
			country: normalizeCountry(row.country_code),
			ip: toStringOrNull(row.ip),
			isRebill: String(status ?? '').toLowerCase() === 'rebill',
			originalStatus: originalStatusOf(row.original_status),
		};
		return item as unknown as IDataObject;
	};
}

function originalStatusOf(v: unknown): string | null {
	return v === undefined || v === null || v === '' ? null : String(v);
}

/**
 * Maps a conversion log row to the canonical model through the shared `buildConversion` (the
 * reference mapping; used for status changes and with Include Raw Fields).
 */
export function conversionToJsonGeneric(
	kind: ConversionEventKind,
	options: TriggerOptions,
	mapper: KeitaroStatusMapper,
): (row: KeitaroRow, postbackMs?: number) => IDataObject {
	const statusChanged = kind === 'conversionStatusChanged';
	const event = statusChanged ? 'conversion.statusChanged' : 'conversion.created';
	const zone = options.timezone;
	const buildOptions = { zone, statusMap: mapper.map, includeRaw: options.includeRaw };
	const subIds = subIdReader(options.subIdCount);
	return (row, postbackMs) => {
		const c = buildConversion(
			{
				tracker: TRACKER,
				event,
				conversionId: row.conversion_id,
				clickId: row.sub_id,
				transactionId: row.tid,
				campaignId: idOrNull(row.campaign_id),
				campaignName: row.campaign,
				offerId: idOrNull(row.offer_id),
				offerName: row.offer,
				flowId: idOrNull(row.stream_id),
				flowName: row.stream,
				trafficSourceId: idOrNull(row.ts_id),
				trafficSourceName: row.ts,
				affiliateNetworkId: idOrNull(row.affiliate_network_id),
				affiliateNetworkName: row.affiliate_network,
				landingId: idOrNull(row.landing_id),
				landingName: row.landing,
				// Sub ids are read below by a reader prepared once per poll (hot path).
				subIds: undefined,
				rawStatus: row.status,
				status: mapper.canonical(row.status, row.original_status),
				previousRawStatus: statusChanged ? row.previous_status : undefined,
				revenue: plainNumber(row.revenue),
				currency: options.currency,
				clickTime: row.click_datetime,
				// The postback time was parsed already (the event time): not parsed again.
				postbackTime: postbackMs === undefined ? row.postback_datetime : undefined,
				country: row.country_code,
				ip: row.ip,
				raw: row,
			},
			buildOptions,
		);
		c.subIds = subIds(row);
		if (postbackMs !== undefined) {
			c.postbackTime = isoOfParsed(row.postback_datetime, postbackMs, zone);
		}
		const out = c as unknown as IDataObject;
		out.isRebill = String(row.status ?? '').toLowerCase() === 'rebill';
		out.originalStatus = originalStatusOf(row.original_status);
		return out;
	};
}

// ─── status change: drop rows without a real change (no state) ──────────────────────────────

export const statusChangeFilter: PollCompanion<LogRow> = {
	key: 'keitaroStatusFilter',
	afterPoll: ({ rows }) => ({
		rows: rows.filter((r) => r.prev !== '' && r.prev.toLowerCase() !== r.status.toLowerCase()),
		state: undefined,
	}),
};

// ─── new conversion: the id mark ────────────────────────────────────────────────────────────

export const MARK_KEY = 'keitaroConversionMark';
export const CLOCK_MARGIN_MS = 5000;
export const MAX_MARK_ENTRIES = 64;
export const MAX_PENDING_IDS = 2000;

export interface ConversionMarkV1 {
	v: 1;
	/** Fingerprint of the stream and first-run mode (as the engine's). */
	fp: string;
	/** Mark for any change time (conversions ≤ b are never new when changed). */
	b: number;
	/** Steps `[τ epoch ms, id]`, τ and id ascending. */
	e: Array<[number, number]>;
	/** Emitted ids not yet covered by the steps: ascending, delta-encoded. */
	g: number[];
}

interface Mark {
	b: number;
	e: Array<[number, number]>;
	/** Ascending, without repeats. */
	g: number[];
}

function decodeMark(raw: unknown, fp: string): Mark | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const m = raw as ConversionMarkV1;
	if (m.v !== 1 || m.fp !== fp || typeof m.b !== 'number' || !Array.isArray(m.e)) return undefined;
	if (!Array.isArray(m.g)) return undefined;
	for (const e of m.e) {
		if (!Array.isArray(e) || typeof e[0] !== 'number' || typeof e[1] !== 'number') return undefined;
	}
	const g: number[] = [];
	let id = 0;
	for (const d of m.g) {
		if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0) return undefined;
		id += d;
		g.push(id);
	}
	return { b: m.b, e: m.e.map((e) => [e[0], e[1]]), g };
}

function encodeMark(fp: string, mark: Mark): ConversionMarkV1 {
	const g: number[] = [];
	let prev = 0;
	for (const id of mark.g) {
		g.push(id - prev);
		prev = id;
	}
	return { v: 1, fp, b: mark.b, e: mark.e, g };
}

/** Whether the ascending `ids` hold `id` (binary search). */
function hasId(ids: number[], id: number): boolean {
	let lo = 0;
	let hi = ids.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const v = ids[mid];
		if (v === id) return true;
		if (v < id) lo = mid + 1;
		else hi = mid - 1;
	}
	return false;
}

/** The steps' mark at change time `t`. */
export function markAt(mark: Pick<Mark, 'b' | 'e'>, t: number): number {
	let m = mark.b;
	for (const [tau, id] of mark.e) {
		if (tau > t) break;
		if (id > m) m = id;
	}
	return m;
}

function markMax(mark: Mark): number {
	return mark.e.length ? Math.max(mark.b, mark.e[mark.e.length - 1][1]) : mark.b;
}

/** The largest conversion id in the tracker (0 when it has none). */
export async function probeMaxConversionId(
	ctx: IPollFunctions,
	options: TriggerOptions,
): Promise<number> {
	const res = await postGrid(
		ctx,
		'/conversions/log',
		{
			range: { interval: 'all_time', timezone: options.timezone },
			columns: ['conversion_id'],
			sort: [{ name: 'conversion_id', order: 'DESC' }],
			limit: 1,
			offset: 0,
		},
		options.timeoutMs,
	);
	const id = Number(res.rows[0]?.conversion_id);
	return Number.isFinite(id) && id > 0 ? id : 0;
}

export function newConversionCompanion(
	ctx: IPollFunctions,
	options: TriggerOptions,
): PollCompanion<LogRow> {
	return {
		key: MARK_KEY,
		async afterPoll(input: CompanionInput<LogRow>): Promise<CompanionOutput<LogRow>> {
			const { rows, result, now } = input;
			const fp = fingerprint({
				stream: input.options.stream ?? null,
				firstRun: input.options.firstRun,
			});
			const reset = result.stats.reset;
			let mark = reset ? undefined : decodeMark(input.state, fp);
			if (!mark) {
				const fromNow =
					reset === 'invalid-state' ||
					(reset !== undefined && input.options.firstRun.mode === 'fromNow');
				// Without a valid mark and no engine reset, 0 is the safe side (a repeat, not a loss).
				mark = { b: fromNow ? await probeMaxConversionId(ctx, options) : 0, e: [], g: [] };
			}
			const current = mark;
			const emit = rows.filter((row) => {
				if (row.prev === '' || !Number.isFinite(row.id)) return true;
				return !hasId(current.g, row.id) && row.id > markAt(current, row.t);
			});

			// How far this poll read: rows before S were all read (S = the engine's scan position).
			const newFrom = Date.parse(result.state.from);
			const caughtUp = result.stats.caughtUp;
			let S = newFrom;
			if (result.stats.stoppedBy === 'maxItems' && rows.length) {
				S = Math.max(S, rows[rows.length - 1].t);
			}
			const overlap = input.options.overlapMs ?? options.overlapMs;
			let m = 0;
			const read: number[] = [];
			for (const row of rows) {
				const id = row.id;
				if (!Number.isFinite(id)) continue;
				read.push(id);
				const proves = caughtUp || (row.prev !== '' ? row.t < S : row.t < S - overlap);
				if (proves && id > m) m = id;
			}
			const e = current.e.slice();
			let b = current.b;
			if (m > markMax(current)) e.push([Math.ceil(now / 1000) * 1000 + CLOCK_MARGIN_MS, m]);
			while (e.length && e[0][0] <= newFrom) {
				b = Math.max(b, e[0][1]);
				e.shift();
			}
			while (e.length > MAX_MARK_ENTRIES) e.shift();
			// Emitted ids stay in g until the steps cover them for every change still to be read;
			// beyond the cap the largest (newest) ids are kept.
			const covered = markAt({ b, e }, newFrom);
			// A typed array sorts numbers natively (no comparator call per step): a backfill poll
			// sorts thousands of ids.
			const all = new Float64Array(current.g.length + read.length);
			let n = 0;
			for (const id of current.g) if (id > covered) all[n++] = id;
			for (const id of read) if (id > covered) all[n++] = id;
			const candidates = all.subarray(0, n).sort();
			const g: number[] = [];
			for (let i = candidates.length - 1; i >= 0 && g.length < MAX_PENDING_IDS; i--) {
				if (candidates[i] !== candidates[i + 1]) g.push(candidates[i]);
			}
			g.reverse();
			return { rows: emit, state: encodeMark(fp, { b, e, g }) };
		},
	};
}

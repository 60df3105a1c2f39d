/**
 * The canonical, tracker-independent output model of the trigger nodes, and builders that coerce
 * loosely typed API values into it:
 * - numbers that arrive as strings ("45.00", "1 234,5") become numbers;
 * - tracker wall-clock times ("YYYY-MM-DD HH:MM:SS" in the tracker's IANA zone, Unix seconds or
 *   milliseconds, ISO with an offset) become ISO-8601 UTC strings;
 * - raw statuses are mapped with a `StatusMap` (see status.ts);
 * - missing values are `null`, so every item of a stream has the same keys (friendly to Sheets,
 *   databases and the n8n table view).
 *
 * Zone conversion uses `Intl` through ../polling/time.ts (no runtime dependency).
 */
import { parseTimeToMs, timeToIso } from '../polling/time';
import { mapStatus } from './status';
import type { CanonicalStatus, StatusMap } from './status';

export type { CanonicalStatus, StatusMap } from './status';

/** Number of sub-id slots in the canonical model (`sub_id_1` … `sub_id_30`). */
export const MAX_SUB_IDS = 30;

export type ConversionEvent = 'conversion.created' | 'conversion.statusChanged' | (string & {});
export type ClickEvent = 'click.created' | (string & {});
export type CampaignEventType =
	| 'campaign.created'
	| 'campaign.updated'
	| 'campaign.statusChanged'
	| 'campaign.deleted'
	| (string & {});

export interface CanonicalConversion {
	/** Tracker identifier, as set by the tracker folder (lower-case). */
	tracker: string;
	event: ConversionEvent;
	conversionId: string;
	clickId: string | null;
	transactionId: string | null;
	campaignId: string | null;
	campaignName: string | null;
	offerId: string | null;
	offerName: string | null;
	flowId: string | null;
	flowName: string | null;
	trafficSourceId: string | null;
	trafficSourceName: string | null;
	affiliateNetworkId: string | null;
	affiliateNetworkName: string | null;
	landingId: string | null;
	landingName: string | null;
	/** Non-empty sub ids only, keyed `sub_id_1` … `sub_id_30`. */
	subIds: Record<string, string>;
	status: CanonicalStatus;
	/** The tracker's own status string ('' when it sent none). */
	rawStatus: string;
	/** Present on status-change events when the tracker reports the previous status. */
	previousStatus?: CanonicalStatus;
	previousRawStatus?: string;
	revenue: number;
	currency: string | null;
	/** ISO-8601 UTC. */
	clickTime: string | null;
	/** ISO-8601 UTC: when the conversion (postback) was registered. */
	postbackTime: string | null;
	country: string | null;
	ip: string | null;
	raw?: Record<string, unknown>;
}

export interface CanonicalClick {
	tracker: string;
	event: ClickEvent;
	clickId: string;
	visitorId: string | null;
	campaignId: string | null;
	campaignName: string | null;
	offerId: string | null;
	offerName: string | null;
	flowId: string | null;
	flowName: string | null;
	trafficSourceId: string | null;
	trafficSourceName: string | null;
	landingId: string | null;
	landingName: string | null;
	subIds: Record<string, string>;
	/** ISO-8601 UTC. */
	clickTime: string | null;
	country: string | null;
	ip: string | null;
	userAgent: string | null;
	isBot: boolean | null;
	isUnique: boolean | null;
	cost: number | null;
	revenue: number | null;
	currency: string | null;
	raw?: Record<string, unknown>;
}

export interface CanonicalCampaign {
	tracker: string;
	event: CampaignEventType;
	campaignId: string;
	campaignName: string | null;
	/** The tracker's campaign state, e.g. active / paused / deleted. */
	state: string | null;
	previousState: string | null;
	/** Names of the fields that changed (for `campaign.updated`). */
	changedFields: string[];
	groupName: string | null;
	trafficSourceId: string | null;
	trafficSourceName: string | null;
	/** ISO-8601 UTC. */
	createdAt: string | null;
	updatedAt: string | null;
	raw?: Record<string, unknown>;
}

export interface CanonicalReportRow {
	tracker: string;
	event: 'report.row' | (string & {});
	/** ISO-8601 UTC bounds of the reported period (inclusive start, exclusive end). */
	periodStart: string | null;
	periodEnd: string | null;
	timezone: string | null;
	currency: string | null;
	/** Grouping values, e.g. `{ day: '2024-05-01', campaignId: '12' }`. */
	dimensions: Record<string, string | number | null>;
	/** Every numeric measure, coerced to numbers (null when not numeric). */
	metrics: Record<string, number | null>;
	clicks: number | null;
	conversions: number | null;
	revenue: number | null;
	cost: number | null;
	/** revenue − cost when not reported. */
	profit: number | null;
	/** profit / cost × 100 when not reported and cost > 0. */
	roi: number | null;
	raw?: Record<string, unknown>;
}

// ─── coercion ──────────────────────────────────────────────────────────────────────────────

const PLAIN_NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Number from a number or a numeric string; null otherwise. Accepts "45.00", " 12 ", "1,234.5"
 * (comma thousands), "12,5" (comma decimal), "1 234,5", "$12.50", "12.5%".
 */
export function toNumberOrNull(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'bigint') return Number(value);
	if (typeof value !== 'string') return null;
	let s = value.trim().replace(/[\s\u00a0$€£%]/g, '');
	if (s === '') return null;
	if (!PLAIN_NUMBER_RE.test(s)) {
		const comma = s.lastIndexOf(',');
		const dot = s.lastIndexOf('.');
		if (comma >= 0 && dot >= 0) {
			// The later separator is the decimal one.
			s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
		} else if (comma >= 0) {
			// "1,234" (thousands) vs "12,5" (decimal): three digits after a single comma = thousands.
			const parts = s.split(',');
			s = parts.length === 2 && parts[1].length !== 3 ? `${parts[0]}.${parts[1]}` : parts.join('');
		}
		if (!PLAIN_NUMBER_RE.test(s)) return null;
	}
	const n = Number(s);
	return Number.isFinite(n) ? n : null;
}

/** Like `toNumberOrNull` with a default for missing/non-numeric values. */
export function toNumber(value: unknown, fallback = 0): number {
	const n = toNumberOrNull(value);
	return n === null ? fallback : n;
}

/** Trimmed string; numbers and booleans stringified; null for null/undefined/''/objects. */
export function toStringOrNull(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string') {
		const s = value.trim();
		return s === '' ? null : s;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	return null;
}

/** Boolean from true/false, 1/0, "1"/"0", "true"/"false", "yes"/"no"; null otherwise. */
export function toBooleanOrNull(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
	if (typeof value !== 'string') return null;
	const s = value.trim().toLowerCase();
	if (s === '1' || s === 'true' || s === 'yes') return true;
	if (s === '0' || s === 'false' || s === 'no') return false;
	return null;
}

/**
 * A tracker time value as epoch ms (NaN when unparseable). Wall-clock strings are read in `zone`
 * (IANA, default UTC); see `parseTimeToMs` for the accepted forms.
 */
export function trackerTimeToMs(value: unknown, zone?: string): number {
	return parseTimeToMs(value, zone);
}

/** A tracker time value as ISO-8601 UTC (`2024-05-01T10:00:00.000Z`), or null. */
export function toIsoOrNull(value: unknown, zone?: string): string | null {
	return timeToIso(value, zone);
}

/** Upper-cased two-letter country code, or the trimmed value as is (some APIs send names). */
export function normalizeCountry(value: unknown): string | null {
	const s = toStringOrNull(value);
	if (s === null || s.length !== 2) return s;
	const a = s.charCodeAt(0) | 32;
	const b = s.charCodeAt(1) | 32;
	if (a < 97 || a > 122 || b < 97 || b > 122) return s;
	return s.charCodeAt(0) <= 90 && s.charCodeAt(1) <= 90 ? s : s.toUpperCase();
}

const SUB_KEY_RE = /^(?:sub[_-]?(?:id)?[_-]?)?(\d{1,2})$/i;

/**
 * Normalises sub ids to `{ sub_id_N: value }` (1 ≤ N ≤ 30, empty values dropped). Accepts an
 * object keyed `sub_id_3`, `sub3`, `3` …, or an array where index 0 is `sub_id_1`.
 */
export function normalizeSubIds(input: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (Array.isArray(input)) {
		const n = Math.min(input.length, MAX_SUB_IDS);
		for (let i = 0; i < n; i++) {
			const v = toStringOrNull(input[i]);
			if (v !== null) out[`sub_id_${i + 1}`] = v;
		}
		return out;
	}
	if (typeof input !== 'object' || input === null) return out;
	for (const [k, raw] of Object.entries(input as Record<string, unknown>)) {
		const m = SUB_KEY_RE.exec(k.trim());
		if (!m) continue;
		const n = Number(m[1]);
		if (n < 1 || n > MAX_SUB_IDS) continue;
		const v = toStringOrNull(raw);
		if (v !== null) out[`sub_id_${n}`] = v;
	}
	return out;
}

/**
 * Picks the fields `<prefix>N` of a raw row (N = 1…30) as canonical sub ids, e.g. prefix
 * `sub_id_` reads `sub_id_1…`, prefix `sub` reads `sub1…`, prefix `customVariable` reads
 * `customVariable1…`. `max` limits N (default 30).
 */
export function extractSubIds(
	row: Record<string, unknown>,
	prefix: string,
	max = MAX_SUB_IDS,
): Record<string, string> {
	const out: Record<string, string> = {};
	const limit = Math.min(max, MAX_SUB_IDS);
	for (let n = 1; n <= limit; n++) {
		const v = toStringOrNull(row[`${prefix}${n}`]);
		if (v !== null) out[`sub_id_${n}`] = v;
	}
	return out;
}

// ─── builders ──────────────────────────────────────────────────────────────────────────────

export interface BuildOptions {
	/** IANA zone of the tracker's wall-clock times (default UTC). */
	zone?: string;
	/** Raw status → canonical (tracker defaults merged with the user's map). */
	statusMap?: StatusMap;
	/** Canonical status for unknown raw statuses (default `pending`). */
	statusFallback?: CanonicalStatus;
	/** Attach the raw row as `raw`. */
	includeRaw?: boolean;
}

/** Loosely typed conversion fields, already renamed to canonical names by the tracker folder. */
export interface ConversionInput {
	tracker: string;
	event: ConversionEvent;
	conversionId: unknown;
	clickId?: unknown;
	transactionId?: unknown;
	campaignId?: unknown;
	campaignName?: unknown;
	offerId?: unknown;
	offerName?: unknown;
	flowId?: unknown;
	flowName?: unknown;
	trafficSourceId?: unknown;
	trafficSourceName?: unknown;
	affiliateNetworkId?: unknown;
	affiliateNetworkName?: unknown;
	landingId?: unknown;
	landingName?: unknown;
	subIds?: unknown;
	rawStatus?: unknown;
	/**
	 * The canonical status when the tracker folder decides it from more than the raw status
	 * (e.g. a user map keyed by the network's original status); otherwise mapped from `rawStatus`.
	 */
	status?: CanonicalStatus;
	/** When given, `previousStatus`/`previousRawStatus` are set (status-change events). */
	previousRawStatus?: unknown;
	revenue?: unknown;
	currency?: unknown;
	clickTime?: unknown;
	postbackTime?: unknown;
	country?: unknown;
	ip?: unknown;
	raw?: Record<string, unknown>;
}

export function buildConversion(
	input: ConversionInput,
	options: BuildOptions = {},
): CanonicalConversion {
	const { zone, statusMap, statusFallback, includeRaw } = options;
	const rawStatus = toStringOrNull(input.rawStatus) ?? '';
	const out: CanonicalConversion = {
		tracker: input.tracker,
		event: input.event,
		conversionId: toStringOrNull(input.conversionId) ?? '',
		clickId: toStringOrNull(input.clickId),
		transactionId: toStringOrNull(input.transactionId),
		campaignId: toStringOrNull(input.campaignId),
		campaignName: toStringOrNull(input.campaignName),
		offerId: toStringOrNull(input.offerId),
		offerName: toStringOrNull(input.offerName),
		flowId: toStringOrNull(input.flowId),
		flowName: toStringOrNull(input.flowName),
		trafficSourceId: toStringOrNull(input.trafficSourceId),
		trafficSourceName: toStringOrNull(input.trafficSourceName),
		affiliateNetworkId: toStringOrNull(input.affiliateNetworkId),
		affiliateNetworkName: toStringOrNull(input.affiliateNetworkName),
		landingId: toStringOrNull(input.landingId),
		landingName: toStringOrNull(input.landingName),
		subIds: normalizeSubIds(input.subIds),
		status: input.status ?? mapStatus(rawStatus, statusMap, statusFallback),
		rawStatus,
		revenue: toNumber(input.revenue, 0),
		currency: toStringOrNull(input.currency)?.toUpperCase() ?? null,
		clickTime: toIsoOrNull(input.clickTime, zone),
		postbackTime: toIsoOrNull(input.postbackTime, zone),
		country: normalizeCountry(input.country),
		ip: toStringOrNull(input.ip),
	};
	if (input.previousRawStatus !== undefined && input.previousRawStatus !== null) {
		const prev = toStringOrNull(input.previousRawStatus) ?? '';
		if (prev !== '') {
			out.previousRawStatus = prev;
			out.previousStatus = mapStatus(prev, statusMap, statusFallback);
		}
	}
	if (includeRaw && input.raw) out.raw = input.raw;
	return out;
}

export interface ClickInput {
	tracker: string;
	event?: ClickEvent;
	clickId: unknown;
	visitorId?: unknown;
	campaignId?: unknown;
	campaignName?: unknown;
	offerId?: unknown;
	offerName?: unknown;
	flowId?: unknown;
	flowName?: unknown;
	trafficSourceId?: unknown;
	trafficSourceName?: unknown;
	landingId?: unknown;
	landingName?: unknown;
	subIds?: unknown;
	clickTime?: unknown;
	country?: unknown;
	ip?: unknown;
	userAgent?: unknown;
	isBot?: unknown;
	isUnique?: unknown;
	cost?: unknown;
	revenue?: unknown;
	currency?: unknown;
	raw?: Record<string, unknown>;
}

export function buildClick(input: ClickInput, options: BuildOptions = {}): CanonicalClick {
	const out: CanonicalClick = {
		tracker: input.tracker,
		event: input.event ?? 'click.created',
		clickId: toStringOrNull(input.clickId) ?? '',
		visitorId: toStringOrNull(input.visitorId),
		campaignId: toStringOrNull(input.campaignId),
		campaignName: toStringOrNull(input.campaignName),
		offerId: toStringOrNull(input.offerId),
		offerName: toStringOrNull(input.offerName),
		flowId: toStringOrNull(input.flowId),
		flowName: toStringOrNull(input.flowName),
		trafficSourceId: toStringOrNull(input.trafficSourceId),
		trafficSourceName: toStringOrNull(input.trafficSourceName),
		landingId: toStringOrNull(input.landingId),
		landingName: toStringOrNull(input.landingName),
		subIds: normalizeSubIds(input.subIds),
		clickTime: toIsoOrNull(input.clickTime, options.zone),
		country: normalizeCountry(input.country),
		ip: toStringOrNull(input.ip),
		userAgent: toStringOrNull(input.userAgent),
		isBot: toBooleanOrNull(input.isBot),
		isUnique: toBooleanOrNull(input.isUnique),
		cost: toNumberOrNull(input.cost),
		revenue: toNumberOrNull(input.revenue),
		currency: toStringOrNull(input.currency)?.toUpperCase() ?? null,
	};
	if (options.includeRaw && input.raw) out.raw = input.raw;
	return out;
}

export interface CampaignInput {
	tracker: string;
	event: CampaignEventType;
	campaignId: unknown;
	campaignName?: unknown;
	state?: unknown;
	previousState?: unknown;
	changedFields?: string[];
	groupName?: unknown;
	trafficSourceId?: unknown;
	trafficSourceName?: unknown;
	createdAt?: unknown;
	updatedAt?: unknown;
	raw?: Record<string, unknown>;
}

export function buildCampaignEvent(
	input: CampaignInput,
	options: BuildOptions = {},
): CanonicalCampaign {
	const out: CanonicalCampaign = {
		tracker: input.tracker,
		event: input.event,
		campaignId: toStringOrNull(input.campaignId) ?? '',
		campaignName: toStringOrNull(input.campaignName),
		state: toStringOrNull(input.state),
		previousState: toStringOrNull(input.previousState),
		changedFields: input.changedFields ? [...input.changedFields] : [],
		groupName: toStringOrNull(input.groupName),
		trafficSourceId: toStringOrNull(input.trafficSourceId),
		trafficSourceName: toStringOrNull(input.trafficSourceName),
		createdAt: toIsoOrNull(input.createdAt, options.zone),
		updatedAt: toIsoOrNull(input.updatedAt, options.zone),
	};
	if (options.includeRaw && input.raw) out.raw = input.raw;
	return out;
}

/**
 * Names of the top-level fields whose values differ between two versions of an entity
 * (compared as JSON; key order inside nested objects is ignored). `ignore` skips volatile fields.
 */
export function diffFields(
	before: Record<string, unknown>,
	after: Record<string, unknown>,
	ignore: readonly string[] = [],
): string[] {
	const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
	const changed: string[] = [];
	for (const k of keys) {
		if (ignore.includes(k)) continue;
		if (canonicalJson(before[k]) !== canonicalJson(after[k])) changed.push(k);
	}
	return changed.sort();
}

function canonicalJson(v: unknown): string {
	if (v === undefined) return 'undefined';
	if (v === null || typeof v !== 'object') return JSON.stringify(v);
	if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
	const o = v as Record<string, unknown>;
	return `{${Object.keys(o)
		.sort()
		.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
		.join(',')}}`;
}

export interface ReportRowInput {
	tracker: string;
	event?: string;
	periodStart?: unknown;
	periodEnd?: unknown;
	timezone?: string | null;
	currency?: unknown;
	dimensions?: Record<string, unknown>;
	metrics?: Record<string, unknown>;
	/** Which metric names hold the common measures (defaults: the canonical names). */
	measureNames?: Partial<
		Record<'clicks' | 'conversions' | 'revenue' | 'cost' | 'profit' | 'roi', string>
	>;
	raw?: Record<string, unknown>;
}

export function buildReportRow(
	input: ReportRowInput,
	options: BuildOptions = {},
): CanonicalReportRow {
	const zone = input.timezone ?? options.zone;
	const dimensions: Record<string, string | number | null> = {};
	for (const [k, v] of Object.entries(input.dimensions ?? {})) {
		dimensions[k] = typeof v === 'number' && Number.isFinite(v) ? v : toStringOrNull(v);
	}
	const metrics: Record<string, number | null> = {};
	for (const [k, v] of Object.entries(input.metrics ?? {})) metrics[k] = toNumberOrNull(v);
	const names = input.measureNames ?? {};
	const pick = (m: 'clicks' | 'conversions' | 'revenue' | 'cost' | 'profit' | 'roi') => {
		const v = metrics[names[m] ?? m];
		return v === undefined ? null : v;
	};
	const revenue = pick('revenue');
	const cost = pick('cost');
	let profit = pick('profit');
	if (profit === null && revenue !== null && cost !== null) profit = round(revenue - cost);
	let roi = pick('roi');
	if (roi === null && profit !== null && cost !== null && cost > 0)
		roi = round((profit / cost) * 100);
	const out: CanonicalReportRow = {
		tracker: input.tracker,
		event: input.event ?? 'report.row',
		periodStart: toIsoOrNull(input.periodStart, zone ?? undefined),
		periodEnd: toIsoOrNull(input.periodEnd, zone ?? undefined),
		timezone: input.timezone ?? options.zone ?? null,
		currency: toStringOrNull(input.currency)?.toUpperCase() ?? null,
		dimensions,
		metrics,
		clicks: pick('clicks'),
		conversions: pick('conversions'),
		revenue,
		cost,
		profit,
		roi,
	};
	if (options.includeRaw && input.raw) out.raw = input.raw;
	return out;
}

function round(n: number): number {
	return Math.round(n * 1e6) / 1e6;
}

/**
 * State of the Keitaro mock: entity tables (campaigns, flows, offers, ...), and a compact
 * column store of clicks and conversions that stays memory-light at 200,000+ rows (typed arrays,
 * interned strings, ids derived from row numbers, sparse maps for rare values).
 *
 * Scenario driver for polling tests (see `KeitaroState`): `clock`, `addClick`, `addConversion`,
 * `setConversionStatus`, `seedConversions`, `onBeforeRespond`.
 */
import { mixSeed, mulberry32 } from '../shared/faults';
import { COUNTRIES, DEVICES, LANGUAGES, REGIONS } from './data';
import { formatDateTime, toEpochSeconds } from './time';

// ---------------------------------------------------------------------------------------------
// Clock

export type TimeInput = Date | number | string;

/**
 * Simulated "now". Frozen by default (deterministic tests); `useRealTime()` makes it follow the
 * wall clock (the CLI does this). `set()` freezes at a given instant; `advance()` moves it.
 * Strings without a zone ("2024-05-01 12:00:00") are UTC.
 */
export class Clock {
	private frozenMs: number | undefined;
	private offsetMs = 0;

	constructor(initial: TimeInput | 'real' = '2025-06-16 12:00:00') {
		if (initial === 'real') this.frozenMs = undefined;
		else this.set(initial);
	}

	nowMs(): number {
		return this.frozenMs ?? Date.now() + this.offsetMs;
	}

	nowSeconds(): number {
		return Math.floor(this.nowMs() / 1000);
	}

	now(): Date {
		return new Date(this.nowMs());
	}

	/** Freezes the clock at `value`. */
	set(value: TimeInput): void {
		this.frozenMs =
			toEpochSeconds(value) * 1000 + (value instanceof Date ? value.getTime() % 1000 : 0);
	}

	/** Moves the clock forward (or backward with a negative value). */
	advance(ms: number): void {
		if (this.frozenMs !== undefined) this.frozenMs += ms;
		else this.offsetMs += ms;
	}

	/** Follows the wall clock from now on (keeps any offset added by `advance`). */
	useRealTime(): void {
		this.frozenMs = undefined;
	}

	get frozen(): boolean {
		return this.frozenMs !== undefined;
	}

	/** "YYYY-MM-DD HH:MM:SS" in UTC. */
	toString(): string {
		return formatDateTime(this.nowSeconds());
	}
}

export const nowString = (clock: Clock): string => formatDateTime(clock.nowSeconds());

// ---------------------------------------------------------------------------------------------
// Entities (field lists: docs §7)

export interface PlaceholderObject {
	name?: string;
	placeholder?: string;
	alias?: string;
}

export interface S2SPostback {
	id?: number;
	campaign_id?: number;
	method?: 'GET' | 'POST';
	statuses?: string[];
	url?: string;
}

export interface CampaignRec {
	id: number;
	alias: string;
	name: string;
	type: string;
	state: string;
	position: number;
	cookies_ttl: number;
	uniqueness_method: string;
	uniqueness_use_cookies: boolean;
	cost_type: string;
	cost_value: number;
	cost_currency: string;
	cost_auto: boolean;
	group_id: number;
	bind_visitors: string | null;
	traffic_source_id: number;
	/** Write-only in the API (docs §7.1); the view exposes `domain` instead. */
	domain_id: number;
	token: string;
	parameters: Record<string, PlaceholderObject>;
	postbacks: S2SPostback[];
	traffic_loss: number;
	notes: string;
	created_at: string;
	updated_at: string;
}

export interface StreamFilterRec {
	id: number;
	stream_id: number;
	name: string;
	mode: string;
	payload: unknown;
	/** [SPEC] read schema types it as a string. */
	oid: string;
}

export interface BindingRec {
	id: number;
	stream_id: number;
	offer_id?: number;
	landing_id?: number;
	state: string;
	share: number;
	created_at: string;
	updated_at: string;
}

export interface TriggerRec {
	id: number;
	oid: number;
	stream_id: number;
	taget: string;
	condition: string;
	selected_page: string;
	pattern: string;
	action: string;
	interval: number;
	next_run_at: number;
	alternative_urls: string;
	grab_from_page: string;
	av_settings: string;
	reverse: boolean;
	enabled: boolean;
	scan_page: boolean;
}

export interface StreamRec {
	id: number;
	campaign_id: number;
	type: string;
	name: string;
	position: number;
	weight: number;
	state: string;
	schema: string;
	action_type: string;
	action_payload: unknown;
	action_options: Record<string, unknown> | unknown[];
	collect_clicks: boolean;
	filter_or: boolean;
	offer_selection: string;
	comments: string | null;
	updated_at: string;
	filters: StreamFilterRec[];
	triggers: TriggerRec[];
	landings: BindingRec[];
	offers: BindingRec[];
}

export interface OfferRec {
	id: number;
	name: string;
	group_id: number;
	offer_type: string;
	action_type: string;
	action_payload: unknown;
	action_options: Record<string, unknown> | unknown[];
	affiliate_network_id: number;
	payout_value: number;
	payout_currency: string;
	payout_type: string;
	payout_auto: boolean;
	payout_upsell: boolean;
	state: string;
	country: string[];
	notes: string;
	archive: string;
	local_path: string;
	preview_path: string;
	conversion_cap_enabled: boolean;
	daily_cap: number;
	conversion_timezone: string;
	alternative_offer_id: number;
	created_at: string;
	updated_at: string;
}

export interface LandingRec {
	id: number;
	name: string;
	landing_type: string;
	action_type: string;
	action_payload: unknown;
	action_options: Record<string, unknown> | unknown[];
	group_id: number;
	state: string;
	notes: string;
	archive: string;
	local_path: string;
	preview_path: string;
	url: string;
	created_at: string;
	updated_at: string;
}

export interface AffiliateNetworkRec {
	id: number;
	name: string;
	postback_url: string;
	offer_param: string;
	state: string;
	template_name: string;
	notes: string;
	pull_api_options: string;
	created_at: string;
	updated_at: string;
}

export interface TrafficSourceRec {
	id: number;
	name: string;
	postback_url: string;
	postback_statuses: string[];
	template_name: string;
	accept_parameters: boolean;
	parameters: Record<string, PlaceholderObject>;
	notes: string;
	state: string;
	traffic_loss: number;
	update_in_campaigns: string;
	created_at: string;
	updated_at: string;
}

export interface DomainRec {
	id: number;
	name: string;
	is_ssl: boolean;
	network_status: string;
	default_campaign_id: number;
	state: string;
	wildcard: boolean;
	catch_not_found: boolean;
	ssl_redirect: boolean;
	allow_indexing: boolean;
	notes: string;
	group_id: number;
	created_at: string;
	updated_at: string;
}

export interface GroupRec {
	id: number;
	name: string;
	position: number;
	type: string;
}

export interface UserRec {
	id: number;
	login: string;
	type: string;
	state: string;
	key_count: number;
	password: string;
	access_data: Record<string, unknown>;
	preferences: Record<string, unknown>;
}

export interface FacebookRec {
	id: number;
	integration: string;
	name: string;
	ad_account_id: string;
	token: string;
	proxy_enabled: boolean;
	proxy: Record<string, unknown>;
	last_error: string;
	last_raw_error: string;
	campaign_ids: number[];
}

export interface StreamEventRec {
	id: number;
	stream_id: number;
	action: string;
	datetime: string;
	user: string;
}

/** id-keyed table with archive support (`state: 'deleted'` + remembered previous state). */
export class EntityTable<T extends { id: number }> {
	readonly rows = new Map<number, T>();
	/** State before archiving, for `restore` (docs §8.4). */
	readonly archivedFrom = new Map<number, string>();
	private nextId = 1;

	constructor(readonly className: string) {}

	all(): T[] {
		return [...this.rows.values()].sort((a, b) => a.id - b.id);
	}

	get(id: number): T | undefined {
		return this.rows.get(id);
	}

	insert(entity: Omit<T, 'id'> & { id?: number }): T {
		const id = entity.id ?? this.nextId;
		const row = { id, ...entity } as T;
		row.id = id; // `entity.id` may be explicitly undefined (clones); keep `id` first in JSON
		this.rows.set(id, row);
		this.nextId = Math.max(this.nextId, id + 1);
		return row;
	}

	remove(id: number): boolean {
		this.archivedFrom.delete(id);
		return this.rows.delete(id);
	}

	peekNextId(): number {
		return this.nextId;
	}
}

// ---------------------------------------------------------------------------------------------
// Interned strings

export class StringDict {
	readonly values: string[] = [''];
	private readonly index = new Map<string, number>([['', 0]]);

	id(value: string): number {
		let i = this.index.get(value);
		if (i === undefined) {
			i = this.values.length;
			this.values.push(value);
			this.index.set(value, i);
		}
		return i;
	}

	/** Id of an already interned value, or -1. */
	lookup(value: string): number {
		return this.index.get(value) ?? -1;
	}

	get(i: number): string {
		return this.values[i] ?? '';
	}
}

// ---------------------------------------------------------------------------------------------
// Clicks and conversions (column store)

export const SUB_ID_COUNT = 30;
export const EXTRA_PARAM_COUNT = 10;

const SUB_FIELDS = Array.from({ length: SUB_ID_COUNT }, (_, i) => `sub_id_${i + 1}`);
const EXTRA_FIELDS = Array.from({ length: EXTRA_PARAM_COUNT }, (_, i) => `extra_param_${i + 1}`);

/** Click attributes stored as interned strings (one lazily allocated Uint32Array each). */
export const DICT_FIELDS: readonly string[] = [
	'country_code',
	'region',
	'region_code',
	'city',
	'language',
	'device_type',
	'connection_type',
	'operator',
	'os',
	'os_version',
	'browser',
	'browser_version',
	'device_model',
	'isp',
	'user_agent',
	'source',
	'referrer',
	'search_engine',
	'keyword',
	'destination',
	'x_requested_with',
	'ad_campaign_id',
	'external_id',
	'creative_id',
	...SUB_FIELDS,
	...EXTRA_FIELDS,
	// Raw `cost` / `currency` click parameters (matchable by cost-update filters, docs §4.3).
	'param_cost',
	'param_currency',
];
const DICT_FIELD_SET = new Set(DICT_FIELDS);

export const FLAG = {
	UNIQUE_CAMPAIGN: 1,
	UNIQUE_STREAM: 2,
	UNIQUE_GLOBAL: 4,
	BOT: 8,
	PROXY: 16,
	EMPTY_REFERRER: 32,
	LANDING_CLICKED: 64,
	CLEANED: 128,
} as const;

export const STATUSES = ['lead', 'sale', 'rejected', 'rebill'] as const;
export type ConversionStatus = (typeof STATUSES)[number];
export const STATUS_CODE: Record<ConversionStatus, number> = {
	lead: 0,
	sale: 1,
	rejected: 2,
	rebill: 3,
};
export const NO_STATUS = 255;

type NumArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

function grow<A extends NumArray>(a: A, cap: number): A {
	const Ctor = a.constructor as new (n: number) => A;
	const b = new Ctor(cap);
	b.set(a);
	return b;
}

/** Row numbers ordered by (key, row) ascending; binary-searchable on key. */
export class SortedIndex {
	order = new Int32Array(0);
	length = 0;

	constructor(private readonly keys: () => Float64Array) {}

	private less(a: number, b: number): boolean {
		const k = this.keys();
		return k[a] < k[b] || (k[a] === k[b] && a < b);
	}

	/** First position whose key is >= t. */
	lowerBound(t: number): number {
		const k = this.keys();
		let lo = 0;
		let hi = this.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (k[this.order[mid]] < t) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** First position whose key is > t. */
	upperBound(t: number): number {
		const k = this.keys();
		let lo = 0;
		let hi = this.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (k[this.order[mid]] <= t) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	private position(row: number): number {
		let lo = 0;
		let hi = this.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.less(this.order[mid], row)) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	insert(row: number): void {
		if (this.length === this.order.length)
			this.order = grow(this.order, Math.max(1024, this.order.length * 2));
		// Fast path: appends in key order (the common case: new rows at "now").
		if (this.length === 0 || this.less(this.order[this.length - 1], row)) {
			this.order[this.length++] = row;
			return;
		}
		const pos = this.position(row);
		this.order.copyWithin(pos + 1, pos, this.length);
		this.order[pos] = row;
		this.length++;
	}

	remove(row: number): boolean {
		const pos = this.position(row);
		if (pos >= this.length || this.order[pos] !== row) return false;
		this.order.copyWithin(pos, pos + 1, this.length);
		this.length--;
		return true;
	}

	/** Rebuilds from scratch with the rows passing `include` (one sort, O(n log n)). */
	rebuild(n: number, include: (row: number) => boolean): void {
		const rows = new Int32Array(n);
		let m = 0;
		for (let r = 0; r < n; r++) if (include(r)) rows[m++] = r;
		const k = this.keys();
		this.order = new Int32Array(Math.max(1024, m * 2));
		this.length = m;
		// Fast path: pack (key - min, row) into one exact float and use the native numeric sort
		// (a comparator sort of 200k rows is ~10x slower).
		let min = Infinity;
		let max = -Infinity;
		let integral = true;
		for (let i = 0; i < m; i++) {
			const v = k[rows[i]];
			if (v < min) min = v;
			if (v > max) max = v;
			if (!Number.isInteger(v)) integral = false;
		}
		const SHIFT = 4194304; // 2^22 rows
		if (m > 0 && integral && n <= SHIFT && (max - min + 1) * SHIFT < Number.MAX_SAFE_INTEGER) {
			const packed = new Float64Array(m);
			for (let i = 0; i < m; i++) packed[i] = (k[rows[i]] - min) * SHIFT + rows[i];
			packed.sort();
			for (let i = 0; i < m; i++) this.order[i] = packed[i] % SHIFT;
			return;
		}
		this.order.set(rows.subarray(0, m).sort((a, b) => k[a] - k[b] || a - b));
	}
}

export class ClickTable {
	n = 0;
	cap = 0;
	time = new Float64Array(0);
	campaign = new Int32Array(0);
	stream = new Int32Array(0);
	landing = new Int32Array(0);
	offer = new Int32Array(0);
	ts = new Int32Array(0);
	ip = new Uint32Array(0);
	flags = new Uint8Array(0);
	/** Seconds from the click to the landing-page click (when LANDING_CLICKED). */
	lpDelay = new Uint32Array(0);
	cost = new Float64Array(0);
	/** Sum of the click's conversion revenue in lead/sale/rebill status. */
	revenue = new Float64Array(0);
	/** Per-status conversion counts packed as 4 bytes: lead | sale<<8 | rejected<<16 | rebill<<24. */
	statusCounts = new Uint32Array(0);
	readonly dictCols = new Map<string, Uint32Array>();
	readonly subOverride = new Map<number, string>();
	readonly subLookup = new Map<string, number>();
	readonly index = new SortedIndex(() => this.time);

	ensure(n: number): void {
		if (n <= this.cap) return;
		const cap = Math.max(1024, this.cap * 2, n);
		this.time = grow(this.time, cap);
		this.campaign = grow(this.campaign, cap);
		this.stream = grow(this.stream, cap);
		this.landing = grow(this.landing, cap);
		this.offer = grow(this.offer, cap);
		this.ts = grow(this.ts, cap);
		this.ip = grow(this.ip, cap);
		this.flags = grow(this.flags, cap);
		this.lpDelay = grow(this.lpDelay, cap);
		this.cost = grow(this.cost, cap);
		this.revenue = grow(this.revenue, cap);
		this.statusCounts = grow(this.statusCounts, cap);
		for (const [field, col] of this.dictCols) this.dictCols.set(field, grow(col, cap));
		this.cap = cap;
	}

	dictCol(field: string): Uint32Array {
		let col = this.dictCols.get(field);
		if (!col) {
			if (!DICT_FIELD_SET.has(field)) throw new Error(`Unknown click field ${field}`);
			col = new Uint32Array(this.cap);
			this.dictCols.set(field, col);
		}
		return col;
	}

	statusCount(row: number, status: number): number {
		return (this.statusCounts[row] >>> (status * 8)) & 0xff;
	}

	bumpStatus(row: number, status: number, delta: 1 | -1): void {
		const current = this.statusCount(row, status);
		const next = Math.max(0, Math.min(255, current + delta));
		const shift = status * 8;
		this.statusCounts[row] = ((this.statusCounts[row] & ~(0xff << shift)) | (next << shift)) >>> 0;
	}
}

export class ConversionTable {
	n = 0;
	cap = 0;
	click = new Int32Array(0);
	/** postback_datetime (epoch s): when the last postback for this conversion arrived. */
	pb = new Float64Array(0);
	/** sale_datetime (epoch s), 0 = none. */
	sale = new Float64Array(0);
	status = new Uint8Array(0);
	prev = new Uint8Array(0);
	/** original_status (interned), 0 = same as status. */
	orig = new Uint32Array(0);
	revenue = new Float64Array(0);
	/** The log's `datetime` column under the `datetime` time model (epoch s; latest postback). */
	dt = new Float64Array(0);
	readonly tidOverride = new Map<number, string>();
	readonly params = new Map<number, Record<string, string>>();
	readonly index = new SortedIndex(() => this.pb);

	ensure(n: number): void {
		if (n <= this.cap) return;
		const cap = Math.max(1024, this.cap * 2, n);
		this.click = grow(this.click, cap);
		this.pb = grow(this.pb, cap);
		this.sale = grow(this.sale, cap);
		this.status = grow(this.status, cap);
		this.prev = grow(this.prev, cap);
		this.orig = grow(this.orig, cap);
		this.revenue = grow(this.revenue, cap);
		this.dt = grow(this.dt, cap);
		this.cap = cap;
	}
}

export function ipToString(ip: number): string {
	return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

export function ipFromString(ip: string): number {
	const parts = ip.split('.').map(Number);
	if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
		throw new Error(`Invalid IPv4 address: ${ip}`);
	}
	return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Scenario driver inputs / views

export type ClickInput = Partial<
	Record<string, string | number | boolean | TimeInput | undefined>
> & {
	/** Click time; default `clock` now. Zone-less strings are UTC. */
	datetime?: TimeInput;
	campaign_id?: number;
	stream_id?: number;
	landing_id?: number;
	offer_id?: number;
	ts_id?: number;
	sub_id?: string;
	ip?: string;
	country_code?: string;
	is_bot?: boolean;
	is_unique_campaign?: boolean;
	is_unique_stream?: boolean;
	is_unique_global?: boolean;
	is_using_proxy?: boolean;
	is_empty_referrer?: boolean;
	landing_clicked?: boolean;
	/** Seconds between click and landing-page click. */
	landing_clicked_delay?: number;
	cost?: number;
};

const CLICK_INPUT_KEYS = new Set([
	'datetime',
	'campaign_id',
	'stream_id',
	'landing_id',
	'offer_id',
	'ts_id',
	'sub_id',
	'ip',
	'country_code',
	'is_bot',
	'is_unique_campaign',
	'is_unique_stream',
	'is_unique_global',
	'is_using_proxy',
	'is_empty_referrer',
	'landing_clicked',
	'landing_clicked_delay',
	'cost',
]);

export interface ConversionInput {
	/** Existing click by id … */
	click_id?: number;
	/** … or by Keitaro sub_id (a click with this sub_id is created when none exists). */
	sub_id?: string;
	/** Attributes of the click created for this conversion (when it needs one). */
	click?: ClickInput;
	/** Default `sale` (Keitaro's default when a postback carries no status, docs §5). */
	status?: ConversionStatus;
	/** Payout; default the offer's payout_value. */
	revenue?: number;
	tid?: string;
	original_status?: string;
	/** Default: `clock` now. */
	postback_datetime?: TimeInput;
	sale_datetime?: TimeInput;
	params?: Record<string, string>;
}

export interface ClickView {
	click_id: number;
	sub_id: string;
	datetime: string;
	campaign_id: number;
	stream_id: number;
	landing_id: number;
	offer_id: number;
	ts_id: number;
	ip: string;
	cost: number;
	revenue: number;
	is_bot: boolean;
	is_unique_campaign: boolean;
	attributes: Record<string, string>;
}

export interface ConversionView {
	conversion_id: number;
	click_id: number;
	sub_id: string;
	tid: string;
	status: ConversionStatus;
	previous_status: ConversionStatus | null;
	original_status: string;
	revenue: number;
	/** UTC "YYYY-MM-DD HH:MM:SS". */
	postback_datetime: string;
	click_datetime: string;
	sale_datetime: string | null;
	campaign_id: number;
	offer_id: number;
	stream_id: number;
	landing_id: number;
	ts_id: number;
	country_code: string;
}

export interface SeedConversionsOptions {
	/** postback_datetime range (inclusive); default: the 30 days before the clock. */
	from?: TimeInput;
	to?: TimeInput;
	seed?: number;
	/** Campaigns to spread over; default every non-archived campaign that has a regular flow. */
	campaignIds?: number[];
	/** Relative weights; default lead 45, sale 40, rejected 12, rebill 3. */
	statusWeights?: Partial<Record<ConversionStatus, number>>;
}

export interface BeforeRespondInfo {
	method: string;
	/** Path relative to /admin_api/v1, e.g. `/conversions/log`. */
	path: string;
	body: unknown;
	/** How many API requests (this one included) reached the handlers so far. */
	requestNumber: number;
}

const ALLOWED_TRANSITIONS: Record<ConversionStatus, ConversionStatus[]> = {
	// docs §5: lead→sale, lead→rejected, sale→rejected, rebill→rejected
	lead: ['sale', 'rejected'],
	sale: ['rejected'],
	rebill: ['rejected'],
	rejected: [],
};

function pickWeighted<T>(rng: () => number, items: readonly T[], weight: (t: T) => number): T {
	let total = 0;
	for (const item of items) total += weight(item);
	let r = rng() * total;
	for (const item of items) {
		r -= weight(item);
		if (r < 0) return item;
	}
	return items[items.length - 1];
}

// ---------------------------------------------------------------------------------------------
// State

/**
 * What a status postback does to a conversion's times (unknown for real Keitaro; issue 11):
 * - `fixed` (default; decoded 9.x code): `postback_datetime` is set only when the conversion is
 *   created; `status`, `previous_status`, `original_status`, `revenue` change; `sale_datetime` is
 *   set when the status becomes `sale` and cleared when it stops being `sale`;
 * - `datetime`: like `fixed`, and the log's `datetime` column moves to the latest postback;
 * - `moves`: `postback_datetime` moves to the latest postback (what this mock did before).
 */
export type ConversionTimeModel = 'fixed' | 'datetime' | 'moves';
/**
 * How conversion ids are assigned: `arrival` (auto-increment, in postback order) or `click` (the
 * id of the conversion's click, i.e. assigned at click time, out of arrival order; a second
 * conversion of the same click gets an id above 2^31).
 */
export type ConversionIdOrder = 'arrival' | 'click';

export interface KeitaroStateOptions {
	conversionTimeModel?: ConversionTimeModel;
	conversionIdOrder?: ConversionIdOrder;
	/** How many `sub_id_N` columns the logs have: 30 (10.x+) or 15 (9.x). Default 30. */
	subIdColumns?: 15 | 30;
	seed?: number;
	now?: TimeInput | 'real';
	/** Tracker timezone: used when a request has no `range.timezone` (default UTC). */
	timezone?: string;
}

export class KeitaroState {
	readonly seed: number;
	readonly clock: Clock;
	timezone: string;
	readonly dict = new StringDict();
	readonly clicks = new ClickTable();
	readonly conversions = new ConversionTable();

	readonly campaigns = new EntityTable<CampaignRec>('campaign');
	readonly streams = new EntityTable<StreamRec>('stream');
	readonly offers = new EntityTable<OfferRec>('offer');
	readonly landings = new EntityTable<LandingRec>('landing');
	readonly affiliateNetworks = new EntityTable<AffiliateNetworkRec>('affiliateNetwork');
	readonly trafficSources = new EntityTable<TrafficSourceRec>('trafficSource');
	readonly domains = new EntityTable<DomainRec>('domain');
	readonly groups = new EntityTable<GroupRec>('group');
	readonly users = new EntityTable<UserRec>('user');
	readonly facebook = new EntityTable<FacebookRec>('facebook');
	readonly streamEvents: StreamEventRec[] = [];
	/** Stream-binding / filter / trigger id sequences. */
	readonly seq = {
		offerBinding: 1,
		landingBinding: 1,
		filter: 1,
		trigger: 1,
		event: 1,
		postback: 1,
	};
	/** Files of local offers/landings: key `offer:ID` / `landing:ID` → path → content. */
	readonly files = new Map<string, Map<string, string>>();
	/** Labels: `${campaign_id}|${ref_name}|${value}` → whitelist/blacklist (docs §2.11). */
	readonly labels = new Map<string, string>();
	readonly labelRefs = new Map<number, Set<string>>();
	botlist: string[] = [];
	integrations = { avscan_key: '', imklo_api_url: '' };
	readonly logs = new Map<string, Array<{ datetime: string; jid: string; message: string }>>();

	conversionTimeModel: ConversionTimeModel;
	conversionIdOrder: ConversionIdOrder;
	subIdColumns: 15 | 30;
	/** Click-order conversion ids: row → id, id → row (filled as ids are first asked for). */
	private readonly clickOrderIds = new Map<number, number>();
	private readonly clickOrderRows = new Map<number, number>();

	/** Bumped on every change of clicks/conversions (log query caches key on it). */
	version = 0;
	/** Called once per API request after auth and routing, before the handler runs. */
	onBeforeRespond: ((info: BeforeRespondInfo) => void | Promise<void>) | null = null;

	private readonly rng: () => number;
	private sequenceSalt: number;

	constructor(options: KeitaroStateOptions = {}) {
		this.seed = options.seed ?? 1;
		this.conversionTimeModel = options.conversionTimeModel ?? 'fixed';
		this.conversionIdOrder = options.conversionIdOrder ?? 'arrival';
		this.subIdColumns = options.subIdColumns ?? 30;
		this.clock = new Clock(options.now ?? '2025-06-16 12:00:00');
		this.timezone = options.timezone ?? 'UTC';
		this.rng = mulberry32(mixSeed(this.seed, 'state'));
		this.sequenceSalt = mixSeed(this.seed, 'sub_id');
	}

	/** Deterministic random in [0,1) for entity defaults (aliases, tokens, ...). */
	random(): number {
		return this.rng();
	}

	randomString(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
		let s = '';
		for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.rng() * alphabet.length)];
		return s;
	}

	nowString(): string {
		return nowString(this.clock);
	}

	touch(): void {
		this.version++;
	}

	// ---- derived identifiers -------------------------------------------------------------

	/** Keitaro click subid: 7 hash chars + base36 click id (unique, reversible, not stored). */
	subIdOf(row: number): string {
		const override = this.clicks.subOverride.get(row);
		if (override !== undefined) return override;
		const id = row + 1;
		return mixSeed(this.sequenceSalt, id).toString(36).padStart(7, '0').slice(-7) + id.toString(36);
	}

	findClickRowBySubId(subId: string): number {
		const direct = this.clicks.subLookup.get(subId);
		if (direct !== undefined) return direct;
		if (subId.length <= 7) return -1;
		const id = parseInt(subId.slice(7), 36);
		if (!Number.isFinite(id) || id < 1 || id > this.clicks.n) return -1;
		const row = id - 1;
		return !this.clicks.subOverride.has(row) && this.subIdOf(row) === subId ? row : -1;
	}

	visitorCodeOf(row: number): string {
		return mixSeed(this.sequenceSalt ^ 0x5bd1e995, row + 1)
			.toString(36)
			.padStart(7, '0');
	}

	/** The conversion id of a conversion row (see `ConversionIdOrder`). */
	conversionIdOf(row: number): number {
		if (this.conversionIdOrder === 'arrival') return row + 1;
		let id = this.clickOrderIds.get(row);
		if (id === undefined) {
			id = this.conversions.click[row] + 1;
			if (this.clickOrderRows.has(id)) id = 2 ** 31 + row;
			this.clickOrderIds.set(row, id);
			this.clickOrderRows.set(id, row);
		}
		return id;
	}

	/** The row of a conversion id (-1 when none). */
	conversionRowOf(id: number): number {
		const n = this.conversions.n;
		if (this.conversionIdOrder === 'arrival') return id >= 1 && id <= n ? id - 1 : -1;
		const known = this.clickOrderRows.get(id);
		if (known !== undefined) return known;
		for (let r = 0; r < n; r++) if (this.conversionIdOf(r) === id) return r;
		return -1;
	}

	tidOf(conv: number): string {
		const override = this.conversions.tidOverride.get(conv);
		if (override !== undefined) return override;
		const h1 = mixSeed(this.sequenceSalt ^ 0x27d4eb2f, conv + 1)
			.toString(16)
			.padStart(8, '0');
		const h2 = mixSeed(this.sequenceSalt ^ 0x165667b1, conv + 1)
			.toString(16)
			.padStart(8, '0');
		return `${h1}${h2.slice(0, 4)}`;
	}

	clickDict(row: number, field: string): string {
		const col = this.clicks.dictCols.get(field);
		return col ? this.dict.get(col[row]) : '';
	}

	// ---- scenario driver -----------------------------------------------------------------

	/** Adds one click (defaults from the campaign's first regular flow); returns its view. */
	addClick(input: ClickInput = {}): ClickView {
		const row = this.insertClick(input);
		this.touch();
		return this.clickView(row);
	}

	/**
	 * Adds one conversion. `postback_datetime` defaults to the mock clock. When no existing click
	 * is referenced, a click is created 10 minutes before the postback.
	 */
	addConversion(input: ConversionInput = {}): ConversionView {
		const c = this.conversions;
		const pb =
			input.postback_datetime !== undefined
				? toEpochSeconds(input.postback_datetime)
				: this.clock.nowSeconds();
		let clickRow = -1;
		if (input.click_id !== undefined) {
			clickRow = input.click_id - 1;
			if (clickRow < 0 || clickRow >= this.clicks.n) throw new Error(`No click #${input.click_id}`);
		} else if (input.sub_id !== undefined) {
			clickRow = this.findClickRowBySubId(input.sub_id);
		}
		if (clickRow < 0) {
			clickRow = this.insertClick({
				datetime: (pb - 600) * 1000,
				...input.click,
				...(input.sub_id !== undefined ? { sub_id: input.sub_id } : {}),
			});
		}
		const status = input.status ?? 'sale';
		if (!(status in STATUS_CODE)) throw new Error(`Unknown conversion status ${status}`);
		const offer = this.offers.get(this.clicks.offer[clickRow]);
		const revenue = input.revenue ?? offer?.payout_value ?? 0;
		const row = c.n;
		c.ensure(row + 1);
		c.n++;
		c.click[row] = clickRow;
		c.pb[row] = pb;
		c.status[row] = STATUS_CODE[status];
		c.prev[row] = NO_STATUS;
		c.orig[row] = input.original_status ? this.dict.id(input.original_status) : 0;
		c.revenue[row] = revenue;
		c.dt[row] = pb;
		c.sale[row] =
			input.sale_datetime !== undefined
				? toEpochSeconds(input.sale_datetime)
				: status === 'sale' || status === 'rebill'
					? pb
					: 0;
		if (input.tid !== undefined) c.tidOverride.set(row, input.tid);
		if (input.params) c.params.set(row, { ...input.params });
		this.applyConversionToClick(row, 1);
		c.index.insert(row);
		this.touch();
		return this.conversionView(row);
	}

	/**
	 * Changes a conversion's status like a follow-up postback does in Keitaro: `previous_status`
	 * keeps the old status, `postback_datetime` moves to `at` (default: the mock clock) because
	 * the status update *is* a new postback for the same conversion (docs §5: one conversion per
	 * click changes status in place), and `sale_datetime` is set when it becomes a sale.
	 * Transitions not allowed by Keitaro (docs §5) throw unless `force` is set.
	 */
	setConversionStatus(
		conversionId: number,
		status: ConversionStatus,
		options: { at?: TimeInput; revenue?: number; original_status?: string; force?: boolean } = {},
	): ConversionView {
		const c = this.conversions;
		const row = this.conversionRowOf(conversionId);
		if (row < 0) throw new Error(`No conversion #${conversionId}`);
		if (!(status in STATUS_CODE)) throw new Error(`Unknown conversion status ${status}`);
		const old = STATUSES[c.status[row]];
		if (!options.force && old !== status && !ALLOWED_TRANSITIONS[old].includes(status)) {
			throw new Error(
				`Keitaro does not allow the transition ${old} → ${status} (docs §5); pass force: true`,
			);
		}
		const at = options.at !== undefined ? toEpochSeconds(options.at) : this.clock.nowSeconds();
		this.applyConversionToClick(row, -1);
		const indexed = c.index.remove(row); // false when its click was cleaned
		c.prev[row] = c.status[row];
		c.status[row] = STATUS_CODE[status];
		c.orig[row] = options.original_status ? this.dict.id(options.original_status) : 0;
		if (options.revenue !== undefined) c.revenue[row] = options.revenue;
		if (this.conversionTimeModel === 'moves') {
			if ((status === 'sale' || status === 'rebill') && !c.sale[row]) c.sale[row] = at;
			c.pb[row] = at;
		} else {
			// fixed / datetime: postback_datetime stays; sale_datetime follows the `sale` status.
			if (status === 'sale') {
				if (old !== 'sale' || !c.sale[row]) c.sale[row] = at;
			} else {
				c.sale[row] = 0;
			}
		}
		c.dt[row] = at;
		if (indexed) c.index.insert(row);
		this.applyConversionToClick(row, 1);
		this.touch();
		return this.conversionView(row);
	}

	/**
	 * Bulk-generates `n` conversions (each with its own click) with postback_datetime uniformly
	 * spread over [from, to]. One sort at the end; ~1 s and ~40 MB for 200,000.
	 */
	seedConversions(
		n: number,
		options: SeedConversionsOptions = {},
	): { count: number; firstConversionId: number; lastConversionId: number } {
		const nowSec = this.clock.nowSeconds();
		const to = options.to !== undefined ? toEpochSeconds(options.to) : nowSec;
		const from = options.from !== undefined ? toEpochSeconds(options.from) : to - 30 * 86400;
		if (!(to >= from)) throw new Error('seedConversions: `to` must not be before `from`');
		const rng = mulberry32(
			options.seed ?? mixSeed(this.seed, `seedConversions:${this.conversions.n}`),
		);
		const weights = { lead: 45, sale: 40, rejected: 12, rebill: 3, ...options.statusWeights };
		const statusPool = STATUSES.filter((s) => (weights[s] ?? 0) > 0);
		const targets = this.clickTargets(options.campaignIds);
		if (targets.length === 0)
			throw new Error('seedConversions: no campaign with a flow to attach clicks to');

		const ck = this.clicks;
		const cv = this.conversions;
		const firstConv = cv.n;
		ck.ensure(ck.n + n);
		cv.ensure(cv.n + n);
		const profiles = this.profilePool();
		const cols = {
			country_code: ck.dictCol('country_code'),
			region: ck.dictCol('region'),
			city: ck.dictCol('city'),
			language: ck.dictCol('language'),
			device_type: ck.dictCol('device_type'),
			os: ck.dictCol('os'),
			browser: ck.dictCol('browser'),
			user_agent: ck.dictCol('user_agent'),
			source: ck.dictCol('source'),
			sub_id_1: ck.dictCol('sub_id_1'),
			sub_id_2: ck.dictCol('sub_id_2'),
		};
		const zoneIds = Array.from({ length: 200 }, (_, i) => this.dict.id(String(1000 + i * 7)));
		const creativeIds = Array.from({ length: 12 }, (_, i) => this.dict.id(`cr_${100 + i}`));
		const span = to - from;
		for (let i = 0; i < n; i++) {
			const pb = from + Math.floor(rng() * (span + 1));
			const t = targets[Math.floor(rng() * targets.length)];
			const p = profiles[Math.floor(rng() * profiles.length)];
			const row = ck.n++;
			ck.time[row] = pb - 30 - Math.floor(rng() * 7200);
			ck.campaign[row] = t.campaign;
			ck.stream[row] = t.stream;
			ck.landing[row] = t.landing;
			ck.offer[row] = t.offer;
			ck.ts[row] = t.ts;
			ck.ip[row] = ((p.ipBase + Math.floor(rng() * 65536)) >>> 0) as number;
			ck.flags[row] =
				FLAG.UNIQUE_CAMPAIGN | FLAG.UNIQUE_STREAM | (rng() < 0.7 ? FLAG.UNIQUE_GLOBAL : 0);
			ck.cost[row] = t.cpc;
			cols.country_code[row] = p.country_code;
			cols.region[row] = p.region;
			cols.city[row] = p.city;
			cols.language[row] = p.language;
			cols.device_type[row] = p.device_type;
			cols.os[row] = p.os;
			cols.browser[row] = p.browser;
			cols.user_agent[row] = p.user_agent;
			cols.source[row] = t.source;
			cols.sub_id_1[row] = zoneIds[Math.floor(rng() * zoneIds.length)];
			cols.sub_id_2[row] = creativeIds[Math.floor(rng() * creativeIds.length)];

			const status = pickWeighted(rng, statusPool, (s) => weights[s] ?? 0);
			const conv = cv.n++;
			cv.click[conv] = row;
			cv.pb[conv] = pb;
			cv.status[conv] = STATUS_CODE[status];
			cv.prev[conv] = status === 'sale' && rng() < 0.5 ? STATUS_CODE.lead : NO_STATUS;
			cv.orig[conv] = 0;
			cv.revenue[conv] = t.payout;
			cv.dt[conv] = pb;
			cv.sale[conv] = status === 'sale' || status === 'rebill' ? pb : 0;
			this.applyConversionToClick(conv, 1);
		}
		this.rebuildIndexes();
		this.touch();
		return {
			count: n,
			firstConversionId: this.conversionIdOf(firstConv),
			lastConversionId: this.conversionIdOf(firstConv + n - 1),
		};
	}

	getConversion(conversionId: number): ConversionView | undefined {
		const row = this.conversionRowOf(conversionId);
		return row >= 0 ? this.conversionView(row) : undefined;
	}

	getClick(clickId: number): ClickView | undefined {
		const row = clickId - 1;
		return row >= 0 && row < this.clicks.n ? this.clickView(row) : undefined;
	}

	get clickCount(): number {
		return this.clicks.n;
	}

	get conversionCount(): number {
		return this.conversions.n;
	}

	/** Rebuilds both time indexes, leaving out cleaned clicks and their conversions. */
	rebuildIndexes(): void {
		const ck = this.clicks;
		const cv = this.conversions;
		ck.index.rebuild(ck.n, (r) => (ck.flags[r] & FLAG.CLEANED) === 0);
		cv.index.rebuild(cv.n, (r) => (ck.flags[cv.click[r]] & FLAG.CLEANED) === 0);
	}

	// ---- internals ----------------------------------------------------------------------

	/** Adds/removes a conversion's contribution to its click's revenue and status flags. */
	private applyConversionToClick(conv: number, sign: 1 | -1): void {
		const cv = this.conversions;
		const ck = this.clicks;
		const clickRow = cv.click[conv];
		const status = cv.status[conv];
		ck.bumpStatus(clickRow, status, sign);
		if (status !== STATUS_CODE.rejected) ck.revenue[clickRow] += sign * cv.revenue[conv];
	}

	private clickTargets(campaignIds?: number[]): Array<{
		campaign: number;
		stream: number;
		landing: number;
		offer: number;
		ts: number;
		cpc: number;
		payout: number;
		source: number;
	}> {
		const campaigns = campaignIds
			? campaignIds.map((id) => this.campaigns.get(id)).filter((c): c is CampaignRec => !!c)
			: this.campaigns.all().filter((c) => c.state !== 'deleted');
		const out = [];
		for (const campaign of campaigns) {
			const defaults = this.flowDefaults(campaign.id);
			const offer = this.offers.get(defaults.offer);
			const source = this.trafficSources.get(campaign.traffic_source_id);
			out.push({
				campaign: campaign.id,
				stream: defaults.stream,
				landing: defaults.landing,
				offer: defaults.offer,
				ts: campaign.traffic_source_id,
				cpc: campaign.cost_type === 'CPC' ? campaign.cost_value : 0,
				payout: offer?.payout_value ?? 0,
				source: this.dict.id(source ? sourceHost(source.name) : ''),
			});
		}
		return out;
	}

	/** First active regular flow of a campaign and its first offer/landing. */
	flowDefaults(campaignId: number): { stream: number; offer: number; landing: number } {
		const streams = this.streams
			.all()
			.filter((s) => s.campaign_id === campaignId && s.state !== 'deleted')
			.sort(
				(a, b) =>
					(a.type === 'regular' ? 0 : 1) - (b.type === 'regular' ? 0 : 1) ||
					a.position - b.position,
			);
		const stream = streams[0];
		return {
			stream: stream?.id ?? 0,
			offer: stream?.offers[0]?.offer_id ?? 0,
			landing: stream?.landings[0]?.landing_id ?? 0,
		};
	}

	private profilePoolCache: Array<{
		country_code: number;
		region: number;
		city: number;
		language: number;
		device_type: number;
		os: number;
		browser: number;
		user_agent: number;
		ipBase: number;
	}> = [];

	private profilePool() {
		if (this.profilePoolCache.length > 0) return this.profilePoolCache;
		const rng = mulberry32(mixSeed(this.seed, 'profiles'));
		for (let i = 0; i < 64; i++) {
			const [code] = pickWeighted(rng, COUNTRIES, (c) => c[2]);
			const regions = REGIONS[code] ?? [['', '', '']];
			const [region, , city] = regions[Math.floor(rng() * regions.length)];
			const device = pickWeighted(rng, DEVICES, (d) => d.weight);
			this.profilePoolCache.push({
				country_code: this.dict.id(code),
				region: this.dict.id(region),
				city: this.dict.id(city),
				language: this.dict.id(LANGUAGES[code] ?? 'en'),
				device_type: this.dict.id(device.device_type),
				os: this.dict.id(device.os),
				browser: this.dict.id(device.browser),
				user_agent: this.dict.id(device.user_agent),
				ipBase: ((Math.floor(rng() * 200) + 20) * 16777216 + Math.floor(rng() * 256) * 65536) >>> 0,
			});
		}
		return this.profilePoolCache;
	}

	/** Inserts a click row from a partial input (used by addClick, addConversion and seeding). */
	insertClick(input: ClickInput): number {
		const ck = this.clicks;
		const campaignId =
			input.campaign_id ?? this.campaigns.all().find((c) => c.state === 'active')?.id ?? 0;
		const campaign = this.campaigns.get(campaignId);
		const defaults = this.flowDefaults(campaignId);
		const row = ck.n;
		ck.ensure(row + 1);
		ck.n++;
		ck.time[row] =
			input.datetime !== undefined ? toEpochSeconds(input.datetime) : this.clock.nowSeconds();
		ck.campaign[row] = campaignId;
		ck.stream[row] = input.stream_id ?? defaults.stream;
		ck.landing[row] = input.landing_id ?? defaults.landing;
		ck.offer[row] = input.offer_id ?? defaults.offer;
		ck.ts[row] = input.ts_id ?? campaign?.traffic_source_id ?? 0;
		ck.ip[row] = input.ip
			? ipFromString(input.ip)
			: (((90 + (row % 100)) << 24) | ((row * 2654435761) & 0xffffff)) >>> 0;
		let flags = 0;
		if (input.is_unique_campaign ?? true) flags |= FLAG.UNIQUE_CAMPAIGN;
		if (input.is_unique_stream ?? true) flags |= FLAG.UNIQUE_STREAM;
		if (input.is_unique_global ?? true) flags |= FLAG.UNIQUE_GLOBAL;
		if (input.is_bot) flags |= FLAG.BOT;
		if (input.is_using_proxy) flags |= FLAG.PROXY;
		if (input.is_empty_referrer) flags |= FLAG.EMPTY_REFERRER;
		if (input.landing_clicked) flags |= FLAG.LANDING_CLICKED;
		ck.flags[row] = flags;
		ck.lpDelay[row] = input.landing_clicked ? (input.landing_clicked_delay ?? 20) : 0;
		ck.cost[row] =
			input.cost ?? (campaign && campaign.cost_type === 'CPC' ? campaign.cost_value : 0);
		ck.revenue[row] = 0;
		ck.statusCounts[row] = 0;
		for (const key of Object.keys(input)) {
			if (!CLICK_INPUT_KEYS.has(key) && !DICT_FIELD_SET.has(key)) {
				throw new Error(`addClick: unknown click field '${key}'`); // catches typos in tests
			}
		}
		const attributes: Record<string, string> = { country_code: 'US' };
		for (const [key, value] of Object.entries(input)) {
			if (DICT_FIELD_SET.has(key) && value !== undefined && value !== null)
				attributes[key] = String(value);
		}
		if (input.country_code) attributes.country_code = input.country_code.toUpperCase();
		if (attributes.country_code && !attributes.language) {
			attributes.language = LANGUAGES[attributes.country_code] ?? 'en';
		}
		for (const [field, col] of ck.dictCols) if (!(field in attributes)) col[row] = 0;
		for (const [field, value] of Object.entries(attributes))
			ck.dictCol(field)[row] = this.dict.id(value);
		if (input.sub_id !== undefined) {
			if (this.findClickRowBySubId(input.sub_id) >= 0)
				throw new Error(`Duplicate sub_id ${input.sub_id}`);
			ck.subOverride.set(row, input.sub_id);
			ck.subLookup.set(input.sub_id, row);
		}
		ck.index.insert(row);
		return row;
	}

	clickView(row: number): ClickView {
		const ck = this.clicks;
		const attributes: Record<string, string> = {};
		for (const [field, col] of ck.dictCols)
			if (col[row]) attributes[field] = this.dict.get(col[row]);
		return {
			click_id: row + 1,
			sub_id: this.subIdOf(row),
			datetime: formatDateTime(ck.time[row]),
			campaign_id: ck.campaign[row],
			stream_id: ck.stream[row],
			landing_id: ck.landing[row],
			offer_id: ck.offer[row],
			ts_id: ck.ts[row],
			ip: ipToString(ck.ip[row]),
			cost: ck.cost[row],
			revenue: ck.revenue[row],
			is_bot: (ck.flags[row] & FLAG.BOT) !== 0,
			is_unique_campaign: (ck.flags[row] & FLAG.UNIQUE_CAMPAIGN) !== 0,
			attributes,
		};
	}

	conversionView(row: number): ConversionView {
		const cv = this.conversions;
		const ck = this.clicks;
		const clickRow = cv.click[row];
		const status = STATUSES[cv.status[row]];
		return {
			conversion_id: this.conversionIdOf(row),
			click_id: clickRow + 1,
			sub_id: this.subIdOf(clickRow),
			tid: this.tidOf(row),
			status,
			previous_status: cv.prev[row] === NO_STATUS ? null : STATUSES[cv.prev[row]],
			original_status: cv.orig[row] ? this.dict.get(cv.orig[row]) : status,
			revenue: cv.revenue[row],
			postback_datetime: formatDateTime(cv.pb[row]),
			click_datetime: formatDateTime(ck.time[clickRow]),
			sale_datetime: cv.sale[row] ? formatDateTime(cv.sale[row]) : null,
			campaign_id: ck.campaign[clickRow],
			offer_id: ck.offer[clickRow],
			stream_id: ck.stream[clickRow],
			landing_id: ck.landing[clickRow],
			ts_id: ck.ts[clickRow],
			country_code: this.clickDict(clickRow, 'country_code'),
		};
	}

	// ---- labels ---------------------------------------------------------------------------

	setLabel(campaignId: number, refName: string, value: string, label: string | null): void {
		const key = `${campaignId}|${refName}|${value}`;
		if (label) {
			this.labels.set(key, label);
			let refs = this.labelRefs.get(campaignId);
			if (!refs) {
				refs = new Set();
				this.labelRefs.set(campaignId, refs);
			}
			refs.add(refName);
		} else {
			this.labels.delete(key);
		}
	}

	getLabel(campaignId: number, refName: string, value: string): string | undefined {
		return this.labels.get(`${campaignId}|${refName}|${value}`);
	}
}

/** "Facebook Ads" → "facebook.com"-ish host used as the click `source`. */
export function sourceHost(name: string): string {
	const word = name.toLowerCase().split(/\s+/)[0] ?? 'direct';
	return `${word.replace(/[^a-z0-9]/g, '')}.com`;
}

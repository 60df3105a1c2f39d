/**
 * Report engine of the Keitaro mock: `POST /report/build` (docs §3), `POST /clicks/log` (§4.1)
 * and `POST /conversions/log` (§4.2), computed from the click/conversion column store.
 *
 * Grid errors are thrown as `GridError` and answered 400 `{"error": "..."}` (docs §1.2:
 * "Filter X contains incorrect operator 'Y'", "Incorrect order X", unknown names list the valid
 * ones).
 */
import { COUNTRY_NAMES } from './data';
import { GridError } from './errors';
import {
	EXTRA_PARAM_COUNT,
	FLAG,
	NO_STATUS,
	STATUSES,
	STATUS_CODE,
	SUB_ID_COUNT,
	ipToString,
	type KeitaroState,
} from './store';
import {
	tzOffsetSeconds,
	formatDateTime,
	isoWeek,
	parseCivil,
	fromZoned,
	resolveRange,
	toZoned,
	pad,
	type RangeInput,
} from './time';

export { GridError };

type Raw = number | string | null;
type ColType = 'int' | 'num' | 'str' | 'flag' | 'time' | 'money' | 'json';

export interface Column {
	name: string;
	type: ColType;
	/** Raw value used for filtering, grouping and sorting (time = epoch seconds, 0 = unset). */
	get: (row: number) => Raw;
	/** Output value, when it differs from the formatted raw value. */
	out?: (row: number) => unknown;
}

interface QueryContext {
	state: KeitaroState;
	tz: string;
	stringNumbers: boolean;
}

export interface GridOptions {
	stringNumbers: boolean;
	/** Which date a report range applies to (tracker-wide setting, docs §3.1). */
	reportDateMode: 'click' | 'conversion';
	/** Zone of log row times: the requested one (default) or always UTC (see MockBehaviour). */
	logTimes?: 'requested' | 'utc';
}

const round = (n: number, digits: number) => {
	const f = 10 ** digits;
	return Math.round((n + Number.EPSILON) * f) / f;
};

// ---------------------------------------------------------------------------------------------
// Columns (docs §3.5 dimensions/columns, §4.2 conversion columns)

const SUB_IDS = Array.from({ length: SUB_ID_COUNT }, (_, i) => `sub_id_${i + 1}`);
const EXTRA_PARAMS = Array.from({ length: EXTRA_PARAM_COUNT }, (_, i) => `extra_param_${i + 1}`);
const DICT_NAME_COLUMNS = [
	'language',
	'device_type',
	'connection_type',
	'country_code',
	'region',
	'region_code',
	'city',
	'user_agent',
	'operator',
	'os',
	'os_version',
	'browser',
	'browser_version',
	'device_model',
	'isp',
	'source',
	'referrer',
	'search_engine',
	'keyword',
	'destination',
	'x_requested_with',
	'ad_campaign_id',
	'external_id',
	'creative_id',
	...SUB_IDS,
	...EXTRA_PARAMS,
];
/** `<field>_id` dimensions: the id of the value in Keitaro's dictionary tables. */
const DICT_ID_COLUMNS: Record<string, string> = {
	language_id: 'language',
	device_type_id: 'device_type',
	destination_id: 'destination',
	source_id: 'source',
	referrer_id: 'referrer',
	keyword_id: 'keyword',
	search_engine_id: 'search_engine',
	x_requested_with_id: 'x_requested_with',
	ad_campaign_id_id: 'ad_campaign_id',
	external_id_id: 'external_id',
	creative_id_id: 'creative_id',
	...Object.fromEntries(SUB_IDS.map((s) => [`${s}_id`, s])),
};
/** Columns of the click log that are not report dimensions (they are measures there). */
const CLICK_LOG_ONLY = ['revenue', 'cost', 'profit'];

const slug = (s: string) =>
	s
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');

function buildClickColumns(ctx: QueryContext): Map<string, Column> {
	const { state, tz } = ctx;
	const ck = state.clicks;
	const dict = state.dict;
	const cols = new Map<string, Column>();
	const def = (
		name: string,
		type: ColType,
		get: (row: number) => Raw,
		out?: (row: number) => unknown,
	) => cols.set(name, { name, type, get, out });
	const dictStr = (field: string) => {
		const col = ck.dictCols.get(field);
		return col ? (r: number) => dict.get(col[r]) : () => '';
	};
	const dictId = (field: string) => {
		const col = ck.dictCols.get(field);
		return col ? (r: number) => col[r] : () => 0;
	};
	const campaigns = new Map(state.campaigns.all().map((c) => [c.id, c]));
	const groups = new Map(state.groups.all().map((g) => [g.id, g.name]));
	const offers = new Map(state.offers.all().map((o) => [o.id, o]));
	const networks = new Map(state.affiliateNetworks.all().map((n) => [n.id, n.name]));
	const landings = new Map(state.landings.all().map((l) => [l.id, l.name]));
	const streams = new Map(state.streams.all().map((s) => [s.id, s.name]));
	const sources = new Map(state.trafficSources.all().map((s) => [s.id, s.name]));
	const zoned = (t: number) => toZoned(t, tz);
	const flag = (bit: number) => (r: number) => ((ck.flags[r] & bit) !== 0 ? 1 : 0);

	// IDs
	def('click_id', 'int', (r) => r + 1);
	def('sub_id', 'str', (r) => state.subIdOf(r));
	def('visitor_code', 'str', (r) => state.visitorCodeOf(r));
	def('visitor_id', 'int', (r) => parseInt(state.visitorCodeOf(r), 36) % 1_000_000_000);
	def('campaign_id', 'int', (r) => ck.campaign[r]);
	def('campaign_group_id', 'int', (r) => campaigns.get(ck.campaign[r])?.group_id ?? 0);
	def('parent_campaign_id', 'int', () => 0);
	def('landing_id', 'int', (r) => ck.landing[r]);
	def('offer_id', 'int', (r) => ck.offer[r]);
	def('affiliate_network_id', 'int', (r) => offers.get(ck.offer[r])?.affiliate_network_id ?? 0);
	def('ts_id', 'int', (r) => ck.ts[r]);
	def('stream_id', 'int', (r) => ck.stream[r]);
	def('device_type_id', 'int', dictId('device_type'));
	for (const [name, field] of Object.entries(DICT_ID_COLUMNS)) def(name, 'int', dictId(field));
	// Names / data
	def('campaign', 'str', (r) => campaigns.get(ck.campaign[r])?.name ?? '');
	def(
		'campaign_group',
		'str',
		(r) => groups.get(campaigns.get(ck.campaign[r])?.group_id ?? 0) ?? '',
	);
	def('parent_campaign', 'str', () => '');
	def('parent_sub_id', 'str', () => '');
	def('landing', 'str', (r) => landings.get(ck.landing[r]) ?? '');
	def('offer', 'str', (r) => offers.get(ck.offer[r])?.name ?? '');
	def(
		'affiliate_network',
		'str',
		(r) => networks.get(offers.get(ck.offer[r])?.affiliate_network_id ?? 0) ?? '',
	);
	def('ts', 'str', (r) => sources.get(ck.ts[r]) ?? '');
	def('stream', 'str', (r) => streams.get(ck.stream[r]) ?? '');
	for (const field of DICT_NAME_COLUMNS) def(field, 'str', dictStr(field));
	const country = dictStr('country_code');
	def('country', 'str', (r) => COUNTRY_NAMES[country(r)] ?? country(r));
	def('country_flag', 'str', (r) => country(r).toLowerCase());
	const os = dictStr('os');
	const browser = dictStr('browser');
	def('os_icon', 'str', (r) => slug(os(r)));
	def('browser_icon', 'str', (r) => slug(browser(r)));
	def('ip', 'str', (r) => ipToString(ck.ip[r]));
	def('ip_mask1', 'str', (r) => ipToString(ck.ip[r]).replace(/\.\d+$/, '.*'));
	def('ip_mask2', 'str', (r) => ipToString(ck.ip[r]).replace(/\.\d+\.\d+$/, '.*.*'));
	def('label', 'str', (r) => {
		const campaignId = ck.campaign[r];
		const refs = state.labelRefs.get(campaignId);
		if (!refs) return '';
		for (const ref of refs) {
			const col = cols.get(ref);
			const label = col ? state.getLabel(campaignId, ref, String(col.get(r) ?? '')) : undefined;
			if (label) return label;
		}
		return '';
	});
	def('landing_clicked', 'flag', flag(FLAG.LANDING_CLICKED));
	def('landing_clicked_datetime', 'time', (r) =>
		(ck.flags[r] & FLAG.LANDING_CLICKED) !== 0 ? ck.time[r] + ck.lpDelay[r] : 0,
	);
	// Flags
	def('is_unique_stream', 'flag', flag(FLAG.UNIQUE_STREAM));
	def('is_unique_campaign', 'flag', flag(FLAG.UNIQUE_CAMPAIGN));
	def('is_unique_global', 'flag', flag(FLAG.UNIQUE_GLOBAL));
	def('is_bot', 'flag', flag(FLAG.BOT));
	def('is_using_proxy', 'flag', flag(FLAG.PROXY));
	def('is_empty_referrer', 'flag', flag(FLAG.EMPTY_REFERRER));
	def('is_lead', 'flag', (r) => (ck.statusCount(r, STATUS_CODE.lead) > 0 ? 1 : 0));
	def('is_sale', 'flag', (r) =>
		ck.statusCount(r, STATUS_CODE.sale) + ck.statusCount(r, STATUS_CODE.rebill) > 0 ? 1 : 0,
	);
	def('is_rejected', 'flag', (r) => (ck.statusCount(r, STATUS_CODE.rejected) > 0 ? 1 : 0));
	// Date and time (formats of year/month/week/weekday/day/hour are undocumented, docs §10.6)
	def('datetime', 'time', (r) => ck.time[r]);
	// Calendar values are memoised per local day / hour: reports group 200k+ rows by them.
	const local = (t: number) => t + tzOffsetSeconds(t, tz);
	const perDay = <T>(fn: (z: ReturnType<typeof toZoned>) => T) => {
		const memo = new Map<number, T>();
		return (r: number): T => {
			const t = ck.time[r];
			const day = Math.floor(local(t) / 86400);
			let v = memo.get(day);
			if (v === undefined) {
				v = fn(zoned(t));
				memo.set(day, v);
			}
			return v;
		};
	};
	def(
		'year',
		'int',
		perDay((z) => z.y),
	);
	def(
		'month',
		'str',
		perDay((z) => `${z.y}-${pad(z.m)}`),
	);
	def(
		'week',
		'str',
		perDay((z) => {
			const w = isoWeek(z.y, z.m, z.d);
			return `${w.year}-${pad(w.week)}`;
		}),
	);
	def(
		'weekday',
		'int',
		perDay((z) => z.wd),
	);
	def(
		'day',
		'str',
		perDay((z) => `${z.y}-${pad(z.m)}-${pad(z.d)}`),
	);
	def('hour', 'int', (r) => Math.floor((((local(ck.time[r]) % 86400) + 86400) % 86400) / 3600));
	const dayOf = perDay((z) => `${z.y}-${pad(z.m)}-${pad(z.d)}`);
	def('day_hour', 'str', (r) => {
		const h = Math.floor((((local(ck.time[r]) % 86400) + 86400) % 86400) / 3600);
		return `${dayOf(r)} ${pad(h)}:00`;
	});
	// Per-click money (click log only)
	def('revenue', 'money', (r) => ck.revenue[r]);
	def('cost', 'money', (r) => ck.cost[r]);
	def('profit', 'money', (r) => ck.revenue[r] - ck.cost[r]);
	return cols;
}

function buildConversionColumns(
	ctx: QueryContext,
	clickCols: Map<string, Column>,
): Map<string, Column> {
	const { state } = ctx;
	const cv = state.conversions;
	const ck = state.clicks;
	const cols = new Map<string, Column>();
	// Click context (docs §4.2: sub_id, campaign_id, campaign, offer_id, offer, ... sub_id_N).
	for (const [name, col] of clickCols) {
		if (CLICK_LOG_ONLY.includes(name)) continue;
		cols.set(name, {
			name,
			type: col.type,
			get: (r) => col.get(cv.click[r]),
			out: col.out ? (r) => col.out?.(cv.click[r]) : undefined,
		});
	}
	const def = (
		name: string,
		type: ColType,
		get: (row: number) => Raw,
		out?: (row: number) => unknown,
	) => cols.set(name, { name, type, get, out });
	// Conversion-specific columns ([SPEC] "Conversions Specific"). No `payout` (docs §4.2).
	def('conversion_id', 'int', (r) => state.conversionIdOf(r));
	// The log's `datetime`: the click's time, or the latest postback under the `datetime` model.
	if (state.conversionTimeModel === 'datetime') def('datetime', 'time', (r) => cv.dt[r]);
	def('click_datetime', 'time', (r) => ck.time[cv.click[r]]);
	def('postback_datetime', 'time', (r) => cv.pb[r]);
	def('sale_datetime', 'time', (r) => cv.sale[r]);
	def('sale_period', 'int', (r) =>
		cv.sale[r] ? Math.max(0, cv.sale[r] - ck.time[cv.click[r]]) : null,
	);
	def('tid', 'str', (r) => state.tidOf(r));
	def('status', 'str', (r) => STATUSES[cv.status[r]]);
	def(
		'previous_status',
		'str',
		(r) => (cv.prev[r] === NO_STATUS ? '' : STATUSES[cv.prev[r]]),
		(r) => (cv.prev[r] === NO_STATUS ? null : STATUSES[cv.prev[r]]),
	);
	def('original_status', 'str', (r) =>
		cv.orig[r] ? state.dict.get(cv.orig[r]) : STATUSES[cv.status[r]],
	);
	def(
		'params',
		'json',
		(r) => JSON.stringify(cv.params.get(r) ?? {}),
		(r) => cv.params.get(r) ?? {},
	);
	def('revenue', 'money', (r) => cv.revenue[r]);
	def('is_lead', 'flag', (r) => (cv.status[r] === STATUS_CODE.lead ? 1 : 0));
	def('is_sale', 'flag', (r) =>
		cv.status[r] === STATUS_CODE.sale || cv.status[r] === STATUS_CODE.rebill ? 1 : 0,
	);
	def('is_rejected', 'flag', (r) => (cv.status[r] === STATUS_CODE.rejected ? 1 : 0));
	return cols;
}

function formatValue(col: Column, row: number, ctx: QueryContext, moneyDigits: number): unknown {
	if (col.out) return col.out(row);
	const raw = col.get(row);
	switch (col.type) {
		case 'time':
			return typeof raw === 'number' && raw > 0 ? formatDateTime(raw, ctx.tz) : null;
		case 'money': {
			const n = typeof raw === 'number' ? raw : Number(raw);
			return ctx.stringNumbers ? n.toFixed(moneyDigits) : round(n, moneyDigits);
		}
		default:
			return raw;
	}
}

// ---------------------------------------------------------------------------------------------
// Measures (docs §3.4)

const A = {
	clicks: 0,
	cu: 1,
	su: 2,
	gu: 3,
	bots: 4,
	proxies: 5,
	emptyRef: 6,
	lpViews: 7,
	lpClicks: 8,
	cost: 9,
	leads: 10,
	sales: 11,
	rejected: 12,
	rebills: 13,
	leadRev: 14,
	saleRev: 15,
	rejRev: 16,
	rebillRev: 17,
	lpDelay: 18,
} as const;
const ACC_SIZE = 19;

type MeasureKind = 'count' | 'money' | 'percent' | 'unit';
interface Measure {
	kind: MeasureKind;
	compute: (a: Float64Array) => number;
}
const div = (a: number, b: number) => (b ? a / b : 0);
const conversions = (a: Float64Array) => a[A.leads] + a[A.sales] + a[A.rebills];
const revenue = (a: Float64Array) => a[A.leadRev] + a[A.saleRev] + a[A.rebillRev];
const saleRevenue = (a: Float64Array) => a[A.saleRev] + a[A.rebillRev];

/**
 * Measure formulas. `conversions` = leads + sales + rebills (rejected are not conversions;
 * Keitaro docs: "Which conversions are counted? Leads and sales"); `revenue` includes the hold
 * money of leads (docs §3.4); *_confirmed use sale/rebill money only.
 */
export const MEASURES: Record<string, Measure> = {
	clicks: { kind: 'count', compute: (a) => a[A.clicks] },
	campaign_unique_clicks: { kind: 'count', compute: (a) => a[A.cu] },
	stream_unique_clicks: { kind: 'count', compute: (a) => a[A.su] },
	global_unique_clicks: { kind: 'count', compute: (a) => a[A.gu] },
	uc_campaign_rate: { kind: 'percent', compute: (a) => div(a[A.cu], a[A.clicks]) * 100 },
	uc_stream_rate: { kind: 'percent', compute: (a) => div(a[A.su], a[A.clicks]) * 100 },
	uc_global_rate: { kind: 'percent', compute: (a) => div(a[A.gu], a[A.clicks]) * 100 },
	bots: { kind: 'count', compute: (a) => a[A.bots] },
	bot_share: { kind: 'percent', compute: (a) => div(a[A.bots], a[A.clicks]) * 100 },
	proxies: { kind: 'count', compute: (a) => a[A.proxies] },
	empty_referrers: { kind: 'count', compute: (a) => a[A.emptyRef] },
	lp_views: { kind: 'count', compute: (a) => a[A.lpViews] },
	lp_clicks: { kind: 'count', compute: (a) => a[A.lpClicks] },
	lp_ctr: { kind: 'percent', compute: (a) => div(a[A.lpClicks], a[A.lpViews]) * 100 },
	landing_clicked_period: { kind: 'unit', compute: (a) => div(a[A.lpDelay], a[A.lpClicks]) },
	conversions: { kind: 'count', compute: conversions },
	leads: { kind: 'count', compute: (a) => a[A.leads] },
	sales: { kind: 'count', compute: (a) => a[A.sales] },
	rejected: { kind: 'count', compute: (a) => a[A.rejected] },
	rebills: { kind: 'count', compute: (a) => a[A.rebills] },
	approve: {
		kind: 'percent',
		compute: (a) => div(a[A.sales], a[A.leads] + a[A.sales] + a[A.rejected]) * 100,
	},
	cr: { kind: 'percent', compute: (a) => div(conversions(a), a[A.clicks]) * 100 },
	crs: { kind: 'percent', compute: (a) => div(a[A.sales], a[A.clicks]) * 100 },
	crl: { kind: 'percent', compute: (a) => div(a[A.leads], a[A.clicks]) * 100 },
	cost: { kind: 'money', compute: (a) => a[A.cost] },
	revenue: { kind: 'money', compute: revenue },
	profit: { kind: 'money', compute: (a) => revenue(a) - a[A.cost] },
	profitability: { kind: 'percent', compute: (a) => div(revenue(a) - a[A.cost], revenue(a)) * 100 },
	lead_revenue: { kind: 'money', compute: (a) => a[A.leadRev] },
	sale_revenue: { kind: 'money', compute: saleRevenue },
	rejected_revenue: { kind: 'money', compute: (a) => a[A.rejRev] },
	profit_confirmed: { kind: 'money', compute: (a) => saleRevenue(a) - a[A.cost] },
	roi: { kind: 'percent', compute: (a) => div(revenue(a) - a[A.cost], a[A.cost]) * 100 },
	roi_confirmed: {
		kind: 'percent',
		compute: (a) => div(saleRevenue(a) - a[A.cost], a[A.cost]) * 100,
	},
	epc: { kind: 'unit', compute: (a) => div(revenue(a), a[A.clicks]) },
	epc_confirmed: { kind: 'unit', compute: (a) => div(saleRevenue(a), a[A.clicks]) },
	cps: { kind: 'unit', compute: (a) => div(a[A.cost], a[A.sales]) },
	cpa: { kind: 'unit', compute: (a) => div(a[A.cost], conversions(a)) },
	cpl: { kind: 'unit', compute: (a) => div(a[A.cost], a[A.leads]) },
	cpc: { kind: 'unit', compute: (a) => div(a[A.cost], a[A.clicks]) },
	ecpc: { kind: 'unit', compute: (a) => div(a[A.cost], a[A.cu]) },
	ecpm: { kind: 'unit', compute: (a) => div(revenue(a), a[A.clicks]) * 1000 },
	ecpm_confirmed: { kind: 'unit', compute: (a) => div(saleRevenue(a), a[A.clicks]) * 1000 },
	ec: { kind: 'unit', compute: (a) => div(revenue(a), conversions(a)) },
	ec_confirmed: { kind: 'unit', compute: (a) => div(saleRevenue(a), a[A.sales]) },
};

function measureValue(name: string, acc: Float64Array): number {
	const m = MEASURES[name];
	const v = m.compute(acc);
	return m.kind === 'count' ? v : round(v, m.kind === 'unit' ? 4 : 2);
}

/** Row output: money as "45.00" strings when stringNumbers (docs §8.10), the rest numbers. */
function measureOutput(name: string, acc: Float64Array, stringNumbers: boolean): number | string {
	const v = measureValue(name, acc);
	return MEASURES[name].kind === 'money' && stringNumbers ? v.toFixed(2) : v;
}

// ---------------------------------------------------------------------------------------------
// Filters (docs §3.2) and sort (§3.3)

const OPERATORS = new Set([
	'EQUALS',
	'NOT_EQUAL',
	'GREATER_THAN',
	'LESS_THAN',
	'EQUALS_OR_GREATER_THAN',
	'EQUALS_OR_LESS_THAN',
	'MATCH_REGEXP',
	'NOT_MATCH_REGEXP',
	'BEGINS_WITH',
	'ENDS_WITH',
	'CONTAINS',
	'NOT_CONTAIN',
	'IN_LIST',
	'NOT_IN_LIST',
	'BETWEEN',
	'IS_SET',
	'IS_NOT_SET',
	'IS_TRUE',
	'IS_FALSE',
	'HAS_LABEL',
	'NOT_HAS_LABEL',
	'HAS_NOT_LABEL',
	'IP_BEGINS_WITH',
]);
export const FILTER_OPERATORS = [...OPERATORS];

interface FilterSpec {
	name: string;
	operator: string;
	expression: unknown;
	caseSensitive: boolean;
}

function readFilters(filters: unknown): FilterSpec[] {
	if (filters === undefined || filters === null) return [];
	if (!Array.isArray(filters)) throw new GridError("Parameter 'filters' must be an array");
	return filters.map((f: unknown) => {
		if (!f || typeof f !== 'object' || Array.isArray(f))
			throw new GridError('Each filter must be an object');
		const o = f as Record<string, unknown>;
		if (typeof o.name !== 'string' || o.name === '')
			throw new GridError("Filter must contain 'name'");
		if (o.operator === undefined || o.operator === null || o.operator === '') {
			throw new GridError(`Filter ${o.name} must contain 'operator'`);
		}
		const operator = String(o.operator).toUpperCase();
		if (!OPERATORS.has(operator)) {
			throw new GridError(`Filter ${o.name} contains incorrect operator '${String(o.operator)}'`);
		}
		return {
			name: o.name,
			operator,
			expression: o.expression,
			caseSensitive: o.case_sensitive === true,
		};
	});
}

const isScalar = (v: unknown): v is string | number =>
	typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isNumeric = (v: unknown): boolean =>
	(typeof v === 'number' && Number.isFinite(v)) ||
	(typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

/** PHP-style "/pattern/flags" or a bare pattern → RegExp (case-insensitive unless asked). */
function toRegExp(expr: string, name: string, caseSensitive: boolean): RegExp {
	const m = /^([/#~@!%|])(.*)\1([imsxuU]*)$/s.exec(expr);
	const source = m ? m[2] : expr;
	const flags = m ? m[3].replace(/[xU]/g, '') : caseSensitive ? '' : 'i';
	const re = tryRegExp(source, flags);
	if (!re) throw new GridError(`Filter ${name} contains incorrect regular expression '${expr}'`);
	return re;
}

function tryRegExp(source: string, flags: string): RegExp | undefined {
	try {
		return new RegExp(source, flags);
	} catch {
		return undefined;
	}
}

/** Compiles one filter into a row predicate over `get`. */
function compilePredicate(
	f: FilterSpec,
	type: ColType,
	get: (row: number) => Raw,
	ctx: QueryContext,
	campaignOf?: (row: number) => number,
): (row: number) => boolean {
	const { name, operator: op, expression: expr } = f;
	const wrongType = (what: string) =>
		new GridError(
			`Filter ${name}: operator ${op} expects ${what}, got ${JSON.stringify(expr) ?? 'nothing'}`,
		);
	const isTime = type === 'time';
	const toNum = (v: unknown): number => {
		if (isTime && typeof v === 'string' && !isNumeric(v)) {
			const c = parseCivil(v);
			if (!c) throw wrongType('a date "YYYY-MM-DD HH:MM:SS" or a number');
			return fromZoned(c, ctx.tz);
		}
		if (!isNumeric(v)) throw wrongType('a number');
		return Number(v);
	};
	const fold = (s: string) => (f.caseSensitive ? s : s.toLowerCase());
	const str = (v: Raw) => (v === null ? '' : String(v));
	const eq = (value: Raw, e: string | number): boolean => {
		if (isTime && typeof e === 'string' && !isNumeric(e)) return value === toNum(e);
		if (typeof value === 'number' && isNumeric(e)) return value === Number(e);
		return str(value) === String(e);
	};
	switch (op) {
		case 'EQUALS':
		case 'NOT_EQUAL': {
			if (!isScalar(expr) && typeof expr !== 'boolean') throw wrongType('a number or a string');
			const e = typeof expr === 'boolean' ? Number(expr) : expr;
			return op === 'EQUALS' ? (r) => eq(get(r), e) : (r) => !eq(get(r), e);
		}
		case 'GREATER_THAN':
		case 'LESS_THAN':
		case 'EQUALS_OR_GREATER_THAN':
		case 'EQUALS_OR_LESS_THAN': {
			const e = toNum(expr);
			const cmp =
				op === 'GREATER_THAN'
					? (v: number) => v > e
					: op === 'LESS_THAN'
						? (v: number) => v < e
						: op === 'EQUALS_OR_GREATER_THAN'
							? (v: number) => v >= e
							: (v: number) => v <= e;
			return (r) => {
				const v = get(r);
				if (v === null || v === '') return false;
				const n = Number(v);
				return Number.isFinite(n) && cmp(n);
			};
		}
		case 'MATCH_REGEXP':
		case 'NOT_MATCH_REGEXP': {
			if (typeof expr !== 'string' || expr === '') throw wrongType('a regular expression string');
			const re = toRegExp(expr, name, f.caseSensitive);
			return op === 'MATCH_REGEXP' ? (r) => re.test(str(get(r))) : (r) => !re.test(str(get(r)));
		}
		case 'BEGINS_WITH':
		case 'ENDS_WITH':
		case 'CONTAINS':
		case 'NOT_CONTAIN': {
			if (typeof expr !== 'string') throw wrongType('a string');
			const e = fold(expr);
			if (op === 'BEGINS_WITH') return (r) => fold(str(get(r))).startsWith(e);
			if (op === 'ENDS_WITH') return (r) => fold(str(get(r))).endsWith(e);
			if (op === 'CONTAINS') return (r) => fold(str(get(r))).includes(e);
			return (r) => !fold(str(get(r))).includes(e);
		}
		case 'IN_LIST':
		case 'NOT_IN_LIST': {
			if (!Array.isArray(expr) || !expr.every((v) => isScalar(v)))
				throw wrongType('an array of values');
			const set = new Set(
				(expr as Array<string | number>).map((v) =>
					isTime && typeof v === 'string' && !isNumeric(v)
						? String(toNum(v))
						: isNumeric(v) && typeof v === 'number'
							? String(v)
							: v,
				),
			);
			const has = (r: number) => {
				const v = get(r);
				return set.has(str(v)) || (typeof v === 'number' && set.has(String(v)));
			};
			return op === 'IN_LIST' ? has : (r) => !has(r);
		}
		case 'BETWEEN': {
			if (!Array.isArray(expr) || expr.length !== 2 || !expr.every((v) => isScalar(v))) {
				throw wrongType('an array [min, max]');
			}
			const numeric = expr.every((v) => isNumeric(v)) || isTime;
			if (numeric) {
				const lo = toNum(expr[0]);
				const hi = toNum(expr[1]);
				return (r) => {
					const v = get(r);
					if (v === null || v === '') return false;
					const n = Number(v);
					return n >= lo && n <= hi;
				};
			}
			const lo = String(expr[0]);
			const hi = String(expr[1]);
			return (r) => {
				const v = str(get(r));
				return v >= lo && v <= hi;
			};
		}
		case 'IS_SET':
		case 'IS_NOT_SET': {
			if (expr !== undefined && expr !== null && expr !== '') throw wrongType('no expression');
			const idLike = type === 'int' && /(^|_)id$/.test(name);
			const isSet = (r: number) => {
				const v = get(r);
				if (v === null || v === '') return false;
				if ((idLike || isTime) && v === 0) return false;
				return true;
			};
			return op === 'IS_SET' ? isSet : (r) => !isSet(r);
		}
		case 'IS_TRUE':
		case 'IS_FALSE': {
			if (expr !== undefined && expr !== null && expr !== '') throw wrongType('no expression');
			const truthy = (r: number) => {
				const v = get(r);
				return v !== null && v !== '' && v !== 0 && v !== '0' && v !== 'false';
			};
			return op === 'IS_TRUE' ? truthy : (r) => !truthy(r);
		}
		case 'HAS_LABEL':
		case 'NOT_HAS_LABEL':
		case 'HAS_NOT_LABEL': {
			// docs §3.2: 9.x spells the negation HAS_NOT_LABEL; both are accepted.
			if (expr !== 'whitelist' && expr !== 'blacklist')
				throw wrongType("'whitelist' or 'blacklist'");
			const campaign = campaignOf ?? (() => 0);
			const has = (r: number) => ctx.state.getLabel(campaign(r), name, str(get(r))) === expr;
			return op === 'HAS_LABEL' ? has : (r) => !has(r);
		}
		case 'IP_BEGINS_WITH': {
			if (typeof expr !== 'string') throw wrongType('an IP prefix string');
			return (r) => str(get(r)).startsWith(expr);
		}
		default:
			throw new GridError(`Filter ${name} contains incorrect operator '${op}'`);
	}
}

interface SortSpec {
	name: string;
	desc: boolean;
}

function readSort(sort: unknown): SortSpec[] {
	if (sort === undefined || sort === null) return [];
	if (!Array.isArray(sort)) throw new GridError("Parameter 'sort' must be an array");
	return sort.map((s: unknown) => {
		if (!s || typeof s !== 'object' || Array.isArray(s))
			throw new GridError('Each sort item must be an object');
		const o = s as Record<string, unknown>;
		if (typeof o.name !== 'string' || o.name === '')
			throw new GridError("Sort must contain 'name'");
		const order = String(o.order ?? '').toUpperCase();
		if (order !== 'ASC' && order !== 'DESC')
			throw new GridError(`Incorrect order ${String(o.order ?? '')}`);
		return { name: o.name, desc: order === 'DESC' };
	});
}

function compareRaw(a: Raw, b: Raw): number {
	if (a === b) return 0;
	if (a === null) return -1;
	if (b === null) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const sa = String(a);
	const sb = String(b);
	return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function readPaging(body: Record<string, unknown>): { limit: number; offset: number } {
	const num = (key: string): number => {
		const v = body[key];
		if (v === undefined || v === null || v === '') return 0;
		if (!isNumeric(v) || Number(v) < 0)
			throw new GridError(`Parameter '${key}' must be a non-negative number`);
		return Math.floor(Number(v));
	};
	// docs §6: an empty/0 limit means no limit.
	return { limit: num('limit'), offset: num('offset') };
}

function readRange(body: Record<string, unknown>, state: KeitaroState) {
	const range = body.range;
	if (
		range !== undefined &&
		range !== null &&
		(typeof range !== 'object' || Array.isArray(range))
	) {
		throw new GridError("Parameter 'range' must be an object");
	}
	return resolveRange(range as RangeInput | undefined, state.clock.nowSeconds(), state.timezone);
}

function unknownName(kind: string, name: string, valid: Iterable<string>): GridError {
	return new GridError(`Unknown ${kind} '${name}'. Available ${kind}s: ${[...valid].join(', ')}`);
}

function readNames(body: Record<string, unknown>, key: string, legacy: string): string[] {
	const value = body[key] ?? body[legacy];
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
		throw new GridError(
			`Parameter '${body[key] !== undefined ? key : legacy}' must be an array of names`,
		);
	}
	return value as string[];
}

// ---------------------------------------------------------------------------------------------
// Logs

const LOG_CACHE = new WeakMap<KeitaroState, Map<string, { version: number; rows: Int32Array }>>();

const DEFAULT_CLICK_COLUMNS = [
	'click_id',
	'sub_id',
	'datetime',
	'campaign_id',
	'campaign',
	'stream_id',
	'offer_id',
	'landing_id',
	'ts_id',
	'ip',
	'country_code',
	'is_bot',
	'cost',
	'revenue',
];
const DEFAULT_CONVERSION_COLUMNS = [
	'conversion_id',
	'sub_id',
	'tid',
	'postback_datetime',
	'click_datetime',
	'status',
	'previous_status',
	'original_status',
	'revenue',
	'campaign_id',
	'offer_id',
	'country_code',
];

export interface LogResult {
	rows: Array<Record<string, unknown>>;
	total: number;
	meta: string[];
}

/**
 * `clicks/log` / `conversions/log`. Rows come from a time index kept sorted by (time, id):
 * the range is two binary searches; without filters and with the natural order (time ASC, then
 * id ASC — also the default) a page is a slice; otherwise the filtered+sorted row list is cached
 * per (query, data version) so paging costs one sort per query.
 */
export function queryLog(
	state: KeitaroState,
	kind: 'clicks' | 'conversions',
	bodyIn: unknown,
	options: GridOptions,
): LogResult {
	const body = (
		bodyIn && typeof bodyIn === 'object' && !Array.isArray(bodyIn) ? bodyIn : {}
	) as Record<string, unknown>;
	const rangeGiven = body.range !== undefined && body.range !== null;
	const limitGiven =
		body.limit !== undefined && body.limit !== null && body.limit !== '' && body.limit !== 0;
	if (kind === 'clicks' && !rangeGiven && !limitGiven) {
		// [SPEC] ClickRequest.limit: "Either 'limit' or 'range' Parameters are a Must."
		throw new GridError("Either 'limit' or 'range' parameters are a must");
	}
	const range = readRange(body, state);
	const ctx: QueryContext = { state, tz: range.tz, stringNumbers: options.stringNumbers };
	const clickCols = buildClickColumns(ctx);
	// 9.x logs have sub_id_1..15: asking for sub_id_16+ is an unknown column there.
	if (state.subIdColumns < SUB_ID_COUNT) {
		for (let i = state.subIdColumns + 1; i <= SUB_ID_COUNT; i++) clickCols.delete(`sub_id_${i}`);
	}
	const cols = kind === 'clicks' ? clickCols : buildConversionColumns(ctx, clickCols);
	const columnNames = body.columns === undefined || body.columns === null ? [] : body.columns;
	if (!Array.isArray(columnNames) || !columnNames.every((c) => typeof c === 'string')) {
		throw new GridError("Parameter 'columns' must be an array of column names");
	}
	const requested =
		(columnNames as string[]).length > 0
			? (columnNames as string[])
			: kind === 'clicks'
				? DEFAULT_CLICK_COLUMNS
				: DEFAULT_CONVERSION_COLUMNS;
	const outCols = requested.map((name) => {
		const col = cols.get(name);
		if (!col) throw unknownName('column', name, cols.keys());
		return col;
	});
	const filters = readFilters(body.filters);
	const campaignOfClick = (r: number) => state.clicks.campaign[r];
	const campaignOf =
		kind === 'clicks'
			? campaignOfClick
			: (r: number) => state.clicks.campaign[state.conversions.click[r]];
	const predicates = filters.map((f) => {
		const col = cols.get(f.name);
		if (!col) throw unknownName('column', f.name, cols.keys());
		return compilePredicate(f, col.type, col.get, ctx, campaignOf);
	});
	const sort = readSort(body.sort);
	const sortCols = sort.map((s) => {
		const col = cols.get(s.name);
		if (!col) throw unknownName('column', s.name, cols.keys());
		return { col, desc: s.desc };
	});
	const { limit, offset } = readPaging(body);

	const index = kind === 'clicks' ? state.clicks.index : state.conversions.index;
	const lo = range.from !== undefined ? index.lowerBound(range.from) : 0;
	const hi = range.to !== undefined ? index.upperBound(range.to) : index.length;
	const timeName = kind === 'clicks' ? 'datetime' : 'postback_datetime';
	const idName = kind === 'clicks' ? 'click_id' : 'conversion_id';
	// The index orders ties by row: that is id order only for arrival-order conversion ids.
	const rowIsIdOrder = kind === 'clicks' || state.conversionIdOrder === 'arrival';
	const natural =
		sort.length === 0 ||
		(sort[0].name === timeName &&
			!sort[0].desc &&
			(sort.length === 1 ||
				(rowIsIdOrder && sort.length === 2 && sort[1].name === idName && !sort[1].desc)));

	let rows: Int32Array;
	if (natural && predicates.length === 0) {
		rows = index.order.subarray(lo, Math.max(lo, hi));
	} else {
		const key = JSON.stringify([
			kind,
			range.from,
			range.to,
			range.tz,
			body.filters ?? null,
			natural ? null : body.sort,
		]);
		let cache = LOG_CACHE.get(state);
		if (!cache) {
			cache = new Map();
			LOG_CACHE.set(state, cache);
		}
		const hit = cache.get(key);
		if (hit && hit.version === state.version) {
			rows = hit.rows;
		} else {
			const buf = new Int32Array(Math.max(0, hi - lo));
			let m = 0;
			outer: for (let i = lo; i < hi; i++) {
				const r = index.order[i];
				for (const p of predicates) if (!p(r)) continue outer;
				buf[m++] = r;
			}
			rows = buf.subarray(0, m);
			if (!natural) {
				// Stable: ties fall back to row order (= id ASC).
				rows.sort((a, b) => {
					for (const { col, desc } of sortCols) {
						const c = compareRaw(col.get(a), col.get(b));
						if (c !== 0) return desc ? -c : c;
					}
					return a - b;
				});
			}
			if (cache.size > 16) cache.clear();
			cache.set(key, { version: state.version, rows });
		}
	}
	const total = rows.length;
	const end = limit > 0 ? Math.min(total, offset + limit) : total;
	const page: Array<Record<string, unknown>> = [];
	const outCtx = options.logTimes === 'utc' ? { ...ctx, tz: 'UTC' } : ctx;
	for (let i = offset; i < end; i++) {
		const r = rows[i];
		const out: Record<string, unknown> = {};
		for (const col of outCols) out[col.name] = formatValue(col, r, outCtx, 4);
		page.push(out);
	}
	return { rows: page, total, meta: requested };
}

// ---------------------------------------------------------------------------------------------
// report/build

export interface ReportResult {
	rows: Array<Record<string, unknown>>;
	total: number;
	meta: string[];
	summary?: Record<string, number>;
}

export function reportDimensionNames(state: KeitaroState): string[] {
	const cols = buildClickColumns({ state, tz: 'UTC', stringNumbers: false });
	return [...cols.keys()].filter((n) => !CLICK_LOG_ONLY.includes(n));
}

export function buildReport(
	state: KeitaroState,
	bodyIn: unknown,
	options: GridOptions,
): ReportResult {
	const body = (
		bodyIn && typeof bodyIn === 'object' && !Array.isArray(bodyIn) ? bodyIn : {}
	) as Record<string, unknown>;
	// docs §3.1: current keys dimensions/measures, legacy grouping/metrics — both accepted.
	const dimNames = readNames(body, 'dimensions', 'grouping');
	const measureNames = readNames(body, 'measures', 'metrics');
	const range = readRange(body, state);
	const ctx: QueryContext = { state, tz: range.tz, stringNumbers: options.stringNumbers };
	const clickCols = buildClickColumns(ctx);
	for (const n of CLICK_LOG_ONLY) clickCols.delete(n);
	const dims = dimNames.map((name) => {
		const col = clickCols.get(name);
		if (!col) throw unknownName('dimension', name, clickCols.keys());
		return col;
	});
	for (const m of measureNames)
		if (!MEASURES[m]) throw unknownName('measure', m, Object.keys(MEASURES));
	if (Array.isArray(body.columns)) {
		for (const c of body.columns) {
			if (typeof c !== 'string' || !clickCols.has(c))
				throw unknownName('column', String(c), clickCols.keys());
		}
	}
	if (dims.length === 0 && measureNames.length === 0) {
		throw new GridError('Report must contain at least one dimension or measure');
	}
	const filters = readFilters(body.filters);
	const where: Array<(r: number) => boolean> = [];
	const having: FilterSpec[] = [];
	for (const f of filters) {
		if (MEASURES[f.name]) {
			having.push(f); // docs §3.2: filters on measures become HAVING
			continue;
		}
		const col = clickCols.get(f.name);
		if (!col)
			throw unknownName('filter field', f.name, [...clickCols.keys(), ...Object.keys(MEASURES)]);
		where.push(compilePredicate(f, col.type, col.get, ctx, (r) => state.clicks.campaign[r]));
	}
	const sort = readSort(body.sort);
	for (const s of sort) {
		if (!dimNames.includes(s.name) && !MEASURES[s.name]) {
			throw unknownName('sort field', s.name, [...dimNames, ...Object.keys(MEASURES)]);
		}
	}
	const { limit, offset } = readPaging(body);

	// Aggregate ----------------------------------------------------------------------------
	const groups = new Map<string, { values: Raw[]; row: number; acc: Float64Array }>();
	const keyPart = (v: Raw) => (v === null ? '\u0000' : String(v));
	const groupOf = (clickRow: number) => {
		let key = '';
		for (let d = 0; d < dims.length; d++)
			key += (d ? '\u0001' : '') + keyPart(dims[d].get(clickRow));
		let g = groups.get(key);
		if (!g) {
			g = {
				values: dims.map((d) => d.get(clickRow)),
				row: clickRow,
				acc: new Float64Array(ACC_SIZE),
			};
			groups.set(key, g);
		}
		return g.acc;
	};
	const passes = (r: number) => {
		for (const p of where) if (!p(r)) return false;
		return true;
	};
	const ck = state.clicks;
	const cv = state.conversions;
	const inRange = (t: number) =>
		(range.from === undefined || t >= range.from) && (range.to === undefined || t <= range.to);
	const ci = ck.index;
	const lo = range.from !== undefined ? ci.lowerBound(range.from) : 0;
	const hi = range.to !== undefined ? ci.upperBound(range.to) : ci.length;
	for (let i = lo; i < hi; i++) {
		const r = ci.order[i];
		if (!passes(r)) continue;
		const a = groupOf(r);
		const fl = ck.flags[r];
		a[A.clicks]++;
		if (fl & FLAG.UNIQUE_CAMPAIGN) a[A.cu]++;
		if (fl & FLAG.UNIQUE_STREAM) a[A.su]++;
		if (fl & FLAG.UNIQUE_GLOBAL) a[A.gu]++;
		if (fl & FLAG.BOT) a[A.bots]++;
		if (fl & FLAG.PROXY) a[A.proxies]++;
		if (fl & FLAG.EMPTY_REFERRER) a[A.emptyRef]++;
		if (ck.landing[r] > 0) a[A.lpViews]++;
		if (fl & FLAG.LANDING_CLICKED) {
			a[A.lpClicks]++;
			a[A.lpDelay] += ck.lpDelay[r];
		}
		a[A.cost] += ck.cost[r];
	}
	// Conversions: by click date (default) or by conversion date (docs §3.1 tracker setting).
	const vi = cv.index;
	const byConversion = options.reportDateMode === 'conversion';
	const vlo = byConversion && range.from !== undefined ? vi.lowerBound(range.from) : 0;
	const vhi = byConversion && range.to !== undefined ? vi.upperBound(range.to) : vi.length;
	for (let i = vlo; i < vhi; i++) {
		const r = vi.order[i];
		const clickRow = cv.click[r];
		if (!byConversion && !inRange(ck.time[clickRow])) continue;
		if (!passes(clickRow)) continue;
		const a = groupOf(clickRow);
		const rev = cv.revenue[r];
		switch (cv.status[r]) {
			case STATUS_CODE.lead:
				a[A.leads]++;
				a[A.leadRev] += rev;
				break;
			case STATUS_CODE.sale:
				a[A.sales]++;
				a[A.saleRev] += rev;
				break;
			case STATUS_CODE.rejected:
				a[A.rejected]++;
				a[A.rejRev] += rev;
				break;
			default:
				a[A.rebills]++;
				a[A.rebillRev] += rev;
		}
	}

	// HAVING, sort, page ---------------------------------------------------------------------
	let list = [...groups.values()];
	for (const f of having) {
		const pred = compilePredicate(f, 'num', (i) => measureValue(f.name, list[i].acc), ctx);
		list = list.filter((_, i) => pred(i));
	}
	const sortKeys = sort.map((s) => {
		const di = dimNames.indexOf(s.name);
		return {
			desc: s.desc,
			get:
				di >= 0
					? (g: (typeof list)[number]) => g.values[di]
					: (g: (typeof list)[number]) => measureValue(s.name, g.acc),
		};
	});
	list.sort((x, y) => {
		for (const k of sortKeys) {
			const c = compareRaw(k.get(x), k.get(y));
			if (c !== 0) return k.desc ? -c : c;
		}
		for (let d = 0; d < dims.length; d++) {
			const c = compareRaw(x.values[d], y.values[d]);
			if (c !== 0) return c;
		}
		return 0;
	});
	const total = list.length;
	const end = limit > 0 ? Math.min(total, offset + limit) : total;
	const rows: Array<Record<string, unknown>> = [];
	for (let i = offset; i < end; i++) {
		const g = list[i];
		const out: Record<string, unknown> = {};
		dims.forEach((d) => {
			out[d.name] = formatValue(d, g.row, ctx, 2);
		});
		for (const m of measureNames) out[m] = measureOutput(m, g.acc, options.stringNumbers);
		rows.push(out);
	}
	const result: ReportResult = { rows, total, meta: [...dimNames, ...measureNames] };
	if (body.summary === true) {
		const sum = new Float64Array(ACC_SIZE);
		for (const g of list) for (let k = 0; k < ACC_SIZE; k++) sum[k] += g.acc[k];
		result.summary = Object.fromEntries(measureNames.map((m) => [m, measureValue(m, sum)]));
	}
	return result;
}

/**
 * `GET /report` of the Voluum mock: aggregates stored visits and conversions (docs §1.2
 * "Aggregated report"). Conversions are placed by postback time (`conversionTimeMode=CONVERSION`)
 * or by their visit's time (`VISIT`, Voluum's default "visit-time reporting", docs §1.5), so a late
 * postback changes past rows in VISIT mode.
 */
import { COUNTRIES, formatDate, pad, round2, round4, toCivil } from './tracker-kit';
import type { VoluumState } from './state';

export interface ColumnMapping {
	key: string;
	label: string;
	type: 'string' | 'integer' | 'money' | 'percentage' | 'decimal';
	canGroupBy: boolean;
	canBeRestricted: boolean;
}

interface Dimension {
	name: string;
	keys: string[];
	/** Values of `keys` for a visit-like record at a time (ms). */
	values(state: VoluumState, rec: DimRecord, at: number, tz: string): string[];
	/** Entity list for `include=ALL|ACTIVE|ARCHIVED|ENTITY` (single entity groupings only). */
	entities?(state: VoluumState): Array<{ values: string[]; archived: boolean }>;
}

interface DimRecord {
	campaignId: string;
	flowId: string;
	offerId: string;
	landerId: string;
	trafficSourceId: string;
	affiliateNetworkId: string;
	countryCode: string;
}

const ent = (
	kind: Parameters<VoluumState['entityName']>[0],
	field: keyof DimRecord,
	idKey: string,
	nameKey: string,
): Dimension => ({
	name: kind,
	keys: [idKey, nameKey],
	values: (state, rec) => [rec[field], state.entityName(kind, rec[field])],
	entities: (state) => {
		const list =
			kind === 'campaign'
				? state.campaigns.map((c) => ({ id: c.id, name: c.name, archived: c.deleted }))
				: (kind === 'offer'
						? state.offers
						: kind === 'lander'
							? state.landers
							: kind === 'flow'
								? state.flows
								: kind === 'trafficSource'
									? state.trafficSources
									: state.affiliateNetworks
					).map((e) => ({ ...e, archived: false }));
		return list.map((e) => ({ values: [e.id, e.name], archived: e.archived }));
	},
});

const DIMENSIONS: Record<string, Dimension> = {
	campaign: ent('campaign', 'campaignId', 'campaignId', 'campaignName'),
	offer: ent('offer', 'offerId', 'offerId', 'offerName'),
	lander: ent('lander', 'landerId', 'landerId', 'landerName'),
	flow: ent('flow', 'flowId', 'flowId', 'flowName'),
	'traffic-source': ent('trafficSource', 'trafficSourceId', 'trafficSourceId', 'trafficSourceName'),
	'affiliate-network': ent(
		'affiliateNetwork',
		'affiliateNetworkId',
		'affiliateNetworkId',
		'affiliateNetworkName',
	),
	country: {
		name: 'country',
		keys: ['countryCode', 'countryName'],
		values: (_s, rec) => [
			rec.countryCode,
			COUNTRIES.find(([c]) => c === rec.countryCode)?.[1] ?? '',
		],
	},
	day: { name: 'day', keys: ['day'], values: (_s, _r, at, tz) => [formatDate(at, tz)] },
	hour: {
		name: 'hour',
		keys: ['hour'],
		values: (_s, _r, at, tz) => {
			const c = toCivil(at, tz);
			return [`${formatDate(at, tz)} ${pad(c.h)}:00`];
		},
	},
};

/** groupBy aliases seen in 3P code (docs §1.2). */
const ALIASES: Record<string, string> = {
	campaign: 'campaign',
	campaignId: 'campaign',
	offer: 'offer',
	offerId: 'offer',
	lander: 'lander',
	landerId: 'lander',
	flow: 'flow',
	flowId: 'flow',
	'traffic-source': 'traffic-source',
	trafficSource: 'traffic-source',
	trafficSourceId: 'traffic-source',
	'affiliate-network': 'affiliate-network',
	affiliateNetwork: 'affiliate-network',
	affiliateNetworkId: 'affiliate-network',
	country: 'country',
	countryCode: 'country',
	day: 'day',
	hour: 'hour',
};

export const METRICS: ReadonlyArray<ColumnMapping> = [
	{ key: 'visits', label: 'Visits', type: 'integer', canGroupBy: false, canBeRestricted: true },
	{ key: 'clicks', label: 'Clicks', type: 'integer', canGroupBy: false, canBeRestricted: true },
	{
		key: 'conversions',
		label: 'Conversions',
		type: 'integer',
		canGroupBy: false,
		canBeRestricted: true,
	},
	{ key: 'revenue', label: 'Revenue', type: 'money', canGroupBy: false, canBeRestricted: true },
	{ key: 'cost', label: 'Cost', type: 'money', canGroupBy: false, canBeRestricted: true },
	{ key: 'profit', label: 'Profit', type: 'money', canGroupBy: false, canBeRestricted: true },
	{ key: 'roi', label: 'ROI', type: 'percentage', canGroupBy: false, canBeRestricted: true },
	{ key: 'cv', label: 'CV', type: 'percentage', canGroupBy: false, canBeRestricted: true },
	{ key: 'ctr', label: 'CTR', type: 'percentage', canGroupBy: false, canBeRestricted: true },
	{ key: 'epv', label: 'EPV', type: 'money', canGroupBy: false, canBeRestricted: true },
	{ key: 'epc', label: 'EPC', type: 'money', canGroupBy: false, canBeRestricted: true },
	{ key: 'cpv', label: 'CPV', type: 'money', canGroupBy: false, canBeRestricted: true },
];

const KEY_LABELS: Record<string, string> = {
	campaignId: 'Campaign ID',
	campaignName: 'Campaign',
	offerId: 'Offer ID',
	offerName: 'Offer',
	landerId: 'Lander ID',
	landerName: 'Lander',
	flowId: 'Flow ID',
	flowName: 'Flow',
	trafficSourceId: 'Traffic source ID',
	trafficSourceName: 'Traffic source',
	affiliateNetworkId: 'Affiliate network ID',
	affiliateNetworkName: 'Affiliate network',
	countryCode: 'Country code',
	countryName: 'Country',
	day: 'Day',
	hour: 'Hour',
};

export class ReportError extends Error {}

export interface ReportQuery {
	from: number;
	to: number; // exclusive
	tz: string;
	groupBy: string[];
	columns?: string[];
	conversionTimeMode: 'CONVERSION' | 'VISIT';
	include: 'ALL' | 'ACTIVE' | 'ARCHIVED' | 'TRAFFIC' | 'ENTITY';
	filter?: string;
	sort?: string;
	direction: 'ASC' | 'DESC';
	limit: number;
	offset: number;
}

export function resolveGroupBy(raw: string[]): Dimension[] {
	const names = raw
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter(Boolean);
	if (names.length === 0) throw new ReportError('groupBy is required');
	if (names.length > 3) throw new ReportError('groupBy accepts at most 3 levels');
	return names.map((n) => {
		const dim = ALIASES[n] ? DIMENSIONS[ALIASES[n]] : undefined;
		if (!dim) throw new ReportError(`Invalid groupBy value: ${n}`);
		return dim;
	});
}

interface Acc {
	keys: string[];
	visits: number;
	clicks: number;
	conversions: number;
	revenue: number;
	cost: number;
}

export function buildReport(
	state: VoluumState,
	q: ReportQuery,
): {
	rows: Array<Record<string, string | number>>;
	totalRows: number;
	columnMappings: ColumnMapping[];
} {
	const dims = resolveGroupBy(q.groupBy);
	const keyNames = dims.flatMap((d) => d.keys);
	const groups = new Map<string, Acc>();
	const accFor = (values: string[]): Acc => {
		const k = values.join('\u0001');
		let acc = groups.get(k);
		if (!acc) {
			acc = { keys: values, visits: 0, clicks: 0, conversions: 0, revenue: 0, cost: 0 };
			groups.set(k, acc);
		}
		return acc;
	};
	const valuesOf = (rec: DimRecord, at: number) =>
		dims.flatMap((d) => d.values(state, rec, at, q.tz));

	for (const v of state.visits) {
		if (v.timestamp < q.from || v.timestamp >= q.to) continue;
		const acc = accFor(valuesOf(v, v.timestamp));
		acc.visits++;
		if (v.clicked) acc.clicks++;
		acc.cost += v.cost;
	}
	for (const c of state.conversions) {
		const postback = Date.parse(c.postbackTimestamp);
		const visitAt = Date.parse(c.visitTimestamp);
		const at = q.conversionTimeMode === 'CONVERSION' ? postback : visitAt;
		if (at < q.from || at >= q.to) continue;
		const visit = state.findVisit(c.clickId);
		const rec: DimRecord = {
			campaignId: c.campaignId,
			flowId: visit?.flowId ?? '',
			offerId: c.offerId,
			landerId: visit?.landerId ?? '',
			trafficSourceId: c.trafficSourceId,
			affiliateNetworkId: visit?.affiliateNetworkId ?? '',
			countryCode: c.countryCode,
		};
		const acc = accFor(valuesOf(rec, at));
		acc.conversions++;
		acc.revenue += Number(c.revenue) || 0;
	}

	if (q.include !== 'TRAFFIC' && dims.length === 1 && dims[0].entities) {
		for (const e of dims[0].entities(state)) {
			if (q.include === 'ACTIVE' && e.archived) continue;
			if (q.include === 'ARCHIVED' && !e.archived) continue;
			accFor(e.values);
		}
		if (q.include === 'ARCHIVED' || q.include === 'ACTIVE') {
			const allowed = new Set(
				dims[0]
					.entities(state)
					.filter((e) => (q.include === 'ARCHIVED' ? e.archived : !e.archived))
					.map((e) => e.values.join('\u0001')),
			);
			for (const key of [...groups.keys()]) if (!allowed.has(key)) groups.delete(key);
		}
	}

	let rows = [...groups.values()].map((a) => {
		const row: Record<string, string | number> = {};
		keyNames.forEach((k, i) => (row[k] = a.keys[i]));
		const revenue = round2(a.revenue);
		const cost = round2(a.cost);
		const profit = round2(a.revenue - a.cost);
		row.visits = a.visits;
		row.clicks = a.clicks;
		row.conversions = a.conversions;
		row.revenue = revenue;
		row.cost = cost;
		row.profit = profit;
		row.roi = a.cost > 0 ? round2(((a.revenue - a.cost) / a.cost) * 100) : 0;
		row.cv = a.visits > 0 ? round2((a.conversions / a.visits) * 100) : 0;
		row.ctr = a.visits > 0 ? round2((a.clicks / a.visits) * 100) : 0;
		row.epv = a.visits > 0 ? round4(a.revenue / a.visits) : 0;
		row.epc = a.clicks > 0 ? round4(a.revenue / a.clicks) : 0;
		row.cpv = a.visits > 0 ? round4(a.cost / a.visits) : 0;
		return row;
	});

	if (q.filter) {
		const needle = q.filter.toLowerCase();
		rows = rows.filter((row) =>
			keyNames.some((k) => String(row[k]).toLowerCase().includes(needle)),
		);
	}

	const allKeys = [...keyNames, ...METRICS.map((m) => m.key)];
	const sort = q.sort ?? 'visits';
	if (!allKeys.includes(sort)) throw new ReportError(`Invalid sort column: ${sort}`);
	const sign = q.direction === 'ASC' ? 1 : -1;
	rows.sort((a, b) => {
		const av = a[sort];
		const bv = b[sort];
		const c = av < bv ? -1 : av > bv ? 1 : 0;
		if (c !== 0) return c * sign;
		const ak = keyNames.map((k) => a[k]).join('|');
		const bk = keyNames.map((k) => b[k]).join('|');
		return ak < bk ? -1 : ak > bk ? 1 : 0;
	});

	let columns = allKeys;
	if (q.columns && q.columns.length) {
		const wanted = q.columns
			.flatMap((c) => c.split(','))
			.map((c) => c.trim())
			.filter(Boolean);
		const unknown = wanted.filter((c) => !allKeys.includes(c));
		if (unknown.length) throw new ReportError(`Invalid column: ${unknown.join(', ')}`);
		columns = wanted;
		rows = rows.map((row) => Object.fromEntries(wanted.map((c) => [c, row[c]])));
	}

	const columnMappings: ColumnMapping[] = columns.map(
		(key) =>
			METRICS.find((m) => m.key === key) ?? {
				key,
				label: KEY_LABELS[key] ?? key,
				type: 'string',
				canGroupBy: true,
				canBeRestricted: false,
			},
	);
	return { rows: rows.slice(q.offset, q.offset + q.limit), totalRows: rows.length, columnMappings };
}

/**
 * Binom 2 mock: the routes the Binom action node writes to (facts: other-trackers-api.md §4 and
 * its "Additions" section; docs.binom.org postback-url.php and payout-tracking-v2.php). Registered
 * by one line in server.ts; the per-mock state lives in a WeakMap keyed by the BinomState, so a
 * test reaches it with `binomActions(mock.state)`.
 *
 * Routes:
 * - `GET /click.php?cnv_id=…[&payout=…|auto][&cnv_status=…][&cnv_status2=…][&cnv_currency=…]`
 *   (OFFICIAL): the conversion postback. NO api key (the click id is the authentication). A
 *   missing `cnv_id` → 400 text; another method → 405. A payout on a click that already converted
 *   is ADDED (upsell) unless `state.upsellEnabled = false`; a postback without payout only changes
 *   the status. An unknown click id is answered 200 and ignored (`unknownClick: 'ignore'`,
 *   default, as a pixel endpoint does) or 400 (`'error'`): the node must read back either way.
 *   `payout` must be a decimal number or `auto` (the offer's payout), `cnv_currency` 3 letters.
 * - `GET /public/api/v1/conversion/{clickId}` (3P): the conversion of one click, 404 when none.
 * - `GET /public/api/v1/campaign/{id}` (3P): the campaign object. ASSUMED shape: id, name, key,
 *   trafficSourceId, groupName, costModel, cpc, isDeleted, rotationId and `filters` holding the
 *   campaign filters, `filters.zone = {type: 'black' | 'white', values: string[]}`
 *   (mhhabil/binom-zone-blocker). `emptyFiltersAsArray: true` serialises empty filters as `[]`
 *   (what PHP's json_encode does with an empty array) instead of `{}`.
 * - `PUT /public/api/v1/campaign/{id}` (3P): REPLACES the campaign with the body (fields left out
 *   are lost, `campaignPut: 'replace'`, default) or merges the top-level fields (`'merge'`).
 *   `name` must be a non-empty string; `filters.zone` must be `{type: black|white, values:
 *   string[]}` → 400 otherwise. `putIgnoresFilters: true` answers 200 but keeps the old filters
 *   (a tracker where filters are edited through another call).
 * - `PUT /public/api/v1/clicks/campaign/{id}` (3P, index 14553748368): cost of the clicks with one
 *   token value. Body `{tokenId, tokenValue, cost, currency, model: "COSTS", timezone, datePreset
 *   | (datePreset=custom_time +) dateFrom/dateTo "YYYY-MM-DD HH:MM:SS"}`. Every field is checked
 *   (400 with a message naming it); accepted updates are recorded in `costUpdates`.
 * - `PUT /public/api/v1/campaign/{offer|landing|path}/{pause|unpause}` (3P path list; BODY
 *   UNCONFIRMED). `rotationBody: 'named'` (default) expects `{campaignId, pathId, offerId}` /
 *   `{campaignId, pathId, landingId}` / `{campaignId, pathId}`; `'ids'` expects `{campaignId,
 *   ids: [n]}` (the element ids). Anything else → 400. Paused elements are kept in `paused`.
 * Every `/public/api/` route needs the `api-key` header (401 otherwise); a wrong method → 405.
 */
import { sendJson, writeResponse } from '../shared/http';
import { isValidZone, type Incoming } from '../voluum/tracker-kit';
import type { BinomState } from './state';

export interface ZoneFilter {
	type: 'black' | 'white';
	values: string[];
}

export interface CostUpdate {
	campaignId: number;
	tokenId: number;
	tokenValue: string;
	cost: number;
	currency: string;
	timezone: string;
	datePreset: string;
	dateFrom?: string;
	dateTo?: string;
}

export interface BinomActionOptions {
	unknownClick: 'ignore' | 'error';
	campaignPut: 'replace' | 'merge';
	emptyFiltersAsArray: boolean;
	rotationBody: 'named' | 'ids';
	/** The PUT accepts the body but keeps the stored filters (they are edited elsewhere). */
	putIgnoresFilters: boolean;
}

export class BinomActionState {
	readonly options: BinomActionOptions = {
		unknownClick: 'ignore',
		campaignPut: 'replace',
		emptyFiltersAsArray: false,
		rotationBody: 'named',
		putIgnoresFilters: false,
	};
	/** Full campaign objects as GET /campaign/{id} serves them (created lazily from the state). */
	readonly campaigns = new Map<number, Record<string, unknown>>();
	readonly costUpdates: CostUpdate[] = [];
	/** `${campaignId}:${kind}:${id}` of paused rotation elements. */
	readonly paused = new Set<string>();
	/** Every accepted postback, in order (query parameters as sent). */
	readonly postbacks: Array<Record<string, string>> = [];

	constructor(private readonly state: BinomState) {}

	campaign(id: number): Record<string, unknown> | undefined {
		const stored = this.campaigns.get(id);
		if (stored) return stored;
		const c = this.state.campaigns.find((x) => x.id === id);
		if (!c) return undefined;
		const obj: Record<string, unknown> = {
			id: c.id,
			name: c.name,
			key: c.key,
			trafficSourceId: c.trafficSourceId,
			groupName: c.groupName,
			costModel: 'CPC',
			cpc: c.cpc,
			isDeleted: c.isDeleted,
			rotationId: c.id,
			offers: c.offerIds.map((o) => ({ id: o, weight: 100 })),
			filters: {},
		};
		this.campaigns.set(id, obj);
		return obj;
	}

	/** Sets the campaign's zone filter (test setup). */
	setZoneFilter(id: number, zone: ZoneFilter | undefined): void {
		const c = this.campaign(id);
		if (!c) throw new Error(`No Binom campaign ${id}`);
		const filters = { ...((c.filters as Record<string, unknown>) ?? {}) };
		if (zone) filters.zone = zone;
		else delete filters.zone;
		c.filters = filters;
	}

	zoneFilter(id: number): ZoneFilter | undefined {
		const f = this.campaign(id)?.filters as Record<string, unknown> | undefined;
		return f?.zone as ZoneFilter | undefined;
	}
}

const registry = new WeakMap<BinomState, BinomActionState>();

/** The action routes' state of one Binom mock. */
export function binomActions(state: BinomState): BinomActionState {
	let s = registry.get(state);
	if (!s) registry.set(state, (s = new BinomActionState(state)));
	return s;
}

class Bad extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const PRESETS = [
	'today',
	'yesterday',
	'this_week',
	'last_week',
	'last_2_days',
	'last_3_days',
	'last_7_days',
	'last_14_days',
	'last_30_days',
	'this_month',
	'last_month',
	'this_year',
	'last_year',
	'all_time',
	'custom_time',
];

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positiveInt(v: unknown, name: string): number {
	if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
		throw new Bad(400, `${name} must be a positive integer`);
	return v;
}

function checkZone(zone: unknown): ZoneFilter {
	if (!isObject(zone)) throw new Bad(400, 'filters.zone must be an object');
	if (zone.type !== 'black' && zone.type !== 'white')
		throw new Bad(400, 'filters.zone.type must be black or white');
	if (!Array.isArray(zone.values) || zone.values.some((v) => typeof v !== 'string'))
		throw new Bad(400, 'filters.zone.values must be an array of strings');
	return { type: zone.type, values: zone.values as string[] };
}

function serveCampaign(a: BinomActionState, c: Record<string, unknown>): Record<string, unknown> {
	const filters = c.filters as Record<string, unknown> | undefined;
	if (a.options.emptyFiltersAsArray && filters && Object.keys(filters).length === 0)
		return { ...c, filters: [] };
	return c;
}

function postback(state: BinomState, a: BinomActionState, query: URLSearchParams): void {
	const clickId = query.get('cnv_id');
	if (!clickId) throw new Bad(400, 'cnv_id is required');
	const payoutRaw = query.get('payout');
	if (payoutRaw !== null && payoutRaw !== 'auto' && !/^-?\d+(\.\d+)?$/.test(payoutRaw))
		throw new Bad(400, 'payout must be a number or auto');
	const currency = query.get('cnv_currency');
	if (currency !== null && !/^[A-Za-z]{3}$/.test(currency))
		throw new Bad(400, 'cnv_currency must be a three-letter currency code');
	const click = state.getClick(clickId);
	if (!click) {
		if (a.options.unknownClick === 'error') throw new Bad(400, 'Click not found');
		return;
	}
	const offerPayout = state.offers.find((o) => o.id === click.offerId)?.payout ?? 0;
	const payout =
		payoutRaw === null ? undefined : payoutRaw === 'auto' ? offerPayout : Number(payoutRaw);
	const status = query.get('cnv_status') ?? undefined;
	const status2 = query.get('cnv_status2') ?? undefined;
	const existing = state.getConversion(clickId);
	if (existing) {
		if (payout !== undefined) state.upsell(clickId, payout, { status });
		else if (status !== undefined) state.setConversionStatus(clickId, status, { status2 });
		if (status2 !== undefined) state.updateConversion(clickId, { status2 });
	} else {
		state.addConversion({ clickId, payout: payout ?? offerPayout, status: status ?? '', status2 });
	}
	const entry: Record<string, string> = {};
	query.forEach((v, k) => (entry[k] = v));
	a.postbacks.push(entry);
}

function costUpdate(a: BinomActionState, campaignId: number, body: unknown): CostUpdate {
	if (!isObject(body)) throw new Bad(400, 'The body must be a JSON object');
	const tokenId = positiveInt(body.tokenId, 'tokenId');
	if (typeof body.tokenValue !== 'string' || body.tokenValue === '')
		throw new Bad(400, 'tokenValue must be a non-empty string');
	if (typeof body.cost !== 'number' || !Number.isFinite(body.cost) || body.cost < 0)
		throw new Bad(400, 'cost must be a non-negative number');
	if (body.model !== 'COSTS') throw new Bad(400, 'model must be COSTS');
	if (typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency))
		throw new Bad(400, 'currency must be a three-letter code');
	if (!isValidZone(body.timezone)) throw new Bad(400, 'timezone must be an IANA time zone');
	const preset = body.datePreset ?? (body.dateFrom !== undefined ? 'custom_time' : undefined);
	if (typeof preset !== 'string' || !PRESETS.includes(preset))
		throw new Bad(400, 'datePreset is required');
	if (preset === 'custom_time') {
		for (const k of ['dateFrom', 'dateTo'])
			if (typeof body[k] !== 'string' || !DATE_TIME.test(body[k] as string))
				throw new Bad(400, `${k} must have the format YYYY-MM-DD HH:MM:SS`);
		if ((body.dateFrom as string) > (body.dateTo as string))
			throw new Bad(400, 'dateFrom must not be after dateTo');
	}
	const update: CostUpdate = {
		campaignId,
		tokenId,
		tokenValue: body.tokenValue,
		cost: body.cost,
		currency: body.currency,
		timezone: body.timezone,
		datePreset: preset,
		...(preset === 'custom_time'
			? { dateFrom: body.dateFrom as string, dateTo: body.dateTo as string }
			: {}),
	};
	a.costUpdates.push(update);
	return update;
}

function rotation(
	a: BinomActionState,
	kind: string,
	action: string,
	body: unknown,
): Record<string, unknown> {
	if (!isObject(body)) throw new Bad(400, 'The body must be a JSON object');
	const campaignId = positiveInt(body.campaignId, 'campaignId');
	if (!a.campaign(campaignId)) throw new Bad(404, 'Campaign not found');
	let ids: number[];
	if (a.options.rotationBody === 'ids') {
		if (!Array.isArray(body.ids) || body.ids.length === 0)
			throw new Bad(400, 'ids must be a non-empty array');
		ids = body.ids.map((v) => positiveInt(v, 'ids[]'));
	} else {
		const pathId = positiveInt(body.pathId, 'pathId');
		ids = kind === 'path' ? [pathId] : [positiveInt(body[`${kind}Id`], `${kind}Id`)];
	}
	for (const id of ids) {
		const key = `${campaignId}:${kind}:${id}`;
		if (action === 'pause') a.paused.add(key);
		else a.paused.delete(key);
	}
	return { status: 'ok' };
}

/**
 * Handles the action routes; answers true when it did. Called by server.ts before its own
 * routing, with `authorized` = the request carried the right api-key.
 */
export async function handleBinomActions(
	state: BinomState,
	inc: Incoming,
	authorized: boolean,
): Promise<boolean> {
	const a = binomActions(state);
	const { method, path, query, res } = inc;
	const send = (status: number, body: unknown) => sendJson(res, status, body);
	try {
		if (path === '/click.php' && query.has('cnv_id')) {
			if (method !== 'GET') {
				writeResponse(res, 405, { 'Content-Type': 'text/plain' }, 'Method Not Allowed');
				return true;
			}
			postback(state, a, query);
			writeResponse(res, 200, { 'Content-Type': 'text/plain' }, '');
			return true;
		}
		if (path === '/click.php' && method !== 'GET') {
			writeResponse(res, 405, { 'Content-Type': 'text/plain' }, 'Method Not Allowed');
			return true;
		}
		if (path === '/click.php') throw new Bad(400, 'cnv_id is required');
		const rel = path.startsWith('/public/api/v1/') ? path.slice('/public/api/v1'.length) : '';
		const conv = /^\/conversion\/([^/]+)$/.exec(rel);
		const camp = /^\/campaign\/(\d+)$/.exec(rel);
		const cost = /^\/clicks\/campaign\/(\d+)$/.exec(rel);
		const rot = /^\/campaign\/(offer|landing|path)\/(pause|unpause)$/.exec(rel);
		if (!conv && !camp && !cost && !rot) return false;
		if (!authorized) {
			send(401, { error: 'Invalid API key' });
			return true;
		}
		if (conv) {
			if (method !== 'GET') throw new Bad(405, 'Method Not Allowed');
			const c = state.getConversion(decodeURIComponent(conv[1]));
			if (!c) throw new Bad(404, 'Conversion not found');
			const click = state.getClick(c.id);
			send(200, {
				id: c.id,
				campaign_id: click?.campaignId ?? null,
				payout: String(c.payout),
				status: c.status,
				status2: c.status2,
				conversed_at: new Date(c.conversedAt).toISOString().slice(0, 19).replace('T', ' '),
			});
			return true;
		}
		if (camp) {
			const id = Number(camp[1]);
			const c = a.campaign(id);
			if (!c) throw new Bad(404, 'Campaign not found');
			if (method === 'GET') {
				send(200, serveCampaign(a, c));
				return true;
			}
			if (method !== 'PUT') throw new Bad(405, 'Method Not Allowed');
			const body = inc.body;
			if (!isObject(body)) throw new Bad(400, 'The body must be a JSON object');
			if (typeof body.name !== 'string' || body.name.trim() === '')
				throw new Bad(400, 'name is required');
			if (body.filters !== undefined && !isObject(body.filters) && !Array.isArray(body.filters))
				throw new Bad(400, 'filters must be an object');
			let filters = isObject(body.filters) ? body.filters : {};
			if (filters.zone !== undefined) checkZone(filters.zone);
			if (a.options.putIgnoresFilters) filters = (c.filters as Record<string, unknown>) ?? {};
			const next =
				a.options.campaignPut === 'replace'
					? { ...body, filters, id }
					: { ...c, ...body, filters, id };
			a.campaigns.set(id, next);
			send(200, serveCampaign(a, next));
			return true;
		}
		if (cost) {
			if (method !== 'PUT') throw new Bad(405, 'Method Not Allowed');
			const id = Number(cost[1]);
			if (!a.campaign(id)) throw new Bad(404, 'Campaign not found');
			costUpdate(a, id, inc.body);
			send(200, { status: 'ok' });
			return true;
		}
		if (rot) {
			if (method !== 'PUT') throw new Bad(405, 'Method Not Allowed');
			send(200, rotation(a, rot[1], rot[2], inc.body));
			return true;
		}
		return false;
	} catch (error) {
		if (error instanceof Bad) {
			if (path === '/click.php')
				writeResponse(res, error.status, { 'Content-Type': 'text/plain' }, error.message);
			else send(error.status, { error: error.message });
			return true;
		}
		throw error;
	}
}

/**
 * RedTrack mock: the write and single-entity routes the RedTrack action node uses (spec
 * ./swagger.json; facts: other-trackers-api.md §2 and its "Additions"). Registered by one line in
 * ./server.ts (`redTrackActionRoute`), after the api_key check.
 *
 * - `POST /conversions` (spec `client.ConversionUploadRequest`: ONE object `{clickid, campaign_id,
 *   created_at, payout, type}`; an array → 400). `clickid` required and must be a known click
 *   (ASSUMPTION: unknown → 400); `type` a conversion type key or name of /me/settings (else 400);
 *   `created_at` RFC 3339 or "YYYY-MM-DD HH:mm:ss" in the account zone (else 400); `campaign_id`,
 *   when given, must be the click's campaign. Create or update: an existing conversion of the
 *   same click and type is updated (ASSUMPTION). 201, empty body.
 * - `POST /tracks/cost` (spec: every parameter in the QUERY; 1 request per minute per key:
 *   sliding window, real time unless `controls.costRateLimit` says 'mock' → 429 `{"error"}` +
 *   Retry-After). `time_from`/`time_to` "YYYY-MM-DD HH:mm:ss" or "YYYY-MM-DD" in the account
 *   zone (ASSUMPTION: the format is undocumented; ISO with T/Z → 400), `time_to` included to the
 *   second; `cost` ≥ 0; `currency` 3 letters (converted to the account currency at fixed mock
 *   rates); `campaign_id` must exist (404); `country_code`, `sub_name` (sub1…sub20) + `sub_value`
 *   narrow the clicks. The cost REPLACES the cost of the matching clicks, spread evenly; with no
 *   matching click nothing is stored and the answer is still 200 (spend lost, as in Keitaro).
 * - `PATCH /campaigns/status`, `PATCH /offers/status`: `ids` (comma list) and `status` 1|2|3 in
 *   the query; an unknown id → 404 and nothing changes (ASSUMPTION). 200, empty body.
 * - `GET /offers|landings|sources|networks/{id}`: the entity with every spec model field, or 404.
 */

import { sendJson, sendText } from '../shared/http';
import type { Incoming, RateLimitOption, SlidingWindowLimiter } from '../voluum/tracker-kit';
import { formatRfc3339Utc, fromCivil, makeLimiter, parseCivil } from '../voluum/tracker-kit';
import type { RedTrackState } from './state';
import swagger from './swagger.json';

export interface RedTrackActionControls {
	/** The /tracks/cost limiter (1 per 60 s per key). */
	costLimiter: SlidingWindowLimiter | undefined;
	/** Replaces the cost limiter (`{clock: 'mock'}` for fast tests, `false` to turn it off). */
	setCostRateLimit(option: RateLimitOption): void;
	/** Every accepted cost request (after validation). */
	costs: Array<Record<string, string>>;
	/** Offer statuses set through PATCH /offers/status (offers start active). */
	offerStatus: Map<string, number>;
	/** Currency → units of USD (mock conversion rates). */
	rates: Record<string, number>;
}

const controls = new WeakMap<RedTrackState, RedTrackActionControls>();

export function redTrackActionControls(state: RedTrackState): RedTrackActionControls {
	let c = controls.get(state);
	if (!c) {
		const made: RedTrackActionControls = {
			costLimiter: makeLimiter(
				undefined,
				{ limit: 1, windowMs: 60_000, clock: 'real' },
				state.clock.now,
			),
			setCostRateLimit(option) {
				made.costLimiter = makeLimiter(
					option,
					{ limit: 1, windowMs: 60_000, clock: 'real' },
					state.clock.now,
				);
			},
			costs: [],
			offerStatus: new Map(),
			rates: { USD: 1, EUR: 1.1, GBP: 1.25 },
		};
		controls.set(state, made);
		c = made;
	}
	return c;
}

class Fail extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

type Props = Record<string, { type?: string }>;
const definitions = (swagger as unknown as { definitions: Record<string, { properties?: Props }> })
	.definitions;
function zeroRow(model: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, p] of Object.entries(definitions[model]?.properties ?? {}))
		out[k] =
			p.type === 'string'
				? ''
				: p.type === 'integer' || p.type === 'number'
					? 0
					: p.type === 'boolean'
						? false
						: p.type === 'array'
							? []
							: null;
	return out;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

function localMs(raw: string | null, zone: string, name: string, endOfDay = false): number {
	if (!raw) throw new Fail(400, `${name} is required`);
	const m = LOCAL_RE.exec(raw);
	const civil = m ? parseCivil(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
	if (!m || !civil)
		throw new Fail(400, `${name}: invalid time '${raw}', expected format YYYY-MM-DD HH:mm:ss`);
	const h = m[4] ? +m[4] : endOfDay ? 23 : 0;
	const mi = m[5] ? +m[5] : endOfDay ? 59 : 0;
	const s = m[6] ? +m[6] : endOfDay ? 59 : 0;
	if (h > 23 || mi > 59 || s > 59) throw new Fail(400, `${name}: invalid time '${raw}'`);
	return fromCivil({ ...civil, h, mi, s }, zone);
}

/** Handles the action routes; false when the request is not one of them. */
export async function redTrackActionRoute(
	state: RedTrackState,
	inc: Incoming,
	key: string,
): Promise<boolean> {
	const { method, path, query, res } = inc;
	const c = redTrackActionControls(state);
	const zone = state.settings.timezone;
	const send = (fn: () => void) => {
		try {
			fn();
		} catch (error) {
			if (error instanceof Fail) sendJson(res, error.status, { error: error.message });
			else throw error;
		}
		return true;
	};

	if (method === 'POST' && path === '/conversions') {
		return send(() => {
			const body = inc.body as Record<string, unknown> | undefined;
			if (!inc.bodyIsJson || !body || typeof body !== 'object' || Array.isArray(body))
				throw new Fail(400, 'invalid request body: expected a JSON object');
			const clickid = body.clickid;
			if (typeof clickid !== 'string' || clickid === '') throw new Fail(400, 'clickid is required');
			const track = state.getTrack(clickid);
			if (!track) throw new Fail(400, `click '${clickid}' not found`);
			if (body.campaign_id !== undefined && body.campaign_id !== track.campaign_id)
				throw new Fail(400, `campaign_id does not match the click's campaign`);
			if (
				body.payout !== undefined &&
				(typeof body.payout !== 'number' || !Number.isFinite(body.payout))
			)
				throw new Fail(400, 'payout must be a number');
			let type = 'default_type';
			if (body.type !== undefined && body.type !== '') {
				const types = state.settings.conversion_types;
				const hit = Object.entries(types).find(([k, v]) => k === body.type || v === body.type);
				if (!hit) throw new Fail(400, `unknown conversion type '${String(body.type)}'`);
				type = hit[0];
			}
			let at = state.clock.now();
			if (body.created_at !== undefined) {
				const raw = String(body.created_at);
				const rfc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(raw)
					? Date.parse(raw)
					: NaN;
				at = Number.isFinite(rfc) ? rfc : localMs(raw, zone, 'created_at');
			}
			const existing = state.conversions.find((x) => x.clickid === clickid && x.type === type);
			if (existing) {
				if (typeof body.payout === 'number') existing.payout = body.payout;
				existing.t = at;
				state.touch();
			} else {
				state.addConversion({
					clickid,
					type,
					payout: typeof body.payout === 'number' ? body.payout : 0,
					at,
					status: 'approved',
				});
			}
			sendText(res, 201, '');
		});
	}

	if (method === 'POST' && path === '/tracks/cost') {
		const rl = c.costLimiter?.hit(key);
		if (rl && !rl.ok) {
			sendJson(
				res,
				429,
				{ error: 'Too many requests: /tracks/cost is limited to 1 request per minute' },
				{ 'Retry-After': String(Math.ceil(rl.retryAfterMs / 1000)) },
			);
			return true;
		}
		return send(() => {
			const from = localMs(query.get('time_from'), zone, 'time_from');
			const to = localMs(query.get('time_to'), zone, 'time_to', true) + 1000;
			if (to <= from) throw new Fail(400, 'time_from must be before time_to');
			const rawCost = query.get('cost');
			const cost = rawCost === null || rawCost.trim() === '' ? NaN : Number(rawCost);
			if (!Number.isFinite(cost) || cost < 0)
				throw new Fail(400, 'cost must be a number of 0 or more');
			const currency = query.get('currency') ?? state.settings.currency;
			if (!c.rates[currency]) throw new Fail(400, `currency: unsupported value '${currency}'`);
			const campaignId = query.get('campaign_id');
			if (!campaignId) throw new Fail(400, 'campaign_id is required');
			if (!state.campaigns.some((x) => x.id === campaignId))
				throw new Fail(404, 'campaign not found');
			const country = query.get('country_code');
			if (country !== null && !/^[A-Z]{2}$/i.test(country))
				throw new Fail(400, `country_code: invalid value '${country}'`);
			const subName = query.get('sub_name');
			const subValue = query.get('sub_value');
			if ((subName === null) !== (subValue === null))
				throw new Fail(400, 'sub_name works with sub_value');
			const sub = subName === null ? undefined : /^sub([1-9]|1[0-9]|20)$/.exec(subName);
			if (subName !== null && !sub) throw new Fail(400, `sub_name: invalid value '${subName}'`);
			const inAccount = (cost * c.rates[currency]) / c.rates[state.settings.currency];
			const matching = state.tracks.filter(
				(t) =>
					t.campaign_id === campaignId &&
					t.t >= from &&
					t.t < to &&
					(country === null || t.country === country.toUpperCase()) &&
					(!sub || t.subs[Number(sub[1]) - 1] === subValue),
			);
			const cents = Math.round(inAccount * 100);
			matching.forEach((t, n) => {
				const share = Math.floor(cents / matching.length) + (n < cents % matching.length ? 1 : 0);
				t.cost = share / 100;
			});
			const entry: Record<string, string> = {};
			query.forEach((v, k) => {
				if (k !== 'api_key') entry[k] = v;
			});
			c.costs.push(entry);
			state.touch();
			sendText(res, 200, '');
		});
	}

	const status = method === 'PATCH' ? /^\/(campaigns|offers)\/status$/.exec(path) : null;
	if (status) {
		return send(() => {
			const ids = (query.get('ids') ?? '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
			if (!ids.length) throw new Fail(400, 'ids is required');
			const value = query.get('status');
			if (!value || !/^[123]$/.test(value))
				throw new Fail(400, `status: invalid value '${value ?? ''}'`);
			const list: Array<{ id: string }> =
				status[1] === 'campaigns' ? state.campaigns : state.offers;
			const missing = ids.filter((id) => !list.some((x) => x.id === id));
			if (missing.length)
				throw new Fail(
					404,
					`${status[1] === 'campaigns' ? 'campaign' : 'offer'} not found: ${missing.join(',')}`,
				);
			for (const id of ids) {
				if (status[1] === 'campaigns') {
					const campaign = state.campaigns.find((x) => x.id === id)!;
					campaign.status = Number(value) as 1 | 2 | 3;
					campaign.updated_at = state.clock.now();
				} else c.offerStatus.set(id, Number(value));
			}
			state.touch();
			sendText(res, 200, '');
		});
	}

	const one =
		method === 'GET' ? /^\/(offers|landings|sources|networks)\/([^/]+)$/.exec(path) : null;
	if (one) {
		const [, kind, id] = one;
		const model = {
			offers: 'models.Offer',
			landings: 'models.Landing',
			sources: 'models.Source',
			networks: 'models.AffiliateNetwork',
		}[kind]!;
		const list = (state as unknown as Record<string, Array<{ id: string; title: string }>>)[kind];
		return send(() => {
			const e = list.find((x) => x.id === id);
			if (!e) throw new Fail(404, `${kind.slice(0, -1)} not found`);
			const extra: Record<string, unknown> =
				kind === 'offers' ? { status: c.offerStatus.get(id) ?? 1 } : {};
			sendJson(res, 200, {
				...zeroRow(model),
				...e,
				...extra,
				created_at: formatRfc3339Utc(state.settings.created_at),
			});
		});
	}
	return false;
}

/**
 * Handlers of the Keitaro mock for every operation of the vendored spec (107 operations on 73
 * paths) plus a few third-party-only routes behind `extraRoutes`. Responses follow docs §2 / §7;
 * choices are commented with the section they come from.
 */
import {
	CLASS_NAMES,
	LOG_TYPES,
	STREAM_ACTIONS,
	STREAM_FILTERS,
	STREAM_SCHEMAS,
	STREAM_TYPES,
} from './data';
import { COST_FILTER_KEYS, cleanClicks, parseCostEntry, spreadCost } from './costs';
import { buildReport, queryLog, type GridOptions } from './report';
import {
	EntityTable,
	type AffiliateNetworkRec,
	type BindingRec,
	type CampaignRec,
	type DomainRec,
	type FacebookRec,
	type GroupRec,
	type KeitaroState,
	type LandingRec,
	type OfferRec,
	type StreamFilterRec,
	type StreamRec,
	type TrafficSourceRec,
	type TriggerRec,
	type UserRec,
} from './store';
import { fromZoned, isValidTimeZone, parseCivil } from './time';
import { humanize, type FieldErrors } from './validate';
import { zipFiles } from './zip';

/** Behaviour switches (all mutable at runtime through `mock.options`). */
export interface MockBehaviour {
	/** Every call answers 402 "Admin API is available only in Business editions" (docs §1.1). */
	edition402: boolean;
	/** clone / DELETE answer `[entity]` instead of `entity` (live quirk, docs §1.5). */
	arrayWrapped: boolean;
	/** 400 when `Content-Type: application/json` comes with an empty body (docs §1.4). */
	strictEmptyBody: boolean;
	/** Status of validation errors `{field: [messages]}`: 422 live, 406 in the spec (docs §1.2). */
	validationStatus: 406 | 422;
	/** 404 as JSON `{"error": "..."}` (spec) instead of plain text (live, docs §1.2). */
	notFoundJson: boolean;
	/** Unknown /admin_api/v1 routes answer the 200 HTML admin page (docs §1.2 trap). */
	htmlForUnknownRoutes: boolean;
	/** Emit some numbers as strings: campaign cost_value "0.0500", report/log money (docs §8.10). */
	stringNumbers: boolean;
	/** Use the spec's 201 for DELETE campaign/domain/user and campaign restore (docs §1.2). */
	specStatusCodes: boolean;
	/** Campaign `parameters` as a JSON-encoded string (docs §1.5 quirk). */
	campaignParametersAsString: boolean;
	/** Also route third-party-only endpoints (docs §2 "C only": /offers/deleted, ... ). */
	extraRoutes: boolean;
	/** Report range applies to the click date (default) or the conversion date (docs §3.1). */
	reportDateMode: 'click' | 'conversion';
	/**
	 * Zone of the times in `clicks/log` / `conversions/log` rows (unconfirmed for real Keitaro,
	 * issue 11): `requested` (default) = the request's `range.timezone`; `utc` = always UTC (9.x
	 * stores UTC), whatever zone is asked. Ranges and filters are read in the requested zone either way.
	 */
	logTimes: 'requested' | 'utc';
	/**
	 * `GET /settings` (not in the spec, docs §2.12 "existence unverified"): `null` (default) = no
	 * such route (400 "does not match any route"); a string = the route answers tracker settings
	 * with this `version`.
	 */
	settingsVersion: string | null;
}

export interface Ctx {
	method: string;
	/** Path relative to /admin_api/v1. */
	path: string;
	params: Record<string, string>;
	query: URLSearchParams;
	/** JSON body as an object (`{}` when empty; `[]` is treated as `{}` like PHP does). */
	body: Record<string, unknown>;
	state: KeitaroState;
	flags: MockBehaviour;
}

export type Reply =
	| { status?: number; json: unknown }
	| { status?: number; text: string; contentType?: string }
	| { status?: number; binary: Buffer; contentType: string; filename?: string };

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(typeof body === 'string' ? body : JSON.stringify(body));
	}
}

export interface RouteDef {
	method: string;
	/** Spec path, e.g. `/campaigns/{id}/clone` (the router restricts `{id}` to digits). */
	path: string;
	/** `none`: action endpoint, body ignored (docs §1.4); `json`: validated against the spec. */
	body: 'none' | 'json';
	handler: (ctx: Ctx) => Reply;
	/** Not in the spec (third-party mentions only), routed only with `extraRoutes`. */
	extra?: boolean;
	/** Routed only when this says so (a behaviour switch), whatever `extraRoutes` is. */
	when?: (flags: MockBehaviour) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const ok = (json: unknown, status = 200): Reply => ({ status, json });
const success = (): Reply => ok({ success: true });
const idOf = (ctx: Ctx): number => Number(ctx.params.id);

function notFound(ctx: Ctx, className: string, id: number | string): never {
	const message = `${className} #${id} not found`;
	// docs §1.2: live body is plain text; the spec documents JSON {"error"}.
	throw new ApiError(404, ctx.flags.notFoundJson ? { error: message } : message);
}

function invalid(ctx: Ctx, errors: FieldErrors): never {
	throw new ApiError(ctx.flags.validationStatus, errors);
}

function badRequest(message: string): never {
	throw new ApiError(400, { error: message });
}

function addError(errors: FieldErrors, field: string, message: string): void {
	(errors[field] ??= []).push(message);
}

function failIfErrors(ctx: Ctx, errors: FieldErrors): void {
	if (Object.keys(errors).length > 0) invalid(ctx, errors);
}

function requireQuery(ctx: Ctx, name: string): string {
	const value = ctx.query.get(name);
	if (value === null || value === '') badRequest(`Parameter '${name}' is required`);
	return value;
}

/** docs §1.5: clone and DELETE answer `[entity]` on some trackers. */
const maybeWrapped = (ctx: Ctx, entity: unknown): unknown =>
	ctx.flags.arrayWrapped ? [entity] : entity;

function find<T extends { id: number }>(
	ctx: Ctx,
	table: EntityTable<T>,
	className: string,
	id = idOf(ctx),
): T {
	const row = table.get(id);
	if (!row) notFound(ctx, className, id);
	return row;
}

function requireText(ctx: Ctx, errors: FieldErrors, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) addError(errors, field, `${humanize(field)} is required`);
	return text;
}

const toInt = (value: unknown): number => {
	const n = Number(value);
	return Number.isFinite(n) ? Math.trunc(n) : 0;
};

/** Copies the listed keys that are present in `body` (partial update, docs §1.5). */
function pick(body: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of keys) if (key in body && body[key] !== undefined) out[key] = body[key];
	return out;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Archives an entity (docs §1.5: DELETE = move to archive). Archiving twice is a 404. */
function archive<T extends { id: number; state: string }>(
	ctx: Ctx,
	table: EntityTable<T>,
	className: string,
): T {
	const row = find(ctx, table, className);
	if (row.state === 'deleted') notFound(ctx, className, row.id);
	table.archivedFrom.set(row.id, row.state);
	row.state = 'deleted';
	if ('updated_at' in row) (row as { updated_at: string }).updated_at = ctx.state.nowString();
	return row;
}

function restore<T extends { id: number; state: string }>(
	ctx: Ctx,
	table: EntityTable<T>,
	className: string,
): T {
	const row = find(ctx, table, className);
	if (row.state === 'deleted') {
		row.state = table.archivedFrom.get(row.id) ?? 'active';
		table.archivedFrom.delete(row.id);
		if ('updated_at' in row) (row as { updated_at: string }).updated_at = ctx.state.nowString();
	}
	return row;
}

const active = <T extends { state: string }>(rows: T[]): T[] =>
	rows.filter((r) => r.state !== 'deleted');
const deleted = <T extends { state: string }>(rows: T[]): T[] =>
	rows.filter((r) => r.state === 'deleted');

// ---------------------------------------------------------------------------------------------
// Views (docs §7)

function groupName(state: KeitaroState, id: number): string {
	return state.groups.get(id)?.name ?? '';
}

function campaignView(ctx: Ctx, c: CampaignRec): Record<string, unknown> {
	const { state, flags } = ctx;
	const domain = c.domain_id ? state.domains.get(c.domain_id) : undefined;
	return {
		id: c.id,
		alias: c.alias,
		type: c.type,
		name: c.name,
		cookies_ttl: c.cookies_ttl,
		position: c.position,
		state: c.state,
		// docs §7.1: live cost_value may be the string "0.0000".
		cost_type: c.cost_type,
		cost_value: flags.stringNumbers ? c.cost_value.toFixed(4) : c.cost_value,
		cost_currency: c.cost_currency,
		cost_auto: c.cost_auto,
		group_id: c.group_id,
		group: groupName(state, c.group_id),
		bind_visitors: c.bind_visitors,
		traffic_source_id: c.traffic_source_id,
		// docs §7.1: full URL of the campaign domain (live), null when none / restricted key.
		domain: domain ? domain.name : null,
		token: c.token,
		uniqueness_method: c.uniqueness_method,
		uniqueness_use_cookies: c.uniqueness_use_cookies,
		parameters: flags.campaignParametersAsString
			? JSON.stringify(c.parameters)
			: clone(c.parameters),
		postbacks: clone(c.postbacks),
		traffic_loss: c.traffic_loss,
		notes: c.notes,
		created_at: c.created_at,
		updated_at: c.updated_at,
	};
}

function streamView(s: StreamRec): Record<string, unknown> {
	return clone(s) as unknown as Record<string, unknown>;
}

function offerView(ctx: Ctx, o: OfferRec): Record<string, unknown> {
	return {
		...clone(o),
		group: groupName(ctx.state, o.group_id),
		affiliate_network: ctx.state.affiliateNetworks.get(o.affiliate_network_id)?.name ?? '',
	};
}

function landingView(ctx: Ctx, l: LandingRec): Record<string, unknown> {
	const offerCount = new Set(
		ctx.state.streams
			.all()
			.filter((s) => s.state !== 'deleted' && s.landings.some((b) => b.landing_id === l.id))
			.flatMap((s) => s.offers.map((b) => b.offer_id)),
	).size;
	return { ...clone(l), group: groupName(ctx.state, l.group_id), offer_count: offerCount };
}

function networkView(ctx: Ctx, n: AffiliateNetworkRec): Record<string, unknown> {
	const offers = ctx.state.offers
		.all()
		.filter((o) => o.affiliate_network_id === n.id && o.state !== 'deleted').length;
	return { ...clone(n), offers };
}

const sourceView = (s: TrafficSourceRec): Record<string, unknown> =>
	clone(s) as unknown as Record<string, unknown>;

function domainView(ctx: Ctx, d: DomainRec): Record<string, unknown> {
	const campaignsCount = ctx.state.campaigns
		.all()
		.filter((c) => c.domain_id === d.id && c.state !== 'deleted').length;
	return {
		id: d.id,
		name: d.name,
		is_ssl: d.is_ssl,
		network_status: d.network_status,
		default_campaign: d.default_campaign_id,
		default_campaign_id: d.default_campaign_id,
		state: d.state,
		created_at: d.created_at,
		updated_at: d.updated_at,
		wildcard: d.wildcard,
		catch_not_found: d.catch_not_found,
		notes: d.notes,
		campaigns_count: campaignsCount,
		ssl_redirect: d.ssl_redirect,
		allow_indexing: d.allow_indexing,
		group_id: d.group_id,
		group: groupName(ctx.state, d.group_id),
	};
}

const groupView = (g: GroupRec) => ({ id: g.id, name: g.name, position: g.position, type: g.type });

const userView = (u: UserRec) => ({
	id: u.id,
	login: u.login,
	type: u.type,
	state: u.state,
	key_count: u.key_count,
	access_data: clone(u.access_data),
	preferences: clone(u.preferences),
});

const facebookView = (f: FacebookRec) => ({
	id: f.id,
	integration: f.integration,
	proxy_enabled: f.proxy_enabled,
	name: f.name,
	ad_account_id: f.ad_account_id,
	token: f.token,
	last_error: f.last_error,
	last_raw_error: f.last_raw_error,
	proxy: clone(f.proxy),
});

// ---------------------------------------------------------------------------------------------
// Campaigns (docs §2.1)

const CAMPAIGN_KEYS = [
	'alias',
	'type',
	'name',
	'cookies_ttl',
	'state',
	'cost_type',
	'cost_value',
	'cost_currency',
	'cost_auto',
	'group_id',
	'bind_visitors',
	'traffic_source_id',
	'parameters',
	'token',
	'domain_id',
	'postbacks',
	'notes',
	'uniqueness_method',
	'uniqueness_use_cookies',
	'position',
	'traffic_loss',
] as const;

/** Business validation of campaign fields (after the schema check); throws 406/422. */
function checkCampaignFields(ctx: Ctx, selfId: number, body: Record<string, unknown>): void {
	const errors: FieldErrors = {};
	const fields = pick(body, CAMPAIGN_KEYS);
	if ('alias' in fields) {
		const alias = typeof fields.alias === 'string' ? fields.alias.trim() : '';
		if (!alias) addError(errors, 'alias', 'Alias is required');
		else if (ctx.state.campaigns.all().some((o) => o.alias === alias && o.id !== selfId)) {
			addError(errors, 'alias', 'Alias has already used'); // docs §1.2 exact live text
		}
	}
	if ('name' in fields && !(typeof fields.name === 'string' && fields.name.trim()))
		addError(errors, 'name', 'Name is required');
	if (
		'uniqueness_method' in fields &&
		!['ip', 'ip_ua'].includes(String(fields.uniqueness_method))
	) {
		addError(
			errors,
			'uniqueness_method',
			`Incorrect value '${String(fields.uniqueness_method)}'. Allowed values: ip, ip_ua`,
		);
	}
	if (
		'bind_visitors' in fields &&
		![null, '', 's', 'sl', 'slo'].includes(fields.bind_visitors as string | null)
	) {
		addError(
			errors,
			'bind_visitors',
			`Incorrect value '${String(fields.bind_visitors)}'. Allowed values: s, sl, slo`,
		);
	}
	failIfErrors(ctx, errors);
}

function applyCampaignFields(ctx: Ctx, c: CampaignRec, body: Record<string, unknown>): void {
	const fields = pick(body, CAMPAIGN_KEYS);
	if (typeof fields.alias === 'string') fields.alias = fields.alias.trim();
	for (const [key, value] of Object.entries(fields)) {
		switch (key) {
			case 'group_id':
			case 'traffic_source_id':
			case 'domain_id':
				// docs §1.5: not validated; any number accepted, group_id may come as a string.
				(c as unknown as Record<string, unknown>)[key] = toInt(value);
				break;
			case 'bind_visitors':
				c.bind_visitors = value === '' ? null : (value as string | null);
				break;
			case 'postbacks':
				c.postbacks = (value as Array<Record<string, unknown>>).map((p) => ({
					...p,
					id: typeof p.id === 'number' ? p.id : ctx.state.seq.postback++,
					campaign_id: c.id,
				}));
				break;
			case 'parameters':
				c.parameters = clone(value as CampaignRec['parameters']);
				break;
			default:
				(c as unknown as Record<string, unknown>)[key] = clone(value);
		}
	}
}

function createCampaign(ctx: Ctx): Reply {
	const { state, body } = ctx;
	const errors: FieldErrors = {};
	requireText(ctx, errors, 'name', body.name);
	requireText(ctx, errors, 'alias', body.alias);
	failIfErrors(ctx, errors);
	checkCampaignFields(ctx, -1, body);
	const now = state.nowString();
	const rec = state.campaigns.insert({
		alias: '',
		name: '',
		type: 'position',
		state: 'active',
		position: state.campaigns.all().reduce((m, c) => Math.max(m, c.position), 0) + 1,
		cookies_ttl: 24,
		// docs §1.5: API defaults differ from the UI: cost_auto false, uniqueness_method "ip";
		// the traffic source's parameters are NOT copied.
		uniqueness_method: 'ip',
		uniqueness_use_cookies: false,
		cost_type: 'CPC',
		cost_value: 0,
		cost_currency: '',
		cost_auto: false,
		group_id: 0,
		bind_visitors: null,
		traffic_source_id: 0,
		domain_id: 0,
		token: state.randomString(32, '0123456789abcdef'),
		parameters: {},
		postbacks: [],
		traffic_loss: 0,
		notes: '',
		created_at: now,
		updated_at: now,
	});
	applyCampaignFields(ctx, rec, body);
	return ok(campaignView(ctx, rec)); // docs §1.2: create → 200, never 201
}

function updateCampaign(ctx: Ctx): Reply {
	const c = find(ctx, ctx.state.campaigns, CLASS_NAMES.campaign);
	checkCampaignFields(ctx, c.id, ctx.body);
	applyCampaignFields(ctx, c, ctx.body);
	c.updated_at = ctx.state.nowString();
	return ok(campaignView(ctx, c));
}

function setCampaignState(stateValue: string) {
	return (ctx: Ctx): Reply => {
		const c = find(ctx, ctx.state.campaigns, CLASS_NAMES.campaign);
		c.state = stateValue;
		c.updated_at = ctx.state.nowString();
		return ok(campaignView(ctx, c));
	};
}

function cloneCampaign(ctx: Ctx): Reply {
	const { state } = ctx;
	const src = find(ctx, state.campaigns, CLASS_NAMES.campaign);
	const now = state.nowString();
	let alias = state.randomString(7, 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789');
	while (state.campaigns.all().some((c) => c.alias === alias)) alias = state.randomString(7);
	const copy = state.campaigns.insert({
		...clone(src),
		id: undefined,
		alias,
		name: `${src.name} (copy)`,
		state: src.state === 'deleted' ? 'active' : src.state,
		position: state.campaigns.all().reduce((m, c) => Math.max(m, c.position), 0) + 1,
		token: state.randomString(32, '0123456789abcdef'),
		created_at: now,
		updated_at: now,
	});
	copy.postbacks = copy.postbacks.map((p) => ({
		...p,
		id: state.seq.postback++,
		campaign_id: copy.id,
	}));
	// docs §2.1: "Clone (with flows)".
	for (const s of state.streams
		.all()
		.filter((x) => x.campaign_id === src.id && x.state !== 'deleted')) {
		copyStream(ctx, s, copy.id, s.name);
	}
	return ok(maybeWrapped(ctx, campaignView(ctx, copy)));
}

function campaignUpdateCosts(ctx: Ctx): Reply {
	const c = find(ctx, ctx.state.campaigns, CLASS_NAMES.campaign);
	const parsed = parseCostEntry(ctx.body, '');
	if (!parsed.ok) invalid(ctx, costErrorsByField(parsed.errors, ''));
	const only = ctx.body.only_campaign_uniques === true || ctx.body.only_campaign_uniques === 1;
	spreadCost(ctx.state, [c.id], parsed.value, only);
	return success();
}

function costErrorsByField(messages: string[], prefix: string): FieldErrors {
	const errors: FieldErrors = {};
	for (const m of messages) {
		const field = prefix ? prefix : (/^(\w+)/.exec(m)?.[1] ?? 'costs');
		addError(errors, field, m);
	}
	return errors;
}

// ---------------------------------------------------------------------------------------------
// Streams (docs §2.2)

const STREAM_KEYS = [
	'campaign_id',
	'type',
	'name',
	'position',
	'weight',
	'action_options',
	'comments',
	'state',
	'action_type',
	'action_payload',
	'schema',
	'collect_clicks',
	'filter_or',
	'offer_selection',
	'filters',
	'triggers',
	'landings',
	'offers',
] as const;

/**
 * Replaces a binding list (docs §1.5): kept refs keep their binding id and created_at, missing
 * ones are dropped, a duplicated offer_id/landing_id collapses to its first occurrence.
 */
function replaceBindings(
	ctx: Ctx,
	streamId: number,
	key: 'offer_id' | 'landing_id',
	input: unknown,
	existing: BindingRec[],
): BindingRec[] {
	const now = ctx.state.nowString();
	const seen = new Set<number>();
	const out: BindingRec[] = [];
	for (const item of (Array.isArray(input) ? input : []) as Array<Record<string, unknown>>) {
		const ref = toInt(item[key]);
		if (seen.has(ref)) continue;
		seen.add(ref);
		const prev = existing.find((b) => b[key] === ref);
		out.push({
			id:
				prev?.id ??
				(key === 'offer_id' ? ctx.state.seq.offerBinding++ : ctx.state.seq.landingBinding++),
			stream_id: streamId,
			[key]: ref,
			state: typeof item.state === 'string' ? item.state : (prev?.state ?? 'active'),
			share: item.share !== undefined ? toInt(item.share) : (prev?.share ?? 100),
			created_at: prev?.created_at ?? now,
			updated_at: now,
		});
	}
	return out;
}

function replaceFilters(
	ctx: Ctx,
	streamId: number,
	input: unknown,
	existing: StreamFilterRec[],
): StreamFilterRec[] {
	return ((Array.isArray(input) ? input : []) as Array<Record<string, unknown>>).map((f) => {
		const prev = typeof f.id === 'number' ? existing.find((e) => e.id === f.id) : undefined;
		return {
			id: prev?.id ?? ctx.state.seq.filter++,
			stream_id: streamId,
			name: String(f.name),
			mode: String(f.mode),
			payload: clone(f.payload ?? []),
			oid: prev?.oid ?? '',
		};
	});
}

function replaceTriggers(ctx: Ctx, streamId: number, input: unknown): TriggerRec[] {
	return ((Array.isArray(input) ? input : []) as Array<Record<string, unknown>>).map((t) => ({
		id: ctx.state.seq.trigger++,
		oid: 0,
		stream_id: streamId,
		taget: String(t.target ?? ''), // [SPEC] read schema spells it `taget` (docs §7.2)
		condition: String(t.condition ?? ''),
		selected_page: String(t.selected_page ?? ''),
		pattern: String(t.pattern ?? ''),
		action: String(t.action ?? ''),
		interval: toInt(t.interval ?? 300),
		next_run_at: 0,
		alternative_urls: String(t.alternative_urls ?? ''),
		grab_from_page: String(t.grab_from_page ?? ''),
		av_settings: String(t.av_settings ?? ''),
		reverse: t.reverse === true,
		enabled: true,
		scan_page: t.scan_page === true,
	}));
}

function applyStreamFields(ctx: Ctx, s: StreamRec, body: Record<string, unknown>): void {
	const fields = pick(body, STREAM_KEYS);
	if ('campaign_id' in fields && !ctx.state.campaigns.get(toInt(fields.campaign_id))) {
		invalid(ctx, { campaign_id: ['Campaign not found'] });
	}
	if ('name' in fields && !(typeof fields.name === 'string' && fields.name.trim()))
		invalid(ctx, { name: ['Name is required'] });
	for (const [key, value] of Object.entries(fields)) {
		switch (key) {
			case 'offers':
				s.offers = replaceBindings(ctx, s.id, 'offer_id', value, s.offers);
				break;
			case 'landings':
				s.landings = replaceBindings(ctx, s.id, 'landing_id', value, s.landings);
				break;
			case 'filters':
				s.filters = replaceFilters(ctx, s.id, value, s.filters);
				break;
			case 'triggers':
				s.triggers = replaceTriggers(ctx, s.id, value);
				break;
			case 'campaign_id':
			case 'position':
				(s as unknown as Record<string, unknown>)[key] = toInt(value);
				break;
			default:
				(s as unknown as Record<string, unknown>)[key] = clone(value);
		}
	}
}

function streamEvent(ctx: Ctx, streamId: number, action: string): void {
	ctx.state.streamEvents.push({
		id: ctx.state.seq.event++,
		stream_id: streamId,
		action,
		datetime: ctx.state.nowString(),
		user: 'admin',
	});
}

function nextStreamPosition(state: KeitaroState, campaignId: number, type: string): number {
	return (
		state.streams
			.all()
			.filter((s) => s.campaign_id === campaignId && s.type === type)
			.reduce((m, s) => Math.max(m, s.position), 0) + 1
	);
}

function createStream(ctx: Ctx): Reply {
	const { state, body } = ctx;
	const campaignId = toInt(body.campaign_id);
	const errors: FieldErrors = {};
	// docs §8.3 / [LIVE-3P] emulator: an unknown campaign is a field error.
	if (!state.campaigns.get(campaignId)) addError(errors, 'campaign_id', 'Campaign not found');
	requireText(ctx, errors, 'name', body.name);
	failIfErrors(ctx, errors);
	const type = String(body.type);
	const rec = state.streams.insert({
		campaign_id: campaignId,
		type,
		name: '',
		position: nextStreamPosition(state, campaignId, type),
		weight: 100,
		state: 'active',
		schema: String(body.schema),
		action_type: String(body.action_type),
		action_payload: '',
		action_options: {},
		collect_clicks: false, // docs §2.2: default false via API
		filter_or: false,
		offer_selection: 'before_click',
		comments: null,
		updated_at: state.nowString(),
		filters: [],
		triggers: [],
		landings: [],
		offers: [],
	});
	applyStreamFields(ctx, rec, body);
	streamEvent(ctx, rec.id, 'created');
	return ok(streamView(rec));
}

function copyStream(ctx: Ctx, src: StreamRec, campaignId: number, name: string): StreamRec {
	const { state } = ctx;
	const now = state.nowString();
	const copy = state.streams.insert({
		...clone(src),
		id: undefined,
		campaign_id: campaignId,
		name,
		updated_at: now,
	});
	copy.offers = copy.offers.map((b) => ({
		...b,
		id: state.seq.offerBinding++,
		stream_id: copy.id,
		created_at: now,
		updated_at: now,
	}));
	copy.landings = copy.landings.map((b) => ({
		...b,
		id: state.seq.landingBinding++,
		stream_id: copy.id,
		created_at: now,
		updated_at: now,
	}));
	copy.filters = copy.filters.map((f) => ({ ...f, id: state.seq.filter++, stream_id: copy.id }));
	copy.triggers = copy.triggers.map((t) => ({ ...t, id: state.seq.trigger++, stream_id: copy.id }));
	streamEvent(ctx, copy.id, 'created');
	return copy;
}

function updateStream(ctx: Ctx): Reply {
	const s = find(ctx, ctx.state.streams, CLASS_NAMES.stream);
	applyStreamFields(ctx, s, ctx.body);
	s.updated_at = ctx.state.nowString();
	streamEvent(ctx, s.id, 'updated');
	return ok(streamView(s));
}

function setStreamState(value: string) {
	return (ctx: Ctx): Reply => {
		const s = find(ctx, ctx.state.streams, CLASS_NAMES.stream);
		s.state = value;
		s.updated_at = ctx.state.nowString();
		streamEvent(ctx, s.id, value === 'active' ? 'enabled' : 'disabled');
		return ok(streamView(s));
	};
}

// ---------------------------------------------------------------------------------------------
// Offers / landing pages (docs §2.3, §2.4)

const OFFER_KEYS = [
	'name',
	'group_id',
	'offer_type',
	'action_type',
	'action_payload',
	'action_options',
	'affiliate_network_id',
	'payout_value',
	'payout_currency',
	'payout_type',
	'state',
	'payout_auto',
	'payout_upsell',
	'country',
	'notes',
	'archive',
	'conversion_cap_enabled',
	'daily_cap',
	'conversion_timezone',
	'alternative_offer_id',
] as const;

const LANDING_KEYS = [
	'name',
	'action_payload',
	'group_id',
	'state',
	'landing_type',
	'action_type',
	'url',
	'archive',
	'notes',
	'action_options',
] as const;

function applyFields<T extends object>(
	ctx: Ctx,
	rec: T,
	body: Record<string, unknown>,
	keys: readonly string[],
): void {
	const fields = pick(body, keys);
	if ('name' in fields && !(typeof fields.name === 'string' && fields.name.trim()))
		invalid(ctx, { name: ['Name is required'] });
	for (const [key, value] of Object.entries(fields)) {
		const target = rec as unknown as Record<string, unknown>;
		if (key === 'group_id' || key === 'affiliate_network_id' || key === 'alternative_offer_id')
			target[key] = toInt(value);
		else if (key === 'archive')
			target[key] = typeof value === 'string' && value ? '(uploaded archive)' : '';
		else target[key] = clone(value);
	}
}

function createOffer(ctx: Ctx): Reply {
	const { state } = ctx;
	const now = state.nowString();
	const errors: FieldErrors = {};
	requireText(ctx, errors, 'name', ctx.body.name);
	failIfErrors(ctx, errors);
	const rec = state.offers.insert({
		name: '',
		group_id: 0,
		offer_type: 'external',
		action_type: 'http',
		action_payload: '',
		action_options: {},
		affiliate_network_id: 0,
		payout_value: 0,
		payout_currency: 'USD',
		payout_type: 'CPA',
		payout_auto: false,
		payout_upsell: false,
		state: 'active',
		country: [],
		notes: '',
		archive: '',
		local_path: '',
		preview_path: '',
		conversion_cap_enabled: false,
		daily_cap: 0,
		conversion_timezone: 'UTC',
		alternative_offer_id: 0,
		created_at: now,
		updated_at: now,
	});
	applyFields(ctx, rec, ctx.body, OFFER_KEYS);
	if (rec.offer_type === 'local') {
		rec.local_path = `/var/www/keitaro/offers/${rec.id}/`;
		rec.preview_path = `/offers/${rec.id}/index.html`;
		ctx.state.files.set(
			`offer:${rec.id}`,
			new Map([['index.html', `<html><body>${rec.name}</body></html>`]]),
		);
	}
	return ok(offerView(ctx, rec));
}

function createLanding(ctx: Ctx): Reply {
	const { state } = ctx;
	const now = state.nowString();
	const errors: FieldErrors = {};
	requireText(ctx, errors, 'name', ctx.body.name);
	failIfErrors(ctx, errors);
	const rec = state.landings.insert({
		name: '',
		landing_type: 'local',
		action_type: 'local_file',
		action_payload: '',
		action_options: {},
		group_id: 0,
		state: 'active',
		notes: '',
		archive: '',
		local_path: '',
		preview_path: '',
		url: '',
		created_at: now,
		updated_at: now,
	});
	applyFields(ctx, rec, ctx.body, LANDING_KEYS);
	if (rec.url && !rec.action_payload) rec.action_payload = rec.url;
	if (rec.landing_type === 'local') {
		rec.local_path = `/var/www/keitaro/lander/landing_${rec.id}/`;
		rec.preview_path = `/lander/landing_${rec.id}/index.html`;
		ctx.state.files.set(
			`landing:${rec.id}`,
			new Map([['index.html', `<html><body>${rec.name}</body></html>`]]),
		);
	}
	return ok(landingView(ctx, rec));
}

type FileOwner = 'offer' | 'landing';

function filesOf(ctx: Ctx, owner: FileOwner): Map<string, string> {
	const id = idOf(ctx);
	if (owner === 'offer') find(ctx, ctx.state.offers, CLASS_NAMES.offer, id);
	else find(ctx, ctx.state.landings, CLASS_NAMES.landing, id);
	const key = `${owner}:${id}`;
	let files = ctx.state.files.get(key);
	if (!files) {
		files = new Map();
		ctx.state.files.set(key, files);
	}
	return files;
}

function normalizeFilePath(path: string): string {
	const clean = path.replace(/\\/g, '/').replace(/^\/+/, '');
	if (!clean || clean.split('/').some((seg) => seg === '..' || seg === ''))
		badRequest(`Incorrect path '${path}'`);
	return clean;
}

interface EditorFile {
	name: string;
	type: 'directory' | 'file';
	ext: string;
	path: string;
	children?: EditorFile[];
}

function fileTree(rootName: string, files: Map<string, string>): EditorFile {
	const root: EditorFile = { name: rootName, type: 'directory', ext: '', path: '/', children: [] };
	for (const path of [...files.keys()].sort()) {
		let node = root;
		const parts = path.split('/');
		parts.forEach((part, i) => {
			const isFile = i === parts.length - 1;
			const nodePath = `/${parts.slice(0, i + 1).join('/')}`;
			let child = node.children?.find((c) => c.name === part);
			if (!child) {
				child = isFile
					? {
							name: part,
							type: 'file',
							ext: part.includes('.') ? (part.split('.').pop() ?? '') : '',
							path: nodePath,
						}
					: { name: part, type: 'directory', ext: '', path: nodePath, children: [] };
				node.children?.push(child);
			}
			node = child;
		});
	}
	return root;
}

function fileRoutes(owner: FileOwner, base: string): RouteDef[] {
	return [
		{
			method: 'GET',
			path: `${base}/{id}/download`,
			body: 'none',
			handler: (ctx) => {
				const files = filesOf(ctx, owner);
				return {
					binary: zipFiles([...files].map(([path, content]) => ({ path, content }))),
					contentType: 'application/octet-stream',
					filename: `${owner}_${idOf(ctx)}.zip`,
				};
			},
		},
		{
			method: 'GET',
			path: `${base}/{id}/get_structure`,
			body: 'none',
			handler: (ctx) => ok(fileTree(`${owner}_${idOf(ctx)}`, filesOf(ctx, owner))),
		},
		{
			method: 'GET',
			path: `${base}/{id}/get_file`,
			body: 'none',
			handler: (ctx) => {
				const files = filesOf(ctx, owner);
				const path = normalizeFilePath(requireQuery(ctx, 'path'));
				const data = files.get(path);
				if (data === undefined) badRequest(`File '${path}' not found`);
				return ok({ data });
			},
		},
		{
			method: 'POST',
			path: `${base}/{id}/add_file`,
			body: 'none',
			handler: (ctx) => {
				const files = filesOf(ctx, owner);
				const path = normalizeFilePath(requireQuery(ctx, 'path'));
				if (files.has(path)) badRequest(`File '${path}' already exists`);
				files.set(path, '');
				return ok({ path: `/${path}` });
			},
		},
		{
			method: 'PUT',
			path: `${base}/{id}/update_file`,
			body: 'none',
			handler: (ctx) => {
				const files = filesOf(ctx, owner);
				const path = normalizeFilePath(requireQuery(ctx, 'path'));
				const data = ctx.query.get('data');
				if (data === null) badRequest("Parameter 'data' is required");
				files.set(path, data);
				return ok({ path: `/${path}` });
			},
		},
		{
			method: 'DELETE',
			path: `${base}/{id}/remove_file`,
			body: 'none',
			handler: (ctx) => {
				const files = filesOf(ctx, owner);
				const path = normalizeFilePath(requireQuery(ctx, 'path'));
				if (!files.delete(path)) badRequest(`File '${path}' not found`);
				return success();
			},
		},
	];
}

// ---------------------------------------------------------------------------------------------
// Affiliate networks / traffic sources / domains / groups / users / integrations

function createNetwork(ctx: Ctx): Reply {
	const now = ctx.state.nowString();
	const errors: FieldErrors = {};
	requireText(ctx, errors, 'name', ctx.body.name);
	failIfErrors(ctx, errors);
	const rec = ctx.state.affiliateNetworks.insert({
		name: '',
		postback_url: '',
		offer_param: '',
		state: 'active',
		template_name: '',
		notes: '',
		pull_api_options: '',
		created_at: now,
		updated_at: now,
	});
	applyFields(ctx, rec, ctx.body, ['name', 'postback_url', 'offer_param', 'notes']);
	return ok(networkView(ctx, rec));
}

const SOURCE_KEYS = [
	'name',
	'postback_url',
	'postback_statuses',
	'template_name',
	'accept_parameters',
	'parameters',
	'notes',
	'state',
	'traffic_loss',
] as const;

function createSource(ctx: Ctx): Reply {
	const now = ctx.state.nowString();
	const errors: FieldErrors = {};
	// docs §2.6: the spec lists no required field, but a source without a name is refused.
	requireText(ctx, errors, 'name', ctx.body.name);
	failIfErrors(ctx, errors);
	const rec = ctx.state.trafficSources.insert({
		name: '',
		postback_url: '',
		postback_statuses: [],
		template_name: '',
		accept_parameters: true,
		parameters: {},
		notes: '',
		state: 'active',
		traffic_loss: 0,
		update_in_campaigns: '',
		created_at: now,
		updated_at: now,
	});
	applyFields(ctx, rec, ctx.body, SOURCE_KEYS);
	return ok(sourceView(rec));
}

const DOMAIN_KEYS = [
	'name',
	'is_ssl',
	'default_campaign_id',
	'wildcard',
	'catch_not_found',
	'notes',
	'ssl_redirect',
	'allow_indexing',
	'state',
] as const;

function checkDomainFields(ctx: Ctx, selfId: number, body: Record<string, unknown>): void {
	if (!('name' in body)) return;
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (!name) invalid(ctx, { name: ['Name is required'] });
	if (
		ctx.state.domains.all().some((o) => o.id !== selfId && o.state !== 'deleted' && o.name === name)
	) {
		invalid(ctx, { name: ['Domain has already added'] });
	}
}

function applyDomainFields(d: DomainRec, body: Record<string, unknown>): void {
	const fields = pick(body, DOMAIN_KEYS);
	if (typeof fields.name === 'string') fields.name = fields.name.trim();
	for (const [key, value] of Object.entries(fields)) {
		(d as unknown as Record<string, unknown>)[key] =
			key === 'default_campaign_id' ? toInt(value) : clone(value);
	}
}

function createDomain(ctx: Ctx): Reply {
	checkDomainFields(ctx, -1, ctx.body);
	const now = ctx.state.nowString();
	const rec = ctx.state.domains.insert({
		name: '',
		is_ssl: false,
		network_status: 'checking',
		default_campaign_id: 0,
		state: 'active',
		wildcard: false,
		catch_not_found: false,
		ssl_redirect: false,
		allow_indexing: true,
		notes: '',
		group_id: 0,
		created_at: now,
		updated_at: now,
	});
	applyDomainFields(rec, ctx.body);
	return ok([domainView(ctx, rec)]); // [SPEC] POST /domains answers Domain[] (docs §2.7)
}

const GROUP_TYPES = ['campaigns', 'offers', 'landings', 'domains'];

function groupTypeQuery(ctx: Ctx): string {
	// docs §2.8: `type` defaults to campaigns; clients also use `domains`.
	const type = ctx.query.get('type') ?? 'campaigns';
	if (!GROUP_TYPES.includes(type))
		badRequest(`Incorrect group type '${type}'. Available types: ${GROUP_TYPES.join(', ')}`);
	return type;
}

function checkPasswords(ctx: Ctx, body: Record<string, unknown>, required: boolean): void {
	if (!required && body.new_password === undefined && body.new_password_confirmation === undefined)
		return;
	if (body.new_password !== body.new_password_confirmation) {
		invalid(ctx, { new_password_confirmation: ['Password confirmation does not match'] });
	}
	if (required && !(typeof body.new_password === 'string' && body.new_password.length > 0)) {
		invalid(ctx, { new_password: ['New password is required'] });
	}
}

function createUser(ctx: Ctx): Reply {
	const { state, body } = ctx;
	const errors: FieldErrors = {};
	const login = requireText(ctx, errors, 'login', body.login);
	if (login && state.users.all().some((u) => u.login === login))
		addError(errors, 'login', 'Login has already used');
	failIfErrors(ctx, errors);
	checkPasswords(ctx, body, true);
	const rec = state.users.insert({
		login,
		type: String(body.type),
		state: 'active',
		key_count: 0,
		password: String(body.new_password),
		access_data: {},
		preferences: {
			language: 'en',
			timezone: 'UTC',
			...clone((body.preferences as Record<string, unknown>) ?? {}),
		},
	});
	return ok(userView(rec));
}

function updateUser(ctx: Ctx): Reply {
	const { state, body } = ctx;
	const u = find(ctx, state.users, CLASS_NAMES.user);
	if (body.login !== undefined) {
		const login = String(body.login).trim();
		if (!login) invalid(ctx, { login: ['Login is required'] });
		if (state.users.all().some((o) => o.id !== u.id && o.login === login))
			invalid(ctx, { login: ['Login has already used'] });
		u.login = login;
	}
	checkPasswords(ctx, body, false);
	if (typeof body.new_password === 'string') u.password = body.new_password;
	if (typeof body.type === 'string') u.type = body.type;
	if (typeof body.keyCount === 'number') u.key_count = body.keyCount;
	if (body.preferences && typeof body.preferences === 'object')
		u.preferences = { ...u.preferences, ...clone(body.preferences as Record<string, unknown>) };
	return ok(userView(u));
}

const BOTLIST_ENTRY =
	/^(?:\d{1,3}(?:\.(?:\d{1,3}|\*)){3}(?:\/\d{1,2})?(?:-\d{1,3}(?:\.\d{1,3}){3})?|[0-9a-fA-F:]+(?:\/\d{1,3})?)$/;

function parseBotlist(ctx: Ctx, value: unknown): string[] {
	const entries = String(value ?? '')
		.split(/[\s,]+/)
		.map((s) => s.trim())
		.filter((s) => s !== '');
	const wrong = entries.filter((e) => !BOTLIST_ENTRY.test(e));
	if (wrong.length > 0) invalid(ctx, { value: wrong.map((w) => `Incorrect IP or range '${w}'`) });
	return entries;
}

// ---------------------------------------------------------------------------------------------
// Reports / logs / costs (docs §3, §4)

function gridOptions(ctx: Ctx): GridOptions {
	return {
		stringNumbers: ctx.flags.stringNumbers,
		reportDateMode: ctx.flags.reportDateMode,
		logTimes: ctx.flags.logTimes,
	};
}

function clicksUpdateCosts(ctx: Ctx): Reply {
	const { body, state } = ctx;
	const errors: FieldErrors = {};
	const ids = body.campaign_ids as number[];
	if (ids.length === 0) addError(errors, 'campaign_ids', 'Campaign ids is required');
	const missing = ids.filter((id) => !state.campaigns.get(id));
	if (missing.length > 0)
		addError(errors, 'campaign_ids', `Campaigns not found: ${missing.join(', ')}`);
	const costs = body.costs as Array<Record<string, unknown>>;
	if (costs.length === 0) addError(errors, 'costs', 'Costs is required');
	const parsed = costs.map((entry, i) => {
		const r = parseCostEntry(entry, `costs[${i}].`);
		if (!r.ok) for (const m of r.errors) addError(errors, 'costs', m);
		return r;
	});
	failIfErrors(ctx, errors);
	const only = body.only_campaign_uniques === true || body.only_campaign_uniques === 1;
	for (const p of parsed) if (p.ok) spreadCost(state, ids, p.value, only);
	return success();
}

/** docs §4.3: top-level `timezone`/`currency` are a fallback for each cost entry. */
export function fillCostDefaults(body: Record<string, unknown>): void {
	if (!Array.isArray(body.costs)) return;
	body.costs = body.costs.map((entry: unknown) => {
		if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return entry;
		const e = { ...(entry as Record<string, unknown>) };
		if (e.timezone === undefined && body.timezone !== undefined) e.timezone = body.timezone;
		if (e.currency === undefined && body.currency !== undefined) e.currency = body.currency;
		return e;
	});
}

function clicksClean(ctx: Ctx): Reply {
	const { body, state } = ctx;
	const tz = body.timezone === undefined ? state.timezone : String(body.timezone);
	if (!isValidTimeZone(tz)) invalid(ctx, { timezone: [`Unknown timezone '${tz}'`] });
	const from = parseCivil(String(body.start_date));
	const to = parseCivil(String(body.end_date));
	const errors: FieldErrors = {};
	if (!from)
		addError(errors, 'start_date', 'Start date has incorrect format, expected "YYYY-MM-DD HH:MM"');
	if (!to)
		addError(errors, 'end_date', 'End date has incorrect format, expected "YYYY-MM-DD HH:MM"');
	failIfErrors(ctx, errors);
	if (from && to) {
		if (to.dateOnly) Object.assign(to, { h: 23, mi: 59, s: 59 });
		const campaignId = body.campaign_id === undefined ? undefined : toInt(body.campaign_id);
		cleanClicks(state, fromZoned(from, tz), fromZoned(to, tz), campaignId);
	}
	return success();
}

function getLabels(ctx: Ctx): Reply {
	const campaignId = toInt(requireQuery(ctx, 'campaign_id'));
	const labelName = requireQuery(ctx, 'label_name');
	const refName = requireQuery(ctx, 'ref_name');
	find(ctx, ctx.state.campaigns, CLASS_NAMES.campaign, campaignId);
	const out: Record<string, string> = {};
	const prefix = `${campaignId}|${refName}|`;
	for (const [key, label] of ctx.state.labels) {
		if (key.startsWith(prefix) && label === labelName) out[key.slice(prefix.length)] = label;
	}
	return ok(out);
}

function postLabels(ctx: Ctx): Reply {
	const { body, state } = ctx;
	const campaignId = toInt(body.campaign_id);
	find(ctx, state.campaigns, CLASS_NAMES.campaign, campaignId);
	const items = body.items as Record<string, unknown>;
	const wrong = Object.entries(items).filter(
		([, v]) => !['whitelist', 'blacklist', '', null].includes(v as string | null),
	);
	if (wrong.length > 0) {
		invalid(ctx, {
			items: wrong.map(
				([k, v]) => `Incorrect label '${String(v)}' for '${k}'. Allowed: whitelist, blacklist`,
			),
		});
	}
	for (const [value, label] of Object.entries(items))
		state.setLabel(campaignId, String(body.ref_name), value, (label as string | null) || null);
	return success();
}

// ---------------------------------------------------------------------------------------------
// Route table

export function buildRoutes(): RouteDef[] {
	const C = CLASS_NAMES;
	const routes: RouteDef[] = [
		// Affiliate networks (docs §2.5)
		{
			method: 'GET',
			path: '/affiliate_networks',
			body: 'none',
			handler: (ctx) =>
				ok(active(ctx.state.affiliateNetworks.all()).map((n) => networkView(ctx, n))),
		},
		{ method: 'POST', path: '/affiliate_networks', body: 'json', handler: createNetwork },
		{
			method: 'GET',
			path: '/affiliate_networks/{id}',
			body: 'none',
			handler: (ctx) =>
				ok(networkView(ctx, find(ctx, ctx.state.affiliateNetworks, C.affiliateNetwork))),
		},
		{
			method: 'PUT',
			path: '/affiliate_networks/{id}',
			body: 'json',
			handler: (ctx) => {
				const n = find(ctx, ctx.state.affiliateNetworks, C.affiliateNetwork);
				applyFields(ctx, n, ctx.body, ['name', 'postback_url', 'offer_param', 'notes']);
				n.updated_at = ctx.state.nowString();
				return ok(networkView(ctx, n));
			},
		},
		{
			method: 'DELETE',
			path: '/affiliate_networks/{id}',
			body: 'none',
			handler: (ctx) =>
				ok(
					maybeWrapped(
						ctx,
						networkView(ctx, archive(ctx, ctx.state.affiliateNetworks, C.affiliateNetwork)),
					),
				),
		},
		{
			method: 'POST',
			path: '/affiliate_networks/{id}/clone',
			body: 'none',
			handler: (ctx) => {
				const src = find(ctx, ctx.state.affiliateNetworks, C.affiliateNetwork);
				const now = ctx.state.nowString();
				const copy = ctx.state.affiliateNetworks.insert({
					...clone(src),
					id: undefined,
					name: `${src.name} (copy)`,
					state: 'active',
					created_at: now,
					updated_at: now,
				});
				return ok(maybeWrapped(ctx, networkView(ctx, copy)));
			},
		},
		// Bot list (docs §2.10)
		{
			method: 'GET',
			path: '/botlist',
			body: 'none',
			handler: (ctx) => ok({ value: ctx.state.botlist.join('\n') }),
		},
		{
			method: 'PUT',
			path: '/botlist',
			body: 'json',
			handler: (ctx) => {
				ctx.state.botlist = [...new Set(parseBotlist(ctx, ctx.body.value))];
				return ok({ count: ctx.state.botlist.length });
			},
		},
		{
			method: 'DELETE',
			path: '/botlist',
			body: 'none',
			handler: (ctx) => {
				ctx.state.botlist = [];
				return success();
			},
		},
		{
			method: 'POST',
			path: '/botlist/add',
			body: 'json',
			handler: (ctx) => {
				ctx.state.botlist = [
					...new Set([...ctx.state.botlist, ...parseBotlist(ctx, ctx.body.value)]),
				];
				return ok({ count: ctx.state.botlist.length });
			},
		},
		{
			method: 'POST',
			path: '/botlist/exclude',
			body: 'json',
			handler: (ctx) => {
				const remove = new Set(parseBotlist(ctx, ctx.body.value));
				ctx.state.botlist = ctx.state.botlist.filter((e) => !remove.has(e));
				return ok({ count: ctx.state.botlist.length });
			},
		},
		// Campaigns (docs §2.1)
		{
			method: 'GET',
			path: '/campaigns',
			body: 'none',
			handler: (ctx) => {
				// [SPEC-NEW] offset/limit (docs §6); a bare array without total.
				const list = active(ctx.state.campaigns.all());
				const offset = Math.max(0, toInt(ctx.query.get('offset') ?? 0));
				const limit = toInt(ctx.query.get('limit') ?? 0);
				const page = limit > 0 ? list.slice(offset, offset + limit) : list.slice(offset);
				return ok(page.map((c) => campaignView(ctx, c)));
			},
		},
		{ method: 'POST', path: '/campaigns', body: 'json', handler: createCampaign },
		{
			method: 'GET',
			path: '/campaigns/{id}',
			body: 'none',
			handler: (ctx) => ok(campaignView(ctx, find(ctx, ctx.state.campaigns, C.campaign))),
		},
		{ method: 'PUT', path: '/campaigns/{id}', body: 'json', handler: updateCampaign },
		{
			method: 'DELETE',
			path: '/campaigns/{id}',
			body: 'none',
			handler: (ctx) =>
				ok(
					maybeWrapped(ctx, campaignView(ctx, archive(ctx, ctx.state.campaigns, C.campaign))),
					ctx.flags.specStatusCodes ? 201 : 200,
				),
		},
		{ method: 'POST', path: '/campaigns/{id}/clone', body: 'none', handler: cloneCampaign },
		{
			method: 'POST',
			path: '/campaigns/{id}/disable',
			body: 'none',
			handler: setCampaignState('disabled'),
		},
		{
			method: 'POST',
			path: '/campaigns/{id}/enable',
			body: 'none',
			handler: setCampaignState('active'),
		},
		{
			method: 'POST',
			path: '/campaigns/{id}/restore',
			body: 'none',
			handler: (ctx) =>
				ok(
					campaignView(ctx, restore(ctx, ctx.state.campaigns, C.campaign)),
					ctx.flags.specStatusCodes ? 201 : 200,
				),
		},
		{
			method: 'GET',
			path: '/campaigns/{id}/streams',
			body: 'none',
			handler: (ctx) => {
				const c = find(ctx, ctx.state.campaigns, C.campaign);
				const streams = active(ctx.state.streams.all()).filter((s) => s.campaign_id === c.id);
				const order = { forced: 0, regular: 1, default: 2 } as Record<string, number>;
				streams.sort(
					(a, b) =>
						(order[a.type] ?? 1) - (order[b.type] ?? 1) || a.position - b.position || a.id - b.id,
				);
				return ok(streams.map(streamView));
			},
		},
		{
			method: 'POST',
			path: '/campaigns/{id}/update_costs',
			body: 'json',
			handler: campaignUpdateCosts,
		},
		{
			method: 'GET',
			path: '/campaigns/deleted',
			body: 'none',
			handler: (ctx) => ok(deleted(ctx.state.campaigns.all()).map((c) => campaignView(ctx, c))),
		},
		// Clicks / conversions / costs (docs §4)
		{ method: 'POST', path: '/clicks/clean', body: 'json', handler: clicksClean },
		{
			method: 'POST',
			path: '/clicks/log',
			body: 'json',
			handler: (ctx) => ok(queryLog(ctx.state, 'clicks', ctx.body, gridOptions(ctx))),
		},
		{ method: 'POST', path: '/clicks/update_costs', body: 'json', handler: clicksUpdateCosts },
		{
			method: 'POST',
			path: '/conversions/log',
			body: 'json',
			handler: (ctx) => ok(queryLog(ctx.state, 'conversions', ctx.body, gridOptions(ctx))),
		},
		// Domains (docs §2.7)
		{
			method: 'GET',
			path: '/domains',
			body: 'none',
			handler: (ctx) => ok(active(ctx.state.domains.all()).map((d) => domainView(ctx, d))),
		},
		{ method: 'POST', path: '/domains', body: 'json', handler: createDomain },
		{
			method: 'GET',
			path: '/domains/{id}',
			body: 'none',
			handler: (ctx) => ok(domainView(ctx, find(ctx, ctx.state.domains, C.domain))),
		},
		{
			method: 'PUT',
			path: '/domains/{id}',
			body: 'json',
			handler: (ctx) => {
				const d = find(ctx, ctx.state.domains, C.domain);
				checkDomainFields(ctx, d.id, ctx.body);
				applyDomainFields(d, ctx.body);
				d.updated_at = ctx.state.nowString();
				return ok(domainView(ctx, d));
			},
		},
		{
			method: 'DELETE',
			path: '/domains/{id}',
			body: 'none',
			handler: (ctx) =>
				ok(
					maybeWrapped(ctx, domainView(ctx, archive(ctx, ctx.state.domains, C.domain))),
					ctx.flags.specStatusCodes ? 201 : 200,
				),
		},
		{
			method: 'POST',
			path: '/domains/{id}/check',
			body: 'none',
			handler: (ctx) => {
				const d = find(ctx, ctx.state.domains, C.domain);
				d.network_status = 'active';
				d.updated_at = ctx.state.nowString();
				return ok(domainView(ctx, d));
			},
		},
		{
			method: 'POST',
			path: '/domains/{id}/restore',
			body: 'none',
			handler: (ctx) => ok(domainView(ctx, restore(ctx, ctx.state.domains, C.domain))),
		},
		{
			method: 'GET',
			path: '/domains/deleted',
			body: 'none',
			handler: (ctx) => ok(deleted(ctx.state.domains.all()).map((d) => domainView(ctx, d))),
		},
		// Groups (docs §2.8)
		{
			method: 'GET',
			path: '/groups',
			body: 'none',
			handler: (ctx) => {
				const type = groupTypeQuery(ctx);
				return ok(
					ctx.state.groups
						.all()
						.filter((g) => g.type === type)
						.sort((a, b) => a.position - b.position || a.id - b.id)
						.map(groupView),
				);
			},
		},
		{
			method: 'POST',
			path: '/groups',
			body: 'json',
			handler: (ctx) => {
				const errors: FieldErrors = {};
				const name = requireText(ctx, errors, 'name', ctx.body.name);
				const type = String(ctx.body.type);
				if (name && ctx.state.groups.all().some((g) => g.type === type && g.name === name))
					addError(errors, 'name', 'Name has already used');
				failIfErrors(ctx, errors);
				const position =
					ctx.state.groups
						.all()
						.filter((g) => g.type === type)
						.reduce((m, g) => Math.max(m, g.position), 0) + 1;
				return ok(groupView(ctx.state.groups.insert({ name, type, position })));
			},
		},
		{
			method: 'PUT',
			path: '/groups/{id}',
			body: 'json',
			handler: (ctx) => {
				const g = find(ctx, ctx.state.groups, C.group);
				applyFields(ctx, g, ctx.body, ['name', 'type']);
				return ok(groupView(g));
			},
		},
		{
			method: 'DELETE',
			path: '/groups/{id}/delete',
			body: 'none',
			handler: (ctx) => {
				const g = find(ctx, ctx.state.groups, C.group);
				ctx.state.groups.remove(g.id);
				return ok(maybeWrapped(ctx, groupView(g)));
			},
		},
		// Integrations (docs §2.12)
		{
			method: 'GET',
			path: '/integrations/avscan',
			body: 'none',
			handler: (ctx) => ok({ avscan_key: ctx.state.integrations.avscan_key }),
		},
		{
			method: 'PUT',
			path: '/integrations/avscan',
			body: 'none',
			handler: (ctx) => {
				ctx.state.integrations.avscan_key = requireQuery(ctx, 'avscan_key');
				return ok({ avscan_key: ctx.state.integrations.avscan_key });
			},
		},
		{
			method: 'GET',
			path: '/integrations/facebook',
			body: 'none',
			handler: (ctx) => ok({ data: ctx.state.facebook.all().map(facebookView) }),
		},
		{
			method: 'POST',
			path: '/integrations/facebook',
			body: 'json',
			handler: (ctx) => {
				const b = ctx.body;
				const rec = ctx.state.facebook.insert({
					integration: 'facebook',
					name: String(b.name ?? ''),
					ad_account_id: String(b.ad_account_id ?? ''),
					token: String(b.token ?? ''),
					proxy_enabled: b.proxy_enabled === true,
					proxy: clone((b.proxy as Record<string, unknown>) ?? {}),
					last_error: '',
					last_raw_error: '',
					campaign_ids: [],
				});
				return ok(facebookView(rec));
			},
		},
		{
			method: 'GET',
			path: '/integrations/facebook/{id}',
			body: 'none',
			handler: (ctx) => ok({ data: facebookView(find(ctx, ctx.state.facebook, C.facebook)) }),
		},
		{
			method: 'PUT',
			path: '/integrations/facebook/{id}',
			body: 'json',
			handler: (ctx) => {
				const f = find(ctx, ctx.state.facebook, C.facebook);
				applyFields(ctx, f, ctx.body, ['name', 'ad_account_id', 'token', 'proxy_enabled', 'proxy']);
				return ok({ data: facebookView(f) });
			},
		},
		{
			method: 'DELETE',
			path: '/integrations/facebook/{id}',
			body: 'none',
			handler: (ctx) => {
				ctx.state.facebook.remove(find(ctx, ctx.state.facebook, C.facebook).id);
				return success();
			},
		},
		{
			method: 'GET',
			path: '/integrations/facebook/{id}/campaign',
			body: 'none',
			handler: (ctx) => {
				const f = find(ctx, ctx.state.facebook, C.facebook);
				return ok(
					f.campaign_ids.map((id) => ({
						name: ctx.state.campaigns.get(id)?.name ?? '',
						value: id,
					})),
				);
			},
		},
		{
			method: 'POST',
			path: '/integrations/facebook/{id}/campaign',
			body: 'json',
			handler: (ctx) => {
				const f = find(ctx, ctx.state.facebook, C.facebook);
				const campaign = find(ctx, ctx.state.campaigns, C.campaign, toInt(ctx.body.campaign_id));
				if (!f.campaign_ids.includes(campaign.id)) f.campaign_ids.push(campaign.id);
				return success();
			},
		},
		{
			method: 'DELETE',
			path: '/integrations/facebook/{id}/campaign',
			body: 'json',
			handler: (ctx) => {
				const f = find(ctx, ctx.state.facebook, C.facebook);
				const id = toInt(ctx.body.campaign_id);
				f.campaign_ids = f.campaign_ids.filter((c) => c !== id);
				return success();
			},
		},
		{
			method: 'GET',
			path: '/integrations/imklo',
			body: 'none',
			handler: (ctx) => ok({ imklo_api_url: ctx.state.integrations.imklo_api_url }),
		},
		{
			method: 'PUT',
			path: '/integrations/imklo',
			body: 'none',
			handler: (ctx) => {
				ctx.state.integrations.imklo_api_url = requireQuery(ctx, 'imklo_api_url');
				return ok({ imklo_api_url: ctx.state.integrations.imklo_api_url });
			},
		},
		// Landing pages (docs §2.4)
		{
			method: 'GET',
			path: '/landing_pages',
			body: 'none',
			handler: (ctx) => ok(active(ctx.state.landings.all()).map((l) => landingView(ctx, l))),
		},
		{ method: 'POST', path: '/landing_pages', body: 'json', handler: createLanding },
		{
			method: 'GET',
			path: '/landing_pages/{id}',
			body: 'none',
			handler: (ctx) => ok(landingView(ctx, find(ctx, ctx.state.landings, C.landing))),
		},
		{
			method: 'PUT',
			path: '/landing_pages/{id}',
			body: 'json',
			handler: (ctx) => {
				const l = find(ctx, ctx.state.landings, C.landing);
				applyFields(ctx, l, ctx.body, LANDING_KEYS);
				l.updated_at = ctx.state.nowString();
				return ok(landingView(ctx, l));
			},
		},
		{
			method: 'DELETE',
			path: '/landing_pages/{id}',
			body: 'none',
			handler: (ctx) =>
				ok(maybeWrapped(ctx, landingView(ctx, archive(ctx, ctx.state.landings, C.landing)))),
		},
		{
			method: 'PUT',
			path: '/landing_pages/{id}/clone', // docs §2.4: clone is a PUT here
			body: 'none',
			handler: (ctx) => {
				const src = find(ctx, ctx.state.landings, C.landing);
				const now = ctx.state.nowString();
				const copy = ctx.state.landings.insert({
					...clone(src),
					id: undefined,
					name: `${src.name} (copy)`,
					state: 'active',
					created_at: now,
					updated_at: now,
				});
				const files = ctx.state.files.get(`landing:${src.id}`);
				if (files) ctx.state.files.set(`landing:${copy.id}`, new Map(files));
				return ok(maybeWrapped(ctx, landingView(ctx, copy)));
			},
		},
		...fileRoutes('landing', '/landing_pages'),
		// Logs (docs §2.12)
		{
			method: 'GET',
			path: '/logs/{type}',
			body: 'none',
			handler: (ctx) => {
				const type = ctx.params.type;
				if (!LOG_TYPES.includes(type))
					badRequest(`Unknown log type '${type}'. Available types: ${LOG_TYPES.join(', ')}`);
				const limit = toInt(requireQuery(ctx, 'limit'));
				const offset = toInt(ctx.query.get('offset') ?? 0);
				const q = ctx.query.get('query');
				const rows = (ctx.state.logs.get(type) ?? []).filter((r) => !q || r.message.includes(q));
				return ok(rows.slice(offset, limit > 0 ? offset + limit : undefined));
			},
		},
		{
			method: 'DELETE',
			path: '/logs/{type}',
			body: 'none',
			handler: (ctx) => {
				if (!LOG_TYPES.includes(ctx.params.type))
					badRequest(`Unknown log type '${ctx.params.type}'`);
				ctx.state.logs.set(ctx.params.type, []);
				return success();
			},
		},
		{ method: 'POST', path: '/logs/types', body: 'none', handler: () => ok(LOG_TYPES) },
		// Offers (docs §2.3)
		{
			method: 'GET',
			path: '/offers',
			body: 'none',
			handler: (ctx) => ok(active(ctx.state.offers.all()).map((o) => offerView(ctx, o))),
		},
		{ method: 'POST', path: '/offers', body: 'json', handler: createOffer },
		{
			method: 'GET',
			path: '/offers/{id}',
			body: 'none',
			handler: (ctx) => ok(offerView(ctx, find(ctx, ctx.state.offers, C.offer))),
		},
		{
			method: 'PUT',
			path: '/offers/{id}',
			body: 'json',
			handler: (ctx) => {
				const o = find(ctx, ctx.state.offers, C.offer);
				applyFields(ctx, o, ctx.body, OFFER_KEYS);
				o.updated_at = ctx.state.nowString();
				return ok(offerView(ctx, o));
			},
		},
		{
			method: 'DELETE',
			path: '/offers/{id}/archive',
			body: 'none',
			handler: (ctx) =>
				ok(maybeWrapped(ctx, offerView(ctx, archive(ctx, ctx.state.offers, C.offer)))),
		},
		{
			method: 'POST',
			path: '/offers/{id}/clone',
			body: 'none',
			handler: (ctx) => {
				const src = find(ctx, ctx.state.offers, C.offer);
				const now = ctx.state.nowString();
				const copy = ctx.state.offers.insert({
					...clone(src),
					id: undefined,
					name: `${src.name} (copy)`,
					state: 'active',
					created_at: now,
					updated_at: now,
				});
				const files = ctx.state.files.get(`offer:${src.id}`);
				if (files) ctx.state.files.set(`offer:${copy.id}`, new Map(files));
				return ok(maybeWrapped(ctx, offerView(ctx, copy)));
			},
		},
		...fileRoutes('offer', '/offers'),
		// Reports (docs §3)
		{
			method: 'POST',
			path: '/report/build',
			body: 'json',
			handler: (ctx) => ok(buildReport(ctx.state, ctx.body, gridOptions(ctx))),
		},
		{ method: 'GET', path: '/report/labels', body: 'none', handler: getLabels },
		{ method: 'POST', path: '/report/labels', body: 'json', handler: postLabels },
		// Flow catalogues (docs §2.2)
		{ method: 'GET', path: '/stream_filters', body: 'none', handler: () => ok(STREAM_FILTERS) },
		{ method: 'GET', path: '/stream_schemas', body: 'none', handler: () => ok(STREAM_SCHEMAS) },
		{ method: 'GET', path: '/stream_types', body: 'none', handler: () => ok(STREAM_TYPES) },
		{ method: 'GET', path: '/streams_actions', body: 'none', handler: () => ok(STREAM_ACTIONS) },
		// Streams (docs §2.2)
		{ method: 'POST', path: '/streams', body: 'json', handler: createStream },
		{
			method: 'GET',
			path: '/streams/{id}',
			body: 'none',
			handler: (ctx) => ok(streamView(find(ctx, ctx.state.streams, C.stream))),
		},
		{ method: 'PUT', path: '/streams/{id}', body: 'json', handler: updateStream },
		{
			method: 'DELETE',
			path: '/streams/{id}',
			body: 'none',
			handler: (ctx) => {
				const s = archive(ctx, ctx.state.streams, C.stream);
				streamEvent(ctx, s.id, 'deleted');
				return ok(maybeWrapped(ctx, streamView(s)));
			},
		},
		{
			method: 'POST',
			path: '/streams/{id}/disable',
			body: 'none',
			handler: setStreamState('disabled'),
		},
		{
			method: 'POST',
			path: '/streams/{id}/enable',
			body: 'none',
			handler: setStreamState('active'),
		},
		{
			method: 'GET',
			path: '/streams/{id}/events',
			body: 'none',
			handler: (ctx) => {
				const s = find(ctx, ctx.state.streams, C.stream);
				return ok(ctx.state.streamEvents.filter((e) => e.stream_id === s.id));
			},
		},
		{
			method: 'POST',
			path: '/streams/{id}/restore',
			body: 'none',
			handler: (ctx) => {
				const s = restore(ctx, ctx.state.streams, C.stream);
				streamEvent(ctx, s.id, 'restored');
				return ok(streamView(s));
			},
		},
		{
			method: 'GET',
			path: '/streams/deleted',
			body: 'none',
			handler: (ctx) => ok(deleted(ctx.state.streams.all()).map(streamView)),
		},
		{
			method: 'GET',
			path: '/streams/search',
			body: 'none',
			handler: (ctx) => {
				const q = requireQuery(ctx, 'query').toLowerCase();
				const hit = (s: StreamRec) =>
					s.name.toLowerCase().includes(q) ||
					(typeof s.action_payload === 'string' && s.action_payload.toLowerCase().includes(q)) ||
					(s.comments ?? '').toLowerCase().includes(q);
				return ok(active(ctx.state.streams.all()).filter(hit).map(streamView));
			},
		},
		// Traffic sources (docs §2.6)
		{
			method: 'GET',
			path: '/traffic_sources',
			body: 'none',
			handler: (ctx) => ok(active(ctx.state.trafficSources.all()).map(sourceView)),
		},
		{ method: 'POST', path: '/traffic_sources', body: 'json', handler: createSource },
		{
			method: 'GET',
			path: '/traffic_sources/{id}',
			body: 'none',
			handler: (ctx) => ok(sourceView(find(ctx, ctx.state.trafficSources, C.trafficSource))),
		},
		{
			method: 'PUT',
			path: '/traffic_sources/{id}',
			body: 'json',
			handler: (ctx) => {
				const s = find(ctx, ctx.state.trafficSources, C.trafficSource);
				applyFields(ctx, s, ctx.body, SOURCE_KEYS);
				s.updated_at = ctx.state.nowString();
				return ok(sourceView(s));
			},
		},
		{
			method: 'DELETE',
			path: '/traffic_sources/{id}',
			body: 'none',
			handler: (ctx) => {
				archive(ctx, ctx.state.trafficSources, C.trafficSource);
				return success(); // docs §2.6: "Success", no entity
			},
		},
		{
			method: 'POST',
			path: '/traffic_sources/{id}/clone',
			body: 'none',
			handler: (ctx) => {
				const src = find(ctx, ctx.state.trafficSources, C.trafficSource);
				const now = ctx.state.nowString();
				const copy = ctx.state.trafficSources.insert({
					...clone(src),
					id: undefined,
					name: `${src.name} (copy)`,
					state: 'active',
					created_at: now,
					updated_at: now,
				});
				return ok(maybeWrapped(ctx, sourceView(copy)));
			},
		},
		// Users (docs §2.9)
		{
			method: 'GET',
			path: '/users',
			body: 'none',
			handler: (ctx) => ok(ctx.state.users.all().map(userView)),
		},
		{ method: 'POST', path: '/users', body: 'json', handler: createUser },
		{
			method: 'GET',
			path: '/users/{id}',
			body: 'none',
			handler: (ctx) => ok(userView(find(ctx, ctx.state.users, C.user))),
		},
		{ method: 'PUT', path: '/users/{id}', body: 'json', handler: updateUser },
		{
			method: 'DELETE',
			path: '/users/{id}',
			body: 'none',
			handler: (ctx) => {
				ctx.state.users.remove(find(ctx, ctx.state.users, C.user).id); // irreversible
				return ok({ success: true }, ctx.flags.specStatusCodes ? 201 : 200);
			},
		},
		{
			method: 'PUT',
			path: '/users/{id}/access',
			body: 'json',
			handler: (ctx) => {
				const u = find(ctx, ctx.state.users, C.user);
				u.access_data = {
					...u.access_data,
					...clone((ctx.body.access_data as Record<string, unknown>) ?? {}),
				};
				return ok(userView(u));
			},
		},
		// Third-party-only routes (docs §2 "C only", §10.7) — off unless `extraRoutes`.
		{
			method: 'GET',
			path: '/offers/deleted',
			body: 'none',
			extra: true,
			handler: (ctx) => ok(deleted(ctx.state.offers.all()).map((o) => offerView(ctx, o))),
		},
		{
			method: 'POST',
			path: '/offers/{id}/restore',
			body: 'none',
			extra: true,
			handler: (ctx) => ok(offerView(ctx, restore(ctx, ctx.state.offers, C.offer))),
		},
		{
			method: 'POST',
			path: '/affiliate_networks/{id}/restore',
			body: 'none',
			extra: true,
			handler: (ctx) =>
				ok(networkView(ctx, restore(ctx, ctx.state.affiliateNetworks, C.affiliateNetwork))),
		},
		{
			method: 'POST',
			path: '/streams/{id}/clone',
			body: 'none',
			extra: true,
			handler: (ctx) => {
				const src = find(ctx, ctx.state.streams, C.stream);
				return ok(
					maybeWrapped(
						ctx,
						streamView(copyStream(ctx, src, src.campaign_id, `${src.name} (copy)`)),
					),
				);
			},
		},
		{
			method: 'POST',
			path: '/campaigns/clean_archive',
			body: 'none',
			extra: true,
			handler: (ctx) => {
				for (const c of deleted(ctx.state.campaigns.all())) ctx.state.campaigns.remove(c.id);
				return success();
			},
		},
		// GET /settings (docs §2.12, "existence unverified"): only with the `settingsVersion` switch.
		// The shape is a guess: a settings object with a `version` next to other settings, one of
		// them secret-like (a client must not echo it).
		{
			method: 'GET',
			path: '/settings',
			body: 'none',
			when: (flags) => typeof flags.settingsVersion === 'string' && flags.settingsVersion !== '',
			handler: (ctx) =>
				ok({
					version: ctx.flags.settingsVersion,
					timezone: ctx.state.timezone,
					currency: 'USD',
					postback_key: 'mock-settings-secret-postback-key',
				}),
		},
	];
	return routes;
}

export { COST_FILTER_KEYS };

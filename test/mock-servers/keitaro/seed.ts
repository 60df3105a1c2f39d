/**
 * Default, deterministic demo data of the Keitaro mock: a small but realistic tracker (groups,
 * affiliate networks, traffic sources, offers, landing pages, domains, campaigns with flows,
 * users, bot list) plus ~two weeks of clicks and conversions ending at the mock clock.
 * Everything derives from `state.seed`; ids are stable across runs.
 */
import { mixSeed, mulberry32 } from '../shared/faults';
import {
	AD_CAMPAIGNS,
	AD_SETS,
	COUNTRIES,
	CREATIVES,
	DEVICES,
	ISPS,
	KEYWORDS,
	LANGUAGES,
	OPERATORS,
	REGIONS,
} from './data';
import {
	FLAG,
	STATUS_CODE,
	NO_STATUS,
	sourceHost,
	type BindingRec,
	type CampaignRec,
	type ConversionStatus,
	type KeitaroState,
	type PlaceholderObject,
	type StreamRec,
} from './store';
import { formatDateTime } from './time';

export interface SeedDataOptions {
	/** Days of traffic before the clock (default 14). */
	days?: number;
	/** Clicks per day across all campaigns (default 250). */
	clicksPerDay?: number;
	/** Share of non-bot clicks that convert (default 0.05). */
	conversionRate?: number;
}

const ph = (name: string, placeholder: string, alias: string): PlaceholderObject => ({
	name,
	placeholder,
	alias,
});

export function seedDefaultData(state: KeitaroState, options: SeedDataOptions = {}): void {
	const now = state.clock.nowSeconds();
	const at = (daysAgo: number) => formatDateTime(now - Math.round(daysAgo * 86400));

	// Groups (docs §2.8) -------------------------------------------------------------------
	for (const [name, type, position] of [
		['Facebook', 'campaigns', 1],
		['Google', 'campaigns', 2],
		['Nutra', 'offers', 1],
		['Gambling', 'offers', 2],
		['Prelanders', 'landings', 1],
		['Main domains', 'domains', 1],
	] as const) {
		state.groups.insert({ name, type, position });
	}

	// Affiliate networks (docs §7.5) -----------------------------------------------------------
	const networks = [
		[
			'LeadBit Partners',
			'https://leadbit.example.test/postback',
			'sub1={subid}&sub2={campaign_name}',
			'leadbit',
		],
		['Nutra Alliance', 'https://nutra-alliance.example.test/pb', 'aff_sub={subid}', ''],
		[
			'BetPartners Net',
			'https://betpartners.example.test/track',
			'click_id={subid}',
			'betpartners',
		],
	];
	networks.forEach(([name, postback_url, offer_param, template_name], i) =>
		state.affiliateNetworks.insert({
			name,
			postback_url,
			offer_param,
			state: 'active',
			template_name,
			notes: '',
			pull_api_options: '',
			created_at: at(90 - i),
			updated_at: at(30 - i),
		}),
	);

	// Traffic sources (docs §7.6) --------------------------------------------------------------
	const sources: Array<[string, string, Record<string, PlaceholderObject>]> = [
		[
			'Facebook Ads',
			'facebook',
			{
				sub_id_1: ph('utm_campaign', '{{campaign.name}}', 'Campaign name'),
				sub_id_2: ph('utm_content', '{{ad.name}}', 'Ad name'),
				ad_campaign_id: ph('campaign_id', '{{campaign.id}}', 'Campaign ID'),
				creative_id: ph('ad_id', '{{ad.id}}', 'Ad ID'),
				external_id: ph('fbclid', '', 'Click ID'),
			},
		],
		[
			'Google Ads',
			'google',
			{
				keyword: ph('keyword', '{keyword}', 'Keyword'),
				ad_campaign_id: ph('campaignid', '{campaignid}', 'Campaign ID'),
				creative_id: ph('creative', '{creative}', 'Creative'),
				external_id: ph('gclid', '{gclid}', 'GCLID'),
			},
		],
		[
			'PropellerAds',
			'propellerads',
			{
				sub_id_1: ph('zoneid', '{zoneid}', 'Zone'),
				cost: ph('cost', '{cost}', 'Cost'),
				external_id: ph('visitor_id', '${SUBID}', 'Visitor'),
			},
		],
		[
			'TikTok Ads',
			'tiktok',
			{
				sub_id_1: ph('campaign', '__CAMPAIGN_NAME__', 'Campaign'),
				external_id: ph('ttclid', '__CALLBACK_PARAM__', 'ttclid'),
			},
		],
	];
	sources.forEach(([name, template_name, parameters], i) =>
		state.trafficSources.insert({
			name,
			postback_url:
				i === 2
					? 'https://ad.propellerads.example.test/conversion.php?visitor_id={external_id}&payout={revenue}'
					: '',
			postback_statuses: i === 2 ? ['sale'] : ['lead', 'sale'],
			template_name,
			accept_parameters: true,
			parameters,
			notes: '',
			state: 'active',
			traffic_loss: 0,
			update_in_campaigns: 'all',
			created_at: at(80 - i),
			updated_at: at(20 - i),
		}),
	);

	// Offers (docs §7.3) -----------------------------------------------------------------------
	const offers: Array<[string, number, number, number, string, string[], string]> = [
		['Keto Slim - DE', 3, 2, 32, 'EUR', ['DE'], 'active'],
		['Keto Slim - US', 3, 2, 38, 'USD', ['US'], 'active'],
		['Hair Growth Serum - ES', 3, 1, 24.5, 'EUR', ['ES'], 'active'],
		['Casino Royal - BR', 4, 3, 45, 'USD', ['BR'], 'active'],
		['Casino Royal - IN', 4, 3, 30, 'USD', ['IN'], 'active'],
		['VPN Shield - WW', 0, 1, 4.5, 'USD', [], 'active'],
		['Dating Plus - US', 0, 1, 3.2, 'USD', ['US'], 'active'],
		['Old sweepstakes', 0, 1, 1.5, 'USD', ['US'], 'deleted'],
	];
	offers.forEach(
		(
			[name, group_id, affiliate_network_id, payout_value, payout_currency, country, offerState],
			i,
		) =>
			state.offers.insert({
				name,
				group_id,
				offer_type: 'external',
				action_type: 'http',
				action_payload: `https://partner-${affiliate_network_id}.example.test/click?offer=${100 + i}&sub1={subid}`,
				action_options: {},
				affiliate_network_id,
				payout_value,
				payout_currency,
				payout_type: 'CPA',
				payout_auto: true,
				payout_upsell: i === 3,
				state: offerState,
				country,
				notes: '',
				archive: '',
				local_path: '',
				preview_path: '',
				conversion_cap_enabled: false,
				daily_cap: 0,
				conversion_timezone: 'UTC',
				alternative_offer_id: 0,
				created_at: at(70 - i),
				updated_at: at(10 - i / 2),
			}),
	);

	// Landing pages (docs §7.4) ----------------------------------------------------------------
	const landings: Array<[string, string, string, string]> = [
		['Keto quiz prelander', 'local', 'local_file', 'keto_quiz'],
		['Keto advertorial', 'external', 'http', 'https://news.example-health.test/keto-story'],
		['Casino wheel', 'local', 'local_file', 'casino_wheel'],
		['VPN comparison', 'external', 'http', 'https://reviews.example-tech.test/vpn'],
		['Dating chat', 'preloaded', 'http', 'https://chat.example-dating.test/'],
	];
	landings.forEach(([name, landing_type, action_type, payload], i) => {
		const landing = state.landings.insert({
			name,
			landing_type,
			action_type,
			action_payload: payload,
			action_options: {},
			group_id: 5,
			state: 'active',
			notes: '',
			archive: '',
			local_path: landing_type === 'local' ? `/var/www/keitaro/lander/${payload}/` : '',
			preview_path: landing_type === 'local' ? `/lander/${payload}/index.html` : '',
			url: landing_type === 'local' ? '' : payload,
			created_at: at(60 - i),
			updated_at: at(8 - i / 2),
		});
		if (landing_type === 'local') {
			state.files.set(
				`landing:${landing.id}`,
				new Map([
					[
						'index.html',
						`<!doctype html><html><body><h1>${name}</h1><a href="{offer}">Continue</a></body></html>`,
					],
					['css/style.css', 'body { font-family: sans-serif; }'],
				]),
			);
		}
	});

	// Domains (docs §7.7) ----------------------------------------------------------------------
	const domains: Array<[string, string]> = [
		['https://track.example.test/', 'active'],
		['https://go.example-news.test/', 'active'],
		['https://old.example.test/', 'deleted'],
	];
	domains.forEach(([name, domainState], i) => {
		const domain = state.domains.insert({
			name,
			is_ssl: true,
			network_status: 'active',
			default_campaign_id: 0,
			state: domainState,
			wildcard: false,
			catch_not_found: false,
			ssl_redirect: true,
			allow_indexing: false,
			notes: '',
			group_id: 6,
			created_at: at(100 - i),
			updated_at: at(40 - i),
		});
		if (domainState === 'deleted') state.domains.archivedFrom.set(domain.id, 'active');
	});

	// Campaigns + flows (docs §7.1, §7.2) ------------------------------------------------------
	const campaigns: Array<{
		name: string;
		alias: string;
		group_id: number;
		ts: number;
		domain: number;
		cost_type: string;
		cost_value: number;
		state: string;
		offers: Array<[number, number]>;
		landings: number[];
	}> = [
		{
			name: 'FB | Keto | DE',
			alias: 'keto-de',
			group_id: 1,
			ts: 1,
			domain: 1,
			cost_type: 'CPC',
			cost_value: 0.45,
			state: 'active',
			offers: [[1, 100]],
			landings: [1, 2],
		},
		{
			name: 'FB | Keto | US',
			alias: 'keto-us',
			group_id: 1,
			ts: 1,
			domain: 1,
			cost_type: 'CPC',
			cost_value: 0.6,
			state: 'active',
			offers: [[2, 100]],
			landings: [1],
		},
		{
			name: 'Google | VPN | WW',
			alias: 'vpn-ww',
			group_id: 2,
			ts: 2,
			domain: 2,
			cost_type: 'CPC',
			cost_value: 0.12,
			state: 'active',
			offers: [[6, 100]],
			landings: [],
		},
		{
			name: 'Propeller | Casino | BR+IN',
			alias: 'casino-br',
			group_id: 0,
			ts: 3,
			domain: 2,
			cost_type: 'CPC',
			cost_value: 0.7,
			state: 'active',
			offers: [
				[4, 50],
				[5, 50],
			],
			landings: [3],
		},
		{
			name: 'TikTok | Dating | US',
			alias: 'dating-us',
			group_id: 0,
			ts: 4,
			domain: 1,
			cost_type: 'CPM',
			cost_value: 1.5,
			state: 'disabled',
			offers: [[7, 100]],
			landings: [5],
		},
		{
			name: 'Old test campaign',
			alias: 'old-test',
			group_id: 0,
			ts: 0,
			domain: 0,
			cost_type: 'CPC',
			cost_value: 0,
			state: 'deleted',
			offers: [[1, 100]],
			landings: [],
		},
	];
	campaigns.forEach((c, i) => {
		const source = state.trafficSources.get(c.ts);
		const campaign = state.campaigns.insert({
			alias: c.alias,
			name: c.name,
			type: 'position',
			state: c.state,
			position: i + 1,
			cookies_ttl: 24,
			uniqueness_method: 'ip',
			uniqueness_use_cookies: true,
			cost_type: c.cost_type,
			cost_value: c.cost_value,
			cost_currency: 'USD',
			cost_auto: false,
			group_id: c.group_id,
			bind_visitors: null,
			traffic_source_id: c.ts,
			domain_id: c.domain,
			token: state.randomString(32, '0123456789abcdef'),
			parameters: source ? { ...source.parameters } : {},
			postbacks:
				c.ts === 3
					? [
							{
								id: state.seq.postback++,
								campaign_id: i + 1,
								method: 'GET',
								statuses: ['sale'],
								url: 'https://ad.propellerads.example.test/conversion.php?visitor_id={external_id}',
							},
						]
					: [],
			traffic_loss: 0,
			notes: '',
			created_at: at(50 - i * 3),
			updated_at: at(5 - i / 2),
		});
		if (c.state === 'deleted') state.campaigns.archivedFrom.set(campaign.id, 'active');
		addStream(state, campaign, {
			type: 'forced',
			name: 'Bots',
			schema: 'action',
			action_type: 'status404',
			action_payload: '',
			filters: [{ name: 'bot', mode: 'accept', payload: [] }],
		});
		addStream(state, campaign, {
			type: 'regular',
			name: 'Main',
			schema: 'landings',
			action_type: 'http',
			action_payload: '',
			filters: c.name.includes('| US')
				? [{ name: 'country', mode: 'accept', payload: ['US'] }]
				: [],
			offers: c.offers,
			landings: c.landings,
		});
		addStream(state, campaign, {
			type: 'default',
			name: 'Fallback',
			schema: 'redirect',
			action_type: 'http',
			action_payload: 'https://www.example.test/',
		});
	});

	// Users (docs §7.8) --------------------------------------------------------------------------
	const full = 'full_access';
	state.users.insert({
		login: 'admin',
		type: 'ADMIN',
		state: 'active',
		key_count: 1,
		password: 'admin-password',
		access_data: {
			offers_access_type: full,
			campaigns_access_type: full,
			landings_access_type: full,
			traffic_sources_access_type: full,
			streams_access_type: full,
			affiliate_networks_access_type: full,
			domains_access_type: full,
			resources: [],
			allowed_resources: [],
			reports: [],
		},
		preferences: { language: 'en', timezone: 'UTC', first_weekday: 1 },
	});
	state.users.insert({
		login: 'media_buyer',
		type: 'USER',
		state: 'active',
		key_count: 1,
		password: 'buyer-password',
		access_data: {
			offers_access_type: 'read_only',
			campaigns_access_type: 'to_groups_and_selected',
			landings_access_type: 'read_only',
			traffic_sources_access_type: 'read_only',
			streams_access_type: 'to_groups_and_selected',
			affiliate_networks_access_type: 'read_only',
			domains_access_type: 'read_only',
			resources: ['campaigns:1', 'campaigns:2'],
			allowed_resources: ['campaigns', 'reports'],
			reports: ['clicks', 'conversions'],
		},
		preferences: { language: 'en', timezone: 'Europe/Madrid', first_weekday: 1 },
	});

	state.facebook.insert({
		integration: 'facebook',
		name: 'FB BM #1',
		ad_account_id: 'act_1234567890',
		token: 'EAAB-mock-token',
		proxy_enabled: false,
		proxy: { protocol: 'http', address: '', port: 0, login: '', password: '' },
		last_error: '',
		last_raw_error: '',
		campaign_ids: [1, 2],
	});

	state.botlist = [
		'66.249.64.0/19',
		'157.55.39.0/24',
		'40.77.167.1',
		'207.46.13.0/24',
		'5.255.250.0/24',
	];
	state.integrations = { avscan_key: '', imklo_api_url: '' };
	state.logs.set('system', [
		{ datetime: at(1), jid: 'a1b2c3', message: 'Tracker updated to 11.0.0' },
		{ datetime: at(0.5), jid: 'd4e5f6', message: 'GeoIP database updated' },
	]);
	state.logs.set('postback', [
		{ datetime: at(0.1), jid: 'f7e8d9', message: 'Postback received: subid=... status=sale' },
	]);
	state.setLabel(4, 'sub_id_1', '1007', 'blacklist');
	state.setLabel(4, 'sub_id_1', '1014', 'whitelist');

	seedTraffic(state, options);
}

interface StreamSeed {
	type: string;
	name: string;
	schema: string;
	action_type: string;
	action_payload: string;
	filters?: Array<{ name: string; mode: string; payload: unknown }>;
	offers?: Array<[number, number]>;
	landings?: number[];
}

function addStream(state: KeitaroState, campaign: CampaignRec, seed: StreamSeed): StreamRec {
	const ts = campaign.created_at;
	const id = state.streams.peekNextId();
	const position = state.streams.all().filter((s) => s.campaign_id === campaign.id).length + 1;
	const binding = (
		key: 'offer_id' | 'landing_id',
		ref: number,
		share: number,
		seq: number,
	): BindingRec => ({
		id: seq,
		stream_id: id,
		[key]: ref,
		state: 'active',
		share,
		created_at: ts,
		updated_at: ts,
	});
	const landingIds = seed.landings ?? [];
	state.streamEvents.push({
		id: state.seq.event++,
		stream_id: id,
		action: 'created',
		datetime: ts,
		user: 'admin',
	});
	return state.streams.insert({
		campaign_id: campaign.id,
		type: seed.type,
		name: seed.name,
		position,
		weight: 100,
		state: 'active',
		schema: seed.schema,
		action_type: seed.action_type,
		action_payload: seed.action_payload,
		action_options: {},
		collect_clicks: true,
		filter_or: false,
		offer_selection: 'before_click',
		comments: null,
		updated_at: campaign.updated_at,
		filters: (seed.filters ?? []).map((f) => ({
			id: state.seq.filter++,
			stream_id: id,
			name: f.name,
			mode: f.mode,
			payload: f.payload,
			oid: '',
		})),
		triggers: [],
		landings: landingIds.map((l) =>
			binding('landing_id', l, Math.floor(100 / landingIds.length), state.seq.landingBinding++),
		),
		offers: (seed.offers ?? []).map(([o, share]) =>
			binding('offer_id', o, share, state.seq.offerBinding++),
		),
	});
}

/**
 * Generates clicks (+ conversions) for the last `days` days before the clock. Written as a tight
 * loop over precomputed dictionary ids (no per-click objects) so a cold start stays fast.
 */
function seedTraffic(state: KeitaroState, options: SeedDataOptions): void {
	const days = options.days ?? 14;
	const perDay = options.clicksPerDay ?? 250;
	const rate = options.conversionRate ?? 0.05;
	const total = Math.max(0, Math.round(days * perDay));
	if (total === 0) return;
	const rng = mulberry32(mixSeed(state.seed, 'traffic'));
	const now = state.clock.nowSeconds();
	const ck = state.clicks;
	const cv = state.conversions;
	const dict = state.dict;
	// Grow first: the typed-array columns taken below must be the final ones.
	ck.ensure(ck.n + total);
	cv.ensure(cv.n + Math.ceil(total * rate * 2) + 16);
	const id = (v: string) => dict.id(v);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
	const pickWeighted = <T>(items: readonly T[], weight: (t: T) => number): T => {
		let r = rng() * items.reduce((s, t) => s + weight(t), 0);
		for (const t of items) {
			r -= weight(t);
			if (r < 0) return t;
		}
		return items[items.length - 1];
	};

	// Visitor profiles: geo + device as dictionary ids, a small pool per country.
	const PROFILE_FIELDS = [
		'country_code',
		'region',
		'region_code',
		'city',
		'language',
		'device_type',
		'os',
		'os_version',
		'browser',
		'browser_version',
		'device_model',
		'user_agent',
		'connection_type',
		'isp',
		'operator',
	] as const;
	type Profile = number[];
	const profilesByCountry = new Map<string, Profile[]>();
	const profilesFor = (country: string): Profile[] => {
		let list = profilesByCountry.get(country);
		if (!list) {
			list = [];
			for (let i = 0; i < 8; i++) {
				const [region, regionCode, city] = pick(REGIONS[country] ?? [['', '', '']]);
				const d = pickWeighted(DEVICES, (x) => x.weight);
				const mobile = d.device_type !== 'desktop';
				list.push(
					[
						country,
						region,
						regionCode,
						city,
						LANGUAGES[country] ?? 'en',
						d.device_type,
						d.os,
						d.os_version,
						d.browser,
						d.browser_version,
						d.device_model,
						d.user_agent,
						mobile ? pick(['cellular', 'wifi']) : 'broadband',
						pick(ISPS),
						mobile ? pick(OPERATORS) : '',
					].map(id),
				);
			}
			profilesByCountry.set(country, list);
		}
		return list;
	};
	const profileCols = PROFILE_FIELDS.map((f) => ck.dictCol(f));
	const botUa = id('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
	const uaIndex = PROFILE_FIELDS.indexOf('user_agent');

	// Traffic-source specific click parameters (pools of dictionary ids).
	const tokens = (prefix: string, n: number) =>
		Array.from({ length: n }, () => id(`${prefix}${Math.floor(rng() * 1e12).toString(36)}`));
	const SOURCE_PARAMS: Record<number, Array<[field: string, pool: number[]]>> = {
		1: [
			['sub_id_2', AD_SETS.map(id)],
			['ad_campaign_id', AD_CAMPAIGNS.map(id)],
			['creative_id', CREATIVES.map(id)],
			['external_id', tokens('fb.1.', 40)],
		],
		2: [
			['keyword', KEYWORDS.filter((k) => k !== '').map(id)],
			['ad_campaign_id', [id('19283746')]],
			['creative_id', CREATIVES.map(id)],
			['external_id', tokens('Cj0K', 40)],
			['search_engine', [id('google')]],
		],
		3: [
			['sub_id_1', Array.from({ length: 20 }, (_, i) => id(String(1000 + i * 7)))],
			['param_cost', [id('0.7')]],
			['external_id', tokens('', 40)],
		],
		4: [
			['sub_id_1', [id('dating_us_broad')]],
			['external_id', tokens('E.C.P.', 40)],
		],
	};
	const sourceCols = new Map<number, Array<[Uint32Array, number[]]>>();
	const sourceCol = ck.dictCol('source');
	const referrerCol = ck.dictCol('referrer');
	const sub1Col = ck.dictCol('sub_id_1');

	interface Target {
		campaign: CampaignRec;
		weight: number;
		bots: StreamRec | undefined;
		main: StreamRec | undefined;
		source: number;
		referrer: number;
		sub1: number;
		country: string | undefined;
		costPerClick: number;
	}
	const payout = new Map(state.offers.all().map((o) => [o.id, o.payout_value]));
	const targets: Target[] = state.campaigns.all().map((campaign) => {
		const streams = state.streams.all().filter((s) => s.campaign_id === campaign.id);
		const source = state.trafficSources.get(campaign.traffic_source_id);
		const host = source ? sourceHost(source.name) : '';
		return {
			campaign,
			weight: campaign.state === 'active' ? (campaign.id === 4 ? 4 : 2) : 0.3,
			bots: streams.find((s) => s.type === 'forced'),
			main: streams.find((s) => s.type === 'regular'),
			source: id(host),
			referrer: id(host ? `https://${host}/` : ''),
			sub1: campaign.traffic_source_id === 1 ? id(campaign.name) : 0,
			country: campaign.name.includes('| US')
				? 'US'
				: campaign.name.includes('| DE')
					? 'DE'
					: undefined,
			costPerClick:
				campaign.cost_type === 'CPC'
					? campaign.cost_value
					: campaign.cost_type === 'CPM'
						? campaign.cost_value / 1000
						: 0,
		};
	});
	for (const t of targets) {
		const params = SOURCE_PARAMS[t.campaign.traffic_source_id] ?? [];
		sourceCols.set(
			t.campaign.traffic_source_id,
			params.map(([field, pool]) => [ck.dictCol(field), pool]),
		);
	}
	const pickBinding = (list: BindingRec[]): BindingRec | undefined => {
		if (list.length === 0) return undefined;
		let r = rng() * list.reduce((s, b) => s + (b.share || 1), 0);
		for (const b of list) {
			r -= b.share || 1;
			if (r < 0) return b;
		}
		return list[list.length - 1];
	};
	const casinoOrig = {
		lead: id('reg'),
		sale: id('dep'),
		rejected: id('rejected'),
		rebill: id('rebill'),
	};

	const start = now - days * 86400;
	const times = new Float64Array(total);
	for (let i = 0; i < total; i++) times[i] = start + Math.floor(rng() * days * 86400);
	times.sort();
	for (let i = 0; i < total; i++) {
		const time = times[i];
		const t = pickWeighted(targets, (x) => x.weight);
		const isBot = rng() < 0.03;
		const stream = isBot ? t.bots : t.main;
		const profile = pick(profilesFor(t.country ?? pickWeighted(COUNTRIES, (c) => c[2])[0]));
		const row = ck.n++;
		for (let f = 0; f < profileCols.length; f++) profileCols[f][row] = profile[f];
		if (isBot) profileCols[uaIndex][row] = botUa;
		sourceCol[row] = t.source;
		const emptyReferrer = rng() < 0.1;
		referrerCol[row] = emptyReferrer ? 0 : t.referrer;
		if (t.sub1) sub1Col[row] = t.sub1;
		for (const [col, pool] of sourceCols.get(t.campaign.traffic_source_id) ?? [])
			col[row] = pick(pool);
		const landingBinding = stream && !isBot ? pickBinding(stream.landings) : undefined;
		const offerBinding = stream && !isBot ? pickBinding(stream.offers) : undefined;
		const landingClicked = !!landingBinding && rng() < 0.45;
		ck.time[row] = time;
		ck.campaign[row] = t.campaign.id;
		ck.stream[row] = stream?.id ?? 0;
		ck.landing[row] = landingBinding?.landing_id ?? 0;
		ck.offer[row] = offerBinding?.offer_id ?? 0;
		ck.ts[row] = t.campaign.traffic_source_id;
		ck.ip[row] = ((Math.floor(rng() * 200) + 20) * 16777216 + Math.floor(rng() * 16777216)) >>> 0;
		let flags = 0;
		if (rng() < 0.85) flags |= FLAG.UNIQUE_CAMPAIGN;
		if (rng() < 0.9) flags |= FLAG.UNIQUE_STREAM;
		if (rng() < 0.7) flags |= FLAG.UNIQUE_GLOBAL;
		if (isBot) flags = (flags | FLAG.BOT) & ~FLAG.UNIQUE_CAMPAIGN;
		if (rng() < 0.02) flags |= FLAG.PROXY;
		if (emptyReferrer) flags |= FLAG.EMPTY_REFERRER;
		if (landingClicked) flags |= FLAG.LANDING_CLICKED;
		ck.flags[row] = flags;
		ck.lpDelay[row] = landingClicked ? 5 + Math.floor(rng() * 90) : 0;
		ck.cost[row] = t.costPerClick;
		ck.revenue[row] = 0;
		ck.statusCounts[row] = 0;

		if (!isBot && offerBinding && rng() < rate) {
			const pb = time + 60 + Math.floor(rng() * 2 * 86400);
			if (pb > now) continue;
			const r = rng();
			const status: ConversionStatus =
				r < 0.42 ? 'lead' : r < 0.85 ? 'sale' : r < 0.97 ? 'rejected' : 'rebill';
			cv.ensure(cv.n + 1);
			const conv = cv.n++;
			cv.click[conv] = row;
			cv.pb[conv] = pb;
			cv.dt[conv] = pb;
			cv.status[conv] = STATUS_CODE[status];
			cv.prev[conv] = status === 'sale' && rng() < 0.6 ? STATUS_CODE.lead : NO_STATUS;
			cv.orig[conv] = t.campaign.traffic_source_id === 3 ? casinoOrig[status] : 0;
			cv.revenue[conv] = payout.get(offerBinding.offer_id ?? 0) ?? 0;
			cv.sale[conv] = status === 'sale' || status === 'rebill' ? pb : 0;
			ck.bumpStatus(row, STATUS_CODE[status], 1);
			if (status !== 'rejected') ck.revenue[row] += cv.revenue[conv];
		}
	}
	state.rebuildIndexes();
	state.touch();
}

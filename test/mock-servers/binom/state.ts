/**
 * Data and scenario driver of the Binom v2 mock (facts: /work/shared/docs/other-trackers-api.md §4).
 * One conversion per click, keyed by the click id; later postbacks mutate it in place (status,
 * payout; "upsell" adds payout — docs §4.5, update-conv.php). Instants are epoch ms.
 */
import {
	COUNTRIES,
	Rng,
	SimClock,
	toMs,
	type BeforeRespondHook,
	type TimeInput,
} from '../voluum/tracker-kit';

export interface BinomEntity {
	id: number;
	name: string;
}

export interface BinomOffer extends BinomEntity {
	affiliateNetworkId: number;
	payout: number;
	country: string;
}

export interface BinomCampaign extends BinomEntity {
	trafficSourceId: number;
	offerIds: number[];
	landingIds: number[];
	cpc: number;
	groupName: string | null;
	isDeleted: boolean;
	createdAt: number;
	key: string;
}

export interface BinomClick {
	id: string;
	t: number;
	campaignId: number;
	offerId: number;
	landingId: number;
	trafficSourceId: number;
	country: string;
	ip: string;
	cost: number;
	unique: boolean;
	externalId: string;
}

export interface BinomConversion {
	/** The click id (Binom keys conversions by click). */
	id: string;
	conversedAt: number;
	payout: number;
	/** Free-form `cnv_status` string (docs §4.3). */
	status: string;
	/** `cnv_status2`. */
	status2: string;
	/** Last change (ms); changes do not move `conversedAt` unless `touchConversedAt`. */
	updatedAt: number;
}

export interface ClickInput {
	at?: TimeInput;
	id?: string;
	campaignId?: number;
	offerId?: number;
	country?: string;
	cost?: number;
}

export interface ConversionInput {
	/** conversed_at; default the mock clock. In the past = a late conversion. */
	at?: TimeInput;
	/** Click time when a click is created; default 20 minutes before `at`. */
	clickAt?: TimeInput;
	/** Existing click id (a click converts once; a second call on it is a postback update). */
	clickId?: string;
	campaignId?: number;
	offerId?: number;
	country?: string;
	payout?: number;
	status?: string;
	status2?: string;
}

export interface BinomStateOptions {
	seed?: number;
	now?: TimeInput | 'real';
	/** The API user's timezone, used when a request has no `timezone` (default Europe/Moscow). */
	userTimezone?: string;
}

export interface SeedOptions {
	clicks?: number;
	days?: number;
	conversionRate?: number;
}

export const BINOM_STATUSES: ReadonlyArray<readonly [string, number]> = [
	['lead', 4],
	['approve', 3],
	['hold', 1],
	['reject', 1],
	['', 1],
];

export class BinomState {
	readonly clock: SimClock;
	readonly seed: number;
	userTimezone: string;
	readonly campaigns: BinomCampaign[] = [];
	readonly offers: BinomOffer[] = [];
	readonly landings: BinomEntity[] = [];
	readonly trafficSources: BinomEntity[] = [];
	readonly affiliateNetworks: BinomEntity[] = [];
	readonly clicks: BinomClick[] = [];
	readonly conversions: BinomConversion[] = [];
	version = 0;
	/** Called once per authenticated API request that reached a route, before it is answered. */
	onBeforeRespond: BeforeRespondHook | null = null;
	/**
	 * Upsell behaviour of a repeated postback with a payout (docs §4.5): `true` (default) adds it,
	 * `false` ("Disable Upsell") replaces it.
	 */
	upsellEnabled = true;
	/** When true, an update moves `conversed_at` to the update time (default false: in place). */
	touchConversedAt = false;

	private readonly rng: Rng;
	private readonly clickById = new Map<string, BinomClick>();
	private readonly conversionById = new Map<string, BinomConversion>();
	private clickSeq = 0;

	constructor(options: BinomStateOptions = {}) {
		this.seed = options.seed ?? 1;
		this.clock = new SimClock(options.now ?? undefined);
		this.userTimezone = options.userTimezone ?? 'Europe/Moscow';
		this.rng = new Rng(this.seed, 'binom');
	}

	touch(): void {
		this.version++;
	}

	name(list: BinomEntity[], id: number): string {
		return list.find((e) => e.id === id)?.name ?? '';
	}

	addCampaign(input: Partial<BinomCampaign> & { createdAt?: number } = {}): BinomCampaign {
		const n = this.campaigns.length;
		const id = input.id ?? this.campaigns.reduce((m, c) => Math.max(m, c.id), 0) + 1;
		const ts =
			input.trafficSourceId ??
			this.trafficSources[n % Math.max(1, this.trafficSources.length)]?.id ??
			1;
		const campaign: BinomCampaign = {
			id,
			name:
				input.name ??
				`${this.name(this.trafficSources, ts) || 'TS'} - ${COUNTRIES[n % COUNTRIES.length][0]} - #${id}`,
			trafficSourceId: ts,
			offerIds: input.offerIds ?? this.offers.filter((_, i) => (i + n) % 2 === 0).map((o) => o.id),
			landingIds: input.landingIds ?? this.landings.map((l) => l.id),
			cpc: input.cpc ?? 0.003,
			groupName: input.groupName ?? null,
			isDeleted: input.isDeleted ?? false,
			createdAt: input.createdAt ?? this.clock.now(),
			key: input.key ?? this.rng.hex(20),
		};
		if (campaign.offerIds.length === 0 && this.offers.length)
			campaign.offerIds = [this.offers[0].id];
		this.campaigns.push(campaign);
		this.touch();
		return campaign;
	}

	addClick(input: ClickInput = {}): BinomClick {
		const campaign =
			(input.campaignId !== undefined
				? this.campaigns.find((c) => c.id === input.campaignId)
				: undefined) ?? this.campaigns[this.clicks.length % Math.max(1, this.campaigns.length)];
		if (!campaign) throw new Error('The Binom mock has no campaign; add one first');
		const t = input.at !== undefined ? toMs(input.at) : this.clock.now();
		this.clickSeq++;
		const click: BinomClick = {
			id: input.id ?? `${this.clickSeq.toString(16).padStart(6, '0')}${this.rng.hex(14)}`,
			t,
			campaignId: campaign.id,
			offerId: input.offerId ?? (campaign.offerIds.length ? this.rng.pick(campaign.offerIds) : 0),
			landingId: campaign.landingIds.length ? this.rng.pick(campaign.landingIds) : 0,
			trafficSourceId: campaign.trafficSourceId,
			country: input.country ?? this.rng.pick(COUNTRIES)[0],
			ip: `192.0.2.${this.rng.int(1, 254)}`,
			cost: input.cost ?? campaign.cpc,
			unique: this.rng.float() < 0.7,
			externalId: `ext${this.rng.int(10000, 99999)}`,
		};
		this.clicks.push(click);
		this.clickById.set(click.id, click);
		this.touch();
		return click;
	}

	getClick(id: string): BinomClick | undefined {
		return this.clickById.get(id);
	}

	getConversion(clickId: string): BinomConversion | undefined {
		return this.conversionById.get(clickId);
	}

	/**
	 * A conversion postback. For a click that already converted this is an update: status
	 * changes, payout is added (upsell) or replaced (`upsellEnabled = false`).
	 */
	addConversion(input: ConversionInput = {}): BinomConversion {
		const at = input.at !== undefined ? toMs(input.at) : this.clock.now();
		const existing = input.clickId ? this.conversionById.get(input.clickId) : undefined;
		if (existing) {
			if (input.payout !== undefined)
				return this.upsell(existing.id, input.payout, { status: input.status, at });
			return this.setConversionStatus(existing.id, input.status ?? existing.status, { at });
		}
		let click = input.clickId ? this.clickById.get(input.clickId) : undefined;
		if (!click) {
			const clickAt = input.clickAt !== undefined ? toMs(input.clickAt) : at - 20 * 60_000;
			click = this.addClick({
				at: clickAt,
				id: input.clickId,
				campaignId: input.campaignId,
				offerId: input.offerId,
				country: input.country,
			});
		}
		const conversion = this.build(click, at, input);
		this.conversions.push(conversion);
		this.conversionById.set(conversion.id, conversion);
		this.touch();
		return conversion;
	}

	/** `count` new conversions with the same input (e.g. many in the same second). */
	addConversions(count: number, input: ConversionInput = {}): BinomConversion[] {
		return Array.from({ length: count }, () =>
			this.addConversion({ ...input, clickId: undefined }),
		);
	}

	private build(click: BinomClick, at: number, input: ConversionInput): BinomConversion {
		const offer = this.offers.find((o) => o.id === click.offerId);
		return {
			id: click.id,
			conversedAt: at,
			payout: input.payout ?? offer?.payout ?? 1,
			status: input.status ?? this.rng.weighted(BINOM_STATUSES),
			status2: input.status2 ?? '',
			updatedAt: at,
		};
	}

	/** Status change in place (same click id). */
	setConversionStatus(
		clickId: string,
		status: string,
		options: { at?: TimeInput; status2?: string } = {},
	): BinomConversion {
		const c = this.mustGet(clickId);
		c.status = status;
		if (options.status2 !== undefined) c.status2 = options.status2;
		this.changed(c, options.at);
		return c;
	}

	/** Upsell: payout grows by `amount` on the same click id (or is replaced when upsell is off). */
	upsell(
		clickId: string,
		amount: number,
		options: { status?: string; at?: TimeInput } = {},
	): BinomConversion {
		const c = this.mustGet(clickId);
		c.payout = this.upsellEnabled ? Math.round((c.payout + amount) * 10_000) / 10_000 : amount;
		if (options.status !== undefined) c.status = options.status;
		this.changed(c, options.at);
		return c;
	}

	/** Sets fields directly (no upsell arithmetic). */
	updateConversion(
		clickId: string,
		patch: { payout?: number; status?: string; status2?: string; conversedAt?: TimeInput },
	): BinomConversion {
		const c = this.mustGet(clickId);
		if (patch.payout !== undefined) c.payout = patch.payout;
		if (patch.status !== undefined) c.status = patch.status;
		if (patch.status2 !== undefined) c.status2 = patch.status2;
		if (patch.conversedAt !== undefined) c.conversedAt = toMs(patch.conversedAt);
		c.updatedAt = this.clock.now();
		this.touch();
		return c;
	}

	private mustGet(clickId: string): BinomConversion {
		const c = this.conversionById.get(clickId);
		if (!c) throw new Error(`No Binom conversion for click ${clickId}`);
		return c;
	}

	private changed(c: BinomConversion, at?: TimeInput): void {
		c.updatedAt = at !== undefined ? toMs(at) : this.clock.now();
		if (this.touchConversedAt) c.conversedAt = c.updatedAt;
		this.touch();
	}

	/** Bulk: `count` clicks each converting, conversed_at spread over [from, to]. */
	seedConversions(
		count: number,
		options: { from?: TimeInput; to?: TimeInput; campaignId?: number; status?: string } = {},
	): void {
		const to = options.to !== undefined ? toMs(options.to) : this.clock.now();
		const from = options.from !== undefined ? toMs(options.from) : to - 3600_000;
		for (let i = 0; i < count; i++) {
			const at = count === 1 ? from : from + Math.floor(((to - from) * i) / (count - 1));
			const click = this.addClick({
				at: at - this.rng.int(30, 3600) * 1000,
				campaignId: options.campaignId,
			});
			const c = this.build(click, at, { status: options.status });
			this.conversions.push(c);
			this.conversionById.set(c.id, c);
		}
		this.touch();
	}

	seedClicks(
		count: number,
		options: { from?: TimeInput; to?: TimeInput; campaignId?: number } = {},
	): void {
		const to = options.to !== undefined ? toMs(options.to) : this.clock.now();
		const from = options.from !== undefined ? toMs(options.from) : to - 3600_000;
		for (let i = 0; i < count; i++) {
			this.addClick({
				at: count === 1 ? from : from + Math.floor(((to - from) * i) / (count - 1)),
				campaignId: options.campaignId,
			});
		}
	}

	seedDefaults(options: SeedOptions = {}): void {
		const r = this.rng;
		['PropellerAds', 'ExoClick', 'Google Ads'].forEach((name, i) =>
			this.trafficSources.push({ id: i + 1, name }),
		);
		['AdCombo', 'Dr.Cash'].forEach((name, i) => this.affiliateNetworks.push({ id: i + 1, name }));
		['Prelander quiz', 'Article'].forEach((name, i) => this.landings.push({ id: i + 1, name }));
		['Nutra RU', 'Crypto DE', 'Dating US', 'Sweeps BR'].forEach((name, i) =>
			this.offers.push({
				id: i + 1,
				name,
				affiliateNetworkId: (i % 2) + 1,
				payout: [14, 250, 3.5, 1.2][i],
				country: ['RU', 'DE', 'US', 'BR'][i],
			}),
		);
		const now = this.clock.now();
		for (let i = 0; i < 4; i++)
			this.addCampaign({
				createdAt: now - (30 - i * 5) * 86_400_000,
				isDeleted: i === 3,
				groupName: i < 2 ? 'Main' : null,
			});
		const span = (options.days ?? 3) * 86_400_000;
		const clicks = options.clicks ?? 600;
		const rate = options.conversionRate ?? 0.08;
		const live = this.campaigns.filter((c) => !c.isDeleted);
		for (let i = 0; i < clicks; i++) {
			const click = this.addClick({
				at: now - span + Math.floor(r.float() * span),
				campaignId: live[i % live.length].id,
			});
			const convAt = click.t + r.int(20, 36 * 3600) * 1000;
			if (r.float() < rate && convAt < now) {
				const c = this.build(click, convAt, {});
				this.conversions.push(c);
				this.conversionById.set(c.id, c);
			}
		}
		this.touch();
	}
}

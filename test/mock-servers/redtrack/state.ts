/**
 * Data and scenario driver of the RedTrack mock (facts: /work/shared/docs/other-trackers-api.md §2,
 * spec: ./swagger.json). Instants are epoch ms; rows are rendered on demand (see server.ts) with
 * every property of the spec's `models.ConversionView` / `models.TrackView` / `models.Campaign`.
 */
import {
	COUNTRIES,
	DEVICES,
	ISPS,
	Rng,
	SimClock,
	toMs,
	type BeforeRespondHook,
	type TimeInput,
} from '../voluum/tracker-kit';

/** RedTrack's four conversion statuses (docs §2.3); casing UNVERIFIED, lower-case here. */
export type RedTrackStatus = 'approved' | 'pending' | 'declined' | 'other';

export interface RtEntity {
	id: string;
	title: string;
}

export interface RtCampaign extends RtEntity {
	/** 1 active, 2 paused, 3 deleted (spec `PATCH /campaigns/status`). */
	status: 1 | 2 | 3;
	source_id: string;
	created_at: number;
	updated_at: number;
	tags: string[];
	cost_model: string;
	cpc: number;
	serial_number: number;
	offerIds: string[];
	landingIds: string[];
}

export interface RtOffer extends RtEntity {
	network_id: string;
	payout: number;
}

export interface RtTrack {
	id: string;
	/** Click time (ms). */
	t: number;
	campaign_id: string;
	source_id: string;
	offer_id: string;
	landing_id: string;
	network_id: string;
	country: string;
	device: number;
	ip: string;
	isp: string;
	cost: number;
	fingerprint: string;
	subs: string[];
}

export interface RtConversion {
	id: string;
	clickid: string;
	/** Conversion time (ms): `conv_time`. */
	t: number;
	/** Insert time (ms): `created_at`; a late postback has `t` well before `createdAt`. */
	createdAt: number;
	status: RedTrackStatus;
	payout: number;
	/** Conversion type key: `default_type`, `type1`…`type40`. */
	type: string;
	order: string;
	/** Extra fields rendered verbatim (override computed ones). */
	fields?: Record<string, unknown>;
}

export interface ClickInput {
	at?: TimeInput;
	id?: string;
	campaignId?: string;
	offerId?: string;
	country?: string;
	cost?: number;
	subs?: string[];
	fingerprint?: string;
}

export interface ConversionInput {
	/** conv_time; default the mock clock. In the past = a late postback. */
	at?: TimeInput;
	/** created_at; default the mock clock (the moment the mock "received" it). */
	createdAt?: TimeInput;
	/** Click time when a click is created for it; default 30 min before `at`. */
	clickAt?: TimeInput;
	clickid?: string;
	campaignId?: string;
	offerId?: string;
	country?: string;
	status?: RedTrackStatus;
	payout?: number;
	type?: string;
	order?: string;
	fields?: Record<string, unknown>;
}

export interface RedTrackStateOptions {
	seed?: number;
	now?: TimeInput | 'real';
	timezone?: string;
	currency?: string;
}

export interface SeedOptions {
	clicks?: number;
	days?: number;
	conversionRate?: number;
}

export class RedTrackState {
	readonly clock: SimClock;
	readonly seed: number;
	readonly settings: {
		id: string;
		user_id: string;
		timezone: string;
		currency: string;
		conversion_types: Record<string, string>;
		created_at: number;
		updated_at: number;
	};
	readonly campaigns: RtCampaign[] = [];
	readonly sources: RtEntity[] = [];
	readonly offers: RtOffer[] = [];
	readonly networks: RtEntity[] = [];
	readonly landings: RtEntity[] = [];
	readonly tracks: RtTrack[] = [];
	readonly conversions: RtConversion[] = [];
	version = 0;
	/** Called once per authenticated API request that reached a route, before it is answered. */
	onBeforeRespond: BeforeRespondHook | null = null;

	private readonly rng: Rng;
	private readonly trackById = new Map<string, RtTrack>();
	private readonly conversionById = new Map<string, RtConversion>();
	private counter = 0;

	constructor(options: RedTrackStateOptions = {}) {
		this.seed = options.seed ?? 1;
		this.clock = new SimClock(options.now ?? undefined);
		this.rng = new Rng(this.seed, 'redtrack');
		this.settings = {
			id: this.objectId(),
			user_id: this.objectId(),
			timezone: options.timezone ?? 'Europe/Berlin',
			currency: options.currency ?? 'EUR',
			conversion_types: {
				default_type: 'Conversion',
				type1: 'Lead',
				type2: 'Purchase',
				type3: 'Upsell',
			},
			created_at: Date.UTC(2024, 0, 10, 9, 0, 0),
			updated_at: Date.UTC(2025, 2, 1, 9, 0, 0),
		};
	}

	touch(): void {
		this.version++;
	}

	/** 24-hex id like a MongoDB ObjectId: 8 hex of the (mock) time, then a counter and random. */
	objectId(at?: number): string {
		this.counter++;
		const ts = Math.floor((at ?? this.clock?.now() ?? 0) / 1000);
		return (
			ts.toString(16).padStart(8, '0') +
			this.counter.toString(16).padStart(6, '0') +
			this.rng.hex(10)
		);
	}

	title(list: RtEntity[], id: string): string {
		return list.find((e) => e.id === id)?.title ?? '';
	}

	// ------------------------------------------------------------------ entities

	addCampaign(
		input: Partial<Omit<RtCampaign, 'created_at' | 'updated_at'>> & {
			createdAt?: TimeInput;
			updatedAt?: TimeInput;
		} = {},
	): RtCampaign {
		const created = input.createdAt !== undefined ? toMs(input.createdAt) : this.clock.now();
		const n = this.campaigns.length;
		const source = input.source_id ?? this.sources[n % Math.max(1, this.sources.length)]?.id ?? '';
		const campaign: RtCampaign = {
			id: input.id ?? this.objectId(created),
			title:
				input.title ??
				`${this.title(this.sources, source) || 'Source'} | ${COUNTRIES[n % COUNTRIES.length][0]} | Campaign ${n + 1}`,
			status: input.status ?? 1,
			source_id: source,
			created_at: created,
			updated_at: input.updatedAt !== undefined ? toMs(input.updatedAt) : created,
			tags: input.tags ?? (n % 2 === 0 ? ['push'] : ['native', 'test']),
			cost_model: input.cost_model ?? 'cpc',
			cpc: input.cpc ?? 0.04,
			serial_number: input.serial_number ?? 1000 + n,
			offerIds: input.offerIds ?? this.offers.filter((_, i) => (i + n) % 2 === 0).map((o) => o.id),
			landingIds: input.landingIds ?? this.landings.slice(0, 2).map((l) => l.id),
		};
		if (campaign.offerIds.length === 0 && this.offers.length)
			campaign.offerIds = [this.offers[0].id];
		this.campaigns.push(campaign);
		this.touch();
		return campaign;
	}

	/** Changes a campaign; `updated_at` moves to the mock clock (or `at`). */
	updateCampaign(
		id: string,
		patch: Partial<Omit<RtCampaign, 'id'>> & { at?: TimeInput },
	): RtCampaign {
		const campaign = this.campaigns.find((c) => c.id === id);
		if (!campaign) throw new Error(`No RedTrack campaign ${id}`);
		const { at, ...rest } = patch;
		Object.assign(campaign, rest);
		if (patch.updated_at === undefined)
			campaign.updated_at = at !== undefined ? toMs(at) : this.clock.now();
		this.touch();
		return campaign;
	}

	// ------------------------------------------------------------------ traffic

	addClick(input: ClickInput = {}): RtTrack {
		const campaign =
			(input.campaignId ? this.campaigns.find((c) => c.id === input.campaignId) : undefined) ??
			this.campaigns[this.tracks.length % Math.max(1, this.campaigns.length)];
		if (!campaign) throw new Error('The RedTrack mock has no campaign; add one first');
		const t = input.at !== undefined ? toMs(input.at) : this.clock.now();
		const offerId =
			input.offerId ?? (campaign.offerIds.length ? this.rng.pick(campaign.offerIds) : '');
		const track: RtTrack = {
			id: input.id ?? this.objectId(t),
			t,
			campaign_id: campaign.id,
			source_id: campaign.source_id,
			offer_id: offerId,
			landing_id: campaign.landingIds.length ? this.rng.pick(campaign.landingIds) : '',
			network_id: this.offers.find((o) => o.id === offerId)?.network_id ?? '',
			country: input.country ?? this.rng.pick(COUNTRIES)[0],
			device: this.rng.int(0, DEVICES.length - 1),
			ip: `198.51.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`,
			isp: this.rng.pick(ISPS),
			cost: input.cost ?? campaign.cpc,
			fingerprint: input.fingerprint ?? this.rng.hex(16),
			subs: input.subs ?? [`site${this.rng.int(1, 40)}`, `creative${this.rng.int(1, 6)}`, 'push'],
		};
		this.tracks.push(track);
		this.trackById.set(track.id, track);
		this.touch();
		return track;
	}

	getTrack(id: string): RtTrack | undefined {
		return this.trackById.get(id);
	}

	/**
	 * Adds a conversion. Without `clickid` (or with an unknown one) a click is created at `clickAt`.
	 * `at` is conv_time, `createdAt` the insert time (default: the clock), so a late postback is
	 * `addConversion({ at: <yesterday> })`.
	 */
	addConversion(input: ConversionInput = {}): RtConversion {
		const t = input.at !== undefined ? toMs(input.at) : this.clock.now();
		let track = input.clickid ? this.trackById.get(input.clickid) : undefined;
		if (!track) {
			const clickAt = input.clickAt !== undefined ? toMs(input.clickAt) : t - 30 * 60_000;
			track = this.addClick({
				at: clickAt,
				id: input.clickid,
				campaignId: input.campaignId,
				offerId: input.offerId,
				country: input.country,
			});
		}
		const conversion = this.buildConversion(track, t, input);
		this.conversions.push(conversion);
		this.conversionById.set(conversion.id, conversion);
		this.touch();
		return conversion;
	}

	/** Adds `count` conversions with the same input (e.g. many in the same second). */
	addConversions(count: number, input: ConversionInput = {}): RtConversion[] {
		return Array.from({ length: count }, () =>
			this.addConversion({ ...input, clickid: undefined }),
		);
	}

	private buildConversion(track: RtTrack, t: number, input: ConversionInput): RtConversion {
		const offer = this.offers.find((o) => o.id === track.offer_id);
		const type =
			input.type ??
			this.rng.weighted([
				['default_type', 3],
				['type1', 4],
				['type2', 2],
				['type3', 1],
			] as const);
		return {
			id: this.objectId(t),
			clickid: track.id,
			t,
			createdAt:
				input.createdAt !== undefined ? toMs(input.createdAt) : Math.max(t, this.clock.now()),
			status:
				input.status ??
				this.rng.weighted([
					['approved', 5],
					['pending', 3],
					['declined', 1],
					['other', 0.3],
				] as const),
			payout: input.payout ?? offer?.payout ?? 5,
			type,
			order: input.order ?? '',
			fields: input.fields,
		};
	}

	getConversion(id: string): RtConversion | undefined {
		return this.conversionById.get(id);
	}

	/**
	 * What a status change does to the row's times (UNKNOWN, docs §2.5): `none` (default) keeps
	 * them, `conv_time` / `created_at` moves that time to the moment of the change.
	 */
	statusChangeMoves: 'none' | 'conv_time' | 'created_at' = 'none';

	/** Status flip in place on the same id (docs §2.5). `payout` optionally changes too. */
	setConversionStatus(id: string, status: RedTrackStatus, payout?: number): RtConversion {
		const c = this.updateConversion(id, { status, payout });
		if (this.statusChangeMoves === 'conv_time') c.t = this.clock.now();
		if (this.statusChangeMoves === 'created_at') c.createdAt = this.clock.now();
		return c;
	}

	updateConversion(
		id: string,
		patch: {
			status?: RedTrackStatus;
			payout?: number;
			at?: TimeInput;
			type?: string;
			fields?: Record<string, unknown>;
		},
	): RtConversion {
		const c = this.conversionById.get(id);
		if (!c) throw new Error(`No RedTrack conversion ${id}`);
		if (patch.status !== undefined) c.status = patch.status;
		if (patch.payout !== undefined) c.payout = patch.payout;
		if (patch.type !== undefined) c.type = patch.type;
		if (patch.at !== undefined) c.t = toMs(patch.at);
		if (patch.fields) c.fields = { ...(c.fields ?? {}), ...patch.fields };
		this.touch();
		return c;
	}

	/** Bulk: `count` clicks each with one conversion, conv_time spread over [from, to]. */
	seedConversions(
		count: number,
		options: {
			from?: TimeInput;
			to?: TimeInput;
			campaignId?: string;
			status?: RedTrackStatus;
		} = {},
	): void {
		const to = options.to !== undefined ? toMs(options.to) : this.clock.now();
		const from = options.from !== undefined ? toMs(options.from) : to - 3600_000;
		for (let i = 0; i < count; i++) {
			const t = count === 1 ? from : from + Math.floor(((to - from) * i) / (count - 1));
			const track = this.addClick({
				at: t - this.rng.int(60, 7200) * 1000,
				campaignId: options.campaignId,
			});
			const c = this.buildConversion(track, t, { status: options.status });
			this.conversions.push(c);
			this.conversionById.set(c.id, c);
		}
		this.touch();
	}

	/** Bulk clicks spread over [from, to]. */
	seedClicks(
		count: number,
		options: { from?: TimeInput; to?: TimeInput; campaignId?: string } = {},
	): void {
		const to = options.to !== undefined ? toMs(options.to) : this.clock.now();
		const from = options.from !== undefined ? toMs(options.from) : to - 3600_000;
		for (let i = 0; i < count; i++) {
			const t = count === 1 ? from : from + Math.floor(((to - from) * i) / (count - 1));
			this.addClick({ at: t, campaignId: options.campaignId });
		}
	}

	// ------------------------------------------------------------------ default data set

	seedDefaults(options: SeedOptions = {}): void {
		const r = this.rng;
		for (const title of ['Facebook', 'PropellerAds', 'TikTok'])
			this.sources.push({ id: this.objectId(), title });
		for (const title of ['MaxBounty', 'Everflow network'])
			this.networks.push({ id: this.objectId(), title });
		for (const title of ['Quiz lander', 'Advertorial'])
			this.landings.push({ id: this.objectId(), title });
		['Sweeps DE', 'Nutra AT', 'Finance CH', 'Dating DE'].forEach((title, i) =>
			this.offers.push({
				id: this.objectId(),
				title,
				network_id: this.networks[i % 2].id,
				payout: [3, 28, 45, 6][i],
			}),
		);
		const now = this.clock.now();
		for (let i = 0; i < 4; i++) {
			const created = now - (40 - i * 9) * 86_400_000;
			this.addCampaign({
				createdAt: created,
				updatedAt: created + (i + 1) * 2 * 86_400_000,
				status: i === 3 ? 2 : 1,
			});
		}
		const span = (options.days ?? 3) * 86_400_000;
		const clicks = options.clicks ?? 500;
		const rate = options.conversionRate ?? 0.1;
		for (let i = 0; i < clicks; i++) {
			const t = now - span + Math.floor(r.float() * span);
			const track = this.addClick({
				at: t,
				campaignId: this.campaigns[i % this.campaigns.length].id,
			});
			const convAt = t + r.int(60, 20 * 3600) * 1000;
			if (r.float() < rate && convAt < now) {
				const c = this.buildConversion(track, convAt, {});
				c.createdAt = convAt;
				this.conversions.push(c);
				this.conversionById.set(c.id, c);
			}
		}
		this.touch();
	}
}

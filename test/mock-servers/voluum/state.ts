/**
 * Data and scenario driver of the Voluum mock (facts: /work/shared/docs/other-trackers-api.md §1).
 *
 * Stored instants are epoch ms except `VoluumConversion.postbackTimestamp`/`visitTimestamp`,
 * which stay ISO UTC strings for compatibility with the first stub (tests may push rows into
 * `mock.conversions` directly; call `state.touch()` after editing rows in place by hand).
 */
import {
	COUNTRIES,
	DEVICES,
	ISPS,
	Rng,
	SimClock,
	round2,
	toMs,
	type BeforeRespondHook,
	type TimeInput,
} from './tracker-kit';

export interface VoluumConversion {
	postbackTimestamp: string; // ISO UTC
	visitTimestamp: string; // ISO UTC
	clickId: string;
	transactionId: string;
	conversionType: string;
	conversionTypeId: string;
	campaignId: string;
	campaignName: string;
	offerId: string;
	offerName: string;
	trafficSourceId: string;
	trafficSourceName: string;
	revenue: number;
	payout: number;
	countryCode: string;
	[k: string]: string | number;
}

/** Every column of a conversion row (docs §1.2 "Conversion row fields"). */
export const CONVERSION_COLUMNS: readonly string[] = [
	'postbackTimestamp',
	'visitTimestamp',
	'clickId',
	'transactionId',
	'externalId',
	'conversionType',
	'conversionTypeId',
	'conversions',
	'campaignId',
	'campaignName',
	'offerId',
	'offerName',
	'landerId',
	'landerName',
	'trafficSourceId',
	'trafficSourceName',
	'affiliateNetworkId',
	'affiliateNetworkName',
	'revenue',
	'payout',
	'cost',
	'profit',
	'countryCode',
	'countryName',
	'region',
	'city',
	'ip',
	'isp',
	'os',
	'osVersion',
	'browser',
	'browserVersion',
	'brand',
	'model',
	'deviceName',
	'connectionType',
	'mobileCarrier',
	...Array.from({ length: 10 }, (_, i) => `customVariable${i + 1}`),
];

export interface VoluumEntity {
	id: string;
	name: string;
}

export interface VoluumOffer extends VoluumEntity {
	affiliateNetworkId: string;
	payout: number;
}

export interface VoluumCampaign extends VoluumEntity {
	createdTime: string; // ISO UTC
	updatedTime: string; // ISO UTC
	deleted: boolean;
	trafficSource: VoluumEntity;
	flow: VoluumEntity;
	costModel: 'CPC' | 'CPA' | 'NOT_TRACKED';
	cpc: number;
	country: { code: string; name: string } | null;
	workspace: VoluumEntity;
	url: string;
	/** Offers and landers the campaign rotates (for generated traffic). */
	offerIds: string[];
	landerIds: string[];
}

/** A visit (Voluum's unit of traffic); `clicked` when the visitor clicked through to an offer. */
export interface VoluumVisit {
	clickId: string;
	timestamp: number; // ms
	campaignId: string;
	flowId: string;
	offerId: string;
	landerId: string;
	trafficSourceId: string;
	affiliateNetworkId: string;
	countryCode: string;
	device: number; // index into DEVICES
	ip: string;
	isp: string;
	cost: number;
	clicked: boolean;
	customVariables: string[];
}

export interface VisitInput {
	at?: TimeInput;
	clickId?: string;
	campaignId?: string;
	offerId?: string;
	landerId?: string;
	countryCode?: string;
	cost?: number;
	clicked?: boolean;
	customVariables?: string[];
}

export interface ConversionInput {
	/** Postback (conversion) time; default the mock clock. In the past = a late postback. */
	at?: TimeInput;
	/** Visit time; default 10 minutes before `at` (or the linked visit's time). */
	visitAt?: TimeInput;
	postbackTimestamp?: string;
	visitTimestamp?: string;
	/** An existing visit's click id attaches the conversion to it (a second conversion of a click). */
	clickId?: string;
	transactionId?: string;
	conversionType?: string;
	conversionTypeId?: string;
	campaignId?: string;
	offerId?: string;
	countryCode?: string;
	revenue?: number;
	payout?: number;
	/** Any other row field to set verbatim. */
	fields?: Record<string, string | number>;
}

export interface ConversionPatch {
	/** Moves `postbackTimestamp`. */
	at?: TimeInput;
	revenue?: number;
	payout?: number;
	conversionType?: string;
	conversionTypeId?: string;
	fields?: Record<string, string | number>;
}

export const CONVERSION_TYPES: ReadonlyArray<{ id: string; name: string; weight: number }> = [
	{ id: 'lead', name: 'Lead', weight: 5 },
	{ id: 'sale', name: 'Sale', weight: 3 },
	{ id: 'hold', name: 'hold', weight: 1 },
	{ id: 'chargeback', name: 'chargeback', weight: 0.5 },
];

const TYPE_WEIGHTS = CONVERSION_TYPES.map((t) => [t, t.weight] as const);

const LEAN_FIELDS: Record<string, true> = Object.fromEntries(
	[
		'postbackTimestamp',
		'visitTimestamp',
		'clickId',
		'transactionId',
		'conversionType',
		'conversionTypeId',
		'campaignId',
		'campaignName',
		'offerId',
		'offerName',
		'trafficSourceId',
		'trafficSourceName',
		'revenue',
		'payout',
		'countryCode',
		'cost',
	].map((k) => [k, true]),
);

export interface VoluumStateOptions {
	seed?: number;
	now?: TimeInput | 'real';
}

export interface SeedOptions {
	/** Visits over the last `days` days before the clock (default 600 over 3 days). */
	visits?: number;
	days?: number;
	/** Share of clicked visits that convert (default 0.15). */
	conversionRate?: number;
}

export class VoluumState {
	readonly clock: SimClock;
	readonly seed: number;
	readonly user = {
		id: 'b7f2a8a0-1d2e-4c6b-9a51-6c3f0e2d1a77',
		email: 'buyer@example.com',
		firstName: 'Media',
		lastName: 'Buyer',
		timezone: 'Etc/GMT',
		currency: 'USD',
	};
	readonly workspace: VoluumEntity = {
		id: 'c3d1e0f2-5a4b-4c3d-8e2f-1a0b9c8d7e6f',
		name: 'Main workspace',
	};
	readonly campaigns: VoluumCampaign[] = [];
	readonly offers: VoluumOffer[] = [];
	readonly landers: VoluumEntity[] = [];
	readonly flows: VoluumEntity[] = [];
	readonly trafficSources: VoluumEntity[] = [];
	readonly affiliateNetworks: VoluumEntity[] = [];
	readonly visits: VoluumVisit[] = [];
	readonly conversions: VoluumConversion[] = [];
	/** Bumped on every change through the driver (query caches key on it). */
	version = 0;
	/** Called once per authenticated API request that reached a route, before it is answered. */
	onBeforeRespond: BeforeRespondHook | null = null;

	private readonly rng: Rng;
	private seq = 0;
	private readonly visitByClick = new Map<string, VoluumVisit>();

	constructor(options: VoluumStateOptions = {}) {
		this.seed = options.seed ?? 1;
		this.clock = new SimClock(options.now ?? undefined);
		this.rng = new Rng(this.seed, 'voluum');
	}

	/** Marks data as changed (call after editing stored rows by hand). */
	touch(): void {
		this.version++;
	}

	// ------------------------------------------------------------------ entities

	entityName(
		kind: 'campaign' | 'offer' | 'lander' | 'flow' | 'trafficSource' | 'affiliateNetwork',
		id: string,
	): string {
		const list: VoluumEntity[] =
			kind === 'campaign'
				? this.campaigns
				: kind === 'offer'
					? this.offers
					: kind === 'lander'
						? this.landers
						: kind === 'flow'
							? this.flows
							: kind === 'trafficSource'
								? this.trafficSources
								: this.affiliateNetworks;
		return list.find((e) => e.id === id)?.name ?? '';
	}

	addCampaign(input: Partial<VoluumCampaign> & { createdAt?: TimeInput } = {}): VoluumCampaign {
		const created =
			input.createdTime ??
			new Date(
				input.createdAt !== undefined ? toMs(input.createdAt) : this.clock.now(),
			).toISOString();
		const ts = input.trafficSource ??
			this.trafficSources[this.campaigns.length % Math.max(1, this.trafficSources.length)] ?? {
				id: this.rng.uuid(),
				name: 'Traffic source',
			};
		const country =
			input.country !== undefined
				? input.country
				: {
						code: COUNTRIES[this.campaigns.length % COUNTRIES.length][0],
						name: COUNTRIES[this.campaigns.length % COUNTRIES.length][1],
					};
		const id = input.id ?? this.rng.uuid();
		const campaign: VoluumCampaign = {
			id,
			name:
				input.name ??
				`${ts.name} - ${country?.code ?? 'Global'} - Campaign ${this.campaigns.length + 1}`,
			createdTime: created,
			updatedTime: input.updatedTime ?? created,
			deleted: input.deleted ?? false,
			trafficSource: ts,
			flow: input.flow ??
				this.flows[this.campaigns.length % Math.max(1, this.flows.length)] ?? {
					id: this.rng.uuid(),
					name: 'Default flow',
				},
			costModel: input.costModel ?? 'CPC',
			cpc: input.cpc ?? 0.05,
			country,
			workspace: input.workspace ?? this.workspace,
			url: input.url ?? `https://trk.example.com/${id}`,
			offerIds:
				input.offerIds ??
				this.offers.filter((_, i) => (i + this.campaigns.length) % 2 === 0).map((o) => o.id),
			landerIds: input.landerIds ?? this.landers.slice(0, 2).map((l) => l.id),
		};
		if (campaign.offerIds.length === 0 && this.offers.length)
			campaign.offerIds = [this.offers[0].id];
		this.campaigns.push(campaign);
		this.touch();
		return campaign;
	}

	/** Changes a campaign; `updatedTime` moves to the mock clock unless given. */
	updateCampaign(id: string, patch: Partial<VoluumCampaign> & { at?: TimeInput }): VoluumCampaign {
		const campaign = this.campaigns.find((c) => c.id === id);
		if (!campaign) throw new Error(`No Voluum campaign ${id}`);
		const { at, ...rest } = patch;
		Object.assign(campaign, rest);
		if (patch.updatedTime === undefined)
			campaign.updatedTime = new Date(at !== undefined ? toMs(at) : this.clock.now()).toISOString();
		this.touch();
		return campaign;
	}

	// ------------------------------------------------------------------ traffic

	private newClickId(): string {
		this.seq++;
		return `${this.rng.hex(8)}${this.seq.toString(16).padStart(6, '0')}${this.rng.hex(10)}`.toUpperCase();
	}

	addVisit(input: VisitInput = {}): VoluumVisit {
		const campaign =
			(input.campaignId ? this.campaigns.find((c) => c.id === input.campaignId) : undefined) ??
			this.campaigns[this.seq % Math.max(1, this.campaigns.length)];
		if (!campaign) throw new Error('The Voluum mock has no campaign; add one first');
		const offerId = input.offerId ?? this.rng.pick(campaign.offerIds);
		const offer = this.offers.find((o) => o.id === offerId);
		const country = input.countryCode ?? campaign.country?.code ?? this.rng.pick(COUNTRIES)[0];
		const visit: VoluumVisit = {
			clickId: input.clickId ?? this.newClickId(),
			timestamp: input.at !== undefined ? toMs(input.at) : this.clock.now(),
			campaignId: campaign.id,
			flowId: campaign.flow.id,
			offerId,
			landerId:
				input.landerId ?? (campaign.landerIds.length ? this.rng.pick(campaign.landerIds) : ''),
			trafficSourceId: campaign.trafficSource.id,
			affiliateNetworkId: offer?.affiliateNetworkId ?? '',
			countryCode: country,
			device: this.rng.int(0, DEVICES.length - 1),
			ip: `203.0.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`,
			isp: this.rng.pick(ISPS),
			cost: input.cost ?? campaign.cpc,
			clicked: input.clicked ?? true,
			customVariables: input.customVariables ?? [
				`zone${this.rng.int(100, 999)}`,
				`banner${this.rng.int(1, 9)}`,
			],
		};
		this.visits.push(visit);
		this.visitByClick.set(visit.clickId, visit);
		this.touch();
		return visit;
	}

	findVisit(clickId: string): VoluumVisit | undefined {
		return this.visitByClick.get(clickId);
	}

	/**
	 * Adds one conversion (a postback). With `clickId` of an existing visit the conversion is
	 * attached to it; otherwise a visit is created at `visitAt` (default 10 min before `at`).
	 */
	addConversion(input: ConversionInput = {}): VoluumConversion {
		const at =
			input.postbackTimestamp !== undefined
				? toMs(input.postbackTimestamp)
				: input.at !== undefined
					? toMs(input.at)
					: this.clock.now();
		let visit = input.clickId ? this.visitByClick.get(input.clickId) : undefined;
		if (!visit) {
			const visitAt =
				input.visitTimestamp !== undefined
					? toMs(input.visitTimestamp)
					: input.visitAt !== undefined
						? toMs(input.visitAt)
						: at - 10 * 60_000;
			visit = this.addVisit({
				at: visitAt,
				clickId: input.clickId,
				campaignId: input.campaignId,
				offerId: input.offerId,
				countryCode: input.countryCode,
			});
		}
		const conversion = this.buildConversion(visit, at, input);
		this.conversions.push(conversion);
		this.touch();
		return conversion;
	}

	/** Adds `count` conversions with the same input (e.g. many in the same second). */
	addConversions(count: number, input: ConversionInput = {}): VoluumConversion[] {
		const out: VoluumConversion[] = [];
		for (let i = 0; i < count; i++)
			out.push(this.addConversion({ ...input, clickId: undefined, transactionId: undefined }));
		return out;
	}

	/**
	 * Stored conversions are lean (the 15 fields of the original stub plus `cost`); the other
	 * columns (lander, network, geo, device, custom variables, profit) are rendered from the
	 * linked visit by `renderConversion`. Extra fields set on a stored row win over rendered ones.
	 */
	private buildConversion(
		visit: VoluumVisit,
		at: number,
		input: ConversionInput,
	): VoluumConversion {
		const type =
			input.conversionType !== undefined
				? {
						id: input.conversionTypeId ?? input.conversionType.toLowerCase(),
						name: input.conversionType,
					}
				: this.rng.weighted(TYPE_WEIGHTS);
		const revenue = input.revenue ?? input.payout ?? this.offerPayout(visit.offerId);
		const base: VoluumConversion = {
			postbackTimestamp: new Date(at).toISOString(),
			visitTimestamp: new Date(visit.timestamp).toISOString(),
			clickId: visit.clickId,
			transactionId: input.transactionId ?? `tx-${this.rng.hex(12)}`,
			conversionType: type.name,
			conversionTypeId: type.id,
			campaignId: visit.campaignId,
			campaignName: this.entityName('campaign', visit.campaignId),
			offerId: visit.offerId,
			offerName: this.entityName('offer', visit.offerId),
			trafficSourceId: visit.trafficSourceId,
			trafficSourceName: this.entityName('trafficSource', visit.trafficSourceId),
			revenue,
			payout: input.payout ?? revenue,
			countryCode: visit.countryCode,
			cost: visit.cost,
		};
		if (input.fields) Object.assign(base, input.fields);
		return base;
	}

	private offerPayout(offerId: string): number {
		return this.offers.find((o) => o.id === offerId)?.payout ?? 10;
	}

	/** The full API row of a stored conversion (every column of `CONVERSION_COLUMNS`). */
	renderConversion(c: VoluumConversion): Record<string, string | number> {
		const visit = this.visitByClick.get(c.clickId);
		const device = DEVICES[visit?.device ?? 0];
		const cv = visit?.customVariables ?? [];
		const landerId = visit?.landerId ?? '';
		const networkId = visit?.affiliateNetworkId ?? '';
		const cost = Number(c.cost ?? visit?.cost ?? 0);
		const row: Record<string, string | number> = {
			postbackTimestamp: c.postbackTimestamp,
			visitTimestamp: c.visitTimestamp,
			clickId: c.clickId,
			transactionId: c.transactionId,
			externalId: '',
			conversionType: c.conversionType,
			conversionTypeId: c.conversionTypeId,
			conversions: 1,
			campaignId: c.campaignId,
			campaignName: c.campaignName,
			offerId: c.offerId,
			offerName: c.offerName,
			landerId,
			landerName: this.entityName('lander', landerId),
			trafficSourceId: c.trafficSourceId,
			trafficSourceName: c.trafficSourceName,
			affiliateNetworkId: networkId,
			affiliateNetworkName: this.entityName('affiliateNetwork', networkId),
			revenue: c.revenue,
			payout: c.payout,
			cost,
			profit: round2(Number(c.revenue) - cost),
			countryCode: c.countryCode,
			countryName: COUNTRIES.find(([code]) => code === c.countryCode)?.[1] ?? '',
			region: '',
			city: '',
			ip: visit?.ip ?? '',
			isp: visit?.isp ?? '',
			os: device.os,
			osVersion: device.osVersion,
			browser: device.browser,
			browserVersion: device.browserVersion,
			brand: device.brand,
			model: device.model,
			deviceName: device.deviceName,
			connectionType: 'Broadband',
			mobileCarrier: '',
		};
		for (let i = 0; i < 10; i++) row[`customVariable${i + 1}`] = cv[i] ?? '';
		for (const [k, v] of Object.entries(c)) if (!(k in LEAN_FIELDS)) row[k] = v;
		return row;
	}

	/** Finds a conversion by transactionId, else the latest one of a clickId. */
	findConversion(key: string): VoluumConversion | undefined {
		const byTx = this.conversions.find((c) => c.transactionId === key);
		if (byTx) return byTx;
		for (let i = this.conversions.length - 1; i >= 0; i--)
			if (this.conversions[i].clickId === key) return this.conversions[i];
		return undefined;
	}

	/** Changes a stored conversion in place (e.g. revenue after a repeated postback). */
	updateConversion(key: string, patch: ConversionPatch): VoluumConversion {
		const conversion = this.findConversion(key);
		if (!conversion) throw new Error(`No Voluum conversion ${key}`);
		const { at, fields, ...known } = patch;
		for (const [k, v] of Object.entries({ ...known, ...(fields ?? {}) }))
			if (v !== undefined) conversion[k] = v;
		if (at !== undefined) conversion.postbackTimestamp = new Date(toMs(at)).toISOString();
		this.touch();
		return conversion;
	}

	/** Voluum has no status: the "status" of a conversion is its custom conversion type (docs §1.3). */
	setConversionType(
		key: string,
		conversionType: string,
		conversionTypeId = conversionType.toLowerCase(),
	): VoluumConversion {
		return this.updateConversion(key, { conversionType, conversionTypeId });
	}

	/**
	 * Bulk insert: `count` visits (clicked) each with one conversion, postbacks spread evenly over
	 * [from, to] (default: the hour before the clock). 10k rows take well under a second.
	 */
	seedConversions(
		count: number,
		options: { from?: TimeInput; to?: TimeInput; campaignId?: string } = {},
	): void {
		const to = options.to !== undefined ? toMs(options.to) : this.clock.now();
		const from = options.from !== undefined ? toMs(options.from) : to - 3600_000;
		const span = Math.max(0, to - from);
		for (let i = 0; i < count; i++) {
			const at = count === 1 ? from : from + Math.floor((span * i) / (count - 1));
			const visit = this.addVisit({
				at: at - this.rng.int(60, 7200) * 1000,
				campaignId: options.campaignId,
				clicked: true,
			});
			this.conversions.push(this.buildConversion(visit, at, {}));
		}
		this.touch();
	}

	// ------------------------------------------------------------------ default data set

	seedDefaults(options: SeedOptions = {}): void {
		const r = this.rng;
		for (const name of ['PropellerAds', 'Zeropark', 'TrafficStars', 'Facebook'])
			this.trafficSources.push({ id: r.uuid(), name });
		for (const name of ['MaxBounty', 'ClickDealer', 'CrakRevenue'])
			this.affiliateNetworks.push({ id: r.uuid(), name });
		for (const name of ['Flow A', 'Flow B']) this.flows.push({ id: r.uuid(), name });
		for (const name of ['Lander quiz', 'Lander prelander', 'Lander direct', 'Lander video'])
			this.landers.push({ id: r.uuid(), name });
		const offerNames = [
			'Sweepstakes US',
			'Dating DE',
			'Nutra UK',
			'VPN Global',
			'Casino BR',
			'Finance IN',
		];
		offerNames.forEach((name, i) =>
			this.offers.push({
				id: r.uuid(),
				name: `${this.affiliateNetworks[i % 3].name} - ${name}`,
				affiliateNetworkId: this.affiliateNetworks[i % 3].id,
				payout: [2.5, 12, 35, 4, 60, 8][i],
			}),
		);
		const now = this.clock.now();
		for (let i = 0; i < 5; i++) {
			const created = now - (60 - i * 11) * 86_400_000;
			this.addCampaign({
				createdAt: created,
				updatedTime: new Date(created + (i + 1) * 3 * 86_400_000).toISOString(),
				deleted: i === 4,
				cpc: [0.02, 0.05, 0.08, 0.01, 0.03][i],
			});
		}
		const days = options.days ?? 3;
		const visits = options.visits ?? 600;
		const rate = options.conversionRate ?? 0.15;
		const active = this.campaigns.filter((c) => !c.deleted);
		const span = days * 86_400_000;
		for (let i = 0; i < visits; i++) {
			const at = now - span + Math.floor(r.float() * span);
			const visit = this.addVisit({
				at,
				campaignId: active[i % active.length].id,
				clicked: r.float() < 0.45,
			});
			const postback = at + r.int(30, 30 * 3600) * 1000;
			if (visit.clicked && r.float() < rate && postback < now) {
				this.conversions.push(this.buildConversion(visit, postback, {}));
			}
		}
		this.touch();
	}
}

/**
 * Data and scenario driver of the BeMob mock (facts: /work/shared/docs/other-trackers-api.md §3).
 * Visits and conversions only feed the aggregated report: BeMob has no conversion-log API.
 * Conversion statuses are the four postback statuses `new`, `confirm`, `decline`, `charge` (§3.3).
 */
import {
	COUNTRIES,
	Rng,
	SimClock,
	toMs,
	type BeforeRespondHook,
	type TimeInput,
} from '../voluum/tracker-kit';

export type BeMobStatus = 'new' | 'confirm' | 'decline' | 'charge';

export interface BeMobEntity {
	id: string;
	name: string;
}

export interface BeMobCampaign extends BeMobEntity {
	nameFull: string;
	workspaceId: string;
	trafficSourceId: string;
	countryId: string;
	trackingDomainId: string;
	redirectDomainId: string;
	status: 'active' | 'paused' | 'archived';
	costModel: 'cpc' | 'cpa' | 'auto';
	cost: number;
	createdAt: number;
	updatedAt: number;
	offerIds: string[];
	landerIds: string[];
}

export interface BeMobOffer extends BeMobEntity {
	affiliateNetworkId: string;
	payout: number;
}

export interface BeMobVisit {
	/** Click id (`cid` in postbacks). */
	id: string;
	t: number;
	campaignId: string;
	offerId: string;
	landerId: string;
	trafficSourceId: string;
	country: string;
	cost: number;
	clicked: boolean;
}

export interface BeMobConversion {
	txid: string;
	cid: string;
	/** Postback time (ms). */
	t: number;
	payout: number;
	status: BeMobStatus;
}

export interface BeMobConversionInput {
	at?: TimeInput;
	visitAt?: TimeInput;
	cid?: string;
	txid?: string;
	campaignId?: string;
	country?: string;
	payout?: number;
	status?: BeMobStatus;
}

export interface SeedOptions {
	visits?: number;
	days?: number;
	conversionRate?: number;
}

export class BeMobState {
	readonly clock: SimClock;
	readonly seed: number;
	/** Account timezone: reports are in it (docs §3.5, default UTC). */
	timezone: string;
	readonly workspaces: BeMobEntity[] = [];
	readonly campaigns: BeMobCampaign[] = [];
	readonly offers: BeMobOffer[] = [];
	readonly landers: BeMobEntity[] = [];
	readonly trafficSources: BeMobEntity[] = [];
	readonly affiliateNetworks: BeMobEntity[] = [];
	readonly visits: BeMobVisit[] = [];
	readonly conversions: BeMobConversion[] = [];
	version = 0;
	onBeforeRespond: BeforeRespondHook | null = null;

	private readonly rng: Rng;
	private readonly visitById = new Map<string, BeMobVisit>();

	constructor(options: { seed?: number; now?: TimeInput | 'real'; timezone?: string } = {}) {
		this.seed = options.seed ?? 1;
		this.clock = new SimClock(options.now ?? undefined);
		this.timezone = options.timezone ?? 'UTC';
		this.rng = new Rng(this.seed, 'bemob');
	}

	touch(): void {
		this.version++;
	}

	name(list: BeMobEntity[], id: string): string {
		return list.find((e) => e.id === id)?.name ?? '';
	}

	addCampaign(
		input: Partial<Omit<BeMobCampaign, 'createdAt' | 'updatedAt'>> & {
			createdAt?: TimeInput;
			updatedAt?: TimeInput;
		} = {},
	): BeMobCampaign {
		const n = this.campaigns.length;
		const created = input.createdAt !== undefined ? toMs(input.createdAt) : this.clock.now();
		const ts =
			input.trafficSourceId ??
			this.trafficSources[n % Math.max(1, this.trafficSources.length)]?.id ??
			'';
		const country = input.countryId ?? COUNTRIES[n % COUNTRIES.length][0];
		const name = input.name ?? `Campaign ${n + 1}`;
		const campaign: BeMobCampaign = {
			id: input.id ?? this.rng.uuid(),
			name,
			nameFull:
				input.nameFull ??
				`${this.name(this.trafficSources, ts) || 'Source'} - ${country} - ${name}`,
			workspaceId: input.workspaceId ?? this.workspaces[0]?.id ?? '',
			trafficSourceId: ts,
			countryId: country,
			trackingDomainId: input.trackingDomainId ?? 'a1b2c3d4-0000-4000-8000-000000000001',
			redirectDomainId: input.redirectDomainId ?? 'a1b2c3d4-0000-4000-8000-000000000002',
			status: input.status ?? 'active',
			costModel: input.costModel ?? 'cpc',
			cost: input.cost ?? 0.02,
			createdAt: created,
			updatedAt: input.updatedAt !== undefined ? toMs(input.updatedAt) : created,
			offerIds: input.offerIds ?? this.offers.filter((_, i) => (i + n) % 2 === 0).map((o) => o.id),
			landerIds: input.landerIds ?? this.landers.map((l) => l.id),
		};
		if (campaign.offerIds.length === 0 && this.offers.length)
			campaign.offerIds = [this.offers[0].id];
		this.campaigns.push(campaign);
		this.touch();
		return campaign;
	}

	updateCampaign(
		id: string,
		patch: Partial<Omit<BeMobCampaign, 'id'>> & { at?: TimeInput },
	): BeMobCampaign {
		const c = this.campaigns.find((x) => x.id === id);
		if (!c) throw new Error(`No BeMob campaign ${id}`);
		const { at, ...rest } = patch;
		Object.assign(c, rest);
		if (patch.updatedAt === undefined) c.updatedAt = at !== undefined ? toMs(at) : this.clock.now();
		this.touch();
		return c;
	}

	addVisit(
		input: {
			at?: TimeInput;
			id?: string;
			campaignId?: string;
			offerId?: string;
			country?: string;
			cost?: number;
			clicked?: boolean;
		} = {},
	): BeMobVisit {
		const campaign =
			(input.campaignId ? this.campaigns.find((c) => c.id === input.campaignId) : undefined) ??
			this.campaigns[this.visits.length % Math.max(1, this.campaigns.length)];
		if (!campaign) throw new Error('The BeMob mock has no campaign; add one first');
		const visit: BeMobVisit = {
			id: input.id ?? this.rng.hex(24),
			t: input.at !== undefined ? toMs(input.at) : this.clock.now(),
			campaignId: campaign.id,
			offerId: input.offerId ?? (campaign.offerIds.length ? this.rng.pick(campaign.offerIds) : ''),
			landerId: campaign.landerIds.length ? this.rng.pick(campaign.landerIds) : '',
			trafficSourceId: campaign.trafficSourceId,
			country: input.country ?? campaign.countryId,
			cost: input.cost ?? campaign.cost,
			clicked: input.clicked ?? true,
		};
		this.visits.push(visit);
		this.visitById.set(visit.id, visit);
		this.touch();
		return visit;
	}

	getVisit(id: string): BeMobVisit | undefined {
		return this.visitById.get(id);
	}

	/** A postback: `cid` of an existing visit, or a new visit at `visitAt` (default 15 min before). */
	addConversion(input: BeMobConversionInput = {}): BeMobConversion {
		const t = input.at !== undefined ? toMs(input.at) : this.clock.now();
		let visit = input.cid ? this.visitById.get(input.cid) : undefined;
		if (!visit)
			visit = this.addVisit({
				id: input.cid,
				at: input.visitAt ?? t - 15 * 60_000,
				campaignId: input.campaignId,
				country: input.country,
			});
		const conversion = this.build(visit, t, input);
		this.conversions.push(conversion);
		this.touch();
		return conversion;
	}

	addConversions(count: number, input: BeMobConversionInput = {}): BeMobConversion[] {
		return Array.from({ length: count }, () =>
			this.addConversion({ ...input, cid: undefined, txid: undefined }),
		);
	}

	private build(visit: BeMobVisit, t: number, input: BeMobConversionInput): BeMobConversion {
		return {
			txid: input.txid ?? `tx${this.rng.hex(10)}`,
			cid: visit.id,
			t,
			payout: input.payout ?? this.offers.find((o) => o.id === visit.offerId)?.payout ?? 5,
			status:
				input.status ??
				this.rng.weighted([
					['new', 3],
					['confirm', 5],
					['decline', 1],
					['charge', 0.3],
				] as const),
		};
	}

	getConversion(txidOrCid: string): BeMobConversion | undefined {
		return (
			this.conversions.find((c) => c.txid === txidOrCid) ??
			[...this.conversions].reverse().find((c) => c.cid === txidOrCid)
		);
	}

	/** Status change of a past conversion (e.g. new → confirm): the report for its day changes. */
	setConversionStatus(txidOrCid: string, status: BeMobStatus): BeMobConversion {
		return this.updateConversion(txidOrCid, { status });
	}

	updateConversion(
		txidOrCid: string,
		patch: { status?: BeMobStatus; payout?: number; at?: TimeInput },
	): BeMobConversion {
		const c = this.getConversion(txidOrCid);
		if (!c) throw new Error(`No BeMob conversion ${txidOrCid}`);
		if (patch.status !== undefined) c.status = patch.status;
		if (patch.payout !== undefined) c.payout = patch.payout;
		if (patch.at !== undefined) c.t = toMs(patch.at);
		this.touch();
		return c;
	}

	/** Bulk: `count` visits each with one conversion, postbacks spread over [from, to]. */
	seedConversions(
		count: number,
		options: { from?: TimeInput; to?: TimeInput; campaignId?: string; status?: BeMobStatus } = {},
	): void {
		const to = options.to !== undefined ? toMs(options.to) : this.clock.now();
		const from = options.from !== undefined ? toMs(options.from) : to - 3600_000;
		for (let i = 0; i < count; i++) {
			const t = count === 1 ? from : from + Math.floor(((to - from) * i) / (count - 1));
			const visit = this.addVisit({
				at: t - this.rng.int(60, 3600) * 1000,
				campaignId: options.campaignId,
			});
			this.conversions.push(this.build(visit, t, { status: options.status }));
		}
		this.touch();
	}

	seedDefaults(options: SeedOptions = {}): void {
		const r = this.rng;
		this.workspaces.push({ id: r.uuid(), name: 'Master' });
		for (const name of ['HilltopAds', 'PropellerAds', 'RichAds'])
			this.trafficSources.push({ id: r.uuid(), name });
		for (const name of ['Mobidea', 'AdsEmpire'])
			this.affiliateNetworks.push({ id: r.uuid(), name });
		for (const name of ['RPG lander', 'Quiz lander']) this.landers.push({ id: r.uuid(), name });
		['Game TG', 'Sweeps IN', 'VPN BR'].forEach((name, i) =>
			this.offers.push({
				id: r.uuid(),
				name,
				affiliateNetworkId: this.affiliateNetworks[i % 2].id,
				payout: [1.5, 0.8, 2.2][i],
			}),
		);
		const now = this.clock.now();
		for (let i = 0; i < 3; i++)
			this.addCampaign({
				createdAt: now - (20 - i * 6) * 86_400_000,
				status: i === 2 ? 'paused' : 'active',
			});
		const span = (options.days ?? 4) * 86_400_000;
		const visits = options.visits ?? 500;
		const rate = options.conversionRate ?? 0.1;
		for (let i = 0; i < visits; i++) {
			const visit = this.addVisit({
				at: now - span + Math.floor(r.float() * span),
				campaignId: this.campaigns[i % this.campaigns.length].id,
				clicked: r.float() < 0.5,
			});
			const at = visit.t + r.int(30, 24 * 3600) * 1000;
			if (visit.clicked && r.float() < rate && at < now)
				this.conversions.push(this.build(visit, at, {}));
		}
		this.touch();
	}
}

/**
 * Data and scenario driver of the TG Tracker (TGTrack reports API) mock (facts:
 * /work/shared/docs/other-trackers-api.md §5). The store is a list of memberships (a user joined a
 * channel, and maybe left); `get_chat_members` renders them as one row per join/leave event
 * (default) or one row per membership whose status flips when the user leaves (`rowMode`).
 * Times are unix SECONDS, as the API speaks them.
 */
import { Rng, SimClock, toMs, type BeforeRespondHook, type TimeInput } from '../voluum/tracker-kit';

export interface Utm {
	source: string;
	medium: string;
	campaign: string;
	content: string;
	term: string;
}

export interface Membership {
	/** Telegram user id. */
	userID: number;
	/** unix seconds */
	joinDate: number;
	/** unix seconds; 0 while still subscribed */
	leftDate: number;
	/** Status of the leave row: 0 or -1 (both mean "left", docs §5.2). */
	leaveStatus: 0 | -1;
	utm: Utm;
}

export interface Tag {
	labelID: number;
	name: string;
}

export interface MemberEvent {
	userID: number;
	status: 1 | 0 | -1;
	joinDate: number;
	leftDate: number;
	eventDate: number;
	subscribersCount: number;
	unsubscribersCount: number;
	utm: Utm;
}

const UTMS: Utm[] = [
	{
		source: 'yandex',
		medium: 'cpc',
		campaign: 'Яндекс.Директ, поиск',
		content: 'ad1',
		term: 'курс трейдинга',
	},
	{ source: 'vk', medium: 'cpm', campaign: 'vk_ads_june', content: 'post_12', term: '' },
	{ source: 'telegram_ads', medium: 'cpm', campaign: 'tg "crypto" channel', content: '', term: '' },
	{
		source: 'google',
		medium: 'cpc',
		campaign: 'search-brand',
		content: 'rsa',
		term: 'crypto signals',
	},
	{ source: '', medium: '', campaign: '', content: '', term: '' },
];

export class TgTrackerState {
	readonly clock: SimClock;
	readonly seed: number;
	/** Subscribers before the first stored event (offsets `subscribersCount`). */
	baseSubscribers = 1200;
	readonly memberships: Membership[] = [];
	readonly tags: Tag[] = [];
	version = 0;
	onBeforeRespond: BeforeRespondHook | null = null;

	private readonly rng: Rng;
	private nextUser = 500_000_000;

	constructor(options: { seed?: number; now?: TimeInput | 'real' } = {}) {
		this.seed = options.seed ?? 1;
		this.clock = new SimClock(options.now ?? undefined);
		this.rng = new Rng(this.seed, 'tgtracker');
	}

	touch(): void {
		this.version++;
	}

	private sec(at: TimeInput | undefined): number {
		return Math.floor((at !== undefined ? toMs(at) : this.clock.now()) / 1000);
	}

	addTag(name: string): Tag {
		const tag = { labelID: this.tags.reduce((m, t) => Math.max(m, t.labelID), 100) + 1, name };
		this.tags.push(tag);
		this.touch();
		return tag;
	}

	/** A user joins (default: a new user, now). `at` in the past = a late row. */
	addJoin(input: { userID?: number; at?: TimeInput; utm?: Partial<Utm> } = {}): Membership {
		const base = input.utm
			? { source: '', medium: '', campaign: '', content: '', term: '' }
			: this.rng.pick(UTMS);
		const m: Membership = {
			userID: input.userID ?? this.nextUser + this.rng.int(1, 9) + this.memberships.length * 10,
			joinDate: this.sec(input.at),
			leftDate: 0,
			leaveStatus: 0,
			utm: { ...base, ...(input.utm ?? {}) },
		};
		this.memberships.push(m);
		this.touch();
		return m;
	}

	/** The user's open membership ends (status 0, or -1 with `status: -1`). */
	addLeave(userID: number, options: { at?: TimeInput; status?: 0 | -1 } = {}): Membership {
		const m = [...this.memberships].reverse().find((x) => x.userID === userID && x.leftDate === 0);
		if (!m) throw new Error(`TG Tracker user ${userID} has no open membership`);
		m.leftDate = this.sec(options.at);
		if (m.leftDate < m.joinDate) throw new Error('leftDate before joinDate');
		m.leaveStatus = options.status ?? 0;
		this.touch();
		return m;
	}

	/** `count` joins in the same second (default now). */
	addJoins(count: number, input: { at?: TimeInput; utm?: Partial<Utm> } = {}): Membership[] {
		return Array.from({ length: count }, () => this.addJoin(input));
	}

	/** Bulk joins spread over [from, to]; `leaveRate` of them leave later (before `to`). */
	seedMembers(
		count: number,
		options: { from?: TimeInput; to?: TimeInput; leaveRate?: number } = {},
	): void {
		const to = this.sec(options.to);
		const from = options.from !== undefined ? this.sec(options.from) : to - 3600;
		const rate = options.leaveRate ?? 0;
		for (let i = 0; i < count; i++) {
			const joinDate = count === 1 ? from : from + Math.floor(((to - from) * i) / (count - 1));
			const leftDate =
				this.rng.float() < rate ? Math.min(to, joinDate + this.rng.int(60, 3 * 86_400)) : 0;
			this.memberships.push({
				userID: this.nextUser + 7 + this.memberships.length * 10,
				joinDate,
				leftDate,
				leaveStatus: this.rng.float() < 0.5 ? 0 : -1,
				utm: this.rng.pick(UTMS),
			});
		}
		this.touch();
	}

	/**
	 * Join and leave events sorted by eventDate, with running subscriber counts. A join row is a
	 * snapshot (leftDate 0); the leave row carries both dates.
	 */
	events(): MemberEvent[] {
		const raw: Array<Omit<MemberEvent, 'subscribersCount' | 'unsubscribersCount'>> = [];
		for (const m of this.memberships) {
			raw.push({
				userID: m.userID,
				status: 1,
				joinDate: m.joinDate,
				leftDate: 0,
				eventDate: m.joinDate,
				utm: m.utm,
			});
			if (m.leftDate)
				raw.push({
					userID: m.userID,
					status: m.leaveStatus,
					joinDate: m.joinDate,
					leftDate: m.leftDate,
					eventDate: m.leftDate,
					utm: m.utm,
				});
		}
		raw.sort((a, b) => a.eventDate - b.eventDate || a.userID - b.userID || b.status - a.status);
		let subs = this.baseSubscribers;
		let unsubs = 0;
		return raw.map((e) => {
			if (e.status === 1) subs++;
			else {
				subs--;
				unsubs++;
			}
			return { ...e, subscribersCount: subs, unsubscribersCount: unsubs };
		});
	}

	seedDefaults(options: { members?: number; days?: number } = {}): void {
		for (const name of [
			'yandex',
			'vk',
			'telegram_ads',
			'google',
			'cpc',
			'cpm',
			'Яндекс.Директ, поиск',
			'vk_ads_june',
		])
			this.addTag(name);
		const to = this.clock.now() - 60_000;
		this.seedMembers(options.members ?? 300, {
			from: to - (options.days ?? 3) * 86_400_000,
			to,
			leaveRate: 0.2,
		});
	}
}

/**
 * An in-memory tracker for engine tests. Rows become visible at a simulated wall-clock time
 * (`visibleAt`), possibly after their event time (late rows). Every request advances the shared
 * clock by `latencyMs`, and visibility is evaluated at the time the request is served, so rows
 * appear between (and inside) the pages of one poll. The fake API widens windows to its own
 * granularity, like a real API would, and can be sorted or unsorted, with any offset support.
 */
import {
	floorToGranule,
	nextGranule,
	type Granularity,
	type OffsetSupport,
	type PageResult,
	type PageSpec,
	type PollSource,
	type TimeWindow,
} from '../../../nodes/shared/polling';

export interface FakeRow {
	id: string;
	t: number;
	status: string;
	/** Wall-clock time from which the row is visible. */
	visibleAt: number;
	/** Insertion sequence (unsorted sources return rows in this order). */
	seq: number;
}

export class FakeClock {
	constructor(public ms: number) {}
	readonly now = (): number => this.ms;
}

export interface FakeOptions {
	pageSize?: number;
	sorted?: boolean;
	offsets?: OffsetSupport;
	granularity?: Granularity;
	zone?: string;
	reportTotal?: boolean;
	latencyMs?: number;
	maxWindowMs?: number;
	overlapMs?: number;
	/** Key includes the status (status-change stream). */
	keyWithStatus?: boolean;
	/** Unsorted order: by insertion sequence (default) or a stable pseudo-random order. */
	unsortedOrder?: 'insertion' | 'scrambled';
	withLatest?: boolean;
}

export class FakeTracker implements PollSource<FakeRow> {
	readonly rows: FakeRow[] = [];
	requests = 0;
	readonly log: Array<{ window: TimeWindow; page: PageSpec; returned: number }> = [];
	/** Return true to make request number `n` (1-based, lifetime count) throw. */
	failWhen: (n: number, window: TimeWindow, page: PageSpec) => boolean = () => false;
	/** Called before each request is served (after the clock advanced): mutate rows here. */
	beforeServe: (n: number) => void = () => undefined;
	private seq = 0;
	readonly paging: PollSource<FakeRow>['paging'];
	readonly overlapMs?: number;
	fetchLatest?: (limit: number, now: number) => Promise<FakeRow[]>;

	constructor(
		readonly clock: FakeClock,
		readonly opts: FakeOptions = {},
	) {
		this.paging = {
			maxPageSize: opts.pageSize ?? 3,
			sorted: opts.sorted ?? true,
			offsets: opts.offsets ?? 'any',
			granularity: opts.granularity ?? 'second',
			zone: opts.zone,
			maxWindowMs: opts.maxWindowMs,
		};
		this.overlapMs = opts.overlapMs;
		if (opts.withLatest) {
			this.fetchLatest = async (limit: number) => {
				this.requests++;
				const vis = this.visible(this.clock.ms).sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : -1));
				return vis.slice(0, limit).map((r) => ({ ...r }));
			};
		}
	}

	add(id: string, t: number, opts: { visibleAt?: number; status?: string } = {}): FakeRow {
		const row: FakeRow = {
			id,
			t,
			status: opts.status ?? 'lead',
			visibleAt: opts.visibleAt ?? t,
			seq: this.seq++,
		};
		this.rows.push(row);
		return row;
	}

	/** Status flip in place: the row gets a new status and a new event time (as postback time does). */
	flip(id: string, status: string, t: number): void {
		const row = this.rows.find((r) => r.id === id);
		if (!row) throw new Error(`no row ${id}`);
		row.status = status;
		row.t = t;
		row.seq = this.seq++;
	}

	remove(id: string): void {
		const i = this.rows.findIndex((r) => r.id === id);
		if (i >= 0) this.rows.splice(i, 1);
	}

	visible(at: number): FakeRow[] {
		return this.rows.filter((r) => r.visibleAt <= at);
	}

	eventTime(row: FakeRow): number {
		return row.t;
	}

	key(row: FakeRow): string {
		return this.opts.keyWithStatus ? `${row.id}|${row.status}` : row.id;
	}

	private ordered(rows: FakeRow[]): FakeRow[] {
		if (this.paging.sorted) {
			return rows.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		}
		if (this.opts.unsortedOrder === 'scrambled') {
			const h = (s: string) => {
				let x = 2166136261;
				for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 16777619);
				return x >>> 0;
			};
			return rows.sort((a, b) => h(a.id) - h(b.id) || a.seq - b.seq);
		}
		return rows.sort((a, b) => a.seq - b.seq);
	}

	async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<FakeRow>> {
		this.requests++;
		const n = this.requests;
		this.clock.ms += this.opts.latencyMs ?? 100;
		if (this.failWhen(n, window, page)) throw new Error(`injected failure on request ${n}`);
		this.beforeServe(n);
		const L = this.paging.maxPageSize;
		if (page.limit !== L) throw new Error(`limit ${page.limit} != page size ${L}`);
		if (this.paging.offsets === 'none' && page.offset !== 0)
			throw new Error('offset not supported');
		if (this.paging.offsets === 'aligned' && page.offset % L !== 0)
			throw new Error('unaligned offset');
		const g = this.paging.granularity ?? 'second';
		const zone = this.paging.zone;
		// What a real API can express: whole granules.
		const from = floorToGranule(window.fromMs, g, zone);
		if (from !== window.fromMs) throw new Error(`window start ${window.from} not aligned to ${g}`);
		const toExclusive = g === 'millisecond' ? window.toMs + 1 : nextGranule(window.toMs, g, zone);
		const matching = this.ordered(
			this.visible(this.clock.ms).filter((r) => r.t >= from && r.t < toExclusive),
		);
		let start = page.offset;
		if (page.cursor !== undefined) start = Number(page.cursor);
		const rows = matching.slice(start, start + L).map((r) => ({ ...r }));
		this.log.push({ window, page, returned: rows.length });
		const res: PageResult<FakeRow> = { rows };
		if (this.opts.reportTotal !== false) res.total = matching.length;
		return res;
	}
}

/** A source whose pages are served with an opaque cursor instead of offsets (unsorted). */
export class CursorTracker extends FakeTracker {
	async fetchPage(window: TimeWindow, page: PageSpec): Promise<PageResult<FakeRow>> {
		const res = await super.fetchPage(window, { ...page, offset: page.cursor ? 0 : page.offset });
		const start = page.cursor !== undefined ? Number(page.cursor) : page.offset;
		const next = start + res.rows.length;
		if (
			res.rows.length === this.paging.maxPageSize &&
			(res.total === undefined || next < res.total)
		) {
			res.nextCursor = String(next);
		}
		delete res.total;
		return res;
	}
}

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

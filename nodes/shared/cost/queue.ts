import { sleep } from 'n8n-workflow';

/** Clock and sleep of a queue; tests replace them (nothing else reads these). */
export interface QueueRuntime {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
}

export const realRuntime: QueueRuntime = {
	now: () => Date.now(),
	sleep: async (ms: number) => await sleep(ms),
};

/** A tracker's write limit, set by the tracker folder: `limit` requests in any `windowMs`. */
export interface RateLimit {
	limit: number;
	windowMs: number;
	/** How the limit reads in messages, e.g. "1 request per minute". */
	label: string;
}

/**
 * At most `limit` requests in any `windowMs` within one node run: before a request that would
 * exceed it, waits until the oldest request of the window has left it (plus a small margin, since
 * the tracker measures arrival times). Other workflows on the same key are not visible; the
 * request layer's 429 + Retry-After handling is the safety net for them.
 */
export class RateQueue {
	private readonly sent: number[] = [];

	/** Total time waited (output and tests). */
	waitedMs = 0;

	constructor(
		readonly rate: RateLimit,
		private readonly runtime: QueueRuntime = realRuntime,
	) {}

	private margin(): number {
		return Math.max(250, Math.round(this.rate.windowMs * 0.02));
	}

	async acquire(): Promise<void> {
		if (this.sent.length >= this.rate.limit) {
			const oldest = this.sent[this.sent.length - this.rate.limit];
			const wait = oldest + this.rate.windowMs + this.margin() - this.runtime.now();
			if (wait > 0) {
				this.waitedMs += wait;
				await this.runtime.sleep(wait);
			}
		}
		this.sent.push(this.runtime.now());
		if (this.sent.length > this.rate.limit) this.sent.splice(0, this.sent.length - this.rate.limit);
	}

	/** Least time `requests` more requests take from a fresh window (first ones go at once). */
	estimateMs(requests: number): number {
		if (requests <= this.rate.limit) return 0;
		const windows = Math.ceil(requests / this.rate.limit) - 1;
		return windows * (this.rate.windowMs + this.margin());
	}
}

/** "about 3 min 20 s" for a wait, in the unit a user reads best. */
export function describeDuration(ms: number): string {
	const s = Math.ceil(ms / 1000);
	if (s < 60) return `${s} s`;
	const m = Math.floor(s / 60);
	const rest = s % 60;
	if (m < 60) return rest ? `${m} min ${rest} s` : `${m} min`;
	const h = Math.floor(m / 60);
	return `${h} h ${m % 60} min`;
}

/** The sentence telling the user how long a queued upload takes. */
export function queueNotice(requests: number, rate: RateLimit, estimateMs: number): string {
	if (estimateMs <= 0) return `${requests} request(s), within the limit of ${rate.label}: no wait`;
	return `${requests} requests at ${rate.label}: this run waits about ${describeDuration(estimateMs)} for the tracker's rate limit`;
}

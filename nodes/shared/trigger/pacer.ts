import { sleep } from 'n8n-workflow';

/**
 * Clock and sleep of one trigger. Production uses the wall clock; tests point `now` at a mock
 * server's simulated clock and may replace `sleep` and `wallNow` (nothing else reads these).
 */
export interface TriggerRuntime {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	/** Real time for the request pacer. */
	wallNow: () => number;
}

/** A trigger's own runtime object (one per trigger, so tests can patch one without the others). */
export function createTriggerRuntime(): TriggerRuntime {
	return {
		now: (): number => Date.now(),
		sleep: async (ms: number): Promise<void> => await sleep(ms),
		wallNow: (): number => Date.now(),
	};
}

/**
 * At most `limit` requests in any `windowMs` (real time) within one node run: before a request
 * that would exceed it, waits (with `runtime.sleep`) until the oldest request of the window has
 * left it. The request layer's 429 + Retry-After handling is the safety net for what one run
 * cannot see (other workflows using the same key).
 */
export class RequestPacer {
	private readonly sent: number[] = [];

	/** Total time this pacer waited (diagnostics and tests). */
	waitedMs = 0;

	constructor(
		private readonly runtime: Pick<TriggerRuntime, 'sleep' | 'wallNow'>,
		readonly limit: number,
		readonly windowMs: number,
		private readonly wallClock: () => number = () => runtime.wallNow(),
	) {}

	async acquire(): Promise<void> {
		if (this.sent.length >= this.limit) {
			const oldest = this.sent[this.sent.length - this.limit];
			// A small margin: the server measures arrival times, which jitter with latency.
			const margin = Math.max(25, this.windowMs * 0.05);
			const wait = oldest + this.windowMs + margin - this.wallClock();
			if (wait > 0) {
				this.waitedMs += wait;
				await this.runtime.sleep(wait);
			}
		}
		this.sent.push(this.wallClock());
		if (this.sent.length > this.limit) this.sent.splice(0, this.sent.length - this.limit);
	}
}

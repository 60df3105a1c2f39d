/**
 * Drives the engine like a trigger node would: the state goes through JSON between polls (as
 * n8n's static data does across restarts), failures keep the old state, rows are collected.
 */
import { pollStream, type PollOptions, type PollResult } from '../../../nodes/shared/polling';
import type { FakeRow, FakeTracker } from './fakeSource';

export interface PollOutcome {
	result?: PollResult<FakeRow>;
	error?: Error;
}

export class Driver {
	/** Stored state as JSON text (what survives a restart). */
	stored: string | undefined;
	readonly delivered: FakeRow[] = [];
	readonly outcomes: PollOutcome[] = [];

	constructor(
		readonly source: FakeTracker,
		public options: Omit<PollOptions, 'now'>,
	) {}

	get state(): unknown {
		return this.stored === undefined ? undefined : JSON.parse(this.stored);
	}

	async poll(extra: Partial<PollOptions> = {}): Promise<PollOutcome> {
		const before = this.stored;
		try {
			const result = await pollStream(this.source, this.state, {
				...this.options,
				now: this.source.clock.now,
				...extra,
			});
			this.stored = JSON.stringify(result.state);
			this.delivered.push(...result.rows);
			const outcome = { result };
			this.outcomes.push(outcome);
			return outcome;
		} catch (e) {
			this.stored = before;
			const outcome = { error: e as Error };
			this.outcomes.push(outcome);
			return outcome;
		}
	}

	/** Polls until a poll completes (caught up) with nothing new, advancing the clock between. */
	async drain(stepMs: number, maxPolls = 1000): Promise<void> {
		let quiet = 0;
		for (let i = 0; i < maxPolls; i++) {
			this.source.clock.ms += stepMs;
			const { result } = await this.poll();
			// A pass that ended here may have started before a late row arrived: the next poll (a new
			// pass) reads it. Two quiet caught-up polls in a row mean everything was read.
			if (result && result.stats.caughtUp && result.rows.length === 0) {
				if (quiet++ >= 1) return;
			} else quiet = 0;
		}
		throw new Error('drain did not finish');
	}

	keys(): string[] {
		return this.delivered.map((r) => this.source.key(r));
	}
}

export function duplicatesOf(keys: string[]): string[] {
	const seen = new Set<string>();
	const dups: string[] = [];
	for (const k of keys) {
		if (seen.has(k)) dups.push(k);
		seen.add(k);
	}
	return dups;
}

/**
 * Drives a trigger node's poll function like n8n does, for the trigger tests of Binom, BeMob and
 * TG Tracker: static data goes through JSON between polls (a restart every poll), a failed poll
 * must leave static data exactly as it was, a manual poll must not touch it, and a "crash" can
 * throw away what a poll that returned null changed (n8n saves static data when a poll emits).
 */
import type {
	ICredentialType,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPollFunctions,
} from 'n8n-workflow';

import { Harness, createPollContext } from '../../helpers/n8n';

export interface PollDeps {
	now?: () => number;
	retry?: Record<string, number>;
}

export type PollFn = (
	this: IPollFunctions,
	deps?: PollDeps,
) => Promise<INodeExecutionData[][] | null>;

export interface PollOutcome {
	items: IDataObject[];
	error?: Error & { httpCode?: string; description?: string };
}

export class TriggerDriver {
	readonly harness: Harness;
	/** Static data as JSON (what survives a restart). */
	stored = '{}';
	/** Static data as of the last poll that emitted (what n8n has surely saved). */
	saved = '{}';
	readonly delivered: IDataObject[] = [];
	polls = 0;
	/** The node version a saved workflow holds (1: before the shared trigger layout). */
	typeVersion = 1;
	failures = 0;
	/** Retry policy for the request layer (tests: fail fast). */
	retry: Record<string, number> = { maxAttempts: 1 };

	constructor(
		readonly nodeType: INodeType,
		public parameters: INodeParameters,
		readonly pollFn: PollFn,
		readonly now: () => number,
		credential: { type: ICredentialType; data: IDataObject },
	) {
		this.harness = new Harness().addCredential(credential.type, {
			connectionCheck: 'done',
			...credential.data,
		} as never);
	}

	get state(): IDataObject {
		return JSON.parse(this.stored) as IDataObject;
	}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollOutcome> {
		this.polls++;
		const staticData = JSON.parse(this.stored) as IDataObject;
		const ctx = createPollContext<IPollFunctions>({
			typeVersion: this.typeVersion,
			harness: this.harness,
			nodeType: this.nodeType,
			parameters: this.parameters,
			staticData,
			mode,
		});
		try {
			const out = await this.pollFn.call(ctx, { now: this.now, retry: this.retry });
			const items = out ? out[0].map((i) => i.json) : [];
			if (mode === 'manual') {
				if (JSON.stringify(staticData) !== this.stored) {
					throw new Error('A manual poll changed the static data');
				}
				return { items };
			}
			if (out !== null && items.length === 0) throw new Error('poll returned [[]] instead of null');
			this.stored = JSON.stringify(staticData);
			if (items.length) {
				this.saved = this.stored;
				this.delivered.push(...items);
			}
			return { items };
		} catch (e) {
			const error = e as PollOutcome['error'] & Error;
			if (/changed the static data|instead of null/.test(error.message)) throw error;
			if (JSON.stringify(staticData) !== this.stored) {
				throw new Error(`A failed poll changed the static data (${error.message})`);
			}
			this.failures++;
			return { items: [], error };
		}
	}

	/** n8n lost what the polls since the last emitting one changed (e.g. a crash). */
	crash(): void {
		this.stored = this.saved;
	}
}

export function duplicates(keys: string[]): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const k of keys) {
		if (seen.has(k)) out.push(k);
		seen.add(k);
	}
	return out;
}

/**
 * Drives a polling trigger node the way n8n does, through the test Harness (real HTTP to a mock):
 * - static data goes through JSON between polls (what survives a restart), and is kept as it was
 *   when a poll throws;
 * - manual polls ("Fetch Test Event") run on a copy that is checked to stay untouched (n8n does
 *   not save static data of manual executions anyway);
 * - every emitted item is collected in `delivered`.
 * Used by the Voluum and RedTrack trigger tests.
 */
import type { IDataObject, INodeParameters, INodeType, IPollFunctions } from 'n8n-workflow';

import { Harness, createPollContext } from '../../helpers/n8n';

export interface PollOutcome {
	items: IDataObject[];
	error?: Error & { httpCode?: string; description?: string };
}

export class TriggerDriver {
	/** Static data of the node as JSON (what n8n stores). */
	stored = '{}';
	readonly delivered: IDataObject[] = [];
	readonly errors: Error[] = [];
	polls = 0;
	/** The node version a saved workflow holds (1: before the shared trigger layout). */
	typeVersion = 1;

	constructor(
		readonly harness: Harness,
		readonly nodeType: INodeType,
		public parameters: INodeParameters,
	) {}

	get staticData(): IDataObject {
		return JSON.parse(this.stored) as IDataObject;
	}

	async poll(
		options: { mode?: 'manual' | 'trigger'; pollBudgetMs?: number } = {},
	): Promise<PollOutcome> {
		const mode = options.mode ?? 'trigger';
		const staticData = JSON.parse(this.stored) as IDataObject;
		const ctx = createPollContext<IPollFunctions>({
			typeVersion: this.typeVersion,
			harness: this.harness,
			nodeType: this.nodeType,
			parameters: this.parameters,
			staticData,
			mode,
			pollBudgetMs: options.pollBudgetMs,
		});
		this.polls++;
		try {
			const out = await this.nodeType.poll!.call(ctx);
			const items = out ? out[0].map((i) => i.json) : [];
			if (mode === 'manual') {
				if (JSON.stringify(staticData) !== this.stored) {
					throw new Error('A manual poll changed the static data');
				}
			} else {
				this.stored = JSON.stringify(staticData);
				this.delivered.push(...items);
			}
			return { items };
		} catch (error) {
			if (JSON.stringify(staticData) !== this.stored) {
				throw new Error(`A failed poll changed the static data: ${(error as Error).message}`);
			}
			this.errors.push(error as Error);
			return { items: [], error: error as PollOutcome['error'] };
		}
	}

	/**
	 * Polls until two in a row succeed with nothing new (or throws after `max`): a poll that ends
	 * a pass cut by the budget may be quiet while a late row waits for the next pass.
	 */
	async drain(advance: () => void, max = 50): Promise<void> {
		let quiet = 0;
		for (let i = 0; i < max; i++) {
			advance();
			const r = await this.poll();
			quiet = !r.error && r.items.length === 0 ? quiet + 1 : 0;
			if (quiet >= 2) return;
		}
		throw new Error('drain did not settle');
	}
}

export function duplicates(keys: string[]): string[] {
	const seen = new Set<string>();
	return keys.filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
}

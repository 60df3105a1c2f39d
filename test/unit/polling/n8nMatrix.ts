/**
 * Shared pieces of the trigger matrix tests (RedTrack, Binom, Voluum, TG Tracker): a driver that
 * runs a polling trigger node the way n8n 2.x does, and a fault picker.
 *
 * Static data as n8n keeps it: the running process keeps the node's static data between polls
 * (`live`), but it is written to the database only after a poll that emitted items and after
 * the activation poll (`saved`). A restart reloads `saved`, so everything a silent poll changed
 * is lost; a re-activation is a restart followed by an activation poll (saved whatever it emits).
 * A failed poll must leave the static data untouched.
 */
import type { IDataObject, INodeParameters, INodeType, IPollFunctions } from 'n8n-workflow';

import { Harness, createPollContext } from '../../helpers/n8n';
import type { FaultRule } from '../../mock-servers/shared/faults';

export { mulberry32 } from '../../mock-servers/shared/faults';

export class N8nPollDriver {
	live = '{}';
	saved = '{}';
	readonly delivered: IDataObject[] = [];
	readonly errors: Error[] = [];
	polls = 0;

	constructor(
		readonly harness: Harness,
		readonly nodeType: INodeType,
		public parameters: INodeParameters,
	) {}

	/** One poll; `activation` saves the static data even when nothing is emitted. */
	async poll(
		opts: { activation?: boolean; pollBudgetMs?: number; manual?: boolean } = {},
	): Promise<{ items: IDataObject[]; error?: Error }> {
		const staticData = JSON.parse(this.live) as IDataObject;
		const ctx = createPollContext<IPollFunctions>({
			harness: this.harness,
			nodeType: this.nodeType,
			parameters: this.parameters,
			staticData,
			mode: opts.manual ? 'manual' : 'trigger',
			pollBudgetMs: opts.pollBudgetMs,
		});
		this.polls++;
		try {
			const out = await this.nodeType.poll!.call(ctx);
			const items = out ? out[0].map((i) => i.json) : [];
			if (opts.manual) {
				if (JSON.stringify(staticData) !== this.live)
					throw new Error('manual poll changed static data');
				return { items };
			}
			this.live = JSON.stringify(staticData);
			if (items.length > 0 || opts.activation) this.saved = this.live;
			this.delivered.push(...items);
			return { items };
		} catch (error) {
			if (JSON.stringify(staticData) !== this.live) {
				throw new Error(`A failed poll changed the static data: ${(error as Error).message}`);
			}
			this.errors.push(error as Error);
			return { items: [], error: error as Error };
		}
	}

	/** n8n restarts: the static data written last is loaded again. */
	restart(): void {
		this.live = this.saved;
	}
}

/** A random fault of the shared fault layer for `path` (one request). */
export function pickFault(rng: () => number, path: string | RegExp): FaultRule {
	const r = Math.floor(rng() * 6);
	switch (r) {
		case 0:
			return { path, status: 500, times: 1 };
		case 1:
			return { path, status: 429, retryAfter: 0, times: 1 };
		case 2:
			return { path, truncate: true, times: 1 };
		case 3:
			return { path, reset: true, times: 1 };
		case 4:
			return {
				path,
				status: 200,
				contentType: 'text/html',
				body: '<!DOCTYPE html><html><body>maintenance</body></html>',
				times: 1,
			};
		default:
			return { path, status: 502, times: 2 };
	}
}

/** Counts of one matrix cell: keys expected once, keys delivered. */
export function score(
	delivered: string[],
	must: Iterable<string>,
	allowed: (k: string) => boolean,
): { lost: string[]; duplicated: string[]; unexpected: string[] } {
	const seen = new Set<string>();
	const duplicated: string[] = [];
	for (const k of delivered) {
		if (seen.has(k)) duplicated.push(k);
		seen.add(k);
	}
	const lost: string[] = [];
	for (const k of must) if (!seen.has(k)) lost.push(k);
	const unexpected = [...seen].filter((k) => !allowed(k));
	return { lost, duplicated, unexpected };
}

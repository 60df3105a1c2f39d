/**
 * Drives the Keitaro Trigger's poll() against the Keitaro mock over real HTTP (test/helpers/n8n
 * Harness), the way n8n does:
 * - `live` is the node's static data in memory (n8n keeps it across polls);
 * - `saved` is what n8n has persisted: it saves after the poll that activates the workflow
 *   (n8n 2.39 `workflow-trigger-activator.js` saves static data once the triggers are registered,
 *   and registering a poll trigger awaits its first poll) and whenever a poll emits; `restart()`
 *   reloads it (JSON round trip), losing the in-memory changes of later polls that emitted
 *   nothing, and activates the workflow again;
 * - a poll that throws emits nothing (n8n records the error and keeps the workflow active).
 */
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	IPollFunctions,
} from 'n8n-workflow';

import { KeitaroApi } from '../../../../credentials/KeitaroApi.credentials';
import { KeitaroTrigger } from '../../../../nodes/Keitaro/KeitaroTrigger.node';
import { Harness, createContext } from '../../../helpers/n8n';
import type { startKeitaroMock } from '../../../mock-servers/keitaro/server';

export type Mock = Awaited<ReturnType<typeof startKeitaroMock>>;

export interface PollOutcome {
	items: IDataObject[];
	error?: Error & { httpCode?: string; description?: string };
	nullResult: boolean;
}

export class TriggerDriver {
	readonly harness: Harness;
	readonly node = new KeitaroTrigger();
	live: IDataObject = {};
	saved = '{}';
	readonly emitted: IDataObject[] = [];
	polls = 0;
	errors = 0;
	pollBudgetMs: number | undefined;
	/** The next successful poll is the activation poll, after which n8n saves static data. */
	activating = true;

	constructor(
		readonly mock: Mock,
		public parameters: INodeParameters,
	) {
		this.harness = new Harness().addCredential(new KeitaroApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			authMode: 'apiKeyHeader',
			connectionCheck: 'done',
		});
	}

	context(mode: 'trigger' | 'manual', staticData: IDataObject): IPollFunctions {
		const ctx = createContext<IPollFunctions>({
			harness: this.harness,
			nodeType: this.node,
			parameters: this.parameters,
			staticData,
			mode,
			pollBudgetMs: this.pollBudgetMs,
		});
		// IPollFunctions.getNodeParameter(name, fallback, options) has no item index.
		const byItem = ctx.getNodeParameter.bind(ctx) as unknown as (...a: unknown[]) => unknown;
		(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = (
			name: string,
			...rest: unknown[]
		) => (rest.length ? byItem(name, 0, ...rest) : byItem(name));
		return ctx;
	}

	async poll(): Promise<PollOutcome> {
		this.polls++;
		try {
			const out: INodeExecutionData[][] | null = await this.node.poll.call(
				this.context('trigger', this.live),
			);
			const items = out ? out[0].map((i) => i.json) : [];
			// The static data goes through JSON after every poll (as a durable cursor store does).
			this.live = JSON.parse(JSON.stringify(this.live)) as IDataObject;
			if (out || this.activating) this.saved = JSON.stringify(this.live);
			this.activating = false;
			if (out) this.emitted.push(...items);
			return { items, nullResult: out === null };
		} catch (error) {
			this.errors++;
			return { items: [], error: error as PollOutcome['error'], nullResult: true };
		}
	}

	/** "Fetch Test Event": a copy of the static data must come back unchanged. */
	async manual(): Promise<{ items: IDataObject[]; untouched: boolean; error?: Error }> {
		const copy = JSON.parse(JSON.stringify(this.live)) as IDataObject;
		const before = JSON.stringify(copy);
		try {
			const out = await this.node.poll.call(this.context('manual', copy));
			return {
				items: out ? out[0].map((i) => i.json) : [],
				untouched: JSON.stringify(copy) === before,
			};
		} catch (error) {
			return { items: [], untouched: JSON.stringify(copy) === before, error: error as Error };
		}
	}

	/** n8n restarts: the in-memory static data is replaced by the last saved copy. */
	restart(): void {
		this.live = JSON.parse(this.saved) as IDataObject;
		this.activating = true;
	}

	/** Workflow deactivated and activated again: static data persists (saved on deactivation). */
	reactivate(): void {
		this.saved = JSON.stringify(this.live);
		this.live = JSON.parse(this.saved) as IDataObject;
		this.activating = true;
	}

	stateBytes(): number {
		return Buffer.byteLength(JSON.stringify(this.live));
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

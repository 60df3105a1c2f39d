import type { IPollFunctions } from 'n8n-workflow';

/**
 * One poll at a time per trigger node.
 *
 * n8n starts a poll on every tick of the node's schedule, whether or not the previous poll has
 * ended: a poll that outlasts its interval (a large backfill page, a slow tracker, retries after a
 * 429) overlaps the next one. Both would read the same state from `getWorkflowStaticData('node')`
 * before either wrote it back, and so emit the same events twice (measured in a real n8n at a
 * 10-second interval with 5,000 items per poll). So while a poll of a trigger node runs, a new poll
 * of the same node returns null at once (nothing emitted, state untouched), and the next tick after
 * it ends carries on. Manual runs (Fetch Test Event) never touch the state and are not held back.
 *
 * Which polls are "the same node": the workflow id and the node's id (or name) from the context.
 * Where the context has no workflow (test stand-ins), the state object n8n hands the node instead
 * (the same object for every poll of one activation without durable poll cursors).
 *
 * Limit: this holds within one n8n process (n8n runs a workflow's polls in the main process that
 * activated it; a superseded activation's in-flight result is discarded by n8n itself).
 */
const runningStates = new WeakSet<object>();
const runningNodes = new Set<string>();

function nodeKey(ctx: IPollFunctions): string | undefined {
	if (typeof ctx.getWorkflow !== 'function') return undefined;
	const workflowId = ctx.getWorkflow().id;
	if (workflowId === undefined || workflowId === null || workflowId === '') return undefined;
	const node = ctx.getNode();
	return `${String(workflowId)}\u0000${node.id ?? node.name}`;
}

export async function onePollAtATime<T>(
	ctx: IPollFunctions,
	poll: () => Promise<T | null>,
): Promise<T | null> {
	if (ctx.getMode() === 'manual') return await poll();
	const key = nodeKey(ctx);
	if (key !== undefined) {
		if (runningNodes.has(key)) return null;
		runningNodes.add(key);
		try {
			return await poll();
		} finally {
			runningNodes.delete(key);
		}
	}
	const state: object = ctx.getWorkflowStaticData('node');
	if (runningStates.has(state)) return null;
	runningStates.add(state);
	try {
		return await poll();
	} finally {
		runningStates.delete(state);
	}
}

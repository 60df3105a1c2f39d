import type { IPollFunctions } from 'n8n-workflow';

/**
 * One poll at a time per trigger node.
 *
 * n8n starts a poll on every tick of the node's schedule, whether or not the previous poll has
 * ended: a poll that outlasts its interval (a large backfill page, a slow tracker, retries after a
 * 429) overlaps the next one. Both would read the same state from `getWorkflowStaticData('node')`
 * before either wrote it back, and so emit the same events twice (measured in a real n8n at a
 * 10-second interval with 5,000 items per poll). The state object n8n hands a node is the same
 * object for every poll of one activation, so it identifies the trigger: while a poll of it runs, a
 * new poll returns null at once (nothing emitted, state untouched) and the next tick after it ends
 * carries on. Manual runs (Fetch Test Event) never touch the state and are not held back.
 *
 * Limit: this holds within one n8n process (n8n runs a workflow's polls in the main process that
 * activated it). A state object n8n replaced (re-activation, restart) starts free.
 */
const running = new WeakSet<object>();

export async function onePollAtATime<T>(
	ctx: IPollFunctions,
	poll: () => Promise<T | null>,
): Promise<T | null> {
	if (ctx.getMode() === 'manual') return await poll();
	const state: object = ctx.getWorkflowStaticData('node');
	if (running.has(state)) return null;
	running.add(state);
	try {
		return await poll();
	} finally {
		running.delete(state);
	}
}

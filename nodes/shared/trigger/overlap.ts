import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/**
 * One poll at a time per trigger node: a poll that starts while another poll of the same node
 * runs waits for it, then runs on the state it left.
 *
 * ## Why
 * n8n starts a poll on every tick of the node's schedule whether or not the previous poll has
 * ended (its in-memory engine: `void executePollTrigger()` per cron tick). A poll that outlasts its
 * interval (a large backfill page, a slow tracker, retries after a 429) overlaps the next one; both
 * read the same state from `getWorkflowStaticData('node')` before either writes it back, and emit
 * the same events twice (measured in a real n8n at a 10-second interval with 5,000 items per poll:
 * up to 8 copies).
 *
 * ## Model
 * Polls of one trigger node (key: workflow id + node id, else node name; where the context has no
 * workflow id, the state object the poll is handed) form a queue of at most two: the **holder**
 * (the poll that runs) and one **waiter**.
 * - No holder: the poll runs at once and becomes the holder.
 * - A holder and no waiter: the poll waits until the holder settles (returns or throws), then
 *   runs. It reads its state only then, so with n8n's in-memory engine (one state object for all
 *   polls of an activation) it continues from what the holder left: nothing twice, nothing skipped.
 * - A holder and a waiter: the newer poll becomes the waiter and the older waiter returns null at
 *   once (nothing emitted, state untouched). The newer one starts later, so it reads at least what
 *   the older would have read; the newest poll is also the one of the newest activation.
 * - Manual runs (Fetch Test Event) never touch the state: never held back, never hold others.
 *
 * Why wait rather than skip (the first version returned null while another poll ran): a skipped
 * poll can be the one that matters. When an activation fails (one trigger's first poll throws) and
 * is retried, a poll of the failed activation may still run; n8n discards its result (superseded),
 * but a skipped first poll of the new activation leaves it without its From Now baseline, which a
 * later tick then takes over whatever changed in between: those events are never emitted. A waiter
 * always runs, so every activation gets its baseline, at worst after the previous poll ended.
 *
 * ## Deadline
 * Every poll settles: requests have deadlines and retries are bounded, and n8n hands a poll a
 * budget (`getPollBudgetMs`, 5 minutes by default). Should a poll still not settle, the guard does
 * not let it hold the node forever: after `overlapGuard.maxHoldMs` (15 minutes) the waiter stops
 * waiting and runs (the old poll may then overlap it, as without the guard), and the guard says so
 * once in n8n's log with the node's name (no parameters, no credentials).
 *
 * ## Limits
 * - One n8n process: polls of one workflow run in the main process that activated it (queue mode
 *   included); the guard does not coordinate processes.
 * - Where n8n hands each poll its own copy of the saved state (n8n 2.41's durable poll cursors),
 *   a waiter's copy was taken before it waited and misses what the holder did. The guard notices it:
 *   the waiter's state is another object than the holder's and, when it arrived, had the same
 *   content as the holder's at its start; if the holder returned (did not throw) and changed its
 *   state, the waiter's copy is replaced by the holder's final state before it runs. A state of
 *   another content (another activation's) is left alone; a retried activation whose first poll
 *   waited for a poll of the failed one (same saved state) continues from that poll's baseline, a
 *   few seconds older than its own would be: that can add events, never lose one. Cost: one JSON
 *   serialisation of the state per poll, one more when a poll waits (New Conversion's static data
 *   is about 1 KB after a 200,000-conversion backfill, Status Changed's up to ~90 KB for a 30-day
 *   window of 50,000 conversions: bench/results.md).
 * - A waiting poll occupies its n8n tick until the holder ends; an activation whose first poll
 *   waits returns when that poll has run.
 */

/** `maxHoldMs`: after this long a poll no longer holds back the next poll of its node. */
export const overlapGuard = { maxHoldMs: 15 * 60_000 };

interface Waiter {
	/** Makes the waiter return null (a newer poll took its place). */
	displace(): void;
}

interface Slot {
	/** Settles when the holder's poll settles. */
	done: Promise<void>;
	since: number;
	/** The state object the holder was handed, its JSON at the start and, if it returned, at the end. */
	state?: object;
	startJson?: string;
	endJson?: string;
	waiter?: Waiter;
	/** The guard already said this holder overran the max hold. */
	overrunLogged?: boolean;
}

const byNode = new Map<string, Slot>();
const byState = new WeakMap<object, Slot>();

type Key = { kind: 'node'; key: string } | { kind: 'state'; key: object };

function keyOf(ctx: IPollFunctions): Key {
	const workflowId = typeof ctx.getWorkflow === 'function' ? ctx.getWorkflow()?.id : undefined;
	if (workflowId !== undefined && workflowId !== null && workflowId !== '') {
		const node = ctx.getNode();
		const nodeKey = node.id ? `id:${node.id}` : `name:${node.name}`;
		return { kind: 'node', key: `${String(workflowId)}\u0000${nodeKey}` };
	}
	return { kind: 'state', key: ctx.getWorkflowStaticData('node') };
}

const slotOf = (k: Key) => (k.kind === 'node' ? byNode.get(k.key) : byState.get(k.key));
function setSlot(k: Key, slot: Slot): void {
	if (k.kind === 'node') byNode.set(k.key, slot);
	else byState.set(k.key, slot);
}
function clearSlot(k: Key, slot: Slot): void {
	if (slotOf(k) !== slot) return;
	if (k.kind === 'node') byNode.delete(k.key);
	else byState.delete(k.key);
}

function stateOf(ctx: IPollFunctions): IDataObject | undefined {
	try {
		const state = ctx.getWorkflowStaticData('node');
		return state && typeof state === 'object' ? state : undefined;
	} catch {
		return undefined;
	}
}

function jsonOf(state: object | undefined): string | undefined {
	if (!state) return undefined;
	try {
		return JSON.stringify(state);
	} catch {
		return undefined;
	}
}

/** Replaces the contents of `state` (a copy n8n handed this poll) with `json`. */
function continueFrom(state: IDataObject, json: string): void {
	for (const k of Object.keys(state)) delete state[k];
	Object.assign(state, JSON.parse(json) as IDataObject);
}

function nodeName(ctx: IPollFunctions): string {
	try {
		return ctx.getNode().name;
	} catch {
		return 'trigger';
	}
}

function say(ctx: IPollFunctions, level: 'debug' | 'warn', message: string): void {
	const logger = (ctx as { logger?: Partial<Record<'debug' | 'warn', (m: string) => void>> })
		.logger;
	const write = logger?.[level];
	if (typeof write === 'function') write.call(logger, message);
}

/** Waits until the holder settles ('free'), a newer poll displaces this one, or the max hold. */
async function waitFor(slot: Slot): Promise<'free' | 'displaced' | 'overrun'> {
	let displace!: () => void;
	const displaced = new Promise<'displaced'>((resolve) => (displace = () => resolve('displaced')));
	slot.waiter?.displace();
	const me: Waiter = { displace };
	slot.waiter = me;
	// AbortSignal.timeout: a timer that never keeps the process alive (n8n's lint forbids setTimeout)
	const signal = AbortSignal.timeout(Math.max(1, slot.since + overlapGuard.maxHoldMs - Date.now()));
	const overrun = new Promise<'overrun'>((resolve) =>
		signal.addEventListener('abort', () => resolve('overrun'), { once: true }),
	);
	try {
		return await Promise.race([slot.done.then(() => 'free' as const), displaced, overrun]);
	} finally {
		if (slot.waiter === me) slot.waiter = undefined;
	}
}

export async function onePollAtATime<T>(
	ctx: IPollFunctions,
	poll: () => Promise<T | null>,
): Promise<T | null> {
	if (ctx.getMode() === 'manual') return await poll();
	const key = keyOf(ctx);
	const state = stateOf(ctx);
	let arrivedAs: string | undefined;
	let lastHolder: Slot | undefined;
	for (;;) {
		const holder = slotOf(key);
		if (!holder) break;
		if (Date.now() - holder.since >= overlapGuard.maxHoldMs) {
			if (!holder.overrunLogged) {
				holder.overrunLogged = true;
				say(
					ctx,
					'warn',
					`${nodeName(ctx)}: a poll has run for over ${overlapGuard.maxHoldMs / 60_000} minutes; the next poll of this node runs without waiting for it`,
				);
			}
			lastHolder = undefined;
			break;
		}
		say(ctx, 'debug', `${nodeName(ctx)}: the previous poll still runs; this one waits for it`);
		arrivedAs ??= state && state !== holder.state ? jsonOf(state) : undefined;
		const outcome = await waitFor(holder);
		if (outcome === 'displaced') {
			say(ctx, 'debug', `${nodeName(ctx)}: a newer poll waits instead; this one returns nothing`);
			return null;
		}
		lastHolder = outcome === 'free' ? holder : undefined;
		// 'free': loop (a poll that arrived meanwhile may hold the node now); 'overrun': loop → break
	}
	// This poll's state is a copy of the one the holder started from (n8n hands each poll its own
	// copy of the saved state): continue from what the holder left, not from the stale copy.
	if (
		state &&
		lastHolder?.endJson !== undefined &&
		lastHolder.state !== state &&
		arrivedAs !== undefined &&
		arrivedAs === lastHolder.startJson &&
		lastHolder.endJson !== lastHolder.startJson
	) {
		continueFrom(state, lastHolder.endJson);
		say(ctx, 'debug', `${nodeName(ctx)}: continues from the state the previous poll left`);
	}
	let settle!: () => void;
	const mine: Slot = {
		done: new Promise<void>((resolve) => (settle = resolve)),
		since: Date.now(),
		state,
		startJson: jsonOf(state),
	};
	setSlot(key, mine);
	try {
		const out = await poll();
		if (mine.waiter) mine.endJson = jsonOf(state);
		return out;
	} finally {
		clearSlot(key, mine);
		settle();
	}
}

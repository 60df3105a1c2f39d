/**
 * n8n starts a poll on every tick whether or not the previous poll has ended. Two polls of one
 * trigger running at once read the same static data and emit the same events twice (seen in a real
 * n8n at a 10-second interval with 5,000 items per poll). Every trigger node's poll() goes through
 * onePollAtATime (nodes/shared/trigger/overlap.ts): a poll that starts while another poll of the
 * same node runs waits for it, then runs on the state it left; of two waiting, the newer runs.
 *
 * Each scenario is also run without the guard (the node's unguarded poll function) to show that it
 * does lose or duplicate there; the real-n8n proof is test/e2e/overlap.test.ts.
 */
import type { IDataObject, INodeType, IPollFunctions } from 'n8n-workflow';

import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { BeMobTrigger } from '../../nodes/BeMob/BeMobTrigger.node';
import { BinomTrigger } from '../../nodes/Binom/BinomTrigger.node';
import { KeitaroTrigger } from '../../nodes/Keitaro/KeitaroTrigger.node';
import { RedTrackTrigger } from '../../nodes/RedTrack/RedTrackTrigger.node';
import { TgTrackerTrigger } from '../../nodes/TgTracker/TgTrackerTrigger.node';
import { VoluumTrigger } from '../../nodes/Voluum/VoluumTrigger.node';
import { pollVoluum } from '../../nodes/Voluum/trigger/poll';
import { voluumRuntime } from '../../nodes/Voluum/trigger/runtime';
import { onePollAtATime, overlapGuard } from '../../nodes/shared/trigger/overlap';
import {
	Harness,
	createPollContext,
	runDurablePoll,
	type DurableCursorStore,
} from '../helpers/n8n';
import { startVoluumMock, type VoluumMock } from '../mock-servers/voluum/server';

const MIN = 60_000;
const tick = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

type Poll = (this: IPollFunctions) => Promise<unknown>;
const idsOf = (out: unknown) =>
	(((out as Array<Array<{ json: IDataObject }>> | null) ?? [[]])[0] ?? []).map(
		(i) => `${String(i.json.clickId)}:${String(i.json.transactionId)}`,
	);

describe('one poll at a time per trigger node (Voluum New Conversion over its mock)', () => {
	let mock: VoluumMock;
	let harness: Harness;
	const realNow = voluumRuntime.now;
	beforeEach(async () => {
		mock = await startVoluumMock({ rateLimit: false });
		voluumRuntime.now = mock.state.clock.now;
		harness = new Harness().addCredential(new VoluumApi(), {
			url: mock.url,
			authType: 'accessKey',
			accessId: mock.accessId,
			secretKey: mock.accessKey,
			sessionToken: '',
		});
	});
	afterEach(async () => {
		voluumRuntime.now = realNow;
		await mock?.close();
	});

	/** A poll context as n8n's: a workflow id and the node's id, on `staticData`. */
	const contextOn = (staticData: IDataObject, workflowId = 'wf-1') => {
		const ctx = createPollContext<IPollFunctions>({
			harness,
			nodeType: new VoluumTrigger(),
			parameters: { event: 'newConversion' },
			staticData,
		});
		return {
			...ctx,
			getWorkflow: () => ({ id: workflowId, name: 'w', active: true }),
		} as unknown as IPollFunctions;
	};

	/** Baseline, 12 conversions, then two polls at once (the first slow): every emitted id. */
	async function twoPollsAtOnce(poll: Poll): Promise<{ emitted: string[]; second: unknown }> {
		const state: IDataObject = {};
		expect(await poll.call(contextOn(state))).toBeNull(); // From Now: the present is the baseline
		mock.state.clock.advance(2 * MIN);
		mock.state.addConversions(12, { at: mock.state.clock.now() - 30_000 });
		mock.state.clock.advance(2 * MIN);
		// Each conversions page answers after 1.5 s; the second poll starts while the first runs,
		// on the same state object, as n8n's next tick does.
		mock.faults.add({ path: '/report/conversions', delayMs: 1500, times: 4 });
		const first = poll.call(contextOn(state));
		await tick(300);
		const second = await poll.call(contextOn(state));
		const emitted = [...idsOf(await first), ...idsOf(second)];
		// A third poll after both: nothing new.
		expect(await poll.call(contextOn(state))).toBeNull();
		return { emitted, second };
	}

	it('without the guard two polls at once emit the same conversions twice; with it, once', async () => {
		const unguarded = await twoPollsAtOnce(pollVoluum);
		expect(unguarded.emitted).toHaveLength(24);
		expect(new Set(unguarded.emitted).size).toBe(12);

		await mock.close();
		mock = await startVoluumMock({ rateLimit: false });
		voluumRuntime.now = mock.state.clock.now;
		harness.credentials.clear();
		harness.addCredential(new VoluumApi(), {
			url: mock.url,
			authType: 'accessKey',
			accessId: mock.accessId,
			secretKey: mock.accessKey,
			sessionToken: '',
		});
		const node = new VoluumTrigger();
		const guarded = await twoPollsAtOnce(node.poll! as Poll);
		expect(guarded.emitted).toHaveLength(12);
		expect(new Set(guarded.emitted).size).toBe(12);
		// The second poll waited for the first and then ran on what it left: nothing new.
		expect(guarded.second).toBeNull();
	}, 120_000);

	/**
	 * n8n 2.41's durable poll cursors hand every poll its own copy of the saved state, taken when the
	 * poll is dispatched (test/helpers/n8n.ts models it). A poll that waited would run on a copy from
	 * before the previous poll: the guard continues it from the state the previous poll left.
	 */
	async function twoPollsOnCopies(poll: Poll): Promise<string[]> {
		const store: DurableCursorStore = { cursor: {}, commits: 0 };
		const ctx = {
			...createPollContext<IPollFunctions & Parameters<typeof runDurablePoll>[0]>({
				harness,
				nodeType: new VoluumTrigger(),
				parameters: { event: 'newConversion' },
				durableCursor: store,
			}),
			getWorkflow: () => ({ id: 'wf-durable', name: 'w', active: true }),
		};
		const tickOf = async () => await runDurablePoll(ctx, async () => await poll.call(ctx));
		expect(await tickOf()).toBeNull(); // baseline
		mock.state.clock.advance(2 * MIN);
		mock.state.addConversions(12, { at: mock.state.clock.now() - 30_000 });
		mock.state.clock.advance(2 * MIN);
		mock.faults.add({ path: '/report/conversions', delayMs: 1500, times: 4 });
		const first = tickOf();
		await tick(300);
		const second = await tickOf();
		const emitted = [...idsOf(await first), ...idsOf(second)];
		expect(await tickOf()).toBeNull();
		return emitted;
	}

	it('with a copy of the state per poll (durable poll cursors): twice without the guard, once with it', async () => {
		const unguarded = await twoPollsOnCopies(pollVoluum);
		expect(unguarded).toHaveLength(24);
		const guarded = await twoPollsOnCopies(new VoluumTrigger().poll! as Poll);
		expect(guarded).toHaveLength(12);
		expect(new Set(guarded).size).toBe(12);
	}, 120_000);

	/**
	 * n8n refuses an activation when a trigger's first poll throws; the test (or the user) activates
	 * again while a poll of the failed activation still runs. n8n discards that poll's result; the
	 * new activation's first poll (its own, empty state) must still take the From Now baseline, or a
	 * later tick takes it over whatever changed in between and those events are never emitted.
	 */
	async function activationRetry(poll: Poll): Promise<{ emitted: string[]; added: string[] }> {
		const failed: IDataObject = {};
		mock.faults.add({ path: '/report/conversions', delayMs: 1500, times: 3 });
		const stale = poll.call(contextOn(failed)); // still running when the retry comes
		await tick(300);
		const state: IDataObject = {};
		expect(await poll.call(contextOn(state))).toBeNull(); // the retry's activation poll
		await stale;
		// After activation: new conversions, then the next tick.
		mock.state.clock.advance(2 * MIN);
		const added = mock.state
			.addConversions(5, { at: mock.state.clock.now() - 30_000 })
			.map((c) => `${c.clickId}:${c.transactionId}`);
		mock.state.clock.advance(2 * MIN);
		const emitted = idsOf(await poll.call(contextOn(state)));
		return { emitted, added };
	}

	it('activation retried while a poll of the failed activation runs: the baseline is kept, every conversion emitted once', async () => {
		const node = new VoluumTrigger();
		const { emitted, added } = await activationRetry(node.poll! as Poll);
		expect(emitted.sort()).toEqual(added.sort());
	}, 120_000);

	it('the same retry under the first guard (skip while another poll runs) lost them', async () => {
		// The reverted guard, re-enacted: a poll that finds another of its node running returns null.
		let running = false;
		const skipping: Poll = async function (this: IPollFunctions) {
			if (running) return null;
			running = true;
			try {
				return await pollVoluum.call(this);
			} finally {
				running = false;
			}
		};
		const { emitted, added } = await activationRetry(skipping);
		expect(added).toHaveLength(5);
		expect(emitted).toEqual([]); // the baseline was taken after they arrived
	}, 120_000);
});

describe('onePollAtATime (the model)', () => {
	const realMaxHold = overlapGuard.maxHoldMs;
	afterEach(() => (overlapGuard.maxHoldMs = realMaxHold));

	const warnings: string[] = [];
	const ctxOf = (
		workflowId: string | undefined,
		nodeId: string,
		{ mode = 'trigger', state = {} as IDataObject } = {},
	) =>
		({
			getMode: () => mode,
			getWorkflow: () => ({ id: workflowId, name: 'w', active: true }),
			getNode: () => ({ id: nodeId, name: `node ${nodeId}` }),
			getWorkflowStaticData: () => state,
			logger: { debug: () => undefined, warn: (m: string) => warnings.push(m) },
		}) as unknown as IPollFunctions;
	const gate = () => {
		let open!: () => void;
		const opened = new Promise<void>((r) => (open = r));
		return { open, opened };
	};

	it('a second poll waits for the first and then runs; a third takes the waiting place', async () => {
		const order: string[] = [];
		const g = gate();
		const first = onePollAtATime(ctxOf('7', 'n'), async () => {
			order.push('first start');
			await g.opened;
			order.push('first end');
			return 'first';
		});
		const second = onePollAtATime(ctxOf('7', 'n'), async () => {
			order.push('second');
			return 'second';
		});
		await tick(20);
		const third = onePollAtATime(ctxOf('7', 'n'), async () => {
			order.push('third');
			return 'third';
		});
		expect(await second).toBeNull(); // displaced by the newer waiter, without running
		expect(order).toEqual(['first start']);
		g.open();
		expect(await first).toBe('first');
		expect(await third).toBe('third');
		expect(order).toEqual(['first start', 'first end', 'third']);
	});

	it('other nodes, other workflows and manual runs are never held back; a throw frees the node', async () => {
		const g = gate();
		const slow = onePollAtATime(ctxOf('7', 'n'), async () => {
			await g.opened;
			return 'slow';
		});
		expect(await onePollAtATime(ctxOf('7', 'other'), async () => 'other node')).toBe('other node');
		expect(await onePollAtATime(ctxOf('8', 'n'), async () => 'other workflow')).toBe(
			'other workflow',
		);
		expect(await onePollAtATime(ctxOf('7', 'n', { mode: 'manual' }), async () => 'sample')).toBe(
			'sample',
		);
		const failing = onePollAtATime(ctxOf('7', 'n'), async () => {
			throw new Error('tracker down');
		});
		g.open();
		expect(await slow).toBe('slow');
		await expect(failing).rejects.toThrow('tracker down');
		expect(await onePollAtATime(ctxOf('7', 'n'), async () => 'after error')).toBe('after error');
	});

	it('without a workflow id, polls on one state object are one node', async () => {
		const state: IDataObject = {};
		const g = gate();
		let ran = false;
		const slow = onePollAtATime(ctxOf(undefined, 'n', { state }), async () => await g.opened);
		const waiting = onePollAtATime(ctxOf(undefined, 'n', { state }), async () => (ran = true));
		expect(await onePollAtATime(ctxOf(undefined, 'n'), async () => 'other state')).toBe(
			'other state',
		);
		await tick(20);
		expect(ran).toBe(false);
		g.open();
		await slow;
		expect(await waiting).toBe(true);
	});

	it('a poll that never settles holds its node for the max hold only, and the log says so once', async () => {
		overlapGuard.maxHoldMs = 300;
		warnings.length = 0;
		void onePollAtATime(ctxOf('9', 'stuck'), async () => await new Promise<never>(() => undefined));
		expect(await onePollAtATime(ctxOf('9', 'stuck'), async () => 'waited it out')).toBe(
			'waited it out',
		);
		expect(await onePollAtATime(ctxOf('9', 'stuck'), async () => 'free again')).toBe('free again');
		expect(warnings).toEqual([
			'node stuck: a poll has run for over 0.005 minutes; the next poll of this node runs without waiting for it',
		]);
	});

	it('every trigger node polls through the guard', async () => {
		const nodes: INodeType[] = [
			new KeitaroTrigger(),
			new VoluumTrigger(),
			new RedTrackTrigger(),
			new BinomTrigger(),
			new BeMobTrigger(),
			new TgTrackerTrigger(),
		];
		for (const node of nodes) {
			const g = gate();
			const held = onePollAtATime(ctxOf('guarded', node.description.name), async () => {
				await g.opened;
			});
			let read = false;
			const ctx = {
				...ctxOf('guarded', node.description.name),
				getNodeParameter: () => {
					read = true;
					throw new Error(`${node.description.name} read its parameters`);
				},
			} as unknown as IPollFunctions;
			const polled = node.poll!.call(ctx);
			await tick(20);
			expect({ node: node.description.name, read }).toEqual({
				node: node.description.name,
				read: false,
			});
			g.open();
			await held;
			await expect(polled).rejects.toThrow(`${node.description.name} read its parameters`);
		}
	});
});

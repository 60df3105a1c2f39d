/**
 * n8n starts a poll on every tick whether or not the previous poll has ended. Two polls of one
 * trigger running at once read the same static data and would emit the same events twice (seen in
 * a real n8n at a 10-second interval with 5,000 items per poll: bench/n8n). Every trigger node's
 * poll() goes through onePollAtATime (nodes/shared/trigger/overlap.ts): while a poll runs on a
 * state object, a second poll on the same object returns null and leaves the state alone.
 */
import type { IDataObject, INodeType, IPollFunctions } from 'n8n-workflow';

import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { BeMobTrigger } from '../../nodes/BeMob/BeMobTrigger.node';
import { BinomTrigger } from '../../nodes/Binom/BinomTrigger.node';
import { KeitaroTrigger } from '../../nodes/Keitaro/KeitaroTrigger.node';
import { RedTrackTrigger } from '../../nodes/RedTrack/RedTrackTrigger.node';
import { TgTrackerTrigger } from '../../nodes/TgTracker/TgTrackerTrigger.node';
import { VoluumTrigger } from '../../nodes/Voluum/VoluumTrigger.node';
import { voluumRuntime } from '../../nodes/Voluum/trigger/runtime';
import { onePollAtATime } from '../../nodes/shared/trigger/overlap';
import { Harness, createPollContext } from '../helpers/n8n';
import { startVoluumMock, type VoluumMock } from '../mock-servers/voluum/server';

const MIN = 60_000;

describe('one poll at a time per trigger', () => {
	let mock: VoluumMock;
	const realNow = voluumRuntime.now;
	afterEach(async () => {
		voluumRuntime.now = realNow;
		await mock?.close();
	});

	it('Voluum New Conversion: a poll started while the previous one runs emits nothing; every conversion once', async () => {
		mock = await startVoluumMock({ rateLimit: false });
		voluumRuntime.now = mock.state.clock.now;
		const harness = new Harness().addCredential(new VoluumApi(), {
			url: mock.url,
			authType: 'accessKey',
			accessId: mock.accessId,
			secretKey: mock.accessKey,
			sessionToken: '',
		});
		const node = new VoluumTrigger();
		const staticData: IDataObject = {};
		const ctx = createPollContext<IPollFunctions>({
			harness,
			nodeType: node,
			parameters: { event: 'newConversion' },
			staticData,
		});
		expect(await node.poll!.call(ctx)).toBeNull(); // From Now: the present is the baseline

		mock.state.clock.advance(2 * MIN);
		mock.state.addConversions(12, { at: mock.state.clock.now() - 30_000 });
		mock.state.clock.advance(2 * MIN);
		// The first poll is slow (each conversions page answers after 1.5 s); the second starts
		// while it runs, on the same state object, as n8n's next tick would.
		mock.faults.add({ path: '/report/conversions', delayMs: 1500, times: 4 });
		const first = node.poll!.call(ctx);
		await new Promise((r) => setTimeout(r, 300));
		const second = await node.poll!.call(ctx);
		expect(second).toBeNull();
		const emitted = ((await first) ?? [[]])[0].map(
			(i) => `${i.json.clickId}:${i.json.transactionId}`,
		);
		expect(emitted).toHaveLength(12);
		expect(new Set(emitted).size).toBe(12);
		// Once the slow poll ended, the next one runs normally and finds nothing new.
		expect(await node.poll!.call(ctx)).toBeNull();
	}, 120_000);

	it('a second poll on another state object (another trigger) is not held back; manual runs never are', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const ctxOf = (staticData: IDataObject, mode: 'manual' | 'trigger' = 'trigger') =>
			({
				getMode: () => mode,
				getWorkflowStaticData: () => staticData,
			}) as unknown as IPollFunctions;
		const a: IDataObject = {};
		const slow = onePollAtATime(ctxOf(a), async () => {
			await gate;
			return 'a';
		});
		expect(await onePollAtATime(ctxOf(a), async () => 'again')).toBeNull();
		expect(await onePollAtATime(ctxOf({}), async () => 'b')).toBe('b');
		expect(await onePollAtATime(ctxOf(a, 'manual'), async () => 'sample')).toBe('sample');
		release();
		expect(await slow).toBe('a');
		expect(await onePollAtATime(ctxOf(a), async () => 'next')).toBe('next');
		// A poll that throws frees the state too.
		await expect(
			onePollAtATime(ctxOf(a), async () => {
				throw new Error('tracker down');
			}),
		).rejects.toThrow('tracker down');
		expect(await onePollAtATime(ctxOf(a), async () => 'after error')).toBe('after error');
	});

	it('in n8n (a context with a workflow): keyed by workflow and node, whatever state object each poll gets', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const ctxOf = (workflowId: string, nodeName: string) =>
			({
				getMode: () => 'trigger',
				getWorkflow: () => ({ id: workflowId, name: 'w', active: true }),
				getNode: () => ({ name: nodeName }),
				// n8n 2.41's durable poll cursors hand every poll its own staged copy of the state
				getWorkflowStaticData: () => ({}),
			}) as unknown as IPollFunctions;
		const slow = onePollAtATime(ctxOf('7', 'Keitaro Trigger'), async () => {
			await gate;
			return 'first';
		});
		expect(await onePollAtATime(ctxOf('7', 'Keitaro Trigger'), async () => 'again')).toBeNull();
		expect(await onePollAtATime(ctxOf('7', 'Voluum Trigger'), async () => 'other node')).toBe(
			'other node',
		);
		expect(await onePollAtATime(ctxOf('8', 'Keitaro Trigger'), async () => 'other workflow')).toBe(
			'other workflow',
		);
		release();
		expect(await slow).toBe('first');
		expect(await onePollAtATime(ctxOf('7', 'Keitaro Trigger'), async () => 'next')).toBe('next');
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
			let release!: () => void;
			const gate = new Promise<void>((r) => (release = r));
			const state: IDataObject = {};
			// Hold a poll of this node's state open through the shared guard, then call the node's
			// own poll() on the same state: it must return null without reading its parameters.
			const held = onePollAtATime(
				{
					getMode: () => 'trigger',
					getWorkflowStaticData: () => state,
				} as unknown as IPollFunctions,
				async () => await gate,
			);
			const ctx = {
				getMode: () => 'trigger',
				getWorkflowStaticData: () => state,
				getNodeParameter: () => {
					throw new Error(`${node.description.name} polled while another poll of it ran`);
				},
			} as unknown as IPollFunctions;
			expect(await node.poll!.call(ctx)).toBeNull();
			release();
			await held;
		}
	});
});

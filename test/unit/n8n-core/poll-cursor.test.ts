/**
 * n8n 2.41's durable poll cursors (IPollFunctions.__runPoll / __commitCursor), as modelled by the
 * stand-in (test/helpers/n8n.ts, DurableCursorStore), and a real trigger (Binom's, over the Binom
 * mock) run under them: it reads and writes its cursor only inside poll(), so the baseline is
 * committed by the null-returning first poll, new events are committed with their execution, and a
 * failed poll commits nothing. Our triggers do not call the poll-cursor functions themselves (nodes
 * never do; the engine does); they use getPollBudgetMs where present.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { BinomApi } from '../../../credentials/BinomApi.credentials';
import { BinomTrigger } from '../../../nodes/Binom/BinomTrigger.node';
import { pollBinom } from '../../../nodes/Binom/trigger/poll';
import {
	Harness,
	createPollContext,
	runDurablePoll,
	type DurableCursorStore,
} from '../../helpers/n8n';
import { startBinomMock, type BinomMock } from '../../mock-servers/binom/server';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
const MIN = 60_000;

describe('durable poll cursors: the model', () => {
	const harness = new Harness();
	const ctxFor = (store: DurableCursorStore) =>
		createPollContext<IPollFunctions & Parameters<typeof runDurablePoll>[0]>({
			harness,
			durableCursor: store,
		});

	it('static data read outside a poll throws, as n8n 2.41 does', () => {
		const ctx = ctxFor({ cursor: {}, commits: 0 });
		expect(() => ctx.getWorkflowStaticData('node')).toThrow(/outside of a poll/);
	});

	it('commits a changed cursor on null and with an emit, nothing when unchanged or on a throw', async () => {
		const store: DurableCursorStore = { cursor: { n: 1 }, commits: 0 };
		const ctx = ctxFor(store);
		await runDurablePoll(ctx, async () => null);
		expect(store.commits).toBe(0);
		await runDurablePoll(ctx, async () => {
			(ctx.getWorkflowStaticData('node') as IDataObject).n = 2;
			return null;
		});
		expect(store).toEqual({ cursor: { n: 2 }, commits: 1 });
		await runDurablePoll(ctx, async () => {
			(ctx.getWorkflowStaticData('node') as IDataObject).n = 3;
			return [[{ json: {} }]];
		});
		expect(store).toEqual({ cursor: { n: 3 }, commits: 2 });
		await expect(
			runDurablePoll(ctx, async () => {
				(ctx.getWorkflowStaticData('node') as IDataObject).n = 4;
				throw new Error('tracker down');
			}),
		).rejects.toThrow('tracker down');
		expect(store).toEqual({ cursor: { n: 3 }, commits: 2 });
	});
});

describe('durable poll cursors: Binom Trigger', () => {
	let mock: BinomMock;
	beforeEach(async () => {
		mock = await startBinomMock({ seedData: false, now: T0 });
		mock.state.addCampaign({ name: 'Camp A', offerIds: [] });
	});
	afterEach(async () => await mock.close());

	const harness = () =>
		new Harness().addCredential(new BinomApi(), {
			connectionCheck: 'done',
			url: mock.url,
			apiKey: mock.apiKey,
		} as never);

	it('baseline committed by the first (null) poll, events committed with their execution, exactly once', async () => {
		const store: DurableCursorStore = { cursor: {}, commits: 0 };
		const h = harness();
		const tick = async () => {
			const ctx = createPollContext<IPollFunctions & Parameters<typeof runDurablePoll>[0]>({
				harness: h,
				nodeType: new BinomTrigger(),
				parameters: { event: 'newConversion' },
				durableCursor: store,
			});
			const poll = async (): Promise<INodeExecutionData[][] | null> =>
				await pollBinom.call(ctx, { now: () => mock.state.clock.now(), retry: { maxAttempts: 1 } });
			// Outside the staging scope the trigger cannot even start: it reads its cursor first.
			await expect(poll()).rejects.toThrow(/outside of a poll/);
			return await runDurablePoll(ctx, poll);
		};

		expect(await tick()).toBeNull();
		expect(store.commits).toBe(1);
		expect(Object.keys(store.cursor).length).toBeGreaterThan(0);

		mock.state.clock.advance(MIN);
		const a = mock.state.addConversion({ status: 'approve', payout: 20 });
		mock.state.clock.advance(MIN);
		const out = await tick();
		expect(out?.[0].map((i) => i.json.conversionId)).toEqual([a.id]);
		const committed = store.commits;
		expect(committed).toBeGreaterThanOrEqual(2);

		mock.state.clock.advance(MIN);
		const again = await tick();
		expect(again?.[0] ?? []).toEqual([]);

		// A failing tracker: the poll throws and the committed cursor stays as it was.
		const before = JSON.stringify(store.cursor);
		const commitsBefore = store.commits;
		await mock.close();
		mock.state.clock.advance(MIN);
		await expect(tick()).rejects.toThrow();
		expect(JSON.stringify(store.cursor)).toBe(before);
		expect(store.commits).toBe(commitsBefore);
		mock = await startBinomMock({ seedData: false, now: T0 });
	});
});

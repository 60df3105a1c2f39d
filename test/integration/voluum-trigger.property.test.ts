/**
 * Property: whatever happens between polls — conversions arriving late (inside the lateness
 * window), bursts in one second, conversion-type changes, failed requests, expired sessions,
 * restarts (static data through JSON every poll), manual test fetches, small pages, an item cap,
 * a limit cap at Voluum, any of Voluum's time formats — once the trigger has caught up every
 * conversion has been emitted exactly once, and nothing was emitted that never existed.
 * Runs the real node through the n8n stand-in against the Voluum mock (real HTTP); the pacer's
 * sleep is a no-op here (it is tested on its own).
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { VoluumApi } from '../../credentials/VoluumApi.credentials';
import { VoluumTrigger } from '../../nodes/Voluum/VoluumTrigger.node';
import { voluumRuntime } from '../../nodes/Voluum/trigger/runtime';
import { Harness } from '../helpers/n8n';
import { startVoluumMock, type VoluumConversion } from '../mock-servers/voluum/server';
import { TriggerDriver, duplicates } from '../unit/voluum/triggerDriver';

const SEC = 1000;
const MIN = 60 * SEC;

type Step =
	| { kind: 'add'; count: number; lateSec: number }
	| { kind: 'flip'; pick: number }
	| { kind: 'advance'; minutes: number }
	| { kind: 'poll' }
	| { kind: 'manual' }
	| { kind: 'fault' }
	| { kind: 'expire' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant('add' as const),
			count: fc.integer({ min: 1, max: 7 }),
			lateSec: fc.integer({ min: 0, max: 540 }),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('flip' as const), pick: fc.nat() }) },
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('advance' as const),
			minutes: fc.integer({ min: 0, max: 25 }),
		}),
	},
	{ weight: 7, arbitrary: fc.constant({ kind: 'poll' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'manual' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'fault' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
);

const scenarioArb = fc.record({
	pageSize: fc.integer({ min: 2, max: 6 }),
	maxItems: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
	maxLimit: fc.constantFrom(10_000, 3),
	timestampFormat: fc.constantFrom('ampm' as const, '24h' as const, 'iso' as const),
	windowMode: fc.constantFrom('wallclock' as const, 'instant' as const),
	startMinute: fc.integer({ min: 0, max: 59 }),
	steps: fc.array(stepArb, { minLength: 10, maxLength: 30 }),
});

// Voluum renders whole seconds.
const keyOf = (c: VoluumConversion) =>
	`${c.clickId}|${c.transactionId}|${c.conversionTypeId}|${Math.floor(Date.parse(c.postbackTimestamp) / SEC) * SEC}`;
const keyOfItem = (i: IDataObject) => {
	const raw = i.raw as IDataObject;
	return `${i.clickId}|${raw.transactionId}|${raw.conversionTypeId}|${Date.parse(String(i.postbackTime))}`;
};

describe('Voluum Trigger: exactly once under random traffic, faults and restarts', () => {
	const real = { ...voluumRuntime };
	// The 15 req/s pacer is tested on its own; here it would only make tiny pages slow.
	beforeAll(() => (voluumRuntime.sleep = async () => undefined));
	afterAll(() => Object.assign(voluumRuntime, real));
	let totalPolls = 0;

	it('emits every conversion once', async () => {
		await fc.assert(
			fc.asyncProperty(scenarioArb, async (sc) => {
				const mock = await startVoluumMock({
					rateLimit: false,
					seedData: { visits: 0 },
					now: Date.UTC(2025, 5, 16, 11, sc.startMinute, 17),
					maxLimit: sc.maxLimit,
					timestampFormat: sc.timestampFormat,
					windowMode: sc.windowMode,
				});
				try {
					voluumRuntime.now = mock.state.clock.now;
					const harness = new Harness().addCredential(new VoluumApi(), {
						url: mock.url,
						authType: 'accessKey',
						accessId: mock.accessId,
						secretKey: mock.accessKey,
						sessionToken: '',
					});
					const options: INodeParameters = {
						pageSize: sc.pageSize,
						includeRaw: true,
						sampleSize: 3,
					};
					if (sc.maxItems !== undefined) options.maxItemsPerPoll = sc.maxItems;
					const d = new TriggerDriver(harness, new VoluumTrigger(), {
						event: 'newConversion',
						options,
					});
					const ever = new Set<string>();
					const baseline = await d.poll();
					expect(baseline).toEqual({ items: [] });
					const now = () => mock.state.clock.now();
					for (const step of sc.steps) {
						switch (step.kind) {
							case 'add': {
								const at = now() - step.lateSec * SEC;
								for (const c of mock.state.addConversions(step.count, { at })) ever.add(keyOf(c));
								break;
							}
							case 'flip': {
								// A type change in place, on a conversion young enough to be re-read.
								const young = mock.conversions.filter(
									(c) => Date.parse(c.postbackTimestamp) > now() - 8 * MIN,
								);
								if (young.length) {
									const c = young[step.pick % young.length];
									mock.state.setConversionType(
										c.transactionId,
										c.conversionType === 'hold' ? 'Sale' : 'hold',
									);
									ever.add(keyOf(c));
								}
								break;
							}
							case 'advance':
								mock.state.clock.advance(step.minutes * MIN + 1234);
								break;
							case 'poll':
								await d.poll();
								break;
							case 'manual': {
								const r = await d.poll({ mode: 'manual' });
								expect(r.items.length).toBeLessThanOrEqual(3);
								break;
							}
							case 'fault':
								mock.faults.add({ path: '/report/conversions', status: 500, times: 1 });
								break;
							case 'expire':
								mock.tokens.expireAll();
								break;
						}
					}
					mock.faults.enabled = false;
					await d.drain(() => mock.state.clock.advance(MIN), 200);
					totalPolls += d.polls;
					const delivered = d.delivered.map(keyOfItem);
					expect(duplicates(delivered)).toEqual([]);
					expect(delivered.filter((k) => !ever.has(k))).toEqual([]);
					const missing = mock.conversions.map(keyOf).filter((k) => !delivered.includes(k));
					expect(missing).toEqual([]);
					// Bounded state: the remembered keys never exceed what the lateness window holds.
					expect(d.stored.length).toBeLessThan(20_000);
				} finally {
					await mock.close();
				}
			}),
			{ numRuns: 20, seed: 20250616 },
		);
		expect(totalPolls).toBeGreaterThan(250);
	});
});

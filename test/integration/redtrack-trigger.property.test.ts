/**
 * Property: whatever happens between polls — conversions arriving late (inside the lateness
 * window), bursts in one second, conversions arriving while pages are read (RedTrack's order is
 * newest first, so they shift later pages), status flips, failed requests, local midnight,
 * restarts (static data through JSON every poll), manual test fetches, small pages, item caps —
 * once the triggers have caught up:
 * - "New Conversion" emitted every conversion exactly once;
 * - "Conversion Status Changed" (with new conversions) emitted every (conversion, status) pair
 *   that was new after the baseline exactly once, and its `previousStatus` is always the status
 *   it last reported for that conversion (or the one the baseline saw).
 * Runs the real node through the n8n stand-in against the RedTrack mock (real HTTP).
 */
import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { RedTrackApi } from '../../credentials/RedTrackApi.credentials';
import { RedTrackTrigger } from '../../nodes/RedTrack/RedTrackTrigger.node';
import { redTrackRuntime } from '../../nodes/RedTrack/trigger/runtime';
import { Harness } from '../helpers/n8n';
import { startRedTrackMock, type RedTrackStatus } from '../mock-servers/redtrack/server';
import { TriggerDriver, duplicates } from '../unit/voluum/triggerDriver';

const SEC = 1000;
const MIN = 60 * SEC;
const H = 60 * MIN;
const STATUSES: RedTrackStatus[] = ['approved', 'pending', 'declined', 'other'];

type Step =
	| { kind: 'add'; count: number; lateMin: number }
	| { kind: 'flip'; pick: number; status: number }
	| { kind: 'advance'; minutes: number }
	| { kind: 'poll' }
	| { kind: 'manual' }
	| { kind: 'fault'; path: '/conversions' | '/me/settings' }
	| { kind: 'concurrent' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant('add' as const),
			count: fc.integer({ min: 1, max: 5 }),
			lateMin: fc.integer({ min: 0, max: 360 }),
		}),
	},
	{
		weight: 3,
		arbitrary: fc.record({ kind: fc.constant('flip' as const), pick: fc.nat(), status: fc.nat() }),
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('advance' as const),
			minutes: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(300)),
		}),
	},
	{ weight: 6, arbitrary: fc.constant({ kind: 'poll' as const }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'manual' as const }) },
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('fault' as const),
			path: fc.constantFrom('/conversions' as const, '/me/settings' as const),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: 'concurrent' as const }) },
);

const scenarioArb = fc.record({
	pageSize: fc.integer({ min: 3, max: 12 }),
	maxItems: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
	startMinute: fc.integer({ min: 0, max: 180 }),
	steps: fc.array(stepArb, { minLength: 10, maxLength: 25 }),
});

describe('RedTrack Trigger: exactly once under random traffic, flips, faults and restarts', () => {
	const real = { ...redTrackRuntime };
	afterAll(() => Object.assign(redTrackRuntime, real));
	let totalPolls = 0;

	it('emits every conversion and every new status once', async () => {
		await fc.assert(
			fc.asyncProperty(scenarioArb, async (sc) => {
				// Start between 21:00 and 24:00 UTC: Berlin's midnight (22:00 UTC) is often crossed.
				const mock = await startRedTrackMock({
					seedData: { clicks: 20, days: 2, conversionRate: 0.3 },
					now: Date.UTC(2025, 5, 16, 21, sc.startMinute, 7),
					reportRateLimit: false,
				});
				try {
					redTrackRuntime.now = mock.state.clock.now;
					const harness = new Harness().addCredential(new RedTrackApi(), {
						url: mock.url,
						apiKey: mock.apiKey,
						connectionCheck: '',
					});
					const options: INodeParameters = { pageSize: sc.pageSize, sampleSize: 3 };
					if (sc.maxItems !== undefined) options.maxItemsPerPoll = sc.maxItems;
					const conversions = new TriggerDriver(harness, new RedTrackTrigger(), {
						event: 'newConversion',
						options,
					});
					const statuses = new TriggerDriver(harness, new RedTrackTrigger(), {
						event: 'statusChanged',
						recheckDays: 1,
						includeNew: true,
						options,
					});
					expect(await conversions.poll()).toEqual({ items: [] });
					expect(await statuses.poll()).toEqual({ items: [] });
					const now = () => mock.state.clock.now();
					const baselineIds = new Set(mock.state.conversions.map((c) => c.id));
					const baselineStatus = new Map(
						mock.state.conversions.map((c) => [c.id, c.status as string]),
					);
					const pairsEver = new Set(mock.state.conversions.map((c) => `${c.id}|${c.status}`));
					const added = new Set<string>();
					for (const step of sc.steps) {
						switch (step.kind) {
							case 'add':
								for (const c of mock.state.addConversions(step.count, {
									at: now() - step.lateMin * MIN,
								})) {
									added.add(c.id);
									pairsEver.add(`${c.id}|${c.status}`);
								}
								break;
							case 'flip': {
								const young = mock.state.conversions.filter((c) => c.t > now() - 20 * H);
								if (young.length) {
									const c = young[step.pick % young.length];
									mock.state.setConversionStatus(c.id, STATUSES[step.status % 4]);
									pairsEver.add(`${c.id}|${c.status}`);
								}
								break;
							}
							case 'advance':
								mock.state.clock.advance(step.minutes * MIN + 321);
								break;
							case 'poll':
								await conversions.poll();
								await statuses.poll();
								break;
							case 'manual':
								expect((await statuses.poll({ mode: 'manual' })).items.length).toBeLessThanOrEqual(
									3,
								);
								break;
							case 'fault':
								mock.faults.add({ path: step.path, status: 500, times: 1 });
								break;
							case 'concurrent': {
								let done = false;
								mock.state.onBeforeRespond = ({ path, query }) => {
									if (done || path !== '/conversions' || query.page === '1') return;
									done = true;
									const c = mock.state.addConversion({ at: now() - 5 * SEC });
									added.add(c.id);
									pairsEver.add(`${c.id}|${c.status}`);
								};
								break;
							}
						}
					}
					mock.state.onBeforeRespond = null;
					mock.faults.enabled = false;
					await conversions.drain(() => mock.state.clock.advance(MIN), 100);
					await statuses.drain(() => mock.state.clock.advance(MIN), 100);
					totalPolls += conversions.polls + statuses.polls;

					// New Conversion: exactly the conversions added after the baseline.
					const got = conversions.delivered.map((i) => String(i.conversionId));
					expect(duplicates(got)).toEqual([]);
					expect([...got].sort()).toEqual([...added].sort());

					// Status Changed: every pair new after the baseline, once; previous = last reported.
					const pairs = statuses.delivered.map((i) => `${i.conversionId}|${i.rawStatus}`);
					expect(duplicates(pairs)).toEqual([]);
					expect(pairs.filter((p) => !pairsEver.has(p))).toEqual([]);
					const baselinePairs = new Set([...baselineStatus].map(([id, s]) => `${id}|${s}`));
					const finalPairs = mock.state.conversions.map((c) => `${c.id}|${c.status}`);
					expect(finalPairs.filter((p) => !baselinePairs.has(p) && !pairs.includes(p))).toEqual([]);
					const last = new Map(baselineStatus);
					for (const item of statuses.delivered) {
						const id = String(item.conversionId);
						const before = last.get(id);
						if (item.event === 'conversion.statusChanged') {
							expect(item.previousRawStatus).toBe(before);
						} else {
							expect(item.event).toBe('conversion.created');
							expect(before).toBeUndefined();
							expect(baselineIds.has(id)).toBe(false);
						}
						last.set(id, String(item.rawStatus));
					}
					// Bounded state: engine keys of the window plus ~10 characters per conversion.
					expect(statuses.stored.length).toBeLessThan(20_000);
				} finally {
					await mock.close();
				}
			}),
			{ numRuns: 15, seed: 20250617 },
		);
		expect(totalPolls).toBeGreaterThan(250);
	});
});

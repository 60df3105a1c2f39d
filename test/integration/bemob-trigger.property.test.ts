/**
 * Property-based: BeMob's "Report Row New or Changed" against the BeMob mock over real HTTP, with
 * random traffic on today and past days (BeMob's re-sync), conversion status changes, midnight
 * passing, faults on any report page, lost saves and manual polls, static data JSON round-tripped
 * every poll. Oracle: after every successful poll, the rows it emitted are exactly the rows of the
 * report (read right after, at the same instant) whose numbers differ from the last version
 * emitted (or remembered by the first run); so nothing is lost and nothing repeated.
 */
import fc from 'fast-check';

import { BeMobApi } from '../../credentials/BeMobApi.credentials';
import { BeMobTrigger } from '../../nodes/BeMob/BeMobTrigger.node';
import { pollBeMob } from '../../nodes/BeMob/trigger/poll';
import { startBeMobMock } from '../mock-servers/bemob/server';
import { mulberry32 } from '../mock-servers/shared/faults';
import type { FaultRule } from '../mock-servers/shared/faults';
import { TriggerDriver } from '../unit/binom/driver';

const T0 = Date.UTC(2025, 5, 16, 20, 0, 0);

const stepArb = fc.record({
	advanceMin: fc.integer({ min: 1, max: 240 }),
	visits: fc.integer({ min: 0, max: 3 }),
	daysBack: fc.integer({ min: 0, max: 4 }),
	conversions: fc.integer({ min: 0, max: 2 }),
	statusChange: fc.boolean(),
	fault: fc.constantFrom('none', 'none', 'none', '500', 'reset', 'truncate'),
	crash: fc.boolean(),
});

const scenarioArb = fc.record({
	seed: fc.integer({ min: 1, max: 2 ** 30 }),
	pageSize: fc.integer({ min: 2, max: 5 }),
	recheckDays: fc.integer({ min: 1, max: 3 }),
	emitExisting: fc.boolean(),
	zone: fc.constantFrom('UTC', 'Europe/Madrid', 'America/New_York'),
	groups: fc.constantFrom(['campaign'], ['campaign', 'country']),
	steps: fc.array(stepArb, { minLength: 6, maxLength: 14 }),
});

const STATUSES = ['new', 'confirm', 'decline', 'charge'] as const;

describe('BeMob Trigger properties (mock, fast-check)', () => {
	it('Report Row New or Changed: exactly the changed rows, once', async () => {
		let polls = 0;
		await fc.assert(
			fc.asyncProperty(scenarioArb, async (s) => {
				const mock = await startBeMobMock({ seedData: false, now: T0, timezone: s.zone });
				try {
					const rnd = mulberry32(s.seed);
					const st = mock.state;
					st.trafficSources.push({ id: 'ts-1', name: 'ExoClick' });
					st.offers.push({ id: 'of-1', name: 'Offer', affiliateNetworkId: '', payout: 10 });
					st.addCampaign({ id: 'c-1', name: 'A', countryId: 'ES' });
					st.addCampaign({ id: 'c-2', name: 'B', countryId: 'DE' });
					const clock = () => st.clock.now();
					const params = {
						event: 'reportRowChanged',
						groupBy: s.groups,
						recheckDays: s.recheckDays,
						emitExisting: s.emitExisting,
						options: { timezone: s.zone, pageSize: s.pageSize, sampleSize: 100 },
					};
					const d = new TriggerDriver(new BeMobTrigger(), params, pollBeMob, clock, {
						type: new BeMobApi(),
						data: { url: mock.url, apiKey: mock.accessKey, secretKey: mock.secretKey },
					});
					const snapshot = async () => {
						const { items, error } = await d.poll('manual');
						if (error && !/no rows/.test(error.message)) throw error;
						return new Map(items.map((i) => [String(i.rowKey), JSON.stringify(i.metrics)]));
					};
					const known = new Map<string, string>();
					const check = async (fault?: { remove(): void }) => {
						const fresh = d.stored === '{}';
						const { items, error } = await d.poll();
						fault?.remove();
						if (error) return;
						const now = await snapshot();
						const expected = [...now.entries()]
							.filter(([k, m]) => (fresh ? s.emitExisting : known.get(k) !== m))
							.map(([k]) => k)
							.sort();
						if (fresh && !s.emitExisting) for (const [k, m] of now) known.set(k, m);
						expect(items.map((i) => String(i.rowKey)).sort()).toEqual(expected);
						for (const i of items) {
							expect(i.change).toBe(known.has(String(i.rowKey)) ? 'changed' : 'new');
							known.set(String(i.rowKey), JSON.stringify(i.metrics));
						}
					};
					for (const step of s.steps) {
						st.clock.advance(step.advanceMin * 60_000);
						for (let i = 0; i < step.visits; i++) {
							st.addVisit({
								campaignId: rnd() < 0.5 ? 'c-1' : 'c-2',
								at: clock() - Math.floor(rnd() * step.daysBack * 86_400_000),
								cost: 1 + Math.floor(rnd() * 3),
							});
						}
						for (let i = 0; i < step.conversions && st.visits.length; i++) {
							const v = st.visits[Math.floor(rnd() * st.visits.length)];
							st.addConversion({
								cid: v.id,
								at: Math.max(v.t, clock() - 3_600_000),
								status: 'new',
							});
						}
						if (step.statusChange && st.conversions.length) {
							const c = st.conversions[Math.floor(rnd() * st.conversions.length)];
							st.setConversionStatus(c.txid, STATUSES[Math.floor(rnd() * 4)]);
						}
						let rule: FaultRule | undefined;
						if (step.fault === '500') rule = { status: 500 };
						else if (step.fault === 'reset') rule = { reset: true };
						else if (step.fault === 'truncate') rule = { truncate: { mode: 'end' } };
						const handle = rule
							? mock.faults.add({
									path: '/v1/report',
									times: 1,
									probability: 0.5,
									seed: s.seed,
									...rule,
								})
							: undefined;
						await check(handle);
						if (step.crash) d.crash();
					}
					await check();
					polls += d.polls;
				} finally {
					await mock.close();
				}
			}),
			{ numRuns: 14, seed: 2025, endOnFailure: true },
		);
		expect(polls).toBeGreaterThan(200);
	});
});

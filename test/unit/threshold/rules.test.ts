/**
 * The Metric Threshold rules kit (nodes/shared/threshold/rules.ts) and its use in emitThreshold:
 * cooldown, max actions per day, whitelist, the audit record, bounded state. Clock fixed.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import {
	RulesSession,
	dayOf,
	emitThreshold,
	onWhitelist,
	parseConditions,
	parseWhitelist,
	readThresholdOptions,
	resolvePeriod,
	rulesStateKey,
	thresholdOptionsProperty,
} from '../../../nodes/shared/threshold';
import type { ActionRules } from '../../../nodes/shared/threshold';

const T0 = Date.UTC(2025, 5, 16, 10, 0, 0);
const HOUR = 3_600_000;

const rules = (r: Partial<ActionRules>): ActionRules => ({ cooldownHours: 0, maxActionsPerDay: 0, whitelist: [], ...r });

describe('RulesSession', () => {
	it('cooldown: the same row does not fire again within N hours, then does', () => {
		const r = rules({ cooldownHours: 6 });
		const s1 = new RulesSession(r, undefined, T0, 'UTC');
		expect(s1.check('stream_id=1', {}).fire).toBe(true);
		expect(s1.check('stream_id=2', {}).fire).toBe(true);
		const st = JSON.parse(JSON.stringify(s1.state())) as unknown;
		const s2 = new RulesSession(r, st, T0 + 5 * HOUR, 'UTC');
		expect(s2.check('stream_id=1', {})).toEqual({ fire: false, reason: 'cooldown' });
		expect(s2.check('stream_id=3', {}).fire).toBe(true);
		const s3 = new RulesSession(r, s2.state(), T0 + 6 * HOUR, 'UTC');
		expect(s3.check('stream_id=1', {}).fire).toBe(true);
	});

	it('max actions per day counts per calendar day of the zone', () => {
		const r = rules({ maxActionsPerDay: 2 });
		// 20:00 UTC is already the next day in Tokyo
		const late = Date.UTC(2025, 5, 16, 20, 0, 0);
		expect(dayOf(late, 'UTC')).toBe('2025-06-16');
		expect(dayOf(late, 'Asia/Tokyo')).toBe('2025-06-17');
		expect(dayOf(late, 'America/New_York')).toBe('2025-06-16');
		const s1 = new RulesSession(r, undefined, T0, 'UTC');
		expect([s1.check('a', {}), s1.check('b', {}), s1.check('c', {})].map((v) => v.fire)).toEqual([true, true, false]);
		expect(s1.held.maxActionsPerDay).toBe(1);
		const s2 = new RulesSession(r, s1.state(), T0 + HOUR, 'UTC');
		expect(s2.check('c', {}).reason).toBe('maxActionsPerDay');
		const s3 = new RulesSession(r, s2.state(), T0 + 14 * HOUR + 1, 'UTC'); // 2025-06-17 00:00:00.001
		expect(s3.check('c', {}).fire).toBe(true);
		expect(s3.actionsToday).toBe(1);
	});

	it('whitelist: row key, dimension=value, or a bare ID / name; exact matches only', () => {
		const json = {
			rowKey: 'campaign_id=7|stream_id=12',
			dimensions: { campaign_id: 7, stream_id: 12, stream: 'Bot filter' },
			flowId: '12',
			flowName: 'Bot filter',
			metrics: { roi: -50 },
		};
		expect(onWhitelist(['campaign_id=7|stream_id=12'], json)).toBe(true);
		expect(onWhitelist(['stream_id=12'], json)).toBe(true);
		expect(onWhitelist(['stream_id=7'], json)).toBe(false);
		expect(onWhitelist(['Bot filter'], json)).toBe(true);
		expect(onWhitelist(['bot filter'], json)).toBe(false);
		expect(onWhitelist(['12'], json)).toBe(true);
		expect(onWhitelist(['1'], json)).toBe(false);
		expect(onWhitelist(['-50'], json)).toBe(false); // measure values are not identities
		expect(parseWhitelist(' stream_id=12, Bot filter\n40,, 40 ')).toEqual(['stream_id=12', 'Bot filter', '40']);
	});

	it('state stays bounded: only rows inside the cooldown are kept', () => {
		const r = rules({ cooldownHours: 1 });
		const s1 = new RulesSession(r, undefined, T0, 'UTC');
		for (let i = 0; i < 100; i++) s1.check(`row=${i}`, {});
		expect(Object.keys(s1.state().c)).toHaveLength(100);
		const s2 = new RulesSession(r, s1.state(), T0 + 2 * HOUR, 'UTC');
		s2.check('row=x', {});
		expect(Object.keys(s2.state().c)).toHaveLength(1);
		// without a cooldown nothing per row is stored
		const s3 = new RulesSession(rules({ maxActionsPerDay: 5 }), undefined, T0, 'UTC');
		s3.check('a', {});
		expect(s3.state().c).toEqual({});
		// a broken stored state is ignored, not trusted
		expect(new RulesSession(r, { v: 1, d: 5, c: [] }, T0, 'UTC').actionsToday).toBe(0);
	});
});

describe('Threshold Options: the rules fields', () => {
	it('are offered and read (0 / empty means off)', () => {
		const names = thresholdOptionsProperty().options!.map((o) => (o as { name: string }).name);
		expect(names).toEqual(expect.arrayContaining(['cooldownHours', 'maxActionsPerDay', 'whitelist']));
		expect(readThresholdOptions({}, 100).rules).toEqual(rules({}));
		expect(readThresholdOptions({ cooldownHours: 12, maxActionsPerDay: 3.7, whitelist: 'a, b' }, 100).rules).toEqual(
			rules({ cooldownHours: 12, maxActionsPerDay: 3, whitelist: ['a', 'b'] }),
		);
		expect(readThresholdOptions({ cooldownHours: -2, maxActionsPerDay: 'x' }, 100).rules).toEqual(rules({}));
	});
});

describe('emitThreshold with the rules kit', () => {
	const staticData: IDataObject = {};
	const logs: string[] = [];
	const ctx = {
		getMode: () => 'trigger',
		getNode: () => ({ id: 'n', name: 'T', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		getWorkflowStaticData: () => staticData,
		logger: { debug: () => undefined, warn: () => undefined, info: (m: string) => logs.push(m), error: () => undefined },
		helpers: { returnJsonArray: (d: IDataObject[]) => d.map((json) => ({ json })) },
	} as unknown as IPollFunctions;
	const conditions = parseConditions([
		{ measure: 'roi', operator: 'lt', value: -30 },
		{ measure: 'cost', operator: 'gt', value: 50 },
	]).conditions;

	const poll = (rows: IDataObject[], nowMs: number, r: ActionRules): IDataObject[] => {
		const out: INodeExecutionData[][] | null = emitThreshold(ctx, {
			rows,
			complete: true,
			requests: 1,
			key: (row) => `stream_id=${String(row.id)}`,
			conditions,
			period: resolvePeriod({ kind: 'today' }, nowMs, 'UTC'),
			config: {},
			stateKey: 'th',
			options: { alertExisting: true, emitRecovered: false, maxRows: 100, maxFiring: 100, rules: r },
			sampleSize: 5,
			toJson: (row, event, met) => ({
				event,
				rowKey: `stream_id=${String(row.id)}`,
				dimensions: { stream_id: row.id },
				flowId: String(row.id),
				metrics: { roi: row.roi, cost: row.cost },
				conditionMet: met,
			}),
			logPrefix: 'test',
			now: nowMs,
		});
		// static data goes through JSON between polls, as n8n stores it
		const copy = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		for (const k of Object.keys(staticData)) delete staticData[k];
		Object.assign(staticData, copy);
		return out ? out[0].map((i) => i.json) : [];
	};
	const bad = (id: number) => ({ id, roi: -60, cost: 80 });
	const good = (id: number) => ({ id, roi: 10, cost: 80 });

	beforeEach(() => {
		for (const k of Object.keys(staticData)) delete staticData[k];
		logs.length = 0;
	});

	it('every fire carries an audit item: what, why, which rule, values', () => {
		const [item] = poll([bad(1)], T0, rules({ maxActionsPerDay: 5, cooldownHours: 2 }));
		expect(item.audit).toEqual({
			at: '2025-06-16T10:00:00.000Z',
			event: 'threshold.crossed',
			what: 'stream_id=1',
			rule: 'roi < -30 AND cost > 50',
			why: 'Met: roi -60 < -30 AND cost 80 > 50',
			values: { roi: -60, cost: 80 },
			period: expect.stringContaining('2025-06-16'),
			cooldownHours: 2,
			maxActionsPerDay: 5,
			actionNumberToday: 1,
		});
		// also without rules
		for (const k of Object.keys(staticData)) delete staticData[k];
		const [plain] = poll([bad(2)], T0, rules({}));
		expect((plain.audit as IDataObject).why).toBe('Met: roi -60 < -30 AND cost 80 > 50');
		expect(staticData[rulesStateKey('th')]).toBeUndefined();
	});

	it('cooldown: a row that recovers and crosses again within N hours does not fire twice', () => {
		const r = rules({ cooldownHours: 3 });
		expect(poll([bad(1)], T0, r).map((j) => j.flowId)).toEqual(['1']);
		expect(poll([good(1)], T0 + HOUR, r)).toEqual([]);
		expect(poll([bad(1)], T0 + 2 * HOUR, r)).toEqual([]); // crossed again: held by the cooldown
		expect(logs.join()).toMatch(/1 crossings held back \(whitelist 0, cooldown 1/);
		expect(poll([bad(1)], T0 + 3 * HOUR, r).map((j) => j.flowId)).toEqual(['1']); // cooldown over
		expect(poll([bad(1)], T0 + 4 * HOUR, r)).toEqual([]); // still firing: the evaluator holds it
	});

	it('cooldown spans a new period (a new day re-arms the evaluator, not the cooldown)', () => {
		const r = rules({ cooldownHours: 24 });
		const evening = Date.UTC(2025, 5, 16, 22, 0, 0);
		expect(poll([bad(1)], evening, r)).toHaveLength(1);
		expect(poll([bad(1)], evening + 4 * HOUR, r)).toEqual([]); // next day, 4 h later
		expect(poll([bad(1)], evening + 24 * HOUR, r)).toHaveLength(1);
	});

	it('max actions per day: the rest wait for a later day, none is lost or repeated', () => {
		const r = rules({ maxActionsPerDay: 2 });
		const rows = [bad(1), bad(2), bad(3)];
		expect(poll(rows, T0, r).map((j) => [j.flowId, (j.audit as IDataObject).actionNumberToday])).toEqual([
			['1', 1],
			['2', 2],
		]);
		expect(poll(rows, T0 + HOUR, r)).toEqual([]);
		const nextDay = Date.UTC(2025, 5, 17, 0, 5, 0);
		// the new day re-arms all three; row 3 first in report order would be 1, but the cap is 2
		expect(poll(rows, nextDay, r).map((j) => j.flowId)).toEqual(['1', '2']);
	});

	it('whitelist: listed rows never fire, the others do', () => {
		const r = rules({ whitelist: ['stream_id=2', '3'] });
		expect(poll([bad(1), bad(2), bad(3)], T0, r).map((j) => j.flowId)).toEqual(['1']);
		expect(poll([bad(1), bad(2), bad(3)], T0 + HOUR, r)).toEqual([]);
		// taken off the whitelist: fires at the next poll
		expect(poll([bad(1), bad(2), bad(3)], T0 + 2 * HOUR, rules({ whitelist: ['3'] })).map((j) => j.flowId)).toEqual(['2']);
	});

	it('"alert existing" off: rows already crossing are remembered silently and use no budget', () => {
		const r = rules({ maxActionsPerDay: 1 });
		const out = emitThreshold(ctx, {
			rows: [bad(1)],
			complete: true,
			requests: 1,
			key: (row) => `stream_id=${String(row.id)}`,
			conditions,
			period: resolvePeriod({ kind: 'today' }, T0, 'UTC'),
			config: {},
			stateKey: 'th',
			options: { alertExisting: false, emitRecovered: false, maxRows: 100, maxFiring: 100, rules: r },
			sampleSize: 5,
			toJson: (row, event) => ({ event, rowKey: `stream_id=${String(row.id)}`, metrics: row }),
			logPrefix: 'test',
			now: T0,
		});
		expect(out).toBeNull();
		expect(poll([bad(1), bad(2)], T0 + HOUR, r).map((j) => j.flowId)).toEqual(['2']);
	});
});

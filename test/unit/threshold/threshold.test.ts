import fc from 'fast-check';

import {
	conditionsMet,
	describeConditions,
	evaluateThreshold,
	parseConditions,
	resolvePeriod,
	validatePeriod,
} from '../../../nodes/shared/threshold';
import type { ThresholdCondition, ThresholdInput } from '../../../nodes/shared/threshold';

interface Row {
	id: string;
	roi: number | string | null;
	cost: number | string;
}

const losing: ThresholdCondition[] = [
	{ measure: 'roi', operator: 'lt', value: -30 },
	{ measure: 'cost', operator: 'gt', value: 50 },
];

function input(rows: Row[], previous: unknown, extra: Partial<ThresholdInput<Row>> = {}) {
	return {
		rows,
		key: (r: Row) => `campaign_id=${r.id}`,
		metrics: (r: Row) => ({ roi: r.roi, cost: r.cost }),
		conditions: losing,
		period: 'today:2025-06-16',
		config: { dimensions: ['campaign_id'] },
		previous,
		...extra,
	};
}

describe('conditions', () => {
	it('parses a fixedCollection with names, symbols and numeric strings', () => {
		const parsed = parseConditions({
			condition: [
				{ measure: 'roi', operator: 'lt', value: '-30' },
				{ measure: 'cost', operator: '>', value: 50 },
			],
		});
		expect(parsed.problems).toEqual([]);
		expect(parsed.conditions).toEqual(losing);
		expect(describeConditions(parsed.conditions)).toBe('roi < -30 AND cost > 50');
	});

	it('reports every problem', () => {
		expect(parseConditions(undefined).problems).toHaveLength(1);
		expect(parseConditions({ condition: [] }).problems).toHaveLength(1);
		const parsed = parseConditions([{ measure: '', operator: 'about', value: 'x' }]);
		expect(parsed.conditions).toEqual([]);
		expect(parsed.problems).toEqual([
			'Condition 1: choose a measure',
			expect.stringContaining('unknown operator "about"'),
			'Condition 1: the value "x" is not a number',
		]);
	});

	it('ANDs conditions; a missing or non-numeric measure fails', () => {
		expect(conditionsMet({ roi: '-45.5', cost: '60.00' }, losing)).toBe(true);
		expect(conditionsMet({ roi: -45, cost: 50 }, losing)).toBe(false);
		expect(conditionsMet({ roi: null, cost: 60 }, losing)).toBe(false);
		expect(conditionsMet({ cost: 60 }, losing)).toBe(false);
		expect(conditionsMet({ roi: -45, cost: 60 }, [])).toBe(false);
		const ops: Array<[ThresholdCondition['operator'], boolean]> = [
			['lt', false],
			['lte', true],
			['gt', false],
			['gte', true],
			['eq', true],
			['neq', false],
		];
		for (const [operator, expected] of ops) {
			expect(conditionsMet({ x: 5 }, [{ measure: 'x', operator, value: 5 }])).toBe(expected);
		}
	});
});

describe('periods', () => {
	const now = Date.parse('2025-03-30T12:34:56.789Z'); // the day Madrid moves to summer time

	it('today and yesterday are calendar days of the zone (DST day is 23 h)', () => {
		const today = resolvePeriod({ kind: 'today' }, now, 'Europe/Madrid');
		expect(today).toMatchObject({
			key: 'today:2025-03-30',
			from: '2025-03-30 00:00:00',
			to: '2025-03-30 14:34:56',
			fromMs: Date.parse('2025-03-29T23:00:00Z'),
		});
		const y = resolvePeriod({ kind: 'yesterday' }, now, 'Europe/Madrid');
		expect(y).toMatchObject({
			key: 'yesterday:2025-03-29',
			from: '2025-03-29 00:00:00',
			to: '2025-03-29 23:59:59',
		});
		const next = resolvePeriod({ kind: 'today' }, now + 86_400_000, 'Europe/Madrid');
		expect(next.fromMs - today.fromMs).toBe(23 * 3_600_000);
	});

	it('last N days include today and change key at midnight; last N hours is rolling', () => {
		const d = resolvePeriod({ kind: 'lastDays', days: 7 }, now, 'UTC');
		expect(d).toMatchObject({ key: 'lastDays:7:2025-03-24', from: '2025-03-24 00:00:00' });
		const h = resolvePeriod({ kind: 'lastHours', hours: 6 }, now, 'UTC');
		expect(h).toMatchObject({
			key: 'lastHours:6',
			from: '2025-03-30 06:34:56',
			to: '2025-03-30 12:34:56',
		});
		expect(resolvePeriod({ kind: 'lastHours', hours: 6 }, now + 3_600_000, 'UTC').key).toBe(h.key);
	});

	it('validates', () => {
		expect(validatePeriod({ kind: 'today' }, 'UTC')).toEqual([]);
		expect(validatePeriod({ kind: 'lastHours', hours: 0 }, 'UTC')).toHaveLength(1);
		expect(validatePeriod({ kind: 'lastDays', days: 1.5 }, 'UTC')).toHaveLength(1);
		expect(validatePeriod({ kind: 'today' }, 'Mars/Base')).toHaveLength(1);
	});
});

describe('evaluateThreshold', () => {
	const a = (roi: number, cost = 60): Row => ({ id: 'a', roi, cost });
	const b = (roi: number, cost = 60): Row => ({ id: 'b', roi, cost });

	it('fires once, does not re-fire while matching, re-arms after recovery', () => {
		const r1 = evaluateThreshold(input([a(-40), b(10)], undefined));
		expect(r1.crossed.map((r) => r.id)).toEqual(['a']);
		expect(r1.stats.reset).toBe('first-run');

		const r2 = evaluateThreshold(input([a(-50), b(10)], JSON.parse(JSON.stringify(r1.state))));
		expect(r2.crossed).toEqual([]);
		expect(r2.stats.stillFiring).toBe(1);

		const r3 = evaluateThreshold(input([a(-10), b(-35)], r2.state));
		expect(r3.crossed.map((r) => r.id)).toEqual(['b']);
		expect(r3.recovered.map((r) => r.id)).toEqual(['a']);

		const r4 = evaluateThreshold(input([a(-31), b(-35)], r3.state));
		expect(r4.crossed.map((r) => r.id)).toEqual(['a']);
		expect(r4.stats.firing).toBe(2);
	});

	it('a new period fires again; a missing row in a complete report recovers', () => {
		const r1 = evaluateThreshold(input([a(-40)], undefined));
		const r2 = evaluateThreshold(input([a(-40)], r1.state, { period: 'today:2025-06-17' }));
		expect(r2.crossed).toHaveLength(1);
		expect(r2.stats.reset).toBe('new-period');

		const gone = evaluateThreshold(input([], r2.state, { period: 'today:2025-06-17' }));
		expect(gone.stats.recoveredAbsent).toBe(1);
		expect(gone.state.f).toBe('');
		const partial = evaluateThreshold(
			input([], r2.state, { period: 'today:2025-06-17', complete: false }),
		);
		expect(partial.stats.firing).toBe(1);
	});

	it('silent initial remembers rows already crossing; config change and bad state reset', () => {
		const r1 = evaluateThreshold(input([a(-40)], undefined, { initial: 'silent' }));
		expect(r1.crossed).toEqual([]);
		expect(r1.stats.firing).toBe(1);
		const r2 = evaluateThreshold(input([a(-40), b(-40)], r1.state, { initial: 'silent' }));
		expect(r2.crossed.map((r) => r.id)).toEqual(['b']);

		const changed = evaluateThreshold(input([a(-40)], r2.state, { config: { other: true } }));
		expect(changed.stats.reset).toBe('config-changed');
		expect(changed.crossed).toHaveLength(1);
		const bad = evaluateThreshold(input([a(-40)], { v: 1, fp: 'x', p: 'y', f: '###' }));
		expect(bad.stats.reset).toBe('invalid-state');
	});

	it('defers rows over the cap instead of repeating them', () => {
		const rows = ['a', 'b', 'c'].map((id) => ({ id, roi: -40, cost: 60 }));
		const r1 = evaluateThreshold(input(rows, undefined, { maxFiring: 2 }));
		expect(r1.crossed.map((r) => r.id)).toEqual(['a', 'b']);
		expect(r1.stats.deferred).toBe(1);
		const r2 = evaluateThreshold(
			input([{ id: 'a', roi: 0, cost: 60 }, rows[1], rows[2]], r1.state, { maxFiring: 2 }),
		);
		expect(r2.crossed.map((r) => r.id)).toEqual(['c']);
		expect(r2.stats.firing).toBe(2);
	});

	it('property: each row fires exactly on its not-firing → matching transitions', () => {
		const ids = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
		const poll = fc.record({
			present: fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
			roi: fc.array(fc.integer({ min: -80, max: 40 }), {
				minLength: ids.length,
				maxLength: ids.length,
			}),
			newDay: fc.boolean(),
		});
		fc.assert(
			fc.property(fc.array(poll, { minLength: 1, maxLength: 40 }), (polls) => {
				let state: unknown;
				let day = 0;
				const firing = new Set<string>();
				for (const p of polls) {
					if (p.newDay) {
						day++;
						firing.clear();
					}
					const rows = ids
						.map((id, i) => ({ id, roi: p.roi[i], cost: 100 }))
						.filter((_, i) => p.present[i]);
					const res = evaluateThreshold(
						input(rows, state, { period: `today:${day}`, maxFiring: ids.length }),
					);
					const expected: string[] = [];
					for (const id of ids) {
						const row = rows.find((r) => r.id === id);
						const met = !!row && (row.roi as number) < -30;
						if (met && !firing.has(id)) expected.push(id);
						if (met) firing.add(id);
						else firing.delete(id);
					}
					expect(res.crossed.map((r) => r.id)).toEqual(expected);
					expect(res.stats.firing).toBe(firing.size);
					state = JSON.parse(JSON.stringify(res.state));
					expect((state as { f: string }).f.length).toBeLessThanOrEqual(9 * ids.length);
				}
			}),
			{ numRuns: 200 },
		);
	});
});

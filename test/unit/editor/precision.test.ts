/**
 * Number fields show what they need (issue 14 §4 saw "10.0000", "-30.0000", "0.0000"). How a number
 * field is drawn without `numberPrecision` depends on the editor build (n8n 2.39's number input
 * formats with up to 20 decimals and no minimum; the issue's editor padded to 4). So no field of
 * ours leaves it to the editor: each number field of each node states `numberPrecision`,
 * whole numbers (IDs, counts, sizes, durations, positions) 0, money at least 2 (more where the
 * tracker stores more), percents 2 at most.
 */
import type { INodeProperties } from 'n8n-workflow';

import { allProperties, nodeFiles, type Found } from './descriptions';

const numbers = allProperties().filter((f) => f.property.type === 'number');
const precision = (p: INodeProperties) => p.typeOptions?.numberPrecision;
const label = (f: Found) => `${f.node} › ${f.where}`;

const WHOLE =
	/\b(ID|IDs|Limit|Offset|Count|Size|Rows|Days|Hours|Minutes|Seconds|Position|Weight|Port|Cap|Attempts|Number|Columns|Postbacks|Items|Actions|Window)\b|\(KB\)/i;
const MONEY = /\b(cost|payout|revenue|spend|amount|price)\b/i;
const PERCENT = /%/;

describe('numberPrecision on every number field', () => {
	it('walks all nodes and finds their number fields', () => {
		expect(nodeFiles().length).toBeGreaterThanOrEqual(13);
		expect(numbers.length).toBeGreaterThanOrEqual(100);
	});

	it('every number field states its precision (none is left to the editor)', () => {
		expect(numbers.filter((f) => precision(f.property) === undefined).map(label)).toEqual([]);
	});

	it('whole numbers show no decimals', () => {
		const bad = numbers.filter(
			(f) =>
				WHOLE.test(f.property.displayName) &&
				!MONEY.test(f.property.displayName) &&
				precision(f.property) !== 0,
		);
		expect(bad.map((f) => `${label(f)}: ${precision(f.property)}`)).toEqual([]);
	});

	it('money shows cents (2 or more); percents at most 2 decimals', () => {
		const money = numbers.filter(
			(f) => MONEY.test(f.property.displayName) && !WHOLE.test(f.property.displayName),
		);
		expect(money.length).toBeGreaterThan(0);
		expect(money.filter((f) => (precision(f.property) ?? 0) < 2).map(label)).toEqual([]);
		const pct = numbers.filter((f) => PERCENT.test(f.property.displayName));
		expect(pct.filter((f) => (precision(f.property) ?? 99) > 2).map(label)).toEqual([]);
	});

	it('a default fits its precision (no "10.5" shown as "11")', () => {
		const bad = numbers.filter((f) => {
			const d = f.property.default;
			if (typeof d !== 'number') return false;
			return Number(d.toFixed(precision(f.property) ?? 20)) !== d;
		});
		expect(bad.map((f) => `${label(f)}: ${String(f.property.default)}`)).toEqual([]);
	});
});

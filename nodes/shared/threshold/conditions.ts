/**
 * Threshold conditions: `measure operator value`, several AND-ed, evaluated on one report row.
 * Measures are the tracker's report measure names (e.g. `roi`, `cost`, `conversions`); values are
 * coerced with the canonical model's number rules, so "45.00" and 45 compare alike.
 */
import { toNumberOrNull } from '../model/canonical';

export type ThresholdOperator = 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'neq';

export interface ThresholdCondition {
	/** Report measure name, e.g. `roi`. */
	measure: string;
	operator: ThresholdOperator;
	value: number;
}

/** The operators with their symbols (used in messages and in the UI). */
export const THRESHOLD_OPERATORS: ReadonlyArray<{
	value: ThresholdOperator;
	symbol: string;
	name: string;
}> = [
	{ value: 'lt', symbol: '<', name: 'Is Less Than' },
	{ value: 'lte', symbol: '<=', name: 'Is Less Than or Equal To' },
	{ value: 'gt', symbol: '>', name: 'Is Greater Than' },
	{ value: 'gte', symbol: '>=', name: 'Is Greater Than or Equal To' },
	{ value: 'eq', symbol: '=', name: 'Is Equal To' },
	{ value: 'neq', symbol: '!=', name: 'Is Not Equal To' },
];

const SYMBOLS: Record<string, ThresholdOperator> = {};
for (const o of THRESHOLD_OPERATORS) {
	SYMBOLS[o.value] = o.value;
	SYMBOLS[o.symbol] = o.value;
}
SYMBOLS['=='] = 'eq';
SYMBOLS['<>'] = 'neq';

export interface ParsedConditions {
	conditions: ThresholdCondition[];
	/** Human-readable problems; empty when every condition is valid. */
	problems: string[];
}

/**
 * Reads conditions from a parameter value: a list of `{measure, operator, value}` objects, or an
 * n8n fixedCollection `{ condition: [...] }`. Operators may be names (`lt`) or symbols (`<`);
 * values may be numeric strings. At least one condition is required.
 */
export function parseConditions(raw: unknown): ParsedConditions {
	const out: ParsedConditions = { conditions: [], problems: [] };
	let list: unknown = raw;
	if (list && typeof list === 'object' && !Array.isArray(list)) {
		list =
			(list as Record<string, unknown>).condition ?? (list as Record<string, unknown>).conditions;
	}
	if (!Array.isArray(list) || list.length === 0) {
		out.problems.push('Add at least one condition (for example: roi is less than -30)');
		return out;
	}
	list.forEach((entry, index) => {
		const where = `Condition ${index + 1}`;
		const e = (entry ?? {}) as Record<string, unknown>;
		const measure = typeof e.measure === 'string' ? e.measure.trim() : '';
		const operator = SYMBOLS[String(e.operator ?? '').trim()];
		const value = toNumberOrNull(e.value);
		if (!measure) out.problems.push(`${where}: choose a measure`);
		if (!operator) {
			out.problems.push(
				`${where}: unknown operator "${String(e.operator)}" (use one of ${THRESHOLD_OPERATORS.map((o) => o.symbol).join(' ')})`,
			);
		}
		if (value === null)
			out.problems.push(`${where}: the value "${String(e.value)}" is not a number`);
		if (measure && operator && value !== null) out.conditions.push({ measure, operator, value });
	});
	return out;
}

function compare(actual: number, op: ThresholdOperator, value: number): boolean {
	switch (op) {
		case 'lt':
			return actual < value;
		case 'lte':
			return actual <= value;
		case 'gt':
			return actual > value;
		case 'gte':
			return actual >= value;
		case 'eq':
			return actual === value;
		default:
			return actual !== value;
	}
}

/**
 * True when every condition holds for `metrics` (AND). A measure that is missing or not a number
 * (e.g. ROI of a row without cost) fails its condition. No conditions → false.
 */
export function conditionsMet(
	metrics: Readonly<Record<string, unknown>>,
	conditions: readonly ThresholdCondition[],
): boolean {
	if (conditions.length === 0) return false;
	for (const c of conditions) {
		const n = toNumberOrNull(metrics[c.measure]);
		if (n === null || !compare(n, c.operator, c.value)) return false;
	}
	return true;
}

/** "roi < -30 AND cost > 50". */
export function describeConditions(conditions: readonly ThresholdCondition[]): string {
	return conditions
		.map((c) => {
			const symbol = THRESHOLD_OPERATORS.find((o) => o.value === c.operator)?.symbol ?? c.operator;
			return `${c.measure} ${symbol} ${c.value}`;
		})
		.join(' AND ');
}

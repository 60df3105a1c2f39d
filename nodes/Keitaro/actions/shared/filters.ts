import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkCalendarDate, quote } from '../../../shared/validation';

import {
	FILTER_OPERATORS,
	NUMERIC_FIELDS,
	OPERATORS_LABEL,
	OPERATORS_LIST,
	OPERATORS_NO_VALUE,
	OPERATORS_NUMBER,
	OPERATORS_RANGE,
	OPERATORS_TEXT,
} from './vocabulary';

/** One row of the Filters collection as n8n stores it. */
export interface FilterRow {
	name?: string;
	operator?: string;
	value?: string | number;
	number?: number | string;
	values?: string | Array<string | number>;
	min?: string | number;
	max?: string | number;
	label?: string;
}

/** One `FilterRequest`: `{name, operator, expression?}`. */
export interface KeitaroFilter extends IDataObject {
	name: string;
	operator: string;
	expression?: string | number | Array<string | number>;
}

/**
 * The Filters collection: field, operator, and the value in the shape the operator needs (none,
 * a number, a text, a list, two bounds or a label).
 */
export function filtersProperty(fieldsMethod: string, what = 'rows'): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Filter',
		default: {},
		description: `Conditions the ${what} must meet, all at the same time. Filters on a measure (e.g. clicks > 100) apply to the grouped rows.`,
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: fieldsMethod },
						default: '',
						description:
							'Column or measure to filter on. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: FILTER_OPERATORS.map((o) => ({
							name: o.name,
							value: o.value,
							description: o.description,
						})),
						default: 'EQUALS',
					},
					{
						displayName: 'Range From',
						name: 'min',
						type: 'string',
						default: '',
						displayOptions: { show: { operator: OPERATORS_RANGE } },
						description: 'Lower bound (inclusive)',
					},
					{
						displayName: 'Range To',
						name: 'max',
						type: 'string',
						default: '',
						displayOptions: { show: { operator: OPERATORS_RANGE } },
						description: 'Upper bound (inclusive)',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { show: { operator: OPERATORS_TEXT } },
						description:
							'Value to compare with. Sent as a number for numeric fields (IDs, measures), as text otherwise.',
					},
					{
						displayName: 'Value',
						name: 'number',
						type: 'number',
						typeOptions: { numberPrecision: 4 },
						default: 0,
						displayOptions: { show: { operator: OPERATORS_NUMBER } },
						description: 'Number to compare with',
					},
					{
						displayName: 'Values',
						name: 'values',
						type: 'string',
						default: '',
						placeholder: 'US, DE, GB',
						displayOptions: { show: { operator: OPERATORS_LIST } },
						description: 'Values separated by commas or new lines',
					},
					{
						displayName: 'Whitelist or Blacklist',
						name: 'label',
						type: 'options',
						options: [
							{ name: 'Whitelist', value: 'whitelist' },
							{ name: 'Blacklist', value: 'blacklist' },
						],
						default: 'whitelist',
						displayOptions: { show: { operator: OPERATORS_LABEL } },
					},
				],
			},
		],
	};
}

const NUMBER_RE = /^-?\d+(?:\.\d+)?$/;
const DATE_VALUE_RE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/;

function toNumberOrThrow(
	ctx: IExecuteFunctions,
	raw: unknown,
	i: number,
	field: string,
	what: string,
): number {
	const n =
		typeof raw === 'number'
			? raw
			: typeof raw === 'string' && NUMBER_RE.test(raw.trim())
				? Number(raw)
				: NaN;
	if (!Number.isFinite(n)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Filter "${field.slice(0, 80)}": ${what} must be a number (got ${quote(raw)})`,
			{ itemIndex: i },
		);
	}
	return n;
}

/** A text value, sent as a number when the field is numeric and the text is a number. */
function typedValue(field: string, raw: unknown): string | number {
	if (typeof raw === 'number') return NUMERIC_FIELDS.has(field) ? raw : String(raw);
	const text = String(raw ?? '').trim();
	if (NUMERIC_FIELDS.has(field) && NUMBER_RE.test(text)) return Number(text);
	return text;
}

/** Splits "a, b\nc" (or takes an array from an expression) into list items. */
export function splitList(raw: unknown): string[] {
	if (Array.isArray(raw)) return raw.map((v) => String(v).trim()).filter((v) => v !== '');
	if (raw === undefined || raw === null) return [];
	return String(raw)
		.split(/[\n,]/)
		.map((v) => v.trim())
		.filter((v) => v !== '');
}

/** Turns one Filters row into a `FilterRequest` with the expression typed for its operator. */
export function buildFilter(ctx: IExecuteFunctions, row: FilterRow, i: number): KeitaroFilter {
	const name = String(row.name ?? '').trim();
	const operator = String(row.operator ?? '')
		.trim()
		.toUpperCase();
	if (!name) {
		throw new NodeOperationError(ctx.getNode(), 'Filters: a filter has no Field', {
			itemIndex: i,
			description: 'Pick the column or measure to filter on, or remove the empty filter.',
		});
	}
	if (!FILTER_OPERATORS.some((o) => o.value === operator)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Filter "${name}": unknown operator "${operator}"`,
			{
				itemIndex: i,
				description: `Valid operators: ${FILTER_OPERATORS.map((o) => o.value).join(', ')}`,
			},
		);
	}
	const filter: KeitaroFilter = { name, operator };
	if (OPERATORS_NO_VALUE.includes(operator)) return filter;
	if (OPERATORS_NUMBER.includes(operator)) {
		filter.expression = toNumberOrThrow(ctx, row.number ?? row.value, i, name, 'Number');
		return filter;
	}
	if (OPERATORS_LIST.includes(operator)) {
		const list = splitList(row.values ?? row.value);
		if (!list.length) {
			throw new NodeOperationError(ctx.getNode(), `Filter "${name}": Values is empty`, {
				itemIndex: i,
				description: 'Enter at least one value, separated by commas or new lines.',
			});
		}
		filter.expression = list.map((v) => typedValue(name, v));
		return filter;
	}
	if (OPERATORS_RANGE.includes(operator)) {
		const min = String(row.min ?? '').trim();
		const max = String(row.max ?? '').trim();
		if (min === '' || max === '') {
			throw new NodeOperationError(
				ctx.getNode(),
				`Filter "${name}": Between needs both Range From and Range To`,
				{ itemIndex: i },
			);
		}
		// Typed per operator: both ends numbers, or both ends dates (YYYY-MM-DD[ HH:MM[:SS]]); a
		// word such as "abc" would make the tracker silently return nothing.
		const bothNumbers = NUMBER_RE.test(min) && NUMBER_RE.test(max);
		const bothDates = DATE_VALUE_RE.test(min) && DATE_VALUE_RE.test(max);
		if (!bothNumbers && !bothDates) {
			const bad = NUMBER_RE.test(min) || DATE_VALUE_RE.test(min) ? max : min;
			throw new NodeOperationError(
				ctx.getNode(),
				`Filter "${name.slice(0, 80)}": Between needs two numbers or two dates, got ${quote(bad)}`,
				{ itemIndex: i, description: 'Enter numbers such as 10 and 20, or dates such as 2024-05-01 and 2024-05-31.' },
			);
		}
		if (bothDates) {
			for (const [end, v] of [['Range From', min], ['Range To', max]] as const) {
				const day = checkCalendarDate(v.slice(0, 10), `Filter "${name.slice(0, 80)}": ${end}`);
				if (!day.ok) throw new NodeOperationError(ctx.getNode(), day.message, { itemIndex: i });
			}
		}
		filter.expression = bothNumbers ? [Number(min), Number(max)] : [min, max];
		return filter;
	}
	if (OPERATORS_LABEL.includes(operator)) {
		const label = String(row.label ?? row.value ?? '')
			.trim()
			.toLowerCase();
		if (label !== 'whitelist' && label !== 'blacklist') {
			throw new NodeOperationError(
				ctx.getNode(),
				`Filter "${name}": Label must be whitelist or blacklist (got "${label}")`,
				{ itemIndex: i },
			);
		}
		filter.expression = label;
		return filter;
	}
	const text = row.value ?? '';
	if (String(text).trim() === '' && operator !== 'EQUALS' && operator !== 'NOT_EQUAL') {
		throw new NodeOperationError(ctx.getNode(), `Filter "${name}": Value is empty`, {
			itemIndex: i,
		});
	}
	const textOnly = !['EQUALS', 'NOT_EQUAL'].includes(operator);
	filter.expression = textOnly ? String(text).trim() : typedValue(name, text);
	return filter;
}

/** Reads the Filters collection of item `i`. */
export function buildFilters(ctx: IExecuteFunctions, i: number): KeitaroFilter[] {
	const raw = ctx.getNodeParameter('filters', i, {}) as { filter?: FilterRow[] | FilterRow };
	const rows = Array.isArray(raw?.filter) ? raw.filter : raw?.filter ? [raw.filter] : [];
	return rows.map((row) => buildFilter(ctx, row, i));
}

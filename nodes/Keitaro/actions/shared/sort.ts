import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The Sort collection: field + direction, applied in order. */
export function sortProperty(fieldsMethod: string): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Sort Rule',
		default: {},
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: fieldsMethod },
						default: '',
						description:
							'Column or measure to sort by. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Order',
						name: 'order',
						type: 'options',
						options: [
							{ name: 'Ascending', value: 'ASC' },
							{ name: 'Descending', value: 'DESC' },
						],
						default: 'DESC',
					},
				],
			},
		],
	};
}

/** Reads the Sort collection of item `i` into `SortRequest[]`. */
export function buildSort(ctx: IExecuteFunctions, i: number): IDataObject[] {
	const raw = ctx.getNodeParameter('sort', i, {}) as {
		rule?: Array<{ name?: string; order?: string }> | { name?: string; order?: string };
	};
	const rules = Array.isArray(raw?.rule) ? raw.rule : raw?.rule ? [raw.rule] : [];
	return rules.map((r) => {
		const name = String(r.name ?? '').trim();
		const order = String(r.order ?? 'DESC')
			.trim()
			.toUpperCase();
		if (!name) {
			throw new NodeOperationError(ctx.getNode(), 'Sort: a rule has no Field', {
				itemIndex: i,
				description: 'Pick the column or measure to sort by, or remove the empty rule.',
			});
		}
		if (order !== 'ASC' && order !== 'DESC') {
			throw new NodeOperationError(ctx.getNode(), `Sort "${name}": Order must be ASC or DESC`, {
				itemIndex: i,
			});
		}
		return { name, order };
	});
}

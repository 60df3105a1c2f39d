import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { withDisplay } from './helpers';
import { resources } from './index';
import type { KeitaroOperation } from './types';

const active = resources.filter((r) => Object.keys(r.operations).length > 0);

/** Resource selector, one operation selector per resource, then each operation's parameters. */
export function buildProperties(): INodeProperties[] {
	const defaultResource = active[0]?.option.value ?? '';
	const props: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: active.map((r) => r.option),
			default: defaultResource,
		},
	];
	for (const r of active) {
		const defaultOperation = r.defaultOperation || Object.keys(r.operations)[0];
		props.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [r.option.value] } },
			options: Object.values(r.operations)
				.map((o) => o.option)
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: defaultOperation,
		});
	}
	for (const r of active) {
		for (const [value, op] of Object.entries(r.operations)) {
			props.push(...withDisplay(op.properties, { resource: [r.option.value], operation: [value] }));
		}
	}
	return props;
}

export function findOperation(resource: string, operation: string): KeitaroOperation | undefined {
	return resources.find((r) => r.option.value === resource)?.operations[operation];
}

function toItems(result: IDataObject | IDataObject[] | INodeExecutionData[], i: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const asItem = entry as INodeExecutionData;
		if (asItem && typeof asItem === 'object' && 'json' in asItem && typeof asItem.json === 'object') {
			return { ...asItem, pairedItem: asItem.pairedItem ?? { item: i } };
		}
		return { json: entry as IDataObject, pairedItem: { item: i } };
	});
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = findOperation(resource, operation);
	if (!op) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	if (op.executeBatch) {
		return [await op.executeBatch.call(this, items)];
	}
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await op.execute!.call(this, i);
			out.push(...toItems(result, i));
		} catch (error) {
			if (this.continueOnFail()) {
				const e = error as { message?: string; description?: string; httpCode?: string | null };
				const json: IDataObject = { error: e.message ?? String(error) };
				if (e.description) json.description = e.description;
				if (e.httpCode) json.httpCode = e.httpCode;
				out.push({ json, pairedItem: { item: i } });
				continue;
			}
			if (error instanceof NodeApiError) {
				// Re-wrapping a NodeApiError hands back the same object: set the item on it.
				error.context.itemIndex = i;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex: i });
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [out];
}

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { lookupSubtitle } from '../subtitle';
import { withDisplay } from './descriptions';
import { assertWriteAllowed } from './guard';
import { ALLOW_SAMPLE_PARAMETER, actOnSampleItemsProperty } from '../safety';
import type { ActionNodeConfig, ActionOperation, ActionResource, OperationResult } from './types';

/** Resource selector, one operation selector per resource, then each operation's parameters. */
export function buildActionProperties(resources: ActionResource[]): INodeProperties[] {
	const active = resources.filter((r) => Object.keys(r.operations).length > 0);
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
			props.push(
				...withDisplay(withSampleSwitch(op), { resource: [r.option.value], operation: [value] }),
			);
		}
	}
	return props;
}

/**
 * A write operation's parameters with the "Act on Sample Items" switch (off by default): right after
 * its Dry Run when it has one, else last. An operation that declares the switch itself keeps its own.
 */
export function withSampleSwitch(op: ActionOperation): INodeProperties[] {
	if (!op.write || op.properties.some((p) => p.name === ALLOW_SAMPLE_PARAMETER))
		return op.properties;
	const props = [...op.properties];
	const dryRun = props.findIndex((p) => p.name === 'dryRun');
	props.splice(dryRun < 0 ? props.length : dryRun + 1, 0, actOnSampleItemsProperty());
	return props;
}

/** The node subtitle: the chosen operation's action ("Get many campaigns"), not its values. */
export function buildActionSubtitle(resources: ActionResource[]): string {
	const table: Record<string, string> = {};
	for (const r of resources) {
		for (const [value, op] of Object.entries(r.operations)) {
			table[`${String(r.option.value)}.${value}`] = op.option.action;
		}
	}
	return lookupSubtitle(
		table,
		'$parameter["resource"] + "." + $parameter["operation"]',
		'$parameter["operation"] + ": " + $parameter["resource"]',
	);
}

export function findActionOperation(
	resources: ActionResource[],
	resource: string,
	operation: string,
): ActionOperation | undefined {
	return resources.find((r) => r.option.value === resource)?.operations[operation];
}

/** Every operation as 'resource.operation' (conformance tests). */
export function listActionOperations(
	resources: ActionResource[],
): Array<{ key: string; resource: string; operation: string; op: ActionOperation }> {
	return resources.flatMap((r) =>
		Object.entries(r.operations).map(([operation, op]) => ({
			key: `${r.option.value}.${operation}`,
			resource: String(r.option.value),
			operation,
			op,
		})),
	);
}

/** Output items of item `i`, each with pairedItem. */
export function toItems(result: OperationResult, i: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const asItem = entry as INodeExecutionData;
		if (
			asItem &&
			typeof asItem === 'object' &&
			'json' in asItem &&
			typeof asItem.json === 'object'
		) {
			return { ...asItem, pairedItem: asItem.pairedItem ?? { item: i } };
		}
		return { json: entry as IDataObject, pairedItem: { item: i } };
	});
}

/** The `{error, description, httpCode}` item continueOnFail outputs for a failure. */
export function errorJson(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string; httpCode?: string | null };
	const json: IDataObject = { error: e.message ?? String(error) };
	if (e.description) json.description = e.description;
	if (e.httpCode) json.httpCode = e.httpCode;
	return json;
}

/** Rethrows a failure of item `i` as the node error n8n expects, with the item index set. */
export function rethrowForItem(ctx: IExecuteFunctions, error: unknown, i: number): never {
	if (error instanceof NodeApiError) {
		error.context.itemIndex = i;
		throw new NodeApiError(ctx.getNode(), error as unknown as JsonObject, { itemIndex: i });
	}
	if (error instanceof NodeOperationError) {
		error.context.itemIndex = i;
		throw error;
	}
	throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: i });
}

/**
 * The execute() of an action node: reads resource/operation (item 0), then per item: the write
 * guard (write operations), the operation, pairedItem on every output item; with continueOnFail
 * a failing item becomes `{error, description?, httpCode?}` and the others go on.
 */
export async function runActions(
	this: IExecuteFunctions,
	config: ActionNodeConfig,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = findActionOperation(config.resources, resource, operation);
	if (!op) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	const guard = async (i: number) => {
		if (!op.write) return;
		await assertWriteAllowed(this, i, {
			tracker: config.tracker,
			credentialType: config.credentialType,
			operation: op.option.action,
			// Every write operation offers "Act on Sample Items" (withSampleSwitch), off by default.
			allowSample: this.getNodeParameter(ALLOW_SAMPLE_PARAMETER, i, false) === true,
		});
	};
	const out: INodeExecutionData[] = [];
	if (op.executeBatch) {
		const allowed: number[] = [];
		const refused = new Map<number, INodeExecutionData>();
		for (let i = 0; i < items.length; i++) {
			try {
				await guard(i);
				allowed.push(i);
			} catch (error) {
				if (!this.continueOnFail()) rethrowForItem(this, error, i);
				refused.set(i, { json: errorJson(error), pairedItem: { item: i } });
			}
		}
		const produced = allowed.length ? await op.executeBatch.call(this, allowed) : [];
		// Keep input order: refused items where they were, produced ones after the previous ones.
		const byItem = new Map<number, INodeExecutionData[]>();
		for (const item of produced) {
			const p = item.pairedItem;
			const idx = typeof p === 'number' ? p : Array.isArray(p) ? (p[0]?.item ?? 0) : (p?.item ?? 0);
			const list = byItem.get(idx) ?? [];
			list.push(item);
			byItem.set(idx, list);
		}
		for (let i = 0; i < items.length; i++) {
			const r = refused.get(i);
			if (r) out.push(r);
			out.push(...(byItem.get(i) ?? []));
		}
		return [out];
	}
	for (let i = 0; i < items.length; i++) {
		try {
			await guard(i);
			const result = await op.execute!.call(this, i);
			out.push(...toItems(result, i));
		} catch (error) {
			if (this.continueOnFail()) {
				out.push({ json: errorJson(error), pairedItem: { item: i } });
				continue;
			}
			rethrowForItem(this, error, i);
		}
	}
	return [out];
}

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { actOnSampleItemsProperty } from '../../shared/safety';
import { lookupSubtitle } from '../../shared/subtitle';
import { guardKeitaroWrite, isWriteOperation } from './common/crud';
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
	props.push(...writeSafetyProperties());
	return props;
}

/**
 * "Dry Run" (operations without their own) and "Act on Sample Items" for every write operation,
 * one pair per resource, after the operation's own parameters.
 */
function writeSafetyProperties(): INodeProperties[] {
	const props: INodeProperties[] = [];
	for (const r of active) {
		const writes = Object.entries(r.operations).filter(([, op]) => isWriteOperation(op));
		if (!writes.length) continue;
		const single = writes.filter(([, op]) => !op.executeBatch && !ownsDryRun(op)).map(([v]) => v);
		if (single.length) {
			props.push({
				displayName: 'Dry Run',
				name: DRY_RUN_PARAMETER,
				type: 'boolean',
				default: false,
				displayOptions: { show: { resource: [r.option.value], operation: single } },
				description:
					'Whether to send nothing and only output what would be done (the action and its parameters)',
			});
		}
		props.push(
			actOnSampleItemsProperty({
				show: { resource: [r.option.value], operation: writes.map(([v]) => v) },
			}),
		);
	}
	return props;
}

/** Top-level Dry Run switch of single-item write operations. */
export const DRY_RUN_PARAMETER = 'dryRun';

/**
 * Whether a write operation declares its own Dry Run parameter and output (e.g. Send Postback shows
 * the postback URL with the key masked): the router then lets it run in a dry run, unguarded, and
 * does not add its generic Dry Run.
 */
function ownsDryRun(op: KeitaroOperation): boolean {
	return op.properties.some((p) => p.name === DRY_RUN_PARAMETER);
}

/**
 * The value of parameter `p` with every password field (a user's password, a token) replaced by
 * "••••" when set, also inside collections: a dry run shows what would be done, never a secret.
 */
function maskPasswords(p: INodeProperties, value: unknown): unknown {
	if (p.typeOptions?.password === true) return value === '' || value === undefined ? value : '••••';
	if (p.type !== 'collection' && p.type !== 'fixedCollection') return value;
	if (!value || typeof value !== 'object') return value;
	const children = (p.options ?? []) as Array<INodeProperties & { values?: INodeProperties[] }>;
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(value as IDataObject)) {
		const child = children.find((c) => c.name === k);
		if (!child) out[k] = v;
		else if (p.type === 'collection') out[k] = maskPasswords(child, v) as IDataObject[keyof IDataObject];
		else {
			// fixedCollection: an entry (or a list of them) of the child's `values`
			const group: INodeProperties = { ...child, type: 'collection', options: child.values ?? [] };
			out[k] = (Array.isArray(v) ? v.map((e) => maskPasswords(group, e)) : maskPasswords(group, v)) as IDataObject[keyof IDataObject];
		}
	}
	return out;
}

/** What a dry run outputs for item `i`: the action and the parameters it would have used. */
function dryRunItem(
	ctx: IExecuteFunctions,
	op: KeitaroOperation,
	resource: string,
	operation: string,
	i: number,
): IDataObject {
	const parameters: IDataObject = {};
	for (const p of op.properties) {
		if (p.type === 'notice' || p.name in parameters) continue;
		const v = ctx.getNodeParameter(p.name, i, undefined, {
			extractValue: p.type === 'resourceLocator',
		}) as unknown;
		if (v !== undefined) parameters[p.name] = maskPasswords(p, v) as IDataObject[keyof IDataObject];
	}
	return {
		dryRun: true,
		tracker: 'Keitaro',
		wouldDo: op.option.action,
		resource,
		operation,
		parameters,
	};
}

/** The node subtitle: the chosen operation's action ("Get many campaigns"), not its values. */
export function buildSubtitle(): string {
	const table: Record<string, string> = {};
	for (const r of active) {
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
	const write = isWriteOperation(op);
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const dryRun = write && this.getNodeParameter(DRY_RUN_PARAMETER, i, false) === true;
			if (dryRun && !ownsDryRun(op)) {
				out.push({ json: dryRunItem(this, op, resource, operation, i), pairedItem: { item: i } });
				continue;
			}
			// Read-only credential or sample data: refused before any request (nodes/shared/safety).
			if (write && !dryRun) await guardKeitaroWrite(this, i, op.option.action);
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

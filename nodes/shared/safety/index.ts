/**
 * Write guard shared by every action node.
 *
 * Model
 * - A trigger marks every item it emits from a test fetch / manual sample with `SAMPLE_MARKER: true`
 *   (`{ "_sample": true }`). Real events of an active workflow never carry it.
 * - Every write operation (create, update, delete/archive, enable/disable/pause, cost upload,
 *   postback / conversion upload…) calls `assertWriteAllowed` first, for each input item, before
 *   any request is built.
 *
 * Guarantees
 * - A credential whose boolean field `allowWriteOperations` is off refuses every write with a plain
 *   sentence, whatever the item holds. A credential saved before the field existed (no value) counts
 *   as on: the field's default is true, and n8n does not rewrite stored credentials.
 * - An input item carrying the sample marker is refused unless the caller passes
 *   `allowSample: true` (the node's "Act on Sample Items" switch, off by default).
 *
 * Limits
 * - The marker travels with the item's json: a node between the trigger and the write that builds
 *   brand-new items (a Code node returning fresh objects, a Set node in "keep only set" mode, an
 *   Aggregate) drops it, and then nothing tells a sample from a real event. The credential switch
 *   and Dry Run are the guards that do not depend on the data.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** json key set to true on every item a trigger emits from a test fetch / manual sample. */
export const SAMPLE_MARKER = '_sample';

/** Name of the boolean credential field that switches write operations on or off. */
export const ALLOW_WRITES_FIELD = 'allowWriteOperations';

/** Name of the node parameter that lets a write operation act on sample items. */
export const ALLOW_SAMPLE_PARAMETER = 'actOnSampleItems';

export interface WriteIntent {
	/** Tracker name as users know it, e.g. "Keitaro". */
	tracker: string;
	/** Credential type name the node uses, e.g. "keitaroApi". */
	credentialType: string;
	/** What would be done, as a person reads it, e.g. "Disable a flow". */
	operation: string;
	/** Let an item carrying the sample marker through (the user switched the refusal off). */
	allowSample?: boolean;
}

/** True when the item's json carries the sample marker. */
export function isSampleItem(json: IDataObject | undefined | null): boolean {
	return !!json && json[SAMPLE_MARKER] === true;
}

/** Returns copies of the items with the sample marker set on each one's json. */
export function markSampleItems(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({ ...item, json: { ...item.json, [SAMPLE_MARKER]: true } }));
}

/** Returns a copy of one json object with the sample marker set. */
export function markSample<T extends IDataObject>(json: T): T & { _sample: true } {
	return { ...json, [SAMPLE_MARKER]: true } as T & { _sample: true };
}

/** False only when the credential's switch is explicitly off (a missing value means on). */
export function writesAllowedBy(credentials: IDataObject | undefined | null): boolean {
	const v = credentials?.[ALLOW_WRITES_FIELD];
	return !(v === false || v === 'false' || v === 0);
}

function lowerFirst(s: string): string {
	return s ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/**
 * Throws a NodeOperationError (plain sentence, with the item index) when the credential's
 * "Allow Write Operations" switch is off, or when input item `itemIndex` carries the sample marker
 * and `allowSample` is not set. Resolves silently otherwise. Never puts credential values in the
 * error.
 */
export async function assertWriteAllowed(
	ctx: IExecuteFunctions,
	itemIndex: number,
	what: WriteIntent,
): Promise<void> {
	const action = lowerFirst(what.operation);
	let credentials: IDataObject | undefined;
	try {
		credentials = (await ctx.getCredentials(what.credentialType, itemIndex)) as IDataObject;
	} catch {
		// No credential to read: the request itself will report the missing credential.
		credentials = undefined;
	}
	if (!writesAllowedBy(credentials)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Refused to ${action}: this ${what.tracker} credential is read-only ("Allow Write Operations" is off)`,
			{
				itemIndex,
				description:
					'Nothing was sent to the tracker. To let this workflow change the tracker, use a credential with "Allow Write Operations" on. Keep the read-only credential for AI agents and reports.',
			},
		);
	}
	if (what.allowSample) return;
	const item = ctx.getInputData()[itemIndex];
	if (isSampleItem(item?.json)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Refused to ${action}: input item ${itemIndex + 1} is sample data from a test fetch, not a real event`,
			{
				itemIndex,
				description:
					'Nothing was sent to the tracker. A trigger’s test fetch returns sample rows (marked "_sample": true) so you can build the workflow; writes on them are refused so a manual run cannot change live entities. Activate the workflow to act on real events, or switch on "Act on Sample Items" if you really mean to.',
			},
		);
	}
}

/**
 * The "Act on Sample Items" switch for a write operation's parameters (off by default). Read it with
 * `this.getNodeParameter(ALLOW_SAMPLE_PARAMETER, i, false)` and pass it as `allowSample`.
 */
export function actOnSampleItemsProperty(
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Act on Sample Items',
		name: ALLOW_SAMPLE_PARAMETER,
		type: 'boolean',
		default: false,
		...(displayOptions ? { displayOptions } : {}),
		description:
			'Whether to run this write even on sample items from a trigger’s test fetch (marked "_sample": true). Off: such items are refused, so a manual run cannot change live entities.',
	};
}

/** The credential field every tracker credential appends ("Allow Write Operations", default on). */
export function allowWriteOperationsProperty(): INodeProperties {
	return {
		displayName: 'Allow Write Operations',
		name: ALLOW_WRITES_FIELD,
		type: 'boolean',
		default: true,
		hint: 'Giving this credential to an AI agent? Turn this off (read-only) so the agent can read reports but cannot create, change, pause or delete anything.',
		description:
			'Whether nodes using this credential may create, update, delete, pause or upload costs and conversions. Off: every write operation refuses with a message and sends nothing.',
	};
}

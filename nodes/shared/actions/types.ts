import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

/** What an operation returns for one input item: plain objects or ready items. */
export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData[];

/**
 * One operation of an action node: one file `nodes/<Tracker>/actions/<resource>/<operation>.ts`,
 * usually one line over a factory of ./factories.
 */
export interface ActionOperation {
	/** Entry of the Operation dropdown; `action` reads well as an AI-agent tool name. */
	option: INodePropertyOptions & { action: string };
	/** Parameters of this operation; the router adds the displayOptions for resource + operation. */
	properties: INodeProperties[];
	/** API calls it may send, as 'METHOD /path' with {id}-style params (conformance tests count them). */
	calls: string[];
	/**
	 * A write (create/update/delete/pause/cost/conversion upload): the router calls the write guard
	 * (assertWriteAllowed) for every input item BEFORE the operation runs for it.
	 */
	write?: boolean;
	/** Runs for input item `i`; the router adds pairedItem and handles continueOnFail. */
	execute?(this: IExecuteFunctions, i: number): Promise<OperationResult>;
	/**
	 * Alternative to `execute`: handles the given input items at once (batching, rate-limited
	 * queues). `indexes` are the input items that passed the write guard. Output items must carry
	 * pairedItem; the operation handles continueOnFail for failures it isolates per item.
	 */
	executeBatch?(this: IExecuteFunctions, indexes: number[]): Promise<INodeExecutionData[]>;
}

export interface ActionResource {
	/** Entry of the Resource dropdown. */
	option: INodePropertyOptions;
	/** Default operation value. */
	defaultOperation: string;
	/** Operations keyed by their `option.value`. */
	operations: Record<string, ActionOperation>;
}

/** What the router needs to know about the tracker behind an action node. */
export interface ActionNodeConfig {
	/** Brand name used in messages, e.g. in the write guard's refusal. */
	tracker: string;
	/** n8n credential type of the node. */
	credentialType: string;
	/** Resources in the order of the Resource dropdown. */
	resources: ActionResource[];
}

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

/** One operation of the Keitaro node: one file under actions/<resource>/<operation>.ts. */
export interface KeitaroOperation {
	/** Entry of the Operation dropdown; `action` reads well as an AI-agent tool name. */
	option: INodePropertyOptions & { action: string };
	/** Parameters of this operation; the router adds the displayOptions for resource + operation. */
	properties: INodeProperties[];
	/** Spec operations this operation calls, as 'METHOD /path' with {id}-style params (conformance test). */
	spec: string[];
	/**
	 * Runs for input item `i`. Returns the items to output for it (pairedItem is added by the router),
	 * or plain objects. Throw NodeOperationError (bad parameters) or let the transport's NodeApiError through.
	 */
	execute?(this: IExecuteFunctions, i: number): Promise<IDataObject | IDataObject[] | INodeExecutionData[]>;
	/**
	 * Whether the operation changes the tracker (see `isWriteOperation` in common/crud.ts): set it
	 * only to override what its `spec` implies (a POST that only reads, e.g. POST /report/build).
	 */
	write?: boolean;
	/** Alternative to `execute`: handles all input items at once (batching), output items carry pairedItem. */
	executeBatch?(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

export interface KeitaroResource {
	/** Entry of the Resource dropdown. */
	option: INodePropertyOptions;
	/** Default operation value. */
	defaultOperation: string;
	/** Operations keyed by their `option.value`. */
	operations: Record<string, KeitaroOperation>;
}

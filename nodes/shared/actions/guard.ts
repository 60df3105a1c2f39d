import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The write guard every write operation passes first, per item. The project's shared safety API
 * (nodes/shared/safety, `assertWriteAllowed`) is built on another branch; until it lands here this
 * file implements the same contract and signature, and is then replaced by a re-export of it.
 */
export const SAMPLE_MARKER = '_sample';

export interface WriteWhat {
	tracker: string;
	credentialType: string;
	operation: string;
	allowSample?: boolean;
}

export async function assertWriteAllowed(
	ctx: IExecuteFunctions,
	itemIndex: number,
	what: WriteWhat,
): Promise<void> {
	const credentials = (await ctx.getCredentials(what.credentialType, itemIndex)) as Record<
		string,
		unknown
	>;
	if (credentials.allowWriteOperations === false) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${what.operation} was refused: the ${what.tracker} credential has "Allow Write Operations" switched off`,
			{
				itemIndex,
				description:
					'This credential is read-only (e.g. one given to an AI agent). Use a credential with Allow Write Operations on to change data in the tracker.',
			},
		);
	}
	const item = ctx.getInputData()[itemIndex];
	if (!what.allowSample && item?.json && item.json[SAMPLE_MARKER] === true) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${what.operation} was refused: the input item is sample data from a test fetch, not a real event`,
			{
				itemIndex,
				description:
					'Write operations never act on trigger samples. Activate the workflow (or feed it real data) to run this write.',
			},
		);
	}
}

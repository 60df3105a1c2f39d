import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveCampaignId } from '../common/crud';
import { LABEL_REF_NAMES } from '../shared';

export const refNameProperty: INodeProperties = {
	displayName: 'Parameter',
	name: 'refName',
	type: 'options',
	options: LABEL_REF_NAMES.map((n) => ({ name: n, value: n })),
	default: 'sub_id_1',
	description: 'Which click parameter the labelled values belong to (ref_name)',
};

export const labelProperty: INodeProperties = {
	displayName: 'Label',
	name: 'label',
	type: 'options',
	options: [
		{ name: 'Whitelist', value: 'whitelist' },
		{ name: 'Blacklist', value: 'blacklist' },
	],
	default: 'blacklist',
};

/** The campaign of the Campaign picker (From List, By ID or By Alias) as a number. */
export async function readCampaignId(ctx: IExecuteFunctions, i: number): Promise<number> {
	return Number(await resolveCampaignId.call(ctx, i));
}

export function readRefName(ctx: IExecuteFunctions, i: number): string {
	const ref = String(ctx.getNodeParameter('refName', i, '') ?? '').trim();
	if (!ref) {
		throw new NodeOperationError(ctx.getNode(), 'Parameter is empty', { itemIndex: i });
	}
	return ref;
}

export function readLabel(ctx: IExecuteFunctions, i: number): string {
	const label = String(ctx.getNodeParameter('label', i, '') ?? '')
		.trim()
		.toLowerCase();
	if (label !== 'whitelist' && label !== 'blacklist') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Label must be whitelist or blacklist (got "${label}")`,
			{
				itemIndex: i,
			},
		);
	}
	return label;
}

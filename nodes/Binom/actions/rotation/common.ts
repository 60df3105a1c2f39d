import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { binomRequest } from '../api';
import { campaignField, dryRunField, readCampaignId } from '../common';

const KINDS: Record<string, string> = { offer: 'Offer', landing: 'Landing', path: 'Path' };

function positive(ctx: IExecuteFunctions, name: string, label: string, i: number): number {
	const n = Number(ctx.getNodeParameter(name, i, 0));
	if (!Number.isInteger(n) || n < 1) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be a positive whole number`, {
			itemIndex: i,
		});
	}
	return n;
}

/**
 * Rotation → Pause / Unpause (BETA): `PUT /campaign/{offer|landing|path}/{pause|unpause}` (3P path
 * list of Binom 2's /api/doc). The BODY IS UNCONFIRMED: by default `{campaignId, pathId,
 * offerId|landingId}` (path: `{campaignId, pathId}`); the Body Format option sends `{campaignId,
 * ids: [elementId]}` instead. A tracker that expects neither answers 400 and the node fails.
 */
export function rotationOperation(action: 'pause' | 'unpause'): ActionOperation {
	const verb = action === 'pause' ? 'Pause' : 'Unpause';
	return {
		option: {
			name: verb,
			value: action,
			description: `${verb} an offer, landing or path in a campaign’s rotation (beta)`,
			action: `${verb} a rotation element`,
		},
		write: true,
		calls: [
			'PUT /campaign/offer/' + action,
			'PUT /campaign/landing/' + action,
			'PUT /campaign/path/' + action,
		],
		properties: [
			{
				displayName: 'Element',
				name: 'element',
				type: 'options',
				options: Object.entries(KINDS).map(([value, name]) => ({ name, value })),
				default: 'offer',
				description: 'What to ' + action + ' in the campaign’s rotation',
			},
			campaignField,
			{
				displayName: 'Path ID',
				name: 'pathId',
				type: 'number',
				default: 1,
				typeOptions: { numberPrecision: 0, minValue: 1 },
				description: 'The path of the campaign’s rotation the element is in',
			},
			{
				displayName: 'Element ID',
				name: 'elementId',
				type: 'number',
				default: 0,
				typeOptions: { numberPrecision: 0, minValue: 1 },
				displayOptions: { show: { element: ['offer', 'landing'] } },
				description: 'ID of the offer or landing in Binom',
			},
			{
				displayName: 'Body Format',
				name: 'bodyFormat',
				type: 'options',
				options: [
					{ name: 'Named IDs (campaignId, pathId, offerId…)', value: 'named' },
					{ name: 'ID List (campaignId, IDs)', value: 'ids' },
				],
				default: 'named',
				description:
					'Binom’s body for this call is not documented publicly (beta). If your tracker answers 400, try the other format.',
			},
			dryRunField,
		],
		async execute(this: IExecuteFunctions, i: number) {
			const kind = String(this.getNodeParameter('element', i, 'offer'));
			if (!KINDS[kind])
				throw new NodeOperationError(this.getNode(), `Unknown element "${kind}"`, { itemIndex: i });
			const campaignId = Number(readCampaignId(this, i));
			const pathId = positive(this, 'pathId', 'Path ID', i);
			const elementId = kind === 'path' ? pathId : positive(this, 'elementId', 'Element ID', i);
			const format = String(this.getNodeParameter('bodyFormat', i, 'named'));
			const body: IDataObject =
				format === 'ids'
					? { campaignId, ids: [elementId] }
					: kind === 'path'
						? { campaignId, pathId }
						: { campaignId, pathId, [`${kind}Id`]: elementId };
			const path = `/campaign/${kind}/${action}`;
			const out: IDataObject = {
				tracker: 'binom',
				action,
				element: kind,
				campaignId,
				pathId,
				elementId,
				dryRun: this.getNodeParameter('dryRun', i, false) as boolean,
				request: { method: 'PUT', path, body },
				done: false,
			};
			if (out.dryRun) return out;
			await binomRequest.call(this, {
				method: 'PUT',
				path,
				body,
				entity: { label: 'Campaign', id: campaignId },
				itemIndex: i,
			});
			out.done = true;
			return out;
		},
	};
}

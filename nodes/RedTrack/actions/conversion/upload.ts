import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { dryRunField } from '../../../shared/actions';
import { parseTimeToMs } from '../../../shared/polling';
import { rtRequest, workingZone } from '../common';

/**
 * Conversion → Create or Update: POST /conversions with one `client.ConversionUploadRequest`
 * object `{clickid, campaign_id, created_at, payout, type}` (spec: "Create new or update existing
 * conversions"). `created_at` is sent as RFC 3339 UTC; a time without an offset is read in the
 * account time zone. ASSUMPTION: RedTrack matches an existing conversion by click ID and type.
 */
export const upload: ActionOperation = {
	option: {
		name: 'Create or Update',
		value: 'upload',
		description: 'Create a conversion for a click, or update the one it has (payout, type)',
		action: 'Create or update a conversion',
	},
	write: true,
	calls: ['POST /conversions', 'GET /me/settings'],
	properties: [
		{
			displayName: 'Click ID',
			name: 'clickid',
			type: 'string',
			default: '',
			required: true,
			description: 'The RedTrack click ID ({clickid}) the conversion belongs to',
		},
		{
			displayName: 'Payout',
			name: 'payout',
			type: 'number',
			typeOptions: { numberPrecision: 2 },
			default: 0,
			description: 'Conversion payout, in the account currency',
		},
		{
			displayName: 'Conversion Type Name or ID',
			name: 'type',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getConversionTypes' },
			default: '',
			description:
				'Conversion type (from the account settings). Empty: the default type. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Campaign ID', name: 'campaign_id', type: 'string', default: '' },
				{
					displayName: 'Conversion Time',
					name: 'created_at',
					type: 'dateTime',
					default: '',
					description:
						'When the conversion happened. A time without an offset is read in the account time zone. Empty: now.',
				},
			],
		},
		dryRunField,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const clickid = String(this.getNodeParameter('clickid', i, '')).trim();
		if (!clickid)
			throw new NodeOperationError(this.getNode(), 'Click ID is empty', { itemIndex: i });
		const payout = Number(this.getNodeParameter('payout', i, 0));
		if (!Number.isFinite(payout)) {
			throw new NodeOperationError(this.getNode(), 'Payout must be a number', { itemIndex: i });
		}
		const type = String(this.getNodeParameter('type', i, '') ?? '').trim();
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body: IDataObject = { clickid, payout };
		if (type) body.type = type;
		if (typeof extra.campaign_id === 'string' && extra.campaign_id.trim())
			body.campaign_id = extra.campaign_id.trim();
		if (extra.created_at) {
			const zone = await workingZone(this, i);
			const ms = parseTimeToMs(extra.created_at, zone);
			if (!Number.isFinite(ms)) {
				throw new NodeOperationError(
					this.getNode(),
					`Conversion Time "${String(extra.created_at)}" is not a date and time`,
					{ itemIndex: i },
				);
			}
			body.created_at = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
		}
		if (this.getNodeParameter('dryRun', i, false) as boolean) {
			return { dryRun: true, wouldSend: { call: 'POST /conversions', body } };
		}
		await rtRequest(this, 'POST', '/conversions', { body, itemIndex: i });
		return { success: true, sent: body };
	},
};

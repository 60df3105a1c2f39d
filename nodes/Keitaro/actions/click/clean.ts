import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';
import {
	buildPeriod,
	periodDateProperties,
	periodModeProperty,
	resolveTimezone,
	timezoneProperty,
} from '../shared';
import type { KeitaroOperation } from '../types';

export const clean: KeitaroOperation = {
	option: {
		name: 'Clean',
		value: 'clean',
		action: 'Delete click statistics for a period',
		description:
			'Permanently delete clicks and conversions of a period (all campaigns or one). Cannot be undone.',
	},
	spec: ['POST /clicks/clean'],
	properties: [
		{
			displayName:
				'This permanently deletes the statistics (clicks and conversions) of the period. It cannot be undone.',
			name: 'cleanNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Confirm',
			name: 'confirm',
			type: 'boolean',
			default: false,
			required: true,
			description:
				'Whether you really want to delete the statistics. Nothing is sent to Keitaro while this is off.',
		},
		periodModeProperty,
		...periodDateProperties('statistics to delete'),
		timezoneProperty,
		{
			displayName: 'Campaign ID',
			name: 'cleanCampaignId',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 0 },
			default: 0,
			description: 'Only delete the statistics of this campaign. 0 deletes them for ALL campaigns.',
		},
	],
	async execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		const confirm = this.getNodeParameter('confirm', i, false) as boolean;
		if (confirm !== true) {
			throw new NodeOperationError(this.getNode(), 'Confirm is off: nothing was deleted', {
				itemIndex: i,
				description: 'Clean deletes statistics permanently. Turn on Confirm to run it.',
			});
		}
		const mode = this.getNodeParameter('period', i, 'days') as string;
		const period = buildPeriod(
			this,
			mode,
			this.getNodeParameter('startDate', i, ''),
			this.getNodeParameter('endDate', i, ''),
			i,
		);
		const timezone = resolveTimezone(this, this.getNodeParameter('timezone', i, ''), i);
		const rawCampaign = this.getNodeParameter('cleanCampaignId', i, 0) as unknown;
		const campaignId = Number(rawCampaign || 0);
		if (!Number.isInteger(campaignId) || campaignId < 0) {
			throw new NodeOperationError(
				this.getNode(),
				`Campaign ID "${String(rawCampaign)}" is not a valid campaign ID`,
				{ itemIndex: i },
			);
		}
		const body: IDataObject = { ...period, timezone };
		if (campaignId > 0) body.campaign_id = campaignId;
		const res = (await keitaroApiRequest.call(this, 'POST', '/clicks/clean', {
			body,
			itemIndex: i,
		})) as IDataObject | undefined;
		return {
			success: res?.success !== false,
			...period,
			timezone,
			campaign_id: campaignId > 0 ? campaignId : null,
			scope: campaignId > 0 ? 'campaign' : 'all campaigns',
		};
	},
};

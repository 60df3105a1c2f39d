import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';
import { campaignLocator } from '../common/descriptions';
import { splitList } from '../shared';
import type { KeitaroOperation } from '../types';
import { labelProperty, readCampaignId, readLabel, readRefName, refNameProperty } from './common';

export const update: KeitaroOperation = {
	option: {
		name: 'Update',
		value: 'update',
		action: 'Update labels',
		description: 'Put values of a click parameter on the whitelist or blacklist of a campaign',
	},
	spec: ['POST /report/labels', 'GET /campaigns'],
	properties: [
		campaignLocator,
		refNameProperty,
		{
			displayName: 'Values',
			name: 'values',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'site-123, site-456',
			description: 'Values to label, separated by commas or new lines (e.g. placements or IPs)',
		},
		{
			...labelProperty,
			options: [
				...(labelProperty.options ?? []),
				{
					name: 'Remove Label',
					value: 'remove',
					description: 'Take the values off the whitelist and blacklist',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		const refName = readRefName(this, i);
		const remove = this.getNodeParameter('label', i, '') === 'remove';
		const label = remove ? '' : readLabel(this, i);
		const values = splitList(this.getNodeParameter('values', i, ''));
		if (!values.length) {
			throw new NodeOperationError(this.getNode(), 'Values is empty', {
				itemIndex: i,
				description: 'Enter at least one value to label, separated by commas or new lines.',
			});
		}
		const campaignId = await readCampaignId(this, i);
		const items: IDataObject = {};
		for (const v of values) items[v] = label;
		const res = (await keitaroApiRequest.call(this, 'POST', '/report/labels', {
			body: { campaign_id: campaignId, ref_name: refName, items },
			idempotent: true,
			itemIndex: i,
			entity: { label: 'Campaign', id: campaignId },
		})) as IDataObject | undefined;
		return {
			success: res?.success !== false,
			campaign_id: campaignId,
			ref_name: refName,
			label: remove ? null : label,
			values,
		};
	},
};

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';
import { campaignLocator } from '../common/descriptions';
import type { KeitaroOperation } from '../types';
import { labelProperty, readCampaignId, readLabel, readRefName, refNameProperty } from './common';

export const get: KeitaroOperation = {
	option: {
		name: 'Get',
		value: 'get',
		action: 'Get labels',
		description: 'Values of a click parameter on the whitelist or blacklist of a campaign',
	},
	spec: ['GET /report/labels', 'GET /campaigns'],
	properties: [campaignLocator, refNameProperty, labelProperty],
	async execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
		const refName = readRefName(this, i);
		const label = readLabel(this, i);
		const campaignId = await readCampaignId(this, i);
		const res = (await keitaroApiRequest.call(this, 'GET', '/report/labels', {
			qs: { campaign_id: campaignId, label_name: label, ref_name: refName },
			itemIndex: i,
			entity: { label: 'Campaign', id: campaignId },
		})) as unknown;
		const base = { campaign_id: campaignId, ref_name: refName };
		if (Array.isArray(res)) {
			return res.map((v) =>
				v && typeof v === 'object'
					? { ...base, ...(v as IDataObject) }
					: { ...base, value: v as string, label },
			);
		}
		if (res && typeof res === 'object') {
			const entries = Object.entries(res as IDataObject);
			if (entries.every(([, v]) => typeof v === 'string')) {
				return entries
					.filter(([, v]) => !label || v === label)
					.map(([value, v]) => ({ ...base, value, label: v as string }));
			}
			return [{ ...base, label_name: label, labels: res as IDataObject }];
		}
		return [];
	},
};

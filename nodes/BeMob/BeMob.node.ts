import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { buildActionProperties, buildActionSubtitle, runActions } from '../shared/actions';
import { resources } from './actions';

export class BeMob implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BeMob (Beta)',
		name: 'beMob',
		icon: { light: 'file:bemob.svg', dark: 'file:bemob.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: buildActionSubtitle(resources),
		description:
			'Pull reports and campaigns from the BeMob tracker (beta: BeMob’s API is not publicly documented)',
		defaults: { name: 'BeMob' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'beMobApi', required: true }],
		properties: [
			{
				displayName:
					'Beta: BeMob publishes no API reference. The report and campaign calls follow third-party scripts; check the results against the BeMob panel.',
				name: 'betaNotice',
				type: 'notice',
				default: '',
			},
			...buildActionProperties(resources),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runActions.call(this, {
			tracker: 'BeMob',
			credentialType: 'beMobApi',
			resources,
		});
	}
}

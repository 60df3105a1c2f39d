import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { buildActionProperties, buildActionSubtitle, runActions } from '../shared/actions';
import { resources } from './actions';
import { loadOptions } from './methods';

export class Binom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Binom',
		name: 'binom',
		icon: { light: 'file:binom.svg', dark: 'file:binom.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: buildActionSubtitle(resources),
		description:
			'Pull reports and conversions from a Binom 2 tracker, send conversions, update costs and blacklist zones',
		defaults: { name: 'Binom' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'binomApi', required: true }],
		properties: buildActionProperties(resources),
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runActions.call(this, {
			tracker: 'Binom',
			credentialType: 'binomApi',
			resources,
		});
	}
}

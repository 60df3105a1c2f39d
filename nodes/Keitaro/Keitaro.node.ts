import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { buildProperties, buildSubtitle, route } from './actions/router';
import { listSearch, loadOptions } from './methods';

export class Keitaro implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Keitaro',
		name: 'keitaro',
		icon: { light: 'file:keitaro.svg', dark: 'file:keitaro.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: buildSubtitle(),
		description:
			'Manage campaigns, flows, offers and costs, and pull reports, clicks and conversions from the Keitaro tracker',
		defaults: { name: 'Keitaro' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'keitaroApi', required: true }],
		properties: buildProperties(),
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}

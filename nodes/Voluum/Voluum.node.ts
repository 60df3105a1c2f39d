import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { buildActionProperties, buildActionSubtitle, runActions } from '../shared/actions';
import { resources } from './actions';
import { CREDENTIAL, TRACKER } from './actions/common';
import { listSearch } from './methods';

export class Voluum implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voluum',
		name: 'voluum',
		icon: { light: 'file:voluum.svg', dark: 'file:voluum.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: buildActionSubtitle(resources),
		description:
			'Pull Voluum reports, conversions and campaigns, upload conversions and campaign costs',
		defaults: { name: 'Voluum' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voluumApi', required: true }],
		properties: buildActionProperties(resources),
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runActions.call(this, { tracker: TRACKER, credentialType: CREDENTIAL, resources });
	}
}

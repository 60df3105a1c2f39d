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
import { listSearch, loadOptions } from './methods';

export class RedTrack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RedTrack',
		name: 'redTrack',
		icon: { light: 'file:redtrack.svg', dark: 'file:redtrack.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: buildActionSubtitle(resources),
		description:
			'Pull RedTrack reports and conversions, upload costs and conversions, and pause or activate campaigns and offers',
		defaults: { name: 'RedTrack' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'redTrackApi', required: true }],
		properties: buildActionProperties(resources),
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runActions.call(this, { tracker: TRACKER, credentialType: CREDENTIAL, resources });
	}
}

import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { buildActionProperties, buildActionSubtitle, runActions } from '../shared/actions';
import { resources } from './actions';

export class TgTracker implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TG Tracker (Beta)',
		name: 'tgTracker',
		icon: { light: 'file:tgtracker.svg', dark: 'file:tgtracker.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: buildActionSubtitle(resources),
		description:
			'Pull subscriber joins and leaves, UTM tags and user info of a TG Tracker (TGTrack) project, and send reached goals (beta)',
		defaults: { name: 'TG Tracker' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tgTrackerApi', required: true }],
		properties: [
			{
				displayName:
					'Beta: Subscriber and Tag use TGTrack’s CSV reports API as third-party scripts use it; User → Get Info uses the documented bot API; Goal → Reach Goal is known from third-party scripts only. Check the results against the TGTrack panel.',
				name: 'betaNotice',
				type: 'notice',
				default: '',
			},
			...buildActionProperties(resources),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runActions.call(this, {
			tracker: 'TG Tracker',
			credentialType: 'tgTrackerApi',
			resources,
		});
	}
}

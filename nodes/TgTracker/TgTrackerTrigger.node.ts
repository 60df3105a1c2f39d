import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { tgTrackerTriggerProperties } from './trigger/description';
import { pollTgTracker } from './trigger/poll';
import { optionSubtitle } from '../shared/subtitle';
import { onePollAtATime } from '../shared/trigger/overlap';

export class TgTrackerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TG Tracker Trigger (Beta)',
		name: 'tgTrackerTrigger',
		icon: { light: 'file:tgtracker.svg', dark: 'file:tgtracker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionSubtitle(tgTrackerTriggerProperties),
		description:
			'Beta: starts the workflow when someone subscribes to or leaves a Telegram channel tracked by TG Tracker (TGTrack)',
		defaults: { name: 'TG Tracker Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tgTrackerApi', required: true }],
		properties: tgTrackerTriggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollTgTracker.call(this));
	}
}

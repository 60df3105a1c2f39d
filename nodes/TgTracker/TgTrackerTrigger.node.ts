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
import { movedToOptions, TRIGGER_LAYOUT_VERSION } from '../shared/trigger/layout';
import { onePollAtATime } from '../shared/trigger/overlap';

/** Version 2 keeps the Status Map under Options (the shared trigger layout); version 1 at the top. */
const properties = movedToOptions(tgTrackerTriggerProperties, ['statusMap']);

export class TgTrackerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TG Tracker Trigger (Beta)',
		name: 'tgTrackerTrigger',
		icon: { light: 'file:tgtracker.svg', dark: 'file:tgtracker.dark.svg' },
		group: ['trigger'],
		version: [1, TRIGGER_LAYOUT_VERSION],
		defaultVersion: TRIGGER_LAYOUT_VERSION,
		subtitle: optionSubtitle(properties),
		description:
			'Beta: starts the workflow when someone subscribes to or leaves a Telegram channel tracked by TG Tracker (TGTrack)',
		defaults: { name: 'TG Tracker Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tgTrackerApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollTgTracker.call(this));
	}
}

import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { redTrackTriggerProperties } from './trigger/description';
import { pollRedTrack } from './trigger/poll';
import { optionSubtitle } from '../shared/subtitle';
import { onePollAtATime } from '../shared/trigger/overlap';

export class RedTrackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RedTrack Trigger',
		name: 'redTrackTrigger',
		icon: { light: 'file:redtrack.svg', dark: 'file:redtrack.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionSubtitle(redTrackTriggerProperties),
		description:
			'Starts the workflow on new RedTrack conversions, status changes, clicks, campaign changes and metric thresholds',
		defaults: { name: 'RedTrack Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'redTrackApi', required: true }],
		properties: redTrackTriggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollRedTrack.call(this));
	}
}

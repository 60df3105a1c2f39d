import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { voluumTriggerProperties } from './trigger/description';
import { pollVoluum } from './trigger/poll';
import { optionSubtitle } from '../shared/subtitle';
import { onePollAtATime } from '../shared/trigger/overlap';

export class VoluumTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voluum Trigger',
		name: 'voluumTrigger',
		icon: { light: 'file:voluum.svg', dark: 'file:voluum.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionSubtitle(voluumTriggerProperties),
		description:
			'Starts the workflow on new Voluum conversions, campaign changes and metric thresholds',
		defaults: { name: 'Voluum Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voluumApi', required: true }],
		properties: voluumTriggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollVoluum.call(this));
	}
}

import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { beMobTriggerProperties } from './trigger/description';
import { pollBeMob } from './trigger/poll';
import { optionSubtitle } from '../shared/subtitle';
import { inLayoutOrder } from '../shared/trigger/layout';
import { onePollAtATime } from '../shared/trigger/overlap';

export class BeMobTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BeMob Trigger (Beta)',
		name: 'beMobTrigger',
		icon: { light: 'file:bemob.svg', dark: 'file:bemob.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionSubtitle(inLayoutOrder(beMobTriggerProperties)),
		description:
			'Beta: starts the workflow when a BeMob report row crosses a metric threshold, or when a row of the daily report appears or changes',
		defaults: { name: 'BeMob Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'beMobApi', required: true }],
		properties: inLayoutOrder(beMobTriggerProperties),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollBeMob.call(this));
	}
}

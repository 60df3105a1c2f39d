import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { loadOptions } from './methods';
import { pollKeitaroTrigger, triggerProperties } from './trigger';
import { optionSubtitle } from '../shared/subtitle';
import { inLayoutOrder } from '../shared/trigger/layout';
import { onePollAtATime } from '../shared/trigger/overlap';

/**
 * Polling trigger for Keitaro: new conversions, conversion status changes, new clicks, entity
 * changes and metric thresholds, each emitted once (see nodes/Keitaro/trigger and the shared
 * polling engine in nodes/shared/polling for how "new" is decided and what is guaranteed).
 */
export class KeitaroTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Keitaro Trigger',
		name: 'keitaroTrigger',
		icon: { light: 'file:keitaro.svg', dark: 'file:keitaro.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionSubtitle(inLayoutOrder(triggerProperties())),
		description:
			'Starts the workflow on new Keitaro conversions, status changes, clicks, entity changes or metric thresholds',
		defaults: { name: 'Keitaro Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'keitaroApi', required: true }],
		properties: inLayoutOrder(triggerProperties()),
	};

	methods = { loadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollKeitaroTrigger.call(this));
	}
}

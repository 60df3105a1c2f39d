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
import { movedToFilters, movedToOptions, TRIGGER_LAYOUT_VERSION } from '../shared/trigger/layout';
import { onePollAtATime } from '../shared/trigger/overlap';

/**
 * Version 2 keeps the Status Map under Options and the filter-like options under Filters (the
 * shared trigger layout); version 1 the Status Map at the top and those filters under Options.
 */
const properties = movedToFilters(movedToOptions(voluumTriggerProperties, ['statusMap']), [
	'campaignEvents',
	'filter',
	'statuses',
]);

export class VoluumTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voluum Trigger',
		name: 'voluumTrigger',
		icon: { light: 'file:voluum.svg', dark: 'file:voluum.dark.svg' },
		group: ['trigger'],
		version: [1, TRIGGER_LAYOUT_VERSION],
		defaultVersion: TRIGGER_LAYOUT_VERSION,
		subtitle: optionSubtitle(properties),
		description:
			'Starts the workflow on new Voluum conversions, campaign changes and metric thresholds',
		defaults: { name: 'Voluum Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voluumApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollVoluum.call(this));
	}
}

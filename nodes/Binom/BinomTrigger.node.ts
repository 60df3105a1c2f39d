import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { binomTriggerProperties } from './trigger/description';
import { pollBinom } from './trigger/poll';
import { optionSubtitle } from '../shared/subtitle';
import { movedToFilters, movedToOptions, TRIGGER_LAYOUT_VERSION } from '../shared/trigger/layout';
import { onePollAtATime } from '../shared/trigger/overlap';

/**
 * Version 2 keeps the Status Map under Options and the filter-like options (Only Statuses, and
 * Metric Threshold's Only IDs) under Filters (the shared trigger layout); version 1 the Status Map at
 * the top and those filters under Options and Threshold Options.
 */
const properties = movedToFilters(
	movedToFilters(movedToOptions(binomTriggerProperties, ['statusMap']), ['onlyStatuses']),
	['ids'],
	'thresholdOptions',
);

export class BinomTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Binom Trigger',
		name: 'binomTrigger',
		icon: { light: 'file:binom.svg', dark: 'file:binom.dark.svg' },
		group: ['trigger'],
		version: [1, TRIGGER_LAYOUT_VERSION],
		defaultVersion: TRIGGER_LAYOUT_VERSION,
		subtitle: optionSubtitle(properties),
		description:
			'Starts the workflow on new conversions, conversion status or payout changes, new clicks, or report rows crossing a metric threshold in a Binom 2 tracker',
		defaults: { name: 'Binom Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'binomApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollBinom.call(this));
	}
}

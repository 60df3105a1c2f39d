import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	handlePostbackWebhook,
	postbackTriggerProperties,
	postbackWebhooks,
	setupNotice,
	validatingWebhookMethods,
} from '../shared/webhook';
import { TGTRACKER_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time TG Tracker conversions: paste the URL the node shows into TG Tracker; the shared webhook engine
 * (nodes/shared/webhook) checks the secret, deduplicates and maps the postback to a canonical
 * conversion using TG Tracker's macro table (./postback/macros.ts).
 */
export class TgTrackerPostbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TG Tracker Postback Trigger',
		name: 'tgTrackerPostbackTrigger',
		icon: { light: 'file:tgtracker.svg', dark: 'file:tgtracker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Conversion postback (S2S)',
		description: 'Starts the workflow the moment TG Tracker sends a conversion postback (S2S)',
		defaults: { name: 'TG Tracker Postback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: postbackWebhooks(),
		properties: postbackTriggerProperties(setupNotice(TGTRACKER_POSTBACK_MACROS)),
	};

	webhookMethods = validatingWebhookMethods(TGTRACKER_POSTBACK_MACROS);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handlePostbackWebhook.call(this, TGTRACKER_POSTBACK_MACROS);
	}
}

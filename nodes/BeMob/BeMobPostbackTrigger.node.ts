import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	handlePostbackWebhook,
	postbackTriggerProperties,
	postbackWebhooks,
	setupNotice,
	validatingWebhookMethods,
} from '../shared/webhook';
import { BEMOB_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time BeMob conversions: paste the URL the node shows into BeMob; the shared webhook engine
 * (nodes/shared/webhook) checks the secret, deduplicates and maps the postback to a canonical
 * conversion using BeMob's macro table (./postback/macros.ts).
 */
export class BeMobPostbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BeMob Postback Trigger',
		name: 'beMobPostbackTrigger',
		icon: { light: 'file:bemob.svg', dark: 'file:bemob.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Conversion postback (S2S)',
		description: 'Starts the workflow the moment BeMob sends a conversion postback (S2S)',
		defaults: { name: 'BeMob Postback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: postbackWebhooks(),
		properties: postbackTriggerProperties(setupNotice(BEMOB_POSTBACK_MACROS)),
	};

	webhookMethods = validatingWebhookMethods(BEMOB_POSTBACK_MACROS);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handlePostbackWebhook.call(this, BEMOB_POSTBACK_MACROS);
	}
}

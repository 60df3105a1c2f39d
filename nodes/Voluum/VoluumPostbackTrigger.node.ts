import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	handlePostbackWebhook,
	postbackTriggerProperties,
	postbackWebhooks,
	setupNotice,
	validatingWebhookMethods,
} from '../shared/webhook';
import { VOLUUM_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time Voluum conversions: paste the URL the node shows into Voluum; the shared webhook engine
 * (nodes/shared/webhook) checks the secret, deduplicates and maps the postback to a canonical
 * conversion using Voluum's macro table (./postback/macros.ts).
 */
export class VoluumPostbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voluum Postback Trigger',
		name: 'voluumPostbackTrigger',
		icon: { light: 'file:voluum.svg', dark: 'file:voluum.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Conversion postback (S2S)',
		description: 'Starts the workflow the moment Voluum sends a conversion postback (S2S)',
		defaults: { name: 'Voluum Postback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: postbackWebhooks(),
		properties: postbackTriggerProperties(setupNotice(VOLUUM_POSTBACK_MACROS)),
	};

	webhookMethods = validatingWebhookMethods(VOLUUM_POSTBACK_MACROS);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handlePostbackWebhook.call(this, VOLUUM_POSTBACK_MACROS);
	}
}

import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	handlePostbackWebhook,
	postbackTriggerProperties,
	postbackWebhooks,
	setupNotice,
	validatingWebhookMethods,
} from '../shared/webhook';
import { BINOM_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time Binom conversions: paste the URL the node shows into Binom; the shared webhook engine
 * (nodes/shared/webhook) checks the secret, deduplicates and maps the postback to a canonical
 * conversion using Binom's macro table (./postback/macros.ts).
 */
export class BinomPostbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Binom Postback Trigger',
		name: 'binomPostbackTrigger',
		icon: { light: 'file:binom.svg', dark: 'file:binom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Conversion postback (S2S)',
		description: 'Starts the workflow the moment Binom sends a conversion postback (S2S)',
		defaults: { name: 'Binom Postback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: postbackWebhooks(),
		properties: postbackTriggerProperties(setupNotice(BINOM_POSTBACK_MACROS)),
	};

	webhookMethods = validatingWebhookMethods(BINOM_POSTBACK_MACROS);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handlePostbackWebhook.call(this, BINOM_POSTBACK_MACROS);
	}
}

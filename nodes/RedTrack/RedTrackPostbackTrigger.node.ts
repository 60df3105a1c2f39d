import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	handlePostbackWebhook,
	postbackTriggerProperties,
	postbackWebhooks,
	setupNotice,
	validatingWebhookMethods,
} from '../shared/webhook';
import { REDTRACK_POSTBACK_MACROS } from './postback/macros';

/**
 * Real-time RedTrack conversions: paste the URL the node shows into RedTrack; the shared webhook engine
 * (nodes/shared/webhook) checks the secret, deduplicates and maps the postback to a canonical
 * conversion using RedTrack's macro table (./postback/macros.ts).
 */
export class RedTrackPostbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RedTrack Postback Trigger',
		name: 'redTrackPostbackTrigger',
		icon: { light: 'file:redtrack.svg', dark: 'file:redtrack.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Conversion postback (S2S)',
		description: 'Starts the workflow the moment RedTrack sends a conversion postback (S2S)',
		defaults: { name: 'RedTrack Postback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: postbackWebhooks(),
		properties: postbackTriggerProperties(setupNotice(REDTRACK_POSTBACK_MACROS)),
	};

	webhookMethods = validatingWebhookMethods(REDTRACK_POSTBACK_MACROS);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handlePostbackWebhook.call(this, REDTRACK_POSTBACK_MACROS);
	}
}

/**
 * Postback trigger nodes from one declaration. A tracker's `<Tracker>PostbackTrigger.node.ts`
 * names the node (brand, node name, icon) and its macro table; everything else — the description
 * (webhooks, the shared parameters and setup notice), the activation check of a paste-the-URL
 * trigger and the request handling (`handlePostbackWebhook`) — is built here, once. A trigger that
 * registers its postback at the tracker itself passes its own credentials, parameters and
 * `webhookMethods` and keeps the rest. Nothing here names a tracker.
 */
import type {
	INodeCredentialDescription,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { PostbackMacroTable } from '../postback/macros';
import { postbackTriggerProperties, postbackWebhooks } from './description';
import { handlePostbackWebhook } from './engine';
import { setupNotice, validatingWebhookMethods } from './node';

export interface PostbackTriggerSpec {
	/** Brand name as users know it, e.g. "TG Tracker" (node: "<brand> Postback Trigger"). */
	brand: string;
	/** n8n node name, e.g. `tgTrackerPostbackTrigger`. */
	name: string;
	/** Icon file stem next to the node file, e.g. `tgtracker` (light `.svg`, dark `.dark.svg`). */
	icon: string;
	/** The tracker's macro table (nodes/<Tracker>/postback/macros.ts). */
	table: PostbackMacroTable;
	/** Credentials (a trigger that registers its postback at the tracker). */
	credentials?: INodeCredentialDescription[];
	/** Parameters shown before the shared ones (e.g. where to register the postback). */
	leadingProperties?: INodeProperties[];
}

/** The description of a postback trigger node. */
export function postbackTriggerDescription(spec: PostbackTriggerSpec): INodeTypeDescription {
	const title = `${spec.brand} Postback Trigger`;
	return {
		displayName: title,
		name: spec.name,
		icon: { light: `file:${spec.icon}.svg`, dark: `file:${spec.icon}.dark.svg` },
		group: ['trigger'],
		version: 1,
		subtitle: 'Conversion postback (S2S)',
		description: `Starts the workflow the moment ${spec.brand} sends a conversion postback (S2S)`,
		defaults: { name: title },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		...(spec.credentials ? { credentials: spec.credentials } : {}),
		webhooks: postbackWebhooks(),
		properties: [
			...(spec.leadingProperties ?? []),
			...postbackTriggerProperties(setupNotice(spec.table)),
		],
	};
}

/**
 * A paste-the-URL postback trigger node class: the user pastes the URL the node shows into the
 * tracker; activation only checks the settings. `class XPostbackTrigger extends
 * postbackTriggerNode({...}) {}` is the whole node file.
 */
export function postbackTriggerNode(spec: PostbackTriggerSpec): new () => INodeType {
	return class PostbackTriggerNode implements INodeType {
		description: INodeTypeDescription = postbackTriggerDescription(spec);

		webhookMethods = validatingWebhookMethods(spec.table);

		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			return await handlePostbackWebhook.call(this, spec.table);
		}
	};
}

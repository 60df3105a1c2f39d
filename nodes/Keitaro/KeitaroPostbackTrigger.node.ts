import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	handlePostbackWebhook,
	postbackTriggerProperties,
	postbackWebhooks,
	setupNotice,
} from '../shared/webhook';
import { loadOptions } from './methods';
import { KEITARO_POSTBACK_MACROS } from './postback/macros';
import {
	KEITARO_POSTBACK_STATUSES,
	keitaroPostbackCheckExists,
	keitaroPostbackCreate,
	keitaroPostbackDelete,
} from './postback/register';

/**
 * Real-time Keitaro conversions: Keitaro pushes an S2S postback to n8n the moment a conversion
 * arrives or changes status. The node can add that postback to campaigns or a traffic source
 * itself (and remove it on deactivation), or show the URL to paste. The request handling is the
 * shared webhook engine (nodes/shared/webhook); this file only wires Keitaro's macros and
 * registration into it.
 */
export class KeitaroPostbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Keitaro Postback Trigger',
		name: 'keitaroPostbackTrigger',
		icon: { light: 'file:keitaro.svg', dark: 'file:keitaro.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Conversion postback (S2S)',
		description: 'Starts the workflow the moment Keitaro sends a conversion postback (S2S)',
		defaults: { name: 'Keitaro Postback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'keitaroApi',
				required: true,
				displayOptions: { show: { registration: ['campaigns', 'trafficSource'] } },
			},
		],
		webhooks: postbackWebhooks(),
		properties: [
			{
				displayName: 'Add the Postback To',
				name: 'registration',
				type: 'options',
				default: 'campaigns',
				options: [
					{
						name: 'Campaigns (Automatic)',
						value: 'campaigns',
						description:
							'On activation the node adds an S2S postback to the campaigns you pick and removes it on deactivation',
					},
					{
						name: 'Traffic Source (Automatic)',
						value: 'trafficSource',
						description:
							'On activation the node sets the traffic source’s postback URL (only if it has none) and clears it on deactivation',
					},
					{
						name: 'Paste the URL Myself',
						value: 'manual',
						description: 'Nothing is changed in Keitaro; paste the URL below into Keitaro',
					},
				],
			},
			{
				displayName: 'Campaign Names or IDs',
				name: 'campaignIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getCampaigns' },
				default: [],
				displayOptions: { show: { registration: ['campaigns'] } },
				description:
					'Campaigns that get the S2S postback. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Traffic Source Name or ID',
				name: 'trafficSourceId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTrafficSources' },
				default: '',
				displayOptions: { show: { registration: ['trafficSource'] } },
				description:
					'Traffic source whose postback URL is set. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [...KEITARO_POSTBACK_STATUSES],
				displayOptions: { show: { registration: ['campaigns', 'trafficSource'] } },
				options: KEITARO_POSTBACK_STATUSES.map((s) => ({
					name: s.charAt(0).toUpperCase() + s.slice(1),
					value: s,
				})),
				description: 'Conversion statuses Keitaro sends the postback for',
			},
			...postbackTriggerProperties(setupNotice(KEITARO_POSTBACK_MACROS)),
		],
	};

	methods = {
		loadOptions: {
			getCampaigns: loadOptions.getCampaigns,
			getTrafficSources: loadOptions.getTrafficSources,
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await keitaroPostbackCheckExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await keitaroPostbackCreate.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await keitaroPostbackDelete.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handlePostbackWebhook.call(this, KEITARO_POSTBACK_MACROS);
	}
}

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Return All + Limit (n8n convention: limit 50 by default, at least 1). */
export const returnAllLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { numberPrecision: 0, minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** The JSON escape hatch offered next to typed fields in Additional/Update Fields. */
export const additionalJsonField: INodeProperties = {
	displayName: 'Additional JSON',
	name: 'additionalJson',
	type: 'json',
	default: '{}',
	description:
		'Extra body fields as a JSON object, merged into the request after the fields above (its keys win). Use it for fields this node does not offer.',
};

const numericIdMode = (entity: string) => ({
	displayName: 'By ID',
	name: 'id',
	type: 'string' as const,
	placeholder: 'e.g. 12',
	validation: [
		{
			type: 'regex' as const,
			properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: `Enter a numeric ${entity} ID` },
		},
	],
});

/**
 * A resource locator for a Keitaro entity: From List (searchable list search) and By ID.
 * `entity` is the lower-case name used in hints ("campaign", "landing page").
 */
export function entityLocator(options: {
	displayName: string;
	name: string;
	entity: string;
	searchListMethod: string;
	description?: string;
	required?: boolean;
}): INodeProperties {
	const property: INodeProperties = {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: options.description ?? `The ${options.entity} to use`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${options.entity}...`,
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			numericIdMode(options.entity),
		],
	};
	if (options.required !== false) property.required = true;
	return property;
}

/** Campaign picker: From List, By ID, and By Alias (the slug in the campaign URL). */
function makeCampaignLocator(
	displayName: string,
	description: string,
	required: boolean,
): INodeProperties {
	const property: INodeProperties = {
		displayName,
		name: 'campaignId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a campaign...',
				typeOptions: { searchListMethod: 'searchCampaigns', searchable: true },
			},
			numericIdMode('campaign'),
			{
				displayName: 'By Alias',
				name: 'alias',
				type: 'string',
				placeholder: 'e.g. summer-promo',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[A-Za-z0-9_-]+\\s*$',
							errorMessage: 'Enter the campaign alias: letters, digits, "-" and "_"',
						},
					},
				],
			},
		],
	};
	if (required) property.required = true;
	return property;
}

export const campaignLocator = makeCampaignLocator('Campaign', 'The campaign to use', true);

export const flowLocator = entityLocator({
	displayName: 'Flow',
	name: 'flowId',
	entity: 'flow',
	searchListMethod: 'searchFlows',
	description:
		'The flow to use. The list shows the flows of the campaign chosen in "Campaign (for Flow List)"; without a campaign, type at least a few letters to search all flows.',
});

/** Optional campaign used only to fill the flow list (flows belong to a campaign). */
export const flowCampaignLocator = makeCampaignLocator(
	'Campaign (for Flow List)',
	'Campaign whose flows are shown in the Flow list. Not needed when you enter the flow ID; it is not sent to Keitaro.',
	false,
);

export const offerLocator = entityLocator({
	displayName: 'Offer',
	name: 'offerId',
	entity: 'offer',
	searchListMethod: 'searchOffers',
});

export const landingPageLocator = entityLocator({
	displayName: 'Landing Page',
	name: 'landingPageId',
	entity: 'landing page',
	searchListMethod: 'searchLandingPages',
});

export const affiliateNetworkLocator = entityLocator({
	displayName: 'Affiliate Network',
	name: 'affiliateNetworkId',
	entity: 'affiliate network',
	searchListMethod: 'searchAffiliateNetworks',
});

export const trafficSourceLocator = entityLocator({
	displayName: 'Traffic Source',
	name: 'trafficSourceId',
	entity: 'traffic source',
	searchListMethod: 'searchTrafficSources',
});

export const domainLocator = entityLocator({
	displayName: 'Domain',
	name: 'domainId',
	entity: 'domain',
	searchListMethod: 'searchDomains',
});

export const groupLocator = entityLocator({
	displayName: 'Group',
	name: 'groupId',
	entity: 'group',
	searchListMethod: 'searchGroups',
	description: 'The group to use. The list shows groups of the chosen Group Type.',
});

export const userLocator = entityLocator({
	displayName: 'User',
	name: 'userId',
	entity: 'user',
	searchListMethod: 'searchUsers',
});

export const facebookIntegrationLocator = entityLocator({
	displayName: 'Facebook Integration',
	name: 'integrationId',
	entity: 'Facebook integration',
	searchListMethod: 'searchFacebookIntegrations',
});

/** Group types of `GET /groups?type=` (the spec lists the first three; clients also use domains). */
export const groupTypeOptions: INodePropertyOptions[] = [
	{ name: 'Campaigns', value: 'campaigns' },
	{ name: 'Domains', value: 'domains', description: 'Not in the 2022 spec; used by some clients' },
	{ name: 'Landing Pages', value: 'landings' },
	{ name: 'Offers', value: 'offers' },
];

/** Keys of `SourceParameters` (keyword … sub_id_30), in the order Keitaro shows them. */
export const SOURCE_PARAMETER_KEYS: string[] = [
	'keyword',
	'cost',
	'currency',
	'external_id',
	'creative_id',
	'ad_campaign_id',
	'source',
	...Array.from({ length: 30 }, (_v, n) => `sub_id_${n + 1}`),
];

const PARAMETER_LABELS: Record<string, string> = {
	keyword: 'Keyword',
	cost: 'Cost',
	currency: 'Currency',
	external_id: 'External ID',
	creative_id: 'Creative ID',
	ad_campaign_id: 'Ad Campaign ID',
	source: 'Source',
};

const sourceParameterOptions: INodePropertyOptions[] = SOURCE_PARAMETER_KEYS.map((key) => ({
	name: PARAMETER_LABELS[key] ?? `Sub ID ${key.slice('sub_id_'.length)}`,
	value: key,
}));

/** `parameters` of campaigns and traffic sources: {keyword: {name, placeholder, alias}, …}. */
export const sourceParametersField: INodeProperties = {
	displayName: 'Parameters',
	name: 'parameters',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Parameter',
	description:
		'Tracking parameters: which URL query parameter carries each value and the traffic source macro that fills it',
	options: [
		{
			displayName: 'Parameter',
			name: 'parameter',
			values: [
				{
					displayName: 'Alias',
					name: 'alias',
					type: 'string',
					default: '',
					description: 'Label shown in reports for sub ID parameters, e.g. "zone"',
				},
				{
					displayName: 'Key',
					name: 'key',
					type: 'options',
					options: sourceParameterOptions,
					default: 'keyword',
					description: 'Which Keitaro parameter this row sets',
				},
				{
					displayName: 'Placeholder',
					name: 'placeholder',
					type: 'string',
					default: '',
					placeholder: 'e.g. {{ad.name}}',
					description: 'Macro of the traffic source that fills the value',
				},
				{
					displayName: 'Query Parameter Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. utm_term',
					description: 'Name of the URL query parameter',
				},
			],
		},
	],
};

/** Conversion statuses Keitaro posts back. */
export const postbackStatusOptions: INodePropertyOptions[] = [
	{ name: 'Lead', value: 'lead' },
	{ name: 'Rebill', value: 'rebill' },
	{ name: 'Rejected', value: 'rejected' },
	{ name: 'Sale', value: 'sale' },
];

/** Campaign S2S postbacks. */
export const postbacksField: INodeProperties = {
	displayName: 'Postbacks',
	name: 'postbacks',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Postback',
	description:
		'Server-to-server postbacks Keitaro sends for this campaign (replaces the existing list)',
	options: [
		{
			displayName: 'Postback',
			name: 'postback',
			values: [
				{
					displayName: 'Method',
					name: 'method',
					type: 'options',
					options: [
						{ name: 'GET', value: 'GET' },
						{ name: 'POST', value: 'POST' },
					],
					default: 'GET',
				},
				{
					displayName: 'Statuses',
					name: 'statuses',
					type: 'multiOptions',
					options: postbackStatusOptions,
					default: ['lead', 'sale'],
					description: 'Conversion statuses that trigger the postback',
				},
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'e.g. https://source.example.com/postback?click_id={external_id}',
				},
			],
		},
	],
};

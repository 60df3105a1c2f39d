import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalJsonField } from './descriptions';
import { buildFlowFilters, buildFlowShares } from './fields';
import {
	assertNotBlank,
	mergeAdditionalJson,
	parseJsonObject,
	parseJsonValue,
	paramError,
	toInteger,
	toNumber,
} from './utils';

export const flowTypeField: INodeProperties = {
	displayName: 'Type Name or ID',
	name: 'type',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getFlowTypes' },
	default: 'regular',
	description:
		'Regular flows are checked in order; intercepting (forced) flows first; the fallback (default) flow last. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const flowSchemaField: INodeProperties = {
	displayName: 'Schema Name or ID',
	name: 'schema',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getFlowSchemas' },
	default: 'landings',
	description:
		'What the flow does: rotate landing pages and offers, redirect, or run an action. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const flowActionTypeField: INodeProperties = {
	displayName: 'Action Type Name or ID',
	name: 'action_type',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getFlowActions' },
	default: 'http',
	description:
		'Redirect or action type (Keitaro requires it for every schema; "http" is the usual redirect). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const shareRow = (kind: 'offer' | 'landing'): INodeProperties[] => [
	{
		displayName: kind === 'offer' ? 'Offer Name or ID' : 'Landing Page Name or ID',
		name: 'id',
		type: 'options',
		typeOptions: { loadOptionsMethod: kind === 'offer' ? 'getOffers' : 'getLandingPages' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Share (%)',
		name: 'share',
		type: 'number',
		typeOptions: { numberPrecision: 0, minValue: 0, maxValue: 100 },
		default: 100,
		description: 'Share of the traffic, a whole number from 0 to 100',
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'options',
		options: [
			{ name: 'Active', value: 'active' },
			{ name: 'Disabled', value: 'disabled' },
		],
		default: 'active',
	},
];

/** Flow fields of Create (Additional Fields) and Update (Update Fields), sorted by name. */
export function flowFields(options: { update: boolean }): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Action Options',
			name: 'action_options',
			type: 'json',
			default: '{}',
			description: 'Options of the action as a JSON object',
		},
		{
			displayName: 'Action Payload',
			name: 'action_payload',
			type: 'string',
			default: '',
			description:
				'Redirect URL for the redirect schema, text or HTML for show actions, or the target campaign ID for "Send to campaign"',
		},
		...(options.update ? [flowActionTypeField] : []),
		additionalJsonField,
		{
			displayName: 'Collect Clicks',
			name: 'collect_clicks',
			type: 'boolean',
			default: true,
			description: options.update
				? 'Whether the flow saves clicks to the statistics'
				: 'Whether the flow saves clicks to the statistics. On create this node sends true unless you turn it off (the API default is false).',
		},
		{
			displayName: 'Comments',
			name: 'comments',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Filter',
			description: 'Which clicks the flow accepts or rejects (replaces all filters of the flow)',
			options: [
				{
					displayName: 'Filter',
					name: 'filter',
					values: [
						{
							displayName: 'Filter Name or ID',
							name: 'name',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getFlowFilters' },
							default: '',
							description:
								'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{
							displayName: 'Mode',
							name: 'mode',
							type: 'options',
							options: [
								{ name: 'Accept', value: 'accept', description: 'Only clicks that match pass' },
								{ name: 'Reject', value: 'reject', description: 'Clicks that match are rejected' },
							],
							default: 'accept',
						},
						{
							displayName: 'Values',
							name: 'payload',
							type: 'string',
							default: '',
							placeholder: 'e.g. US, DE, GB',
							description:
								'Comma- or newline-separated values, e.g. country codes for the country filter',
						},
					],
				},
			],
		},
		{
			displayName: 'Landing Pages',
			name: 'landings',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Landing Page',
			description:
				'Landing pages of the flow with their traffic shares (replaces the current list)',
			options: [{ displayName: 'Landing Page', name: 'landing', values: shareRow('landing') }],
		},
		{
			displayName: 'Match Any Filter',
			name: 'filter_or',
			type: 'boolean',
			default: false,
			description:
				'Whether a click needs to match only one filter (OR) instead of all of them (AND)',
		},
		...(options.update
			? [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'Flow name',
					} as INodeProperties,
				]
			: []),
		{
			displayName: 'Offer Selection',
			name: 'offer_selection',
			type: 'options',
			options: [
				{ name: 'After Click', value: 'after_click' },
				{ name: 'Before Click', value: 'before_click' },
			],
			default: 'before_click',
			description: 'When the offer is chosen for landing page visitors',
		},
		{
			displayName: 'Offers',
			name: 'offers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Offer',
			description: 'Offers of the flow with their traffic shares (replaces the current list)',
			options: [{ displayName: 'Offer', name: 'offer', values: shareRow('offer') }],
		},
		{
			displayName: 'Position',
			name: 'position',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 0 },
			default: 0,
			description: 'Order of the flow among the flows of its type',
		},
		...(options.update ? [flowSchemaField] : []),
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			options: [
				{ name: 'Active', value: 'active' },
				{ name: 'Disabled', value: 'disabled' },
			],
			default: 'active',
		},
		{
			displayName: 'Triggers',
			name: 'triggers',
			type: 'json',
			default: '[]',
			description:
				'Flow triggers as a JSON array of {condition, target, action, …} objects (see the Keitaro API)',
		},
		...(options.update ? [flowTypeField] : []),
		{
			displayName: 'Weight',
			name: 'weight',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 0 },
			default: 100,
			description: 'Weight of the flow in campaigns that rotate flows by weight',
		},
	];
	return fields;
}

/** Builds a StreamObject body from typed fields (+ Additional JSON), validating them. */
export function buildFlowBody(ctx: IExecuteFunctions, i: number, fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || key === 'additionalJson') continue;
		switch (key) {
			case 'name':
				body.name = assertNotBlank(ctx, i, value, 'Name');
				break;
			case 'type':
			case 'schema':
			case 'action_type': {
				const label = key === 'type' ? 'Type' : key === 'schema' ? 'Schema' : 'Action Type';
				body[key] = assertNotBlank(ctx, i, value, label).trim();
				break;
			}
			case 'action_options':
				body.action_options = parseJsonObject(ctx, i, value, 'Action Options');
				break;
			case 'triggers': {
				const triggers = parseJsonValue(ctx, i, value, 'Triggers');
				if (triggers === undefined) break;
				if (!Array.isArray(triggers)) throw paramError(ctx, i, 'Triggers must be a JSON array');
				body.triggers = triggers as IDataObject[];
				break;
			}
			case 'filters':
				body.filters = buildFlowFilters(ctx, i, value);
				break;
			case 'offers':
				body.offers = buildFlowShares(ctx, i, value, 'offer');
				break;
			case 'landings':
				body.landings = buildFlowShares(ctx, i, value, 'landing');
				break;
			case 'position':
				body.position = toInteger(ctx, i, value, 'Position', { min: 0 });
				break;
			case 'weight':
				body.weight = toNumber(ctx, i, value, 'Weight', { min: 0 });
				break;
			default:
				body[key] = value;
		}
	}
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

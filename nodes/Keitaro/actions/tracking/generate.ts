import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { extraRoles } from '../../../shared/adnetworks/catalog';
import { buildTrackingTemplate } from '../../../shared/adnetworks/generator';
import type { GeneratedTemplate, SlotAssignment } from '../../../shared/adnetworks/types';
import { KEITARO_SLOTS } from '../../tracking/slots';
import type { KeitaroOperation } from '../types';
import {
	adNetworkWithCustomProperties,
	readAdNetwork,
	readSlots,
	slotProperties,
	SUB_ID_CHOICES,
} from './common';

const CORE = ['campaignId', 'adsetId', 'adId', 'placement', 'clickId'];

/** Values an extra slot can hold: the catalogue's extra roles, then a custom macro. */
const EXTRA_VALUE_OPTIONS = [
	...extraRoles()
		.map((r) => ({ name: r.label, value: r.role }))
		.sort((a, b) => a.name.localeCompare(b.name)),
	{ name: 'Custom Macro', value: 'custom' },
];

/** Keitaro `SourceParameters` (keitaro-admin-api.md §7.1) from a generated template. */
export function toSourceParameters(template: GeneratedTemplate): IDataObject {
	const parameters: IDataObject = {};
	for (const p of template.parameters) {
		const entry: IDataObject = { name: p.urlName, placeholder: p.macro };
		if (p.key.startsWith('sub_id_')) entry.alias = p.label;
		parameters[p.key] = entry;
	}
	return parameters;
}

interface ExtraRow {
	slot?: number | string;
	value?: string;
	macro?: string;
	name?: string;
	label?: string;
}

function readExtras(ctx: IExecuteFunctions, i: number): SlotAssignment[] {
	const raw = ctx.getNodeParameter('extraSlots', i, {}) as { extra?: ExtraRow[] | ExtraRow };
	const rows = Array.isArray(raw?.extra) ? raw.extra : raw?.extra ? [raw.extra] : [];
	return rows.map((row, n) => {
		const slot = Number(row.slot);
		const role = String(row.value ?? 'custom');
		if (!Number.isInteger(slot) || slot < 1) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Extra Sub IDs: row ${n + 1} needs a sub ID from sub_id_1 to sub_id_${KEITARO_SLOTS.maxSlots}`,
				{ itemIndex: i },
			);
		}
		const a: SlotAssignment = { slot, role };
		if (role === 'custom') {
			a.macro = String(row.macro ?? '');
			if (row.label) a.label = String(row.label);
		}
		if (row.name) a.name = String(row.name);
		return a;
	});
}

/** The fields that say what to generate: network, sub ID layout, cost, extras, naming. */
export const generatorProperties: INodeProperties[] = [
	...adNetworkWithCustomProperties,
	...slotProperties(CORE),
	{
		displayName: 'Include Cost Macro',
		name: 'includeCost',
		type: 'boolean',
		default: true,
		description:
			"Whether to pass the network's cost macro (where it has one) in Keitaro's cost parameter. Keitaro uses it only when the campaign has Cost Auto on.",
	},
	{
		displayName: 'Extra Sub IDs',
		name: 'extraSlots',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Extra Sub ID',
		default: {},
		description: 'More values to track, e.g. the campaign name in sub_id_6',
		options: [
			{
				displayName: 'Extra',
				name: 'extra',
				values: [
					{
						displayName: 'Custom Label',
						name: 'label',
						type: 'string',
						default: '',
						displayOptions: { show: { value: ['custom'] } },
						description: 'Name shown in Keitaro reports for this sub ID',
					},
					{
						displayName: 'Custom Macro',
						name: 'macro',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{adset.name}}',
						displayOptions: { show: { value: ['custom'] } },
						description: 'Macro of the ad network, written exactly as the network expects it',
					},
					{
						displayName: 'Parameter Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. adset_name',
						description:
							'URL parameter name. Leave empty to use the sub ID name (sub_id_6) or, with parameters named by role, the value name.',
					},
					{
						displayName: 'Sub ID',
						name: 'slot',
						type: 'options',
						options: SUB_ID_CHOICES,
						default: 6,
						description: 'The Keitaro sub ID parameter that carries the value',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'options',
						options: EXTRA_VALUE_OPTIONS,
						default: 'campaignName',
						description:
							'What the ad network puts in the slot. A value the selected network has no macro for is left out with a warning.',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Unverified Macros',
				name: 'includeUnverified',
				type: 'boolean',
				default: true,
				description:
					"Whether to use macros that could not be confirmed in the ad network's documentation (they are listed in the warnings either way)",
			},
			{
				displayName: 'Parameter Names',
				name: 'naming',
				type: 'options',
				options: [
					{
						name: 'Sub ID Names',
						value: 'slot',
						description:
							'URL parameters named sub_id_1, sub_id_2, …: Keitaro’s default parameter names',
					},
					{
						name: 'Descriptive Names',
						value: 'role',
						description:
							'URL parameters named campaign_id, adset_id, …: easier to read in the landing URL',
					},
				],
				default: 'slot',
			},
		],
	},
];

/** Item `i`'s tracking parameters: the string for the ad network and Keitaro's SourceParameters. */
export function generateFor(ctx: IExecuteFunctions, i: number): IDataObject {
	const network = readAdNetwork(ctx, i, true);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const layout = [...readSlots(ctx, i, CORE), ...readExtras(ctx, i)];
	if (!layout.length) {
		throw new NodeOperationError(ctx.getNode(), 'No slot is set', {
			itemIndex: i,
			description: 'Give at least one value a slot number above 0.',
		});
	}
	const { template, errors } = buildTrackingTemplate(network, layout, KEITARO_SLOTS, {
		naming: options.naming === 'role' ? 'role' : 'slot',
		includeCost: ctx.getNodeParameter('includeCost', i, true) as boolean,
		includeUnverified: options.includeUnverified !== false,
	});
	if (!template) {
		throw new NodeOperationError(ctx.getNode(), errors[0], {
			itemIndex: i,
			description: errors.slice(1).join('; ') || undefined,
		});
	}
	const warnings = [...template.warnings];
	if (template.parameters.some((p) => p.role === 'cost')) {
		warnings.push(
			'Keitaro takes the click cost from the cost parameter only when the campaign has Cost Auto on; costs synced later with Sync Costs overwrite it.',
		);
	}
	return {
		adNetwork: template.network,
		adNetworkName: template.networkName,
		tracker: template.tracker,
		urlParameters: template.urlParameters,
		parameters: toSourceParameters(template),
		slots: template.parameters.map((p) => ({
			slot: p.slot || null,
			parameter: p.key,
			value: p.role,
			label: p.label,
			urlName: p.urlName,
			macro: p.macro,
			confidence: p.confidence,
			appendedByNetwork: p.appended,
		})),
		unverified: template.unverified,
		warnings,
		source: template.source,
		sourceVerified: template.sourceVerified,
		note: template.note ?? null,
	};
}

export const generateParameters: KeitaroOperation = {
	option: {
		name: 'Generate Tracking Parameters',
		value: 'generateParameters',
		action: 'Generate tracking parameters for an ad network',
		description:
			'Build the URL parameter string to paste into an ad network and the matching Keitaro traffic source parameters',
	},
	spec: [],
	properties: [
		{
			displayName:
				'No request is made. Paste the "urlParameters" output into the ad network. To store "parameters" on a Keitaro traffic source or campaign, use Tracking → Apply Tracking Parameters (it has a Dry Run).',
			name: 'generateNotice',
			type: 'notice',
			default: '',
		},
		...generatorProperties,
	],

	async execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
		return generateFor(this, i);
	},
};

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AD_NETWORKS, getAdNetwork, MACRO_CATALOG } from '../../../shared/adnetworks/catalog';
import type { AdNetwork, SlotAssignment } from '../../../shared/adnetworks/types';
import { KEITARO_SLOTS } from '../../tracking/slots';
import { checkCurrency } from '../../../shared/validation';

export const CORE_SLOT_PARAMS: ReadonlyArray<{ role: string; param: string; display: string }> = [
	{ role: 'campaignId', param: 'campaignIdSlot', display: 'Put Campaign ID In' },
	{ role: 'adsetId', param: 'adsetIdSlot', display: 'Put Ad Set / Ad Group ID In' },
	{ role: 'adId', param: 'adIdSlot', display: 'Put Ad / Creative ID In' },
	{ role: 'placement', param: 'placementSlot', display: 'Put Placement / Site In' },
	{ role: 'clickId', param: 'clickIdSlot', display: 'Put Click ID In' },
];

/** sub_id_1 … sub_id_N as choices (values stay the slot numbers). */
export const SUB_ID_CHOICES = Array.from({ length: KEITARO_SLOTS.maxSlots }, (_v, k) => ({
	name: `sub_id_${k + 1}`,
	value: k + 1,
}));

/** The sub ID choices of a core role: "Not Used" (0), then sub_id_1 … sub_id_N. */
const SUB_ID_OPTIONS = [{ name: 'Not Used', value: 0 }, ...SUB_ID_CHOICES];

/** The Ad Network dropdown, from macros.json. */
export const adNetworkProperty: INodeProperties = {
	displayName: 'Ad Network',
	name: 'adNetwork',
	type: 'options',
	options: [...AD_NETWORKS]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((n) => ({ name: n.name, value: n.id })),
	default: 'facebook',
	description: 'Ad network the traffic comes from; its macros come from the pack’s macro table',
};

/**
 * Slot-number parameters of the core roles (which Keitaro sub ID holds what). `defaults`
 * overrides the catalogue's default slots; 0 leaves a role out.
 */
export function slotProperties(
	roles: string[],
	defaults: Record<string, number> = {},
): INodeProperties[] {
	return CORE_SLOT_PARAMS.filter((p) => roles.includes(p.role)).map((p) => {
		const property: INodeProperties = {
			displayName: p.display,
			name: p.param,
			type: 'options',
			options: SUB_ID_OPTIONS,
			default: 0,
			description: `The Keitaro sub ID parameter (sub_id_1 … sub_id_${KEITARO_SLOTS.maxSlots}) that carries the ${MACRO_CATALOG.roles[p.role].label.toLowerCase()}. Not Used leaves it out.`,
		};
		property.default = defaults[p.role] ?? MACRO_CATALOG.defaultSlots[p.role] ?? 0;
		return property;
	});
}

/** Reads the slot numbers of `roles` for item `i` (0 = not used). */
export function readSlots(ctx: IExecuteFunctions, i: number, roles: string[]): SlotAssignment[] {
	const out: SlotAssignment[] = [];
	for (const p of CORE_SLOT_PARAMS.filter((x) => roles.includes(x.role))) {
		const raw = ctx.getNodeParameter(p.param, i, 0) as unknown;
		const slot = Number(raw);
		if (!Number.isInteger(slot) || slot < 0 || slot > KEITARO_SLOTS.maxSlots) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${p.display}: choose sub_id_1 … sub_id_${KEITARO_SLOTS.maxSlots}, or Not Used (got "${String(raw)}")`,
				{ itemIndex: i },
			);
		}
		if (slot > 0) out.push({ role: p.role, slot });
	}
	return out;
}

/** The "Other / Custom" network: macros typed by the user (Generate / Apply Tracking Parameters). */
export const CUSTOM_NETWORK_ID = 'custom';

const CUSTOM_ROLES: ReadonlyArray<{
	role: string;
	param: string;
	display: string;
	example: string;
}> = [
	{
		role: 'campaignId',
		param: 'customCampaignId',
		display: 'Campaign ID Macro',
		example: '{campaign_id}',
	},
	{
		role: 'adsetId',
		param: 'customAdsetId',
		display: 'Ad Set / Ad Group ID Macro',
		example: '{adgroup_id}',
	},
	{
		role: 'adId',
		param: 'customAdId',
		display: 'Ad / Creative ID Macro',
		example: '{creative_id}',
	},
	{
		role: 'placement',
		param: 'customPlacement',
		display: 'Placement / Site Macro',
		example: '{zone_id}',
	},
	{ role: 'clickId', param: 'customClickId', display: 'Click ID Macro', example: '{click_id}' },
	{ role: 'cost', param: 'customCost', display: 'Cost Macro', example: '{cost}' },
];

/** The Ad Network dropdown with "Other / Custom" last, and the macro fields of the custom network. */
export const adNetworkWithCustomProperties: INodeProperties[] = [
	{
		...adNetworkProperty,
		options: [
			...(adNetworkProperty.options ?? []),
			{ name: 'Other / Custom (Your Macros)', value: CUSTOM_NETWORK_ID },
		],
		description:
			'Ad network the traffic comes from; its macros come from the pack’s macro table. Other / Custom: type the network’s macros yourself.',
	},
	...CUSTOM_ROLES.map(
		(r): INodeProperties => ({
			displayName: r.display,
			name: r.param,
			type: 'string',
			default: '',
			placeholder: `e.g. ${r.example}`,
			displayOptions: { show: { adNetwork: [CUSTOM_NETWORK_ID] } },
			description: `The network’s macro for the ${MACRO_CATALOG.roles[r.role].label.toLowerCase()}, written exactly as the network expects it. Leave empty if it has none.`,
		}),
	),
];

function customNetwork(ctx: IExecuteFunctions, i: number): AdNetwork {
	const macros: AdNetwork['macros'] = {};
	for (const r of CUSTOM_ROLES) {
		const macro = String(ctx.getNodeParameter(r.param, i, '') ?? '').trim();
		if (macro) macros[r.role] = { macro, confidence: 'verified' };
	}
	if (!Object.keys(macros).length) {
		throw new NodeOperationError(ctx.getNode(), 'Other / Custom network: no macro is set', {
			itemIndex: i,
			description:
				'Type at least one of the network’s macros, e.g. its Campaign ID or Click ID macro.',
		});
	}
	return {
		id: CUSTOM_NETWORK_ID,
		name: 'Other / Custom',
		source: '',
		sourceVerified: false,
		labels: {},
		note: 'Macros typed by you: the pack has not checked them.',
		macros,
	};
}

export function readAdNetwork(ctx: IExecuteFunctions, i: number, allowCustom = false): AdNetwork {
	const id = String(ctx.getNodeParameter('adNetwork', i, 'facebook'));
	if (allowCustom && id === CUSTOM_NETWORK_ID) return customNetwork(ctx, i);
	const network = getAdNetwork(id);
	if (!network) {
		throw new NodeOperationError(ctx.getNode(), `Unknown ad network "${id}"`, {
			itemIndex: i,
			description: `Known networks: ${AD_NETWORKS.map((n) => n.id).join(', ')}`,
		});
	}
	return network;
}

/** Reads `a.b.c` from an item's JSON. */
export function getField(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	let cur: unknown = json;
	for (const part of path.split('.')) {
		if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as IDataObject)[part];
	}
	return cur;
}

/** A report value (number or numeric string such as "45.00") as a number; 0 when missing. */
export function num(value: unknown): number {
	if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
	if (typeof value === 'string' && value.trim() !== '') {
		const n = Number(value.trim().replace(',', '.'));
		return Number.isFinite(n) ? n : 0;
	}
	return 0;
}

export function round2(n: number): number {
	return Math.round((n + Number.EPSILON) * 100) / 100;
}

/** An ad-network ID as text ('' when missing). */
export function idText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return String(value).trim();
}

export function upperCurrency(raw: unknown): string {
	return String(raw ?? '')
		.trim()
		.toUpperCase();
}

/** An ISO 4217 code (the shared validator), e.g. "USD"; "ZZZ" and "FOO" are not. */
export function isCurrencyCode(code: string): boolean {
	return checkCurrency(code, 'Currency').ok;
}

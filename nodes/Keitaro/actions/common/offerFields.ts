import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalJsonField } from './descriptions';
import {
	assertNotBlank,
	assertNumericId,
	mergeAdditionalJson,
	paramError,
	splitList,
	toNumber,
} from './utils';
import { checkCurrency } from '../../../shared/validation';
import { currencyField, timeZoneField } from '../../../shared/options';

/** Input binary field holding a ZIP of local files; sent base64-encoded as `archive`. */
export const archiveBinaryField: INodeProperties = {
	displayName: 'Archive Input Binary Field',
	name: 'archiveBinaryPropertyName',
	type: 'string',
	default: '',
	placeholder: 'e.g. data',
	description:
		'Name of the input binary field holding a ZIP of the local files; it is uploaded base64-encoded',
};

/** Offer fields of Create (Additional Fields) and Update (Update Fields), sorted by name. */
export function offerFields(options: { update: boolean }): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Action Type',
			name: 'action_type',
			type: 'string',
			default: 'http',
			description:
				'How the visitor is sent to the offer URL, e.g. http (HTTP redirect), meta, js, curl',
		},
		additionalJsonField,
		{
			displayName: 'Affiliate Network Name or ID',
			name: 'affiliate_network_id',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getAffiliateNetworks' },
			default: '',
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			displayName: 'Allow Upsells',
			name: 'payout_upsell',
			type: 'boolean',
			default: false,
			description: 'Whether the offer accepts extra (upsell) conversions for the same click',
		},
		{
			displayName: 'Alternative Offer Name or ID',
			name: 'alternative_offer_id',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getOffers' },
			default: '',
			description:
				'Offer that gets the traffic once the daily cap is reached. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		archiveBinaryField,
		{
			displayName: 'Conversion Cap Enabled',
			name: 'conversion_cap_enabled',
			type: 'boolean',
			default: false,
			description: 'Whether the offer stops getting traffic after the daily cap of conversions',
		},
		timeZoneField({
			displayName: 'Conversion Timezone',
			name: 'conversion_timezone',
			default: 'UTC',
			description: 'Timezone the affiliate network counts conversions in (for the daily cap)',
		}),
		{
			displayName: 'Countries',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'e.g. US, DE, JP',
			description: 'Comma-separated country codes of the offer',
		},
		{
			displayName: 'Daily Cap',
			name: 'daily_cap',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 0 },
			default: 0,
			description: 'Conversions per day after which traffic goes to the alternative offer',
		},
		{
			displayName: 'Group Name or ID',
			name: 'group_id',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getOfferGroups' },
			default: '',
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		...(options.update
			? [{ displayName: 'Name', name: 'name', type: 'string', default: '' } as INodeProperties]
			: []),
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
		},
		{
			displayName: 'Offer Type',
			name: 'offer_type',
			type: 'options',
			options: [
				{ name: 'Action', value: 'action' },
				{ name: 'External (URL)', value: 'external' },
				{ name: 'Local (Files on the Tracker)', value: 'local' },
				{ name: 'Preloaded', value: 'preloaded' },
			],
			default: 'external',
		},
		currencyField({
			displayName: 'Payout Currency',
			name: 'payout_currency',
			default: 'USD',
		}),
		{
			displayName: 'Payout From Postback',
			name: 'payout_auto',
			type: 'boolean',
			default: false,
			description: "Whether the payout is taken from the affiliate network's postback",
		},
		{
			displayName: 'Payout Type',
			name: 'payout_type',
			type: 'options',
			options: [
				{ name: 'CPA', value: 'CPA' },
				{ name: 'CPC', value: 'CPC' },
			],
			default: 'CPA',
		},
		{
			displayName: 'Payout Value',
			name: 'payout_value',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 0,
		},
		{
			displayName: 'URL',
			name: 'action_payload',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://network.example.com/click?sub1={subid}',
			description: 'Offer URL with Keitaro macros such as {subid}',
		},
	];
	return fields;
}

const landingActionTypes = [
	{ name: 'CURL', value: 'curl' },
	{ name: 'HTTP Redirect', value: 'http' },
	{ name: 'Local File', value: 'local_file' },
	{ name: 'Show HTML', value: 'show_html' },
	{ name: 'Show Text', value: 'show_text' },
	{ name: 'Status 404', value: 'status404' },
];

/** Landing page fields of Create (Additional Fields) and Update (Update Fields), sorted by name. */
export function landingPageFields(options: { update: boolean }): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Action Payload',
			name: 'action_payload',
			type: 'string',
			default: '',
			description: 'URL, text or HTML used by the action type',
		},
		{
			displayName: 'Action Type',
			name: 'action_type',
			type: 'options',
			options: landingActionTypes,
			default: 'local_file',
		},
		additionalJsonField,
		archiveBinaryField,
		{
			displayName: 'Group Name or ID',
			name: 'group_id',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getLandingGroups' },
			default: '',
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			displayName: 'Landing Type',
			name: 'landing_type',
			type: 'options',
			options: [
				{ name: 'Action', value: 'action' },
				{ name: 'External (URL)', value: 'external' },
				{ name: 'Local (Files on the Tracker)', value: 'local' },
				{ name: 'Preloaded', value: 'preloaded' },
			],
			default: 'local',
		},
		...(options.update
			? [{ displayName: 'Name', name: 'name', type: 'string', default: '' } as INodeProperties]
			: []),
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
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
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://lander.example.com/',
			description: 'URL of an external landing page',
		},
	];
	return fields;
}

async function readArchive(
	ctx: IExecuteFunctions,
	i: number,
	property: unknown,
): Promise<string | undefined> {
	const name = String(property ?? '').trim();
	if (!name) return undefined;
	ctx.helpers.assertBinaryData(i, name);
	const buffer = await ctx.helpers.getBinaryDataBuffer(i, name);
	return buffer.toString('base64');
}

function optionalId(ctx: IExecuteFunctions, i: number, value: unknown, field: string): number {
	if (value === '' || value === 0 || value === '0' || value === undefined || value === null)
		return 0;
	return Number(assertNumericId(ctx, i, value, field));
}

/** Builds an OfferRequest body from typed fields (+ Additional JSON). */
export async function buildOfferBody(
	ctx: IExecuteFunctions,
	i: number,
	fields: IDataObject,
): Promise<IDataObject> {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || key === 'additionalJson' || key === 'archiveBinaryPropertyName')
			continue;
		switch (key) {
			case 'name':
				body.name = assertNotBlank(ctx, i, value, 'Name');
				break;
			case 'affiliate_network_id':
				body.affiliate_network_id = optionalId(ctx, i, value, 'Affiliate Network');
				break;
			case 'alternative_offer_id':
				body.alternative_offer_id = optionalId(ctx, i, value, 'Alternative Offer');
				break;
			case 'group_id':
				body.group_id = optionalId(ctx, i, value, 'Group');
				break;
			case 'country':
				body.country = splitList(value).map((c) => (/^[a-z]{2}$/i.test(c) ? c.toUpperCase() : c));
				break;
			case 'payout_value':
				body.payout_value = toNumber(ctx, i, value, 'Payout Value', { min: 0 });
				break;
			case 'daily_cap':
				body.daily_cap = toNumber(ctx, i, value, 'Daily Cap', { min: 0 });
				break;
			case 'payout_currency': {
				const currency = String(value).trim().toUpperCase();
				// ISO 4217, not just "three letters" (ZZZ and FOO are refused).
				const checked = checkCurrency(currency, 'Payout Currency');
				if (currency && !checked.ok) throw paramError(ctx, i, checked.message);
				body.payout_currency = currency;
				break;
			}
			default:
				body[key] = value;
		}
	}
	const archive = await readArchive(ctx, i, fields.archiveBinaryPropertyName);
	if (archive !== undefined) body.archive = archive;
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

/** Builds a LandingRequest body from typed fields (+ Additional JSON). */
export async function buildLandingPageBody(
	ctx: IExecuteFunctions,
	i: number,
	fields: IDataObject,
): Promise<IDataObject> {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || key === 'additionalJson' || key === 'archiveBinaryPropertyName')
			continue;
		switch (key) {
			case 'name':
				body.name = assertNotBlank(ctx, i, value, 'Name');
				break;
			case 'group_id':
				// Landing group IDs are strings on write in the spec.
				body.group_id = String(optionalId(ctx, i, value, 'Group'));
				break;
			case 'url': {
				const url = String(value).trim();
				if (url && !/^https?:\/\/\S+$/i.test(url)) {
					throw paramError(ctx, i, `URL must start with http:// or https://, got "${url}"`);
				}
				body.url = url;
				break;
			}
			default:
				body[key] = value;
		}
	}
	const archive = await readArchive(ctx, i, fields.archiveBinaryPropertyName);
	if (archive !== undefined) body.archive = archive;
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalJsonField, postbackStatusOptions, sourceParametersField } from './descriptions';
import { buildSourceParameters } from './fields';
import {
	assertNotBlank,
	assertNumericId,
	mergeAdditionalJson,
	paramError,
	splitList,
	toNumber,
} from './utils';

const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
};

function checkUrl(ctx: IExecuteFunctions, i: number, value: unknown, field: string): string {
	const url = String(value ?? '').trim();
	if (url && !/^https?:\/\/\S+$/i.test(url)) {
		throw paramError(ctx, i, `${field} must start with http:// or https://, got "${url}"`);
	}
	return url;
}

// ----- Affiliate networks ------------------------------------------------------------------------

export function affiliateNetworkFields(options: { update: boolean }): INodeProperties[] {
	return [
		additionalJsonField,
		...(options.update ? [nameField] : []),
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
		},
		{
			displayName: 'Offer Parameters',
			name: 'offer_param',
			type: 'string',
			default: '',
			placeholder: 'e.g. sub1={subid}&sub2={campaign_name}',
			description: "Query parameters appended to the URLs of this network's offers",
		},
		{
			displayName: 'Postback URL',
			name: 'postback_url',
			type: 'string',
			default: '',
			description: 'Postback URL to give to the affiliate network',
		},
	];
}

export function buildAffiliateNetworkBody(
	ctx: IExecuteFunctions,
	i: number,
	fields: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || key === 'additionalJson') continue;
		if (key === 'name') body.name = assertNotBlank(ctx, i, value, 'Name');
		else if (key === 'postback_url') body.postback_url = checkUrl(ctx, i, value, 'Postback URL');
		else body[key] = value;
	}
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

// ----- Traffic sources ---------------------------------------------------------------------------

export function trafficSourceFields(options: { update: boolean }): INodeProperties[] {
	return [
		{
			displayName: 'Accept Parameters',
			name: 'accept_parameters',
			type: 'boolean',
			default: true,
			description: 'Whether campaigns accept the parameters of this source from the click URL',
		},
		additionalJsonField,
		...(options.update ? [nameField] : []),
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
		},
		sourceParametersField,
		{
			displayName: 'Postback Statuses',
			name: 'postback_statuses',
			type: 'multiOptions',
			options: postbackStatusOptions,
			default: [],
			description: 'Conversion statuses Keitaro reports back to the source',
		},
		{
			displayName: 'Postback URL',
			name: 'postback_url',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://source.example.com/pb?click_id={external_id}&payout={payout}',
			description: 'URL Keitaro calls for each conversion of this source',
		},
		{
			displayName: 'Template Name',
			name: 'template_name',
			type: 'string',
			default: '',
			placeholder: 'e.g. facebook',
			description: 'Keitaro template the source was created from',
		},
		{
			displayName: 'Traffic Loss (%)',
			name: 'traffic_loss',
			type: 'number',
			typeOptions: { numberPrecision: 2, minValue: 0, maxValue: 100 },
			default: 0,
			description: 'Share of clicks expected to be lost between the source and the tracker',
		},
	];
}

export function buildTrafficSourceBody(
	ctx: IExecuteFunctions,
	i: number,
	fields: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || key === 'additionalJson') continue;
		switch (key) {
			case 'name':
				body.name = assertNotBlank(ctx, i, value, 'Name');
				break;
			case 'postback_url':
				body.postback_url = checkUrl(ctx, i, value, 'Postback URL');
				break;
			case 'postback_statuses':
				body.postback_statuses = splitList(value);
				break;
			case 'parameters':
				body.parameters = buildSourceParameters(ctx, i, value);
				break;
			case 'traffic_loss': {
				const loss = toNumber(ctx, i, value, 'Traffic Loss (%)', { min: 0 });
				if (loss !== undefined && loss > 100) {
					throw paramError(ctx, i, `Traffic Loss (%) must be between 0 and 100, got ${loss}`);
				}
				body.traffic_loss = loss;
				break;
			}
			default:
				body[key] = value;
		}
	}
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

// ----- Domains -----------------------------------------------------------------------------------

export const DOMAIN_REGEX =
	/^(https?:\/\/)?[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+\/?$/;

export function checkDomainName(ctx: IExecuteFunctions, i: number, value: unknown): string {
	const name = String(value ?? '').trim();
	if (!DOMAIN_REGEX.test(name)) {
		throw paramError(
			ctx,
			i,
			`Name "${name}" is not a valid domain name`,
			'Enter a domain such as tracker.example.com (an http:// or https:// prefix is allowed).',
		);
	}
	return name;
}

export function domainFields(options: { update: boolean }): INodeProperties[] {
	return [
		additionalJsonField,
		{
			displayName: 'Allow Indexing',
			name: 'allow_indexing',
			type: 'boolean',
			default: true,
			description: 'Whether search engine robots may index the domain',
		},
		{
			displayName: 'Catch Not Found',
			name: 'catch_not_found',
			type: 'boolean',
			default: false,
			description:
				'Whether traffic to URLs that do not exist on the domain goes to the default campaign',
		},
		{
			displayName: 'Default Campaign Name or ID',
			name: 'default_campaign_id',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getCampaigns' },
			default: '',
			description:
				'Campaign that runs on the domain root. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...(options.update
			? [
					{
						displayName: 'HTTPS',
						name: 'is_ssl',
						type: 'boolean',
						default: false,
						description: 'Whether the domain is served over HTTPS',
					} as INodeProperties,
					{ ...nameField, placeholder: 'e.g. tracker.example.com' },
				]
			: []),
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
		},
		{
			displayName: 'Redirect to HTTPS',
			name: 'ssl_redirect',
			type: 'boolean',
			default: false,
			description: 'Whether browsers are redirected from HTTP to HTTPS',
		},
		...(options.update
			? []
			: [
					{
						displayName: 'Wildcard (Deprecated)',
						name: 'wildcard',
						type: 'boolean',
						default: false,
						description: 'Whether all subdomains are included (deprecated by Keitaro)',
					} as INodeProperties,
				]),
	];
}

export function buildDomainBody(
	ctx: IExecuteFunctions,
	i: number,
	fields: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || key === 'additionalJson') continue;
		if (key === 'name') body.name = checkDomainName(ctx, i, value);
		else if (key === 'default_campaign_id') {
			body.default_campaign_id =
				value === '' || value === '0' || value === 0
					? 0
					: Number(assertNumericId(ctx, i, value, 'Default Campaign'));
		} else body[key] = value;
	}
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

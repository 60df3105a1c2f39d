import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { additionalJsonField, postbacksField, sourceParametersField } from './descriptions';
import { buildPostbacks, buildSourceParameters } from './fields';
import {
	assertNotBlank,
	assertNumericId,
	assertSlug,
	mergeAdditionalJson,
	paramError,
	toInteger,
	toNumber,
} from './utils';
import { checkCurrency } from '../../../shared/validation';
import { currencyField } from '../../../shared/options';

/** Campaign fields shared by Create (Additional Fields) and Update (Update Fields), sorted by name. */
export function campaignFields(options: { update: boolean }): INodeProperties[] {
	const fields: INodeProperties[] = [
		additionalJsonField,
		{
			displayName: 'Alias',
			name: 'alias',
			type: 'string',
			default: '',
			placeholder: 'e.g. summer-promo',
			description: 'URL slug of the campaign (https://your-domain/ALIAS); must be unique',
		},
		{
			displayName: 'Automatic Costs',
			name: 'cost_auto',
			type: 'boolean',
			default: false,
			description:
				"Whether to take the cost of each click from the traffic source's cost parameter instead of the fixed cost",
		},
		{
			displayName: 'Bind Visitors',
			name: 'bind_visitors',
			type: 'options',
			default: 'off',
			description: 'Send a returning visitor to the same flow, landing page and offer as before',
			options: [
				{ name: 'Flows', value: 's' },
				{ name: 'Flows and Landing Pages', value: 'sl' },
				{ name: 'Flows, Landing Pages and Offers', value: 'slo' },
				{ name: 'Off', value: 'off' },
			],
		},
		{
			displayName: 'Cookies TTL (Hours)',
			name: 'cookies_ttl',
			type: 'number',
			typeOptions: { numberPrecision: 0, minValue: 0 },
			default: 24,
			description: 'After how many hours a visitor counts as unique again',
		},
		currencyField({
			displayName: 'Cost Currency',
			name: 'cost_currency',
			emptyLabel: 'Tracker Currency',
			default: '',
			description: "Currency of the cost. Empty means the tracker's currency.",
		}),
		{
			displayName: 'Cost Type',
			name: 'cost_type',
			type: 'options',
			default: 'CPC',
			description:
				'Cost model. Other models (CPA, CPS, RevShare, …) can be sent with Additional JSON on trackers that accept them.',
			options: [
				{ name: 'CPC', value: 'CPC', description: 'Cost per click' },
				{ name: 'CPM', value: 'CPM', description: 'Cost per 1000 views' },
				{ name: 'CPUC', value: 'CPUC', description: 'Cost per unique click' },
			],
		},
		{
			displayName: 'Cost Value',
			name: 'cost_value',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 0,
			description:
				'Cost per unit of the cost type (e.g. per click for CPC, per 1000 views for CPM)',
		},
		{
			displayName: 'Domain Name or ID',
			name: 'domain_id',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getDomains' },
			default: '',
			description:
				'Domain the campaign runs on. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Group Name or ID',
			name: 'group_id',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getCampaignGroups' },
			default: '',
			description:
				'Campaign group. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'Campaign name',
		},
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
		},
		sourceParametersField,
		postbacksField,
		{
			displayName: 'Rotation Type',
			name: 'type',
			type: 'options',
			default: 'position',
			description: 'How flows are chosen: by position, or split-tested by weight',
			options: [
				{ name: 'Position', value: 'position' },
				{ name: 'Weight (Split Test)', value: 'weight' },
			],
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			default: 'active',
			options: [
				{ name: 'Active', value: 'active' },
				{ name: 'Disabled', value: 'disabled' },
			],
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Secret token for the Click API',
		},
		{
			displayName: 'Traffic Source Name or ID',
			name: 'traffic_source_id',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getTrafficSources' },
			default: '',
			description:
				'Traffic source of the campaign. Its parameters are not copied by the API: set Parameters too. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Uniqueness Method',
			name: 'uniqueness_method',
			type: 'options',
			default: 'ip',
			options: [
				{ name: 'IP', value: 'ip' },
				{ name: 'IP and User Agent', value: 'ip_ua' },
			],
		},
		{
			displayName: 'Use Cookies for Uniqueness',
			name: 'uniqueness_use_cookies',
			type: 'boolean',
			default: true,
			description: 'Whether cookies are also used to tell unique visitors apart',
		},
	];
	// Name and alias are top-level (required) parameters on create.
	return options.update ? fields : fields.filter((f) => f.name !== 'name' && f.name !== 'alias');
}

const ID_FIELDS: Record<string, string> = {
	domain_id: 'Domain',
	traffic_source_id: 'Traffic Source',
};

/** Builds a CampaignRequest body from typed fields (+ Additional JSON), validating them. */
export function buildCampaignBody(
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
			case 'alias':
				body.alias = assertSlug(ctx, i, value, 'Alias');
				break;
			case 'bind_visitors':
				body.bind_visitors = value === 'off' || value === '' ? null : value;
				break;
			case 'cookies_ttl':
				body.cookies_ttl = toInteger(ctx, i, value, 'Cookies TTL (Hours)', { min: 0 });
				break;
			case 'cost_value':
				body.cost_value = toNumber(ctx, i, value, 'Cost Value', { min: 0 });
				break;
			case 'cost_currency': {
				const currency = String(value).trim().toUpperCase();
				// ISO 4217, not just "three letters" (ZZZ and FOO are refused).
				const checked = checkCurrency(currency, 'Cost Currency');
				if (currency && !checked.ok) throw paramError(ctx, i, checked.message);
				body.cost_currency = currency;
				break;
			}
			case 'group_id':
				// Group IDs are strings on write in the spec; 0 or empty means "no group".
				body.group_id =
					value === '' || value === '0' ? '0' : assertNumericId(ctx, i, value, 'Group');
				break;
			case 'domain_id':
			case 'traffic_source_id':
				if (value === '' || value === 0 || value === '0') body[key] = 0;
				else body[key] = Number(assertNumericId(ctx, i, value, ID_FIELDS[key]));
				break;
			case 'parameters':
				body.parameters = buildSourceParameters(ctx, i, value);
				break;
			case 'postbacks':
				body.postbacks = buildPostbacks(ctx, i, value);
				break;
			default:
				body[key] = value;
		}
	}
	return mergeAdditionalJson(ctx, i, body, fields.additionalJson);
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { CAMPAIGN_LOOKUP_SPEC, resolveCampaignId } from '../common/crud';
import { campaignLocator, SOURCE_PARAMETER_KEYS } from '../common/descriptions';
import { rowsOf } from '../common/fields';
import { asEntity, paramError, toNumber } from '../common/utils';
import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';
import { checkCalendarDate, checkCurrency, checkTimeZone, quote } from '../../../shared/validation';
import { currencyField, timeZoneField } from '../../../shared/options';

/** "2024-05-01", "2024-05-01 10:00", ISO "2024-05-01T10:00:00.000+02:00" → "2024-05-01 10:00". */
export function toKeitaroMinute(
	ctx: IExecuteFunctions,
	i: number,
	value: unknown,
	field: string,
): string {
	const text = String(value ?? '').trim();
	const m =
		/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(
			text,
		);
	if (!m || Number(m[2] ?? 0) > 23 || Number(m[3] ?? 0) > 59) {
		throw paramError(
			ctx,
			i,
			`${field} must be a date and time such as "2024-05-01 10:00", got ${quote(text)}`,
		);
	}
	const day = checkCalendarDate(m[1], field);
	if (!day.ok) throw paramError(ctx, i, day.message);
	return `${m[1]} ${m[2] ?? '00'}:${m[3] ?? '00'}`;
}

const filterKeyOptions = SOURCE_PARAMETER_KEYS.map((key) => ({
	name: key,
	value: key,
}));

export const updateCosts: KeitaroOperation = {
	option: {
		name: 'Update Costs',
		value: 'updateCosts',
		description: "Set the cost of a campaign's clicks in a time range (runs as a background job)",
		action: 'Update costs of a campaign',
	},
	properties: [
		campaignLocator,
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'Start of the time range, in the timezone below (minutes precision)',
		},
		{
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'End of the time range, in the timezone below (minutes precision)',
		},
		timeZoneField({
			displayName: 'Timezone',
			name: 'timezone',
			emptyLabel: 'Workflow Time Zone',
			default: '',
			description: "Timezone of the range. Empty uses the workflow's timezone.",
		}),
		{
			displayName: 'Cost',
			name: 'cost',
			type: 'number',
			required: true,
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 0,
			description: 'Total cost of the time range, spread over its clicks',
		},
		currencyField({
			displayName: 'Currency',
			name: 'currency',
			required: true,
			default: 'USD',
			description: 'Currency of the cost, e.g. USD or EUR',
		}),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add Filter',
					description: 'Apply the cost only to clicks with these parameter values',
					options: [
						{
							displayName: 'Filter',
							name: 'filter',
							values: [
								{
									displayName: 'Parameter',
									name: 'key',
									type: 'options',
									options: filterKeyOptions,
									default: 'sub_id_1',
								},
								{
									displayName: 'Values',
									name: 'value',
									type: 'string',
									default: '',
									placeholder: 'e.g. 1,2,3',
									description: 'Comma-separated values',
								},
							],
						},
					],
				},
				{
					displayName: 'Only Unique Clicks',
					name: 'only_campaign_uniques',
					type: 'boolean',
					default: false,
					description: 'Whether to apply the cost to unique clicks only',
				},
			],
		},
	],
	spec: ['POST /campaigns/{id}/update_costs', CAMPAIGN_LOOKUP_SPEC],
	async execute(this: IExecuteFunctions, i: number) {
		const start = toKeitaroMinute(this, i, this.getNodeParameter('startDate', i), 'Start Date');
		const end = toKeitaroMinute(this, i, this.getNodeParameter('endDate', i), 'End Date');
		if (start > end) throw paramError(this, i, 'Start Date must not be after End Date');
		const cost = toNumber(this, i, this.getNodeParameter('cost', i), 'Cost', { min: 0 });
		if (cost === undefined) throw paramError(this, i, 'Cost is required');
		const checkedCurrency = checkCurrency(this.getNodeParameter('currency', i, ''), 'Currency');
		if (!checkedCurrency.ok) throw paramError(this, i, checkedCurrency.message);
		const currency = checkedCurrency.value;
		const rawZone =
			String(this.getNodeParameter('timezone', i, '') ?? '').trim() || this.getTimezone();
		const checkedZone = checkTimeZone(rawZone, 'Timezone');
		if (!checkedZone.ok) throw paramError(this, i, checkedZone.message);
		const timezone = checkedZone.value;
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const body: IDataObject = {
			start_date: start,
			end_date: end,
			timezone,
			cost: String(cost),
			currency,
		};
		if (options.only_campaign_uniques !== undefined) {
			body.only_campaign_uniques = options.only_campaign_uniques;
		}
		const filters: IDataObject = {};
		for (const row of rowsOf(options.filters, 'filter')) {
			const key = String(row.key ?? '');
			const value = String(row.value ?? '').trim();
			if (!value) throw paramError(this, i, `Filters: "${key}" needs at least one value`);
			filters[key] = value;
		}
		if (Object.keys(filters).length) body.filters = filters;
		const id = await resolveCampaignId.call(this, i);
		const data = await keitaroApiRequest.call(this, 'POST', `/campaigns/${id}/update_costs`, {
			body,
			entity: { label: 'Campaign', id },
			itemIndex: i,
			idempotent: true,
		});
		return asEntity(data, { campaign_id: Number(id) });
	},
};

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { errorJson, rethrowForItem } from '../../../shared/actions';
import type { CostStatus } from '../../../shared/cost';
import { checkCurrencyCode } from '../../../shared/cost';
import { binomRequest, periodQuery } from '../api';
import { campaignField, dryRunField, periodFields, readCampaignId } from '../common';
import { currencyField } from '../../../shared/options';

interface CostRow {
	i: number;
	campaignId: string;
	tokenId: number;
	tokenValue: string;
	cost: number;
	currency: string;
	period: IDataObject;
	dryRun: boolean;
}

function readRow(ctx: IExecuteFunctions, i: number): CostRow {
	const node = ctx.getNode();
	const campaignId = readCampaignId(ctx, i);
	const tokenId = Number(ctx.getNodeParameter('tokenNumber', i, 1));
	if (!Number.isInteger(tokenId) || tokenId < 1) {
		throw new NodeOperationError(node, 'Token Number must be a positive whole number', {
			itemIndex: i,
		});
	}
	const tokenValue = String(ctx.getNodeParameter('segmentValue', i, '') ?? '').trim();
	if (!tokenValue) throw new NodeOperationError(node, 'Token Value is empty', { itemIndex: i });
	const cost = Number(ctx.getNodeParameter('cost', i, 0));
	if (!Number.isFinite(cost) || cost < 0) {
		throw new NodeOperationError(node, 'Cost must be a number of at least 0', { itemIndex: i });
	}
	const checkedCurrency = checkCurrencyCode(ctx.getNodeParameter('currency', i, 'USD'), 'Currency');
	if (!checkedCurrency.ok) {
		throw new NodeOperationError(node, checkedCurrency.message, { itemIndex: i });
	}
	const currency = checkedCurrency.value;
	return {
		i,
		campaignId,
		tokenId,
		tokenValue,
		cost,
		currency,
		period: periodQuery(ctx, i),
		dryRun: ctx.getNodeParameter('dryRun', i, false) as boolean,
	};
}

/**
 * Cost → Update: `PUT /clicks/campaign/{id}` with `{tokenId, tokenValue, cost, currency, model:
 * "COSTS", timezone, datePreset | dateFrom/dateTo}` (3P client, index 14553748368): the cost of
 * the campaign's clicks whose token N had that value in the period. ASSUMED: the cost is the
 * TOTAL for the period (a second update replaces it) and Binom spreads it over those clicks, so a
 * token value without clicks in the period keeps no cost. Input items that name the same
 * campaign, token value and period would overwrite each other: they are merged (costs summed,
 * each output item says so) into one request; the same key in two currencies is refused.
 */
export const update: ActionOperation = {
	option: {
		name: 'Update',
		value: 'update',
		description: 'Set the cost of a campaign’s clicks with one token value (e.g. a zone or ad ID)',
		action: 'Update costs',
	},
	write: true,
	calls: ['PUT /clicks/campaign/{id}'],
	properties: [
		campaignField,
		{
			displayName: 'Token Number',
			name: 'tokenNumber',
			type: 'number',
			default: 1,
			typeOptions: { numberPrecision: 0, minValue: 1 },
			description: 'Which campaign token holds the value (token 1, 2 …, as set up in the campaign)',
		},
		{
			displayName: 'Token Value',
			name: 'segmentValue',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 4567891',
			description: 'The value of that token (e.g. the zone or ad ID of the traffic source)',
		},
		{
			displayName: 'Cost',
			name: 'cost',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, numberPrecision: 4 },
			description: 'Total spend of these clicks in the period',
		},
		currencyField({
			displayName: 'Currency',
			name: 'currency',
			default: 'USD',
			description: 'Three-letter currency code of the cost',
		}),
		...periodFields('yesterday'),
		dryRunField,
	],
	async executeBatch(this: IExecuteFunctions, indexes: number[]) {
		const out: INodeExecutionData[] = [];
		const fail = (i: number, error: unknown) => {
			if (!this.continueOnFail()) rethrowForItem(this, error, i);
			out.push({ json: errorJson(error), pairedItem: { item: i } });
		};
		const groups = new Map<string, CostRow[]>();
		for (const i of indexes) {
			try {
				const row = readRow(this, i);
				const key = JSON.stringify([row.campaignId, row.tokenId, row.tokenValue, row.period]);
				groups.set(key, [...(groups.get(key) ?? []), row]);
			} catch (error) {
				fail(i, error);
			}
		}
		for (const rows of groups.values()) {
			const first = rows[0];
			const currencies = [...new Set(rows.map((r) => r.currency))];
			if (currencies.length > 1) {
				for (const r of rows)
					fail(
						r.i,
						new NodeOperationError(
							this.getNode(),
							`Token value "${r.tokenValue}" of campaign ${r.campaignId} has costs in ${currencies.join(' and ')} for the same period; Binom keeps one cost per period: convert them to one currency first`,
							{ itemIndex: r.i },
						),
					);
				continue;
			}
			const sentCost = Math.round(rows.reduce((s, r) => s + r.cost, 0) * 10_000) / 10_000;
			const body: IDataObject = {
				...first.period,
				tokenId: first.tokenId,
				tokenValue: first.tokenValue,
				cost: sentCost,
				currency: first.currency,
				model: 'COSTS',
			};
			const dryRun = rows.some((r) => r.dryRun);
			let status: CostStatus = dryRun ? 'dry run' : 'sent';
			if (!dryRun) {
				try {
					await binomRequest.call(this, {
						method: 'PUT',
						path: `/clicks/campaign/${first.campaignId}`,
						body,
						entity: { label: 'Campaign', id: first.campaignId },
						itemIndex: first.i,
					});
				} catch (error) {
					for (const r of rows) fail(r.i, error);
					status = 'failed';
					continue;
				}
			}
			for (const r of rows) {
				const json: IDataObject = {
					tracker: 'binom',
					status,
					campaignId: r.campaignId,
					tokenId: r.tokenId,
					tokenValue: r.tokenValue,
					cost: r.cost,
					currency: r.currency,
					...r.period,
					sentCost,
					mergedItems: rows.length,
				};
				if (rows.length > 1)
					json.warning = `${rows.length} input items name this campaign, token value and period: Binom keeps one cost per period, so their costs (${sentCost} in total) were sent as one`;
				out.push({ json, pairedItem: { item: r.i } });
			}
		}
		return out;
	},
};

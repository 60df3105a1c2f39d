import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../../../shared/actions';
import { dryRunField } from '../../../shared/actions';
import { toNumberOrNull } from '../../../shared/model/canonical';
import { binomRequest, binomRootProfile, checkAnswer, conversionSchema } from '../api';
import { currencyField } from '../../../shared/options';

async function readConversion(
	ctx: IExecuteFunctions,
	clickId: string,
	i: number,
): Promise<IDataObject | undefined> {
	try {
		const body = await binomRequest.call(ctx, {
			method: 'GET',
			path: `/conversion/${encodeURIComponent(clickId)}`,
			entity: { label: 'Conversion of click', id: clickId },
			itemIndex: i,
		});
		return checkAnswer(
			ctx.getNode(),
			conversionSchema,
			body,
			'GET /conversion/{clickId}',
			i,
		) as IDataObject;
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex: i });
	}
}

/**
 * Conversion → Send / Update: the postback `GET {tracker}/click.php?cnv_id=…` (OFFICIAL,
 * docs.binom.org postback-url.php): `payout` (a number or `auto`), `cnv_status`, `cnv_status2`,
 * `cnv_currency`, `disable_postback=1`. A postback for a click that already converted UPDATES it:
 * the status is replaced and a payout is ADDED to the existing one (Binom's upsell; replaced only
 * when upsells are disabled). It is sent once, never retried (a retry could add the payout twice).
 * Binom may answer a postback for an unknown click without an error, so the node reads the
 * conversion before and after (`GET /conversion/{clickId}`, 3P) and reports what happened.
 */
export const send: ActionOperation = {
	option: {
		name: 'Send / Update',
		value: 'send',
		description:
			'Register a conversion for a click, or update its status; a payout is added to an existing conversion (upsell)',
		action: 'Send or update a conversion',
	},
	write: true,
	calls: ['GET /click.php', 'GET /conversion/{clickId}'],
	properties: [
		{
			displayName: 'Click ID',
			name: 'clickId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 0a1b2c3d4e5f6a7b8c9d',
			description: 'The Binom click ID ({clickid}) the shop or network received with the visit',
		},
		{
			displayName: 'Payout',
			name: 'payout',
			type: 'string',
			default: '',
			placeholder: 'e.g. 25.50',
			description:
				'Revenue of this conversion. Empty: keep the payout (status change only). "auto": the payout set in the offer. On a click that already converted, Binom ADDS this payout to the existing one (upsell) unless upsells are disabled in Binom.',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'string',
			default: '',
			placeholder: 'e.g. approve',
			description:
				'Conversion status (cnv_status), free text such as lead, approve, hold, reject. Empty: none.',
		},
		{
			...dryRunField,
			description:
				'Whether to only check the fields and output the postback that would be sent, without sending or reading anything',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				currencyField({
					displayName: 'Currency',
					name: 'currency',
					emptyLabel: 'Tracker Currency',
					default: '',
					description:
						'Currency of the payout (cnv_currency); Binom converts it. Empty: the tracker currency.',
				}),
				{
					displayName: 'Do Not Forward to Traffic Source',
					name: 'disablePostback',
					type: 'boolean',
					default: false,
					description:
						'Whether to stop Binom from sending its own postback for this conversion to the traffic source (disable_postback=1)',
				},
				{
					displayName: 'Second Status',
					name: 'status2',
					type: 'string',
					default: '',
					description: 'The second conversion status (cnv_status2)',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const clickId = String(this.getNodeParameter('clickId', i, '')).trim();
		if (!clickId || /[\s&?#/]/.test(clickId)) {
			throw new NodeOperationError(node, `Click ID "${clickId}" is not a Binom click ID`, {
				itemIndex: i,
			});
		}
		const payoutRaw = String(this.getNodeParameter('payout', i, '') ?? '').trim();
		let payout: number | 'auto' | undefined;
		if (payoutRaw.toLowerCase() === 'auto') payout = 'auto';
		else if (payoutRaw !== '') {
			const n = Number(payoutRaw.replace(',', '.'));
			if (!Number.isFinite(n)) {
				throw new NodeOperationError(node, `Payout "${payoutRaw}" is not a number`, {
					itemIndex: i,
				});
			}
			payout = n;
		}
		const status = String(this.getNodeParameter('status', i, '') ?? '').trim();
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const currency = String(options.currency ?? '')
			.trim()
			.toUpperCase();
		if (currency && !/^[A-Z]{3}$/.test(currency)) {
			throw new NodeOperationError(node, `Currency "${currency}" is not a three-letter code`, {
				itemIndex: i,
			});
		}
		const status2 = String(options.status2 ?? '').trim();
		if (payout === undefined && !status && !status2) {
			throw new NodeOperationError(node, 'Nothing to send: give a Payout or a Status', {
				itemIndex: i,
			});
		}
		const qs: IDataObject = { cnv_id: clickId };
		if (payout !== undefined) qs.payout = String(payout);
		if (status) qs.cnv_status = status;
		if (status2) qs.cnv_status2 = status2;
		if (currency) qs.cnv_currency = currency;
		if (options.disablePostback === true) qs.disable_postback = 1;
		if (this.getNodeParameter('dryRun', i, false) === true) {
			return { tracker: 'binom', clickId, dryRun: true, wouldSend: qs };
		}

		const before = await readConversion(this, clickId, i);
		await binomRequest.call(
			this,
			{
				method: 'GET',
				path: '/click.php',
				qs,
				responseType: 'text',
				idempotent: false,
				retry: { maxAttempts: 1 },
				itemIndex: i,
			},
			binomRootProfile,
		);
		const after = await readConversion(this, clickId, i);
		if (!after) {
			throw new NodeOperationError(node, `Binom registered no conversion for click ${clickId}`, {
				itemIndex: i,
				description:
					'Binom accepted the postback but has no conversion for this click ID: the click ID is probably unknown to this tracker (a typo, or a click of another tracker).',
			});
		}
		const previousPayout = before ? toNumberOrNull(before.payout) : null;
		const newPayout = toNumberOrNull(after.payout);
		const out: IDataObject = {
			tracker: 'binom',
			clickId,
			result: before ? 'updated' : 'created',
			rawStatus: after.status ?? null,
			payout: newPayout,
			previousRawStatus: before ? (before.status ?? null) : null,
			previousPayout,
			sent: qs,
		};
		if (before && typeof payout === 'number' && previousPayout !== null && newPayout !== null) {
			// Upsell on: the payout was added; upsells disabled: it replaced the old one.
			out.payoutAdded = Math.abs(previousPayout + payout - newPayout) < 0.00005 && payout !== 0;
		}
		return out;
	},
};

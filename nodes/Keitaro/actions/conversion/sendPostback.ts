/**
 * Conversion → Send Postback: records a conversion in Keitaro through its S2S postback URL
 * `https://<tracker>/<postback_key>/postback?subid=…&status=…&payout=…&currency=…&tid=…`
 * (https://docs.keitaro.io/en/conversions/postback.html), the way a CRM or shop reports a sale.
 * The shared outbound piece (nodes/shared/postback/outbound.ts) builds, masks, sends and checks.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toNumberOrNull } from '../../../shared/model/canonical';
import {
	buildOutboundUrl,
	claimOnce,
	maskUrl,
	sendPostbackRequest,
} from '../../../shared/postback/outbound';
import type { QueryPairs } from '../../../shared/postback/outbound';
import { checkBaseUrl } from '../../../shared/transport/url';
import { KEITARO_STRIPPABLE } from '../../transport/profile';
import type { KeitaroOperation } from '../types';
import { currencyField } from '../../../shared/options';

const STATUSES = ['lead', 'sale', 'rejected', 'rebill'];
/** Parameters the operation sets itself; extra parameters may not override them. */
const RESERVED = ['subid', 'status', 'payout', 'revenue', 'currency', 'tid'];

export const sendPostback: KeitaroOperation = {
	option: {
		name: 'Send Postback',
		value: 'sendPostback',
		action: 'Send a conversion postback to Keitaro',
		description: 'Record a lead, sale, rejection or rebill for a click (S2S postback URL)',
	},
	// not an Admin API call, but it records a conversion: a write (guard, Act on Sample Items)
	spec: [],
	write: true,
	properties: [
		{
			displayName: 'Click ID',
			name: 'subid',
			type: 'string',
			default: '',
			required: true,
			description: 'Keitaro’s click ID ({subid}) that the shop or CRM stored with the order',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'sale',
			options: [
				{ name: 'Custom', value: 'custom', description: 'A status your campaign maps (lead_status / sale_status…)' },
				{ name: 'Lead', value: 'lead', description: 'Payout not confirmed yet' },
				{ name: 'Rebill', value: 'rebill', description: 'Repeat sale (needs a unique transaction ID)' },
				{ name: 'Rejected', value: 'rejected', description: 'Payout cancelled' },
				{ name: 'Sale', value: 'sale', description: 'Payout confirmed' },
			],
		},
		{
			displayName: 'Custom Status',
			name: 'customStatus',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { status: ['custom'] } },
			description:
				'Sent as status=…; map it with the extra parameters lead_status, sale_status or rejected_status',
		},
		{
			displayName: 'Payout',
			name: 'payout',
			type: 'string',
			default: '',
			placeholder: '25.50',
			description: 'Conversion payout. Empty: Keitaro uses the offer’s payout.',
		},
		currencyField({
			displayName: 'Currency',
			name: 'currency',
			emptyLabel: 'Tracker Currency',
			default: '',
			description: 'Three-letter code; Keitaro converts to the tracker currency. Empty: tracker currency.',
		}),
		{
			displayName: 'Transaction ID',
			name: 'tid',
			type: 'string',
			default: '',
			description:
				'Order or transaction ID (tid). Also the idempotency key: the same transaction ID with the same status is sent once per execution.',
		},
		{
			displayName: 'Extra Parameters',
			name: 'extraParameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Parameter',
			options: [
				{
					name: 'parameter',
					displayName: 'Parameter',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'sub_id_1' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
			description: 'More postback parameters, e.g. sub_id_1…sub_id_15, sale_status, ignore_status, cost',
		},
		{
			displayName: 'Postback Key',
			name: 'postbackKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Empty: the Postback Key of the Keitaro credential',
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description: 'Whether to only show the postback URL (key masked) without sending it',
		},
		// "Act on Sample Items" and the write guard (skipped in a Dry Run) come from the router
	],
	async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
		const dryRun = this.getNodeParameter('dryRun', i, false) as boolean;
		const credentials = (await this.getCredentials('keitaroApi', i)) as IDataObject;
		const key = String(this.getNodeParameter('postbackKey', i, '') || credentials.postbackSecretKey || '').trim();
		if (key === '') {
			throw new NodeOperationError(
				this.getNode(),
				'No postback key: set Postback Key in the operation or in the Keitaro credential (Keitaro: Maintenance → Postback URL).',
				{ itemIndex: i },
			);
		}
		const secrets = [key, String(credentials.apiKey ?? '')].filter((s) => s.length >= 4);
		const base = checkBaseUrl(credentials.url, KEITARO_STRIPPABLE);
		if (base.problem !== undefined) {
			throw new NodeOperationError(this.getNode(), base.problem, { itemIndex: i });
		}
		const subid = String(this.getNodeParameter('subid', i, '') ?? '').trim();
		if (subid === '') {
			throw new NodeOperationError(this.getNode(), 'Click ID (Subid) is empty: Keitaro needs it to find the click.', { itemIndex: i });
		}
		const choice = this.getNodeParameter('status', i, 'sale') as string;
		const status =
			choice === 'custom' ? String(this.getNodeParameter('customStatus', i, '') ?? '').trim() : choice;
		if (status === '' || (choice !== 'custom' && !STATUSES.includes(status))) {
			throw new NodeOperationError(this.getNode(), 'Choose a status, or type the custom status.', { itemIndex: i });
		}
		const payoutText = String(this.getNodeParameter('payout', i, '') ?? '').trim();
		if (payoutText !== '' && toNumberOrNull(payoutText) === null) {
			throw new NodeOperationError(this.getNode(), `Payout "${payoutText.slice(0, 40)}" is not a number.`, { itemIndex: i });
		}
		const currency = String(this.getNodeParameter('currency', i, '') ?? '').trim().toUpperCase();
		if (currency !== '' && !/^[A-Z]{3}$/.test(currency)) {
			throw new NodeOperationError(this.getNode(), `Currency "${currency.slice(0, 10)}" is not a three-letter code such as USD.`, { itemIndex: i });
		}
		const tid = String(this.getNodeParameter('tid', i, '') ?? '').trim();
		if (status === 'rebill' && tid === '') {
			throw new NodeOperationError(this.getNode(), 'A rebill needs a Transaction ID: Keitaro records a rebill only for a new, unique tid.', { itemIndex: i });
		}
		const query: QueryPairs = [
			['subid', subid],
			['status', status],
			['payout', payoutText === '' ? '' : String(toNumberOrNull(payoutText))],
			['currency', currency],
			['tid', tid],
		];
		const extra = (this.getNodeParameter('extraParameters.parameter', i, []) ?? []) as Array<{ name?: string; value?: string }>;
		for (const p of extra) {
			const name = String(p.name ?? '').trim();
			if (name === '') continue;
			if (RESERVED.includes(name.toLowerCase())) {
				throw new NodeOperationError(this.getNode(), `Extra parameter "${name}" duplicates a field of the operation; set it there.`, { itemIndex: i });
			}
			query.push([name, String(p.value ?? '')]);
		}
		const url = buildOutboundUrl(base.url, [key, 'postback'], query);
		const shown = maskUrl(url, secrets);
		const summary: IDataObject = { subid, status, payout: payoutText === '' ? null : toNumberOrNull(payoutText), currency: currency || null, tid: tid || null };
		if (dryRun) {
			return [{ json: { sent: false, dryRun: true, url: shown, ...summary } }];
		}
		if (!claimOnce(this, tid === '' ? '' : `${tid}\u0000${status.toLowerCase()}`)) {
			return [{ json: { sent: false, duplicate: true, url: shown, ...summary } }];
		}
		const answer = await sendPostbackRequest(this, {
			tracker: 'Keitaro',
			credentialType: 'keitaroApi',
			url,
			secrets,
			itemIndex: i,
		});
		return [{ json: { sent: true, url: shown, ...summary, httpStatus: answer.httpStatus, response: answer.response } }];
	},
};

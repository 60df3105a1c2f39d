/**
 * Conversion → Send Postback for trackers whose S2S postback is a plain GET on their tracking
 * domain, `https://<tracking domain><path>?<click id>=…&<payout>=…&<txid>=…`, with no key. Each
 * tracker declares its parameters in an `OutboundPostbackTable` (nodes/<Tracker>/postback/
 * outbound.ts, citing its documentation); its operation file is one line over
 * `sendPostbackOperation(table)`. Nothing here names a tracker.
 *
 * Model
 * - The tracking domain (where the tracker receives postbacks) is not the API URL of the
 *   credential: it is a field of the operation. The postback carries no credential, so it is
 *   sent WITHOUT one (`helpers.httpRequest`): nothing of the API credential ever reaches the
 *   tracking domain, whatever origin it has. A tracking domain with a user name or password in it
 *   is refused.
 * - The write guard (Allow Write Operations, sample items) runs in the router before this, also
 *   for a Dry Run.
 * - Dry Run outputs the URL that would be called and sends nothing.
 * - The transaction id is the idempotency key: within one execution (and node) a transaction id
 *   with the same status is sent once; later items with it output `duplicate: true`, unsent.
 *   Without a transaction id nothing is deduplicated.
 * - Every credential secret and the tracking domain's userinfo are masked wherever the URL is
 *   shown (output, error). Sending uses nodes/shared/postback/outbound.ts: one request, a deadline,
 *   no redirect followed, no automatic retry (a retry could double a conversion).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionOperation } from '../actions/types';
import { toNumberOrNull } from '../model/canonical';
import { currencyField } from '../options';
import { checkBaseUrl, quoteValue, userinfoSecrets } from '../transport/url';
import { buildOutboundUrl, claimOnce, maskUrl, sendPostbackRequest } from './outbound';
import type { QueryPairs } from './outbound';

/** One parameter of the postback URL: its name and where that name comes from. */
export interface OutboundParam {
	/** Query parameter name, e.g. `cid`. */
	param: string;
	/** A documentation URL, or a sentence starting with "Assumed" / "Third party". */
	source: string;
}

export interface OutboundPostbackTable {
	/** Brand name for messages. */
	tracker: string;
	/** Lower-case tracker id for output items. */
	trackerId: string;
	/** n8n credential type of the node (only read to mask its secrets). */
	credentialType: string;
	/** Credential fields holding secrets (masked if they ever appear in a URL shown). */
	secretFields: string[];
	/** Path on the tracking domain, e.g. `/postback`. */
	path: string;
	/** Placeholder of the Tracking Domain field, e.g. `https://xxxxx.bemobtrcks.com`. */
	domainPlaceholder: string;
	/** Where the user finds the tracking domain. */
	domainHint: string;
	clickId: OutboundParam & { label: string };
	payout: OutboundParam & { description: string };
	/** Sent when the table has a parameter for it; otherwise only the idempotency key. */
	transactionId: Partial<OutboundParam> & { description: string };
	/** A status or conversion type parameter, free text or a list. */
	status?: OutboundParam & {
		label: string;
		description: string;
		options?: INodePropertyOptions[];
	};
	currency?: OutboundParam;
	/** Description of Extra Parameters (which names the tracker reads). */
	extraHint: string;
}

const DOMAIN = 'trackingDomain';

/** The operation's parameters for a table. */
function properties(t: OutboundPostbackTable): INodeProperties[] {
	const props: INodeProperties[] = [
		{
			displayName: 'Tracking Domain',
			name: DOMAIN,
			type: 'string',
			default: '',
			required: true,
			placeholder: t.domainPlaceholder,
			description: `Where ${t.tracker} receives postbacks (not the API URL). ${t.domainHint} No credential is sent there.`,
		},
		{
			displayName: t.clickId.label,
			name: 'postbackClickId',
			type: 'string',
			default: '',
			required: true,
			description: `The ${t.tracker} click ID the shop or network stored with the order (the ${t.clickId.param} parameter)`,
		},
		{
			displayName: 'Payout',
			name: 'postbackPayout',
			type: 'string',
			default: '',
			placeholder: '25.50',
			description: t.payout.description,
		},
	];
	if (t.status) {
		props.push(
			t.status.options
				? {
						displayName: t.status.label,
						name: 'postbackStatus',
						type: 'options',
						default: '',
						options: t.status.options,
						description: t.status.description,
					}
				: {
						displayName: t.status.label,
						name: 'postbackStatus',
						type: 'string',
						default: '',
						description: t.status.description,
					},
		);
	}
	if (t.currency) {
		props.push(
			currencyField({
				displayName: 'Currency',
				name: 'postbackCurrency',
				default: '',
				emptyLabel: 'Tracker Currency',
				description: `Currency of the payout (sent as ${t.currency.param}=). Tracker Currency: none sent, the tracker's own applies.`,
			}),
		);
	}
	props.push(
		{
			displayName: 'Transaction ID',
			name: 'postbackTransactionId',
			type: 'string',
			default: '',
			description: t.transactionId.description,
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
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
			description: t.extraHint,
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only output the postback URL that would be called, without sending it',
		},
	);
	return props;
}

function text(ctx: IExecuteFunctions, name: string, i: number): string {
	return String(ctx.getNodeParameter(name, i, '') ?? '').trim();
}

/** The Send Postback operation over a tracker's table. */
export function sendPostbackOperation(t: OutboundPostbackTable): ActionOperation {
	const reserved = [
		t.clickId.param,
		t.payout.param,
		t.transactionId.param,
		t.status?.param,
		t.currency?.param,
	]
		.filter((p): p is string => !!p)
		.map((p) => p.toLowerCase());
	return {
		option: {
			name: 'Send Postback',
			value: 'sendPostback',
			action: 'Send a conversion postback',
			description: `Record a conversion for a click through the ${t.tracker} S2S postback URL of the tracking domain`,
		},
		write: true,
		// Not an API call: a GET on the tracking domain (the conformance tests match the path).
		calls: [`GET ${t.path}`],
		properties: properties(t),
		async execute(this: IExecuteFunctions, i: number) {
			const node = this.getNode();
			const fail = (message: string) => new NodeOperationError(node, message, { itemIndex: i });
			const credentials = ((await this.getCredentials(t.credentialType, i)) ?? {}) as IDataObject;
			const rawDomain = text(this, DOMAIN, i);
			const secrets = [
				...t.secretFields.map((f) => String(credentials[f] ?? '')),
				...userinfoSecrets(rawDomain),
			].filter((s) => s.length >= 4);
			if (userinfoSecrets(rawDomain).length > 0) {
				throw fail(
					'The Tracking Domain has a user name or password in it; enter only the address, e.g. ' +
						t.domainPlaceholder,
				);
			}
			const base = checkBaseUrl(rawDomain, [t.path]);
			if (base.problem !== undefined) {
				throw fail(base.problem.replace(/tracker URL/g, 'Tracking Domain'));
			}
			const clickId = text(this, 'postbackClickId', i);
			if (clickId === '') {
				throw fail(`${t.clickId.label} is empty: ${t.tracker} needs it to find the click.`);
			}
			const payoutText = text(this, 'postbackPayout', i);
			const payout = payoutText === '' ? null : toNumberOrNull(payoutText);
			if (payoutText !== '' && payout === null) {
				throw fail(`Payout ${quoteValue(payoutText, 40)} is not a number.`);
			}
			const status = t.status ? text(this, 'postbackStatus', i) : '';
			const currency = t.currency ? text(this, 'postbackCurrency', i).toUpperCase() : '';
			if (currency !== '' && !/^[A-Z]{3}$/.test(currency)) {
				throw fail(`Currency ${quoteValue(currency, 10)} is not a three-letter code such as USD.`);
			}
			const txid = text(this, 'postbackTransactionId', i);
			const query: QueryPairs = [
				[t.clickId.param, clickId],
				[t.payout.param, payout === null ? '' : String(payout)],
			];
			if (t.transactionId.param) query.push([t.transactionId.param, txid]);
			if (t.status) query.push([t.status.param, status]);
			if (t.currency) query.push([t.currency.param, currency]);
			const extra = (this.getNodeParameter('extraParameters.parameter', i, []) ?? []) as Array<{
				name?: string;
				value?: string;
			}>;
			for (const p of extra) {
				const name = String(p.name ?? '').trim();
				if (name === '') continue;
				if (reserved.includes(name.toLowerCase())) {
					throw fail(
						`Extra parameter ${quoteValue(name, 40)} duplicates a field of the operation; set it there.`,
					);
				}
				query.push([name, String(p.value ?? '')]);
			}
			const url = buildOutboundUrl(base.url, t.path.split('/').filter(Boolean), query);
			const shown = maskUrl(url, secrets);
			const summary: IDataObject = {
				tracker: t.trackerId,
				clickId,
				payout,
				transactionId: txid || null,
			};
			if (t.status) summary.status = status || null;
			if (t.currency) summary.currency = currency || null;
			if (this.getNodeParameter('dryRun', i, false) === true) {
				return { sent: false, dryRun: true, url: shown, ...summary };
			}
			if (!claimOnce(this, txid === '' ? '' : `${txid}\u0000${status.toLowerCase()}`)) {
				return { sent: false, duplicate: true, url: shown, ...summary };
			}
			const answer = await sendPostbackRequest(this, {
				tracker: t.tracker,
				url,
				secrets,
				itemIndex: i,
			});
			return {
				sent: true,
				url: shown,
				...summary,
				httpStatus: answer.httpStatus,
				response: answer.response,
			};
		},
	};
}

/**
 * BeMob's S2S postback, what n8n sends (Conversion → Send Postback), OFFICIAL:
 * `http://xxxxx.bemobtrcks.com/postback?cid=REPLACE&payout=OPTIONAL&txid=OPTIONAL&status=OPTIONAL`;
 * only `cid` is required, `txid` is a unique transaction id
 * (https://docs.bemob.com/en/create-custom-affiliate-network). `status` takes the network's own
 * values as mapped in the affiliate network's settings, and only when "Use conversion statuses" is
 * ticked (help.bemob.com/docs/using-postback-statuses). What BeMob does with a repeated txid:
 * ASSUMED, not verified: the same txid for the same click is one conversion (that is what a unique
 * transaction id is for); a new txid adds one.
 */
import type { OutboundPostbackTable } from '../../shared/postback/operation';

const DOC = 'https://docs.bemob.com/en/create-custom-affiliate-network';

export const BEMOB_OUTBOUND_POSTBACK: OutboundPostbackTable = {
	tracker: 'BeMob',
	trackerId: 'bemob',
	credentialType: 'beMobApi',
	secretFields: ['apiKey', 'secretKey'],
	path: '/postback',
	domainPlaceholder: 'https://xxxxx.bemobtrcks.com',
	domainHint: 'BeMob: the domain of the postback URL on the affiliate network page (xxxxx.bemobtrcks.com or your custom domain).',
	clickId: { label: 'Click ID', param: 'cid', source: DOC },
	payout: {
		param: 'payout',
		source: DOC,
		description: 'Conversion payout (payout=). Empty: BeMob uses the offer’s payout.',
	},
	transactionId: {
		param: 'txid',
		source: DOC,
		description:
			'Unique transaction ID (txid=). Also the idempotency key: the same transaction ID and status are sent once per execution.',
	},
	status: {
		label: 'Status',
		param: 'status',
		source: 'https://help.bemob.com/docs/using-postback-statuses',
		description:
			'Conversion status (status=), a value mapped in the affiliate network’s settings (New / Approved / Declined / Chargeback); only read when “Use conversion statuses” is ticked. Empty: none.',
	},
	extraHint: 'More postback parameters the affiliate network passes, e.g. currency',
};

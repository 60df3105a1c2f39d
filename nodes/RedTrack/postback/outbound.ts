/**
 * RedTrack's S2S postback, what n8n sends (Conversion → Send Postback):
 * `https://<tracking domain>/postback?clickid=…&sum=…&type=…`, no key. Source: a third-party
 * client (AgTitanMkt/redtrack_ga4_gtm, other-trackers-api.md "Additions") and
 * help.redtrack.io "Dynamic parameters: clickid" (`/postback?clickid=` on the dedicated tracking
 * domain). `status=` (approved / pending / declined / other) is ASSUMED from the conditional-
 * postback article ("postbacks can override" the status), its parameter name unconfirmed.
 * RedTrack's postback parameter for a transaction id is UNKNOWN: the Transaction ID is not sent
 * (add it under Extra Parameters if your RedTrack wants one) and serves as the idempotency key.
 * A repeated postback for the same click (documented, redtrack.zendesk.com "Postbacks and
 * pixels"): what the affiliate network's Duplicate Postback setting says: new conversion,
 * ignore, edit the conversion, or keep it and add the payout.
 */
import type { OutboundPostbackTable } from '../../shared/postback/operation';

const HELP = 'https://help.redtrack.io/knowledgebase/kb/basic-setup-9785/supported-dynamic-parameters/%d1%81lick-id-parameter/';
const THIRD = 'Third party: AgTitanMkt/redtrack_ga4_gtm (other-trackers-api.md "Additions")';

export const REDTRACK_OUTBOUND_POSTBACK: OutboundPostbackTable = {
	tracker: 'RedTrack',
	trackerId: 'redtrack',
	credentialType: 'redTrackApi',
	secretFields: ['apiKey'],
	path: '/postback',
	domainPlaceholder: 'https://xxxxx.rdtk.io',
	domainHint:
		'RedTrack: Tools → Domains (the dedicated or custom tracking domain; rdtk.io by default), as in the postback URL of your offer source.',
	clickId: { label: 'Click ID', param: 'clickid', source: HELP },
	payout: {
		param: 'sum',
		source: THIRD,
		description: 'Conversion payout (sum=). Empty: RedTrack uses the offer’s payout.',
	},
	transactionId: {
		description:
			'Order or transaction ID: the idempotency key (sent once per execution with the same status); not sent to RedTrack, whose parameter for it is unconfirmed.',
	},
	status: {
		label: 'Status',
		param: 'status',
		source: 'Assumed: parameter name from help.redtrack.io conditional-postback (statuses approved / pending / declined / other)',
		description: 'Conversion status (status=). Empty: the default status of the offer source.',
		options: [
			{ name: 'Approved', value: 'approved' },
			{ name: 'Declined', value: 'declined' },
			{ name: 'Default of the Offer Source', value: '' },
			{ name: 'Other', value: 'other' },
			{ name: 'Pending', value: 'pending' },
		],
	},
	extraHint:
		'More postback parameters, e.g. type (conversion type / event name, as in the account’s conversion types), eventid, currency',
};

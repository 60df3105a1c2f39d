/**
 * Voluum's S2S postback, what n8n sends (Conversion → Send Postback):
 * `https://<tracking domain>/postback?cid=…&payout=…&txid=…&currency=…&et=…`, no key
 * (doc.voluum.com/en/tracking_conversions_postback.html, other-trackers-api.md "Additions").
 * `et` (custom conversion type) is INFERRED, unverified (other-trackers-api.md §1.3).
 * What Voluum does with a repeated txid for the same click (ASSUMED, not verified): counts it
 * once unless duplicate postbacks are allowed for the offer / affiliate network.
 */
import type { OutboundPostbackTable } from '../../shared/postback/operation';

const DOC = 'https://doc.voluum.com/en/tracking_conversions_postback.html';

export const VOLUUM_OUTBOUND_POSTBACK: OutboundPostbackTable = {
	tracker: 'Voluum',
	trackerId: 'voluum',
	credentialType: 'voluumApi',
	secretFields: ['accessId', 'secretKey', 'password', 'sessionToken'],
	path: '/postback',
	domainPlaceholder: 'https://xxxxx.trackvoluum.com',
	domainHint:
		'Voluum: Settings → Domains (your dedicated or custom tracking domain); the postback URL Voluum shows starts with it.',
	clickId: { label: 'Click ID', param: 'cid', source: DOC },
	payout: {
		param: 'payout',
		source: DOC,
		description: 'Conversion payout (payout=). Empty: Voluum uses the offer’s payout.',
	},
	transactionId: {
		param: 'txid',
		source: DOC,
		description:
			'Order or transaction ID (txid=). Also the idempotency key: the same transaction ID (and conversion type) is sent once per execution.',
	},
	status: {
		label: 'Conversion Type',
		param: 'et',
		source: 'Assumed: `et` sets the custom conversion type (other-trackers-api.md §1.3, unverified)',
		description:
			'Custom conversion type (et=, its name in Voluum’s conversion type settings). Empty: the default type. Voluum has no approve/reject status.',
	},
	currency: { param: 'currency', source: DOC },
	extraHint: 'More postback parameters Voluum reads, e.g. param1…param5 (custom conversion variables)',
};

/**
 * Node parameters and webhook descriptions shared by every postback trigger.
 */
import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

export const SECRET_QUERY_PARAM = 'secret';
export const DEFAULT_DEDUPE_HOURS = 24;
export const DEFAULT_MAX_REMEMBERED = 50_000;
export const DEFAULT_MAX_BODY_KB = 64;

const pathExpression = '={{$parameter["secretLocation"] === "path" ? "postback/:secret" : "postback"}}';
const responseModeExpression =
	'={{$parameter["respond"] === "afterWorkflow" ? "lastNode" : "onReceived"}}';

/** A POST and a GET webhook on the same path (trackers send either). */
export function postbackWebhooks(): IWebhookDescription[] {
	return (['POST', 'GET'] as const).map((method) => ({
		name: method === 'POST' ? 'default' : 'setup',
		httpMethod: method,
		responseMode: responseModeExpression,
		responseData: 'noData',
		path: pathExpression,
	}));
}

export function postbackTriggerProperties(setupNotice: string): INodeProperties[] {
	return [
		{
			displayName: setupNotice,
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random string only you and the tracker know. Postbacks without it are refused (401/403) and start nothing. It is never written to outputs or logs.',
		},
		{
			displayName: 'Secret Location',
			name: 'secretLocation',
			type: 'options',
			default: 'query',
			options: [
				{
					name: 'Query Parameter (Secret)',
					value: 'query',
					description: 'The URL ends with ?secret=…&… (works with every tracker)',
				},
				{
					name: 'Last Path Segment',
					value: 'path',
					description: 'The URL is …/postback/YOUR-SECRET?… (replace :secret in the URL above)',
				},
			],
		},
		{
			displayName: 'Respond',
			name: 'respond',
			type: 'options',
			default: 'immediately',
			options: [
				{
					name: 'Immediately',
					value: 'immediately',
					description:
						'Answer 200 as soon as the postback is accepted, before the workflow runs (trackers do not wait or resend)',
				},
				{
					name: 'When the Workflow Finishes',
					value: 'afterWorkflow',
					description:
						'Answer after the workflow ran, with an error status if it failed, so the tracker can resend (set the deduplication window to 0 so a resend is not ignored)',
				},
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Allowed IP Addresses',
					name: 'ipAllowList',
					type: 'string',
					default: '',
					placeholder: '203.0.113.7, 198.51.100.0/24',
					description:
						'Only accept postbacks from these addresses or CIDR ranges (comma- or line-separated). Empty: any address. Behind a reverse proxy, set N8N_PROXY_HOPS so n8n sees the real address.',
				},
				{
					displayName: 'Deduplication Window (Hours)',
					name: 'dedupeWindowHours',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 0 },
					default: DEFAULT_DEDUPE_HOURS,
					description:
						'A postback with the same conversion, status and payout seen again within this time is answered 200 and not emitted again. 0 turns deduplication off.',
				},
				{
					displayName: 'Max Body Size (KB)',
					name: 'maxBodyKb',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 1 },
					default: DEFAULT_MAX_BODY_KB,
					description: 'Larger postbacks are refused with 413',
				},
				{
					displayName: 'Max Remembered Postbacks',
					name: 'maxRemembered',
					type: 'number',
					typeOptions: { numberPrecision: 0, minValue: 100 },
					default: DEFAULT_MAX_REMEMBERED,
					description:
						'Upper bound of the deduplication memory. When full, the oldest postbacks are forgotten first.',
				},
				{
					displayName: 'Refuse Unknown Statuses',
					name: 'rejectUnknownStatus',
					type: 'boolean',
					default: false,
					description:
						'Whether to answer 422 to a status that neither the status map nor the keyword rules know. Off: such a status becomes pending and keeps its raw value in rawStatus.',
				},
				{
					displayName: 'Status Map',
					name: 'statusMap',
					type: 'string',
					typeOptions: { rows: 4 },
					default: '',
					placeholder: 'hold=hold\ndeposit=approved',
					description:
						'Extra raw status → canonical lines (approved, pending, hold, rejected); they win over the defaults',
				},
			],
		},
	];
}

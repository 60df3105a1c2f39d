/**
 * Calls of TGTrack's bot API (other-trackers-api.md §5.2): `POST {Bot API URL}/v1/{BOT_KEY}/{method}`
 * with a JSON body; answers `{"status":"OK","data":…}` (OFFICIAL for `get_user_info`,
 * doc.tgtrack.ru/?p=802).
 *
 * Model
 * - The bot key is a separate credential field (Bot API Key). The path is sent with a slot in place
 *   of the key; the credential's `authenticate` fills it, for the Bot API URL's origin only (see
 *   transport/profile.ts). The key is never in a string this file builds, and every error that
 *   leaves here is scrubbed of both keys in all their encodings.
 * - Every request goes through the shared request layer: httpRequestWithAuthentication, a 30 s
 *   deadline per attempt, a 1 MB answer cap, no redirect to another origin. Reads are retried
 *   like the reports; a write (`send_reach_goal`) is sent once and never retried.
 * - The answer is read as text: a JSON envelope is validated (zod; a surprise names the field);
 *   an empty body or a bare `OK` count as success for writes only (both ASSUMED: the shape of a
 *   write's answer is undocumented). `status` other than OK fails with the tracker's own words,
 *   whatever the HTTP status was (200 or 4xx: both shapes are plausible).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { parseAnswer } from '../../shared/actions';
import {
	collectSecrets,
	looksLikeHtml,
	redact,
	scrubError,
	trackerRequest,
} from '../../shared/transport';
import { sharedPacer, TG_MIN_INTERVAL_MS, TG_RETRY } from '../trigger/source';
import {
	TGTRACKER_BOT_DEFAULT_URL,
	TGTRACKER_BOT_KEY_HINT,
	TGTRACKER_BOT_KEY_SLOT,
	TGTRACKER_SECRET_FIELDS,
	tgTrackerBotProfile,
} from '../transport/profile';

export type TgBotMethod = 'get_user_info' | 'send_reach_goal';

/** Largest bot API answer read (an envelope about one user is a few hundred bytes). */
export const TG_BOT_MAX_ANSWER_BYTES = 1024 * 1024;

/** Deadline of one bot API request, in seconds, unless the operation's Timeout option says otherwise. */
export const TG_BOT_DEFAULT_TIMEOUT_SECONDS = 30;

/** The Options collection of the bot API operations (Timeout). */
export const botOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300, numberPrecision: 0 },
			default: TG_BOT_DEFAULT_TIMEOUT_SECONDS,
			description: 'How long to wait for TG Tracker’s answer before failing',
		},
	],
};

/** What an operation may show of the path: the key is always written as `{bot key}`. */
export const botCallLine = (method: TgBotMethod) => `POST /v1/{bot key}/${method}`;

const envelopeSchema = z
	.object({
		status: z.string({ required_error: 'Required', invalid_type_error: 'is not a text' }),
		data: z.unknown().optional(),
		error: z.unknown().optional(),
		message: z.unknown().optional(),
		description: z.unknown().optional(),
	})
	.passthrough();

/** A Telegram user ID as typed: digits only (1 to 20), trimmed. */
export function readTelegramUserId(ctx: IExecuteFunctions, i: number): string {
	const raw = ctx.getNodeParameter('userId', i, '') as unknown;
	const text = (typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '').trim();
	if (!/^\d{1,20}$/.test(text) || /^0+$/.test(text)) {
		const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
		throw new NodeOperationError(ctx.getNode(), `User ID "${shown}" is not a Telegram user ID`, {
			itemIndex: i,
			description:
				'A Telegram user ID is a positive whole number (digits only), e.g. 123456789: the user_id your bot receives in Telegram updates.',
		});
	}
	return text;
}

/**
 * Sends one bot API call and returns `data` of an OK answer (undefined when the answer had none).
 * Refuses with a sentence, before anything is sent, when the credential has no Bot API Key.
 */
export async function tgBotCall(
	this: IExecuteFunctions,
	method: TgBotMethod,
	body: IDataObject,
	i: number,
	opts: { write: boolean; userId: string },
): Promise<unknown> {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const seconds = Number(options.timeout ?? TG_BOT_DEFAULT_TIMEOUT_SECONDS);
	const timeoutMs = Math.round(
		(Number.isFinite(seconds) && seconds > 0
			? Math.min(seconds, 300)
			: TG_BOT_DEFAULT_TIMEOUT_SECONDS) * 1000,
	);
	const credentials = (await this.getCredentials('tgTrackerApi', i)) as IDataObject;
	const secrets = collectSecrets(credentials, TGTRACKER_SECRET_FIELDS);
	if (String(credentials.botApiKey ?? '').trim() === '') {
		throw new NodeOperationError(
			this.getNode(),
			'The Bot API Key field of the TG Tracker credential is empty',
			{
				itemIndex: i,
				description: `Nothing was sent. User → Get Info and Goal → Reach Goal use TGTrack’s bot API, which needs its own key. ${TGTRACKER_BOT_KEY_HINT}`,
			},
		);
	}
	const call = botCallLine(method);
	try {
		await sharedPacer(
			`tgbot:${String(credentials.botApiUrl || TGTRACKER_BOT_DEFAULT_URL)}`,
			TG_MIN_INTERVAL_MS,
		).wait();
		const text = await trackerRequest.call<
			IExecuteFunctions,
			Parameters<typeof trackerRequest>,
			Promise<string>
		>(this, tgTrackerBotProfile, {
			method: 'POST',
			path: `/${TGTRACKER_BOT_KEY_SLOT}/${method}`,
			body,
			responseType: 'text',
			idempotent: !opts.write,
			retry: opts.write ? { maxAttempts: 1 } : TG_RETRY,
			maxResponseBytes: TG_BOT_MAX_ANSWER_BYTES,
			timeoutMs,
			entity: { label: 'Telegram user', id: opts.userId },
			itemIndex: i,
		});
		return readEnvelope(this, String(text ?? ''), call, i, opts, secrets);
	} catch (error) {
		throw scrubError(error, secrets);
	}
}

function readEnvelope(
	ctx: IExecuteFunctions,
	text: string,
	call: string,
	i: number,
	opts: { write: boolean; userId: string },
	secrets: string[],
): unknown {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (opts.write && (trimmed === '' || /^"?ok"?$/i.test(trimmed))) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(trimmed);
	} catch {
		const what =
			trimmed === ''
				? 'an empty answer'
				: looksLikeHtml(trimmed)
					? 'a web page'
					: 'text that is not JSON';
		throw new NodeOperationError(ctx.getNode(), `TG Tracker answered ${call} with ${what}`, {
			itemIndex: i,
			description: `Check the Bot API URL of the credential (e.g. ${TGTRACKER_BOT_DEFAULT_URL}).${
				trimmed && !looksLikeHtml(trimmed)
					? ` The answer began: "${redact(trimmed.slice(0, 200), secrets)}".`
					: ''
			}`,
		});
	}
	const envelope = parseAnswer(ctx, envelopeSchema, parsed, {
		tracker: 'TG Tracker',
		call,
		itemIndex: i,
	});
	if (envelope.status.trim().toUpperCase() !== 'OK') {
		const said = [envelope.error, envelope.message, envelope.description].find(
			(v) => typeof v === 'string' && v.trim() !== '',
		) as string | undefined;
		const words = redact(said ?? JSON.stringify(envelope), secrets).slice(0, 200);
		throw new NodeOperationError(
			ctx.getNode(),
			`TG Tracker refused ${call} for Telegram user ${opts.userId}: "${words}"`,
			{
				itemIndex: i,
				description: `TGTrack answered with status "${redact(envelope.status, secrets).slice(0, 40)}". If it is about the key: ${TGTRACKER_BOT_KEY_HINT}`,
			},
		);
	}
	return envelope.data;
}

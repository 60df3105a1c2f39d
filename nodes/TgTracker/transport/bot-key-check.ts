/**
 * The check of the optional Bot API Key that the TG Tracker credential runs (in preAuthentication,
 * after the reports key's probe, only when a bot key is set).
 *
 * Model
 * - One read of the bot API: `POST {Bot API URL}/v1/{bot key}/get_user_info {"user_id": "1"}`
 *   (official call; user 1 need not exist). HTTP 401/403 is a wrong key, in a plain sentence.
 * - An answer with `status` OK (data or not) means the key was accepted.
 * - Any other answer (an ERROR envelope with HTTP 200, or HTTP 400/404 with one) cannot tell a
 *   wrong key from an unknown user without knowing TGTrack's error texts, which are unknown. So the
 *   same call is sent once more with a made-up key: an answer identical to it (both keys masked)
 *   means TGTrack treats the Bot API Key like a made-up one; a 401/403 or a different answer
 *   means the key got through. Exact under both error styles and every unknown-user answer.
 * - Both calls go through the shared probe: a deadline, a size cap, no redirect to another
 *   origin, and every message scrubbed of both keys in all their encodings.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import {
	collectSecrets,
	probeTracker,
	redact,
	scrubError,
	trackerMessageOf,
	TrackerConnectionError,
} from '../../shared/transport';
import {
	TGTRACKER_BOT_BASE_PATH,
	TGTRACKER_BOT_DEFAULT_URL,
	TGTRACKER_BOT_KEY_HINT,
	TGTRACKER_SECRET_FIELDS,
	tgTrackerBotProfile,
} from './profile';

/** A bot key TGTrack cannot have issued: the yardstick for a wrong key's answer. */
export const TG_BOT_YARDSTICK = 'n8n-credential-check-not-a-key';

/** The Telegram user the check asks about (it need not exist). */
export const TG_BOT_CHECK_USER_ID = '1';

const BOT_API = 'TG Tracker’s bot API';

function rejected(detail: string, secrets: string[]): TrackerConnectionError {
	const message = redact(`${BOT_API} rejected the Bot API Key${detail}`, secrets);
	const description = `Check the Bot API Key of the credential, or empty the field if you do not use User → Get Info or Goal → Reach Goal. ${TGTRACKER_BOT_KEY_HINT}`;
	return scrubError(
		new TrackerConnectionError(
			`${message}. ${description}`,
			{ kind: 'auth', preparedMessage: message, preparedDescription: description },
			description,
		),
		secrets,
	);
}

function isRefusal(error: unknown): error is TrackerConnectionError {
	const kind = error instanceof TrackerConnectionError ? error.trackerFailure.kind : undefined;
	return kind === 'auth' || kind === 'forbidden';
}

/** Throws a sentence when the bot API rejects the credential's Bot API Key; else returns. */
export async function checkTgBotKey(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<void> {
	const botKey = String(credentials.botApiKey ?? '').trim();
	if (botKey === '') return;
	const secrets = collectSecrets(credentials, TGTRACKER_SECRET_FIELDS);
	const ask = async (key: string) =>
		await probeTracker(helper, {
			tracker: BOT_API,
			rawUrl: credentials.botApiUrl || TGTRACKER_BOT_DEFAULT_URL,
			strippableSuffixes: tgTrackerBotProfile.strippableSuffixes,
			apiBasePath: TGTRACKER_BOT_BASE_PATH,
			path: `/${encodeURIComponent(key)}/get_user_info`,
			method: 'POST',
			body: { user_id: TG_BOT_CHECK_USER_ID },
			rateLimitStatuses: tgTrackerBotProfile.rateLimitStatuses,
			keyHint: TGTRACKER_BOT_KEY_HINT,
			secrets,
			credentials,
			secretFields: ['botApiKey'],
			answerStatuses: [400, 404],
		});
	let answer: unknown;
	try {
		answer = await ask(botKey);
	} catch (error) {
		if (!isRefusal(error)) throw scrubError(error, secrets);
		const status = error.trackerFailure.status;
		throw rejected(status ? ` (HTTP ${status})` : '', secrets);
	}
	if (isOk(answer)) return;
	let yardstick: unknown;
	try {
		yardstick = await ask(TG_BOT_YARDSTICK);
	} catch (error) {
		if (isRefusal(error)) return; // a made-up key is refused, ours was not
		throw scrubError(error, secrets);
	}
	const masks = [...secrets, TG_BOT_YARDSTICK];
	const masked = (v: unknown) => redact(JSON.stringify(v ?? null), masks);
	if (masked(answer) === masked(yardstick)) {
		const said = trackerMessageOf(answer);
		const words = said ? ` ("${redact(said, masks).slice(0, 200)}")` : '';
		throw rejected(`: it answers it exactly as it answers a made-up key${words}`, secrets);
	}
}

function isOk(answer: unknown): boolean {
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return false;
	const status = (answer as { status?: unknown }).status;
	return typeof status === 'string' && status.trim().toUpperCase() === 'OK';
}

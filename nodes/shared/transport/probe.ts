import type { IDataObject, IHttpRequestHelper, IHttpRequestMethods } from 'n8n-workflow';

import { BodyCut, BodyDeadline, BodyTooLarge, isStream, readCapped, startDeadline } from './body';
import type { Failure } from './failure';
import { failureFromError, failureFromResponse, looksLikeHtml } from './failure';
import { describeFailure } from './messages';
import { redact, scrubError } from './redact';
import { credentialFieldProblem, DEADLINE_GRACE_MS, decideRedirect, DEFAULT_MAX_RESPONSE_BYTES, MAX_ERROR_BODY_BYTES } from './request';
import { checkBaseUrl, hasControlOrSpace, hostOf, joinUrl } from './url';

export interface ProbeSpec {
	tracker: string;
	/** Raw URL from the credential. */
	rawUrl: unknown;
	strippableSuffixes?: string[];
	apiBasePath: string;
	path: string;
	method?: IHttpRequestMethods;
	headers?: Record<string, string>;
	qs?: IDataObject;
	body?: IDataObject;
	/** Deadline for the whole probe, headers and body (default 15 s). */
	timeoutMs?: number;
	/** Largest answer read (default as the request layer, 50 MB). */
	maxResponseBytes?: number;
	keyHint?: string;
	secrets: string[];
	/**
	 * The credential and its secret fields: a field holding a line break or another control
	 * character is refused with a sentence naming it, before anything is sent.
	 */
	credentials?: Record<string, unknown>;
	secretFields?: string[];
	/** Statuses that mean "rate limited" besides 429 (as `TrackerProfile.rateLimitStatuses`). */
	rateLimitStatuses?: number[];
	/** 'text' for trackers whose probe endpoint answers CSV or plain text. */
	responseType?: 'json' | 'text';
	/** A successful answer must satisfy this, else it is reported as "not this tracker's API". */
	isExpectedBody?(body: unknown): boolean;
}

/**
 * The error a credential's preAuthentication throws. n8n wraps it in a NodeApiError and the
 * credential test shows its message as is; the request layer reads `trackerFailure` back.
 */
export class TrackerConnectionError extends Error {
	constructor(
		message: string,
		readonly trackerFailure: Failure,
		readonly description?: string,
	) {
		super(message);
		this.name = 'TrackerConnectionError';
	}
}

function fail(failure: Failure, spec: ProbeSpec, host?: string, url?: string): never {
	const d = describeFailure(failure, {
		tracker: spec.tracker,
		host,
		requestLine: `${spec.method ?? 'GET'} ${joinUrl('', spec.apiBasePath, spec.path)}`,
		timeoutMs: spec.timeoutMs,
		keyHint: spec.keyHint,
		secrets: spec.secrets,
		requestUrl: url,
	});
	const prepared: Failure = {
		kind: failure.kind,
		status: failure.status,
		code: failure.code,
		trackerMessage: failure.trackerMessage,
		fieldErrors: failure.fieldErrors,
		retryAfterMs: failure.retryAfterMs,
		location: failure.location,
		limitBytes: failure.limitBytes,
		preparedMessage: d.message,
		preparedDescription: d.description,
	};
	throw connectionError(`${d.message}. ${d.description}`, prepared, d.description, spec.secrets);
}

/** A TrackerConnectionError with every secret scrubbed from it (message, failure, description). */
function connectionError(message: string, failure: Failure, description: string | undefined, secrets: string[]): TrackerConnectionError {
	const clean: Failure = {
		...failure,
		trackerMessage: failure.trackerMessage !== undefined ? redact(failure.trackerMessage, secrets).slice(0, 1000) : undefined,
	};
	return scrubError(new TrackerConnectionError(redact(message, secrets), clean, description && redact(description, secrets)), secrets);
}

/**
 * Checks that the credential reaches the tracker and is accepted, turning a 401, a wrong URL, an
 * HTML page, a refused connection and a timeout into one clear sentence. Runs inside a
 * credential's `preAuthentication`, where only `this.helpers.httpRequest` exists.
 * Returns the parsed body of the probe call.
 */
export async function probeTracker(helper: IHttpRequestHelper, spec: ProbeSpec): Promise<unknown> {
	const checked = checkBaseUrl(spec.rawUrl, spec.strippableSuffixes ?? []);
	if (checked.problem !== undefined) {
		throw connectionError(
			checked.problem,
			{
				kind: 'wrongUrl',
				preparedMessage: redact(checked.problem, spec.secrets),
				preparedDescription: 'Correct the URL field of the credential.',
			},
			undefined,
			spec.secrets,
		);
	}
	const fieldProblem =
		spec.credentials && spec.secretFields ? credentialFieldProblem(spec.tracker, spec.credentials, spec.secretFields) : undefined;
	const badHeader = Object.entries(spec.headers ?? {}).find(([, v]) => hasControlOrSpace(String(v), false));
	if (fieldProblem !== undefined || badHeader) {
		const message =
			fieldProblem ??
			`A key of the ${spec.tracker} credential (sent as ${badHeader?.[0]}) contains a line break or another control character. Open the credential, paste the value again on one line, and save.`;
		throw connectionError(
			message,
			{ kind: 'badCredential', preparedMessage: message, preparedDescription: `Nothing was sent to ${spec.tracker}.` },
			`Nothing was sent to ${spec.tracker}.`,
			spec.secrets,
		);
	}
	const base = checked.url;
	const host = hostOf(base);
	const timeout = spec.timeoutMs && spec.timeoutMs > 0 ? spec.timeoutMs : 15_000;
	const maxBytes = spec.maxResponseBytes && spec.maxResponseBytes > 0 ? spec.maxResponseBytes : DEFAULT_MAX_RESPONSE_BYTES;
	const method = spec.method ?? 'GET';
	const firstUrl = joinUrl(base, spec.apiBasePath, spec.path);
	const withTimeout = { ...spec, timeoutMs: timeout };

	const deadline = startDeadline(timeout + DEADLINE_GRACE_MS);

	let status = 0;
	let headers: Record<string, unknown> = {};
	let bytes: Buffer | { parsed: unknown } = Buffer.alloc(0);
	let failure: Failure | undefined;
	let url = firstUrl;
	try {
		let qs = spec.qs;
		for (let hops = 0; ; hops++) {
			let res: { body: unknown; headers: Record<string, unknown>; statusCode: number } | undefined;
			let networkError: unknown;
			try {
				const call = helper.helpers.httpRequest({
					method,
					url,
					headers: { Accept: 'application/json', ...(spec.headers ?? {}) },
					qs,
					body: spec.body,
					timeout,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					encoding: 'stream',
					json: false,
					disableFollowRedirect: true,
					maxRedirects: 0,
					sendCredentialsOnCrossOriginRedirect: false,
				}) as Promise<NonNullable<typeof res>>;
				call.then(
					(late) => {
						if (deadline.expired() && isStream(late?.body)) late.body.destroy?.();
					},
					() => undefined,
				);
				res = await Promise.race([call, deadline.hit]);
			} catch (error) {
				networkError = error;
			}
			if (res === undefined) {
				failure =
					deadline.expired() || networkError instanceof BodyDeadline
						? { kind: 'timeout' }
						: failureFromError(networkError, { hasEntity: false });
				break;
			}
			status = res.statusCode;
			headers = res.headers ?? {};
			if ([301, 302, 303, 307, 308].includes(status)) {
				if (isStream(res.body)) res.body.destroy?.();
				const location = headers.location ?? headers.Location;
				const next = decideRedirect(url, status, location === undefined ? undefined : String(location), method, hops);
				if ('failure' in next) {
					failure = next.failure;
					url = firstUrl;
					break;
				}
				url = next.url;
				qs = undefined;
				continue;
			}
			const ok = status >= 200 && status < 300;
			bytes = await readCapped(res.body, {
				maxBytes: ok ? maxBytes : MAX_ERROR_BODY_BYTES,
				signal: deadline.signal,
				truncate: !ok,
			});
			break;
		}
	} catch (error) {
		if (error instanceof BodyTooLarge) failure = { kind: 'tooLarge', limitBytes: error.limitBytes };
		else if (deadline.expired() || error instanceof BodyDeadline) failure = { kind: 'timeout' };
		else if (error instanceof BodyCut) failure = { kind: 'reset' };
		else failure = failureFromError(error, { hasEntity: false });
	}
	if (failure) fail(failure, withTimeout, host, url);
	const body = Buffer.isBuffer(bytes) ? bytes.toString('utf8') : bytes.parsed;
	if (status >= 300 || status < 200) {
		fail(
			failureFromResponse(status, body, headers, {
				hasEntity: false,
				rateLimitStatuses: spec.rateLimitStatuses,
			}),
			withTimeout,
			host,
			firstUrl,
		);
	}
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	const contentType = String(headers['content-type'] ?? headers['Content-Type'] ?? '');
	if (looksLikeHtml(text, contentType)) fail({ kind: 'htmlPage', status }, spec, host);
	if (spec.responseType === 'text') {
		if (spec.isExpectedBody && !spec.isExpectedBody(text)) fail({ kind: 'wrongUrl', status }, spec, host);
		return text;
	}
	let parsed: unknown;
	try {
		parsed = text.trim() === '' ? undefined : JSON.parse(text);
	} catch {
		fail({ kind: 'invalidJson', status }, spec, host);
	}
	if (spec.isExpectedBody && !spec.isExpectedBody(parsed)) {
		fail({ kind: 'wrongUrl', status }, spec, host);
	}
	return parsed;
}

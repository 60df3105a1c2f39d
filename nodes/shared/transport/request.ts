import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { BodyCut, BodyDeadline, BodyTooLarge, isStream, readCapped, startDeadline } from './body';
import type { Failure } from './failure';
import { failureFromError, failureFromResponse, looksLikeHtml } from './failure';
import { describeFailure, trimText } from './messages';
import { collectSecrets, redact, scrubError } from './redact';
import { DEFAULT_RETRY_POLICY, defaultIdempotent, isRetryable, nextDelay } from './retry';
import type { RequestContext, TrackerProfile, TrackerRequest, TrackerResponse } from './types';
import { checkBaseUrl, hasControlOrSpace, hostOf, joinUrl, originOf } from './url';

/** Deadline of one attempt (headers and body), in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Largest answer read, in bytes after decompression. */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
/** Error answers are read up to this size; the rest is dropped (a message is never longer). */
export const MAX_ERROR_BODY_BYTES = 256 * 1024;
/** Added to the Timeout for the overall deadline of one attempt (headers and body). */
export const DEADLINE_GRACE_MS = 1000;
/** Same-origin redirects followed for one request. */
export const MAX_SAME_ORIGIN_REDIRECTS = 5;
/** Longest tracker text kept in an error's `trackerDetail`. */
const MAX_DETAIL_CHARS = 10_000;

/** 'apiKey' → 'API Key', 'secretKey' → 'Secret Key' (for messages about a credential field). */
export function credentialFieldLabel(field: string): string {
	return field
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[\s_-]+/)
		.filter(Boolean)
		.map((w) => (/^(api|url|id)$/i.test(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
		.join(' ');
}

/**
 * A sentence about a credential field whose value cannot go into a request header (CR, LF, NUL or
 * another control character), or undefined. Checked before anything is sent.
 */
export function credentialFieldProblem(
	tracker: string,
	credentials: Record<string, unknown>,
	fields: string[],
): string | undefined {
	for (const field of fields) {
		const v = credentials[field];
		if (typeof v === 'string' && hasControlOrSpace(v.trim(), false)) {
			return `The ${credentialFieldLabel(field)} field of the ${tracker} credential contains a line break or another control character. Open the credential, paste the value again on one line, and save.`;
		}
	}
	return undefined;
}

interface Resolved {
	baseUrl: string;
	secrets: string[];
}

async function resolveCredentials(
	ctx: RequestContext,
	profile: TrackerProfile,
	itemIndex?: number,
): Promise<Resolved> {
	const credentials = (await ctx.getCredentials(profile.credentialType, itemIndex)) as ICredentialDataDecryptedObject;
	const secrets = collectSecrets(credentials, profile.secretFields);
	const checked = checkBaseUrl(credentials[profile.urlField], profile.strippableSuffixes ?? []);
	if (checked.problem !== undefined) {
		throw scrubError(
			new NodeOperationError(ctx.getNode(), redact(checked.problem, secrets), {
				itemIndex,
				description: `Open the ${profile.name} credential and correct the URL field.`,
			}),
			secrets,
		);
	}
	const fieldProblem = credentialFieldProblem(profile.name, credentials, profile.secretFields);
	if (fieldProblem !== undefined) {
		throw scrubError(
			new NodeOperationError(ctx.getNode(), fieldProblem, {
				itemIndex,
				description: `Nothing was sent to ${profile.name}: a key with a line break in it cannot be sent in a request header.`,
			}),
			secrets,
		);
	}
	return { baseUrl: checked.url, secrets };
}

/** The normalised API base URL of the credential (tracker URL + API base path). */
export async function apiBaseUrl(
	this: RequestContext,
	profile: TrackerProfile,
	itemIndex?: number,
): Promise<string> {
	const { baseUrl } = await resolveCredentials(this, profile, itemIndex);
	return joinUrl(baseUrl, profile.apiBasePath);
}

function headersOf(raw: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!raw || typeof raw !== 'object') return out;
	for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
		if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

function isEmptyObject(v: unknown): boolean {
	return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0;
}

/** Builds the NodeApiError the user sees. Only clean, redacted values go into it. */
export function toNodeError(
	ctx: RequestContext,
	profile: TrackerProfile,
	failure: Failure,
	req: Pick<TrackerRequest, 'method' | 'path' | 'entity' | 'itemIndex' | 'timeoutMs'>,
	extra: { attempts?: number; host?: string; secrets?: string[]; requestUrl?: string } = {},
): NodeApiError {
	const described = describeFailure(failure, {
		tracker: profile.name,
		host: extra.host,
		requestLine: `${req.method} ${req.path}`,
		entity: req.entity,
		attempts: extra.attempts,
		timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		keyHint: profile.keyHint,
		secrets: extra.secrets,
		requestUrl: extra.requestUrl,
		credentialFields: profile.secretFields.map(credentialFieldLabel).join(', '),
	});
	const response: JsonObject = {
		trackerName: profile.name,
		failureKind: failure.kind,
		attempts: extra.attempts ?? 1,
	};
	// A rate limit answered with another status (profile.rateLimitStatuses) is reported as 429, the
	// status n8n's poll back-off reads as rate limiting; the real one stays in the message.
	let httpCode = failure.status ? String(failure.status) : undefined;
	if (failure.kind === 'rateLimited' && failure.status !== undefined && failure.status !== 429) {
		response.httpStatus = failure.status;
		httpCode = '429';
	}
	if (failure.trackerMessage) {
		const full = redact(failure.trackerMessage, extra.secrets);
		response.trackerMessage = trimText(full);
		if (full.length > 300) response.trackerDetail = full.slice(0, MAX_DETAIL_CHARS);
	}
	if (failure.fieldErrors) {
		const fe: JsonObject = {};
		for (const [k, v] of Object.entries(failure.fieldErrors).slice(0, 100)) {
			fe[redact(k, extra.secrets).slice(0, 200)] = v.slice(0, 20).map((m) => redact(String(m), extra.secrets).slice(0, 1000));
		}
		response.fieldErrors = fe;
	}
	if (failure.kind === 'tooLarge' && failure.limitBytes !== undefined) response.maxResponseBytes = failure.limitBytes;
	return scrubError(
		new NodeApiError(ctx.getNode(), response, {
			message: described.message,
			description: described.description,
			httpCode,
			itemIndex: req.itemIndex,
		}),
		extra.secrets,
	);
}

/** Redirect statuses the layer understands. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface ResponseLike {
	status?: number;
	headers?: unknown;
	data?: unknown;
}

function chainOf(error: unknown): Array<{ response?: ResponseLike; cause?: unknown }> {
	const chain: Array<{ response?: ResponseLike; cause?: unknown }> = [];
	let cur: unknown = error;
	for (let depth = 0; cur && typeof cur === 'object' && depth < 6; depth++) {
		chain.push(cur as { response?: ResponseLike; cause?: unknown });
		cur = (cur as { cause?: unknown }).cause;
	}
	return chain;
}

/**
 * An HTTP client error may carry the answer body as an unread stream (requests are sent with
 * `encoding: 'stream'`): read at most MAX_ERROR_BODY_BYTES of it, under the same deadline, and put
 * the text in its place so the failure can be classified.
 */
async function drainErrorBodies(error: unknown, signal: AbortSignal): Promise<void> {
	for (const e of chainOf(error)) {
		const r = e.response;
		if (r && typeof r === 'object' && isStream(r.data)) {
			try {
				const read = await readCapped(r.data, { maxBytes: MAX_ERROR_BODY_BYTES, signal, truncate: true });
				r.data = Buffer.isBuffer(read) ? read.toString('utf8') : read.parsed;
			} catch {
				r.data = undefined;
			}
		}
	}
}

function responseOf(error: unknown): ResponseLike | undefined {
	for (const e of chainOf(error)) {
		if (e.response && typeof e.response === 'object' && typeof e.response.status === 'number') return e.response;
	}
	return undefined;
}

function locationOf(headers: unknown): string | undefined {
	const h = headersOf(headers);
	return h.location;
}

/**
 * What to do with a redirect: the URL to follow (same origin only, and only when following keeps
 * the request the same), or the failure to report. Credentials never reach another origin: the
 * request layer sends every request with redirects switched off and follows them itself.
 */
export function decideRedirect(
	currentUrl: string,
	status: number,
	location: string | undefined,
	method: string,
	hops: number,
): { url: string } | { failure: Failure } {
	if (!location) return { failure: { kind: 'unknown', status } };
	let target: URL;
	try {
		target = new URL(location, currentUrl);
	} catch {
		return { failure: { kind: 'redirect', status, location: location.slice(0, 200) } };
	}
	const href = target.href;
	if (originOf(href) === undefined || originOf(href) !== originOf(currentUrl)) {
		return { failure: { kind: 'redirect', status, location: href } };
	}
	const keepsRequest = status === 307 || status === 308 || method === 'GET' || method === 'HEAD';
	if (!keepsRequest) return { failure: { kind: 'redirect', status, location: href } };
	if (hops >= MAX_SAME_ORIGIN_REDIRECTS) return { failure: { kind: 'redirect', status, code: 'ERR_FR_TOO_MANY_REDIRECTS' } };
	return { url: href };
}

/**
 * The one function every node uses for every tracker call. It goes through
 * `this.helpers.httpRequestWithAuthentication` (credential refresh on 401, proxies, SSRF
 * protection), normalises the URL, parses JSON itself (so an HTML page or a cut-off body is
 * recognised), retries what is safe to retry, and turns every failure into a NodeApiError whose
 * message a marketer understands, with the HTTP status kept and no secret in it.
 *
 * Safety guarantees (README, "Security"):
 * - redirects are never followed by the HTTP client; the layer follows one itself only within the
 *   same origin (scheme, host and port) and only when the request stays the same (GET/HEAD, or
 *   307/308), at most MAX_SAME_ORIGIN_REDIRECTS times; any other redirect ends in a sentence;
 * - each attempt has one deadline for headers and body (`timeoutMs`, default 30 s), and all
 *   attempts together stay within the retry policy's `maxTotalMs`;
 * - the answer is read as a stream and cut at `maxResponseBytes` (default 50 MB, after
 *   decompression), so memory stays bounded whatever the server sends;
 * - every error leaves through `scrubError` with the credential's secret values.
 */
export async function trackerRequestFull<T = unknown>(
	this: RequestContext,
	profile: TrackerProfile,
	req: TrackerRequest,
): Promise<TrackerResponse<T>> {
	const { baseUrl, secrets } = await resolveCredentials(this, profile, req.itemIndex);
	const url = joinUrl(baseUrl, profile.apiBasePath, req.path);
	const host = hostOf(baseUrl);
	const method = req.method;
	const idempotent = req.idempotent ?? defaultIdempotent(method);
	const policy = { ...DEFAULT_RETRY_POLICY, ...(req.retry ?? {}) };
	const timeout = positiveOr(req.timeoutMs, DEFAULT_TIMEOUT_MS);
	const maxBytes = positiveOr(req.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
	const classifyOpts = {
		hasEntity: req.entity !== undefined,
		isEntityNotFound: profile.isEntityNotFound,
		isUnknownRoute: profile.isUnknownRoute,
		rateLimitStatuses: profile.rateLimitStatuses,
	};
	const wantsBody = method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';

	const started = Date.now();
	for (let attempt = 1; ; attempt++) {
		const headers: Record<string, string> = {
			Accept: 'application/json',
			...(profile.defaultHeaders ?? {}),
			...(req.headers ?? {}),
		};
		const options: IHttpRequestOptions = {
			method,
			url,
			headers,
			timeout,
			returnFullResponse: true,
			encoding: 'stream',
			json: false,
			// Redirects are followed below, never by the HTTP client (it would carry the key along).
			disableFollowRedirect: true,
			maxRedirects: 0,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		if (req.qs && Object.keys(req.qs).length) options.qs = { ...req.qs };
		if (req.arrayFormat) options.arrayFormat = req.arrayFormat;
		if (wantsBody) {
			const body = req.body;
			if (typeof body === 'string') {
				options.body = body;
				headers['Content-Type'] = 'application/json';
			} else if (body === undefined || isEmptyObject(body)) {
				// n8n drops an empty-object body; body-less action POSTs are sent as the literal '{}'
				// (keitaro-admin-api.md §1.4 and the same behaviour for other trackers' actions).
				if ((req.emptyBody ?? method !== 'DELETE') && method !== 'DELETE') {
					options.body = '{}';
					headers['Content-Type'] = 'application/json';
				}
			} else {
				options.body = body as IDataObject;
				headers['Content-Type'] = 'application/json';
			}
		}

		// One deadline for this attempt, headers and body; later attempts share what is left of
		// the retry budget.
		const elapsed = Date.now() - started;
		const deadlineMs = attempt === 1 ? timeout : Math.min(timeout, Math.max(1000, policy.maxTotalMs - elapsed));
		// The HTTP client's own timeout (inactivity) still applies to the headers; the overall
		// deadline adds DEADLINE_GRACE_MS so a slow but moving answer under load is not cut at the
		// same instant, while a slow drip still ends.
		const deadline = startDeadline(deadlineMs + DEADLINE_GRACE_MS);

		let failure: Failure | undefined;
		let answer: { status: number; headers: Record<string, string>; read: Buffer | { parsed: unknown } } | undefined;
		try {
			for (let hops = 0; ; hops++) {
				let res: { body: unknown; headers: unknown; statusCode: number } | undefined;
				let error: unknown;
				try {
					const call = this.helpers.httpRequestWithAuthentication.call(this, profile.credentialType, options) as Promise<{
						body: unknown;
						headers: unknown;
						statusCode: number;
					}>;
					call.then(
						(late) => {
							// An answer that arrives after the deadline is not read.
							if (deadline.expired() && isStream(late?.body)) late.body.destroy?.();
						},
						() => undefined,
					);
					res = await Promise.race([call, deadline.hit]);
				} catch (e) {
					error = e;
				}
				if (error !== undefined) {
					if (deadline.expired() || error instanceof BodyDeadline) {
						failure = { kind: 'timeout' };
						break;
					}
					await drainErrorBodies(error, deadline.signal);
					const r = responseOf(error);
					if (r && REDIRECT_STATUSES.has(r.status as number)) {
						const next = decideRedirect(options.url, r.status as number, locationOf(r.headers), method, hops);
						if ('url' in next) {
							options.url = next.url;
							delete options.qs;
							continue;
						}
						failure = next.failure;
						break;
					}
					failure = failureFromError(error, classifyOpts);
					if (failure.kind === 'unknown' && failure.status && failure.status < 400) {
						failure = failureFromResponse(failure.status, failure.body, failure.headers, classifyOpts);
					}
					break;
				}
				const response = res as { body: unknown; headers: unknown; statusCode: number };
				const resHeaders = headersOf(response.headers);
				if (REDIRECT_STATUSES.has(response.statusCode)) {
					if (isStream(response.body)) response.body.destroy?.();
					const next = decideRedirect(options.url, response.statusCode, resHeaders.location, method, hops);
					if ('url' in next) {
						options.url = next.url;
						delete options.qs;
						continue;
					}
					failure = next.failure;
					break;
				}
				const read = await readCapped(response.body, { maxBytes, signal: deadline.signal });
				answer = { status: response.statusCode, headers: resHeaders, read };
				break;
			}
		} catch (error) {
			if (error instanceof BodyTooLarge) failure = { kind: 'tooLarge', limitBytes: error.limitBytes };
			else if (deadline.expired() || error instanceof BodyDeadline) failure = { kind: 'timeout' };
			else if (error instanceof BodyCut) failure = { kind: 'reset' };
			else failure = failureFromError(error, classifyOpts);
		}

		if (answer) {
			const { status, headers: resHeaders, read } = answer;
			if (!Buffer.isBuffer(read)) {
				// Already parsed by a helper that ignored `encoding` (older n8n): accept it as is.
				return { status, headers: resHeaders, body: read.parsed as T, attempts: attempt };
			}
			if (req.responseType === 'binary') {
				if (!looksLikeHtml(read.subarray(0, 200).toString('utf8'), resHeaders['content-type'])) {
					return { status, headers: resHeaders, body: read as unknown as T, attempts: attempt };
				}
			}
			const text = read.toString('utf8');
			if (req.responseType === 'text') {
				return { status, headers: resHeaders, body: text as unknown as T, attempts: attempt };
			}
			if (text.trim() === '') {
				return { status, headers: resHeaders, body: undefined as T, attempts: attempt };
			}
			if (looksLikeHtml(text, resHeaders['content-type'])) {
				failure = { kind: 'htmlPage', status, headers: resHeaders };
			} else {
				try {
					return { status, headers: resHeaders, body: JSON.parse(text) as T, attempts: attempt };
				} catch {
					failure = { kind: 'invalidJson', status, headers: resHeaders };
				}
			}
		}
		const failed = failure ?? { kind: 'unknown' };

		const delay = isRetryable(failed, idempotent)
			? nextDelay(failed, attempt, Date.now() - started, policy)
			: undefined;
		if (delay === undefined) {
			throw toNodeError(
				this,
				profile,
				failed,
				{ ...req, timeoutMs: failed.kind === 'timeout' ? deadlineMs : timeout },
				{ attempts: attempt, host, secrets, requestUrl: url },
			);
		}
		this.logger?.debug(
			redact(
				`${profile.name}: ${method} ${req.path} attempt ${attempt} failed (${failed.kind}${failed.status ? ' ' + failed.status : ''}); retrying in ${delay} ms`,
				secrets,
			),
		);
		await sleep(delay);
	}
}

function positiveOr(v: unknown, fallback: number): number {
	return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Like trackerRequestFull, returning only the parsed body. */
export async function trackerRequest<T = unknown>(
	this: RequestContext,
	profile: TrackerProfile,
	req: TrackerRequest,
): Promise<T> {
	const res = await trackerRequestFull.call<RequestContext, [TrackerProfile, TrackerRequest], Promise<TrackerResponse<T>>>(this, profile, req);
	return res.body;
}

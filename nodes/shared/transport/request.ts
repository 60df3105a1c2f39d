import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { Failure } from './failure';
import { failureFromError, failureFromResponse, looksLikeHtml } from './failure';
import { describeFailure } from './messages';
import { collectSecrets, redact } from './redact';
import { DEFAULT_RETRY_POLICY, defaultIdempotent, isRetryable, nextDelay } from './retry';
import type { RequestContext, TrackerProfile, TrackerRequest, TrackerResponse } from './types';
import { checkBaseUrl, hostOf, joinUrl } from './url';

export const DEFAULT_TIMEOUT_MS = 30_000;

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
		throw new NodeOperationError(ctx.getNode(), redact(checked.problem, secrets), {
			itemIndex,
			description: `Open the ${profile.name} credential and correct the URL field.`,
		});
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

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.alloc(0);
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
	extra: { attempts?: number; host?: string; secrets?: string[] } = {},
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
	if (failure.trackerMessage) response.trackerMessage = redact(failure.trackerMessage, extra.secrets);
	if (failure.fieldErrors) {
		const fe: JsonObject = {};
		for (const [k, v] of Object.entries(failure.fieldErrors)) fe[k] = v.map((m) => redact(m, extra.secrets));
		response.fieldErrors = fe;
	}
	return new NodeApiError(ctx.getNode(), response, {
		message: described.message,
		description: described.description,
		httpCode,
		itemIndex: req.itemIndex,
	});
}

/**
 * The one function every node uses for every tracker call. It goes through
 * `this.helpers.httpRequestWithAuthentication` (credential refresh on 401, proxies, cancellation,
 * SSRF protection), normalises the URL, parses JSON itself (so an HTML page or a cut-off body is
 * recognised), retries what is safe to retry, and turns every failure into a NodeApiError whose
 * message a marketer understands, with the HTTP status kept and no secret in it.
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
	const timeout = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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
			encoding: req.responseType === 'binary' ? 'arraybuffer' : 'text',
			json: false,
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

		let failure: Failure | undefined;
		try {
			const res = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				profile.credentialType,
				options,
			)) as { body: unknown; headers: unknown; statusCode: number };
			const resHeaders = headersOf(res.headers);
			if (req.responseType === 'binary') {
				const bytes = toBuffer(res.body);
				if (!looksLikeHtml(bytes.subarray(0, 200).toString('utf8'), resHeaders['content-type'])) {
					return { status: res.statusCode, headers: resHeaders, body: bytes as unknown as T, attempts: attempt };
				}
			}
			const text =
				typeof res.body === 'string'
					? res.body
					: res.body === undefined || res.body === null
						? ''
						: Buffer.isBuffer(res.body) || res.body instanceof ArrayBuffer
							? toBuffer(res.body).toString('utf8')
							: res.body;
			if (typeof text !== 'string') {
				// Already parsed by a helper that ignored `encoding` (older n8n): accept it as is.
				return { status: res.statusCode, headers: resHeaders, body: text as T, attempts: attempt };
			}
			if (req.responseType === 'text') {
				return { status: res.statusCode, headers: resHeaders, body: text as unknown as T, attempts: attempt };
			}
			if (text.trim() === '') {
				return { status: res.statusCode, headers: resHeaders, body: undefined as T, attempts: attempt };
			}
			if (looksLikeHtml(text, resHeaders['content-type'])) {
				failure = { kind: 'htmlPage', status: res.statusCode, headers: resHeaders };
			} else {
				try {
					return { status: res.statusCode, headers: resHeaders, body: JSON.parse(text) as T, attempts: attempt };
				} catch {
					failure = { kind: 'invalidJson', status: res.statusCode, headers: resHeaders };
				}
			}
		} catch (error) {
			failure = failureFromError(error, classifyOpts);
			if (failure.kind === 'unknown' && failure.status && failure.status < 400) {
				failure = failureFromResponse(failure.status, failure.body, failure.headers, classifyOpts);
			}
		}

		const delay = isRetryable(failure, idempotent)
			? nextDelay(failure, attempt, Date.now() - started, policy)
			: undefined;
		if (delay === undefined) {
			throw toNodeError(this, profile, failure, { ...req, timeoutMs: timeout }, { attempts: attempt, host, secrets });
		}
		this.logger?.debug(
			`${profile.name}: ${method} ${req.path} attempt ${attempt} failed (${failure.kind}${failure.status ? ' ' + failure.status : ''}); retrying in ${delay} ms`,
		);
		await sleep(delay);
	}
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

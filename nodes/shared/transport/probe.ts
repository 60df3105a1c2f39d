import type { IDataObject, IHttpRequestHelper, IHttpRequestMethods } from 'n8n-workflow';

import type { Failure } from './failure';
import { failureFromError, failureFromResponse, looksLikeHtml } from './failure';
import { describeFailure } from './messages';
import { checkBaseUrl, hostOf, joinUrl } from './url';

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
	timeoutMs?: number;
	keyHint?: string;
	secrets: string[];
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

function fail(failure: Failure, spec: ProbeSpec, host?: string): never {
	const d = describeFailure(failure, {
		tracker: spec.tracker,
		host,
		requestLine: `${spec.method ?? 'GET'} ${joinUrl('', spec.apiBasePath, spec.path)}`,
		timeoutMs: spec.timeoutMs,
		keyHint: spec.keyHint,
		secrets: spec.secrets,
	});
	const prepared: Failure = {
		kind: failure.kind,
		status: failure.status,
		code: failure.code,
		trackerMessage: failure.trackerMessage,
		fieldErrors: failure.fieldErrors,
		retryAfterMs: failure.retryAfterMs,
		preparedMessage: d.message,
		preparedDescription: d.description,
	};
	throw new TrackerConnectionError(`${d.message}. ${d.description}`, prepared, d.description);
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
		throw new TrackerConnectionError(checked.problem, {
			kind: 'wrongUrl',
			preparedMessage: checked.problem,
			preparedDescription: 'Correct the URL field of the credential.',
		});
	}
	const base = checked.url;
	const host = hostOf(base);
	const timeout = spec.timeoutMs ?? 15_000;
	let res: { body: unknown; headers: Record<string, unknown>; statusCode: number } | undefined;
	let networkError: unknown;
	try {
		res = (await helper.helpers.httpRequest({
			method: spec.method ?? 'GET',
			url: joinUrl(base, spec.apiBasePath, spec.path),
			headers: { Accept: 'application/json', ...(spec.headers ?? {}) },
			qs: spec.qs,
			body: spec.body,
			timeout,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'text',
			json: false,
		})) as typeof res;
	} catch (error) {
		networkError = error;
	}
	if (res === undefined) {
		fail(failureFromError(networkError, { hasEntity: false }), { ...spec, timeoutMs: timeout }, host);
	}
	const status = res.statusCode;
	const headers = res.headers ?? {};
	if (status >= 300 || status < 200) {
		fail(
			failureFromResponse(status, res.body, headers, {
				hasEntity: false,
				rateLimitStatuses: spec.rateLimitStatuses,
			}),
			{ ...spec, timeoutMs: timeout },
			host,
		);
	}
	const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
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

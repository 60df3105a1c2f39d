import type { FieldErrors } from './types';

/** What went wrong with one tracker call, in terms the messages are built from. */
export type FailureKind =
	| 'auth'
	| 'forbidden'
	| 'firewall'
	| 'licence'
	| 'entityNotFound'
	| 'wrongUrl'
	| 'htmlPage'
	| 'validation'
	| 'badRequest'
	| 'rateLimited'
	| 'server'
	| 'refused'
	| 'dns'
	| 'timeout'
	| 'reset'
	| 'tls'
	| 'invalidJson'
	| 'cancelled'
	| 'redirect'
	| 'tooLarge'
	| 'badCredential'
	| 'unknown';

export interface Failure {
	kind: FailureKind;
	/** HTTP status when the tracker answered. */
	status?: number;
	/** Network error code (ECONNREFUSED, …) when it did not. */
	code?: string;
	/** Parsed body (object) or text. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Tracker's own message, if one could be found. */
	trackerMessage?: string;
	fieldErrors?: FieldErrors;
	/** Delay the tracker asked for (Retry-After), in ms. */
	retryAfterMs?: number;
	/** Message prepared elsewhere (credential probe) to keep as is. */
	preparedMessage?: string;
	preparedDescription?: string;
	/** Where a refused redirect pointed (kind 'redirect'). */
	location?: string;
	/** The size limit that was passed (kind 'tooLarge'). */
	limitBytes?: number;
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_NONAME']);
const TEMP_DNS_CODES = new Set(['EAI_AGAIN']);

export function looksLikeHtml(text: string, contentType?: string): boolean {
	if (contentType && /html/i.test(contentType)) return true;
	const head = text.slice(0, 200).trimStart().toLowerCase();
	return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head') || head.startsWith('<body');
}

/** Parses a body that came back as text: JSON when it is JSON, the text otherwise. */
export function parseMaybeJson(data: unknown): unknown {
	if (data instanceof ArrayBuffer) data = Buffer.from(data).toString('utf8');
	else if (Buffer.isBuffer(data)) data = data.toString('utf8');
	if (typeof data !== 'string') return data;
	const t = data.trim();
	if (t === '') return undefined;
	if (t[0] === '{' || t[0] === '[') {
		try {
			return JSON.parse(t);
		} catch {
			return data;
		}
	}
	return data;
}

/** Finds a human message in a tracker error body: {error}, {message}, {errors:[…]}, plain text. */
export function trackerMessageOf(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') {
		const t = body.trim();
		if (!t || looksLikeHtml(t)) return undefined;
		return t.length > 300 ? t.slice(0, 300) + '…' : t;
	}
	if (Array.isArray(body)) {
		const parts = body.map((b) => trackerMessageOf(b)).filter(Boolean);
		return parts.length ? parts.join('; ') : undefined;
	}
	if (typeof body === 'object') {
		const o = body as Record<string, unknown>;
		for (const key of ['error', 'message', 'errorMessage', 'error_description', 'detail', 'title', 'msg']) {
			const v = o[key];
			if (typeof v === 'string' && v.trim()) return v.trim();
			if (v && typeof v === 'object') {
				const inner = trackerMessageOf(v);
				if (inner) return inner;
			}
		}
		if (Array.isArray(o.errors)) return trackerMessageOf(o.errors);
	}
	return undefined;
}

/**
 * Reads a validation body of the shape {field: [messages]} (Keitaro 406/422 and many others), or
 * {errors: {field: [...]}} / {errors: [{field, message}]}. Returns undefined when there is none.
 */
export function fieldErrorsOf(body: unknown): FieldErrors | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const src = body as Record<string, unknown>;
	const candidate =
		src.errors && typeof src.errors === 'object' && !Array.isArray(src.errors)
			? (src.errors as Record<string, unknown>)
			: src;
	const out: FieldErrors = {};
	if (Array.isArray(src.errors)) {
		for (const e of src.errors) {
			if (e && typeof e === 'object') {
				const r = e as Record<string, unknown>;
				const field = String(r.field ?? r.property ?? r.path ?? 'request');
				const msg = String(r.message ?? r.msg ?? r.error ?? 'is invalid');
				(out[field] ??= []).push(msg);
			}
		}
		return Object.keys(out).length ? out : undefined;
	}
	for (const [field, v] of Object.entries(candidate)) {
		if (field === 'error' || field === 'message' || field === 'stacktrace' || field === 'status' || field === 'code') continue;
		if (Array.isArray(v) && v.every((m) => typeof m === 'string')) {
			if (v.length) out[field] = v as string[];
		} else if (typeof v === 'string' && candidate !== src) {
			out[field] = [v];
		}
	}
	return Object.keys(out).length ? out : undefined;
}

export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const s = String(Array.isArray(value) ? value[0] : value).trim();
	if (/^\d+(\.\d+)?$/.test(s)) return Math.round(parseFloat(s) * 1000);
	const date = Date.parse(s);
	if (!Number.isNaN(date)) return Math.max(0, date - now);
	return undefined;
}

function lowerHeaders(h: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!h || typeof h !== 'object') return out;
	for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
		if (v === undefined || v === null) continue;
		out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

/** Classifies an HTTP answer (status + body). Used for error answers and for bad 2xx bodies. */
export function failureFromResponse(
	status: number,
	rawBody: unknown,
	rawHeaders: unknown,
	opts: {
		hasEntity: boolean;
		isEntityNotFound?: (status: number, body: unknown) => boolean;
		isUnknownRoute?: (status: number, body: unknown) => boolean;
		/** Statuses that mean "rate limited" besides 429 (`TrackerProfile.rateLimitStatuses`). */
		rateLimitStatuses?: readonly number[];
	},
): Failure {
	const headers = lowerHeaders(rawHeaders);
	const body = parseMaybeJson(rawBody);
	const trackerMessage = trackerMessageOf(body);
	const base: Failure = { kind: 'unknown', status, body, headers, trackerMessage };
	const isHtml = typeof body === 'string' && looksLikeHtml(body, headers['content-type']);
	const cloudflare =
		(typeof body === 'object' && body !== null && (body as Record<string, unknown>).cloudflare_error === true) ||
		(isHtml && /cloudflare/i.test(String(body).slice(0, 5000))) ||
		(headers.server ?? '').toLowerCase() === 'cloudflare' && status === 403;

	if (status === 401) return { ...base, kind: 'auth' };
	if (status === 402) return { ...base, kind: 'licence' };
	if (status === 403) return { ...base, kind: cloudflare ? 'firewall' : 'forbidden' };
	if (status === 429 || opts.rateLimitStatuses?.includes(status)) {
		return { ...base, kind: 'rateLimited', retryAfterMs: parseRetryAfter(headers['retry-after']) };
	}
	if (status >= 500) {
		return { ...base, kind: 'server', retryAfterMs: parseRetryAfter(headers['retry-after']) };
	}
	if (opts.isUnknownRoute?.(status, body)) return { ...base, kind: 'wrongUrl' };
	if (status === 404) {
		if (isHtml || body === undefined) return { ...base, kind: 'wrongUrl' };
		const entityMissing = opts.isEntityNotFound
			? opts.isEntityNotFound(status, body)
			: opts.hasEntity;
		return { ...base, kind: entityMissing && opts.hasEntity ? 'entityNotFound' : 'wrongUrl' };
	}
	if (isHtml) return { ...base, kind: 'htmlPage' };
	if (status === 406 || status === 422 || status === 400) {
		const fieldErrors = fieldErrorsOf(body);
		if (fieldErrors && (status !== 400 || !trackerMessage)) return { ...base, kind: 'validation', fieldErrors };
		return { ...base, kind: status === 400 ? 'badRequest' : 'validation', fieldErrors };
	}
	if (status >= 400) return { ...base, kind: 'badRequest' };
	return base;
}

/** Classifies a network-level error code. */
export function failureFromCode(code: string | undefined, message: string | undefined): Failure {
	const c = (code ?? '').toUpperCase();
	const m = message ?? '';
	if (c === 'ERR_CANCELED' || /aborted|cancel/i.test(m) && c === '') return { kind: 'cancelled', code };
	if (c === 'ECONNREFUSED') return { kind: 'refused', code };
	if (c === 'ERR_INVALID_CHAR' || c === 'ERR_INVALID_HTTP_TOKEN' || c === 'ERR_HTTP_INVALID_HEADER_VALUE' || /invalid character in header/i.test(m)) {
		return { kind: 'badCredential', code };
	}
	if (c === 'ERR_INVALID_URL' || /^invalid url$/i.test(m.trim())) return { kind: 'badCredential', code };
	if (c === 'ERR_FR_TOO_MANY_REDIRECTS') return { kind: 'redirect', code };
	if (c === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED' || /maxContentLength/i.test(m)) return { kind: 'tooLarge', code };
	if (DNS_CODES.has(c)) return { kind: 'dns', code };
	if (TEMP_DNS_CODES.has(c)) return { kind: 'reset', code };
	if (TIMEOUT_CODES.has(c) || /timeout/i.test(m)) return { kind: 'timeout', code };
	if (RESET_CODES.has(c) || /socket hang up|premature close|aborted/i.test(m)) return { kind: 'reset', code };
	if (/CERT|SSL|TLS|DEPTH_ZERO|SELF_SIGNED/.test(c)) return { kind: 'tls', code };
	if (c === 'ERR_BAD_RESPONSE' || /unexpected end of json|json/i.test(m)) return { kind: 'invalidJson', code };
	return { kind: 'unknown', code };
}

interface ErrorLike {
	httpCode?: string | null;
	cause?: unknown;
	response?: { status?: number; data?: unknown; headers?: unknown };
	code?: string;
	message?: string;
	trackerFailure?: Failure;
}

/**
 * Reads what n8n's request helpers threw (a NodeApiError wrapping an AxiosError, or a raw
 * AxiosError-like object, or a credential probe error) into a Failure. Never keeps the request
 * config, which carries the credential headers.
 */
export function failureFromError(
	error: unknown,
	opts: Parameters<typeof failureFromResponse>[3],
): Failure {
	const chain: ErrorLike[] = [];
	let cur: unknown = error;
	for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
		chain.push(cur as ErrorLike);
		cur = (cur as ErrorLike).cause;
	}
	for (const e of chain) {
		if (e.trackerFailure) return e.trackerFailure;
	}
	for (const e of chain) {
		if (e.response && typeof e.response.status === 'number') {
			return failureFromResponse(e.response.status, e.response.data, e.response.headers, opts);
		}
	}
	for (const e of chain) {
		if (typeof e.code === 'string' && /^[A-Z0-9_]+$/.test(e.code)) {
			const f = failureFromCode(e.code, e.message);
			if (f.kind !== 'unknown') return f;
		}
	}
	const message = chain.map((e) => e.message ?? '').join(' | ');
	const byMessage = failureFromCode(undefined, message);
	if (byMessage.kind !== 'unknown') return byMessage;
	for (const e of chain) {
		const n = Number(e.httpCode);
		if (e.httpCode && Number.isFinite(n) && n >= 400) return failureFromResponse(n, undefined, {}, opts);
	}
	return { kind: 'unknown', trackerMessage: chain[chain.length - 1]?.message };
}

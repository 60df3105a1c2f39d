/**
 * Outbound postbacks (n8n → tracker): URL building with the key masked for display, a send that
 * checks the tracker's answer, and transaction-id idempotency within one execution. Each tracker's
 * Send Postback operation is a thin layer over this (nodes/<Tracker>/actions/conversion/…).
 *
 * Guarantees
 * - The postback key (and every other secret passed in) never appears in an output, a log line or
 *   an error: URLs shown are masked (`ab••••yz`), messages are redacted.
 * - One request per call, no automatic retry (a timed-out postback may have been recorded; a
 *   retry could double a conversion), no redirects followed (a redirect could carry the key to
 *   another origin), a deadline (default 20 s).
 * - Within one execution, a (transaction id, status) pair is sent once; later items with the same
 *   pair are reported as `duplicate` and not sent.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readCapped, startDeadline } from '../transport/body';
import { redact } from '../transport/redact';
import { maskSecret } from '../webhook/secret';

export type QueryPairs = Array<[string, string]>;

/** base + '/' + encoded path segments + '?' + encoded query pairs (empty values dropped). */
export function buildOutboundUrl(base: string, segments: string[], query: QueryPairs): string {
	const path = segments.map((s) => encodeURIComponent(s)).join('/');
	const qs = query
		.filter(([, v]) => v !== '')
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
		.join('&');
	return `${base.replace(/\/+$/, '')}/${path}${qs ? `?${qs}` : ''}`;
}

/** The URL with every secret (plain and URL-encoded) masked. */
export function maskUrl(url: string, secrets: string[]): string {
	let out = url;
	for (const s of [...secrets].filter((x) => x && x.length >= 4).sort((a, b) => b.length - a.length)) {
		for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join(maskSecret(s));
	}
	return out;
}

const ledgers = new Map<string, Set<string>>();
const MAX_LEDGERS = 20;

/**
 * True the first time `key` is claimed in this execution (by this node), false afterwards. An
 * empty key (no transaction id) is never deduplicated.
 */
export function claimOnce(ctx: IExecuteFunctions, key: string): boolean {
	if (key === '') return true;
	const scope = `${ctx.getExecutionId?.() ?? 'no-execution'}\u0000${ctx.getNode().name}`;
	let set = ledgers.get(scope);
	if (!set) {
		set = new Set();
		ledgers.set(scope, set);
		while (ledgers.size > MAX_LEDGERS) ledgers.delete(ledgers.keys().next().value as string);
	}
	if (set.has(key)) return false;
	set.add(key);
	return true;
}

export interface SendOptions {
	tracker: string;
	/**
	 * Credential to authenticate with (the postback goes to the credential's own origin). Absent:
	 * the postback carries no credential and is sent without one (`helpers.httpRequest`), so
	 * nothing of a credential reaches the postback's origin.
	 */
	credentialType?: string;
	url: string;
	method?: 'GET' | 'POST';
	secrets: string[];
	itemIndex: number;
	timeoutMs?: number;
	/** JSON body (POST postbacks). */
	body?: IDataObject;
}

export interface SendAnswer {
	httpStatus: number;
	/** The tracker's answer text (first 300 characters, secrets redacted). */
	response: string;
}

/** Bytes of the tracker's answer read at most. */
export const MAX_ANSWER_BYTES = 64 * 1024;

function looksLikeHtml(text: string, contentType: string | undefined): boolean {
	return /text\/html/i.test(contentType ?? '') || /^\s*(<!doctype html|<html)/i.test(text);
}

/**
 * Sends one postback and checks the answer: a 2xx that is not a web page is success; a web page
 * (wrong URL or key on trackers that serve their panel for unknown paths), a redirect, a 4xx/5xx
 * or a network failure throws a NodeOperationError with one plain sentence.
 */
export async function sendPostbackRequest(
	ctx: IExecuteFunctions,
	opts: SendOptions,
): Promise<SendAnswer> {
	const shown = maskUrl(opts.url, opts.secrets);
	const deadline = startDeadline(opts.timeoutMs ?? 20_000);
	const options: IHttpRequestOptions = {
		method: opts.method ?? 'GET',
		url: opts.url,
		timeout: opts.timeoutMs ?? 20_000,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		encoding: 'stream',
		json: false,
		headers: { Accept: 'text/plain, application/json;q=0.9, */*;q=0.1' },
	};
	if (opts.body !== undefined) {
		options.body = JSON.stringify(opts.body);
		options.headers = { ...options.headers, 'Content-Type': 'application/json' };
	}
	let res: { statusCode: number; body: unknown; headers?: IDataObject };
	try {
		res = (
			opts.credentialType === undefined
				? await ctx.helpers.httpRequest(options)
				: await ctx.helpers.httpRequestWithAuthentication.call(ctx, opts.credentialType, options)
		) as typeof res;
	} catch (error) {
		const e = error as { code?: string; cause?: { code?: string }; message?: string };
		const code = e.code ?? e.cause?.code;
		throw new NodeOperationError(
			ctx.getNode(),
			// The network error's code and text go in the description: n8n rewrites a message that
			// carries a code such as ECONNREFUSED into its own generic sentence.
			`The postback did not reach ${opts.tracker}: no answer from its address.`,
			{
				itemIndex: opts.itemIndex,
				description: `${code ? `${code}: ` : ''}${redact(String(e.message ?? ''), opts.secrets).slice(0, 200)}. Postback URL: ${shown}. It may or may not have been recorded; it is not retried automatically.`,
			},
		);
	}
	// The answer is read under a size cap (a postback answer is a word or a small JSON).
	let text = '';
	try {
		const got = await readCapped(res.body, { maxBytes: MAX_ANSWER_BYTES, truncate: true, signal: deadline.signal });
		text = Buffer.isBuffer(got) ? got.toString('utf8') : JSON.stringify(got.parsed ?? '');
	} catch {
		text = '';
	}
	const response = redact(text.slice(0, 300), opts.secrets);
	const contentType = String(res.headers?.['content-type'] ?? '');
	const status = res.statusCode;
	const fail = (message: string) =>
		new NodeOperationError(ctx.getNode(), message, {
			itemIndex: opts.itemIndex,
			description: `Postback URL: ${shown}. ${opts.tracker} answered HTTP ${status}${response ? `: ${response}` : ''}`,
		});
	if (status >= 300 && status < 400) {
		throw fail(
			`${opts.tracker} answered the postback with a redirect (HTTP ${status}); it was not followed. Use the tracker URL the postback page shows (https, no trailing path).`,
		);
	}
	if (status === 401 || status === 403 || status === 404) {
		throw fail(
			`${opts.tracker} refused the postback (HTTP ${status}). Check the postback key and the tracker URL.`,
		);
	}
	if (status >= 400) {
		throw fail(`${opts.tracker} refused the postback (HTTP ${status})${response ? `: ${response.slice(0, 120)}` : ''}`);
	}
	if (looksLikeHtml(text, contentType)) {
		throw fail(
			`${opts.tracker} answered with a web page instead of accepting the postback: the postback key or the tracker URL is wrong.`,
		);
	}
	return { httpStatus: status, response };
}

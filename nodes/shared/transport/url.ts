/**
 * Turns what a user pasted into the credential's URL field into a clean base URL.
 * A scheme is required (http:// or https://); trailing slashes, a query string, a fragment and a
 * pasted API path (for example '/admin_api/v1') are tolerated and removed.
 */
export function normalizeBaseUrl(raw: unknown, strippableSuffixes: string[] = []): string {
	if (typeof raw !== 'string' || raw.trim() === '') {
		throw new UrlProblem('The tracker URL is empty. Enter the address of your tracker, e.g. https://tracker.example.com');
	}
	let url = raw.trim();
	if (hasControlOrSpace(url)) {
		throw new UrlProblem(
			'The tracker URL contains a space, a line break or another control character. Paste the address again on one line, e.g. https://tracker.example.com',
		);
	}
	if (!/^https?:\/\//i.test(url)) {
		const bare = url.replace(/^[^/?#]*@/, '').replace(/^\/+/, '');
		const shown = bare.length > 80 ? bare.slice(0, 80) + '…' : bare;
		throw new UrlProblem(
			`The tracker URL "${shown}" has no http:// or https:// at the start. Enter the full address, e.g. https://${shown}`,
		);
	}
	url = url.replace(/[?#].*$/, '');
	url = url.replace(/\/+$/, '');
	const lowered = () => url.toLowerCase();
	let stripped = true;
	while (stripped) {
		stripped = false;
		for (const suffix of strippableSuffixes) {
			const s = suffix.replace(/\/+$/, '').toLowerCase();
			if (s && lowered().endsWith(s)) {
				url = url.slice(0, url.length - s.length).replace(/\/+$/, '');
				stripped = true;
			}
		}
	}
	if (!/^https?:\/\/[^/\s]+/i.test(url)) {
		throw new UrlProblem(`The tracker URL ${quoteValue(stripUserinfo(raw.trim()))} has no host name.`);
	}
	if (!parsesWithHost(url)) {
		throw new UrlProblem(`The tracker URL ${quoteValue(stripUserinfo(raw.trim()))} is not a valid web address.`);
	}
	return url;
}

/** Non-throwing variant: the normalised URL, or the problem to show the user. */
export function checkBaseUrl(
	raw: unknown,
	strippableSuffixes: string[] = [],
): { url: string; problem?: undefined } | { url?: undefined; problem: string } {
	try {
		return { url: normalizeBaseUrl(raw, strippableSuffixes) };
	} catch (e) {
		if (e instanceof UrlProblem) return { problem: e.message };
		return { problem: 'The tracker URL is not valid.' };
	}
}

/** Joins a base URL, an API base path and a request path with exactly one slash between parts. */
export function joinUrl(base: string, ...parts: string[]): string {
	let out = base.replace(/\/+$/, '');
	for (const part of parts) {
		if (!part) continue;
		out += '/' + part.replace(/^\/+/, '').replace(/\/+$/, '');
	}
	return out;
}

/** A problem with the URL the user entered; the request layer turns it into a NodeOperationError. */
export class UrlProblem {
	constructor(readonly message: string) {}
}

/** Host and port of a URL, without any user name or password written into it. */
export function hostOf(url: string): string {
	const m = /^https?:\/\/([^/?#]+)/i.exec(url);
	const authority = m ? m[1] : stripUserinfo(url);
	const at = authority.lastIndexOf('@');
	return at >= 0 ? authority.slice(at + 1) : authority;
}

/** The URL with any `user:password@` removed (for messages). */
export function stripUserinfo(url: string): string {
	return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/** The `user:password` written into a URL (both parts decoded and raw), for redaction. */
export function userinfoSecrets(url: unknown): string[] {
	if (typeof url !== 'string') return [];
	const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url.trim());
	if (!m) return [];
	const info = m[1];
	const out = new Set<string>([info]);
	const colon = info.indexOf(':');
	const parts = colon >= 0 ? [info.slice(0, colon), info.slice(colon + 1)] : [info];
	for (const p of parts) {
		out.add(p);
		try {
			out.add(decodeURIComponent(p));
		} catch {
			// keep the raw form only
		}
	}
	return [...out].filter((s) => s.length > 0);
}

/** scheme://host:port of an absolute URL (default ports made explicit), or undefined. */
export function originOf(url: string): string | undefined {
	try {
		const u = new URL(url);
		if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
		const port = u.port || (u.protocol === 'https:' ? '443' : '80');
		return `${u.protocol}//${u.hostname.toLowerCase()}:${port}`;
	} catch {
		return undefined;
	}
}

/** A value quoted for a message: at most `max` characters, control characters shown escaped. */
export function quoteValue(value: unknown, max = 80): string {
	let s: string;
	if (typeof value === 'string') s = value;
	else if (value === undefined) s = 'undefined';
	else {
		try {
			s = typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
		} catch {
			s = Object.prototype.toString.call(value);
		}
	}
	const extra = s.length > max ? ` (${s.length} characters)` : '';
	if (s.length > max) s = s.slice(0, max) + '…';
	let shown = '';
	for (const c of s) {
		const code = c.charCodeAt(0);
		if (c === '\n') shown += '\\n';
		else if (c === '\r') shown += '\\r';
		else if (c === '\t') shown += '\\t';
		else if (code < 0x20 || code === 0x7f) shown += `\\u${code.toString(16).padStart(4, '0')}`;
		else shown += c;
	}
	return `"${shown}"${extra}`;
}

/** True when the text holds a control character (CR, LF, NUL, …) or, with `spaces`, whitespace. */
export function hasControlOrSpace(s: string, spaces = true): boolean {
	for (const c of s) {
		const code = c.charCodeAt(0);
		if (code < 0x20 || code === 0x7f) return true;
		if (spaces && /\s/.test(c)) return true;
	}
	return false;
}

function parsesWithHost(url: string): boolean {
	try {
		return new URL(url).hostname !== '';
	} catch {
		return false;
	}
}

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
	if (!/^https?:\/\//i.test(url)) {
		throw new UrlProblem(
			`The tracker URL "${url}" has no http:// or https:// at the start. Enter the full address, e.g. https://${url.replace(/^\/+/, '')}`,
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
		throw new UrlProblem(`The tracker URL "${raw.trim()}" has no host name.`);
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

export function hostOf(url: string): string {
	const m = /^https?:\/\/([^/?#]+)/i.exec(url);
	return m ? m[1] : url;
}

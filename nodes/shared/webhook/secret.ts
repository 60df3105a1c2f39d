import { createHash, timingSafeEqual } from 'crypto';

/**
 * Constant-time comparison of a received secret with the expected one. Both sides are hashed
 * (SHA-256) first, so the comparison takes the same time whatever the lengths and contents; an
 * empty expected secret never matches.
 */
export function secretMatches(expected: string, received: unknown): boolean {
	if (typeof received !== 'string' || expected === '') return false;
	const a = createHash('sha256').update(expected, 'utf8').digest();
	const b = createHash('sha256').update(received, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** `ab…yz` style mask: enough to recognise a value, never enough to use it. */
export function maskSecret(secret: string): string {
	if (secret.length <= 8) return '••••';
	return `${secret.slice(0, 2)}••••${secret.slice(-2)}`;
}

/** Replaces every occurrence of each secret (and its URL-encoded form) in `text` with a mask. */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const s of secrets) {
		if (!s || s.length < 4) continue;
		for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join(maskSecret(s));
	}
	return out;
}

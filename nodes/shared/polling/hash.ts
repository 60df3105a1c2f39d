/**
 * Compact, fast, dependency-free hashing for the polling engine.
 *
 * `hash53` is a 53-bit non-cryptographic string hash (two 32-bit multiply–xorshift lanes folded
 * into a safe integer, the construction known as cyrb53). Keys are compared by hash only, so two
 * different keys with the same hash would make the second one look already delivered. For a
 * uniformly distributed 53-bit hash the chance that a new key collides with any of K remembered
 * keys is about K / 2^53: with K = 10,000 that is ~1.1e-12 per event, i.e. about one expected
 * collision per ~10^12 events. The hash is deterministic across processes and versions, which the
 * persisted state relies on: DO NOT change it without bumping the state version.
 */

export function hash53(input: string, seed = 0): number {
	let h1 = 0xdeadbeef ^ seed;
	let h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < input.length; i++) {
		const ch = input.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
	h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
	h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** URL-safe 64-symbol alphabet; 9 symbols × 6 bits = 54 bits ≥ 53. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const DECODE: Record<string, number> = {};
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET[i]] = i;

/** Width of an encoded hash in characters. */
export const HASH_CHARS = 9;

/** Encodes a 53-bit hash as exactly 9 characters. */
export function encodeHash(h: number): string {
	let out = '';
	let n = h;
	for (let i = 0; i < HASH_CHARS; i++) {
		const r = n % 64;
		out = ALPHABET[r] + out;
		n = (n - r) / 64;
	}
	return out;
}

/** Decodes 9 characters at `offset` of `s`; returns NaN for invalid input. */
export function decodeHash(s: string, offset = 0): number {
	let n = 0;
	for (let i = 0; i < HASH_CHARS; i++) {
		const v = DECODE[s[offset + i]];
		if (v === undefined) return NaN;
		n = n * 64 + v;
	}
	return n <= Number.MAX_SAFE_INTEGER ? n : NaN;
}

/**
 * Deterministic JSON: object keys sorted, `undefined` members dropped. Used for fingerprints, so
 * the same options always give the same string regardless of property order.
 */
export function stableStringify(value: unknown): string {
	if (value === null || typeof value !== 'object') {
		if (value === undefined || typeof value === 'function') return 'null';
		if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
		return JSON.stringify(value);
	}
	if (Array.isArray(value)) {
		return `[${value.map((v) => stableStringify(v)).join(',')}]`;
	}
	const obj = value as Record<string, unknown>;
	const keys = Object.keys(obj)
		.filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
		.sort();
	return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** A short, stable fingerprint of any JSON-like value (two independent 53-bit hashes). */
export function fingerprint(value: unknown): string {
	const s = stableStringify(value);
	return encodeHash(hash53(s, 1)) + encodeHash(hash53(s, 2));
}

/**
 * Removes secrets from any text before it reaches an error message, a log line or an output item.
 * Two layers: the exact secret values from the credential, and well-known secret-bearing patterns
 * (api_key=…, Api-Key: …, Bearer …, tokens in JSON) in case a tracker echoes a secret we do not know.
 */
const PATTERNS: Array<[RegExp, string]> = [
	[/((?:api[_-]?key|apikey|access[_-]?key|secret[_-]?key|secret|token|password|passwd|cwauth-token|session)\s*[=:]\s*)("?)[^\s"&,;}]+/gi, '$1$2***'],
	[/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***'],
	[/("(?:api[_-]?key|apikey|access[_-]?key|accessKey|secret[_-]?key|secretKey|token|password|sessionToken)"\s*:\s*")[^"]*(")/gi, '$1***$2'],
];

const MIN_SECRET_LENGTH = 4;

export function collectSecrets(
	credentials: Record<string, unknown> | undefined,
	fields: string[],
): string[] {
	if (!credentials) return [];
	const out: string[] = [];
	for (const field of fields) {
		const v = credentials[field];
		if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) {
			out.push(v);
			const encoded = encodeURIComponent(v);
			if (encoded !== v) out.push(encoded);
		}
	}
	// Longest first so a secret that contains another is replaced whole.
	return out.sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: string[] = []): string {
	let out = text;
	for (const s of secrets) {
		if (s && out.includes(s)) out = out.split(s).join('***');
	}
	for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
	return out;
}

/** Redacts every string inside a JSON-like value (returns a new value). */
export function redactDeep<T>(value: T, secrets: string[] = []): T {
	if (typeof value === 'string') return redact(value, secrets) as unknown as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			out[k] = redactDeep(v, secrets);
		}
		return out as T;
	}
	return value;
}

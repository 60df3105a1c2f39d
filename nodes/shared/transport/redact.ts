import { userinfoSecrets } from './url';

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

/**
 * The secret values of a credential, in every form they may come back in: as typed, trimmed,
 * URL-encoded, JSON-escaped, and the user name / password written into any URL field
 * (`https://user:pass@host`). Longest first, so a secret that contains another is replaced whole.
 */
export function collectSecrets(
	credentials: Record<string, unknown> | undefined,
	fields: string[],
): string[] {
	if (!credentials) return [];
	const out = new Set<string>();
	const add = (v: string) => {
		for (const form of [v, v.trim()]) {
			if (form.length < MIN_SECRET_LENGTH) continue;
			out.add(form);
			out.add(encodeURIComponent(form));
			out.add(JSON.stringify(form).slice(1, -1));
			// Each line of a value pasted with line breaks, in case only one line is echoed.
			for (const line of form.split(/[\r\n]+/)) if (line.trim().length >= MIN_SECRET_LENGTH) out.add(line.trim());
		}
	};
	for (const field of fields) {
		const v = credentials[field];
		if (typeof v === 'string') add(v);
	}
	for (const v of Object.values(credentials)) {
		if (typeof v === 'string') for (const part of userinfoSecrets(v)) add(part);
	}
	return [...out].sort((a, b) => b.length - a.length);
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

const MAX_DEPTH = 12;

function isPlainObject(v: object): boolean {
	const proto = Object.getPrototypeOf(v) as unknown;
	return proto === Object.prototype || proto === null;
}

/** Properties that carry the request as sent (credential headers): dropped from errors outright. */
const DROP_KEYS = new Set(['config', 'request', 'options', 'headers', 'auth', 'agent', 'socket', '_currentRequest']);

function cleanValue(value: unknown, secrets: string[], seen: WeakSet<object>, depth: number): unknown {
	if (typeof value === 'string') return redact(value, secrets);
	if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
	if (seen.has(value) || depth > MAX_DEPTH) return '[removed]';
	if (value instanceof Error) {
		scrubError(value, secrets, seen, depth + 1);
		return value;
	}
	if (Buffer.isBuffer(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[bytes removed]';
	if (Array.isArray(value)) {
		seen.add(value);
		return value.map((v) => cleanValue(v, secrets, seen, depth + 1));
	}
	if (!isPlainObject(value)) {
		// Streams, sockets, agents, class instances: never copied into an error.
		const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
		return `[${name} removed]`;
	}
	seen.add(value);
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
		if (DROP_KEYS.has(k)) continue;
		out[redact(k, secrets)] = cleanValue(v, secrets, seen, depth + 1);
	}
	return out;
}

/**
 * The one function every error of ours passes through before it leaves the request layer or a
 * credential test. It rewrites the error IN PLACE (it keeps its class, so n8n still sees a
 * NodeApiError / NodeOperationError): message, description, stack, every own property (including
 * `cause`, `context`, `errorResponse`, response bodies and the keys of objects such as
 * `fieldErrors`), recursively along the cause chain. The request configuration an HTTP client keeps
 * on its errors (`config`, `request`, headers) is removed outright. After it, JSON.stringify(error)
 * holds none of the given secrets. Returns the same error.
 */
export function scrubError<E>(error: E, secrets: string[] = [], seen: WeakSet<object> = new WeakSet(), depth = 0): E {
	if (!error || typeof error !== 'object') return error;
	if (seen.has(error as object)) return error;
	seen.add(error as object);
	const target = error as Record<string, unknown>;
	for (const key of Object.getOwnPropertyNames(target)) {
		const desc = Object.getOwnPropertyDescriptor(target, key);
		if (!desc || !('value' in desc) || !desc.writable) continue;
		if (DROP_KEYS.has(key)) {
			try {
				delete target[key];
			} catch {
				target[key] = undefined;
			}
			continue;
		}
		const cleaned = cleanValue(desc.value, secrets, seen, depth + 1);
		const cleanKey = redact(key, secrets);
		if (cleanKey !== key) {
			delete target[key];
			target[cleanKey] = cleaned;
		} else if (cleaned !== desc.value) {
			target[key] = cleaned;
		}
	}
	return error;
}

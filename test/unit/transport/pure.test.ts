import {
	checkBaseUrl,
	collectSecrets,
	describeFailure,
	failureFromCode,
	failureFromResponse,
	fieldErrorsOf,
	isRetryable,
	joinUrl,
	nextDelay,
	normalizeBaseUrl,
	parseRetryAfter,
	redact,
	DEFAULT_RETRY_POLICY,
} from '../../../nodes/shared/transport';

const K = ['/admin_api/v1', '/admin_api', '/admin'];

describe('normalizeBaseUrl', () => {
	it.each([
		['https://t.example.com', 'https://t.example.com'],
		['  https://t.example.com/  ', 'https://t.example.com'],
		['https://t.example.com///', 'https://t.example.com'],
		['https://t.example.com/admin_api/v1', 'https://t.example.com'],
		['https://t.example.com/admin_api/v1/', 'https://t.example.com'],
		['https://t.example.com/ADMIN_API/V1', 'https://t.example.com'],
		['https://t.example.com/admin/?page=1#x', 'https://t.example.com'],
		['http://127.0.0.1:8080/keitaro/admin_api/v1', 'http://127.0.0.1:8080/keitaro'],
	])('%s → %s', (raw, want) => {
		expect(normalizeBaseUrl(raw, K)).toBe(want);
	});

	it('requires a scheme and says how to fix it', () => {
		expect(checkBaseUrl('t.example.com', K).problem).toBe(
			'The tracker URL "t.example.com" has no http:// or https:// at the start. Enter the full address, e.g. https://t.example.com',
		);
		expect(checkBaseUrl('', K).problem).toMatch(/empty/);
		expect(checkBaseUrl('https://', K).problem).toMatch(/no host name/);
	});

	it('joins paths with single slashes', () => {
		expect(joinUrl('https://a.b/', '/admin_api/v1', '/campaigns/')).toBe('https://a.b/admin_api/v1/campaigns');
		expect(joinUrl('https://a.b', '', '/x')).toBe('https://a.b/x');
	});
});

describe('redact', () => {
	it('removes credential values, URL-encoded values and known secret patterns', () => {
		const secrets = collectSecrets({ apiKey: 'abc/def+123', short: 'x' }, ['apiKey', 'short']);
		expect(redact('key abc/def+123 and abc%2Fdef%2B123', secrets)).toBe('key *** and ***');
		expect(redact('GET /x?api_key=zzz999&b=1')).toBe('GET /x?api_key=***&b=1');
		expect(redact('Authorization: Bearer eyJhbGciOi.J9')).toBe('Authorization: Bearer ***');
		expect(redact('{"sessionToken":"t0k3n"}')).toBe('{"sessionToken":"***"}');
		expect(redact('Api-Key: s3cr3t')).toBe('Api-Key: ***');
	});
});

describe('classification', () => {
	const opts = { hasEntity: true };
	it('maps statuses', () => {
		expect(failureFromResponse(401, '{"error":"Invalid API key"}', {}, opts).kind).toBe('auth');
		expect(failureFromResponse(402, '{"error":"x"}', {}, opts).kind).toBe('licence');
		expect(failureFromResponse(403, '{"error":"no"}', {}, opts).kind).toBe('forbidden');
		expect(
			failureFromResponse(403, '{"title":"Error 1010: Access denied","cloudflare_error":true}', {}, opts).kind,
		).toBe('firewall');
		expect(failureFromResponse(404, 'Traffic\\Model\\Campaign #9 not found', {}, opts).kind).toBe('entityNotFound');
		expect(failureFromResponse(404, 'Traffic\\Model\\Campaign #9 not found', {}, { hasEntity: false }).kind).toBe('wrongUrl');
		expect(failureFromResponse(404, '<html><body>nginx</body></html>', { 'content-type': 'text/html' }, opts).kind).toBe('wrongUrl');
		expect(failureFromResponse(200, '<!DOCTYPE html><html>', { 'content-type': 'text/html' }, opts).kind).toBe('htmlPage');
		const v = failureFromResponse(422, '{"alias":["Alias has already used"],"name":["Name is required"]}', {}, opts);
		expect(v.kind).toBe('validation');
		expect(v.fieldErrors).toEqual({ alias: ['Alias has already used'], name: ['Name is required'] });
		expect(failureFromResponse(406, '{"alias":["Alias is required"]}', {}, opts).kind).toBe('validation');
		expect(failureFromResponse(400, '{"error":"Filter x contains incorrect operator \'Y\'"}', {}, opts).kind).toBe('badRequest');
		const rl = failureFromResponse(429, '', { 'Retry-After': '3' }, opts);
		expect(rl).toMatchObject({ kind: 'rateLimited', retryAfterMs: 3000 });
		expect(failureFromResponse(503, '', {}, opts).kind).toBe('server');
	});

	it('maps network codes', () => {
		expect(failureFromCode('ECONNREFUSED', '').kind).toBe('refused');
		expect(failureFromCode('ENOTFOUND', '').kind).toBe('dns');
		expect(failureFromCode('ECONNABORTED', 'timeout of 50ms exceeded').kind).toBe('timeout');
		expect(failureFromCode('ECONNRESET', 'socket hang up').kind).toBe('reset');
		expect(failureFromCode('ERR_CANCELED', 'canceled').kind).toBe('cancelled');
	});

	it('reads field errors in the common shapes', () => {
		expect(fieldErrorsOf({ errors: [{ field: 'name', message: 'required' }] })).toEqual({ name: ['required'] });
		expect(fieldErrorsOf({ errors: { name: ['required'] } })).toEqual({ name: ['required'] });
		expect(fieldErrorsOf({ error: 'x' })).toBeUndefined();
	});

	it('parses Retry-After seconds and dates', () => {
		expect(parseRetryAfter('2')).toBe(2000);
		expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
		expect(parseRetryAfter('soon')).toBeUndefined();
	});
});

describe('retry policy', () => {
	it('retries idempotent calls on 429/502/503/504, resets, timeouts, cut-off bodies; never on 500 or 4xx', () => {
		expect(isRetryable({ kind: 'server', status: 503 }, true)).toBe(true);
		expect(isRetryable({ kind: 'server', status: 500 }, true)).toBe(false);
		expect(isRetryable({ kind: 'reset' }, true)).toBe(true);
		expect(isRetryable({ kind: 'timeout' }, true)).toBe(true);
		expect(isRetryable({ kind: 'invalidJson' }, true)).toBe(true);
		expect(isRetryable({ kind: 'validation', status: 422 }, true)).toBe(false);
		expect(isRetryable({ kind: 'auth', status: 401 }, true)).toBe(false);
		expect(isRetryable({ kind: 'refused' }, true)).toBe(false);
	});

	it('retries a non-idempotent call only on 429', () => {
		expect(isRetryable({ kind: 'rateLimited', status: 429 }, false)).toBe(true);
		expect(isRetryable({ kind: 'server', status: 503 }, false)).toBe(false);
		expect(isRetryable({ kind: 'reset' }, false)).toBe(false);
		expect(isRetryable({ kind: 'timeout' }, false)).toBe(false);
	});

	it('backs off exponentially with jitter, honours Retry-After, and stops within the budget', () => {
		const p = DEFAULT_RETRY_POLICY;
		const f = { kind: 'server' as const, status: 503 };
		expect(nextDelay(f, 1, 0, p, () => 0)).toBe(250);
		expect(nextDelay(f, 1, 0, p, () => 1)).toBe(500);
		expect(nextDelay(f, 3, 0, p, () => 1)).toBe(2000);
		expect(nextDelay(f, p.maxAttempts, 0, p, () => 1)).toBeUndefined();
		expect(nextDelay({ ...f, retryAfterMs: 7000 }, 1, 0, p, () => 0)).toBe(7000);
		expect(nextDelay({ ...f, retryAfterMs: p.maxDelayMs + 1 }, 1, 0, p, () => 0)).toBeUndefined();
		expect(nextDelay(f, 1, p.maxTotalMs - 10, p, () => 1)).toBeUndefined();
	});
});

describe('messages', () => {
	it('never contain low-level codes n8n would rewrite', () => {
		const kinds = ['auth', 'forbidden', 'firewall', 'licence', 'entityNotFound', 'wrongUrl', 'htmlPage', 'validation', 'badRequest', 'rateLimited', 'server', 'refused', 'dns', 'timeout', 'reset', 'tls', 'invalidJson', 'cancelled', 'unknown'] as const;
		for (const kind of kinds) {
			const d = describeFailure({ kind, status: 400 }, { tracker: 'T', host: 'h.test', attempts: 3, timeoutMs: 1000 });
			expect(d.message).not.toMatch(/ECONN|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|GETADDRINFO/i);
			expect(d.message.length).toBeGreaterThan(10);
			expect(d.description.length).toBeGreaterThan(10);
		}
	});
});

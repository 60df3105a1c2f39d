/**
 * Pure checks of the security pieces: the shared validation, scrubError, userinfo handling,
 * redirect decisions and the capped body reader.
 */
import { PassThrough } from 'node:stream';
import { NodeApiError } from 'n8n-workflow';

import { BodyTooLarge, readCapped } from '../../../nodes/shared/transport/body';
import { collectSecrets, decideRedirect, hostOf, scrubError } from '../../../nodes/shared/transport';
import {
	checkCalendarDate,
	checkCurrency,
	checkId,
	checkJsonObject,
	checkPathSegment,
	checkRelativePath,
	clampInteger,
	quote,
	resolveTimeZone,
	zodOf,
} from '../../../nodes/shared/validation';

describe('shared validation', () => {
	it('ids stay exact or are refused', () => {
		expect(checkId('1234567890123456789', 'ID')).toEqual({ ok: true, value: '1234567890123456789' });
		expect(checkId('007', 'ID')).toEqual({ ok: true, value: '7' });
		expect(checkId(12, 'ID')).toEqual({ ok: true, value: '12' });
		expect(checkId('12345678901234567890', 'ID').ok).toBe(false);
		expect(checkId(2 ** 60, 'ID').ok).toBe(false);
		expect(checkId(1e23, 'ID').ok).toBe(false);
		for (const bad of ['1e+23', '-1', '0', '1.5', '../1', '%31', ' ', '１']) expect(checkId(bad, 'ID').ok).toBe(false);
	});

	it('path segments and file paths come from an allow-list', () => {
		for (const ok of ['clicks', 'access.log', 'a-b_c']) expect(checkPathSegment(ok, 'Log').ok).toBe(true);
		for (const bad of ['.', '..', '%2e%2e', 'a%2Fb', 'a/b', 'a\\b', '.hidden', 'a..b', 'x?y', 'a b', '']) {
			expect(checkPathSegment(bad, 'Log').ok).toBe(false);
		}
		expect(checkRelativePath('order/success.html', 'File Path')).toEqual({ ok: true, value: 'order/success.html' });
		for (const bad of ['../x', '%2e%2e/%2e%2e/etc/passwd', 'a//b', 'a/./b']) expect(checkRelativePath(bad, 'File Path').ok).toBe(false);
	});

	it('dates, time zones, currencies, limits', () => {
		expect(checkCalendarDate('2024-02-29', 'Date').ok).toBe(true);
		expect(checkCalendarDate('2024-02-30', 'Date').ok).toBe(false);
		expect(checkCalendarDate('2023-02-29', 'Date').ok).toBe(false);
		expect(resolveTimeZone('europe/madrid')).toBe('Europe/Madrid');
		expect(resolveTimeZone('Mars/Olympus')).toBeUndefined();
		expect(resolveTimeZone('+03:00')).toBeUndefined();
		expect(checkCurrency('usd', 'Currency')).toEqual({ ok: true, value: 'USD' });
		for (const bad of ['ZZZ', 'FOO', 'XXX', 'XTS', 'US']) expect(checkCurrency(bad, 'Currency').ok).toBe(false);
		expect(clampInteger(1e9, 'Page Size', { min: 1, max: 10000 })).toEqual({ ok: true, value: 10000 });
		expect(clampInteger('-5', 'Page Size', { min: 1, max: 10000 })).toEqual({ ok: true, value: 1 });
		expect(clampInteger('abc', 'Page Size', { min: 1, max: 10000 }).ok).toBe(false);
	});

	it('user JSON: bounded depth, no prototype keys', () => {
		expect(checkJsonObject('{"a":{"b":1}}', 'J').ok).toBe(true);
		expect(checkJsonObject('{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}', 'J').ok).toBe(false);
		expect(checkJsonObject('{"__proto__":{"x":1}}', 'J').ok).toBe(false);
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});

	it('quotes at most 80 characters, control characters escaped', () => {
		expect(quote('a\r\nb')).toBe('"a\\r\\nb"');
		expect(quote('x'.repeat(100_000))).toBe(`"${'x'.repeat(80)}…" (100000 characters)`);
	});

	it('zod schemas carry the same sentence', () => {
		const r = zodOf(checkCurrency, 'Currency').safeParse('ZZZ');
		expect(r.success).toBe(false);
		if (!r.success) expect(r.error.issues[0].message).toMatch(/^Currency must be a 3-letter currency code/);
	});
});

describe('redaction', () => {
	const node = { id: '1', name: 'n', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

	it('scrubError removes secrets from message, description, cause chain, keys and config', () => {
		const secrets = collectSecrets({ apiKey: 'K3Y-abcdef', url: 'https://admin:PW-xyz123@host' }, ['apiKey']);
		const cause = Object.assign(new Error('bad K3Y-abcdef'), { config: { headers: { 'Api-Key': 'K3Y-abcdef' } } });
		const err = new NodeApiError(node, { fieldErrors: { 'K3Y-abcdef': ['PW-xyz123 wrong'] } }, { message: 'm K3Y-abcdef', description: 'd PW-xyz123' });
		(err as unknown as { cause: unknown }).cause = cause;
		scrubError(err, secrets);
		const text = JSON.stringify(err) + err.message + String(err.description) + err.stack + JSON.stringify(Object.getOwnPropertyNames(cause).map((k) => (cause as unknown as Record<string, unknown>)[k]));
		expect(text).not.toContain('K3Y-abcdef');
		expect(text).not.toContain('PW-xyz123');
		expect(err).toBeInstanceOf(NodeApiError);
	});

	it('hostOf drops user and password', () => {
		expect(hostOf('http://admin:S3cret@host:8080/x')).toBe('host:8080');
	});
});

describe('redirect decisions', () => {
	it('same origin GET followed, another origin or a changed request refused', () => {
		expect(decideRedirect('http://a:1/x', 302, '/y', 'GET', 0)).toEqual({ url: 'http://a:1/y' });
		expect('failure' in decideRedirect('http://a:1/x', 302, 'http://a:2/y', 'GET', 0)).toBe(true);
		expect('failure' in decideRedirect('http://a/x', 301, 'https://a/x', 'GET', 0)).toBe(true);
		expect('failure' in decideRedirect('http://a/x', 302, '/y', 'POST', 0)).toBe(true);
		expect(decideRedirect('http://a/x', 307, '/y', 'POST', 0)).toEqual({ url: 'http://a/y' });
		expect('failure' in decideRedirect('http://a/x', 302, '/y', 'GET', 5)).toBe(true);
	});
});

describe('capped body reader', () => {
	it('stops at the cap, and truncates error bodies quietly', async () => {
		const s = new PassThrough();
		const p = readCapped(s, { maxBytes: 10 });
		s.write(Buffer.alloc(6));
		s.write(Buffer.alloc(6));
		await expect(p).rejects.toBeInstanceOf(BodyTooLarge);
		const t = new PassThrough();
		const q = readCapped(t, { maxBytes: 4, truncate: true });
		t.write('abcdef');
		await expect(q).resolves.toEqual(Buffer.from('abcd'));
	});
});

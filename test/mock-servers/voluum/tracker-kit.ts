/**
 * Helpers shared by the Voluum, RedTrack, Binom, BeMob and TG Tracker mocks: simulated clock,
 * IANA time-zone arithmetic, a sliding-window rate limiter, the request prologue (request log →
 * body → fault layer), a memo cache keyed on a data version, deterministic ids, and the HTML page
 * served for paths outside an API (the "wrong URL" trap).
 *
 * It lives in `voluum/` only because `test/mock-servers/shared/` belongs to another engineer;
 * it has no Voluum-specific code and can move to `shared/tracker-kit.ts` unchanged.
 *
 * The time-zone code here is deliberately independent of `nodes/shared/polling/time.ts`: a mock
 * that shared the adapters' conversion code would agree with their bugs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { mixSeed, mulberry32, type FaultInjector } from '../shared/faults';
import {
	parseJsonBody,
	readBody,
	sendHtml,
	type RequestLog,
	type RequestLogEntry,
} from '../shared/http';

// ---------------------------------------------------------------------------------------------
// Time input

/** An instant: epoch ms, a Date, an ISO string (with Z/offset) or "YYYY-MM-DD[ HH:MM[:SS]]" (UTC). */
export type TimeInput = number | Date | string;

export function toMs(value: TimeInput, zone = 'UTC'): number {
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`Invalid time: ${value}`);
		return Math.floor(value);
	}
	const civil = parseCivil(value);
	if (civil) return fromCivil(civil, zone);
	const ms = Date.parse(value);
	if (Number.isNaN(ms)) throw new Error(`Unparseable time: ${value}`);
	return ms;
}

// ---------------------------------------------------------------------------------------------
// Simulated clock

/**
 * Simulated "now" for a mock. Frozen by default so tests are deterministic; `useRealTime()` (or
 * `new SimClock('real')`) follows the wall clock. `now` is a bound arrow function, so
 * `mock.state.clock.now` can be handed to code that wants a `() => number`.
 */
export class SimClock {
	private frozenMs: number | undefined;
	private offsetMs = 0;

	constructor(initial: TimeInput | 'real' = DEFAULT_NOW) {
		if (initial === 'real') this.frozenMs = undefined;
		else this.frozenMs = toMs(initial);
	}

	/** Simulated now in epoch ms. */
	readonly now = (): number => this.frozenMs ?? Date.now() + this.offsetMs;

	nowMs(): number {
		return this.now();
	}

	nowSeconds(): number {
		return Math.floor(this.now() / 1000);
	}

	/** Settable view of now (ms): `clock.ms = Date.UTC(2025, 0, 1)` freezes there. */
	get ms(): number {
		return this.now();
	}

	set ms(value: number) {
		this.set(value);
	}

	/** Freezes the clock at `value`. */
	set(value: TimeInput): void {
		this.frozenMs = toMs(value);
	}

	/** Moves the clock by `ms` (negative goes back). */
	advance(ms: number): void {
		if (this.frozenMs !== undefined) this.frozenMs += ms;
		else this.offsetMs += ms;
	}

	/** Follows the wall clock from now on (keeping any offset added by `advance`). */
	useRealTime(): void {
		this.frozenMs = undefined;
	}

	get frozen(): boolean {
		return this.frozenMs !== undefined;
	}

	toISOString(): string {
		return new Date(this.now()).toISOString();
	}
}

/** Default simulated now of every mock (same as the Keitaro mock). */
export const DEFAULT_NOW = '2025-06-16T12:00:00Z';

// ---------------------------------------------------------------------------------------------
// Time zones (IANA via Intl; offsets cached per 15-minute bucket)

export interface Civil {
	y: number;
	m: number; // 1..12
	d: number;
	h: number;
	mi: number;
	s: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(zone, f);
	}
	return f;
}

export function isValidZone(zone: unknown): zone is string {
	if (typeof zone !== 'string' || zone.trim() === '' || zone !== zone.trim()) return false;
	try {
		formatter(zone);
		return true;
	} catch {
		return false;
	}
}

/** Offset of `zone` from UTC at instant `ms`, in ms (east positive). */
export function zoneOffsetMs(ms: number, zone: string): number {
	if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT') return 0;
	const bucket = Math.floor(ms / 900_000);
	let cache = offsets.get(zone);
	if (!cache) {
		cache = new Map();
		offsets.set(zone, cache);
	}
	const hit = cache.get(bucket);
	if (hit !== undefined) return hit;
	const at = bucket * 900_000;
	const parts = formatter(zone).formatToParts(new Date(at));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	const offset = asUtc - at;
	if (cache.size > 100_000) cache.clear();
	cache.set(bucket, offset);
	return offset;
}

/** Wall-clock parts of instant `ms` in `zone`. */
export function toCivil(ms: number, zone = 'UTC'): Civil & { ms: number; weekday: number } {
	const local = new Date(ms + zoneOffsetMs(ms, zone));
	return {
		y: local.getUTCFullYear(),
		m: local.getUTCMonth() + 1,
		d: local.getUTCDate(),
		h: local.getUTCHours(),
		mi: local.getUTCMinutes(),
		s: local.getUTCSeconds(),
		ms: local.getUTCMilliseconds(),
		weekday: local.getUTCDay() || 7, // ISO: Monday 1 … Sunday 7
	};
}

/** Wall-clock time in `zone` → epoch ms (a DST gap resolves forward, an overlap to the first). */
export function fromCivil(c: Civil, zone = 'UTC'): number {
	const guess = Date.UTC(c.y, c.m - 1, c.d, c.h, c.mi, c.s);
	const off1 = zoneOffsetMs(guess, zone);
	let t = guess - off1;
	const off2 = zoneOffsetMs(t, zone);
	if (off2 !== off1) t = guess - off2;
	return t;
}

export const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "YYYY-MM-DD HH:MM:SS" of `ms` in `zone`. */
export function formatDateTime(ms: number, zone = 'UTC'): string {
	const c = toCivil(ms, zone);
	return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)} ${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}`;
}

/** "YYYY-MM-DD" of `ms` in `zone`. */
export function formatDate(ms: number, zone = 'UTC'): string {
	const c = toCivil(ms, zone);
	return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}`;
}

/** "YYYY-MM-DD hh:mm:ss AM" of `ms` in `zone` (12-hour clock, as Voluum's live reports show). */
export function formatDateTime12(ms: number, zone = 'UTC'): string {
	const c = toCivil(ms, zone);
	const h12 = c.h % 12 === 0 ? 12 : c.h % 12;
	return `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)} ${pad(h12)}:${pad(c.mi)}:${pad(c.s)} ${c.h < 12 ? 'AM' : 'PM'}`;
}

/** ISO 8601 with the zone's offset, e.g. "2025-06-16T14:00:00+02:00" (UTC → "…Z"). */
export function formatIsoInZone(ms: number, zone = 'UTC'): string {
	const off = zoneOffsetMs(ms, zone);
	const c = toCivil(ms, zone);
	const base = `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}T${pad(c.h)}:${pad(c.mi)}:${pad(c.s)}`;
	if (off === 0) return `${base}Z`;
	const sign = off > 0 ? '+' : '-';
	const abs = Math.abs(off) / 60_000;
	return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** RFC 3339 UTC without fractional seconds ("2025-06-16T12:00:00Z"), like Go's time.Time JSON. */
export function formatRfc3339Utc(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Strict "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (`T` separator accepted only
 * when `allowT`). Returns undefined when malformed or out of range (2025-02-30, 24:00:00).
 */
export function parseCivil(
	text: string,
	options: { allowT?: boolean } = { allowT: true },
): (Civil & { dateOnly: boolean }) | undefined {
	const sep = options.allowT === false ? ' ' : '[ T]';
	const m = new RegExp(
		`^(\\d{4})-(\\d{2})-(\\d{2})(?:${sep}(\\d{2}):(\\d{2})(?::(\\d{2}))?)?$`,
	).exec(text);
	if (!m) return undefined;
	const c = {
		y: Number(m[1]),
		m: Number(m[2]),
		d: Number(m[3]),
		h: Number(m[4] ?? 0),
		mi: Number(m[5] ?? 0),
		s: Number(m[6] ?? 0),
		dateOnly: m[4] === undefined,
	};
	if (!validCivil(c)) return undefined;
	return c;
}

export function validCivil(c: Civil): boolean {
	if (c.m < 1 || c.m > 12 || c.d < 1 || c.h > 23 || c.mi > 59 || c.s > 59) return false;
	return new Date(Date.UTC(c.y, c.m - 1, c.d)).getUTCDate() === c.d;
}

/** Adds whole days to a civil date (calendar arithmetic, no zone). */
export function addDays(
	c: { y: number; m: number; d: number },
	days: number,
): { y: number; m: number; d: number } {
	const t = new Date(Date.UTC(c.y, c.m - 1, c.d) + days * 86_400_000);
	return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Start of the civil day `c` in `zone` (epoch ms). */
export function dayStart(c: { y: number; m: number; d: number }, zone: string): number {
	return fromCivil({ ...c, h: 0, mi: 0, s: 0 }, zone);
}

// ---------------------------------------------------------------------------------------------
// Rate limiting

/** `false` turns the limit off. `clock: 'mock'` measures on the mock's simulated clock. */
export type RateLimitOption =
	| false
	| {
			/** Requests allowed per window. */
			limit?: number;
			windowMs?: number;
			clock?: 'real' | 'mock';
	  };

export type RateCheck = { ok: true } | { ok: false; retryAfterMs: number };

/** Sliding-window limiter: at most `limit` hits per key in any `windowMs` interval. */
export class SlidingWindowLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(
		public limit: number,
		public windowMs: number,
		private readonly now: () => number,
	) {}

	hit(key: string): RateCheck {
		const now = this.now();
		const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
		if (list.length >= this.limit) {
			this.hits.set(key, list);
			return { ok: false, retryAfterMs: Math.max(1, list[0] + this.windowMs - now) };
		}
		list.push(now);
		this.hits.set(key, list);
		return { ok: true };
	}

	reset(): void {
		this.hits.clear();
	}
}

/** Builds a limiter from an option (`undefined` → `defaults`), or undefined when turned off. */
export function makeLimiter(
	option: RateLimitOption | undefined,
	defaults: { limit: number; windowMs: number; clock: 'real' | 'mock' },
	mockNow: () => number,
): SlidingWindowLimiter | undefined {
	if (option === false) return undefined;
	const o = { ...defaults, ...(option ?? {}) };
	return new SlidingWindowLimiter(
		o.limit,
		o.windowMs,
		o.clock === 'mock' ? mockNow : () => Date.now(),
	);
}

// ---------------------------------------------------------------------------------------------
// Request prologue

export interface Incoming {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	method: string;
	path: string;
	query: URLSearchParams;
	raw: Buffer;
	/** Parsed JSON body, `undefined` when empty, the raw text when not JSON. */
	body: unknown;
	bodyIsJson: boolean;
	entry: RequestLogEntry;
}

/**
 * Logs the request, reads the body and runs the fault layer. Returns undefined when a fault
 * consumed the request (the caller must stop).
 */
export async function receive(
	req: IncomingMessage,
	res: ServerResponse,
	requests: RequestLog,
	faults: FaultInjector,
): Promise<Incoming | undefined> {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const entry = requests.begin(req, res, url);
	const raw = await readBody(req);
	const parsed = parseJsonBody(raw);
	entry.body = raw.length === 0 ? undefined : parsed.ok ? parsed.value : raw.toString('utf8');
	if (await faults.middleware(req, res, url.pathname, (id) => (entry.fault = id))) return undefined;
	return {
		req,
		res,
		url,
		method: (req.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		query: url.searchParams,
		raw,
		body: entry.body,
		bodyIsJson: parsed.ok && !parsed.empty,
		entry,
	};
}

/** Information given to a mock's `state.onBeforeRespond` hook. */
export interface BeforeRespondInfo {
	method: string;
	/** Path relative to the API base (e.g. `/conversions`). */
	path: string;
	query: Record<string, string | string[]>;
	/** 1-based count of authenticated API requests that reached a route. */
	requestNumber: number;
}

export type BeforeRespondHook = (info: BeforeRespondInfo) => void | Promise<void>;

/** Single header value (first of a repeated header). */
export function header(req: IncomingMessage, name: string): string | undefined {
	const v = req.headers[name.toLowerCase()];
	return Array.isArray(v) ? v[0] : v;
}

/** The HTML page a tracker host answers for a path outside its API (status 200). */
export function wrongUrlPage(product: string): string {
	return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${product}</title></head>
<body><div id="app">${product} — sign in to continue</div><script src="/static/app.js"></script></body>
</html>
`;
}

export function sendWrongUrlPage(res: ServerResponse, product: string): void {
	sendHtml(res, 200, wrongUrlPage(product));
}

// ---------------------------------------------------------------------------------------------
// Query parsing helpers

/** Non-negative integer from a query value; `undefined` when absent, NaN when malformed. */
export function intParam(value: string | null): number | undefined {
	if (value === null || value === '') return undefined;
	return /^\d+$/.test(value) ? Number(value) : NaN;
}

/** Values of `name`, `name[]` and `name[N]` (bracket arrays), in order. */
export function bracketArray(
	query: URLSearchParams,
	name: string,
): { values: string[]; plain: boolean } {
	const values: string[] = [];
	let plain = false;
	for (const [key, value] of query) {
		if (key === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(key)) values.push(value);
		else if (key === name) {
			plain = true;
			values.push(value);
		}
	}
	return { values, plain };
}

// ---------------------------------------------------------------------------------------------
// Deterministic ids and picks

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
	private readonly next: () => number;

	constructor(seed: number, salt: string | number = 'rng') {
		this.next = mulberry32(mixSeed(seed, salt));
	}

	float(): number {
		return this.next();
	}

	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.next() * list.length)];
	}

	/** Weighted pick: `[[value, weight], ...]`. */
	weighted<T>(list: ReadonlyArray<readonly [T, number]>): T {
		const total = list.reduce((s, [, w]) => s + w, 0);
		let r = this.next() * total;
		for (const [v, w] of list) {
			r -= w;
			if (r < 0) return v;
		}
		return list[list.length - 1][0];
	}

	hex(length: number): string {
		let out = '';
		while (out.length < length) {
			const v = (this.next() * 4294967296) >>> 0;
			out +=
				HEX_BYTES[v >>> 24] +
				HEX_BYTES[(v >>> 16) & 255] +
				HEX_BYTES[(v >>> 8) & 255] +
				HEX_BYTES[v & 255];
		}
		return out.length === length ? out : out.slice(0, length);
	}

	uuid(): string {
		const h = this.hex(32);
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}

	money(min: number, max: number): number {
		return Math.round((min + this.next() * (max - min)) * 100) / 100;
	}
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;
export const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

// ---------------------------------------------------------------------------------------------
// Memo cache keyed on a data version (paging through a large result stays O(page))

export class QueryCache<V> {
	private version = -1;
	private readonly entries = new Map<string, V>();

	constructor(private readonly max = 32) {}

	get(version: number, key: string, compute: () => V): V {
		if (version !== this.version) {
			this.entries.clear();
			this.version = version;
		}
		const hit = this.entries.get(key);
		if (hit !== undefined) return hit;
		const value = compute();
		if (this.entries.size >= this.max)
			this.entries.delete(this.entries.keys().next().value as string);
		this.entries.set(key, value);
		return value;
	}
}

/** Stable comparator on a numeric or string key, ties broken by `tie`. */
export function compareBy<T>(
	key: (row: T) => number | string,
	direction: 'asc' | 'desc',
	tie?: (row: T) => number | string,
): (a: T, b: T) => number {
	const sign = direction === 'asc' ? 1 : -1;
	return (a, b) => {
		const ka = key(a);
		const kb = key(b);
		let c = ka < kb ? -1 : ka > kb ? 1 : 0;
		if (c === 0 && tie) {
			const ta = tie(a);
			const tb = tie(b);
			c = ta < tb ? -1 : ta > tb ? 1 : 0;
		}
		return c * sign;
	};
}

// ---------------------------------------------------------------------------------------------
// Seed vocabulary shared by the demo data sets

export const COUNTRIES: ReadonlyArray<readonly [string, string]> = [
	['US', 'United States'],
	['DE', 'Germany'],
	['GB', 'United Kingdom'],
	['FR', 'France'],
	['BR', 'Brazil'],
	['IN', 'India'],
	['ES', 'Spain'],
	['PL', 'Poland'],
];

export const DEVICES = [
	{
		os: 'Android',
		osVersion: '14',
		browser: 'Chrome Mobile',
		browserVersion: '126',
		brand: 'Samsung',
		model: 'Galaxy S23',
		deviceName: 'mobile',
	},
	{
		os: 'iOS',
		osVersion: '17.5',
		browser: 'Mobile Safari',
		browserVersion: '17',
		brand: 'Apple',
		model: 'iPhone',
		deviceName: 'mobile',
	},
	{
		os: 'Windows',
		osVersion: '11',
		browser: 'Chrome',
		browserVersion: '126',
		brand: 'Unknown',
		model: 'Unknown',
		deviceName: 'desktop',
	},
	{
		os: 'macOS',
		osVersion: '14',
		browser: 'Safari',
		browserVersion: '17',
		brand: 'Apple',
		model: 'Mac',
		deviceName: 'desktop',
	},
] as const;

export const ISPS = ['Comcast', 'Deutsche Telekom', 'Vodafone', 'Orange', 'Claro', 'Jio'] as const;

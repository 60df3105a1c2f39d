/**
 * Fault injection for every tracker mock. A mock calls `await faults.middleware(req, res, path)`
 * first thing for each request; when it returns `true` the fault consumed the request (response
 * sent or socket destroyed) and the mock must stop. Otherwise the mock handles the request as
 * usual; the fault may still have delayed it, added headers (e.g. `Retry-After`) or arranged for
 * the real response to be truncated.
 *
 * Rules are matched in insertion order; the first rule whose method, path and predicate match
 * and that still has `times` left is a candidate; `probability` (drawn from the rule's own seeded
 * mulberry32 PRNG, so runs are reproducible) decides whether it fires. One rule fires per request.
 *
 * ```ts
 * mock.faults.add({ method: 'POST', path: '/admin_api/v1/report/build', status: 503, retryAfter: 2, times: 1 });
 * mock.faults.add({ path: /\/conversions\/log$/, truncate: true });            // real body, cut in half
 * mock.faults.add({ path: '*', reset: true, probability: 0.2, seed: 42 });      // 20 % connection resets
 * mock.faults.add({ path: '/report', delayMs: 3000 });                          // provoke client timeouts
 * ```
 *
 * Token expiry (for session-token trackers such as Voluum): `new TokenStore({ ttlMs })` issues
 * tokens and verifies them against a clock; `faults.attachTokenStore(store)` lets a rule with
 * `expireTokens: true` expire every live token just before the request reaches the mock, so the
 * mock's own auth answers 401 like the real API would after expiry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	addResponseTransform,
	pathMatches,
	writeResponse,
	type Headers,
	type OutgoingResponse,
} from './http';

// ---------------------------------------------------------------------------------------------
// Deterministic PRNG

/** mulberry32: tiny, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Mixes a seed with a salt into a new 32-bit seed (for independent, reproducible streams). */
export function mixSeed(seed: number, salt: number | string): number {
	let h = (seed ^ 0x9e3779b9) >>> 0;
	const text = String(salt);
	for (let i = 0; i < text.length; i++) {
		h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
		h = (h ^ (h >>> 13)) >>> 0;
	}
	h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35) >>> 0;
	return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Rules

export interface TruncateOptions {
	/** Bytes of the body to send: an integer, or a fraction in (0, 1). Default: half. */
	at?: number;
	/**
	 * `destroy` (default): headers promise the full Content-Length, a prefix is written and the
	 * socket is destroyed (client sees an aborted/short body). `end`: the response ends normally
	 * with Content-Length of the prefix, so the client gets a complete but invalid JSON document.
	 */
	mode?: 'destroy' | 'end';
}

export interface FaultRule {
	/** Optional id (auto-assigned `fault-N` otherwise); recorded in request logs and history. */
	id?: string;
	/** HTTP method(s); default any. */
	method?: string | string[];
	/**
	 * Path pattern matched against the request path (no query string): exact string, string with
	 * `*` wildcards / `{param}` segments, or a RegExp. Default `*`.
	 */
	path?: string | RegExp;
	/** Extra predicate (e.g. on query or headers). */
	match?: (req: IncomingMessage, path: string) => boolean;
	/** Respond with this status instead of the mock's response. */
	status?: number;
	/** Body for `status`: string → text/plain, anything else → JSON. Default `{error: <reason>}`. */
	body?: unknown;
	contentType?: string;
	headers?: Record<string, string>;
	/** Wait this long before responding (or before passing the request on). */
	delayMs?: number;
	/** Adds `Retry-After` (seconds or an HTTP date) to the fault response, or to the real one. */
	retryAfter?: number | string;
	/** Truncate the fault body (when `status`/`body` given) or the mock's real response. */
	truncate?: boolean | TruncateOptions;
	/** Destroy the socket without any response (ECONNRESET / "socket hang up" on the client). */
	reset?: boolean;
	/** Expire every token of the attached token stores, then let the request through. */
	expireTokens?: boolean;
	/** Apply to the next N matching requests only (those where it fires). Default unlimited. */
	times?: number;
	/** Fire with this probability (0..1) using the rule's seeded PRNG. Default 1. */
	probability?: number;
	/** Seed of this rule's PRNG; default derived from the injector seed and the rule id. */
	seed?: number;
}

export interface FaultHandle {
	readonly id: string;
	readonly rule: Readonly<FaultRule>;
	/** Requests that matched method/path/predicate while the rule had `times` left. */
	readonly seen: number;
	/** Requests on which the rule fired. */
	readonly fired: number;
	/** Remaining `times` (Infinity when unlimited). */
	readonly remaining: number;
	remove(): void;
}

export type FaultKind = 'status' | 'delay' | 'reset' | 'truncate' | 'retry-after' | 'expire-tokens';

export interface FaultEvent {
	ruleId: string;
	method: string;
	path: string;
	kinds: FaultKind[];
	at: number;
}

interface ActiveRule {
	id: string;
	rule: FaultRule;
	rng: () => number;
	seen: number;
	fired: number;
	remaining: number;
}

/** Anything with an `expireAll()`; `TokenStore` implements it. */
export interface ExpirableTokens {
	expireAll(): number;
}

export interface FaultInjectorOptions {
	/** Seed for rule PRNGs (default 1). */
	seed?: number;
}

export class FaultInjector {
	/** Every fault that fired, in order. */
	readonly history: FaultEvent[] = [];
	/** Set to false to bypass all rules without removing them. */
	enabled = true;
	private rules: ActiveRule[] = [];
	private counter = 0;
	private seed: number;
	private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
	private readonly tokenStores = new Set<ExpirableTokens>();

	constructor(options: FaultInjectorOptions = {}) {
		this.seed = options.seed ?? 1;
	}

	add(rule: FaultRule): FaultHandle {
		if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
			throw new Error(`Fault probability must be within [0, 1], got ${rule.probability}`);
		}
		if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) {
			throw new Error(`Fault times must be a non-negative integer, got ${rule.times}`);
		}
		const id = rule.id ?? `fault-${++this.counter}`;
		const active: ActiveRule = {
			id,
			rule: { ...rule },
			rng: mulberry32(rule.seed ?? mixSeed(this.seed, id)),
			seen: 0,
			fired: 0,
			remaining: rule.times ?? Infinity,
		};
		this.rules.push(active);
		const rules = () => this.rules;
		return {
			id,
			rule: active.rule,
			get seen() {
				return active.seen;
			},
			get fired() {
				return active.fired;
			},
			get remaining() {
				return active.remaining;
			},
			remove: () => {
				this.rules = rules().filter((r) => r !== active);
			},
		};
	}

	remove(id: string): boolean {
		const before = this.rules.length;
		this.rules = this.rules.filter((r) => r.id !== id);
		return this.rules.length !== before;
	}

	/** Removes every rule (history is kept; use `resetHistory()` to drop it). */
	clear(): void {
		this.rules = [];
	}

	resetHistory(): void {
		this.history.length = 0;
	}

	/** Re-seeds: rules added afterwards without an explicit `seed` derive from this one. */
	reseed(seed: number): void {
		this.seed = seed;
	}

	list(): FaultHandle[] {
		return this.rules.map((active) => ({
			id: active.id,
			rule: active.rule,
			seen: active.seen,
			fired: active.fired,
			remaining: active.remaining,
			remove: () => this.remove(active.id),
		}));
	}

	attachTokenStore(store: ExpirableTokens): void {
		this.tokenStores.add(store);
	}

	/** Expires every token in every attached store; returns how many were live. */
	expireTokens(): number {
		let n = 0;
		for (const store of this.tokenStores) n += store.expireAll();
		return n;
	}

	/** Cancels pending delays (their requests are dropped). Call on server close. */
	dispose(): void {
		for (const pending of this.timers) {
			clearTimeout(pending.timer);
			pending.resolve();
		}
		this.timers.clear();
	}

	/** Picks the rule that fires for this request (if any), updating counters. */
	pick(
		method: string,
		path: string,
		req?: IncomingMessage,
	): { id: string; rule: FaultRule } | undefined {
		if (!this.enabled) return undefined;
		const upper = method.toUpperCase();
		for (const active of this.rules) {
			const { rule } = active;
			if (active.remaining <= 0) continue;
			if (rule.method !== undefined) {
				const methods = (Array.isArray(rule.method) ? rule.method : [rule.method]).map((m) =>
					m.toUpperCase(),
				);
				if (!methods.includes(upper) && !methods.includes('*')) continue;
			}
			if (!pathMatches(rule.path ?? '*', path)) continue;
			if (rule.match && (!req || !rule.match(req, path))) continue;
			active.seen++;
			if (rule.probability !== undefined && !(active.rng() < rule.probability)) continue;
			active.fired++;
			active.remaining--;
			return { id: active.id, rule };
		}
		return undefined;
	}

	/**
	 * Run first for every request. Returns true when the fault consumed the request. `onFault`
	 * (optional) is told the rule id, e.g. to mark the request log entry.
	 */
	async middleware(
		req: IncomingMessage,
		res: ServerResponse,
		path: string,
		onFault?: (ruleId: string, kinds: FaultKind[]) => void,
	): Promise<boolean> {
		const picked = this.pick(req.method ?? 'GET', path, req);
		if (!picked) return false;
		const { id, rule } = picked;
		const kinds: FaultKind[] = [];
		const respond = rule.status !== undefined || rule.body !== undefined;
		if (rule.delayMs) kinds.push('delay');
		if (rule.reset) kinds.push('reset');
		if (respond) kinds.push('status');
		if (rule.truncate) kinds.push('truncate');
		if (rule.retryAfter !== undefined) kinds.push('retry-after');
		if (rule.expireTokens) kinds.push('expire-tokens');
		this.history.push({
			ruleId: id,
			method: (req.method ?? 'GET').toUpperCase(),
			path,
			kinds,
			at: Date.now(),
		});
		onFault?.(id, kinds);

		if (rule.delayMs && rule.delayMs > 0) {
			const completed = await this.sleep(rule.delayMs, res);
			if (!completed) return true; // client went away or server closing
		}
		if (rule.expireTokens) this.expireTokens();
		if (rule.reset) {
			req.socket.destroy();
			return true;
		}
		const extraHeaders: Headers = { ...(rule.headers ?? {}) };
		if (rule.retryAfter !== undefined) extraHeaders['Retry-After'] = String(rule.retryAfter);
		if (rule.truncate) addResponseTransform(res, truncateTransform(rule.truncate));
		if (respond) {
			const status = rule.status ?? 200;
			const body = rule.body ?? { error: `Injected fault (${status})` };
			const isText = typeof body === 'string';
			const contentType =
				rule.contentType ??
				(isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8');
			writeResponse(
				res,
				status,
				{ 'Content-Type': contentType, ...extraHeaders },
				isText ? body : JSON.stringify(body),
			);
			return true;
		}
		if (Object.keys(extraHeaders).length > 0) {
			addResponseTransform(res, (out) => ({
				...out,
				headers: { ...out.headers, ...extraHeaders },
			}));
		}
		return false;
	}

	private sleep(ms: number, res: ServerResponse): Promise<boolean> {
		return new Promise((resolve) => {
			let settled = false;
			const entry = {
				timer: setTimeout(() => finish(true), ms),
				resolve: () => finish(false),
			};
			const onClose = () => finish(false);
			const finish = (completed: boolean) => {
				if (settled) return;
				settled = true;
				clearTimeout(entry.timer);
				this.timers.delete(entry);
				res.off('close', onClose);
				resolve(completed && !res.destroyed);
			};
			this.timers.add(entry);
			res.once('close', onClose);
		});
	}
}

function truncateTransform(option: true | TruncateOptions): (out: OutgoingResponse) => {
	status: number;
	headers: Headers;
	body: Buffer;
	partial: { sendBytes: number; then: 'destroy' | 'end' };
} {
	const opts: TruncateOptions = option === true ? {} : option;
	return (out) => {
		const len = out.body.length;
		const at = opts.at ?? 0.5;
		let bytes = at > 0 && at < 1 ? Math.floor(len * at) : Math.floor(at);
		bytes = Math.max(0, Math.min(bytes, Math.max(0, len - 1)));
		return { ...out, partial: { sendBytes: bytes, then: opts.mode ?? 'destroy' } };
	};
}

// ---------------------------------------------------------------------------------------------
// Session tokens with TTL (Voluum-style `cwauth-token`)

export type TokenCheck<S> =
	| { ok: true; subject: S; expiresAt: number }
	| { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export interface TokenStoreOptions {
	/** Token lifetime in ms (default 4 h, Voluum's documented session length). */
	ttlMs?: number;
	/** Clock in ms (default `Date.now`); pass the mock's simulated clock to expire by time travel. */
	now?: () => number;
	/** Seed for token generation (deterministic tokens). */
	seed?: number;
	prefix?: string;
}

export class TokenStore<S = string> implements ExpirableTokens {
	ttlMs: number;
	private readonly now: () => number;
	private readonly rng: () => number;
	private readonly prefix: string;
	private readonly tokens = new Map<string, { subject: S; expiresAt: number }>();

	constructor(options: TokenStoreOptions = {}) {
		this.ttlMs = options.ttlMs ?? 4 * 3600_000;
		this.now = options.now ?? (() => Date.now());
		this.rng = mulberry32(options.seed ?? 7);
		this.prefix = options.prefix ?? '';
	}

	issue(subject: S, ttlMs = this.ttlMs): { token: string; expiresAt: number } {
		let token = this.prefix;
		while (token.length < this.prefix.length + 32) {
			token += Math.floor(this.rng() * 16).toString(16);
		}
		const expiresAt = this.now() + ttlMs;
		this.tokens.set(token, { subject, expiresAt });
		return { token, expiresAt };
	}

	verify(token: string | undefined | null): TokenCheck<S> {
		if (!token) return { ok: false, reason: 'missing' };
		const entry = this.tokens.get(token);
		if (!entry) return { ok: false, reason: 'unknown' };
		if (this.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
		return { ok: true, subject: entry.subject, expiresAt: entry.expiresAt };
	}

	/** Expires one token now; returns false when unknown. */
	expire(token: string): boolean {
		const entry = this.tokens.get(token);
		if (!entry) return false;
		entry.expiresAt = Math.min(entry.expiresAt, this.now());
		return true;
	}

	/** Expires every live token; returns how many were live. */
	expireAll(): number {
		const now = this.now();
		let n = 0;
		for (const entry of this.tokens.values()) {
			if (entry.expiresAt > now) n++;
			entry.expiresAt = Math.min(entry.expiresAt, now);
		}
		return n;
	}

	/** Forgets a token entirely (it then verifies as `unknown`). */
	revoke(token: string): boolean {
		return this.tokens.delete(token);
	}

	clear(): void {
		this.tokens.clear();
	}

	get size(): number {
		return this.tokens.size;
	}
}

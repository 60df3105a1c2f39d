import type { IHttpRequestMethods } from 'n8n-workflow';

import type { Failure, FailureKind } from './failure';
import type { RetryPolicy } from './types';

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxTotalMs: 60_000,
};

/**
 * Which failures are retried:
 * - idempotent calls (GET, PUT, DELETE, and POSTs marked idempotent such as reports, logs and cost
 *   overwrites): 429, 502, 503, 504, connection resets, timeouts, temporary DNS failures and
 *   truncated/invalid JSON bodies;
 * - non-idempotent calls (creates, clones, enable/disable…): only 429, where the tracker says it
 *   did not process the call. A timeout or reset after a create may mean it was applied, so it is
 *   never repeated.
 */
const RETRY_IDEMPOTENT: ReadonlySet<FailureKind> = new Set<FailureKind>([
	'rateLimited',
	'server',
	'timeout',
	'reset',
	'invalidJson',
]);
const RETRY_ANY: ReadonlySet<FailureKind> = new Set<FailureKind>(['rateLimited']);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

export function defaultIdempotent(method: IHttpRequestMethods): boolean {
	return method !== 'POST' && method !== 'PATCH';
}

export function isRetryable(f: Failure, idempotent: boolean): boolean {
	if (f.kind === 'server' && !RETRY_STATUSES.has(f.status ?? 0)) return false;
	return idempotent ? RETRY_IDEMPOTENT.has(f.kind) : RETRY_ANY.has(f.kind);
}

/**
 * Delay before the next attempt, or undefined to stop. Exponential back-off with full jitter,
 * a Retry-After from the tracker wins when it fits the budget.
 */
export function nextDelay(
	f: Failure,
	attempt: number,
	elapsedMs: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (attempt >= policy.maxAttempts) return undefined;
	const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	let delay = Math.round(exp / 2 + random() * (exp / 2));
	if (f.retryAfterMs !== undefined) {
		if (f.retryAfterMs > policy.maxDelayMs) return undefined;
		delay = Math.max(delay, f.retryAfterMs);
	}
	if (elapsedMs + delay > policy.maxTotalMs) return undefined;
	return delay;
}

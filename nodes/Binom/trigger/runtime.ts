import type { RetryPolicy } from '../../shared/transport';

/**
 * Clock, retry policy and request deadline of the Binom Trigger's log streams. The node uses the
 * defaults (wall clock, the request layer's retry policy and timeout); tests patch the members.
 */
export const binomRuntime: {
	now: () => number;
	retry?: Partial<RetryPolicy>;
	timeoutMs?: number;
} = {
	now: () => Date.now(),
};

import { createTriggerRuntime, RequestPacer as SharedRequestPacer } from '../../shared/trigger';

/** Clock and sleep of the Voluum Trigger (see `createTriggerRuntime`; tests patch its members). */
export const voluumRuntime = createTriggerRuntime();

/**
 * The shared request pacer on the Voluum Trigger's runtime. Voluum allows 15 requests per
 * second; the request layer's 429 + Retry-After handling covers other workflows on the same key.
 */
export class RequestPacer extends SharedRequestPacer {
	constructor(limit: number, windowMs: number, wallClock?: () => number) {
		super(voluumRuntime, limit, windowMs, wallClock);
	}
}

import { createTriggerRuntime, RequestPacer as SharedRequestPacer } from '../../shared/trigger';

/** Clock and sleep of the RedTrack Trigger (see `createTriggerRuntime`; tests patch its members). */
export const redTrackRuntime = createTriggerRuntime();

/**
 * The shared request pacer on the RedTrack Trigger's runtime. RedTrack allows 20 `/report`
 * requests per minute; the request layer's 429 + Retry-After handling covers other workflows on
 * the same key.
 */
export class RequestPacer extends SharedRequestPacer {
	constructor(limit: number, windowMs: number, wallClock?: () => number) {
		super(redTrackRuntime, limit, windowMs, wallClock);
	}
}

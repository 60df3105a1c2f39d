import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/transport';
import { trackerRequest } from '../../shared/transport';
import { redTrackProfile } from '../transport/profile';
import { RequestPacer } from './runtime';

/** RedTrack's documented limit on `GET /report`: 20 requests per minute (spec). */
export const REDTRACK_REPORT_PER_MINUTE = 20;

/**
 * One node run's view of the RedTrack API. Every GET goes through the shared request layer
 * (`api_key` added by the credential, retries, 429 + Retry-After, clean errors); `/report` calls
 * also wait for the 20-per-minute pacer. The account time zone is read once per run.
 */
export class RedTrackApiClient {
	readonly reportPacer: RequestPacer;

	/** Requests sent in this run, by path. */
	readonly requests: Record<string, number> = {};

	private settings?: Promise<unknown>;

	constructor(
		private readonly ctx: RequestContext,
		reportPacer?: RequestPacer,
	) {
		this.reportPacer = reportPacer ?? new RequestPacer(REDTRACK_REPORT_PER_MINUTE, 60_000);
	}

	async get<T = unknown>(path: string, qs: IDataObject = {}): Promise<T> {
		if (path === '/report') await this.reportPacer.acquire();
		this.requests[path] = (this.requests[path] ?? 0) + 1;
		return await trackerRequest.call<RequestContext, Parameters<typeof trackerRequest>, Promise<T>>(
			this.ctx,
			redTrackProfile,
			{ method: 'GET', path, qs },
		);
	}

	/** `GET /me/settings`, once per run. */
	async accountSettings(): Promise<unknown> {
		this.settings ??= this.get('/me/settings');
		return await this.settings;
	}
}

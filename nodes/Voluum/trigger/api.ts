import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/transport';
import { trackerRequest } from '../../shared/transport';
import { voluumProfile } from '../transport/profile';
import { RequestPacer } from './runtime';

/** Voluum's documented limit: 15 requests per second (doc.voluum.com). */
export const VOLUUM_REQUESTS_PER_SECOND = 15;

/**
 * One node run's view of the Voluum API: every GET waits for the pacer, then goes through the
 * shared request layer (session refresh on 401 by n8n, retries, 429 + Retry-After, clean errors).
 */
export class VoluumApiClient {
	readonly pacer: RequestPacer;

	/** Requests sent in this run. */
	requests = 0;

	constructor(
		private readonly ctx: RequestContext,
		pacer?: RequestPacer,
	) {
		this.pacer = pacer ?? new RequestPacer(VOLUUM_REQUESTS_PER_SECOND, 1000);
	}

	async get<T = unknown>(path: string, qs: IDataObject = {}): Promise<T> {
		await this.pacer.acquire();
		this.requests++;
		return await trackerRequest.call<RequestContext, Parameters<typeof trackerRequest>, Promise<T>>(
			this.ctx,
			voluumProfile,
			{ method: 'GET', path, qs },
		);
	}
}

import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { RequestContext, TrackerRequest } from '../../shared/transport';
import { trackerRequest } from '../../shared/transport';
import { keitaroProfile } from './profile';

export { keitaroProfile } from './profile';

export interface KeitaroCallOptions {
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/** Marks a POST as safe to retry (reports, logs, cost overwrites). */
	idempotent?: boolean;
	entity?: TrackerRequest['entity'];
	itemIndex?: number;
	timeoutMs?: number;
	responseType?: 'json' | 'text' | 'binary';
}

/** Keitaro answers some clone/delete calls with a one-element array (keitaro-admin-api.md §1.5). */
export function unwrapSingle<T>(data: T | T[]): T {
	return Array.isArray(data) && data.length === 1 ? data[0] : (data as T);
}

/** Every Keitaro Admin API call of the pack goes through here (and so through the shared layer). */
export async function keitaroApiRequest<T = unknown>(
	this: RequestContext,
	method: IHttpRequestMethods,
	path: string,
	options: KeitaroCallOptions = {},
): Promise<T> {
	return await trackerRequest.call<RequestContext, Parameters<typeof trackerRequest>, Promise<T>>(
		this,
		keitaroProfile,
		{
			method,
			path,
			qs: options.qs,
			body: options.body,
			idempotent: options.idempotent,
			entity: options.entity,
			itemIndex: options.itemIndex,
			timeoutMs: options.timeoutMs,
			responseType: options.responseType,
		},
	);
}

import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
	Logger,
} from 'n8n-workflow';

/**
 * What the request layer needs from an n8n context. IExecuteFunctions, IPollFunctions,
 * ILoadOptionsFunctions and IHookFunctions all satisfy it.
 */
export interface RequestContext {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(
		type: string,
		itemIndex?: number,
	): Promise<T>;
	helpers: {
		httpRequestWithAuthentication(
			this: RequestContext,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
			additionalCredentialOptions?: IAdditionalCredentialOptions,
		): Promise<unknown>;
	};
	logger?: Logger;
}

/** Field messages returned by a tracker's validation error (406/422). */
export type FieldErrors = Record<string, string[]>;

/**
 * Everything the shared layer must know about one tracker. Each tracker folder exports one;
 * nothing under nodes/shared names a tracker.
 */
export interface TrackerProfile {
	/** Name shown to the user in messages, e.g. the tracker's brand name. */
	name: string;
	/** n8n credential type name. */
	credentialType: string;
	/** Credential field that holds the base URL. */
	urlField: string;
	/** API base path appended to the normalised URL, e.g. '/api/v1'. Empty when the URL is the API root. */
	apiBasePath: string;
	/** Path suffixes a user may paste by mistake; they are stripped from the URL before use. */
	strippableSuffixes?: string[];
	/** Credential fields holding secrets; their values are redacted from every message. */
	secretFields: string[];
	/** Where the user finds or creates the key, appended to authentication errors. */
	keyHint?: string;
	/** Extra default headers (e.g. Accept). */
	defaultHeaders?: Record<string, string>;
	/**
	 * Tells a "not found" answer about an entity from a wrong URL. Gets the status and the body
	 * already parsed (string or object). Default: a JSON or short text body on a request that names
	 * an entity means the entity is missing; HTML or an empty body means a wrong URL.
	 */
	isEntityNotFound?(status: number, body: unknown): boolean;
	/** Recognises a tracker answer that means "this path is not an API route" (a wrong URL). */
	isUnknownRoute?(status: number, body: unknown): boolean;
	/**
	 * HTTP statuses the tracker uses for "too many requests" besides 429 (e.g. a non-standard 452).
	 * They are classified, retried and reported exactly like 429: the NodeApiError carries
	 * httpCode 429 (so n8n's poll back-off recognises rate limiting) and the real status in its
	 * message and in `httpStatus`.
	 */
	rateLimitStatuses?: number[];
}

export interface RetryPolicy {
	/** Total attempts including the first. */
	maxAttempts: number;
	/** First back-off delay; doubles each attempt, with full jitter. */
	baseDelayMs: number;
	/** Cap for one delay (also caps a Retry-After the tracker asks for). */
	maxDelayMs: number;
	/** Stop retrying when the next wait would pass this much time since the first attempt. */
	maxTotalMs: number;
}

export interface TrackerRequest {
	method: IHttpRequestMethods;
	/** Path relative to the API base, starting with '/'. */
	path: string;
	qs?: IDataObject;
	/** JSON body. An empty object on POST/PUT is sent as the literal '{}' (see `emptyBody`). */
	body?: IDataObject | IDataObject[] | string;
	/**
	 * Whether repeating the call is harmless. Defaults: GET/HEAD/PUT/DELETE true, POST/PATCH false.
	 * Read-only POSTs (reports, logs) and overwrite-style POSTs (cost updates) set it to true.
	 */
	idempotent?: boolean;
	/**
	 * Deadline of one attempt in ms, from sending the request to the last byte of the answer
	 * (headers and body; default 30 s). Retries share the retry policy's `maxTotalMs`.
	 */
	timeoutMs?: number;
	/**
	 * Largest answer accepted, in bytes, counted after decompression (default 50 MB). Reading stops
	 * as soon as it is passed, with a plain sentence.
	 */
	maxResponseBytes?: number;
	/** Names the entity the call is about, so a 404 can say "Campaign 12 was not found". */
	entity?: { label: string; id?: string | number };
	/** Item index for error context (continueOnFail, pairedItem). */
	itemIndex?: number;
	/** Send an empty JSON object body ('{}') on a body-less action POST. Default true for POST/PUT. */
	emptyBody?: boolean;
	/** How query arrays are encoded (Binom-style `ids[]=1&ids[]=2` is 'brackets'). */
	arrayFormat?: 'indices' | 'brackets' | 'repeat' | 'comma';
	/** Expect raw text (CSV reports, text files) or bytes (zip downloads: a Buffer) instead of JSON. */
	responseType?: 'json' | 'text' | 'binary';
	/** Override parts of the retry policy. */
	retry?: Partial<RetryPolicy>;
	/** Extra headers. */
	headers?: Record<string, string>;
}

export interface TrackerResponse<T = unknown> {
	status: number;
	headers: Record<string, string>;
	body: T;
	/** Attempts used (1 when the first attempt succeeded). */
	attempts: number;
}

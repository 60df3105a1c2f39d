/**
 * A stand-in for the parts of n8n that our nodes and credentials use, doing REAL HTTP through axios.
 * It mirrors n8n-core 2.4x `httpRequest` / `httpRequestWithAuthentication` and the CLI's
 * CredentialsHelper closely (read from n8n's source, see docs/n8n-conventions.md §3.2, §5.6):
 * - `preAuthentication` runs when the credential's hidden `expirable` field is empty, when a request
 *   got HTTP 401 (then the request is retried ONCE), and always while a credential is being tested;
 *   its result is saved into the credential (as n8n saves it to the database);
 * - `authenticate` (generic or function) is applied to every request;
 * - an empty-object body is dropped, `json: true` only adds `Accept: application/json`,
 *   `encoding` becomes the axios `responseType`, `returnFullResponse` gives {body, headers, statusCode};
 * - failures are thrown as `new NodeApiError(node, axiosError)`, as n8n does.
 */
import axios, { type AxiosRequestConfig } from 'axios';
import { AsyncLocalStorage } from 'node:async_hooks';
import { lookup as dnsLookup } from 'node:dns';
import { isDeepStrictEqual } from 'node:util';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	IPairedItemData,
	INodeParameters,
} from 'n8n-workflow';
import { NodeApiError, NodeHelpers, deepCopy } from 'n8n-workflow';

export interface RecordedRequest {
	method: string;
	url: string;
	qs?: IDataObject;
	headers: Record<string, string>;
	body?: unknown;
}

export interface CredentialEntry {
	type: ICredentialType;
	data: ICredentialDataDecryptedObject;
}

export class Harness {
	readonly credentials = new Map<string, CredentialEntry>();
	readonly sent: RecordedRequest[] = [];
	readonly logs: string[] = [];
	preAuthCalls = 0;
	/** Host names that fail DNS resolution (ENOTFOUND) without any network access. */
	readonly unresolvableHosts = new Set<string>(['tracker.invalid']);
	/** When true, preAuthentication always runs (n8n does this while testing a credential). */
	testingCredentials = false;

	addCredential(type: ICredentialType, data: ICredentialDataDecryptedObject): this {
		this.credentials.set(type.name, { type, data: { ...data } });
		return this;
	}

	logger = {
		debug: (m: string) => this.logs.push(`debug ${m}`),
		info: (m: string) => this.logs.push(`info ${m}`),
		warn: (m: string) => this.logs.push(`warn ${m}`),
		error: (m: string) => this.logs.push(`error ${m}`),
	};

	async getCredentials(type: string): Promise<ICredentialDataDecryptedObject> {
		const entry = this.credentials.get(type);
		if (!entry) throw new Error(`No credential of type ${type} in the harness`);
		return { ...entry.data };
	}

	/** n8n-core `httpRequest` (no authentication). */
	async httpRequest(options: IHttpRequestOptions): Promise<unknown> {
		const opts = { ...options };
		const method = (opts.method ?? 'GET').toUpperCase();
		if (['GET', 'HEAD', 'OPTIONS'].includes(method) && isEmpty(opts.body)) delete opts.body;
		const headers: Record<string, string> = { ...((opts.headers as Record<string, string>) ?? {}) };
		const cfg: AxiosRequestConfig = {
			method: method as AxiosRequestConfig['method'],
			url: opts.url,
			baseURL: opts.baseURL,
			params: opts.qs,
			timeout: opts.timeout,
			maxRedirects: opts.disableFollowRedirect ? 0 : undefined,
			signal: opts.abortSignal,
		};
		const unresolvable = this.unresolvableHosts;
		// A DNS lookup that answers locally: names in `unresolvableHosts` fail like a real ENOTFOUND.
		(cfg as Record<string, unknown>).lookup = (
			hostname: string,
			options: unknown,
			cb: (err: NodeJS.ErrnoException | null, address?: string, family?: number) => void,
		) => {
			if (unresolvable.has(hostname)) {
				const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
				err.code = 'ENOTFOUND';
				return cb(err);
			}
			return dnsLookup(hostname, options as never, cb as never);
		};
		if (opts.encoding !== undefined) cfg.responseType = opts.encoding as AxiosRequestConfig['responseType'];
		if (opts.arrayFormat) {
			const fmt = opts.arrayFormat;
			cfg.paramsSerializer = (params) => serializeQs(params as IDataObject, fmt);
		}
		const body = opts.body;
		if (body !== undefined && (typeof body === 'string' || (typeof body === 'object' && !isEmpty(body)))) {
			cfg.data = body;
		}
		if (opts.json && !hasHeader(headers, 'accept')) headers.Accept = 'application/json';
		if (!hasHeader(headers, 'user-agent')) headers['User-Agent'] = 'n8n';
		cfg.headers = headers;
		if (opts.ignoreHttpStatusErrors) cfg.validateStatus = () => true;
		if (method === 'GET') delete cfg.data;
		this.sent.push({ method, url: (opts.baseURL ?? '') + (opts.url ?? ''), qs: opts.qs, headers, body: cfg.data });
		const res = await axios.request(cfg);
		if (opts.returnFullResponse) {
			return { body: res.data, headers: res.headers, statusCode: res.status, statusMessage: res.statusText };
		}
		return res.data;
	}

	private async preAuthenticate(entry: CredentialEntry, expired: boolean): Promise<void> {
		const prop = entry.type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!prop || typeof entry.type.preAuthentication !== 'function') return;
		if (entry.data[prop.name] === '' || entry.data[prop.name] === undefined || expired || this.testingCredentials) {
			this.preAuthCalls++;
			const helper = { helpers: { httpRequest: (o: IHttpRequestOptions) => this.httpRequest(o) } };
			// eslint-disable-next-line @typescript-eslint/no-explicit-any
			const out = await entry.type.preAuthentication.call(helper as any, { ...entry.data });
			if (out && out[prop.name] !== undefined) Object.assign(entry.data, out);
		}
	}

	private async authenticate(entry: CredentialEntry, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const auth = entry.type.authenticate;
		if (!auth) return options;
		if (typeof auth === 'function') return await auth({ ...entry.data }, deepCopy(options));
		const out = deepCopy(options) as IHttpRequestOptions & Record<string, unknown>;
		for (const [key, values] of Object.entries(auth.properties)) {
			const resolved: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
				resolved[k] = resolveExpression(v, entry.data);
			}
			out[key] = { ...((out[key] as object) ?? {}), ...resolved };
		}
		return out;
	}

	/** n8n-core `httpRequestWithAuthentication`. */
	async httpRequestWithAuthentication(node: INode, type: string, options: IHttpRequestOptions): Promise<unknown> {
		const entry = this.credentials.get(type);
		let authed: IHttpRequestOptions = options;
		try {
			if (!entry) throw new Error(`Node "${node.name}" does not have any credentials of type "${type}" set`);
			await this.preAuthenticate(entry, false);
			authed = await this.authenticate(entry, options);
			return await this.httpRequest(authed);
		} catch (error) {
			const e = error as { response?: { status?: number } };
			if (e.response?.status === 401 && entry) {
				try {
					await this.preAuthenticate(entry, true);
					authed = await this.authenticate(entry, options);
					return await this.httpRequest(authed);
				} catch (error2) {
					throw new NodeApiError(node, error2 as never);
				}
			}
			throw new NodeApiError(node, error as never);
		}
	}

	/** Runs a credential's declarative `test` request the way n8n's credential tester does. */
	async testCredential(type: string): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const entry = this.credentials.get(type);
		if (!entry?.type.test) throw new Error('no test');
		const node = makeNode('Temp-Node', 'n8n-nodes-base.noOp');
		this.testingCredentials = true;
		try {
			const req = entry.type.test.request;
			const options: IHttpRequestOptions = {
				method: (req.method as IHttpRequestOptions['method']) ?? 'GET',
				baseURL: resolveExpression(req.baseURL, entry.data) as string,
				url: resolveExpression(req.url, entry.data) as string,
				qs: req.qs as IDataObject,
				headers: req.headers as IDataObject,
				json: true,
				returnFullResponse: true,
			};
			let body: unknown;
			try {
				const res = (await this.httpRequestWithAuthentication(node, type, options)) as { body: unknown };
				body = res.body;
			} catch (error) {
				const err = error as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
				if (err.cause?.response) {
					for (const rule of entry.type.test.rules ?? []) {
						if (rule.type === 'responseCode' && rule.properties.value === err.cause.response.status) {
							return { status: 'Error', message: rule.properties.message };
						}
					}
					return { status: 'Error', message: err.cause.response.statusText || `Received HTTP status code: ${err.cause.response.status}` };
				} else if (err.cause?.code) {
					return { status: 'Error', message: err.cause.code };
				}
				return { status: 'Error', message: String(err.message) };
			}
			for (const rule of entry.type.test.rules ?? []) {
				if (rule.type === 'responseSuccessBody') {
					const v = (body as Record<string, unknown>)?.[rule.properties.key];
					if (v === rule.properties.value) return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'OK', message: 'Connection successful!' };
		} finally {
			this.testingCredentials = false;
		}
	}
}

function hasHeader(h: Record<string, string>, name: string): boolean {
	return Object.keys(h).some((k) => k.toLowerCase() === name);
}

function isEmpty(v: unknown): boolean {
	if (v === undefined || v === null) return true;
	if (typeof v === 'string') return v.length === 0;
	if (typeof v === 'object') return Object.keys(v as object).length === 0;
	return false;
}

function serializeQs(params: IDataObject, fmt: string): string {
	const parts: string[] = [];
	for (const [k, v] of Object.entries(params ?? {})) {
		if (v === undefined || v === null) continue;
		if (Array.isArray(v)) {
			if (fmt === 'comma') parts.push(`${encodeURIComponent(k)}=${v.map((x) => encodeURIComponent(String(x))).join(',')}`);
			else
				v.forEach((x, i) => {
					const key = fmt === 'brackets' ? `${k}[]` : fmt === 'indices' ? `${k}[${i}]` : k;
					parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(x))}`);
				});
		} else parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
	}
	return parts.join('&');
}

/** Resolves `={{ … }}` templates with `$credentials` in scope (tests only). */
export function resolveExpression(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const tpl = value.slice(1);
	const whole = /^\{\{([\s\S]*)\}\}$/.exec(tpl);
	const evalExpr = (expr: string) => new Function('$credentials', `return (${expr});`)(credentials);
	if (whole && !whole[1].includes('}}')) return evalExpr(whole[1]);
	return tpl.replace(/\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => String(evalExpr(expr)));
}

export function makeNode(name = 'Node', type = 'CUSTOM.test', parameters: INodeParameters = {}): INode {
	return { id: 'node-1', name, type, typeVersion: 1, position: [0, 0], parameters };
}

export interface ContextOptions {
	harness: Harness;
	nodeType?: INodeType;
	parameters?: INodeParameters;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	staticData?: IDataObject;
	mode?: 'manual' | 'trigger';
	pollBudgetMs?: number;
	timezone?: string;
	/** Poll contexts only: model n8n 2.41's durable poll cursors (see DurableCursorStore). */
	durableCursor?: DurableCursorStore;
	/** The node's version as a saved workflow holds it (default 1). */
	typeVersion?: number;
}

/**
 * n8n 2.41's durable poll cursors (IPollFunctions.__runPoll / __commitCursor; n8n-core PollContext
 * and the CLI's TriggerExecutionContextFactory, N8N_POLLER_DURABLE_CURSORS_ENABLED), as read in
 * n8n 2.41.1's dist:
 * - the engine runs each poll inside `__runPoll`, which stages a deep copy of the committed cursor
 *   (the node's static data) in an AsyncLocalStorage scope;
 * - `getWorkflowStaticData('node')` returns that staged copy, and throws "Poll node read its static
 *   data outside of a poll; __runPoll was not entered" outside the scope;
 * - when the poll emits, the staged copy (if it differs from what was committed) is committed with
 *   the execution; when it returns null the engine calls `__commitCursor`, which commits it alone;
 *   an unchanged copy commits nothing; a poll that throws commits nothing.
 * Nodes never call these functions (the engine does): our triggers only read and mutate
 * `getWorkflowStaticData('node')` inside `poll()`, which is what the model checks.
 */
export interface DurableCursorStore {
	/** The committed cursor (what survives the poll). */
	cursor: IDataObject;
	commits: number;
}

const OUTSIDE_POLL = 'Poll node read its static data outside of a poll; __runPoll was not entered';

function durableCursorFunctions(store: DurableCursorStore) {
	const staging = new AsyncLocalStorage<{ snapshot: IDataObject; seed: IDataObject }>();
	const take = (): IDataObject | null => {
		const staged = staging.getStore();
		if (!staged || isDeepStrictEqual(staged.snapshot, staged.seed)) return null;
		const cursor = deepCopy(staged.snapshot);
		staged.seed = cursor;
		return cursor;
	};
	const commit = () => {
		const cursor = take();
		if (cursor === null) return;
		store.cursor = cursor;
		store.commits++;
	};
	return {
		getWorkflowStaticData: (type: string) => {
			const staged = staging.getStore();
			if (!staged) throw new Error(OUTSIDE_POLL);
			if (type !== 'node') throw new Error('the stand-in models only node static data');
			return staged.snapshot;
		},
		__runPoll: async <T>(poll: () => Promise<T>): Promise<T> =>
			await staging.run({ snapshot: deepCopy(store.cursor), seed: store.cursor }, poll),
		__commitCursor: async () => commit(),
		/** What the engine does when the poll returned items: commit with the execution. */
		__emit: () => commit(),
	};
}

/**
 * One poll tick as n8n 2.41's engine runs it with durable cursors: `poll()` inside `__runPoll`, then
 * the items are emitted (committing the cursor with the execution) or, on null, `__commitCursor`.
 */
export async function runDurablePoll<R>(
	ctx: { __runPoll?: <T>(p: () => Promise<T>) => Promise<T>; __commitCursor?: () => Promise<void>; __emit?: () => void },
	poll: () => Promise<R | null>,
): Promise<R | null> {
	if (!ctx.__runPoll || !ctx.__commitCursor || !ctx.__emit)
		throw new Error('runDurablePoll needs a poll context created with durableCursor');
	const { __runPoll, __commitCursor, __emit } = ctx;
	return await __runPoll(async () => {
		const out = await poll();
		if (out === null) await __commitCursor();
		else __emit();
		return out;
	});
}

/** Parameters as n8n stores them: defaults filled in and hidden ones dropped (NodeHelpers). */
export function resolveParameters(nodeType: INodeType | undefined, parameters: INodeParameters, node: INode): INodeParameters {
	if (!nodeType) return parameters;
	return (
		NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ??
		parameters
	);
}

function getPath(obj: unknown, path: string): unknown {
	let cur: unknown = obj;
	for (const part of path.split('.')) {
		if (cur === undefined || cur === null) return undefined;
		cur = (cur as Record<string, unknown>)[part];
	}
	return cur;
}

function makeBase(opts: ContextOptions) {
	const node = makeNode(opts.nodeType?.description.displayName ?? 'Node', opts.nodeType ? `CUSTOM.${opts.nodeType.description.name}` : 'CUSTOM.test');
	if (opts.typeVersion !== undefined) node.typeVersion = opts.typeVersion;
	node.parameters = resolveParameters(opts.nodeType, opts.parameters ?? {}, node);
	if (opts.nodeType?.description.credentials?.length) {
		node.credentials = {};
		for (const c of opts.nodeType.description.credentials) node.credentials[c.name] = { id: '1', name: c.name };
	}
	const h = opts.harness;
	const getNodeParameter = (name: string, _i?: number, ...rest: unknown[]) => {
		const fallback = rest[0];
		const options = rest[1] as { extractValue?: boolean } | undefined;
		let v = getPath(node.parameters, name);
		if (v === undefined) {
			// n8n throws when a parameter is missing and no fallback is given
			if (rest.length === 0) throw new Error(`Could not get parameter "${name}"`);
			return fallback;
		}
		if (options?.extractValue && v && typeof v === 'object' && (v as IDataObject).__rl) v = (v as IDataObject).value;
		return typeof v === 'object' && v !== null ? deepCopy(v as IDataObject) : v;
	};
	const ctx = {
		getNode: () => node,
		getNodeParameter,
		getCredentials: async (type: string) => await h.getCredentials(type),
		logger: h.logger,
		getTimezone: () => opts.timezone ?? 'UTC',
		getMode: () => opts.mode ?? 'trigger',
		continueOnFail: () => opts.continueOnFail ?? false,
		getInputData: () => opts.items ?? [{ json: {} }],
		getWorkflowStaticData: () => opts.staticData ?? {},
		getPollBudgetMs: opts.pollBudgetMs === undefined ? undefined : () => opts.pollBudgetMs as number,
		getExecutionCancelSignal: () => undefined,
		helpers: {
			httpRequestWithAuthentication: async (type: string, o: IHttpRequestOptions) => await h.httpRequestWithAuthentication(node, type, o),
			httpRequest: async (o: IHttpRequestOptions) => await h.httpRequest(o),
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (items: INodeExecutionData[], { itemData }: { itemData: IPairedItemData | IPairedItemData[] }) =>
				items.map((it) => ({ ...it, pairedItem: itemData })),
		},
	};
	return ctx;
}

/** A context that satisfies IExecuteFunctions / IPollFunctions / ILoadOptionsFunctions for our nodes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createContext<T = any>(opts: ContextOptions): T {
	return makeBase(opts) as unknown as T;
}

/**
 * A context for `poll()`: like createContext, but with IPollFunctions' signature
 * `getNodeParameter(name, fallback?, options?)` (no item index), as n8n's poll context has.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createPollContext<T = any>(opts: ContextOptions): T {
	const ctx = makeBase({ mode: 'trigger', ...opts });
	const byItem = ctx.getNodeParameter;
	ctx.getNodeParameter = (name: string, ...rest: unknown[]) => byItem(name, 0, ...rest);
	if (opts.durableCursor) return { ...ctx, ...durableCursorFunctions(opts.durableCursor) } as unknown as T;
	return ctx as unknown as T;
}

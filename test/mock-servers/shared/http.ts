/**
 * Tiny helpers on top of `node:http` shared by every tracker mock (Keitaro now; Voluum, RedTrack,
 * Binom, BeMob, TG Tracker later). Test-only code: nothing here is shipped to n8n.
 *
 * - `startHttpServer()` listens on 127.0.0.1 with an ephemeral port and closes cleanly (keep-alive
 *   sockets included) so Jest never sees an open handle.
 * - `send*()` helpers write a whole response with an exact `Content-Length`. They go through
 *   `writeResponse()`, which applies an optional per-response transform registered by the fault
 *   layer (extra headers, truncated bodies).
 * - `Router` matches `METHOD /path/{param}` patterns (optionally `{param:regex}`).
 * - `RequestLog` keeps `{method, path, query, headers, body, status}` for assertions.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Headers = Record<string, string | number | string[]>;

export interface StartedServer {
	server: http.Server;
	host: string;
	port: number;
	/** `http://127.0.0.1:PORT` (no trailing slash). */
	url: string;
	close(): Promise<void>;
}

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** Starts a server on `host` (default 127.0.0.1) and `port` (default 0 = ephemeral). */
export function startHttpServer(
	handler: RequestHandler,
	options: { host?: string; port?: number } = {},
): Promise<StartedServer> {
	const host = options.host ?? '127.0.0.1';
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		Promise.resolve()
			.then(() => handler(req, res))
			.catch((error: unknown) => {
				// A bug in a mock must be visible, but must not kill the process.
				if (!res.headersSent && !res.destroyed) {
					sendJson(res, 500, { error: `Mock server error: ${errorMessage(error)}` });
				} else {
					res.destroy();
				}
			});
	});
	server.keepAliveTimeout = 5_000;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			const { port } = server.address() as AddressInfo;
			let closing: Promise<void> | undefined;
			resolve({
				server,
				host,
				port,
				url: `http://${host}:${port}`,
				close() {
					closing ??= new Promise<void>((done) => {
						server.close(() => done());
						for (const socket of sockets) socket.destroy();
						server.closeAllConnections();
					});
					return closing;
				},
			});
		});
	});
}

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Reads the whole request body (rejects above `limitBytes`). */
export function readBody(
	req: http.IncomingMessage,
	limitBytes = 64 * 1024 * 1024,
): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limitBytes) {
				reject(new Error(`Request body larger than ${limitBytes} bytes`));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export type JsonParseResult =
	| { ok: true; empty: boolean; value: unknown }
	| { ok: false; error: string };

/** Parses a request body as JSON; an empty (or whitespace-only) body is `{ok, empty: true}`. */
export function parseJsonBody(raw: Buffer | string): JsonParseResult {
	const text = typeof raw === 'string' ? raw : raw.toString('utf8');
	if (text.trim() === '') return { ok: true, empty: true, value: undefined };
	try {
		return { ok: true, empty: false, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, error: errorMessage(error) };
	}
}

export function isJsonContentType(contentType: string | undefined): boolean {
	return !!contentType && /^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim());
}

// ---------------------------------------------------------------------------------------------
// Responses

export interface OutgoingResponse {
	status: number;
	headers: Headers;
	body: Buffer;
}

/**
 * What a transform may ask for: a changed response, and optionally that only the first
 * `sendBytes` bytes of the body are written; then the socket is destroyed (`destroy`) or the
 * response ends normally with a matching Content-Length (`end`).
 */
export interface TransformedResponse extends OutgoingResponse {
	partial?: { sendBytes: number; then: 'destroy' | 'end' };
}

export type ResponseTransform = (response: OutgoingResponse) => TransformedResponse;

const transforms = new WeakMap<http.ServerResponse, ResponseTransform[]>();

/** Registers a transform applied by `writeResponse()` to this response only. */
export function addResponseTransform(res: http.ServerResponse, transform: ResponseTransform): void {
	const list = transforms.get(res) ?? [];
	list.push(transform);
	transforms.set(res, list);
}

/** Writes a complete response (exact Content-Length), honouring registered transforms. */
export function writeResponse(
	res: http.ServerResponse,
	status: number,
	headers: Headers,
	body: Buffer | string,
): void {
	if (res.headersSent || res.destroyed || res.writableEnded) return;
	let out: TransformedResponse = {
		status,
		headers: { ...headers },
		body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
	};
	for (const transform of transforms.get(res) ?? []) out = { ...out, ...transform(out) };
	const finalHeaders: Headers = { ...out.headers };
	const partial = out.partial;
	const contentLength =
		partial && partial.then === 'end'
			? Math.min(partial.sendBytes, out.body.length)
			: out.body.length;
	finalHeaders['Content-Length'] = contentLength;
	res.writeHead(out.status, finalHeaders);
	if (!partial) {
		res.end(out.body);
		return;
	}
	const slice = out.body.subarray(0, Math.max(0, Math.min(partial.sendBytes, out.body.length)));
	if (partial.then === 'end') {
		res.end(slice);
		return;
	}
	// Headers promise the full length; send a prefix and kill the connection.
	res.write(slice, () => {
		setImmediate(() => res.socket?.destroy());
	});
}

export function sendJson(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Headers = {},
): void {
	writeResponse(
		res,
		status,
		{ 'Content-Type': 'application/json; charset=utf-8', ...headers },
		JSON.stringify(body),
	);
}

export function sendText(
	res: http.ServerResponse,
	status: number,
	text: string,
	headers: Headers = {},
): void {
	writeResponse(res, status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, text);
}

export function sendHtml(
	res: http.ServerResponse,
	status: number,
	html: string,
	headers: Headers = {},
): void {
	writeResponse(res, status, { 'Content-Type': 'text/html; charset=UTF-8', ...headers }, html);
}

export function sendBinary(
	res: http.ServerResponse,
	status: number,
	body: Buffer,
	contentType = 'application/octet-stream',
	headers: Headers = {},
): void {
	writeResponse(res, status, { 'Content-Type': contentType, ...headers }, body);
}

// ---------------------------------------------------------------------------------------------
// Routing

export interface RouteMatch<H> {
	handler: H;
	method: string;
	pattern: string;
	params: Record<string, string>;
}

interface CompiledRoute<H> {
	method: string;
	pattern: string;
	regex: RegExp;
	names: string[];
	handler: H;
}

/**
 * Method + path router. Patterns: `/campaigns/{id:\d+}/clone`, `/logs/{type}`, `:name` also works.
 * Static routes win over parametrised ones when both match (e.g. `/campaigns/deleted`).
 */
export class Router<H> {
	private readonly list: Array<CompiledRoute<H>> = [];

	add(method: string, pattern: string, handler: H): this {
		const names: string[] = [];
		const source = pattern
			.split('/')
			.map((segment) => {
				const braced = /^\{(\w+)(?::(.+))?\}$/.exec(segment);
				const colon = /^:(\w+)$/.exec(segment);
				if (braced) {
					names.push(braced[1]);
					return `(${braced[2] ?? '[^/]+'})`;
				}
				if (colon) {
					names.push(colon[1]);
					return '([^/]+)';
				}
				return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			})
			.join('/');
		this.list.push({
			method: method.toUpperCase(),
			pattern,
			regex: new RegExp(`^${source}$`),
			names,
			handler,
		});
		// Static (parameter-free) routes first, then in insertion order.
		this.list.sort((a, b) => Number(a.names.length > 0) - Number(b.names.length > 0));
		return this;
	}

	match(method: string, path: string): RouteMatch<H> | undefined {
		const upper = method.toUpperCase();
		for (const route of this.list) {
			if (route.method !== upper) continue;
			const m = route.regex.exec(path);
			if (!m) continue;
			const params: Record<string, string> = {};
			route.names.forEach((name, i) => {
				params[name] = decodeURIComponent(m[i + 1]);
			});
			return { handler: route.handler, method: route.method, pattern: route.pattern, params };
		}
		return undefined;
	}

	routes(): Array<{ method: string; pattern: string }> {
		return this.list.map(({ method, pattern }) => ({ method, pattern }));
	}
}

/** Matches a path against a string pattern (`*` = any chars, `{x}`/`:x` = one segment) or RegExp. */
export function pathMatches(pattern: string | RegExp, path: string): boolean {
	if (pattern instanceof RegExp) {
		pattern.lastIndex = 0;
		return pattern.test(path);
	}
	if (pattern === '*' || pattern === path) return true;
	const source = pattern
		.split('/')
		.map((segment) => {
			if (/^\{\w+(?::.+)?\}$/.test(segment) || /^:\w+$/.test(segment)) return '[^/]+';
			return segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
		})
		.join('/');
	return new RegExp(`^${source}$`).test(path);
}

export function queryToObject(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of params) {
		const prev = out[key];
		if (prev === undefined) out[key] = value;
		else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Request log

export interface RequestLogEntry {
	/** 1-based sequence number. */
	seq: number;
	/** Wall-clock ms when the request arrived. */
	at: number;
	method: string;
	/** Path without the query string, e.g. `/admin_api/v1/campaigns`. */
	path: string;
	query: Record<string, string | string[]>;
	headers: http.IncomingHttpHeaders;
	/** Parsed JSON body when it parsed, the raw text otherwise, `undefined` when empty. */
	body: unknown;
	/** Response status; 0 when the connection was reset without a response (fault). */
	status: number;
	durationMs: number;
	/** Id of the fault rule that fired on this request, if any. */
	fault?: string;
}

export class RequestLog {
	readonly entries: RequestLogEntry[] = [];
	private seq = 0;

	/** Creates an entry for `req` and fills `status`/`durationMs` once the response is done. */
	begin(req: http.IncomingMessage, res: http.ServerResponse, url: URL): RequestLogEntry {
		const entry: RequestLogEntry = {
			seq: ++this.seq,
			at: Date.now(),
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: queryToObject(url.searchParams),
			headers: req.headers,
			body: undefined,
			status: 0,
			durationMs: 0,
		};
		this.entries.push(entry);
		const started = process.hrtime.bigint();
		const done = () => {
			entry.status = res.headersSent ? res.statusCode : 0;
			entry.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
		};
		res.once('finish', done);
		res.once('close', done);
		return entry;
	}

	clear(): void {
		this.entries.length = 0;
	}

	last(): RequestLogEntry | undefined {
		return this.entries[this.entries.length - 1];
	}
}

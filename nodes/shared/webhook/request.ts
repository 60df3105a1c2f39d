/**
 * Reading one incoming postback request: its size, client address, and its parameters as a flat
 * string map (query string, form body or JSON body; GET or POST).
 */

/** The parts of n8n's (Express) request the engine reads. */
export interface IncomingPostback {
	method?: string;
	headers: Record<string, string | string[] | undefined>;
	query?: unknown;
	/** Parsed by n8n: an object for JSON and form bodies; a string or Buffer otherwise. */
	body?: unknown;
	/** n8n keeps the raw bytes of the body here. */
	rawBody?: unknown;
	ip?: string;
	socket?: { remoteAddress?: string };
	params?: Record<string, unknown>;
}

export function headerValue(
	headers: IncomingPostback['headers'],
	name: string,
): string | undefined {
	const v = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(v) ? v[0] : v;
}

/** Bytes of the body as declared (Content-Length) or received (raw body, or the parsed body re-serialised). */
export function bodySize(req: IncomingPostback): number {
	const declared = Number(headerValue(req.headers, 'content-length'));
	let size = Number.isFinite(declared) && declared > 0 ? declared : 0;
	const raw = req.rawBody;
	if (Buffer.isBuffer(raw)) size = Math.max(size, raw.length);
	else if (typeof raw === 'string') size = Math.max(size, Buffer.byteLength(raw));
	else if (req.body !== undefined && req.body !== null) {
		const b = req.body;
		const text = typeof b === 'string' ? b : Buffer.isBuffer(b) ? b.toString('utf8') : safeJson(b);
		size = Math.max(size, Buffer.byteLength(text));
	}
	return size;
}

function safeJson(v: unknown): string {
	try {
		return JSON.stringify(v) ?? '';
	} catch {
		return '';
	}
}

export function clientIp(req: IncomingPostback): string | undefined {
	return req.ip ?? req.socket?.remoteAddress;
}

function scalar(v: unknown): string | undefined {
	if (v === null || v === undefined) return undefined;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	if (Array.isArray(v)) return v.length ? scalar(v[0]) : undefined;
	return safeJson(v);
}

function addAll(out: Record<string, string>, source: unknown): void {
	if (!source || typeof source !== 'object' || Array.isArray(source)) return;
	for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
		const s = scalar(v);
		if (s !== undefined) out[k] = s;
	}
}

export type ParamsResult =
	| { ok: true; params: Record<string, string> }
	| { ok: false; message: string };

/**
 * Query parameters, then body parameters (a body value wins over a query value of the same name).
 * A body n8n left unparsed (text or bytes) is read as JSON when it looks like JSON, else as a form.
 * Arrays keep their first value; nested objects are kept as JSON text.
 */
export function readParams(req: IncomingPostback): ParamsResult {
	const out: Record<string, string> = {};
	addAll(out, req.query);
	let body = req.body;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		const text = body.trim();
		if (text === '') return { ok: true, params: out };
		if (text.startsWith('{') || text.startsWith('[')) {
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch {
				return { ok: false, message: 'The postback body looks like JSON but is not valid JSON.' };
			}
			if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
				return { ok: false, message: 'The postback body must be one JSON object, not a list.' };
			}
			addAll(out, parsed);
			return { ok: true, params: out };
		}
		for (const [k, v] of new URLSearchParams(text)) if (!(k in out) || v !== '') out[k] = v;
		return { ok: true, params: out };
	}
	if (Array.isArray(body)) {
		return { ok: false, message: 'The postback body must be one JSON object, not a list.' };
	}
	addAll(out, body);
	return { ok: true, params: out };
}

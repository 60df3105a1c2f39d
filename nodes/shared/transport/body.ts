/**
 * Reads an answer body under a size cap and a deadline.
 *
 * Requests are sent with `encoding: 'stream'`, so the body arrives as a Node stream (already
 * decompressed by the HTTP client when the tracker gzips it). Bytes are counted as they arrive;
 * past the cap the stream is destroyed at once, so a 700 MB body or a gzip bomb costs at most the
 * cap in memory. A deadline (the request's overall deadline) destroys the stream too, so a server
 * that drips one byte every few seconds cannot hold a node.
 *
 * Older n8n versions may ignore `encoding: 'stream'` and hand back a string, a Buffer or parsed
 * JSON: those are accepted (their size was not under our control, but the cap is still applied
 * to what is kept).
 */

export class BodyTooLarge extends Error {
	constructor(readonly limitBytes: number) {
		super(`The answer is larger than ${limitBytes} bytes`);
		this.name = 'BodyTooLarge';
	}
}

/** The connection broke while the body was arriving. */
export class BodyCut extends Error {
	constructor() {
		super('The connection was closed before the whole answer arrived');
		this.name = 'BodyCut';
	}
}

export class BodyDeadline extends Error {
	constructor() {
		super('The answer did not arrive before the deadline');
		this.name = 'BodyDeadline';
	}
}

interface StreamLike {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
	destroy?(error?: Error): unknown;
	resume?(): unknown;
}

export function isStream(v: unknown): v is StreamLike {
	return (
		!!v &&
		typeof v === 'object' &&
		typeof (v as StreamLike).on === 'function' &&
		typeof (v as { pipe?: unknown }).pipe === 'function'
	);
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.alloc(0);
}

export interface ReadOptions {
	maxBytes: number;
	/** Aborted when the deadline passes (or the execution is cancelled). */
	signal?: AbortSignal;
	/** Keep the first maxBytes and stop quietly instead of failing (error bodies). */
	truncate?: boolean;
}

/**
 * The body as bytes; or, when an old helper already parsed it, the parsed value as is.
 * Throws BodyTooLarge / BodyDeadline.
 */
export async function readCapped(body: unknown, opts: ReadOptions): Promise<Buffer | { parsed: unknown }> {
	if (!isStream(body)) {
		if (body === undefined || body === null) return Buffer.alloc(0);
		if (typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof ArrayBuffer) && !ArrayBuffer.isView(body)) {
			return { parsed: body };
		}
		const bytes = toBuffer(body);
		if (bytes.length > opts.maxBytes) {
			if (opts.truncate) return bytes.subarray(0, opts.maxBytes);
			throw new BodyTooLarge(opts.maxBytes);
		}
		return bytes;
	}
	const stream = body;
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let total = 0;
		let settled = false;
		const finish = (err?: Error, keep?: boolean) => {
			if (settled) return;
			settled = true;
			stream.removeListener('data', onData);
			stream.removeListener('end', onEnd);
			stream.removeListener('error', onError);
			opts.signal?.removeEventListener('abort', onAbort);
			if (err || keep) {
				// Stop reading and free the socket; swallow the error the destroy may emit.
				stream.on('error', () => undefined);
				stream.destroy?.();
			}
			if (err) reject(err);
			else resolve(Buffer.concat(chunks, total));
		};
		const onData = (...args: unknown[]) => {
			const chunk = toBuffer(args[0]);
			if (total + chunk.length > opts.maxBytes) {
				if (opts.truncate) {
					chunks.push(chunk.subarray(0, opts.maxBytes - total));
					total = opts.maxBytes;
					finish(undefined, true);
				} else {
					finish(new BodyTooLarge(opts.maxBytes));
				}
				return;
			}
			chunks.push(chunk);
			total += chunk.length;
		};
		const onEnd = () => finish();
		const onError = () => {
			finish(opts.signal?.aborted ? new BodyDeadline() : new BodyCut());
		};
		const onAbort = () => finish(new BodyDeadline());
		if (opts.signal?.aborted) {
			onAbort();
			return;
		}
		opts.signal?.addEventListener('abort', onAbort, { once: true });
		stream.on('data', onData);
		stream.on('end', onEnd);
		stream.on('error', onError);
		stream.resume?.();
	});
}

/** One deadline: a signal that aborts when it passes, and a promise that rejects then. */
export interface Deadline {
	signal: AbortSignal;
	expired(): boolean;
	/** Rejects with BodyDeadline when the deadline passes (never resolves). */
	hit: Promise<never>;
}

export function startDeadline(ms: number): Deadline {
	const signal = AbortSignal.timeout(Math.max(1, Math.round(ms)));
	const hit = new Promise<never>((_resolve, reject) => {
		signal.addEventListener('abort', () => reject(new BodyDeadline()), { once: true });
	});
	hit.catch(() => undefined);
	return { signal, expired: () => signal.aborted, hit };
}

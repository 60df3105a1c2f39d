'use strict';
/**
 * What the n8n-core contract test compares, read the same way from the stand-in
 * (test/helpers/n8n.ts) and from the real n8n-core: an answer's body (a stream is read to the end,
 * a Buffer is kept as base64) and the parts of a thrown error that our transport reads
 * (nodes/shared/transport/failure.ts: the error chain's `response.status` / `response.data`,
 * `httpCode`, `code`). Plain CommonJS: the driver runs it under the cached n8n's Node.
 */

function isStream(v) {
	return !!v && typeof v === 'object' && typeof v.pipe === 'function' && typeof v.on === 'function';
}

async function readStream(stream) {
	const chunks = [];
	for await (const chunk of stream)
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
	return Buffer.concat(chunks);
}

async function body(value) {
	if (value === undefined) return { undefined: true };
	if (isStream(value)) return { stream: (await readStream(value)).toString('utf8') };
	if (Buffer.isBuffer(value)) return { buffer: value.toString('base64') };
	if (value instanceof ArrayBuffer) return { buffer: Buffer.from(value).toString('base64') };
	if (typeof value === 'string') return { string: value };
	return { json: JSON.parse(JSON.stringify(value)) };
}

/** An answer: the full response ({body, headers, statusCode}) or the bare body. */
async function answer(value, full) {
	if (!full) return { body: await body(value) };
	const headers = value.headers || {};
	return {
		statusCode: value.statusCode,
		contentType: String(headers['content-type'] || ''),
		body: await body(value.body),
	};
}

/** The parts of a thrown error our transport reads, along its `cause` chain. */
async function error(err) {
	const out = { name: err && err.constructor ? err.constructor.name : typeof err };
	let cur = err;
	for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++, cur = cur.cause) {
		if (out.httpCode === undefined && cur.httpCode !== undefined)
			out.httpCode = String(cur.httpCode);
		if (
			out.responseStatus === undefined &&
			cur.response &&
			typeof cur.response.status === 'number'
		) {
			out.responseStatus = cur.response.status;
			out.responseData = await body(cur.response.data);
		}
	}
	return out;
}

module.exports = { answer, error, body, isStream };

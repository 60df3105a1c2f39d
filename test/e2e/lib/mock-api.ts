/** Direct calls to a tracker mock, to compare what n8n returned with what the tracker holds. */
import type { KeitaroMock } from '../../mock-servers/keitaro/server';
import type { RequestLogEntry } from '../../mock-servers/shared/http';

/** Keitaro Admin API call with the mock's key; returns the parsed JSON (throws on HTTP ≥ 400). */
export async function keitaroCall<T = unknown>(
	mock: KeitaroMock,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const response = await fetch(`${mock.apiUrl}${path}`, {
		method,
		headers: { 'Api-Key': mock.apiKey, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok)
		throw new Error(`${method} ${path} → HTTP ${response.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text) as T;
}

/** The Admin API requests the mock received after request number `afterSeq` (read it before any direct call). */
export function apiRequestsSince(mock: KeitaroMock, afterSeq: number): RequestLogEntry[] {
	return mock.requests.entries.filter((e) => e.seq > afterSeq && e.path.startsWith('/admin_api/'));
}

export function lastSeq(mock: KeitaroMock): number {
	return mock.requests.last()?.seq ?? 0;
}

export interface ReportRows {
	rows: Array<Record<string, unknown>>;
	total?: number;
	summary?: Record<string, unknown>;
}

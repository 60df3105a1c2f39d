/**
 * Runs one operation of the Keitaro node against the Keitaro mock through the n8n stand-in
 * (test/helpers/n8n: real HTTP via axios) and returns the requests the node sent.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { KeitaroApi } from '../../../credentials/KeitaroApi.credentials';
import { Keitaro } from '../../../nodes/Keitaro/Keitaro.node';
import type { RecordedRequest } from '../../helpers/n8n';
import { Harness, createContext } from '../../helpers/n8n';
import { API_PREFIX } from './spec';

export interface MockLike {
	url: string;
	apiKey: string;
}

export interface SentRequest {
	method: string;
	/** Path under /admin_api/v1, without the query string. */
	path: string;
	query: Record<string, unknown>;
	body: unknown;
}

export interface RunResult {
	output: INodeExecutionData[];
	requests: SentRequest[];
	error?: Error & { httpCode?: string | null; description?: string };
}

function toSent(r: RecordedRequest): SentRequest {
	const url = new URL(r.url);
	let apiPath = url.pathname;
	if (apiPath.startsWith(API_PREFIX)) apiPath = apiPath.slice(API_PREFIX.length) || '/';
	const query: Record<string, unknown> = {};
	url.searchParams.forEach((v, k) => (query[k] = v));
	Object.assign(query, r.qs ?? {});
	let body: unknown = r.body;
	if (typeof body === 'string') {
		try {
			body = body === '' ? undefined : JSON.parse(body);
		} catch {
			// keep the raw text
		}
	}
	return { method: r.method.toUpperCase(), path: apiPath, query, body };
}

export async function runNode(
	mock: MockLike,
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
): Promise<RunResult> {
	const harness = new Harness().addCredential(new KeitaroApi(), {
		url: mock.url,
		apiKey: mock.apiKey,
		authMode: 'apiKeyHeader',
		connectionCheck: 'done',
	});
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: new Keitaro(),
		parameters,
		items,
	});
	const helpers = ctx.helpers as unknown as Record<string, unknown>;
	helpers.prepareBinaryData = async (data: Buffer, fileName?: string, mimeType?: string) =>
		({
			data: data.toString('base64'),
			fileName,
			mimeType: mimeType ?? 'application/octet-stream',
		}) as IBinaryData;
	helpers.assertBinaryData = (i: number, prop: string) => {
		const bin = items[i]?.binary?.[prop];
		if (!bin) throw new Error(`No binary data property "${prop}" on item ${i}`);
		return bin;
	};
	helpers.getBinaryDataBuffer = async (i: number, prop: string) =>
		Buffer.from(
			(helpers.assertBinaryData as (i: number, p: string) => IBinaryData)(i, prop).data,
			'base64',
		);
	try {
		const [output] = await new Keitaro().execute.call(ctx);
		return { output, requests: harness.sent.map(toSent) };
	} catch (error) {
		return { output: [], requests: harness.sent.map(toSent), error: error as RunResult['error'] };
	}
}

export type { IDataObject };

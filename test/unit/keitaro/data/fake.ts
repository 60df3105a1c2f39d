/**
 * Recording fake of n8n's `httpRequestWithAuthentication` for the Keitaro data operations
 * (report, click, conversion, cost, label). Records every request (method, path under
 * /admin_api/v1, qs, parsed JSON body) and answers from a route table keyed by 'METHOD /path'.
 * Errors are thrown the way n8n's helper throws them (an error carrying `response`).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { KeitaroApi } from '../../../../credentials/KeitaroApi.credentials';
import { Keitaro } from '../../../../nodes/Keitaro/Keitaro.node';
import { Harness, createContext } from '../../../helpers/n8n';

export const BASE = 'https://tracker.example.com/admin_api/v1';

export interface Call {
	method: string;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

export interface Answer {
	status?: number;
	body?: unknown;
}

export type Route = Answer | ((call: Call, n: number) => Answer);

export interface RunOptions {
	routes?: Record<string, Route>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	timezone?: string;
}

export type NodeError = Error & {
	description?: string;
	httpCode?: string | null;
	context?: IDataObject;
};

function fakeTransport(routes: Record<string, Route>, calls: Call[]) {
	const counts = new Map<string, number>();
	return async (_type: string, options: IHttpRequestOptions) => {
		const url = String(options.url ?? '');
		const path = url.startsWith(BASE) ? url.slice(BASE.length) : url;
		const method = String(options.method ?? 'GET').toUpperCase();
		let body: unknown = options.body;
		if (typeof body === 'string') body = body === '' ? undefined : JSON.parse(body);
		const call: Call = { method, path, qs: options.qs as IDataObject, body: body as IDataObject };
		calls.push(call);
		const key = `${method} ${path}`;
		const n = (counts.get(key) ?? 0) + 1;
		counts.set(key, n);
		const route = routes[key] ?? routes[`${method} *`];
		const answer: Answer = route
			? typeof route === 'function'
				? route(call, n)
				: route
			: { status: 400, body: { error: `URL '${key}' does not match any route` } };
		const status = answer.status ?? 200;
		const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
		const headers = { 'content-type': 'application/json' };
		if (status >= 400) {
			throw Object.assign(new Error(`Request failed with status code ${status}`), {
				response: { status, data: text, headers },
			});
		}
		return { body: text, headers, statusCode: status };
	};
}

/** An execute context of the Keitaro node (parameters get n8n defaults) with the fake transport. */
export function makeContext(parameters: INodeParameters, options: RunOptions = {}) {
	const harness = new Harness().addCredential(new KeitaroApi(), {
		url: 'https://tracker.example.com',
		apiKey: 'secret-key-123',
		authMode: 'apiKeyHeader',
		connectionCheck: 'done',
	});
	const calls: Call[] = [];
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: new Keitaro(),
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		timezone: options.timezone,
	});
	(ctx.helpers as unknown as Record<string, unknown>).httpRequestWithAuthentication = fakeTransport(
		options.routes ?? {},
		calls,
	);
	return { ctx, calls };
}

export async function run(parameters: INodeParameters, options: RunOptions = {}) {
	const { ctx, calls } = makeContext(parameters, options);
	const [output] = await new Keitaro().execute.call(ctx);
	return { output, calls, json: output.map((o) => o.json) };
}

export async function runError(parameters: INodeParameters, options: RunOptions = {}) {
	const { ctx, calls } = makeContext(parameters, options);
	try {
		await new Keitaro().execute.call(ctx);
	} catch (error) {
		return { error: error as NodeError, calls };
	}
	throw new Error('expected the node to throw');
}

/** `{rows, total}` answer. */
export const rowsAnswer = (rows: IDataObject[], total = rows.length, extra: IDataObject = {}) => ({
	body: { rows, total, meta: [], ...extra },
});

export const items = (n: number): INodeExecutionData[] =>
	Array.from({ length: n }, (_v, i) => ({ json: { i } }));

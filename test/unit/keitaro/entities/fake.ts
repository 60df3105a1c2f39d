/**
 * Recording fake of n8n's `httpRequestWithAuthentication` for the Keitaro entity operations: it
 * records every request (method, path under /admin_api/v1, qs, body) and answers from a route table
 * keyed by 'METHOD /path'. Errors are thrown like n8n's helper does (an error carrying `response`).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

import { KeitaroApi } from '../../../../credentials/KeitaroApi.credentials';
import { Keitaro } from '../../../../nodes/Keitaro/Keitaro.node';
import { Harness, createContext } from '../../../helpers/n8n';

export const BASE = 'https://tracker.example.com/admin_api/v1';

export interface FakeResponse {
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface Call {
	method: string;
	path: string;
	qs?: IDataObject;
	body?: unknown;
	headers: Record<string, string>;
	options: IHttpRequestOptions;
}

export type Route = FakeResponse | ((call: Call) => FakeResponse);

export interface RunOptions {
	routes?: Record<string, Route>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
}

/** `{__rl, mode, value}` as n8n stores a resource locator value. */
export function rl(value: string | number, mode = 'id'): INodeParameterResourceLocator {
	return { __rl: true, mode, value: String(value) };
}

function makeFake(routes: Record<string, Route>, calls: Call[]) {
	return async (_type: string, options: IHttpRequestOptions) => {
		const url = String(options.url ?? '');
		const path = url.startsWith(BASE) ? url.slice(BASE.length) : url;
		const method = String(options.method ?? 'GET').toUpperCase();
		let body: unknown = options.body;
		if (typeof body === 'string') {
			try {
				body = JSON.parse(body);
			} catch {
				// keep the text
			}
		}
		const call: Call = {
			method,
			path,
			qs: options.qs as IDataObject | undefined,
			body,
			headers: (options.headers ?? {}) as Record<string, string>,
			options,
		};
		calls.push(call);
		const route = routes[`${method} ${path}`] ?? routes[`${method} *`];
		const res: FakeResponse = route
			? typeof route === 'function'
				? route(call)
				: route
			: {
					status: 400,
					body: { error: `URL '${method} /admin_api/v1${path}' does not match any route` },
				};
		const status = res.status ?? 200;
		const headers = res.headers ?? { 'content-type': 'application/json' };
		const text =
			res.body === undefined
				? ''
				: typeof res.body === 'string' || Buffer.isBuffer(res.body)
					? res.body
					: JSON.stringify(res.body);
		if (status >= 400) {
			throw Object.assign(new Error(`Request failed with status code ${status}`), {
				response: { status, data: text, headers },
			});
		}
		// n8n hands back bytes when `encoding: 'arraybuffer'` is asked for.
		const payload =
			options.encoding === 'arraybuffer'
				? Buffer.isBuffer(text)
					? text
					: Buffer.from(String(text), 'utf8')
				: text;
		return { body: payload, headers, statusCode: status };
	};
}

function addCredential(harness: Harness): void {
	harness.addCredential(new KeitaroApi(), {
		url: 'https://tracker.example.com',
		apiKey: 'secret-key-123',
		authMode: 'apiKeyHeader',
		connectionCheck: 'done',
	});
}

export interface Binary {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

/** Builds an execute context with the fake transport; parameters get n8n defaults. */
export function makeContext(parameters: INodeParameters, options: RunOptions = {}) {
	const harness = new Harness();
	addCredential(harness);
	const calls: Call[] = [];
	const binaries: Binary[] = [];
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: new Keitaro(),
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
	const helpers = ctx.helpers as unknown as Record<string, unknown>;
	helpers.httpRequestWithAuthentication = makeFake(options.routes ?? {}, calls);
	helpers.prepareBinaryData = async (data: Buffer, fileName?: string, mimeType?: string) => {
		binaries.push({ data, fileName, mimeType });
		return {
			data: data.toString('base64'),
			fileName,
			mimeType: mimeType ?? 'application/octet-stream',
		};
	};
	helpers.getBinaryDataBuffer = async (itemIndex: number, property: string) => {
		const item = (options.items ?? ([{ json: {} }] as INodeExecutionData[]))[itemIndex];
		const bin = item?.binary?.[property];
		if (!bin) throw new Error(`No binary data property "${property}" on item ${itemIndex}`);
		return Buffer.from(bin.data, 'base64');
	};
	helpers.assertBinaryData = (itemIndex: number, property: string) => {
		const item = (options.items ?? ([{ json: {} }] as INodeExecutionData[]))[itemIndex];
		const bin = item?.binary?.[property];
		if (!bin) throw new Error(`No binary data property "${property}" on item ${itemIndex}`);
		return bin;
	};
	return { ctx, calls, binaries };
}

/** Runs the Keitaro node once and returns its first output plus the recorded calls. */
export async function run(parameters: INodeParameters, options: RunOptions = {}) {
	const { ctx, calls, binaries } = makeContext(parameters, options);
	const node = new Keitaro();
	const [output] = await node.execute.call(ctx);
	return { output, calls, binaries, json: output.map((o) => o.json) };
}

/** Runs the node expecting it to throw; returns the error and the calls made before it. */
export async function runError(parameters: INodeParameters, options: RunOptions = {}) {
	const { ctx, calls } = makeContext(parameters, options);
	const node = new Keitaro();
	try {
		await node.execute.call(ctx);
	} catch (error) {
		return {
			error: error as Error & { description?: string; context?: IDataObject; httpCode?: string },
			calls,
		};
	}
	throw new Error('expected the node to throw');
}

/** A load-options context (listSearch / loadOptions) with current node parameters. */
export function makeLoadContext(current: INodeParameters, routes: Record<string, Route>) {
	const harness = new Harness();
	addCredential(harness);
	const calls: Call[] = [];
	const ctx = createContext<ILoadOptionsFunctions>({ harness });
	const c = ctx as unknown as Record<string, unknown>;
	c.getCurrentNodeParameter = (name: string) => current[name];
	(ctx.helpers as unknown as Record<string, unknown>).httpRequestWithAuthentication = makeFake(
		routes,
		calls,
	);
	return { ctx, calls };
}

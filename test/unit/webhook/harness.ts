/**
 * Drives a postback trigger node's `webhook()` over real HTTP, the way n8n's webhook server does
 * (n8n 2.4x, read from packages/cli webhook-helpers / live-webhooks): the body is parsed before the
 * node runs (JSON and url-encoded forms into objects, anything else left as text, raw bytes kept in
 * `rawBody`), `req.query` holds the query string (repeated names as arrays), `req.params` the
 * dynamic path segments, `req.ip` the client address. When the node returns `noWebhookResponse`
 * it has answered itself; otherwise the harness answers like the "onReceived" mode (200
 * `{"message":"Workflow was started"}`) and records the emitted items.
 *
 * Also builds the IHookFunctions context for `webhookMethods` (checkExists/create/delete) with the
 * same static data, so activation and deactivation can be exercised against a mock tracker.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWebhookResponseData,
} from 'n8n-workflow';

import { Harness, createContext } from '../../helpers/n8n';
import { readBody, startHttpServer } from '../../mock-servers/shared/http';
import type { StartedServer } from '../../mock-servers/shared/http';

export interface WebhookHarnessOptions {
	nodeType: INodeType;
	parameters: INodeParameters;
	harness?: Harness;
	mode?: 'trigger' | 'manual';
	webhookId?: string;
	workflowId?: string;
	/** Client address reported as req.ip (default: the socket's). */
	ip?: string;
	/** Clock for the engine (default Date.now). */
	now?: () => number;
}

export interface WebhookHarness {
	/** `http://127.0.0.1:PORT/webhook/<id>/postback` */
	webhookUrl: string;
	server: StartedServer;
	emitted: IDataObject[];
	/** Every answer: status and body text. */
	responses: Array<{ status: number; body: string }>;
	staticData: IDataObject;
	harness: Harness;
	hookContext(): unknown;
	close(): Promise<void>;
}

function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [k, v] of search) {
		const prev = out[k];
		out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
	}
	return out;
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	if (raw.length === 0) return {};
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	const text = raw.toString('utf8');
	if (type === 'application/json' || type.endsWith('+json')) {
		return JSON.parse(text) as unknown; // n8n answers 400 on invalid JSON before the node runs
	}
	if (type === 'application/x-www-form-urlencoded') return parseQuery(new URLSearchParams(text));
	return text;
}

export async function startWebhookHarness(opts: WebhookHarnessOptions): Promise<WebhookHarness> {
	const harness = opts.harness ?? new Harness();
	const staticData: IDataObject = {};
	const emitted: IDataObject[] = [];
	const responses: Array<{ status: number; body: string }> = [];
	const webhookId = opts.webhookId ?? '3f1c1d2e-0000-4000-8000-000000000001';
	const prefix = opts.mode === 'manual' ? 'webhook-test' : 'webhook';
	let baseUrl = '';
	const pathParam = opts.parameters.secretLocation === 'path';

	const baseContext = () => {
		const ctx = createContext({
			harness,
			nodeType: opts.nodeType,
			parameters: opts.parameters,
			staticData,
			mode: opts.mode ?? 'trigger',
		}) as Record<string, unknown>;
		const node = (ctx.getNode as () => IDataObject)();
		node.id = 'postback-node-1';
		node.webhookId = webhookId;
		const byItem = ctx.getNodeParameter as (n: string, i: number, ...rest: unknown[]) => unknown;
		ctx.getNodeParameter = (name: string, ...rest: unknown[]) => byItem(name, 0, ...rest);
		ctx.getWorkflow = () => ({ id: opts.workflowId ?? 'wf-postback', active: true });
		ctx.getWorkflowStaticData = () => staticData;
		ctx.getNodeWebhookUrl = () =>
			`${baseUrl}/${prefix}/${webhookId}/postback${pathParam ? '/:secret' : ''}`;
		ctx.getWebhookName = () => 'default';
		ctx.getActivationMode = () => 'activate';
		return ctx;
	};

	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const expected = `/${prefix}/${webhookId}/postback`;
		let params: Record<string, string> = {};
		if (pathParam) {
			if (!url.pathname.startsWith(`${expected}/`)) return notFound(res);
			params = { secret: decodeURIComponent(url.pathname.slice(expected.length + 1)) };
		} else if (url.pathname !== expected) return notFound(res);
		const method = (req.method ?? 'GET').toUpperCase();
		if (method !== 'GET' && method !== 'POST') return notFound(res);
		const raw = await readBody(req);
		let body: unknown;
		try {
			body = parseBody(raw, req.headers['content-type']);
		} catch {
			res.statusCode = 400;
			res.end('{"message":"Invalid JSON"}');
			return;
		}
		const request = {
			method,
			headers: req.headers,
			query: parseQuery(url.searchParams),
			body,
			rawBody: raw,
			params,
			ip: opts.ip ?? req.socket.remoteAddress,
			socket: req.socket,
		};
		const captured = { status: 0, body: '' };
		const origEnd = res.end.bind(res);
		(res as unknown as { end: (chunk?: unknown) => unknown }).end = (chunk?: unknown) => {
			captured.status = res.statusCode;
			captured.body = chunk === undefined ? '' : String(chunk);
			responses.push({ ...captured });
			return origEnd(chunk as string);
		};
		const ctx = baseContext();
		ctx.getRequestObject = () => request;
		ctx.getResponseObject = () => res;
		ctx.getBodyData = () => body;
		ctx.getQueryData = () => request.query;
		ctx.getHeaderData = () => req.headers;
		ctx.getParamsData = () => params;
		const webhook = opts.nodeType.webhook as (this: unknown) => Promise<IWebhookResponseData>;
		let result: IWebhookResponseData;
		try {
			result = await webhook.call(ctx);
		} catch (error) {
			res.statusCode = 500;
			res.end(JSON.stringify({ message: (error as Error).message }));
			return;
		}
		if (result.noWebhookResponse) return;
		const items = (result.workflowData?.[0] ?? []) as INodeExecutionData[];
		for (const it of items) emitted.push(it.json);
		res.statusCode = 200;
		res.setHeader('Content-Type', 'application/json');
		res.end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
	};

	const server = await startHttpServer(handler);
	baseUrl = server.url;
	return {
		webhookUrl: `${server.url}/${prefix}/${webhookId}/postback`,
		server,
		emitted,
		responses,
		staticData,
		harness,
		hookContext: baseContext,
		close: () => server.close(),
	};
}

function notFound(res: ServerResponse): void {
	res.statusCode = 404;
	res.end('{"message":"The requested webhook is not registered."}');
}

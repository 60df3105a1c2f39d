/**
 * Runs an action node (RedTrack, Voluum, TG Tracker…) against its mock through the n8n stand-in
 * (./n8n: real HTTP) and returns its output, the error it threw and the requests it sent.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { Harness, createContext } from './n8n';

export interface SentRequest {
	method: string;
	path: string;
	query: Record<string, unknown>;
	body: unknown;
	headers: Record<string, string>;
}

export interface RunResult {
	output: INodeExecutionData[];
	requests: SentRequest[];
	error?: Error & { description?: string; httpCode?: string | null };
	harness: Harness;
}

export async function runAction(opts: {
	node: INodeType;
	credential: ICredentialType;
	credentialData: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	timezone?: string;
	harness?: Harness;
}): Promise<RunResult> {
	const harness = opts.harness ?? new Harness().addCredential(opts.credential, opts.credentialData);
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: opts.node,
		parameters: opts.parameters,
		items: opts.items ?? [{ json: {} }],
		continueOnFail: opts.continueOnFail,
		timezone: opts.timezone,
	});
	const before = harness.sent.length;
	let output: INodeExecutionData[] = [];
	let error: RunResult['error'];
	try {
		[output] = (await opts.node.execute!.call(ctx)) as INodeExecutionData[][];
	} catch (e) {
		error = e as RunResult['error'];
	}
	const requests = harness.sent.slice(before).map((r) => {
		const url = new URL(r.url);
		const query: Record<string, unknown> = {};
		url.searchParams.forEach((v, k) => (query[k] = v));
		Object.assign(query, r.qs ?? {});
		let body: unknown = r.body;
		if (typeof body === 'string' && body !== '') {
			try {
				body = JSON.parse(body);
			} catch {
				// raw text (CSV)
			}
		}
		return { method: r.method.toUpperCase(), path: url.pathname, query, body, headers: r.headers };
	});
	return { output, requests, error, harness };
}

/** The requests as `METHOD /path`, each path with the first matching prefix removed. */
export function callLines(requests: SentRequest[], ...prefixes: RegExp[]): string[] {
	return requests.map((r) => {
		const prefix = prefixes.find((p) => p.test(r.path));
		return `${r.method} ${prefix ? r.path.replace(prefix, '') : r.path}`;
	});
}

/** Options of a tracker's run helper: the input items, Continue On Fail, credential overrides. */
export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credential?: IDataObject;
}

/**
 * What one operation's run did against what it declares (conformance tests): an error, no request
 * at all, or a call (`METHOD /path`) the operation does not list.
 */
export function undeclaredCalls(
	key: string,
	declared: readonly string[],
	r: { error?: Error; calls: string[] },
): string[] {
	const problems: string[] = [];
	if (r.error) problems.push(`${key}: ${r.error.message}`);
	if (!r.calls.length) problems.push(`${key}: sent nothing`);
	for (const c of r.calls) if (!declared.includes(c)) problems.push(`${key}: sends ${c}`);
	return problems;
}

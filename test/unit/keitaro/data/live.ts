/**
 * Runs the Keitaro node against the Keitaro mock over real HTTP (test/helpers/n8n Harness).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { KeitaroApi } from '../../../../credentials/KeitaroApi.credentials';
import { Keitaro } from '../../../../nodes/Keitaro/Keitaro.node';
import { Harness, createContext } from '../../../helpers/n8n';
import type { startKeitaroMock } from '../../../mock-servers/keitaro/server';

export type Mock = Awaited<ReturnType<typeof startKeitaroMock>>;

export interface LiveOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	timezone?: string;
	/** Per-item parameter overrides (what expressions would give), by item index. */
	perItem?: IDataObject[];
}

export function liveContext(mock: Mock, parameters: INodeParameters, options: LiveOptions = {}) {
	const harness = new Harness().addCredential(new KeitaroApi(), {
		url: mock.url,
		apiKey: mock.apiKey,
		authMode: 'apiKeyHeader',
		connectionCheck: 'done',
	});
	const items =
		options.items ?? (options.perItem ? options.perItem.map((json) => ({ json })) : [{ json: {} }]);
	const ctx = createContext<IExecuteFunctions>({
		harness,
		nodeType: new Keitaro(),
		parameters,
		items,
		continueOnFail: options.continueOnFail,
		timezone: options.timezone,
	});
	if (options.perItem) {
		const perItem = options.perItem;
		const original = ctx.getNodeParameter.bind(ctx) as (...a: unknown[]) => unknown;
		(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = (
			name: string,
			i: number,
			...rest: unknown[]
		) => (name in (perItem[i] ?? {}) ? perItem[i][name] : original(name, i, ...rest));
	}
	return { ctx, harness };
}

export async function runLive(mock: Mock, parameters: INodeParameters, options: LiveOptions = {}) {
	const { ctx, harness } = liveContext(mock, parameters, options);
	const [output] = await new Keitaro().execute.call(ctx);
	return { output, json: output.map((o) => o.json), harness };
}

export async function runLiveError(
	mock: Mock,
	parameters: INodeParameters,
	options: LiveOptions = {},
) {
	const { ctx, harness } = liveContext(mock, parameters, options);
	try {
		await new Keitaro().execute.call(ctx);
	} catch (error) {
		return {
			error: error as Error & { description?: string; httpCode?: string; context?: IDataObject },
			harness,
		};
	}
	throw new Error('expected the node to throw');
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	body: unknown;
	status: number;
}

/** The mock's request log (an array, or a RequestLog with `entries`). */
export function loggedRequests(mock: Mock): LoggedRequest[] {
	const log = mock.requests as unknown as LoggedRequest[] | { entries: LoggedRequest[] };
	return Array.isArray(log) ? log : log.entries;
}

/** Empties the mock's request log. */
export function clearLoggedRequests(mock: Mock): void {
	const m = mock as unknown as { clearRequests?: () => void; requests: unknown };
	if (typeof m.clearRequests === 'function') return m.clearRequests();
	const log = m.requests as { clear?: () => void; entries?: unknown[] } | unknown[];
	if (Array.isArray(log)) log.length = 0;
	else if (typeof log.clear === 'function') log.clear();
	else if (log.entries) log.entries.length = 0;
}

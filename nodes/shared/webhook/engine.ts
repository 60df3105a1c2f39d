/**
 * The tracker-agnostic postback webhook engine: one function every postback trigger's `webhook()`
 * calls with its macro table. See ./index.ts for the model, guarantees and limits.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildConversion } from '../model/canonical';
import { mergeStatusMaps, parseStatusMap } from '../model/status';
import type { StatusMap } from '../model/status';
import { mapInbound } from '../postback/inbound';
import type { PostbackMacroTable } from '../postback/macros';
import { SAMPLE_MARKER } from '../safety';
import { seenWindowFor } from './dedupe';
import {
	DEFAULT_DEDUPE_HOURS,
	DEFAULT_MAX_BODY_KB,
	DEFAULT_MAX_REMEMBERED,
	SECRET_QUERY_PARAM,
} from './description';
import type { AllowList } from './ip';
import { parseAllowList } from './ip';
import type { IncomingPostback } from './request';
import { bodySize, clientIp, readParams } from './request';
import { secretMatches } from './secret';

export interface PostbackSettings {
	secret: string;
	secretLocation: 'query' | 'path';
	respondAfterWorkflow: boolean;
	allowList: AllowList | undefined;
	dedupeWindowMs: number;
	maxRemembered: number;
	maxBodyBytes: number;
	rejectUnknownStatus: boolean;
	statusMap: StatusMap;
}

type ParamReader = (name: string, fallback: unknown) => unknown;

/**
 * Reads and checks the node's settings. `problems` lists configuration errors as sentences (an
 * empty secret, an invalid IP list or status map line); never includes the secret.
 */
export function readPostbackSettings(
	get: ParamReader,
	table: PostbackMacroTable,
): { settings: PostbackSettings; problems: string[] } {
	const problems: string[] = [];
	const secret = String(get('secret', '') ?? '');
	if (secret.trim() === '') problems.push('Set a Secret: postbacks without one would be refused.');
	else if (secret.length < 8) problems.push('The Secret must be at least 8 characters long.');
	const options = (get('options', {}) ?? {}) as IDataObject;
	const ip = parseAllowList(options.ipAllowList);
	problems.push(...ip.problems.map((p) => `Allowed IP Addresses: ${p}.`));
	const parsedMap = parseStatusMap(options.statusMap ?? '');
	problems.push(...parsedMap.problems.map((p) => `Status Map: ${p}.`));
	const hours = Number(options.dedupeWindowHours ?? DEFAULT_DEDUPE_HOURS);
	const maxRemembered = Number(options.maxRemembered ?? DEFAULT_MAX_REMEMBERED);
	const maxKb = Number(options.maxBodyKb ?? DEFAULT_MAX_BODY_KB);
	return {
		problems,
		settings: {
			secret,
			secretLocation: get('secretLocation', 'query') === 'path' ? 'path' : 'query',
			respondAfterWorkflow: get('respond', 'immediately') === 'afterWorkflow',
			allowList: ip.list,
			dedupeWindowMs: Number.isFinite(hours) && hours > 0 ? hours * 3_600_000 : 0,
			maxRemembered:
				Number.isFinite(maxRemembered) && maxRemembered >= 100
					? Math.floor(maxRemembered)
					: DEFAULT_MAX_REMEMBERED,
			maxBodyBytes: (Number.isFinite(maxKb) && maxKb > 0 ? maxKb : DEFAULT_MAX_BODY_KB) * 1024,
			rejectUnknownStatus: options.rejectUnknownStatus === true,
			statusMap: mergeStatusMaps(table.statusMap, parsedMap.map),
		},
	};
}

/** Throws a NodeOperationError listing the configuration problems (used on activation). */
export function assertPostbackSettings(
	ctx: { getNode: IWebhookFunctions['getNode']; getNodeParameter: (n: string, f?: unknown) => unknown },
	table: PostbackMacroTable,
): PostbackSettings {
	const { settings, problems } = readPostbackSettings(
		(n, f) => ctx.getNodeParameter(n, f),
		table,
	);
	if (problems.length) {
		throw new NodeOperationError(ctx.getNode(), problems[0], {
			description: problems.slice(1).join(' ') || undefined,
		});
	}
	return settings;
}

/** Minimal response writer: works on n8n's Express response and on a plain Node response. */
interface ResponseLike {
	statusCode: number;
	setHeader(name: string, value: string): unknown;
	end(text?: string): unknown;
	headersSent?: boolean;
}

function answer(ctx: IWebhookFunctions, status: number, text: string): IWebhookResponseData {
	const res = ctx.getResponseObject() as unknown as ResponseLike;
	if (!res.headersSent) {
		res.statusCode = status;
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		res.setHeader('Cache-Control', 'no-store');
		res.end(text);
	}
	return { noWebhookResponse: true };
}

/** Outcome counters of one node, for tests and benchmarks (not part of any output). */
export interface PostbackCounters {
	accepted: number;
	duplicates: number;
	refused: number;
}

const counters = new Map<string, PostbackCounters>();

export function postbackCounters(scope: string): PostbackCounters {
	let c = counters.get(scope);
	if (!c) {
		c = { accepted: 0, duplicates: 0, refused: 0 };
		counters.set(scope, c);
	}
	return c;
}

/** Scope of a node's state: workflow, node and test/production mode. */
export function postbackScope(ctx: IWebhookFunctions): string {
	const workflowId = ctx.getWorkflow().id ?? 'unsaved';
	return `${workflowId}:${ctx.getNode().id}:${ctx.getMode()}`;
}

/**
 * Handles one postback request: size limit → IP allow-list → secret → parameters → mapping →
 * deduplication → one canonical conversion item. Every refusal answers a 4xx with one plain
 * sentence and starts nothing.
 */
export async function handlePostbackWebhook(
	this: IWebhookFunctions,
	table: PostbackMacroTable,
	now: () => number = Date.now,
): Promise<IWebhookResponseData> {
	const scope = postbackScope(this);
	const count = postbackCounters(scope);
	const refuse = (status: number, text: string) => {
		count.refused++;
		this.logger?.debug(`${table.name} postback refused with ${status}: ${text}`);
		return answer(this, status, text);
	};
	const { settings, problems } = readPostbackSettings(
		(n, f) => this.getNodeParameter(n, f),
		table,
	);
	if (problems.length) {
		return refuse(
			500,
			`The n8n postback trigger is not configured correctly: ${problems[0]}`,
		);
	}
	const req = this.getRequestObject() as unknown as IncomingPostback;

	if (bodySize(req) > settings.maxBodyBytes) {
		return refuse(413, `The postback is larger than ${settings.maxBodyBytes / 1024} KB.`);
	}
	if (settings.allowList && !settings.allowList.allows(clientIp(req))) {
		return refuse(403, 'Postbacks from this IP address are not allowed.');
	}

	const query = (req.query ?? {}) as Record<string, unknown>;
	const given =
		settings.secretLocation === 'path'
			? (req.params ?? {}).secret
			: Array.isArray(query[SECRET_QUERY_PARAM])
				? (query[SECRET_QUERY_PARAM] as unknown[])[0]
				: query[SECRET_QUERY_PARAM];
	if (given === undefined || given === null || given === '') {
		return refuse(401, 'The postback has no secret. Use the full postback URL the n8n node shows.');
	}
	if (!secretMatches(settings.secret, given)) {
		return refuse(403, 'The secret in the postback URL is wrong.');
	}

	const read = readParams({ ...req, query: { ...query, [SECRET_QUERY_PARAM]: undefined } });
	if (!read.ok) return refuse(400, read.message);
	const params = read.params;
	delete params[SECRET_QUERY_PARAM];

	const receivedAt = new Date(now()).toISOString();
	const mapped = mapInbound(params, table, {
		statusMap: settings.statusMap,
		rejectUnknownStatus: settings.rejectUnknownStatus,
		receivedAt,
	});
	if (!mapped.ok) return refuse(mapped.httpStatus, mapped.message);

	const input = mapped.input;
	const revenue = typeof input.revenue === 'number' ? input.revenue : 0;
	const dedupeKey = [
		table.tracker,
		mapped.conversionKey,
		String(input.rawStatus ?? '').trim().toLowerCase(),
		String(revenue),
	].join('\u0000');
	const window = seenWindowFor(scope, settings.maxRemembered);
	if (window.checkAndRecord(dedupeKey, now(), settings.dedupeWindowMs)) {
		count.duplicates++;
		return answer(this, 200, 'Duplicate postback ignored.');
	}
	const previous = window.swapStatus(`${table.tracker}\u0000${mapped.conversionKey}`, String(input.rawStatus ?? ''));
	if (previous !== undefined && previous.trim().toLowerCase() !== String(input.rawStatus ?? '').trim().toLowerCase()) {
		input.event = 'conversion.statusChanged';
		input.previousRawStatus = previous;
	}
	input.raw = params;
	const conversion = buildConversion(input, {
		statusMap: settings.statusMap,
		includeRaw: true,
		statusFallback: table.statusFallback,
		zone: table.timeZone,
	});
	const json: IDataObject = {
		...(conversion as unknown as IDataObject),
		receivedAt,
		...(mapped.unfilled.length ? { unfilledMacros: mapped.unfilled } : {}),
	};
	if (this.getMode() === 'manual') json[SAMPLE_MARKER] = true;
	count.accepted++;
	return { workflowData: [[{ json }]] };
}

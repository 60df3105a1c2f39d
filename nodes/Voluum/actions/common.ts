/**
 * What every Voluum action shares: requests through the shared layer (session token from the
 * credential, refreshed by n8n on 401), the account (time zone, currency) read once per execution,
 * hour-rounded periods in the report zone, and the split of ranges over 31 days.
 *
 * Sessions: an access key (recommended) or email + password. Access keys "cannot reach some
 * endpoints" (doc.voluum.com; PipedreamHQ/pipedream#19501) without a list of which: every
 * operation works with either, and when Voluum refuses an access-key session (403) the error says
 * to use an email/password credential. Conversion Upload and Cost Update are the likeliest
 * (UNVERIFIED).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { parseAnswer, rethrowForItem } from '../../shared/actions';
import type { QueueRuntime, WallTime } from '../../shared/cost';
import {
	addWall,
	formatDay,
	isValidZone,
	parseWallTime,
	realRuntime,
	wallKey,
	wallTimeIn,
} from '../../shared/cost';
import type { RequestContext } from '../../shared/transport';
import { trackerRequest } from '../../shared/transport';
import { voluumProfile } from '../transport/profile';

export const TRACKER = 'Voluum';
export const CREDENTIAL = 'voluumApi';
/** Longest range one report request covers; longer ones are split (issue 13; 47380243846). */
export const MAX_RANGE_DAYS = 31;

/** Clock and sleep of the Voluum action node (tests point them at the mock's clock). */
export const voluumActionRuntime: QueueRuntime = { ...realRuntime };

const pad = (n: number) => String(n).padStart(2, '0');

/** Voluum's hour form: the wall-clock hour in `tz` with a literal Z (what its clients send). */
export function hourParam(t: WallTime): string {
	return `${formatDay(t)}T${pad(t.h)}:00:00Z`;
}

/** An error body a failed call carried (captured before the request layer rewrites the error). */
export interface CallTrace {
	errorBody?: unknown;
}

function bodyOf(error: unknown): unknown {
	const e = error as {
		cause?: { response?: { data?: unknown; body?: unknown } };
		response?: { data?: unknown; body?: unknown };
	};
	const res = e?.cause?.response ?? e?.response;
	const raw = res?.data ?? res?.body;
	if (typeof raw === 'string') {
		try {
			return JSON.parse(raw);
		} catch {
			return raw;
		}
	}
	return raw;
}

/** Voluum's error code of a failed call (`errorCode` or `error.code`), when it sent one. */
export function errorCodeOf(trace: CallTrace, error: unknown): string | undefined {
	const b = trace.errorBody as
		| { errorCode?: unknown; error?: { code?: unknown }; code?: unknown }
		| undefined;
	const code = b && typeof b === 'object' ? (b.errorCode ?? b.error?.code ?? b.code) : undefined;
	if (typeof code === 'string' && code) return code;
	const text = `${(error as Error)?.message ?? ''} ${(error as { description?: string })?.description ?? ''}`;
	return /\b([A-Z][A-Z_]{5,})\b/.exec(text)?.[1];
}

export async function vRequest<T = unknown>(
	ctx: IExecuteFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: {
		qs?: IDataObject;
		body?: IDataObject | string;
		contentType?: string;
		itemIndex?: number;
		idempotent?: boolean;
		entity?: { label: string; id?: string };
		trace?: CallTrace;
	} = {},
): Promise<T> {
	const trace = options.trace ?? {};
	// A view of the context that sets the body's content type (CSV uploads) and keeps the error
	// body, so Voluum's error codes can be told apart; everything else is the shared layer.
	const view: RequestContext = {
		getNode: () => ctx.getNode(),
		getCredentials: async (type: string, i?: number) => await ctx.getCredentials(type, i),
		logger: ctx.logger,
		helpers: {
			async httpRequestWithAuthentication(type: string, req: IHttpRequestOptions) {
				const headers = { ...((req.headers as Record<string, string>) ?? {}) };
				if (options.contentType) headers['Content-Type'] = options.contentType;
				return await ctx.helpers.httpRequestWithAuthentication
					.call(ctx, type, { ...req, headers })
					.catch(async (error: unknown) => {
						trace.errorBody = bodyOf(error);
						return await Promise.reject(error);
					});
			},
		},
	};
	try {
		return await trackerRequest.call<RequestContext, Parameters<typeof trackerRequest>, Promise<T>>(
			view,
			voluumProfile,
			{
				method,
				path,
				qs: options.qs,
				body: options.body,
				itemIndex: options.itemIndex,
				idempotent: options.idempotent,
				entity: options.entity,
			},
		);
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '403') {
			const creds = (await ctx.getCredentials(CREDENTIAL, options.itemIndex)) as IDataObject;
			if (creds.authType !== 'password') {
				throw new NodeOperationError(
					ctx.getNode(),
					`Voluum refused ${method} ${path} for an access-key session`,
					{
						itemIndex: options.itemIndex,
						description:
							'Voluum does not let access keys reach some endpoints. Use a Voluum credential that logs in with Email and Password for this operation.',
					},
				);
			}
			throw new NodeApiError(ctx.getNode(), error as unknown as JsonObject, {
				itemIndex: options.itemIndex,
			});
		}
		rethrowForItem(ctx, error, options.itemIndex ?? 0);
	}
}

const userSchema = z
	.object({
		timezone: z.string().optional().nullable(),
		currency: z.string().optional().nullable(),
	})
	.passthrough();
const accounts = new WeakMap<object, Promise<{ zone: string; currency: string | null }>>();

/** The Voluum user's time zone (default Etc/GMT) and currency, once per execution. */
export async function account(
	ctx: IExecuteFunctions,
	i = 0,
): Promise<{ zone: string; currency: string | null }> {
	let p = accounts.get(ctx);
	if (!p) {
		p = (async () => {
			const me = parseAnswer(
				ctx,
				userSchema,
				await vRequest(ctx, 'GET', '/user/current', { itemIndex: i }),
				{
					tracker: TRACKER,
					call: 'GET /user/current',
					itemIndex: i,
				},
			);
			const zone = me.timezone && isValidZone(me.timezone) ? me.timezone : 'Etc/GMT';
			const currency =
				me.currency && /^[A-Za-z]{3}$/.test(me.currency) ? me.currency.toUpperCase() : null;
			return { zone, currency };
		})();
		accounts.set(ctx, p);
	}
	return await p;
}

export async function reportZone(
	ctx: IExecuteFunctions,
	i: number,
	override: unknown,
): Promise<string> {
	const z0 = typeof override === 'string' ? override.trim() : '';
	if (z0) {
		if (!isValidZone(z0)) {
			throw new NodeOperationError(ctx.getNode(), `Unknown time zone "${z0}"`, {
				itemIndex: i,
				description: 'Use an IANA name such as Europe/Madrid or Etc/GMT.',
			});
		}
		return z0;
	}
	return (await account(ctx, i)).zone;
}

export const periodProperties: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		default: 'yesterday',
		options: [
			{ name: 'Custom', value: 'custom' },
			{
				name: 'Last 30 Days',
				value: 'last30days',
				description: 'The last 30 days including today',
			},
			{ name: 'Last 7 Days', value: 'last7days', description: 'The last 7 days including today' },
			{ name: 'Today', value: 'today' },
			{ name: 'Yesterday', value: 'yesterday' },
		],
		description: 'Whole hours in the report time zone (Voluum accepts only hour-rounded times)',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2025-06-01 or 2025-06-01 10:00',
		displayOptions: { show: { period: ['custom'] } },
		description: 'Start (rounded down to the hour), in the report time zone',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2025-06-30 or 2025-06-30 18:00',
		displayOptions: { show: { period: ['custom'] } },
		description: 'End: a date includes that whole day; a time is rounded up to the hour (excluded)',
	},
];

export interface HourRange {
	from: WallTime;
	to: WallTime;
}

/** The hour range [from, to) of item `i` in `zone`. */
export function readHourRange(ctx: IExecuteFunctions, i: number, zone: string): HourRange {
	const period = ctx.getNodeParameter('period', i, 'yesterday') as string;
	const now = wallTimeIn(voluumActionRuntime.now(), zone);
	const today: WallTime = { ...now, h: 0, mi: 0, s: 0, dateOnly: false };
	const day = 86_400_000;
	switch (period) {
		case 'today':
			return { from: today, to: addWall(today, day) };
		case 'yesterday':
			return { from: addWall(today, -day), to: today };
		case 'last7days':
			return { from: addWall(today, -6 * day), to: addWall(today, day) };
		case 'last30days':
			return { from: addWall(today, -29 * day), to: addWall(today, day) };
	}
	const rawFrom = ctx.getNodeParameter('from', i, '') as unknown;
	const rawTo = ctx.getNodeParameter('to', i, '') as unknown;
	const from = parseWallTime(rawFrom);
	const to = parseWallTime(rawTo);
	if (!from || from.offset) {
		throw new NodeOperationError(ctx.getNode(), `From "${String(rawFrom)}" is not a date or time`, {
			itemIndex: i,
			description:
				'Use YYYY-MM-DD or YYYY-MM-DD HH:MM, in the report time zone, without an offset.',
		});
	}
	if (!to || to.offset) {
		throw new NodeOperationError(ctx.getNode(), `To "${String(rawTo)}" is not a date or time`, {
			itemIndex: i,
		});
	}
	const start: WallTime = { ...from, mi: 0, s: 0, dateOnly: false };
	let end: WallTime = to.dateOnly
		? addWall({ ...to, h: 0, mi: 0, s: 0, dateOnly: false }, day)
		: { ...to, mi: 0, s: 0, dateOnly: false };
	if (!to.dateOnly && (to.mi > 0 || to.s > 0)) end = addWall(end, 3600_000);
	if (wallKey(end) <= wallKey(start)) {
		throw new NodeOperationError(ctx.getNode(), 'To must be after From', { itemIndex: i });
	}
	return { from: start, to: end };
}

/** Cuts a range into parts of at most 31 days (Voluum's longest report range). */
export function splitRange(r: HourRange): HourRange[] {
	const max = MAX_RANGE_DAYS * 86_400_000;
	const parts: HourRange[] = [];
	let from = r.from;
	while (wallKey(from) < wallKey(r.to)) {
		const cut = addWall(from, max);
		const to = wallKey(cut) < wallKey(r.to) ? cut : r.to;
		parts.push({ from, to });
		from = to;
	}
	return parts;
}

/** `{rows}` report answers (a bare array tolerated), with the `limit` Voluum echoes. */
export const reportSchema = z.union([
	z.array(z.object({}).passthrough()),
	z
		.object({
			rows: z.array(z.object({}).passthrough()),
			totalRows: z.number().optional(),
			limit: z.number().optional(),
		})
		.passthrough(),
]);

export function reportPage(
	ctx: IExecuteFunctions,
	body: unknown,
	call: string,
	i: number,
): { rows: IDataObject[]; total?: number; limit?: number } {
	const parsed = parseAnswer(ctx, reportSchema, body, { tracker: TRACKER, call, itemIndex: i });
	if (Array.isArray(parsed)) return { rows: parsed as IDataObject[] };
	return { rows: parsed.rows as IDataObject[], total: parsed.totalRows, limit: parsed.limit };
}

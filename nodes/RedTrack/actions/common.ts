/**
 * What every RedTrack action shares: the request helper (shared request layer, `api_key` added by
 * the credential), the account settings read once per execution, the report pacer (20 requests
 * per minute, spec), periods computed in the account time zone, and zod schemas of the answers.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { QueueRuntime } from '../../shared/cost';
import { RateQueue, isValidZone, realRuntime, wallTimeIn } from '../../shared/cost';
import { parseAnswer } from '../../shared/actions';
import { trackerRequest } from '../../shared/transport';
import { redTrackProfile } from '../transport/profile';
import { normalizeZone, timezoneOfSettings } from '../trigger/settings';

export const TRACKER = 'RedTrack';
export const CREDENTIAL = 'redTrackApi';

/** Clock and sleep of the RedTrack action node (tests point them at the mock's clock). */
export const redTrackActionRuntime: QueueRuntime = { ...realRuntime };

/** Spec: `GET /report` 20 requests per minute; `POST /tracks/cost` 1 request per minute. */
export const REPORT_RATE = { limit: 20, windowMs: 60_000, label: '20 requests per minute' };
export const COST_RATE = { limit: 1, windowMs: 60_000, label: '1 request per minute' };

interface ExecutionState {
	settings?: Promise<IDataObject>;
	reportQueue: RateQueue;
	costQueue: RateQueue;
}
const perExecution = new WeakMap<object, ExecutionState>();

/** One state per execution context (so two runs never share a queue or a settings read). */
export function executionState(ctx: IExecuteFunctions): ExecutionState {
	let s = perExecution.get(ctx);
	if (!s) {
		s = {
			reportQueue: new RateQueue(REPORT_RATE, redTrackActionRuntime),
			costQueue: new RateQueue(COST_RATE, redTrackActionRuntime),
		};
		perExecution.set(ctx, s);
	}
	return s;
}

export async function rtRequest<T = unknown>(
	ctx: IExecuteFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: {
		qs?: IDataObject;
		body?: IDataObject;
		itemIndex?: number;
		idempotent?: boolean;
		entity?: { label: string; id?: string };
	} = {},
): Promise<T> {
	if (path === '/report') await executionState(ctx).reportQueue.acquire();
	if (path === '/tracks/cost') await executionState(ctx).costQueue.acquire();
	return await trackerRequest.call<
		IExecuteFunctions,
		Parameters<typeof trackerRequest>,
		Promise<T>
	>(ctx, redTrackProfile, {
		method,
		path,
		qs: options.qs,
		body: options.body,
		itemIndex: options.itemIndex,
		idempotent: options.idempotent,
		entity: options.entity,
	});
}

const settingsSchema = z.union([
	z.object({}).passthrough(),
	z.array(z.object({}).passthrough()).min(1, 'is an empty list'),
]);

/** `GET /me/settings` once per execution (an object, or an array of one as the spec says). */
export async function accountSettings(ctx: IExecuteFunctions, i = 0): Promise<IDataObject> {
	const state = executionState(ctx);
	state.settings ??= (async () => {
		const body = parseAnswer(
			ctx,
			settingsSchema,
			await rtRequest(ctx, 'GET', '/me/settings', { itemIndex: i }),
			{
				tracker: TRACKER,
				call: 'GET /me/settings',
				itemIndex: i,
			},
		);
		return (Array.isArray(body) ? body[0] : body) as IDataObject;
	})();
	return await state.settings;
}

/** The zone to work in: the option, else the account's (from `/me/settings`). */
export async function workingZone(
	ctx: IExecuteFunctions,
	i: number,
	override?: string,
): Promise<string> {
	if (override && override.trim()) {
		const zone = normalizeZone(override);
		if (!zone || !isValidZone(zone)) {
			throw new NodeOperationError(ctx.getNode(), `Unknown time zone "${override}"`, {
				itemIndex: i,
				description: 'Use an IANA name such as Europe/Berlin.',
			});
		}
		return zone;
	}
	const raw = timezoneOfSettings(await accountSettings(ctx, i));
	const zone = normalizeZone(raw);
	if (!zone) {
		throw new NodeOperationError(
			ctx.getNode(),
			raw === undefined
				? 'RedTrack did not report the account time zone'
				: `RedTrack reported a time zone this node does not know: "${String(raw)}"`,
			{
				itemIndex: i,
				description: 'Set the Time Zone option to the zone of your RedTrack account.',
			},
		);
	}
	return zone;
}

export async function accountCurrency(ctx: IExecuteFunctions, i: number): Promise<string | null> {
	const c = (await accountSettings(ctx, i)).currency;
	return typeof c === 'string' && /^[A-Za-z]{3}$/.test(c.trim()) ? c.trim().toUpperCase() : null;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Period picker of reports and logs: RedTrack takes whole days (`date_from`/`date_to`). */
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
		description: 'Days in the account time zone (or the Time Zone option)',
	},
	{
		displayName: 'Date From',
		name: 'dateFrom',
		type: 'string',
		default: '',
		placeholder: '2025-06-01',
		required: true,
		displayOptions: { show: { period: ['custom'] } },
		description: 'First day (YYYY-MM-DD)',
	},
	{
		displayName: 'Date To',
		name: 'dateTo',
		type: 'string',
		default: '',
		placeholder: '2025-06-30',
		required: true,
		displayOptions: { show: { period: ['custom'] } },
		description: 'Last day, included (YYYY-MM-DD)',
	},
];

function addDays(day: string, n: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

/** date_from/date_to of item `i` (days in `zone`). */
export function readPeriod(
	ctx: IExecuteFunctions,
	i: number,
	zone: string,
): { date_from: string; date_to: string } {
	const period = ctx.getNodeParameter('period', i, 'yesterday') as string;
	const t = wallTimeIn(redTrackActionRuntime.now(), zone);
	const today = `${t.y}-${String(t.m).padStart(2, '0')}-${String(t.d).padStart(2, '0')}`;
	switch (period) {
		case 'today':
			return { date_from: today, date_to: today };
		case 'yesterday':
			return { date_from: addDays(today, -1), date_to: addDays(today, -1) };
		case 'last7days':
			return { date_from: addDays(today, -6), date_to: today };
		case 'last30days':
			return { date_from: addDays(today, -29), date_to: today };
	}
	const from = String(ctx.getNodeParameter('dateFrom', i, ''))
		.trim()
		.slice(0, 10);
	const to = String(ctx.getNodeParameter('dateTo', i, ''))
		.trim()
		.slice(0, 10);
	for (const [label, v] of [
		['Date From', from],
		['Date To', to],
	]) {
		if (!DATE_RE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
			throw new NodeOperationError(ctx.getNode(), `${label} "${v}" is not a date (YYYY-MM-DD)`, {
				itemIndex: i,
			});
		}
	}
	if (from > to) {
		throw new NodeOperationError(ctx.getNode(), `Date From ${from} is after Date To ${to}`, {
			itemIndex: i,
		});
	}
	return { date_from: from, date_to: to };
}

/** Comma-separated IDs (also accepts an array from an expression), trimmed, unique. */
export function readIds(ctx: IExecuteFunctions, name: string, i: number, label: string): string[] {
	const raw = ctx.getNodeParameter(name, i, '') as unknown;
	const list = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(','))
		.map((s) => s.trim())
		.filter(Boolean);
	if (!list.length) {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty: enter at least one ID`, {
			itemIndex: i,
		});
	}
	for (const id of list) {
		if (!/^[A-Za-z0-9_-]+$/.test(id)) {
			throw new NodeOperationError(ctx.getNode(), `${label}: "${id}" is not a RedTrack ID`, {
				itemIndex: i,
			});
		}
	}
	return [...new Set(list)];
}

const row = z.object({}).passthrough();
/** List answers: an array, or `{items, total}` (total_stat / logs). */
export const listSchema = z.union([
	z.array(row),
	z.object({ items: z.array(row).nullable(), total: z.number().optional() }).passthrough(),
]);
export const entitySchema = z.object({ id: z.union([z.string(), z.number()]) }).passthrough();

export function listRows(
	ctx: IExecuteFunctions,
	body: unknown,
	call: string,
	i: number,
): { rows: IDataObject[]; total?: number } {
	const parsed = parseAnswer(ctx, listSchema, body, { tracker: TRACKER, call, itemIndex: i });
	if (Array.isArray(parsed)) return { rows: parsed as IDataObject[] };
	return { rows: (parsed.items ?? []) as IDataObject[], total: parsed.total };
}

/**
 * Tracker → Check Compatibility: probes the Keitaro of the node's credential with read-only
 * requests and reports what it does, one item per finding (findings.ts): the time model of a
 * status postback, the conversion id order, the sub_id columns of both logs, the zone of log
 * times, the version where an endpoint tells it, and the answer times of the log endpoints.
 *
 * Requests (all read-only, each one page): `POST /conversions/log` ×4–6, `POST /clicks/log` ×3–4
 * and `GET /settings` (a documented newer-version endpoint, not in the spec; a tracker without it
 * answers 400). A failed probe makes its finding inconclusive and the others go on; only a
 * refused credential (401) or an edition without the Admin API (402) stops the operation.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';
import type { ColumnProbe, Finding, Timing, ZonePair } from './findings';
import {
	answerTimeFinding,
	idOf,
	idOrderFinding,
	logSeconds,
	subIdFinding,
	timeModelFinding,
	versionFinding,
	versionIn,
	zoneFinding,
} from './findings';

/** A zone with no daylight saving and a half-hour offset, so no tracker zone is taken for it. */
const OTHER_ZONE = 'Asia/Kolkata';
const OTHER_ZONE_OFFSET = 5.5 * 3600;
const ZONE_ROWS = 20;
const CONVERSIONS = '/conversions/log';
const CLICKS = '/clicks/log';

const PERIODS: Record<string, string> = {
	'7_days_ago': 'in the last 7 days',
	'1_month_ago': 'in the last month',
	'1_year_ago': 'in the last year',
	all_time: 'of all time',
};

const answerSchema = z.object({ rows: z.array(z.record(z.unknown())) });

type Answer = { ok: true; data: unknown } | { ok: false; status: number; why: string };

class Prober {
	readonly timings = new Map<string, Timing[]>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly i: number,
	) {}

	/** One request, timed; a failure is returned (401 / 402 are thrown: nothing can be probed). */
	async call(method: IHttpRequestMethods, path: string, body?: IDataObject): Promise<Answer> {
		const endpoint = `${method} ${path}`;
		const list = this.timings.get(endpoint) ?? [];
		this.timings.set(endpoint, list);
		const started = Date.now();
		try {
			const data = await keitaroApiRequest.call(this.ctx, method, path, {
				body,
				idempotent: true,
				itemIndex: this.i,
			});
			const rows = answerSchema.safeParse(data);
			list.push({ ms: Date.now() - started, ok: true, rows: rows.success ? rows.data.rows.length : undefined });
			return { ok: true, data };
		} catch (error) {
			list.push({ ms: Date.now() - started, ok: false });
			const e = error as { httpCode?: unknown; message?: unknown; description?: unknown };
			const status = Number(e.httpCode);
			if (status === 401 || status === 402) {
				throw new NodeApiError(this.ctx.getNode(), error as JsonObject, { itemIndex: this.i });
			}
			const text = [e.message, e.description].filter((s) => typeof s === 'string' && s !== '').join(': ');
			return { ok: false, status: Number.isFinite(status) ? status : 0, why: short(text || 'no answer') };
		}
	}

	/** A log request's rows; a failure or an answer without a rows list gives the reason. */
	async rows(path: string, body: IDataObject): Promise<{ rows: IDataObject[] } | { why: string; status: number }> {
		const a = await this.call('POST', path, body);
		if (!a.ok) return { why: a.why, status: a.status };
		const parsed = answerSchema.safeParse(a.data);
		if (!parsed.success) return { why: 'the answer has no "rows" list', status: 0 };
		return { rows: parsed.data.rows as IDataObject[] };
	}
}

function short(text: string): string {
	const one = text.replace(/\s+/g, ' ').trim();
	return one.length > 160 ? `${one.slice(0, 157)}...` : one;
}

/** A 4xx other than auth / rate limit: the request itself (here: a column) was refused. */
const refused = (status: number) => status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 429;

async function probeColumn(p: Prober, path: string, idColumn: string, column: string, range: IDataObject): Promise<ColumnProbe> {
	const r = await p.rows(path, { range, columns: [idColumn, column], limit: 1, offset: 0 });
	if ('rows' in r) return { accepted: true, rows: r.rows.length };
	return refused(r.status) ? { accepted: false, why: r.why } : { failed: r.why };
}

async function subIds(p: Prober, path: string, idColumn: string, log: string, range: IDataObject): Promise<Finding> {
	const p30 = await probeColumn(p, path, idColumn, 'sub_id_30', range);
	const p15 = 'accepted' in p30 && !p30.accepted ? await probeColumn(p, path, idColumn, 'sub_id_15', range) : undefined;
	return subIdFinding(log, p30, p15);
}

/** The same rows (by id) asked in UTC and in OTHER_ZONE. */
async function zonePairs(
	p: Prober,
	path: string,
	idColumn: string,
	timeColumn: string,
	interval: string,
): Promise<{ pairs: ZonePair[]; failed?: string }> {
	const utc = await p.rows(path, {
		range: { interval, timezone: 'UTC' },
		columns: [idColumn, timeColumn],
		sort: [
			{ name: timeColumn, order: 'DESC' },
			{ name: idColumn, order: 'DESC' },
		],
		limit: ZONE_ROWS,
		offset: 0,
	});
	if (!('rows' in utc)) return { pairs: [], failed: utc.why };
	const first = new Map<number, number>();
	for (const row of utc.rows) {
		const id = idOf(row[idColumn]);
		const t = logSeconds(row[timeColumn]);
		if (id !== null && t !== null && !first.has(id)) first.set(id, t);
	}
	if (!first.size) return { pairs: [] };
	const other = await p.rows(path, {
		range: { interval, timezone: OTHER_ZONE },
		columns: [idColumn, timeColumn],
		filters: [{ name: idColumn, operator: 'IN_LIST', expression: [...first.keys()] }],
		limit: ZONE_ROWS,
		offset: 0,
	});
	if (!('rows' in other)) return { pairs: [], failed: other.why };
	const pairs: ZonePair[] = [];
	for (const row of other.rows) {
		const id = idOf(row[idColumn]);
		const t = logSeconds(row[timeColumn]);
		const u = id === null ? undefined : first.get(id);
		if (t !== null && u !== undefined) pairs.push({ utc: u, other: t });
	}
	return { pairs };
}

const CHANGED_COLUMNS = ['conversion_id', 'status', 'previous_status', 'postback_datetime', 'sale_datetime'];

async function timeModel(p: Prober, range: IDataObject, sample: number, read: string): Promise<Finding> {
	const body = (columns: string[]): IDataObject => ({
		range,
		columns,
		filters: [{ name: 'previous_status', operator: 'IS_SET' }],
		sort: [
			{ name: 'postback_datetime', order: 'DESC' },
			{ name: 'conversion_id', order: 'DESC' },
		],
		limit: sample,
		offset: 0,
	});
	let datetimeOffered = true;
	let r = await p.rows(CONVERSIONS, body([...CHANGED_COLUMNS, 'datetime']));
	if (!('rows' in r) && refused(r.status)) {
		datetimeOffered = false;
		r = await p.rows(CONVERSIONS, body(CHANGED_COLUMNS));
	}
	if (!('rows' in r)) {
		return {
			check: 'status postback time model',
			result: 'unknown',
			evidence: `the conversions log request for rows with a previous_status failed: ${r.why}`,
			confidence: 'inconclusive: the request failed',
			meaning:
				'The Keitaro Trigger is exact under all three time models (fixed, datetime, moves), so it needs no setting for this.',
		};
	}
	return timeModelFinding(r.rows, datetimeOffered, read);
}

async function idOrder(p: Prober, range: IDataObject, sample: number, read: string): Promise<Finding> {
	const r = await p.rows(CONVERSIONS, {
		range,
		columns: ['conversion_id', 'postback_datetime', 'click_datetime', 'previous_status'],
		sort: [
			{ name: 'postback_datetime', order: 'DESC' },
			{ name: 'conversion_id', order: 'DESC' },
		],
		limit: sample,
		offset: 0,
	});
	if (!('rows' in r)) {
		return {
			check: 'conversion id order',
			result: 'unknown',
			evidence: `the conversions log request failed: ${r.why}`,
			confidence: 'inconclusive: the request failed',
			meaning: 'New Conversion does not depend on the id order, so it is exact under both orders.',
		};
	}
	return idOrderFinding(r.rows, read);
}

async function version(p: Prober): Promise<{ version?: string; why: string }> {
	const a = await p.call('GET', '/settings');
	if (!a.ok) return { why: `answered ${a.status || 'nothing'} (${a.why})` };
	const found = versionIn(a.data);
	return found ? { version: found, why: `answered with version ${found}` } : { why: 'answered without a version field' };
}

/** The operation: parameters, then one output item per finding. */
export function compatibilityOperation(): KeitaroOperation {
	return {
		option: {
			name: 'Check Compatibility',
			value: 'checkCompatibility',
			action: 'Check tracker compatibility',
			description:
				'Probe this Keitaro (read-only) and report how its logs behave, to paste into a bug report',
		},
		spec: ['POST /conversions/log', 'POST /clicks/log', 'GET /settings'],
		write: false,
		properties: [
			{
				displayName:
					'Reads a few pages of the conversion and click logs and reports what this Keitaro does: one item per finding, with its evidence. Paste the output into a bug report.',
				name: 'checkNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Period',
				name: 'period',
				type: 'options',
				default: '1_month_ago',
				options: [
					{ name: 'Last 7 Days', value: '7_days_ago' },
					{ name: 'Last Month', value: '1_month_ago' },
					{ name: 'Last Year', value: '1_year_ago' },
					{ name: 'All Time', value: 'all_time' },
				],
				description:
					'Conversions and clicks of this period are read; a longer one finds more status changes on a quiet tracker',
			},
			{
				displayName: 'Sample Size',
				name: 'sampleSize',
				type: 'number',
				default: 1000,
				typeOptions: { numberPrecision: 0, minValue: 10, maxValue: 5000 },
				description: 'Most conversions read per check (the newest of the period)',
			},
		],
		async execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
			const period = String(this.getNodeParameter('period', i, '1_month_ago'));
			const interval = PERIODS[period] ? period : '1_month_ago';
			const raw = Number(this.getNodeParameter('sampleSize', i, 1000));
			const sample = Math.min(5000, Math.max(10, Number.isFinite(raw) ? Math.floor(raw) : 1000));
			const range = { interval, timezone: 'UTC' };
			const read = `${PERIODS[interval]} (newest ${sample} read)`;
			const p = new Prober(this, i);

			const model = await timeModel(p, range, sample, read);
			const order = await idOrder(p, range, sample, read);
			const convSubIds = await subIds(p, CONVERSIONS, 'conversion_id', 'conversions log', range);
			const clickSubIds = await subIds(p, CLICKS, 'click_id', 'clicks log', range);
			const zone = zoneFinding(
				[
					{ log: 'conversions log', ...(await zonePairs(p, CONVERSIONS, 'conversion_id', 'postback_datetime', interval)) },
					{ log: 'clicks log', ...(await zonePairs(p, CLICKS, 'click_id', 'datetime', interval)) },
				],
				OTHER_ZONE,
				OTHER_ZONE_OFFSET,
			);
			const settings = await version(p);
			const findings: Finding[] = [
				model,
				order,
				convSubIds,
				clickSubIds,
				zone,
				versionFinding(settings, convSubIds.result),
				answerTimeFinding(`POST ${CONVERSIONS}`, p.timings.get(`POST ${CONVERSIONS}`) ?? []),
				answerTimeFinding(`POST ${CLICKS}`, p.timings.get(`POST ${CLICKS}`) ?? []),
			];
			return findings.map((f) => ({ json: f }));
		},
	};
}

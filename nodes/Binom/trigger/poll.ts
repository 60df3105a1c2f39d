/**
 * The poll() of the Binom Trigger: picks the event stream and runs it, in the query dialect this
 * Binom speaks (sources.ts): the Log Query option, or, on Auto, the one that worked last (kept in
 * static data), switching to the other on an HTTP 400 within the same poll.
 * - New Conversion and New Click: the shared trigger scaffold (engine, key = click id);
 * - Conversion Status or Payout Changed: the status watch (watch.ts).
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mergeStatusMaps, normalizeRawStatus, parseStatusMap } from '../../shared/model/status';
import type { CanonicalStatus, StatusMap } from '../../shared/model/status';
import { deadlineFromBudget } from '../../shared/polling';
import { runTrigger } from '../../shared/trigger';
import { trackerRequest } from '../../shared/transport';
import type { RetryPolicy, TrackerRequest } from '../../shared/transport';
import { binomProfile } from '../transport/profile';
import { BINOM_DEFAULT_STATUS_MAP, binomClickToJson, binomConversionToJson } from './mapping';
import type { MapOptions } from './mapping';
import { emittedCompanion } from './emitted';
import { binomRuntime } from './runtime';
import { BinomAnswerError } from './schema';
import {
	BINOM_DIALECTS,
	BinomClickSource,
	BinomConversionSource,
	BINOM_DEFAULT_PAGE_SIZE,
} from './sources';
import type { BinomDialect, BinomFetch, BinomRow, ConversionDateField } from './sources';
import { pollBinomThreshold } from './threshold';
import { pollBinomWatch, splitVersion } from './watch';
import { readMovedFilter, readMovedOption } from '../../shared/trigger/layout';

export type BinomEvent = 'newConversion' | 'conversionChanged' | 'newClick' | 'metricThreshold';

/** Static-data keys: the status watch, and the query dialect that worked last. */
export const WATCH_KEY = 'statusWatch';
export const DIALECT_KEY = 'logDialect';
/** Keys of earlier versions, dropped after a successful status-watch poll. */
const LEGACY_KEYS = ['versions', 'pollState'];

const MINUTE = 60_000;

/** Test seams: a clock and a retry policy (the node itself uses neither). */
export interface TriggerDeps {
	now?: () => number;
	retry?: Partial<RetryPolicy>;
}

/** The user's status map merged over the defaults; a problem is a NodeOperationError. */
export function readStatusMap(ctx: IPollFunctions): StatusMap {
	const parsed = parseStatusMap(readMovedOption(ctx, 'statusMap', ''));
	if (parsed.problems.length) {
		throw new NodeOperationError(ctx.getNode(), `Status Map: ${parsed.problems[0]}`, {
			description: parsed.problems.join('\n'),
		});
	}
	return mergeStatusMaps(BINOM_DEFAULT_STATUS_MAP, parsed.map);
}

function num(v: unknown, fallback: number): number {
	const n = typeof v === 'number' ? v : Number(v);
	return Number.isFinite(n) && n > 0 ? n : fallback;
}

function isBadRequest(error: unknown): boolean {
	const code = (error as { httpCode?: unknown } | null)?.httpCode;
	return String(code) === '400';
}

/** Turns a boundary-check failure into the error the user sees (naming the field and Binom). */
function answerError(ctx: IPollFunctions, error: unknown): unknown {
	const cause =
		error instanceof BinomAnswerError
			? error
			: (error as { cause?: unknown } | null)?.cause instanceof BinomAnswerError
				? ((error as { cause: BinomAnswerError }).cause as BinomAnswerError)
				: undefined;
	if (!cause) return error;
	return new NodeOperationError(ctx.getNode(), cause.message, {
		description: `Field: ${cause.field}. Tracker: Binom. The trigger kept its state; the next poll reads the same rows again. Please report this message with your Binom version.`,
	});
}

export async function pollBinom(
	this: IPollFunctions,
	given: TriggerDeps = {},
): Promise<INodeExecutionData[][] | null> {
	const deps: TriggerDeps = {
		now: given.now ?? binomRuntime.now,
		retry: given.retry ?? binomRuntime.retry,
	};
	const event = this.getNodeParameter('event', 'newConversion') as BinomEvent;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (event === 'metricThreshold') {
		const fetch: BinomFetch = async (req: TrackerRequest) =>
			await trackerRequest.call(this, binomProfile, { retry: deps.retry, ...req });
		return await pollBinomThreshold.call(this, fetch, options, deps.now ?? (() => Date.now()));
	}
	const chosen =
		options.logQuery === 'window' || options.logQuery === 'preset' ? options.logQuery : 'auto';
	const staticData = this.getWorkflowStaticData('node');
	const remembered = staticData[DIALECT_KEY];
	const first: BinomDialect =
		chosen !== 'auto'
			? chosen
			: BINOM_DIALECTS.includes(remembered as BinomDialect)
				? (remembered as BinomDialect)
				: 'window';
	let failure: unknown;
	try {
		return await pollStream.call(this, event, options, first, deps);
	} catch (error) {
		failure = error;
	}
	if (chosen !== 'auto' || !isBadRequest(failure)) throw answerError(this, failure);
	// Auto: this Binom refused the query; try the other dialect once, keep the one that works.
	const other: BinomDialect = first === 'window' ? 'preset' : 'window';
	let out: INodeExecutionData[][] | null;
	try {
		out = await pollStream.call(this, event, options, other, deps);
	} catch (error) {
		throw answerError(this, isBadRequest(error) ? failure : error);
	}
	if (this.getMode() !== 'manual') staticData[DIALECT_KEY] = other;
	return out;
}

async function pollStream(
	this: IPollFunctions,
	event: BinomEvent,
	options: IDataObject,
	dialect: BinomDialect,
	deps: TriggerDeps,
): Promise<INodeExecutionData[][] | null> {
	const includeRaw = options.includeRaw === true;
	const pageSize = num(options.pageSize, BINOM_DEFAULT_PAGE_SIZE);
	const latenessMs = num(options.overlapMinutes, 10) * MINUTE;
	const runOptions = {
		maxItemsPerPoll: num(options.maxItemsPerPoll, 5000),
		sampleSize: num(options.sampleSize, 5),
	};
	const fetch: BinomFetch = async (req: TrackerRequest) =>
		await trackerRequest.call(this, binomProfile, {
			retry: deps.retry,
			...(binomRuntime.timeoutMs ? { timeoutMs: binomRuntime.timeoutMs } : {}),
			...req,
		});
	const clock = deps.now ?? (() => Date.now());

	if (event === 'newClick') {
		const source = new BinomClickSource({
			fetch,
			pageSize,
			overlapMs: latenessMs,
			retry: deps.retry,
			dialect,
			now: clock,
		});
		return await runTrigger.call(
			this,
			{
				source,
				stream: { tracker: 'binom', event },
				toJson: (row: BinomRow) => binomClickToJson(row, { includeRaw }),
				now: deps.now,
			},
			{ ...runOptions, overlapMs: latenessMs },
		);
	}
	if (event !== 'newConversion' && event !== 'conversionChanged') {
		throw new NodeOperationError(this.getNode(), `Unknown event "${String(event)}"`);
	}

	const map: MapOptions = { statusMap: readStatusMap(this), includeRaw };
	const dateField: ConversionDateField =
		options.dateField === 'clicked_at' ? 'clicked_at' : 'conversed_at';
	// Version 1 keeps "Only Statuses" under Options, version 2 under Filters.
	const onlyStatuses: unknown = readMovedFilter(this, 'onlyStatuses', []);
	const only = Array.isArray(onlyStatuses) ? (onlyStatuses as CanonicalStatus[]) : [];
	const keep = (json: IDataObject) => only.length === 0 || only.includes(json.status as never);
	const changed = event === 'conversionChanged';
	const manual = this.getMode() === 'manual';
	const stream = { tracker: 'binom', event, dateField };

	const windowDays = Math.min(
		60,
		Math.max(3, Math.floor(num(this.getNodeParameter('watchDays', 30), 30))),
	);
	if (!changed || manual) {
		const pollStart = clock();
		const source = new BinomConversionSource(
			{
				fetch,
				pageSize,
				overlapMs: latenessMs,
				retry: deps.retry,
				dialect,
				now: clock,
				collectReads: !changed && !manual,
			},
			event,
			dateField,
		);
		const name = changed ? 'conversion.statusChanged' : 'conversion.created';
		const out = await runTrigger.call(
			this,
			{
				source,
				stream,
				toJson: (row: BinomRow) => binomConversionToJson(row, name, map),
				now: deps.now,
				// New Conversion: a conversion met again under a moved time is not new (emitted.ts).
				companion: changed
					? undefined
					: emittedCompanion({
							source: { fetch, retry: deps.retry },
							dialect,
							dateField,
							pageSize: Math.min(10_000, Math.max(2, Math.floor(pageSize))),
							windowDays,
							stream,
							pollStart,
							latenessMs,
							engineRead: () => source.read,
						}),
			},
			{ ...runOptions, overlapMs: latenessMs },
		);
		if (!out) return null;
		const kept = out[0].filter((item) => keep(item.json));
		return kept.length ? [kept] : null;
	}

	// Status or payout changed: the status watch re-reads the Watch Window by days (watch.ts).
	const includeNew = this.getNodeParameter('includeNew', false) === true;
	const sweepMs = num(options.sweepMinutes, 15) * MINUTE;
	const staticData = this.getWorkflowStaticData('node');
	const now = clock();
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const watched = await pollBinomWatch(staticData[WATCH_KEY], {
		source: { fetch, retry: deps.retry },
		dialect,
		dateField,
		pageSize: Math.min(10_000, Math.max(2, Math.floor(pageSize))),
		stream: { ...stream, includeNew },
		now,
		windowDays,
		sweepMs,
		includeNew,
		maxItems: runOptions.maxItemsPerPoll,
		deadline: deadlineFromBudget(budget, now),
		clock,
	});
	staticData[WATCH_KEY] = watched.state;
	for (const key of LEGACY_KEYS) delete staticData[key];
	this.logger.debug(
		`Binom status watch: ${watched.events.length} events, ${watched.stats.rowsRead} rows read, ${watched.stats.daysRead} days, stopped by ${watched.stats.stoppedBy}`,
	);
	const items = watched.events
		.map((e) => {
			const current =
				typeof e.row.status === 'string' || typeof e.row.status === 'number'
					? String(e.row.status).trim()
					: '';
			if (e.kind === 'new') {
				const json = binomConversionToJson(e.row, 'conversion.created', map);
				json.eventKey = `${String(e.row.id)}|${normalizeRawStatus(current)}|0`;
				json.changeNumber = 0;
				return json;
			}
			const prev = splitVersion(e.previousStatus);
			const statusChanged = normalizeRawStatus(prev.status) !== normalizeRawStatus(current);
			const json = binomConversionToJson(
				e.row,
				statusChanged ? 'conversion.statusChanged' : 'conversion.payoutChanged',
				map,
				{ rawStatus: prev.status, revenue: prev.payout },
			);
			json.changeNumber = e.change;
			json.eventKey = `${String(e.row.id)}|${normalizeRawStatus(current)}|${e.change}`;
			return json;
		})
		.filter(keep);
	return items.length ? [this.helpers.returnJsonArray(items)] : null;
}

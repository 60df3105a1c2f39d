import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FirstRun, PollOptions, PollResult, PollSource } from '../polling';
import { markSample } from '../safety';
import {
	DEFAULT_STATE_KEY,
	deadlineFromBudget,
	fetchSample,
	PollConfigError,
	PollSourceError,
	pollStream,
	validatePollOptions,
} from '../polling';

/** What a companion gets after a successful engine poll (see `PollCompanion`). */
export interface CompanionInput<Row> {
	/** Rows the engine delivered (new keys, event-time order). */
	rows: Row[];
	/** The companion's stored state (undefined on the first run). */
	state: unknown;
	/** The engine's result: its stats (reset, caughtUp…) and the state about to be stored. */
	result: PollResult<Row>;
	/** The engine state stored before this poll (undefined on the first run). */
	previousEngineState: unknown;
	/** Poll options as given to the engine (firstRun, overlapMs…). */
	options: PollOptions;
	/** Clock reading after the engine finished. */
	now: number;
}

export interface CompanionOutput<Row> {
	/** Rows to emit (a subset or an annotated copy of `rows`). */
	rows: Row[];
	/** The companion's next state (JSON-serialisable, small); undefined removes it. */
	state: unknown;
}

/**
 * Optional stream-specific step after the engine, with its own small state next to the engine's
 * (e.g. an id mark that tells a first event from an update the API cannot filter out). It may
 * make requests. Its state and the engine's are stored together, and only when both succeed: if
 * it throws, the static data is left as it was and the window is read again by the next poll.
 */
export interface PollCompanion<Row> {
	/** Property of the node's static data that holds the companion's state. */
	key: string;
	afterPoll(input: CompanionInput<Row>): Promise<CompanionOutput<Row>> | CompanionOutput<Row>;
}

export interface TriggerRunSpec<Row> {
	source: PollSource<Row>;
	/** Everything that defines the stream (event, filters…): a change resets the cursor. */
	stream: unknown;
	/** Maps one emitted row to the output item JSON (the canonical model). */
	toJson(row: Row): IDataObject;
	/** Key under the node's static data (one per event stream of the node). */
	stateKey?: string;
	/** Clock override (tests). */
	now?: () => number;
	/** Optional post-processing with its own state (see `PollCompanion`). */
	companion?: PollCompanion<Row>;
}

/** Reads the shared First Run parameters of a trigger. */
export function readFirstRun(ctx: IPollFunctions): FirstRun {
	const mode = ctx.getNodeParameter('firstRun', 'fromNow') as string;
	if (mode === 'backfillDays') {
		return { mode, days: Number(ctx.getNodeParameter('backfillDays', 30)) };
	}
	if (mode === 'fromDate') {
		const date = String(ctx.getNodeParameter('fromDate', '') ?? '');
		if (!date || Number.isNaN(Date.parse(date))) {
			throw new NodeOperationError(ctx.getNode(), 'From Date is empty or not a date', {
				description:
					'Pick the date from which events should be emitted, or choose another First Run option.',
			});
		}
		return { mode, date: new Date(date).toISOString() };
	}
	return { mode: 'fromNow' };
}

/**
 * Keeps the emitted items that pass `keep` (a filter applied after the poll, e.g. statuses or
 * change kinds to emit); null when none is left. In manual mode an empty result is an error that
 * says so, since the test sample itself had events. Without `keep` the result is unchanged.
 */
export function keepItems(
	ctx: IPollFunctions,
	result: INodeExecutionData[][] | null,
	keep: ((json: IDataObject, index: number) => boolean) | undefined,
): INodeExecutionData[][] | null {
	if (!result || !keep) return result;
	const items = result[0].filter((item, i) => keep(item.json, i));
	if (items.length > 0) return [items];
	if (ctx.getMode() === 'manual') {
		throw new NodeOperationError(ctx.getNode(), 'No recent events match the filters', {
			description:
				'The test sample had events, but none passed "Statuses to Emit" / "Changes to Emit". Widen them or fetch again later.',
		});
	}
	return null;
}

/**
 * Drops the node's static data under `keys` except `keep` (the other events' cursors and marks),
 * so that switching the event starts over: a later switch back must not resume an old cursor.
 * Does nothing in manual mode ("Fetch Test Event" never touches static data).
 */
export function dropOtherStaticData(
	ctx: IPollFunctions,
	keys: readonly string[],
	keep: readonly string[],
): void {
	if (ctx.getMode() === 'manual') return;
	const data: Record<string, unknown> = ctx.getWorkflowStaticData('node');
	for (const key of keys) if (!keep.includes(key) && key in data) delete data[key];
}

/**
 * The error of a configuration with `problems`: "The <subject> is not set up correctly: <first>",
 * every problem in its description.
 */
export function setupError(
	ctx: IPollFunctions,
	problems: string[],
	subject = 'trigger',
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`The ${subject} is not set up correctly: ${problems[0]}`,
		{
			description: problems.join('\n'),
		},
	);
}

/**
 * The poll() body every tracker trigger shares:
 * - manual mode ("Fetch Test Event") returns a small recent sample, each item marked
 *   `_sample: true` (SAMPLE_MARKER), and never touches static data;
 * - otherwise the engine runs on `getWorkflowStaticData('node')` within n8n's poll budget;
 * - tracker errors (NodeApiError, HTTP status kept) pass through so n8n's poll back-off sees them;
 * - returns null when there is nothing new.
 */
export async function runTrigger<Row>(
	this: IPollFunctions,
	spec: TriggerRunSpec<Row>,
	options: Omit<PollOptions, 'stream' | 'firstRun' | 'deadline' | 'now'> & { sampleSize?: number },
): Promise<INodeExecutionData[][] | null> {
	const now = spec.now ?? (() => Date.now());
	if (this.getMode() === 'manual') {
		const rows = await fetchSample(spec.source, { limit: options.sampleSize ?? 5, now });
		if (!rows.length) {
			throw new NodeOperationError(this.getNode(), 'No recent events found in the tracker', {
				description:
					'The test looked at the last 7 days. Create a test conversion or click in the tracker, or widen the filters, then fetch again.',
			});
		}
		// Sample data: marked so that no write operation acts on it (see nodes/shared/safety).
		return [this.helpers.returnJsonArray(rows.map((r) => markSample(spec.toJson(r))))];
	}
	const firstRun = readFirstRun(this);
	const pollOptions: PollOptions = { ...options, stream: spec.stream, firstRun, now };
	const problems = validatePollOptions(spec.source, pollOptions);
	if (problems.length) throw setupError(this, problems);
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	pollOptions.deadline = deadlineFromBudget(budget, now());
	let result: PollResult<Row> | undefined;
	let rows: Row[] = [];
	let failure: unknown;
	try {
		// Same as runPoll, plus the optional companion: static data changes only when all succeeded.
		const staticData: Record<string, unknown> = this.getWorkflowStaticData('node');
		const stateKey = spec.stateKey ?? DEFAULT_STATE_KEY;
		const previous = staticData[stateKey];
		const polled = await pollStream(spec.source, previous, pollOptions);
		rows = polled.rows;
		let companionState: unknown;
		if (spec.companion) {
			const out = await spec.companion.afterPoll({
				rows,
				state: staticData[spec.companion.key],
				result: polled,
				previousEngineState: previous,
				options: pollOptions,
				now: now(),
			});
			rows = out.rows;
			companionState = out.state;
		}
		staticData[stateKey] = polled.state;
		if (spec.companion) {
			if (companionState === undefined) delete staticData[spec.companion.key];
			else staticData[spec.companion.key] = companionState;
		}
		result = polled;
	} catch (error) {
		failure = error;
	}
	if (result === undefined) {
		if (failure instanceof PollConfigError) throw setupError(this, failure.problems);
		if (failure instanceof PollSourceError) {
			throw new NodeOperationError(this.getNode(), failure.message, {
				description: 'The tracker returned data the trigger cannot page through safely.',
			});
		}
		// NodeApiError from the request layer (HTTP status kept) goes through unchanged.
		if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
		throw new NodeOperationError(this.getNode(), failure as Error);
	}
	const s = result.stats;
	if (s.evicted > 0 || s.invalidTime > 0) {
		this.logger.warn(
			`Trigger poll: ${s.evicted} remembered events dropped by the state cap, ${s.invalidTime} rows without a usable time`,
		);
	}
	this.logger.debug(
		`Trigger poll: ${s.emitted} new, ${s.duplicates} already seen, ${s.requests} requests, window ${s.windowFrom}..${s.windowTo}, stopped by ${s.stoppedBy}`,
	);
	if (!rows.length) return null;
	return [this.helpers.returnJsonArray(rows.map((r) => spec.toJson(r)))];
}

/**
 * The poll() of the Binom Trigger: picks the event stream, runs it on the shared trigger scaffold,
 * and for "Conversion Status or Payout Changed" classifies each new version against the version
 * memory (see versions.ts).
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mergeStatusMaps, parseStatusMap } from '../../shared/model/status';
import type { CanonicalStatus, StatusMap } from '../../shared/model/status';
import { DEFAULT_MAX_SEEN_KEYS } from '../../shared/polling';
import { runTrigger } from '../../shared/trigger';
import type { CompanionInput } from '../../shared/trigger';
import { trackerRequest } from '../../shared/transport';
import type { RetryPolicy, TrackerRequest } from '../../shared/transport';
import { binomProfile } from '../transport/profile';
import { BINOM_DEFAULT_STATUS_MAP, binomClickToJson, binomConversionToJson } from './mapping';
import type { MapOptions } from './mapping';
import {
	BinomClickSource,
	BinomConversionSource,
	BINOM_DEFAULT_PAGE_SIZE,
	payoutKey,
} from './sources';
import type { BinomFetch, BinomRow, ConversionDateField } from './sources';
import { pollBinomThreshold } from './threshold';
import { VersionMemory } from './versions';
import type { ChangeKind, ConversionVersion } from './versions';

interface Change {
	kind: ChangeKind;
	previous?: ConversionVersion;
}

export type BinomEvent = 'newConversion' | 'conversionChanged' | 'newClick' | 'metricThreshold';

/** Static-data key of the version memory (the engine state lives under `pollState`). */
export const VERSIONS_KEY = 'versions';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Test seams: a clock and a retry policy (the node itself uses neither). */
export interface TriggerDeps {
	now?: () => number;
	retry?: Partial<RetryPolicy>;
}

/** The user's status map merged over the defaults; a problem is a NodeOperationError. */
export function readStatusMap(ctx: IPollFunctions): StatusMap {
	const parsed = parseStatusMap(ctx.getNodeParameter('statusMap', '') as string);
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

export async function pollBinom(
	this: IPollFunctions,
	deps: TriggerDeps = {},
): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'newConversion') as BinomEvent;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const includeRaw = options.includeRaw === true;
	const pageSize = num(options.pageSize, BINOM_DEFAULT_PAGE_SIZE);
	const latenessMs = num(options.overlapMinutes, 10) * MINUTE;
	const runOptions = {
		maxItemsPerPoll: num(options.maxItemsPerPoll, 5000),
		sampleSize: num(options.sampleSize, 5),
	};
	const fetch: BinomFetch = async (req: TrackerRequest) =>
		await trackerRequest.call(this, binomProfile, { retry: deps.retry, ...req });

	if (event === 'metricThreshold') {
		return await pollBinomThreshold.call(this, fetch, options, deps.now ?? (() => Date.now()));
	}
	if (event === 'newClick') {
		const source = new BinomClickSource({
			fetch,
			pageSize,
			overlapMs: latenessMs,
			retry: deps.retry,
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
	const only = Array.isArray(options.onlyStatuses)
		? (options.onlyStatuses as CanonicalStatus[])
		: [];
	const keep = (json: IDataObject) => only.length === 0 || only.includes(json.status as never);
	const changed = event === 'conversionChanged';
	const overlapMs = changed
		? Math.max(num(this.getNodeParameter('watchDays', 7), 7) * DAY, latenessMs)
		: latenessMs;
	const manual = this.getMode() === 'manual';
	const source = new BinomConversionSource(
		{ fetch, pageSize, overlapMs, retry: deps.retry, collectReads: changed && !manual },
		event,
		dateField,
	);
	const stream = { tracker: 'binom', event, dateField };

	if (!changed || manual) {
		const name = changed ? 'conversion.statusChanged' : 'conversion.created';
		const out = await runTrigger.call(
			this,
			{
				source,
				stream,
				toJson: (row: BinomRow) => binomConversionToJson(row, name, map),
				now: deps.now,
			},
			{ ...runOptions, overlapMs },
		);
		if (!out) return null;
		const kept = out[0].filter((item) => keep(item.json));
		return kept.length ? [kept] : null;
	}

	// Status or payout changed: the engine finds new versions (key id|status|payout); the version
	// memory, kept next to the engine state (a companion), tells which are changes and from what.
	const includeNew = this.getNodeParameter('includeNew', false) === true;
	const changes = new WeakMap<BinomRow, Change>();
	const versionOf = (row: BinomRow) => ({
		t: source.eventTime(row),
		status: typeof row.status === 'string' ? row.status.trim() : String(row.status ?? ''),
		payout: Number(payoutKey(row.payout)),
	});
	const out = await runTrigger.call(
		this,
		{
			source,
			stream,
			now: deps.now,
			toJson: (row: BinomRow) => {
				const change = changes.get(row) ?? { kind: 'created' };
				return binomConversionToJson(
					row,
					change.kind === 'created' ? 'conversion.created' : `conversion.${change.kind}`,
					map,
					change.previous
						? { rawStatus: change.previous.status, revenue: change.previous.payout }
						: undefined,
				);
			},
			companion: {
				key: VERSIONS_KEY,
				afterPoll: ({ rows, state, result }: CompanionInput<BinomRow>) => {
					// A reset engine (first run, changed configuration, corrupted state) starts over.
					const memory = VersionMemory.load(
						result.stats.reset ? undefined : state,
						result.state.fp,
					);
					const emit: BinomRow[] = [];
					for (const row of rows) {
						const change = memory.observe(String(row.id), versionOf(row));
						if (change.kind === 'created' && !includeNew) continue;
						changes.set(row, change);
						emit.push(row);
					}
					if (result.stats.stoppedBy === 'baseline') {
						// A "from now" first run reads the recent conversions without emitting them:
						// remember their versions, so that later changes are recognised as changes.
						for (const row of source.read) {
							const version = versionOf(row);
							if (Number.isFinite(version.t)) memory.learn(String(row.id), version);
						}
					}
					memory.prune(Date.parse(result.state.from), DEFAULT_MAX_SEEN_KEYS);
					return { rows: emit, state: memory.toJSON() };
				},
			},
		},
		{ ...runOptions, overlapMs },
	);
	if (!out) return null;
	const kept = out[0].filter((item) => keep(item.json));
	return kept.length ? [kept] : null;
}

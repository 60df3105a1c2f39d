/**
 * The poll() of the TG Tracker Trigger (beta): joins and leaves from `get_chat_members` on the
 * shared polling engine, mapped to canonical conversion events, filtered by the chosen event.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mergeStatusMaps, parseStatusMap } from '../../shared/model/status';
import { isValidZone } from '../../shared/polling';
import { markSample } from '../../shared/safety';
import { runTrigger } from '../../shared/trigger';
import { trackerRequest } from '../../shared/transport';
import type { RetryPolicy, TrackerRequest } from '../../shared/transport';
import { tgTrackerProfile } from '../transport/profile';
import { TG_DEFAULT_STATUS_MAP, tgRowToJson } from './mapping';
import type { LeaveMode, TgMapOptions } from './mapping';
import {
	rowKind,
	sharedPacer,
	TG_DEFAULT_PAGE_SIZE,
	TG_DEFAULT_TEXT_ZONE,
	TG_MIN_INTERVAL_MS,
	TgMembersSource,
} from './source';
import type { TgFetch, TgRow } from './source';
import { readMovedOption } from '../../shared/trigger/layout';

export type TgEvent = 'subscribed' | 'unsubscribed' | 'all';

/** Test seams: a clock, a retry policy and the request spacing (the node itself uses none). */
export interface TgTriggerDeps {
	now?: () => number;
	retry?: Partial<RetryPolicy>;
	minIntervalMs?: number;
}

const MINUTE = 60_000;

function num(v: unknown, fallback: number): number {
	const n = typeof v === 'number' ? v : Number(v);
	return Number.isFinite(n) && n > 0 ? n : fallback;
}

export async function pollTgTracker(
	this: IPollFunctions,
	deps: TgTriggerDeps = {},
): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'subscribed') as TgEvent;
	const leaveMode = this.getNodeParameter('leaveMode', 'unsubscribe') as LeaveMode;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const parsed = parseStatusMap(readMovedOption(this, 'statusMap', ''));
	if (parsed.problems.length) {
		throw new NodeOperationError(this.getNode(), `Status Map: ${parsed.problems[0]}`, {
			description: parsed.problems.join('\n'),
		});
	}
	const textZone = String(options.textZone ?? TG_DEFAULT_TEXT_ZONE).trim() || TG_DEFAULT_TEXT_ZONE;
	if (!isValidZone(textZone)) {
		throw new NodeOperationError(this.getNode(), `Unknown time zone "${textZone}"`, {
			description: 'Use an IANA zone name such as Europe/Moscow or UTC.',
		});
	}
	const wanted = (row: TgRow) => {
		const kind = rowKind(row);
		return event === 'all' || (event === 'subscribed' ? kind === 'join' : kind === 'leave');
	};
	const node = this.getNode();
	const fetch: TgFetch = async (req: TrackerRequest) =>
		await trackerRequest.call(this, tgTrackerProfile, req);
	const overlapMs = num(options.overlapMinutes, 10) * MINUTE;
	const source = new TgMembersSource({
		fetch,
		pageSize: num(options.pageSize, TG_DEFAULT_PAGE_SIZE),
		overlapMs,
		retry: deps.retry,
		textZone,
		pacer: sharedPacer(
			`${node.credentials?.tgTrackerApi?.id ?? node.id}`,
			deps.minIntervalMs ?? TG_MIN_INTERVAL_MS,
		),
		sampleFilter: wanted,
	});
	const map: TgMapOptions = {
		statusMap: mergeStatusMaps(TG_DEFAULT_STATUS_MAP, parsed.map),
		leaveMode,
		includeRaw: options.includeRaw === true,
	};
	if (options.resolveTags === true) map.tags = await source.fetchTags();

	const kept: TgRow[] = [];
	const out = await runTrigger.call(
		this,
		{
			source,
			// The event filter is part of the stream: switching it starts over (first run again).
			stream: { tracker: 'tgtracker', event, textZone },
			toJson: (row: TgRow) => {
				if (wanted(row)) kept.push(row);
				return {};
			},
			now: deps.now,
		},
		{
			overlapMs,
			maxItemsPerPoll: num(options.maxItemsPerPoll, 5000),
			sampleSize: num(options.sampleSize, 5),
		},
	);
	if (!out || kept.length === 0) {
		if (this.getMode() === 'manual') {
			throw new NodeOperationError(this.getNode(), 'No recent events found in the tracker', {
				description: 'The test looked at the last 7 days and found no event of this kind.',
			});
		}
		return null;
	}
	const sample = this.getMode() === 'manual';
	return [
		this.helpers.returnJsonArray(
			kept.map((row) => {
				const json = tgRowToJson(row, source, map);
				return sample ? markSample(json) : json;
			}),
		),
	];
}

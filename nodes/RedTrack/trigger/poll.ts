import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { StatusMap } from '../../shared/model/status';
import { normalizeRawStatus } from '../../shared/model/status';
import { deadlineFromBudget } from '../../shared/polling';
import { dropOtherStaticData, keepItems, readFirstRun, runTrigger } from '../../shared/trigger';
import { RedTrackApiClient } from './api';
import { createdMs, redTrackCampaignSource, updatedMs } from './campaigns';
import { REDTRACK_CONVERSION_LATENESS_MINUTES } from './description';
import type { RedTrackRow } from './logs';
import { REDTRACK_DEFAULT_PAGE_SIZE, idOf, redTrackLogSource } from './logs';
import {
	asJson,
	campaignEventType,
	campaignState,
	redTrackCampaign,
	redTrackClick,
	redTrackConversion,
} from './mapping';
import { redTrackRuntime } from './runtime';
import { accountTimezone } from './settings';
import { redTrackStatusMap } from './status';
import { StatusMemo } from './statusMemo';
import { pollRedTrackThreshold, REDTRACK_THRESHOLD_KEY } from './threshold';
import { pollRedTrackWatch } from './watch';
import { readMovedFilter, readMovedOption } from '../../shared/trigger/layout';

/**
 * Static-data keys: the engine state, the status memo of "Conversion Status Changed" and the
 * campaign state memo of "New or Updated Campaign".
 */
export const REDTRACK_STATE_KEY = 'pollState';
export const REDTRACK_MEMO_KEY = 'statusMemo';
/** State of the status watch of "Conversion Status Changed" (replaces the old memo). */
export const REDTRACK_WATCH_KEY = 'statusWatch';
export const REDTRACK_CAMPAIGN_MEMO_KEY = 'campaignMemo';

const FILTER_FIELDS = ['campaign_id', 'source_id', 'offer_id', 'country_code', 'type'] as const;
const TIME_FIELDS = ['conv_time', 'created_at', 'track_time'];

interface Common {
	includeRaw: boolean;
	overlapMs?: number;
	maxItemsPerPoll?: number;
	sampleSize?: number;
}

function num(v: unknown): number | undefined {
	return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function commonOptions(options: IDataObject): Common {
	const minutes = num(options.overlapMinutes);
	return {
		includeRaw: options.includeRaw === true,
		overlapMs: minutes === undefined ? undefined : minutes * 60_000,
		maxItemsPerPoll: num(options.maxItemsPerPoll),
		sampleSize: num(options.sampleSize),
	};
}

function stringList(v: unknown): string[] {
	return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Filters as sent to RedTrack: trimmed, comma lists without blanks, empty ones dropped. */
export function readFilters(raw: IDataObject, conversions: boolean, report = false): IDataObject {
	const out: IDataObject = {};
	for (const name of FILTER_FIELDS) {
		if (name === 'type' && !conversions) continue;
		// RedTrack's /report filters by campaign, source and offer ids, not by country (spec).
		if (name === 'country_code' && report) continue;
		const v = raw[name];
		if (typeof v !== 'string' && typeof v !== 'number') continue;
		const list = String(v)
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (list.length) out[name] = list.join(',');
	}
	return out;
}

function statusMapOf(ctx: IPollFunctions): StatusMap {
	const { map, problems } = redTrackStatusMap(readMovedOption(ctx, 'statusMap', ''));
	if (problems.length > 0) {
		throw new NodeOperationError(ctx.getNode(), `Status Map: ${problems[0]}`, {
			description: problems.join('\n'),
		});
	}
	return map;
}

/** "Statuses to Emit": under Options in node version 1, under Filters in version 2. */
function statusFilter(ctx: IPollFunctions) {
	const statuses = stringList(readMovedFilter(ctx, 'statuses', []));
	return (json: IDataObject) => statuses.length === 0 || statuses.includes(String(json.status));
}

async function pollCampaigns(
	this: IPollFunctions,
	api: RedTrackApiClient,
	options: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const common = commonOptions(options);
	// "Changes to Emit": under Options in node version 1, under Filters in version 2.
	const chosen: unknown = readMovedFilter(this, 'campaignEvents', undefined);
	const events = chosen === undefined ? undefined : stringList(chosen);
	const stream = { tracker: 'redtrack', event: 'campaignChanged' };
	const manual = this.getMode() === 'manual';
	const staticData = this.getWorkflowStaticData('node');
	const memo = StatusMemo.load(
		staticData[REDTRACK_CAMPAIGN_MEMO_KEY],
		StatusMemo.fingerprintOf(stream, readFirstRun(this)),
	);
	const stateOf = (row: RedTrackRow) => campaignState(row.status) ?? '';
	let listed: RedTrackRow[] = [];
	const emitted: RedTrackRow[] = [];
	const result = await runTrigger.call(
		this,
		{
			source: redTrackCampaignSource(api, (rows) => (listed = rows)),
			stream,
			toJson: (row: RedTrackRow) => {
				const id = idOf(row);
				const previous = memo.previous(id);
				if (!manual) {
					memo.set(id, stateOf(row));
					emitted.push(row);
				}
				const event = campaignEventType(row, createdMs(row), updatedMs(row), previous);
				return asJson(redTrackCampaign(row, event, common.includeRaw, previous));
			},
			stateKey: REDTRACK_STATE_KEY,
			now: redTrackRuntime.now,
		},
		{ ...common, overlapMs: undefined },
	);
	if (!manual) {
		if (memo.fresh) {
			for (const row of listed) memo.set(idOf(row), stateOf(row));
			for (const row of emitted) memo.set(idOf(row), stateOf(row));
		}
		staticData[REDTRACK_CAMPAIGN_MEMO_KEY] = memo.encode();
	}
	return keepItems(this, result, (json) => !events || events.includes(String(json.event)));
}

async function pollLog(
	this: IPollFunctions,
	api: RedTrackApiClient,
	event: 'newConversion' | 'statusChanged' | 'newClick',
	options: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const common = commonOptions(options);
	const conversions = event !== 'newClick';
	const filters = readFilters(this.getNodeParameter('filters', {}) as IDataObject, conversions);
	const override = typeof options.accountTimezone === 'string' ? options.accountTimezone : '';
	const zone = await accountTimezone(api, this.getNode(), override);
	const pageSize = num(options.pageSize) ?? REDTRACK_DEFAULT_PAGE_SIZE;

	if (!conversions) {
		const source = redTrackLogSource({
			api,
			path: '/tracks',
			zone,
			timeField: 'track_time',
			key: idOf,
			filters,
			pageSize,
			node: this.getNode(),
		});
		return await runTrigger.call(
			this,
			{
				source,
				stream: { tracker: 'redtrack', event, filters },
				toJson: (row: RedTrackRow) => asJson(redTrackClick(row, zone, common.includeRaw)),
				stateKey: REDTRACK_STATE_KEY,
				now: redTrackRuntime.now,
			},
			{ ...common, overlapMs: undefined },
		);
	}

	const statusMap = statusMapOf(this);
	const timeField =
		typeof options.dateField === 'string' && TIME_FIELDS.includes(options.dateField)
			? options.dateField
			: 'conv_time';
	const stream = { tracker: 'redtrack', event, filters, timeField };
	const keepStatus = statusFilter(this);

	if (event === 'newConversion') {
		const source = redTrackLogSource({
			api,
			path: '/conversions',
			zone,
			timeField,
			key: idOf,
			filters,
			pageSize,
			overlapMs: REDTRACK_CONVERSION_LATENESS_MINUTES * 60_000,
			node: this.getNode(),
		});
		const result = await runTrigger.call(
			this,
			{
				source,
				stream,
				toJson: (row: RedTrackRow) =>
					asJson(redTrackConversion(row, { zone, statusMap, includeRaw: common.includeRaw })),
				stateKey: REDTRACK_STATE_KEY,
				now: redTrackRuntime.now,
			},
			common,
		);
		return keepItems(this, result, keepStatus);
	}

	// Conversion Status Changed: the status watch (watch.ts) re-reads the Watch Window by days and
	// compares each conversion's status with the last one read (flip-backs included).
	const manual = this.getMode() === 'manual';
	const includeNew = this.getNodeParameter('includeNew', false) as boolean;
	const windowDays = num(this.getNodeParameter('watchWindowDays', 30)) ?? 30;
	const sweepMinutes = num(options.sweepMinutes) ?? 15;
	const statusOf = (row: RedTrackRow) =>
		typeof row.status === 'string' || typeof row.status === 'number'
			? String(row.status).trim()
			: '';
	if (manual) {
		// "Fetch Test Event": a recent sample, static data untouched.
		const source = redTrackLogSource({
			api,
			path: '/conversions',
			zone,
			timeField,
			key: (row) => `${idOf(row)}|${normalizeRawStatus(statusOf(row))}`,
			filters,
			pageSize,
		});
		const result = await runTrigger.call(
			this,
			{
				source,
				stream,
				toJson: (row: RedTrackRow) =>
					asJson(redTrackConversion(row, { zone, statusMap, includeRaw: common.includeRaw })),
				now: redTrackRuntime.now,
			},
			common,
		);
		return keepItems(this, result, keepStatus);
	}
	const staticData = this.getWorkflowStaticData('node');
	const now = redTrackRuntime.now();
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const watched = await pollRedTrackWatch(staticData[REDTRACK_WATCH_KEY], {
		api,
		node: this.getNode(),
		zone,
		timeField,
		filters,
		pageSize,
		stream: { ...stream, includeNew },
		now,
		windowDays,
		sweepMs: sweepMinutes * 60_000,
		includeNew,
		maxItems: common.maxItemsPerPoll,
		deadline: deadlineFromBudget(budget, now),
		clock: redTrackRuntime.now,
		normalize: normalizeRawStatus,
	});
	staticData[REDTRACK_WATCH_KEY] = watched.state;
	if (watched.events.length === 0) return null;
	const items = watched.events.map((e) => {
		const json = asJson(
			redTrackConversion(e.row, {
				zone,
				statusMap,
				includeRaw: common.includeRaw,
				event: e.kind === 'changed' ? 'conversion.statusChanged' : 'conversion.created',
				previousRawStatus: e.kind === 'changed' ? e.previousStatus : undefined,
			}),
		);
		json.eventKey = `${idOf(e.row)}|${normalizeRawStatus(statusOf(e.row))}|${e.change}`;
		return json;
	});
	return keepItems(this, [this.helpers.returnJsonArray(items)], keepStatus);
}

/** Static-data keys of each event: after a successful poll the other events' keys are dropped. */
const KEYS_OF: Record<string, string[]> = {
	newConversion: [REDTRACK_STATE_KEY],
	newClick: [REDTRACK_STATE_KEY],
	statusChanged: [REDTRACK_WATCH_KEY],
	campaignChanged: [REDTRACK_STATE_KEY, REDTRACK_CAMPAIGN_MEMO_KEY],
	metricThreshold: [REDTRACK_THRESHOLD_KEY],
	// Keys of earlier versions, dropped by every event.
	legacy: [REDTRACK_MEMO_KEY],
};

async function pollEvent(
	this: IPollFunctions,
	event: string,
	api: RedTrackApiClient,
	options: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	if (event === 'campaignChanged') return await pollCampaigns.call(this, api, options);
	if (event === 'metricThreshold') {
		const filters = readFilters(this.getNodeParameter('filters', {}) as IDataObject, false, true);
		return await pollRedTrackThreshold.call(this, api, options, filters);
	}
	if (event === 'statusChanged' || event === 'newClick') {
		return await pollLog.call(this, api, event, options);
	}
	return await pollLog.call(this, api, 'newConversion', options);
}

/** Entry point of `RedTrackTrigger.poll()`. */
export async function pollRedTrack(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'newConversion') as string;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const result = await pollEvent.call(this, event, new RedTrackApiClient(this), options);
	dropOtherStaticData(this, Object.values(KEYS_OF).flat(), KEYS_OF[event] ?? KEYS_OF.newConversion);
	return result;
}

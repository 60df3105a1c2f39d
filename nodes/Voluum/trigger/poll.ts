import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dropOtherStaticData, keepItems, runTrigger } from '../../shared/trigger';
import { VoluumApiClient } from './api';
import { voluumCampaign, voluumCampaignSource } from './campaigns';
import {
	VOLUUM_DEFAULT_PAGE_SIZE,
	VOLUUM_QUERY_ZONE,
	voluumConversion,
	voluumConversionSource,
} from './conversions';
import type { VoluumRow, VoluumTimeMode } from './conversions';
import { voluumRuntime } from './runtime';
import { voluumStatusMap } from './status';
import { pollVoluumThreshold, VOLUUM_THRESHOLD_KEY } from './threshold';
import { readMovedFilter, readMovedOption } from '../../shared/trigger/layout';

/** Static-data key of the engine state (one per node: changing the event resets it). */
export const VOLUUM_STATE_KEY = 'pollState';

export interface CommonOptions {
	includeRaw: boolean;
	overlapMs?: number;
	maxItemsPerPoll?: number;
	sampleSize?: number;
	maxSeenKeys?: number;
}

const DAY_MS = 86_400_000;
/** Visit-time mode remembers every conversion of the visit window (9 bytes each in static data). */
export const VISIT_MODE_MAX_SEEN_KEYS = 50_000;

export function commonOptions(options: IDataObject): CommonOptions {
	const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
	const minutes = n(options.overlapMinutes);
	return {
		includeRaw: options.includeRaw === true,
		overlapMs: minutes === undefined ? undefined : minutes * 60_000,
		maxItemsPerPoll: n(options.maxItemsPerPoll),
		sampleSize: n(options.sampleSize),
	};
}

function stringList(v: unknown): string[] {
	return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export async function pollVoluumConversions(
	this: IPollFunctions,
	api: VoluumApiClient,
	options: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const { map, problems } = voluumStatusMap(readMovedOption(this, 'statusMap', ''));
	if (problems.length > 0) {
		throw new NodeOperationError(this.getNode(), `Status Map: ${problems[0]}`, {
			description: problems.join('\n'),
		});
	}
	const common = commonOptions(options);
	// Version 1 keeps the search filter and "Statuses to Emit" under Options, version 2 under Filters.
	const search: unknown = readMovedFilter(this, 'filter', '');
	const filter = typeof search === 'string' ? search.trim() : '';
	const pageSize =
		typeof options.pageSize === 'number' ? options.pageSize : VOLUUM_DEFAULT_PAGE_SIZE;
	const zone = VOLUUM_QUERY_ZONE;
	const node = this.getNode();
	const timeMode: VoluumTimeMode = options.conversionTimeMode === 'VISIT' ? 'VISIT' : 'CONVERSION';
	if (timeMode === 'VISIT') {
		// The window follows the visit time: a postback shows up as late as the visit-to-postback delay.
		const days = typeof options.visitWindowDays === 'number' ? options.visitWindowDays : 7;
		common.overlapMs = Math.max(common.overlapMs ?? 0, days * DAY_MS);
		common.maxSeenKeys = VISIT_MODE_MAX_SEEN_KEYS;
	}
	const source = voluumConversionSource({
		api,
		node: () => node,
		zone,
		pageSize,
		filter,
		timeMode,
	});
	const statuses = stringList(readMovedFilter(this, 'statuses', []));
	const result = await runTrigger.call(
		this,
		{
			source,
			// CONVERSION keeps the fingerprint of earlier versions (no reset on upgrade).
			stream: {
				tracker: 'voluum',
				event: 'newConversion',
				zone,
				filter,
				...(timeMode === 'VISIT' ? { timeMode } : {}),
			},
			toJson: (row: VoluumRow) =>
				voluumConversion(row, {
					statusMap: map,
					zone,
					includeRaw: common.includeRaw,
				}) as unknown as IDataObject,
			stateKey: VOLUUM_STATE_KEY,
			now: voluumRuntime.now,
		},
		common,
	);
	return keepItems(
		this,
		result,
		statuses.length ? (json) => statuses.includes(String(json.status)) : undefined,
	);
}

export async function pollVoluumCampaigns(
	this: IPollFunctions,
	api: VoluumApiClient,
	options: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const common = commonOptions(options);
	// "Changes to Emit": under Options in node version 1, under Filters in version 2.
	const chosen: unknown = readMovedFilter(this, 'campaignEvents', undefined);
	const events = stringList(chosen);
	const result = await runTrigger.call(
		this,
		{
			source: voluumCampaignSource(api),
			stream: { tracker: 'voluum', event: 'campaignChanged' },
			toJson: (row: VoluumRow) => voluumCampaign(row, common.includeRaw) as unknown as IDataObject,
			stateKey: VOLUUM_STATE_KEY,
			now: voluumRuntime.now,
		},
		{ ...common, overlapMs: undefined },
	);
	return keepItems(
		this,
		result,
		chosen === undefined ? undefined : (json) => events.includes(String(json.event)),
	);
}

/** Static-data keys of each event: after a successful poll the other events' keys are dropped. */
const KEYS_OF: Record<string, string[]> = {
	newConversion: [VOLUUM_STATE_KEY],
	campaignChanged: [VOLUUM_STATE_KEY],
	metricThreshold: [VOLUUM_THRESHOLD_KEY],
};

/** Entry point of `VoluumTrigger.poll()`. */
export async function pollVoluum(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'newConversion') as string;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const api = new VoluumApiClient(this);
	let result: INodeExecutionData[][] | null;
	if (event === 'campaignChanged') result = await pollVoluumCampaigns.call(this, api, options);
	else if (event === 'metricThreshold') result = await pollVoluumThreshold.call(this, api, options);
	else result = await pollVoluumConversions.call(this, api, options);
	dropOtherStaticData(this, Object.values(KEYS_OF).flat(), KEYS_OF[event] ?? KEYS_OF.newConversion);
	return result;
}

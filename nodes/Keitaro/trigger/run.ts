/**
 * The Keitaro Trigger's poll(): picks the event, builds its source on the shared polling engine
 * (or the Metric Threshold check), and runs it through the shared trigger scaffold.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_STATE_KEY } from '../../shared/polling';
import type { TriggerRunSpec } from '../../shared/trigger';
import { dropOtherStaticData, runTrigger } from '../../shared/trigger';
import { clickFilters, clickSource } from './clicks';
import type { TriggerOptions } from './common';
import { inList, readIds, readOptions, readStrings, TRACKER } from './common';
import type { ConversionEventKind } from './conversions';
import { conversionFilters, conversionSource, MARK_KEY } from './conversions';
import { pollConversionWatch, WATCH_KEY } from './watch';
import type { EntityRow, EntityType } from './entities';
import {
	ENTITY_MARK_KEY,
	ENTITY_TYPES,
	EntitySource,
	entityCompanion,
	entityToJson,
} from './entities';
import type { LogRow } from './logSource';
import { keitaroStatusMapper } from './status';
import { pollThreshold, readThresholdSettings, THRESHOLD_KEY } from './threshold';

export type KeitaroTriggerEvent =
	| ConversionEventKind
	| 'newClick'
	| 'entityChanged'
	| 'metricThreshold';

/** Static-data keys of the node; switching the event clears the others (a fresh start). */
const ALL_KEYS = [DEFAULT_STATE_KEY, MARK_KEY, WATCH_KEY, ENTITY_MARK_KEY, THRESHOLD_KEY];

function clearOtherKeys(ctx: IPollFunctions, keep: string[]): void {
	dropOtherStaticData(ctx, ALL_KEYS, keep);
}

function engineOptions(options: TriggerOptions) {
	return {
		maxItemsPerPoll: options.maxItemsPerPoll,
		overlapMs: options.overlapMs,
		sampleSize: options.sampleSize,
	};
}

export async function pollKeitaroTrigger(
	this: IPollFunctions,
	now: () => number = () => Date.now(),
): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'newConversion') as KeitaroTriggerEvent;
	const options = readOptions(this);
	const f = (this.getNodeParameter('filters', {}) ?? {}) as IDataObject;
	const campaignIds = readIds(f.campaignIds);

	if (event === 'metricThreshold') {
		const filters = [
			...inList('campaign_id', campaignIds),
			...inList('offer_id', readIds(f.offerIds)),
			...inList('ts_id', readIds(f.trafficSourceIds)),
		];
		const settings = readThresholdSettings(this, options, filters);
		clearOtherKeys(this, [THRESHOLD_KEY]);
		return await pollThreshold(this, settings, options, now);
	}

	let spec: TriggerRunSpec<LogRow> | undefined;
	if (event === 'newConversion' || event === 'conversionStatusChanged') {
		const { mapper, problems } = keitaroStatusMapper(options.statusMap);
		if (problems.length) {
			throw new NodeOperationError(this.getNode(), `Status Map: ${problems[0]}`, {
				description: problems.join('\n'),
			});
		}
		const cf = {
			campaignIds,
			offerIds: readIds(f.offerIds),
			trafficSourceIds: readIds(f.trafficSourceIds),
			statuses: readStrings(f.statuses),
			previousStatuses: event === 'conversionStatusChanged' ? readStrings(f.previousStatuses) : [],
		};
		const stream = {
			tracker: TRACKER,
			event,
			filters: cf,
			zone: options.timezone,
			timeMode: options.conversionTimeMode,
		};
		if (this.getMode() !== 'manual') {
			// The conversion watch (watch.ts): exact under every time model and id order.
			clearOtherKeys(this, [WATCH_KEY]);
			const statusChanged = event === 'conversionStatusChanged';
			// Status Changed filters statuses per change (the memo must see every status).
			const serverFilters = conversionFilters(
				statusChanged ? { ...cf, statuses: [], previousStatuses: [] } : cf,
				event,
			);
			return await pollConversionWatch(
				this,
				{
					kind: event,
					filters: serverFilters,
					statuses: statusChanged ? cf.statuses : [],
					previousStatuses: cf.previousStatuses,
					watchMs: options.watchWindowMs,
					sweepMs: options.sweepPeriodMs,
					stream,
				},
				options,
				mapper,
				now,
			);
		}
		// "Fetch Test Event": a recent sample (no state).
		const source = conversionSource(this, event, conversionFilters(cf, event), options, mapper);
		spec = { source, stream, toJson: (row) => source.output(row), now };
	} else if (event === 'newClick') {
		const cf = {
			campaignIds,
			excludeBots: f.excludeBots === true,
			uniqueOnly: f.uniqueOnly === true,
		};
		const source = clickSource(this, clickFilters(cf), options);
		spec = {
			source,
			stream: { tracker: TRACKER, event, filters: cf, zone: options.timezone },
			toJson: (row) => source.output(row),
			now,
		};
		clearOtherKeys(this, [DEFAULT_STATE_KEY]);
	} else if (event === 'entityChanged') {
		const type = this.getNodeParameter('entityType', 'campaign') as EntityType;
		if (!ENTITY_TYPES.some((e) => e.value === type)) {
			throw new NodeOperationError(this.getNode(), `Unknown entity "${String(type)}"`);
		}
		const ef = (this.getNodeParameter('entityFilters', {}) ?? {}) as IDataObject;
		const ids = type === 'campaign' || type === 'flow' ? readIds(ef.campaignIds) : [];
		const source = new EntitySource(this, type, ids, options);
		const entitySpec: TriggerRunSpec<EntityRow> = {
			source,
			stream: {
				tracker: TRACKER,
				event,
				entityType: type,
				campaignIds: ids,
				zone: options.timezone,
			},
			toJson: entityToJson(type, options),
			companion: entityCompanion(source),
			now,
		};
		clearOtherKeys(this, [DEFAULT_STATE_KEY, ENTITY_MARK_KEY]);
		return await runTrigger.call(this, entitySpec, engineOptions(options));
	} else {
		throw new NodeOperationError(this.getNode(), `Unknown event "${String(event)}"`);
	}
	return await runTrigger.call(this, spec, engineOptions(options));
}

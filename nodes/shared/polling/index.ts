export * from './types';
export {
	DEFAULT_BACKFILL_DAYS,
	DEFAULT_MAX_ITEMS_PER_POLL,
	DEFAULT_MAX_RESTARTS,
	DEFAULT_MAX_SEEN_KEYS,
	DEFAULT_OVERLAP_MS,
	DEFAULT_STATE_KEY,
	PollConfigError,
	PollSourceError,
	deadlineFromBudget,
	fetchSample,
	firstRunStart,
	pollStream,
	runPoll,
	validateFirstRun,
	validatePollOptions,
} from './engine';
export type { SampleOptions, StaticData } from './engine';
export { fingerprint, hash53, stableStringify } from './hash';
export { STATE_VERSION } from './state';
export {
	floorToGranule,
	formatLocal,
	isoOfParsed,
	isValidZone,
	localToEpochMs,
	nextGranule,
	parseTimeToMs,
	timeToIso,
	toIsoUtc,
	zoneOffsetMs,
} from './time';
export { ID_BLOCK, IdRanges } from './idRanges';
export type { IdRangesState, RangeId } from './idRanges';
export { StatusMemo, dayOf } from './statusMemo';
export type {
	MemoEntry,
	MemoId,
	MemoValue,
	StatusMemoState,
	StatusMemoStateV1,
} from './statusMemo';

/**
 * Shared cost upload kit (no tracker named here). A tracker's cost operation reads its spend rows,
 * rounds periods the way its API wants (./time: hour or day), checks time zone and currency
 * (./checks), merges rows that would overwrite each other, and sends through a `RateQueue` built
 * from the tracker's own `RateLimit` (./queue): within one execution the queue waits between
 * requests instead of being refused, and `queueNotice` tells the user how long that takes. After
 * sending it may read the costs back and judge each row with `judgeCost` (the same statuses and
 * lost-spend flag as Keitaro's Sync Costs).
 */
export * from './queue';
export * from './time';
export * from './checks';

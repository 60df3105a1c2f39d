/**
 * Tracker-agnostic Metric Threshold building blocks (used by every tracker's trigger):
 * - `parseConditions` / `conditionsMet` / `describeConditions`: AND-ed `measure op value` rules;
 * - `validatePeriod` / `resolvePeriod`: today, yesterday, last N hours, last N days in a zone;
 * - `evaluateThreshold`: fire once per row per period, re-arm on recovery, bounded state;
 * - description.ts: the parameters of the Metric Threshold event, built from the tracker's wording;
 * - poll.ts: reading those parameters, the poll() step after the report was read, output items;
 * - rules.ts: the rules kit (cooldown, max actions per day, whitelist) and the audit record every
 *   emitted item carries (what, why, which rule, values).
 *
 * A trigger's poll: resolve the period, read the report for it (all pages), call
 * `evaluateThreshold` with the stored state, emit `crossed` (and optionally `recovered`), store
 * `state` only when everything succeeded. See evaluate.ts for the guarantees.
 */
export * from './conditions';
export * from './period';
export * from './evaluate';
export * from './description';
export * from './poll';
export * from './rules';

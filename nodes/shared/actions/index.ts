/**
 * Shared action-node kit: what every tracker's action node (`nodes/<Tracker>/<Tracker>.node.ts`)
 * is built from. Nothing here names a tracker.
 *
 * How a tracker plugs in
 * 1. One file per operation, `nodes/<Tracker>/actions/<resource>/<op>.ts`, exporting an
 *    `ActionOperation`: usually one line over a factory (`getOperation(campaignDef)`,
 *    `getManyOperation(offerDef)`), otherwise `{option, properties, calls, write?, execute}`.
 *    `calls` lists the API calls it sends ('GET /campaigns/{id}'): the conformance test checks it.
 * 2. `nodes/<Tracker>/actions/<resource>/index.ts` exports an `ActionResource`;
 *    `nodes/<Tracker>/actions/index.ts` lists the resources in dropdown order.
 * 3. The node: `properties: buildActionProperties(resources)` and
 *    `execute() { return await runActions.call(this, { tracker, credentialType, resources }) }`.
 *
 * Guarantees of `runActions`
 * - resource/operation are read from item 0; an operation runs once per input item (`execute`)
 *   or once for all items (`executeBatch`, for batching and rate-limited queues);
 * - `write: true` operations pass the write guard (`assertWriteAllowed`: credential's Allow Write
 *   Operations, sample items) for every item before anything is sent for it;
 * - every output item carries `pairedItem`; with continueOnFail a failing item becomes
 *   `{error, description?, httpCode?}` and the others go on; without it the error carries the item.
 *
 * Helpers: `returnAllLimit()` + `readListOptions()` + `collectPages()` (Return All / Limit over
 * page/offset paging), `simplifyField` + `readOutputMode()` + `shapeRecord()` (canonical model,
 * raw fields on request), `dryRunField`, `entityLocator()` + `readLocatorId()` (resource
 * locators), `parseAnswer()` (zod validation at the boundary: a surprise names the field).
 */
export * from './types';
export * from './descriptions';
export * from './guard';
export * from './paging';
export * from './simplify';
export * from './validate';
export * from './router';
export * from './factories';

/**
 * Postback webhook engine (tracker-agnostic).
 *
 * Model
 * - A tracker pushes a server-to-server postback (GET query, POST form or POST JSON) to the URL
 *   the trigger shows: n8n's webhook URL + `?secret=…` (or `/postback/<secret>`) + the tracker's
 *   macros (a `PostbackMacroTable` from nodes/<Tracker>/postback). The engine turns it into one
 *   canonical conversion item (nodes/shared/model/canonical.ts, same fields and status mapping as
 *   the polling triggers) with the received parameters under `raw`.
 *
 * Guarantees
 * - Checks run in this order, each refusal answering a 4xx with one plain sentence and starting
 *   nothing: body size (413) → IP allow-list (403) → secret missing (401) / wrong (403, constant-time
 *   comparison of SHA-256 digests) → unreadable body (400) → missing click id, unfilled click-id
 *   macro, non-numeric payout (400) → unknown status (422, only when "Refuse Unknown Statuses").
 * - The secret is removed from the parameters before anything is built: it is in no output item,
 *   no log line and no error. Unknown statuses map by the keyword rules of the status map
 *   (fallback pending) and keep the tracker's string in `rawStatus`.
 * - The same postback — (tracker, click id + transaction id, raw status, payout) — seen again
 *   within the window (default 24 h) is answered 200 "Duplicate postback ignored." and not emitted.
 *   A new status for a known conversion is emitted as `conversion.statusChanged` with
 *   `previousStatus`/`previousRawStatus`, whatever order the statuses arrive in.
 * - Memory is bounded: at most "Max Remembered Postbacks" (default 50,000) digests per node; the
 *   oldest are forgotten first. Keys are SHA-256 digests (no ids or payouts kept in clear).
 *
 * Limits
 * - The deduplication memory lives in the n8n process (module memory), not in the database: an n8n
 *   restart forgets it, and in queue mode with several webhook processes each process has its own.
 *   A resend that lands after a restart, or on another webhook process, is emitted again (use
 *   `conversionId` downstream when that matters).
 * - "Respond When the Workflow Finishes" answers after the run (an error status when it failed),
 *   but a resend inside the window is still a duplicate: set the window to 0 to have resends run
 *   the workflow again.
 * - The client address is the one n8n reports (`req.ip`): behind a proxy, configure n8n's
 *   N8N_PROXY_HOPS, or every postback appears to come from the proxy.
 */
export * from './dedupe';
export * from './description';
export * from './engine';
export * from './ip';
export * from './request';
export * from './secret';
export * from './node';
export * from './factory';

/**
 * Macro tables: what each tracker substitutes into a postback URL, and which query parameter of
 * the URL n8n gives the tracker carries it. Each tracker folder exports one `PostbackMacroTable`
 * (nodes/<Tracker>/postback/macros.ts) citing its documentation; nothing here names a tracker.
 */
import type { CanonicalStatus, StatusMap } from '../model/status';

/** Canonical conversion field a macro fills. */
export type PostbackField =
	| 'clickId'
	| 'transactionId'
	| 'status'
	| 'payout'
	| 'currency'
	| 'campaignId'
	| 'campaignName'
	| 'offerId'
	| 'offerName'
	| 'trafficSourceId'
	| 'trafficSourceName'
	| 'landingId'
	| 'affiliateNetworkId'
	| 'affiliateNetworkName'
	| 'country'
	| 'ip'
	| 'clickTime'
	| 'postbackTime'
	| 'subId'
	/** Kept under `raw` only (e.g. an external id of the traffic source). */
	| 'extra';

export interface MacroEntry {
	field: PostbackField;
	/** Query parameter of the n8n URL, e.g. `clickid`. */
	param: string;
	/** The tracker's macro that fills it, e.g. `{subid}`. */
	macro: string;
	/** For `subId`: the canonical slot 1…30. */
	subIndex?: number;
	/** Other parameter names accepted inbound (a URL the user wrote by hand). */
	aliases?: string[];
	/** Where the macro comes from: a documentation URL, or a sentence starting with "Assumed". */
	source: string;
	/** The macro is not in the tracker's documentation we could read. */
	assumed?: boolean;
}

export interface PostbackMacroTable {
	/** Lower-case tracker id, as in canonical items. */
	tracker: string;
	/** Brand name for messages. */
	name: string;
	/** The tracker's postback documentation the table was built from. */
	docs: string[];
	macros: MacroEntry[];
	/** The tracker's raw statuses → canonical. */
	statusMap: StatusMap;
	/**
	 * Raw status assumed when the postback carries none (or an unfilled macro), e.g. `sale` for a
	 * tracker whose plain postback is a confirmed conversion.
	 */
	emptyStatus: string;
	/** Canonical status of a raw status no map entry or keyword matches (default pending). */
	statusFallback?: CanonicalStatus;
	/** IANA zone of wall-clock times the time macro sends (default UTC). */
	timeZone?: string;
	/** Lines for the node's help text: where to paste the URL, which statuses to tick. */
	setupHint: string;
}

/** The entry that fills `field` (first one), if the table has it. */
export function macroFor(table: PostbackMacroTable, field: PostbackField): MacroEntry | undefined {
	return table.macros.find((m) => m.field === field);
}

/** `param=macro` pairs of the table, in order, as they go in the URL (macros left unencoded). */
export function macroQuery(table: PostbackMacroTable): string {
	return table.macros.map((m) => `${m.param}=${m.macro}`).join('&');
}

/**
 * The URL to paste into the tracker: the n8n webhook URL, the secret (when it travels as a query
 * parameter) and every macro of the table. Braces and other macro characters stay literal so the
 * tracker can substitute them; the secret is URL-encoded.
 */
export function buildInboundUrl(
	webhookUrl: string,
	table: PostbackMacroTable,
	secret?: { param: string; value: string },
): string {
	const parts: string[] = [];
	if (secret) parts.push(`${secret.param}=${encodeURIComponent(secret.value)}`);
	parts.push(macroQuery(table));
	const sep = webhookUrl.includes('?') ? '&' : '?';
	return `${webhookUrl}${sep}${parts.join('&')}`;
}

/** Sub-id entries `param_1=macro_1 … param_n=macro_n`. */
export function subIdMacros(
	count: number,
	param: (n: number) => string,
	macro: (n: number) => string,
	source: string,
	assumed?: boolean,
): MacroEntry[] {
	const out: MacroEntry[] = [];
	for (let n = 1; n <= count; n++) {
		out.push({ field: 'subId', subIndex: n, param: param(n), macro: macro(n), source, assumed });
	}
	return out;
}

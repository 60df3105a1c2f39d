/**
 * Inbound mapping: the flat parameters of one postback → the canonical conversion input, with the
 * problems a tracker (or a forger) can send turned into plain sentences.
 */
import type { ConversionInput } from '../model/canonical';
import { toNumberOrNull, toStringOrNull } from '../model/canonical';
import { mapStatus, normalizeRawStatus, statusByKeyword } from '../model/status';
import type { CanonicalStatus, StatusMap } from '../model/status';
import type { MacroEntry, PostbackMacroTable } from './macros';

/**
 * A value that is still a macro: the tracker did not substitute it (`{payout}`, `[SUB1]`, `#s2#`,
 * `%%clickid%%`, `${SUBID}`, or Voluum/BeMob's literal `REPLACE` / `OPTIONAL`).
 */
export function isUnfilledMacro(value: string): boolean {
	const v = value.trim();
	return (
		/^\$?\{[^{}]*\}$/.test(v) ||
		/^\[[^[\]]*\]$/.test(v) ||
		/^#[^#\s]+#$/.test(v) ||
		/^%{1,2}[^%\s]+%{1,2}$/.test(v) ||
		v === 'REPLACE' ||
		v === 'OPTIONAL'
	);
}

export interface InboundOptions {
	/** Tracker defaults merged with the user's map. */
	statusMap: StatusMap;
	/** Refuse (400) a status that neither the map nor the keyword rules know. Default false. */
	rejectUnknownStatus?: boolean;
	/** ISO time of arrival, used as `postbackTime` when the tracker sends none. */
	receivedAt: string;
}

export type InboundResult =
	| {
			ok: true;
			input: ConversionInput;
			status: CanonicalStatus;
			/** Identity of the conversion: click id, plus `:transaction id` when there is one. */
			conversionKey: string;
			/** Parameters that arrived as unsubstituted macros (kept out of the output fields). */
			unfilled: string[];
	  }
	| { ok: false; httpStatus: number; message: string };

/** Case-insensitive parameter lookup: the first of `param` and its aliases that is present. */
function lookup(
	params: Record<string, string>,
	lower: Map<string, string>,
	entry: MacroEntry,
): { name: string; value: string } | undefined {
	for (const name of [entry.param, ...(entry.aliases ?? [])]) {
		const key = lower.get(name.toLowerCase());
		if (key !== undefined) return { name: key, value: params[key] };
	}
	return undefined;
}

export function mapInbound(
	params: Record<string, string>,
	table: PostbackMacroTable,
	options: InboundOptions,
): InboundResult {
	const lower = new Map<string, string>();
	for (const k of Object.keys(params)) if (!lower.has(k.toLowerCase())) lower.set(k.toLowerCase(), k);
	const unfilled: string[] = [];
	const values = new Map<MacroEntry, string>();
	for (const entry of table.macros) {
		const found = lookup(params, lower, entry);
		if (!found) continue;
		const v = found.value.trim();
		if (v === '') continue;
		if (isUnfilledMacro(v)) {
			unfilled.push(found.name);
			continue;
		}
		values.set(entry, v);
	}
	const get = (field: MacroEntry['field']) => {
		for (const [entry, v] of values) if (entry.field === field) return v;
		return undefined;
	};

	const clickEntry = table.macros.find((m) => m.field === 'clickId');
	const clickParam = clickEntry?.param ?? 'clickid';
	const clickId = get('clickId');
	if (clickId === undefined) {
		const wasMacro = clickEntry && unfilled.some((u) => u.toLowerCase() === clickParam.toLowerCase());
		return {
			ok: false,
			httpStatus: 400,
			message: wasMacro
				? `The click id parameter "${clickParam}" still holds an unfilled macro: ${table.name} did not substitute it, so this postback cannot be matched to a click. Check the macro in the postback URL.`
				: `The postback has no click id: the parameter "${clickParam}" is missing or empty.`,
		};
	}
	if (clickId.length > 512) {
		return { ok: false, httpStatus: 400, message: 'The click id is longer than 512 characters.' };
	}

	const payoutText = get('payout');
	let revenue: number | null = null;
	if (payoutText !== undefined) {
		revenue = toNumberOrNull(payoutText);
		if (revenue === null) {
			const payoutParam = table.macros.find((m) => m.field === 'payout')?.param ?? 'payout';
			return {
				ok: false,
				httpStatus: 400,
				message: `The payout in parameter "${payoutParam}" is not a number.`,
			};
		}
	}

	const rawStatusText = get('status') ?? table.emptyStatus;
	const key = normalizeRawStatus(rawStatusText);
	const known = Object.prototype.hasOwnProperty.call(options.statusMap, key) || statusByKeyword(key) !== undefined;
	if (!known && options.rejectUnknownStatus) {
		return {
			ok: false,
			httpStatus: 422,
			message: `The status "${rawStatusText.slice(0, 60)}" is not in the status map. Add it to the node's Status Map, or switch off "Refuse Unknown Statuses".`,
		};
	}
	const status = mapStatus(rawStatusText, options.statusMap, table.statusFallback);

	const subIds: Record<string, string> = {};
	for (const [entry, v] of values) {
		if (entry.field === 'subId' && entry.subIndex) subIds[`sub_id_${entry.subIndex}`] = v;
	}
	const transactionId = get('transactionId');
	const conversionKey = transactionId ? `${clickId}:${transactionId}` : clickId;
	const input: ConversionInput = {
		tracker: table.tracker,
		event: 'conversion.created',
		conversionId: conversionKey,
		clickId,
		transactionId,
		campaignId: get('campaignId'),
		campaignName: get('campaignName'),
		offerId: get('offerId'),
		offerName: get('offerName'),
		trafficSourceId: get('trafficSourceId'),
		trafficSourceName: get('trafficSourceName'),
		landingId: get('landingId'),
		affiliateNetworkId: get('affiliateNetworkId'),
		affiliateNetworkName: get('affiliateNetworkName'),
		subIds,
		rawStatus: rawStatusText,
		status,
		revenue: revenue ?? 0,
		currency: toStringOrNull(get('currency')),
		clickTime: get('clickTime'),
		postbackTime: get('postbackTime') ?? options.receivedAt,
		country: get('country'),
		ip: get('ip'),
	};
	return { ok: true, input, status, conversionKey, unfilled };
}

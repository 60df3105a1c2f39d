/**
 * A tracker's S2S postback endpoint on its tracking domain (`GET /postback?…`, no key), as the
 * trackers' docs describe it; each tracker mock plugs it in with one line and its own parameter
 * names and click lookup (test/mock-servers/<tracker>/postback.ts).
 *
 * What it rejects (as a tracker would): a method other than GET → 405; no click id → 400 (switch
 * `missingClick: 'ignored'` answers 200 and records nothing: which one the real trackers do is
 * UNKNOWN). Unknown click id: `unknownClick: 'ok'` (default: 200, nothing recorded, the usual
 * tracker answer) or `'reject'` (400). A payout that is not a number → 400. Repeated transaction
 * id for the same click: `duplicateTxid: 'ignore'` (default, 200, not counted again) or `'count'`.
 * Every request is recorded in `received` with its headers, so tests can check that no
 * credential travelled with it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { sendText } from './http';

export interface ReceivedPostback {
	method: string;
	params: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** What the mock did with it. */
	outcome: 'recorded' | 'duplicate' | 'unknownClick' | 'rejected' | 'ignored';
}

export interface PostbackReceiverOptions {
	missingClick: 'reject' | 'ignored';
	unknownClick: 'ok' | 'reject';
	duplicateTxid: 'ignore' | 'count';
}

export interface PostbackReceiver {
	received: ReceivedPostback[];
	options: PostbackReceiverOptions;
}

export interface ReceiverSpec {
	clickParam: string;
	payoutParam: string;
	/** Absent: the tracker's txid parameter is unknown; duplicates are never detected by txid. */
	txidParam?: string;
	/** True when the click exists. */
	knows(clickId: string): boolean;
	/** Records a conversion for a known click. */
	record(p: { clickId: string; payout?: number; txid?: string; params: Record<string, string> }): void;
}

export function postbackReceiver(): PostbackReceiver {
	return { received: [], options: { missingClick: 'reject', unknownClick: 'ok', duplicateTxid: 'ignore' } };
}

const receivers = new WeakMap<object, PostbackReceiver>();

/** The receiver of one mock (keyed by its state): what it received and its switches. */
export function receiverOf(state: object): PostbackReceiver {
	let r = receivers.get(state);
	if (!r) receivers.set(state, (r = postbackReceiver()));
	return r;
}

/** Handles `/postback`; false for any other path (the caller goes on). */
export function handlePostback(
	receiver: PostbackReceiver,
	spec: ReceiverSpec,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
): boolean {
	if (url.pathname !== '/postback') return false;
	const params: Record<string, string> = {};
	url.searchParams.forEach((v, k) => (params[k] = v));
	const entry: ReceivedPostback = { method: req.method ?? 'GET', params, headers: { ...req.headers }, outcome: 'rejected' };
	receiver.received.push(entry);
	if (req.method !== 'GET') {
		sendText(res, 405, 'method not allowed');
		return true;
	}
	const clickId = params[spec.clickParam] ?? '';
	if (clickId === '') {
		if (receiver.options.missingClick === 'ignored') {
			entry.outcome = 'ignored';
			sendText(res, 200, 'OK');
		} else sendText(res, 400, `${spec.clickParam} is required`);
		return true;
	}
	const payoutText = params[spec.payoutParam];
	const payout = payoutText === undefined || payoutText === '' ? undefined : Number(payoutText);
	if (payout !== undefined && !Number.isFinite(payout)) {
		sendText(res, 400, `${spec.payoutParam} is not a number`);
		return true;
	}
	if (!spec.knows(clickId)) {
		if (receiver.options.unknownClick === 'reject') {
			sendText(res, 400, 'unknown click');
			return true;
		}
		entry.outcome = 'unknownClick';
		sendText(res, 200, 'OK');
		return true;
	}
	const txid = spec.txidParam ? params[spec.txidParam] || undefined : undefined;
	if (
		txid !== undefined &&
		receiver.options.duplicateTxid === 'ignore' &&
		receiver.received.some((r) => r !== entry && r.outcome === 'recorded' && r.params[spec.clickParam] === clickId && r.params[spec.txidParam!] === txid)
	) {
		entry.outcome = 'duplicate';
		sendText(res, 200, 'OK');
		return true;
	}
	spec.record({ clickId, payout, txid, params });
	entry.outcome = 'recorded';
	sendText(res, 200, 'OK');
	return true;
}

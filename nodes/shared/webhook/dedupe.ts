import { createHash } from 'crypto';

/**
 * A bounded "seen within a window" set, plus a bounded memory of the last status seen per
 * conversion (to tell a status change from a first postback).
 *
 * Entries are kept in insertion order (a JS Map), so expired ones are dropped from the front in
 * amortised O(1); when `maxEntries` is reached the oldest entry is forgotten first, so memory stays
 * bounded whatever the traffic (a postback older than the newest `maxEntries` may then pass again).
 * Keys are SHA-256 digests: no click id or payout is kept in clear.
 */
export class SeenWindow {
	private readonly seen = new Map<string, number>();
	private readonly lastStatus = new Map<string, string>();

	constructor(readonly maxEntries = 50_000) {}

	get size(): number {
		return this.seen.size;
	}

	private prune(now: number): void {
		for (const [k, expires] of this.seen) {
			if (expires > now) break;
			this.seen.delete(k);
		}
		while (this.seen.size >= this.maxEntries) {
			const oldest = this.seen.keys().next();
			if (oldest.done) break;
			this.seen.delete(oldest.value);
		}
	}

	/**
	 * True when `key` was recorded less than `windowMs` ago (a duplicate); otherwise records it and
	 * returns false. `windowMs` ≤ 0 disables the check (always false, nothing recorded).
	 */
	checkAndRecord(key: string, now: number, windowMs: number): boolean {
		if (windowMs <= 0) return false;
		const digest = digestOf(key);
		const expires = this.seen.get(digest);
		if (expires !== undefined && expires > now) return true;
		if (expires !== undefined) this.seen.delete(digest);
		this.prune(now);
		this.seen.set(digest, now + windowMs);
		return false;
	}

	/** Forgets `key` (used when the workflow could not be started). */
	forget(key: string): void {
		this.seen.delete(digestOf(key));
	}

	/** Records `status` for `conversionKey` and returns the status seen before, if any. */
	swapStatus(conversionKey: string, status: string): string | undefined {
		const digest = digestOf(conversionKey);
		const previous = this.lastStatus.get(digest);
		this.lastStatus.delete(digest);
		if (this.lastStatus.size >= this.maxEntries) {
			const oldest = this.lastStatus.keys().next();
			if (!oldest.done) this.lastStatus.delete(oldest.value);
		}
		this.lastStatus.set(digest, status);
		return previous;
	}
}

function digestOf(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64');
}

const windows = new Map<string, SeenWindow>();

/**
 * The window of one trigger node (by workflow, node and mode, so test events never mark production
 * postbacks as seen). Lives in n8n's process memory: see the limits in ./index.ts.
 */
export function seenWindowFor(scope: string, maxEntries?: number): SeenWindow {
	let w = windows.get(scope);
	if (!w || (maxEntries !== undefined && w.maxEntries !== maxEntries)) {
		w = new SeenWindow(maxEntries);
		windows.set(scope, w);
	}
	return w;
}

/** Drops a node's window (deactivation). */
export function dropSeenWindow(scope: string): void {
	windows.delete(scope);
}

/**
 * The last status the "Conversion Status Changed" stream saw for each conversion, so an event can
 * say what the status was before (`previousStatus`) and first sightings can be told from changes.
 *
 * The engine decides what is new (the key `id|status`); this memo only classifies. It is stored
 * next to the engine state in the node's static data, compactly (a 9-character hash of the id
 * and one character per entry indexing a small dictionary of raw statuses), capped at
 * `MEMO_CAP` entries, oldest updates dropped first. Its fingerprint is made from the same stream
 * description and first-run option as the engine's: after a deliberate reset both start over, and
 * the first poll then records every row it read (the engine remembered them all too).
 */
import { fingerprint } from '../../shared/polling';
import { HASH_CHARS, encodeHash, hash53 } from '../../shared/polling/hash';

export const MEMO_CAP = 10_000;
const DICT_MAX = 60;
const CODE = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface StatusMemoData {
	v: 1;
	fp: string;
	/** Dictionary of raw (normalised) statuses. */
	d: string[];
	/** Id hashes, 9 characters each, oldest first. */
	h: string;
	/** One character per id: index into `d` (base 62). */
	s: string;
}

export class StatusMemo {
	private readonly map = new Map<string, string>();

	private constructor(
		readonly fp: string,
		/** True when no memo of this stream existed (first poll or after a reset). */
		readonly fresh: boolean,
	) {}

	/** Fingerprint of a stream and its first-run option (changes exactly when the engine resets). */
	static fingerprintOf(stream: unknown, firstRun: unknown): string {
		return fingerprint({ stream: stream ?? null, firstRun });
	}

	static load(raw: unknown, fp: string): StatusMemo {
		const memo = new StatusMemo(fp, !isValid(raw) || raw.fp !== fp);
		if (!memo.fresh) {
			const data = raw as StatusMemoData;
			for (let i = 0; i * HASH_CHARS < data.h.length; i++) {
				const status = data.d[CODE.indexOf(data.s[i])];
				if (status !== undefined) {
					memo.map.set(data.h.slice(i * HASH_CHARS, (i + 1) * HASH_CHARS), status);
				}
			}
		}
		return memo;
	}

	get size(): number {
		return this.map.size;
	}

	previous(id: string): string | undefined {
		return this.map.get(encodeHash(hash53(id)));
	}

	/** Records the status (moves the id to the newest end). */
	set(id: string, status: string): void {
		const h = encodeHash(hash53(id));
		this.map.delete(h);
		this.map.set(h, status);
	}

	encode(cap = MEMO_CAP): StatusMemoData {
		let entries = [...this.map.entries()];
		if (entries.length > cap) entries = entries.slice(entries.length - cap);
		const d: string[] = [];
		let h = '';
		let s = '';
		for (const [hash, status] of entries) {
			let i = d.indexOf(status);
			if (i < 0) {
				// An exotic status beyond the dictionary is forgotten (only `previousStatus` suffers).
				if (d.length >= DICT_MAX) continue;
				i = d.push(status) - 1;
			}
			h += hash;
			s += CODE[i];
		}
		return { v: 1, fp: this.fp, d, h, s };
	}
}

function isValid(raw: unknown): raw is StatusMemoData {
	if (!raw || typeof raw !== 'object') return false;
	const o = raw as Record<string, unknown>;
	return (
		o.v === 1 &&
		typeof o.fp === 'string' &&
		Array.isArray(o.d) &&
		o.d.every((x) => typeof x === 'string') &&
		typeof o.h === 'string' &&
		typeof o.s === 'string' &&
		o.h.length === o.s.length * HASH_CHARS
	);
}

/**
 * What the "Conversion Status or Payout Changed" stream needs on top of the polling engine: the
 * last version (status, payout) it knows of each conversion, so that a new version can be told
 * apart from a first sighting and reported with its previous status and payout.
 *
 * Binom keys a conversion by its click id and updates it IN PLACE (docs §4.5): a later postback
 * changes the status, and an upsell adds to the payout, while `conversed_at` stays put. The engine
 * detects a new version as a new key `id|status|payout`; this memory classifies it:
 * - no version known → a first sighting (`conversion.created`);
 * - another status → `conversion.statusChanged` (previous status and payout attached);
 * - same status, another payout → `conversion.payoutChanged` (e.g. an upsell).
 *
 * The memory is bounded exactly like the engine's own state: it keeps only conversions whose event
 * time is at or after the engine's next window start (older ones can never be read again), and at
 * most `cap` of them (oldest dropped first). It learns every emitted version; on a "from now" first
 * run (or after the stream's configuration changed) it also learns every row the poll read, so
 * that conversions that existed before the trigger started are recognised when they change later.
 * It is saved only after a successful poll, next to the engine state.
 */
import { normalizeRawStatus } from '../../shared/model/status';
import { decodeHash, encodeHash, HASH_CHARS, hash53 } from '../../shared/polling/hash';

export interface ConversionVersion {
	/** Event time (epoch ms) the row was read with. */
	t: number;
	/** Raw status as Binom sent it (trimmed); compared case-insensitively. */
	status: string;
	payout: number;
}

export type ChangeKind = 'created' | 'statusChanged' | 'payoutChanged';

/** Persisted form (JSON): hashes of the ids, times as second deltas, statuses as dictionary indexes. */
export interface StoredVersionsV1 {
	v: 1;
	/** Fingerprint of the stream configuration the memory belongs to. */
	fp: string;
	h: string;
	t: number[];
	s: number[];
	d: string[];
	p: number[];
}

interface Entry extends ConversionVersion {
	hash: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class VersionMemory {
	/** True when there was no usable memory for this configuration (first run or reset). */
	readonly fresh: boolean;
	private readonly byHash = new Map<number, Entry>();

	private constructor(
		readonly fp: string,
		fresh: boolean,
	) {
		this.fresh = fresh;
	}

	/** Reads the stored memory; a missing, corrupted or foreign one gives an empty, fresh memory. */
	static load(raw: unknown, fp: string): VersionMemory {
		const decoded = isRecord(raw) && raw.v === 1 && raw.fp === fp ? decode(raw) : undefined;
		const memory = new VersionMemory(fp, decoded === undefined);
		for (const e of decoded ?? []) memory.byHash.set(e.hash, e);
		return memory;
	}

	get size(): number {
		return this.byHash.size;
	}

	get(id: string): ConversionVersion | undefined {
		const e = this.byHash.get(hash53(id));
		return e && { t: e.t, status: e.status, payout: e.payout };
	}

	set(id: string, version: ConversionVersion): void {
		this.byHash.set(hash53(id), { ...version, hash: hash53(id) });
	}

	/** Learns `version` only when nothing is known about `id` yet. */
	learn(id: string, version: ConversionVersion): void {
		if (!this.byHash.has(hash53(id))) this.set(id, version);
	}

	/** Classifies a delivered version against the known one and remembers it. */
	observe(
		id: string,
		version: ConversionVersion,
	): { kind: ChangeKind; previous?: ConversionVersion } {
		const previous = this.get(id);
		this.set(id, version);
		if (!previous) return { kind: 'created' };
		if (normalizeRawStatus(previous.status) !== normalizeRawStatus(version.status)) {
			return { kind: 'statusChanged', previous };
		}
		if (previous.payout !== version.payout) return { kind: 'payoutChanged', previous };
		// The same version: it was learnt from a read that was not delivered (first run), so this
		// is its first delivery.
		return { kind: 'created' };
	}

	/** Forgets conversions with an event time before `fromMs`, then the oldest beyond `cap`. */
	prune(fromMs: number, cap: number): void {
		for (const [h, e] of this.byHash) if (!(e.t >= fromMs)) this.byHash.delete(h);
		if (this.byHash.size <= cap) return;
		const sorted = [...this.byHash.values()].sort((a, b) => a.t - b.t || a.hash - b.hash);
		for (let i = 0; i < sorted.length - cap; i++) this.byHash.delete(sorted[i].hash);
	}

	toJSON(): StoredVersionsV1 {
		const entries = [...this.byHash.values()].sort((a, b) => a.t - b.t || a.hash - b.hash);
		const dict: string[] = [];
		const index = new Map<string, number>();
		const out: StoredVersionsV1 = { v: 1, fp: this.fp, h: '', t: [], s: [], d: dict, p: [] };
		const hashes: string[] = [];
		let prev = 0;
		for (const e of entries) {
			let i = index.get(e.status);
			if (i === undefined) {
				i = dict.length;
				dict.push(e.status);
				index.set(e.status, i);
			}
			const sec = Math.floor(e.t / 1000);
			out.t.push(sec - prev);
			prev = sec;
			out.s.push(i);
			out.p.push(e.payout);
			hashes.push(encodeHash(e.hash));
		}
		out.h = hashes.join('');
		return out;
	}
}

function decode(raw: Record<string, unknown>): Entry[] | undefined {
	const { h, t, s, d, p } = raw;
	if (typeof h !== 'string' || !Array.isArray(t) || !Array.isArray(s) || !Array.isArray(d)) {
		return undefined;
	}
	if (!Array.isArray(p) || t.length !== s.length || t.length !== p.length) return undefined;
	if (h.length !== t.length * HASH_CHARS) return undefined;
	const out: Entry[] = [];
	let sec = 0;
	for (let i = 0; i < t.length; i++) {
		const dt = t[i] as unknown;
		const si = s[i] as unknown;
		const payout = p[i] as unknown;
		if (typeof dt !== 'number' || !Number.isFinite(dt)) return undefined;
		if (typeof si !== 'number' || typeof d[si] !== 'string') return undefined;
		if (typeof payout !== 'number' || !Number.isFinite(payout)) return undefined;
		const hash = decodeHash(h, i * HASH_CHARS);
		if (Number.isNaN(hash)) return undefined;
		sec += dt;
		out.push({ hash, t: sec * 1000, status: d[si] as string, payout });
	}
	return out;
}

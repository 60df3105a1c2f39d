/**
 * Encoding, decoding and validation of the persisted poll state (`PollStateV1`).
 *
 * In memory the remembered keys are a `Map<hash, eventTimeMs>`; on disk they are grouped by
 * event time, delta-encoded, with 9-character hashes concatenated into one string. Cost per key:
 * 9 characters, plus one delta and one count per distinct event time.
 */
import { HASH_CHARS, decodeHash, encodeHash } from './hash';
import type { PollStateV1 } from './types';

export const STATE_VERSION = 1;

/** Decoded state used by the engine during a poll. */
export interface WorkingState {
	fp: string;
	fromMs: number;
	seen: Map<number, number>;
	resume?: { g: number; p: number; a: number };
	/** A pass in progress (see engine.ts "Passes"): where it continues, and when it started. */
	pass?: { pos: number; startedAt: number };
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseIso(v: unknown): number {
	if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v)) return NaN;
	return Date.parse(v);
}

/**
 * Decodes a stored state. Returns undefined when `raw` is not a valid version-1 state (missing,
 * other version, corrupted) — the caller decides how to reset.
 */
export function decodeState(raw: unknown): WorkingState | undefined {
	if (!isRecord(raw) || raw.v !== STATE_VERSION || typeof raw.fp !== 'string') return undefined;
	const fromMs = parseIso(raw.from);
	if (!Number.isFinite(fromMs)) return undefined;
	const seenRaw = raw.seen;
	if (!isRecord(seenRaw)) return undefined;
	const { t, n, h } = seenRaw;
	if (!Array.isArray(t) || !Array.isArray(n) || typeof h !== 'string' || t.length !== n.length) {
		return undefined;
	}
	const seen = new Map<number, number>();
	let time = fromMs;
	let pos = 0;
	for (let i = 0; i < t.length; i++) {
		const dt = t[i] as unknown;
		const count = n[i] as unknown;
		if (typeof dt !== 'number' || !Number.isFinite(dt) || dt < 0) return undefined;
		if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return undefined;
		time += dt;
		if (pos + count * HASH_CHARS > h.length) return undefined;
		for (let k = 0; k < count; k++) {
			const hash = decodeHash(h, pos);
			if (Number.isNaN(hash)) return undefined;
			seen.set(hash, time);
			pos += HASH_CHARS;
		}
	}
	if (pos !== h.length) return undefined;
	const state: WorkingState = { fp: raw.fp, fromMs, seen };
	const passPos = parseIso(raw.pos);
	const startedAt = parseIso(raw.pass);
	if (Number.isFinite(passPos) && Number.isFinite(startedAt) && passPos > fromMs) {
		state.pass = { pos: passPos, startedAt };
	}
	const r = raw.resume;
	if (isRecord(r)) {
		const g = parseIso(r.g);
		const p = r.p;
		const a = typeof r.a === 'string' && r.a.length === HASH_CHARS ? decodeHash(r.a) : NaN;
		if (
			Number.isFinite(g) &&
			typeof p === 'number' &&
			Number.isInteger(p) &&
			p > 0 &&
			!Number.isNaN(a)
		) {
			state.resume = { g, p, a };
		}
	}
	return state;
}

/** Sorted `[time, hash]` pairs of a seen-map (time ascending, then hash, for determinism). */
export function sortedEntries(seen: Map<number, number>): Array<[number, number]> {
	const entries: Array<[number, number]> = [];
	for (const [h, t] of seen) entries.push([t, h]);
	entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	return entries;
}

/**
 * Encodes the state. `entries` must be sorted by time and all times must be ≥ `fromMs`
 * (the engine prunes before encoding).
 */
export function encodeState(
	fp: string,
	fromMs: number,
	atMs: number,
	entries: Array<[number, number]>,
	resume: { g: number; p: number; a: number } | undefined,
	pass?: { pos: number; startedAt: number },
): PollStateV1 {
	const t: number[] = [];
	const n: number[] = [];
	const parts: string[] = [];
	let prev = fromMs;
	let groupTime = NaN;
	for (const [time, hash] of entries) {
		if (time !== groupTime) {
			t.push(time - prev);
			n.push(1);
			prev = time;
			groupTime = time;
		} else {
			n[n.length - 1]++;
		}
		parts.push(encodeHash(hash));
	}
	const state: PollStateV1 = {
		v: STATE_VERSION,
		fp,
		from: new Date(fromMs).toISOString(),
		at: new Date(atMs).toISOString(),
		seen: { t, n, h: parts.join('') },
	};
	if (pass && pass.pos > fromMs) {
		state.pos = new Date(pass.pos).toISOString();
		state.pass = new Date(pass.startedAt).toISOString();
	}
	if (resume) {
		state.resume = { g: new Date(resume.g).toISOString(), p: resume.p, a: encodeHash(resume.a) };
	}
	return state;
}

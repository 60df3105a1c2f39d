/**
 * What every tracker mock needs to play "the tracker sends a postback": a conversion event, macro
 * substitution (each tracker mock supplies its own macro → value table, written from that tracker's
 * documentation, independent of the node's tables), an HTTP sender, and a scenario generator with
 * resends, out-of-order status postbacks, bad secrets and malformed postbacks.
 */
import http from 'node:http';

export interface MockConversionEvent {
	clickId: string;
	txId?: string;
	/** The tracker's raw status string. */
	status?: string;
	payout?: number | string;
	currency?: string;
	campaignId?: string;
	campaignName?: string;
	offerId?: string;
	offerName?: string;
	sourceId?: string;
	sourceName?: string;
	landingId?: string;
	networkId?: string;
	networkName?: string;
	country?: string;
	ip?: string;
	/** Click time, epoch seconds. */
	clickTime?: number;
	/** Conversion time, epoch seconds. */
	conversionTime?: number;
	externalId?: string;
	/** subs[0] is sub 1. */
	subs?: string[];
}

/** Macro (as written in the URL, braces included) → value for one event. */
export type MacroValues = (event: MockConversionEvent) => Record<string, string | undefined>;

/**
 * Replaces every macro of `values` found in `template` with its URL-encoded value (an undefined
 * value becomes ''); macros the tracker does not know stay literal, as real trackers leave them.
 */
export function substituteMacros(
	template: string,
	values: Record<string, string | undefined>,
	encode = true,
): string {
	let out = template;
	for (const [macro, value] of Object.entries(values)) {
		if (!out.includes(macro)) continue;
		const v = value === undefined ? '' : encode ? encodeURIComponent(value) : value;
		out = out.split(macro).join(v);
	}
	return out;
}

export interface SentPostback {
	url: string;
	method: string;
	status: number;
	body: string;
}

/** Sends one postback (GET, or POST with an optional body) and resolves with the answer. */
export function sendPostback(
	url: string,
	options: { method?: 'GET' | 'POST'; body?: string; contentType?: string; timeoutMs?: number } = {},
): Promise<SentPostback> {
	const method = options.method ?? 'GET';
	return new Promise((resolve, reject) => {
		const headers: Record<string, string | number> = {};
		if (options.body !== undefined) {
			headers['Content-Type'] = options.contentType ?? 'application/x-www-form-urlencoded';
			headers['Content-Length'] = Buffer.byteLength(options.body);
		}
		const req = http.request(url, { method, headers, agent: false, timeout: options.timeoutMs ?? 10_000 }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({ url, method, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
			);
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`Postback to ${url} timed out`)));
		req.on('error', reject);
		if (options.body !== undefined) req.write(options.body);
		req.end();
	});
}

/** Sends many postbacks with at most `concurrency` in flight; answers in input order. */
export async function sendAll<T>(
	jobs: T[],
	send: (job: T) => Promise<SentPostback>,
	concurrency = 8,
): Promise<SentPostback[]> {
	const out: SentPostback[] = new Array(jobs.length);
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const i = next++;
			out[i] = await send(jobs[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
	return out;
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type ScenarioKind = 'new' | 'resend' | 'badSecret' | 'statusChange';

export interface ScenarioStep {
	kind: ScenarioKind;
	event: MockConversionEvent;
}

export interface ScenarioOptions {
	seed?: number;
	/** Total postbacks to send. */
	total: number;
	resendRate?: number;
	badSecretRate?: number;
	/** Share of steps that are a later status of an earlier conversion (may arrive out of order). */
	statusChangeRate?: number;
	/** Statuses to draw from: first is the "new" status, the rest later ones. */
	statuses: string[];
	/** Fixed instant the times are built from (no wall clock). */
	baseTime?: number;
}

/**
 * A postback stream: new conversions, status changes of earlier ones (a random later status, so
 * e.g. `rejected` may come before `sale`), resends of an earlier step (same parameters), and
 * postbacks with a wrong secret (of fresh conversions that must never be emitted).
 */
export function postbackScenario(opts: ScenarioOptions): ScenarioStep[] {
	const rnd = prng(opts.seed ?? 1);
	const base = opts.baseTime ?? 1_750_000_000;
	const steps: ScenarioStep[] = [];
	const sent: ScenarioStep[] = [];
	let n = 0;
	const fresh = (): MockConversionEvent => {
		n++;
		return {
			clickId: `clk${String(n).padStart(6, '0')}x${Math.floor(rnd() * 1e6).toString(36)}`,
			txId: rnd() < 0.5 ? `tx${n}` : undefined,
			status: opts.statuses[0],
			payout: Math.round(rnd() * 5000) / 100,
			currency: 'USD',
			campaignId: String(1 + Math.floor(rnd() * 5)),
			campaignName: `Campaign ${1 + Math.floor(rnd() * 5)}`,
			offerId: String(10 + Math.floor(rnd() * 5)),
			sourceId: String(1 + Math.floor(rnd() * 3)),
			sourceName: 'Source A',
			landingId: String(20 + Math.floor(rnd() * 3)),
			country: ['US', 'DE', 'BR'][Math.floor(rnd() * 3)],
			ip: `198.51.100.${Math.floor(rnd() * 250) + 1}`,
			clickTime: base - 3600 - n,
			conversionTime: base + n,
			externalId: `ext${n}`,
			subs: [`s1-${n}`, `s2-${n}`],
		};
	};
	for (let i = 0; i < opts.total; i++) {
		const r = rnd();
		const resend = opts.resendRate ?? 0;
		const bad = opts.badSecretRate ?? 0;
		const change = opts.statusChangeRate ?? 0;
		let step: ScenarioStep;
		if (r < resend && sent.length) {
			step = { kind: 'resend', event: { ...sent[Math.floor(rnd() * sent.length)].event } };
		} else if (r < resend + bad) {
			step = { kind: 'badSecret', event: fresh() };
		} else if (r < resend + bad + change && sent.length && opts.statuses.length > 1) {
			const prev = sent[Math.floor(rnd() * sent.length)].event;
			const later = opts.statuses.slice(1).filter((s) => s !== prev.status);
			step = {
				kind: 'statusChange',
				event: { ...prev, status: later[Math.floor(rnd() * later.length)] ?? prev.status },
			};
		} else {
			step = { kind: 'new', event: fresh() };
		}
		steps.push(step);
		if (step.kind !== 'badSecret' && step.kind !== 'resend') sent.push(step);
	}
	return steps;
}

/** Key of what the node must emit once: (click id, tx id, status, payout). */
export function distinctKey(e: MockConversionEvent): string {
	return [e.clickId, e.txId ?? '', (e.status ?? '').toLowerCase(), Number(e.payout ?? 0)].join('|');
}

/** One postback of `event` through `template`, macros substituted by the tracker's own table. */
export async function fireWith(
	values: MacroValues,
	template: string,
	event: MockConversionEvent,
	options: { method?: 'GET' | 'POST' } = {},
): Promise<SentPostback> {
	const url = substituteMacros(template, values(event));
	if (options.method === 'POST') {
		// Trackers that POST send the query as a form body to the bare URL.
		const [base, query = ''] = url.split('?');
		const secret = new URLSearchParams(query).get('secret');
		const params = new URLSearchParams(query);
		params.delete('secret');
		return await sendPostback(secret === null ? base : `${base}?secret=${encodeURIComponent(secret)}`, {
			method: 'POST',
			body: params.toString(),
		});
	}
	return await sendPostback(url);
}

/** Sub ids 1…n as `{prefixN}` macros. */
export function subMacros(
	e: MockConversionEvent,
	macro: (n: number) => string,
	count: number,
): Record<string, string | undefined> {
	const out: Record<string, string | undefined> = {};
	for (let n = 1; n <= count; n++) out[macro(n)] = e.subs?.[n - 1] ?? '';
	return out;
}

/** Messages between the benchmark's processes (see run.ts). */

export interface MockReady {
	type: 'ready';
	url: string;
	apiUrl: string;
	apiKey: string;
	nowMs: number;
	conversions: number;
}

/** Parent → mock child. */
export type MockCommand =
	| { type: 'advance'; id: number; ms: number }
	/** Adds `add` conversions at the clock, then changes the status of `flip` recent ones. */
	| { type: 'traffic'; id: number; add: number; flip: number };

export interface MockReply {
	type: 'done';
	id: number;
	nowMs: number;
	conversions: number;
}

/** Worker → parent (mock commands are relayed to the mock child). */
export type WorkerMessage =
	| { type: 'mock'; command: MockCommand }
	| { type: 'rates'; rates: RatesResult }
	| { type: 'steady'; steady: SteadyResult };

export interface Run {
	rows: number;
	seconds: number;
	requests: number;
	polls?: number;
	/** CPU time (user + system) of the measuring process during the run. */
	cpuSeconds?: number;
	/** Garbage-collection pauses of the measuring process during the run. */
	gcSeconds?: number;
}

/** The "rates" worker: raw loop and trigger backfill, interleaved in one process. */
export interface RatesResult {
	raw: Run[];
	trigger: Run[];
	/** Diagnostic: the same requests through the Harness and the request layer only. */
	requestLayer: Run[];
}

/** The "steady" worker: one backfill, then steady polls, then an idle poll; trigger only. */
export interface SteadyResult {
	backfill: Run;
	peakRssMb: number;
	staticDataBytes: number;
	idlePollRequests: number;
	steadyPolls: number;
	steadyRows: number;
}

export interface WorkerStart {
	type: 'start';
	mode: 'rates' | 'steady';
	ready: MockReady;
	pageSize: number;
	rounds: number;
	steadyPolls: number;
}

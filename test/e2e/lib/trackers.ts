/**
 * The tracker mocks the sandbox and the e2e tests point n8n at, and the n8n credentials for them.
 * Credential ids are fixed: the example workflows (examples/*.json) refer to them.
 *
 * To add a tracker when its mock lands (test/mock-servers/<tracker>/server.ts): add an entry to
 * `TRACKERS` that starts the mock and maps it to the credential's fields.
 */
import { startBeMobMock } from '../../mock-servers/bemob/server';
import { startBinomMock } from '../../mock-servers/binom/server';
import { startKeitaroMock, type KeitaroMock } from '../../mock-servers/keitaro/server';
import { startRedTrackMock } from '../../mock-servers/redtrack/server';
import { startTgTrackerMock } from '../../mock-servers/tgtracker/server';
import { startVoluumMock, type VoluumMock } from '../../mock-servers/voluum/server';
import type { CredentialSpec } from './n8n';

export const KEITARO_CREDENTIAL: Omit<CredentialSpec, 'data'> = {
	id: 'keitaro-sandbox',
	name: 'Keitaro sandbox',
	type: 'keitaroApi',
};

export const VOLUUM_CREDENTIAL: Omit<CredentialSpec, 'data'> = {
	id: 'voluum-sandbox',
	name: 'Voluum sandbox',
	type: 'voluumApi',
};

export const REDTRACK_CREDENTIAL: Omit<CredentialSpec, 'data'> = {
	id: 'redtrack-sandbox',
	name: 'RedTrack sandbox',
	type: 'redTrackApi',
};

export const BINOM_CREDENTIAL: Omit<CredentialSpec, 'data'> = {
	id: 'binom-sandbox',
	name: 'Binom sandbox',
	type: 'binomApi',
};

export const BEMOB_CREDENTIAL: Omit<CredentialSpec, 'data'> = {
	id: 'bemob-sandbox',
	name: 'BeMob sandbox',
	type: 'beMobApi',
};

export const TGTRACKER_CREDENTIAL: Omit<CredentialSpec, 'data'> = {
	id: 'tgtracker-sandbox',
	name: 'TG Tracker sandbox',
	type: 'tgTrackerApi',
};

/** Banner column. */
const pad = (label: string) => label.padEnd(17);

export interface StartOptions {
	/** Preferred port (the sandbox uses fixed ones so a kept user folder stays valid); 0 = any. */
	port?: number;
	/** Mock data seed. */
	seed?: number;
}

export interface RunningTracker<M = unknown> {
	key: string;
	label: string;
	mock: M;
	credential: CredentialSpec;
	/** What to print in the sandbox banner. */
	lines: string[];
	close(): Promise<void>;
}

export async function startKeitaro(
	options: StartOptions = {},
): Promise<RunningTracker<KeitaroMock>> {
	// Real clock: "today" and "yesterday" in n8n are the mock's today and yesterday.
	const mock = await onPort(options, (port) =>
		startKeitaroMock({ port, seed: options.seed ?? 7, now: 'real' }),
	);
	return {
		key: 'keitaro',
		label: 'Keitaro',
		mock,
		credential: {
			...KEITARO_CREDENTIAL,
			data: { url: mock.url, apiKey: mock.apiKey, authMode: 'apiKeyHeader' },
		},
		lines: [
			`${pad('Keitaro mock')}${mock.url}  (API key ${mock.apiKey})`,
			`${pad('')}${mock.state.campaigns.all().length} campaigns, ${mock.state.clickCount} clicks, ${mock.state.conversionCount} conversions`,
		],
		close: () => mock.close(),
	};
}

export async function startVoluum(options: StartOptions = {}): Promise<RunningTracker<VoluumMock>> {
	const mock = await onPort(options, (port) =>
		startVoluumMock({ port, seed: options.seed ?? 7, now: 'real' }),
	);
	return {
		key: 'voluum',
		label: 'Voluum',
		mock,
		credential: {
			...VOLUUM_CREDENTIAL,
			data: {
				authType: 'accessKey',
				accessId: mock.accessId,
				secretKey: mock.accessKey,
				url: mock.url,
			},
		},
		lines: [`${pad('Voluum mock')}${mock.url}  (access key ${mock.accessId} / ${mock.accessKey})`],
		close: () => mock.close(),
	};
}

/** A mock on the preferred port, or on any free port when that one is taken. */
async function onPort<M>(options: StartOptions, start: (port: number) => Promise<M>): Promise<M> {
	return await start(options.port ?? 0).catch(() => start(0));
}

export async function startRedTrack(options: StartOptions = {}): Promise<RunningTracker> {
	const mock = await onPort(options, (port) =>
		startRedTrackMock({ port, seed: options.seed ?? 7, now: 'real' }),
	);
	return {
		key: 'redtrack',
		label: 'RedTrack',
		mock,
		credential: { ...REDTRACK_CREDENTIAL, data: { apiKey: mock.apiKey, url: mock.url } },
		lines: [`${pad('RedTrack mock')}${mock.url}  (API key ${mock.apiKey})`],
		close: () => mock.close(),
	};
}

export async function startBinom(options: StartOptions = {}): Promise<RunningTracker> {
	const mock = await onPort(options, (port) =>
		startBinomMock({ port, seed: options.seed ?? 7, now: 'real' }),
	);
	return {
		key: 'binom',
		label: 'Binom',
		mock,
		credential: { ...BINOM_CREDENTIAL, data: { url: mock.url, apiKey: mock.apiKey } },
		lines: [`${pad('Binom mock')}${mock.url}  (API key ${mock.apiKey})`],
		close: () => mock.close(),
	};
}

export async function startBeMob(options: StartOptions = {}): Promise<RunningTracker> {
	const mock = await onPort(options, (port) =>
		startBeMobMock({ port, seed: options.seed ?? 7, now: 'real' }),
	);
	return {
		key: 'bemob',
		label: 'BeMob',
		mock,
		credential: {
			...BEMOB_CREDENTIAL,
			data: { apiKey: mock.accessKey, secretKey: mock.secretKey, url: mock.url },
		},
		lines: [`${pad('BeMob mock')}${mock.url}  (access key ${mock.accessKey} / ${mock.secretKey})`],
		close: () => mock.close(),
	};
}

export async function startTgTracker(options: StartOptions = {}): Promise<RunningTracker> {
	const mock = await onPort(options, (port) =>
		startTgTrackerMock({ port, seed: options.seed ?? 7, now: 'real' }),
	);
	return {
		key: 'tgtracker',
		label: 'TG Tracker',
		mock,
		credential: {
			...TGTRACKER_CREDENTIAL,
			data: { url: mock.url, apiKey: mock.apiKey, authMode: 'bearer' },
		},
		lines: [`${pad('TG Tracker mock')}${mock.url}  (API key ${mock.apiKey})`],
		close: () => mock.close(),
	};
}

/** Every tracker that has a mock today, in banner order, with its sandbox port. */
export const TRACKERS: Array<{
	key: string;
	port: number;
	start(o: StartOptions): Promise<RunningTracker>;
}> = [
	{ key: 'keitaro', port: 5681, start: startKeitaro },
	{ key: 'voluum', port: 5682, start: startVoluum },
	{ key: 'redtrack', port: 5683, start: startRedTrack },
	{ key: 'binom', port: 5684, start: startBinom },
	{ key: 'bemob', port: 5685, start: startBeMob },
	{ key: 'tgtracker', port: 5686, start: startTgTracker },
];

/** Starts all mocks (or the given ones); closes the started ones if one fails. */
export async function startTrackers(
	options: { keys?: string[]; fixedPorts?: boolean; seed?: number } = {},
): Promise<RunningTracker[]> {
	const running: RunningTracker[] = [];
	try {
		for (const t of TRACKERS) {
			if (options.keys && !options.keys.includes(t.key)) continue;
			running.push(await t.start({ port: options.fixedPorts ? t.port : 0, seed: options.seed }));
		}
	} catch (error) {
		await Promise.all(running.map((r) => r.close()));
		throw error;
	}
	return running;
}

/**
 * Makes conversions arrive in the Keitaro mock over time, like real traffic: one every
 * `minMs`–`maxMs` on a random active campaign, mostly leads, some sales. Returns a stop function.
 */
export function driveKeitaroConversions(
	mock: KeitaroMock,
	{
		minMs = 20_000,
		maxMs = 60_000,
		onConversion,
	}: { minMs?: number; maxMs?: number; onConversion?: (text: string) => void } = {},
): () => void {
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;
	const campaigns = mock.state.campaigns.all().filter((c) => c.state === 'active');
	const schedule = () => {
		if (stopped) return;
		timer = setTimeout(tick, minMs + Math.random() * (maxMs - minMs));
		timer.unref();
	};
	const tick = () => {
		try {
			const campaign = campaigns[Math.floor(Math.random() * campaigns.length)];
			const status = Math.random() < 0.7 ? 'lead' : 'sale';
			const conversion = mock.state.addConversion({ status, click: { campaign_id: campaign?.id } });
			onConversion?.(
				`new Keitaro conversion #${conversion.conversion_id} (${conversion.status}, ${conversion.revenue}) on "${campaign?.name}"`,
			);
		} catch (error) {
			onConversion?.(`could not add a conversion: ${(error as Error).message}`);
		}
		schedule();
	};
	schedule();
	return () => {
		stopped = true;
		if (timer) clearTimeout(timer);
	};
}

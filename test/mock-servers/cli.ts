/**
 * Start a tracker mock by hand, e.g. to point a local n8n at it:
 *
 *   npm run mock -- keitaro [--port 8181] [--key KEY] [--seed 7] [--conversions 5000]
 *                           [--edition402] [--array-wrapped] [--strict-empty-body]
 *                           [--validation-status 406] [--not-found-json] [--html-for-unknown-routes]
 *                           [--no-string-numbers] [--spec-status-codes] [--extra-routes]
 *                           [--timezone Europe/Madrid] [--fixed-clock "2025-06-16 12:00:00"]
 *                           [--conversion-time-model fixed|datetime|moves] [--conversion-id-order
 *                           arrival|click] [--sub-id-columns 15|30]  (or the env variables
 *                           KEITARO_CONVERSION_TIME_MODEL, KEITARO_CONVERSION_ID_ORDER,
 *                           KEITARO_SUB_ID_COLUMNS)
 *
 * The clock follows real time unless --fixed-clock is given, so "today" in n8n means today.
 * Every tracker mock is registered in `registry` below.
 */
import { startKeitaroMock } from './keitaro/server';
import { startBeMobMock } from './bemob/server';
import { startBinomMock } from './binom/server';
import { startRedTrackMock } from './redtrack/server';
import { startTgTrackerMock } from './tgtracker/server';
import { startVoluumMock } from './voluum/server';

type Args = Record<string, string | boolean>;

interface RunningMock {
	lines: string[];
	close(): Promise<void>;
}

interface MockEntry {
	description: string;
	start(args: Args): Promise<RunningMock>;
}

const str = (args: Args, key: string): string | undefined =>
	typeof args[key] === 'string' ? (args[key] as string) : undefined;
const num = (args: Args, key: string): number | undefined => {
	const v = str(args, key);
	if (v === undefined) return undefined;
	const n = Number(v);
	if (!Number.isFinite(n)) throw new Error(`--${key} expects a number, got "${v}"`);
	return n;
};
const flag = (args: Args, key: string): boolean | undefined =>
	args[key] === true ? true : undefined;

/** Keitaro's unknown-behaviour switches (issue 11) from flags or environment variables. */
function keitaroSwitches(args: Args) {
	const pick = <T extends string>(flagName: string, env: string, allowed: readonly T[]) => {
		const v = str(args, flagName) ?? process.env[env];
		if (v === undefined || v === '') return undefined;
		if (!(allowed as readonly string[]).includes(v))
			throw new Error(`--${flagName} must be one of ${allowed.join(', ')}`);
		return v as T;
	};
	const sub = pick('sub-id-columns', 'KEITARO_SUB_ID_COLUMNS', ['15', '30'] as const);
	return {
		conversionTimeModel: pick('conversion-time-model', 'KEITARO_CONVERSION_TIME_MODEL', [
			'fixed',
			'datetime',
			'moves',
		] as const),
		conversionIdOrder: pick('conversion-id-order', 'KEITARO_CONVERSION_ID_ORDER', [
			'arrival',
			'click',
		] as const),
		subIdColumns: sub === undefined ? undefined : (Number(sub) as 15 | 30),
	};
}

export const registry: Record<string, MockEntry> = {
	keitaro: {
		description:
			'Keitaro Admin API v1 (all 107 operations of the official spec, demo data, reports, logs)',
		async start(args) {
			const status = num(args, 'validation-status');
			if (status !== undefined && status !== 406 && status !== 422)
				throw new Error('--validation-status must be 406 or 422');
			const mock = await startKeitaroMock({
				port: num(args, 'port') ?? 0,
				host: str(args, 'host'),
				apiKey: str(args, 'key'),
				seed: num(args, 'seed'),
				now: str(args, 'fixed-clock') ?? 'real',
				timezone: str(args, 'timezone'),
				edition402: flag(args, 'edition402'),
				arrayWrapped: flag(args, 'array-wrapped'),
				strictEmptyBody: flag(args, 'strict-empty-body'),
				validationStatus: status as 406 | 422 | undefined,
				notFoundJson: flag(args, 'not-found-json'),
				htmlForUnknownRoutes: flag(args, 'html-for-unknown-routes'),
				stringNumbers: args['no-string-numbers'] === true ? false : undefined,
				specStatusCodes: flag(args, 'spec-status-codes'),
				extraRoutes: flag(args, 'extra-routes'),
				...keitaroSwitches(args),
			});
			const extra = num(args, 'conversions');
			if (extra) mock.state.seedConversions(extra, { seed: num(args, 'seed') });
			return {
				lines: [
					`Keitaro mock listening on ${mock.url}`,
					`  Admin API base:  ${mock.apiUrl}`,
					`  API key:         ${mock.apiKey}`,
					`  Data:            ${mock.state.campaigns.all().length} campaigns, ${mock.state.clickCount} clicks, ${mock.state.conversionCount} conversions`,
					'  n8n credential:  Tracker URL = the first line above, API key = the key above',
					`  Try:             curl -s -H 'Api-Key: ${mock.apiKey}' ${mock.apiUrl}/campaigns`,
				],
				close: () => mock.close(),
			};
		},
	},
	voluum: {
		description: 'Voluum (session tokens, /report/conversions, /report, /campaign; 15 req/s)',
		async start(args) {
			const format = str(args, 'timestamp-format');
			if (format !== undefined && format !== 'ampm' && format !== '24h' && format !== 'iso')
				throw new Error('--timestamp-format must be ampm, 24h or iso');
			const mock = await startVoluumMock({
				port: num(args, 'port') ?? 0,
				host: str(args, 'host'),
				seed: num(args, 'seed'),
				accessId: str(args, 'access-id'),
				accessKey: str(args, 'key'),
				now: str(args, 'fixed-clock') ?? 'real',
				rateLimit: flag(args, 'no-rate-limit') ? false : undefined,
				timestampFormat: format,
			});
			const extra = num(args, 'conversions');
			if (extra) mock.state.seedConversions(extra, { from: mock.state.clock.now() - 86_400_000 });
			return {
				lines: [
					`Voluum mock listening on ${mock.url}`,
					`  Access key ID:   ${mock.accessId}`,
					`  Access key:      ${mock.accessKey}`,
					`  Email/password:  ${mock.email} / ${mock.password}`,
					`  Data:            ${mock.state.campaigns.length} campaigns, ${mock.state.visits.length} visits, ${mock.state.conversions.length} conversions`,
					`  Try:             curl -s -X POST -H 'Content-Type: application/json' -d '{"accessId":"${mock.accessId}","accessKey":"${mock.accessKey}"}' ${mock.url}/auth/access/session`,
				],
				close: () => mock.close(),
			};
		},
	},
	redtrack: {
		description: 'RedTrack (api_key query; /conversions, /tracks, /campaigns, /report at 20 RPM)',
		async start(args) {
			const mock = await startRedTrackMock({
				port: num(args, 'port') ?? 0,
				host: str(args, 'host'),
				seed: num(args, 'seed'),
				apiKey: str(args, 'key'),
				now: str(args, 'fixed-clock') ?? 'real',
				timezone: str(args, 'timezone'),
			});
			const extra = num(args, 'conversions');
			if (extra) mock.state.seedConversions(extra, { from: mock.state.clock.now() - 86_400_000 });
			return {
				lines: [
					`RedTrack mock listening on ${mock.url}`,
					`  API key:         ${mock.apiKey}`,
					`  Account tz:      ${mock.state.settings.timezone}`,
					`  Data:            ${mock.state.campaigns.length} campaigns, ${mock.state.tracks.length} clicks, ${mock.state.conversions.length} conversions`,
					`  Try:             curl -s '${mock.url}/me/settings?api_key=${mock.apiKey}'`,
				],
				close: () => mock.close(),
			};
		},
	},
	binom: {
		description: 'Binom v2 (api-key header; /public/api/v1 conversions, clicklog, report, info)',
		async start(args) {
			const mock = await startBinomMock({
				port: num(args, 'port') ?? 0,
				host: str(args, 'host'),
				seed: num(args, 'seed'),
				apiKey: str(args, 'key'),
				now: str(args, 'fixed-clock') ?? 'real',
				userTimezone: str(args, 'timezone'),
			});
			const extra = num(args, 'conversions');
			if (extra) mock.state.seedConversions(extra, { from: mock.state.clock.now() - 86_400_000 });
			return {
				lines: [
					`Binom v2 mock listening on ${mock.url}`,
					`  API base:        ${mock.apiUrl}`,
					`  API key:         ${mock.apiKey}`,
					`  Data:            ${mock.state.campaigns.length} campaigns, ${mock.state.clicks.length} clicks, ${mock.state.conversions.length} conversions`,
					`  Try:             curl -s -H 'api-key: ${mock.apiKey}' '${mock.apiUrl}/conversions?datePreset=today&timezone=UTC'`,
				],
				close: () => mock.close(),
			};
		},
	},
	bemob: {
		description: 'BeMob, beta (X-Access-Key + X-Secret-Key; /v1/campaigns, /v1/report)',
		async start(args) {
			const mock = await startBeMobMock({
				port: num(args, 'port') ?? 0,
				host: str(args, 'host'),
				seed: num(args, 'seed'),
				accessKey: str(args, 'key'),
				secretKey: str(args, 'secret'),
				now: str(args, 'fixed-clock') ?? 'real',
				timezone: str(args, 'timezone'),
			});
			return {
				lines: [
					`BeMob mock listening on ${mock.url}`,
					`  API base:        ${mock.apiUrl}`,
					`  Access key:      ${mock.accessKey}`,
					`  Secret key:      ${mock.secretKey}`,
					`  Try:             curl -s -H 'X-Access-Key: ${mock.accessKey}' -H 'X-Secret-Key: ${mock.secretKey}' '${mock.apiUrl}/campaigns?limit=1'`,
				],
				close: () => mock.close(),
			};
		},
	},
	tg: {
		description: 'TG Tracker, beta (TGTrack CSV reports API; Bearer or apiKey; 3 req/s → 452)',
		async start(args) {
			const mock = await startTgTrackerMock({
				port: num(args, 'port') ?? 0,
				host: str(args, 'host'),
				seed: num(args, 'seed'),
				apiKey: str(args, 'key'),
				now: str(args, 'fixed-clock') ?? 'real',
				rateLimit: flag(args, 'no-rate-limit') ? false : undefined,
			});
			return {
				lines: [
					`TG Tracker mock listening on ${mock.url}`,
					`  API base:        ${mock.apiUrl}`,
					`  API key:         ${mock.apiKey}`,
					`  Data:            ${mock.state.memberships.length} memberships, ${mock.state.tags.length} tags`,
					`  Try:             curl -s -H 'Authorization: Bearer ${mock.apiKey}' '${mock.apiUrl}/get_tags.php?ver=1.0&platform=api&format=csv'`,
				],
				close: () => mock.close(),
			};
		},
	},
};

export function parseArgs(argv: string[]): { name?: string; args: Args } {
	const args: Args = {};
	let name: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const token = argv[i];
		if (token.startsWith('--')) {
			const [key, inline] = token.slice(2).split('=', 2);
			if (inline !== undefined) args[key] = inline;
			else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) args[key] = argv[++i];
			else args[key] = true;
		} else if (!name) {
			name = token;
		}
	}
	return { name, args };
}

function usage(): string {
	return [
		'Usage: npm run mock -- <tracker> [--port N] [--key KEY] [--seed N] [options]',
		'Trackers:',
		...Object.entries(registry).map(([n, e]) => `  ${n.padEnd(10)} ${e.description}`),
		'See test/mock-servers/cli.ts for all options.',
	].join('\n');
}

async function main(): Promise<void> {
	const { name, args } = parseArgs(process.argv.slice(2));
	if (!name || args.help === true) {
		console.log(usage());
		process.exitCode = name ? 0 : 1;
		return;
	}
	const entry = registry[name];
	if (!entry) {
		console.error(`Unknown tracker "${name}".\n${usage()}`);
		process.exitCode = 1;
		return;
	}
	const running = await entry.start(args);
	for (const line of running.lines) console.log(line);
	console.log('Press Ctrl+C to stop.');
	const stop = () => {
		void running.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	});
}

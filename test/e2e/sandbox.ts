/**
 * `npm start`: a real n8n with this package loaded, pointed at the tracker mocks.
 *
 * 1. installs Node 24 + the pinned n8n into test/e2e/ the first time (a few minutes), then reuses them;
 * 2. builds and packs the package and installs the tarball as a community package;
 * 3. starts the tracker mocks (Keitaro: new conversions keep arriving, one every 20–60 s);
 * 4. pre-creates the credentials, imports examples/*.json, starts n8n on 127.0.0.1:5678 and
 *    creates the owner; prints the editor URL and the login. Ctrl-C stops everything.
 *
 * Options: --port <n> (default 5678) · --keep (keep the user folder of the last run: your
 * workflows and executions survive; the examples are not re-imported) · --no-conversions.
 */
import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_OWNER, N8n } from './lib/n8n';
import { N8N_BIN, N8N_VERSION, NODE_VERSION, WORK_DIR } from './lib/paths';
import { killGroup, log, portInUse, sleep } from './lib/proc';
import { prepareArtefact, prepareUserFolder } from './lib/setup';
import { driveKeitaroConversions, startTrackers, type RunningTracker } from './lib/trackers';
import type { KeitaroMock } from '../mock-servers/keitaro/server';
import { driveKeitaroPostbacks } from './sandbox-postbacks';
import { startHubSandbox, type HubSandbox } from './lib/hub';

interface Args {
	port: number;
	keep: boolean;
	conversions: boolean;
}

function parseArgs(argv: string[]): Args {
	const args: Args = { port: Number(process.env.N8N_PORT) || 5678, keep: false, conversions: true };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--keep') args.keep = true;
		else if (a === '--no-conversions') args.conversions = false;
		else if (a === '--port') args.port = Number(argv[++i]);
		else if (a.startsWith('--port=')) args.port = Number(a.slice(7));
		else if (a === '--help' || a === '-h') {
			process.stdout.write(
				'npm start [-- --port 5678] [--keep] [--no-conversions]\n' +
					'  --keep            reuse the last sandbox (workflows, executions, owner)\n' +
					'  --no-conversions  do not add new Keitaro conversions over time\n',
			);
			process.exit(0);
		} else throw new Error(`Unknown option ${a} (try --help)`);
	}
	if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535)
		throw new Error('--port needs a port number');
	return args;
}

/** An n8n left running by a sandbox that was killed hard: stop it (only if it is our n8n). */
function stopStaleSandbox(pidFile: string): void {
	if (!fs.existsSync(pidFile)) return;
	const pid = Number(fs.readFileSync(pidFile, 'utf8'));
	fs.rmSync(pidFile, { force: true });
	if (!Number.isInteger(pid) || pid <= 0) return;
	let cmdline = '';
	try {
		cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
	} catch {
		return; // not running
	}
	if (!cmdline.includes(N8N_BIN)) return;
	log(`stopping the n8n (pid ${pid}) left running by an earlier sandbox`);
	killGroup(pid, 'SIGTERM');
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const t0 = Date.now();
	const tarball = await prepareArtefact({ packFolder: 'pack-sandbox' });

	const pidFile = path.join(WORK_DIR, 'sandbox.pid');
	stopStaleSandbox(pidFile);
	for (let i = 0; i < 30 && (await portInUse(args.port)); i++) await sleep(500);
	if (await portInUse(args.port))
		throw new Error(
			`Port ${args.port} is already in use (another n8n?). Stop it or run: npm start -- --port 5690`,
		);
	const n8n = new N8n({ name: 'sandbox', fresh: !args.keep, port: args.port });

	const firstRun = !fs.existsSync(path.join(n8n.userFolder, '.n8n', 'database.sqlite'));
	const trackers: RunningTracker[] = await startTrackers({ fixedPorts: true });
	// Tracker Hub: a second Keitaro and a real Postgres (the sandbox runs on without Postgres).
	const hub: HubSandbox = await startHubSandbox({ fixedPorts: true });
	trackers.push(...hub.trackers);
	let stopConversions = () => {};
	let stopping = false;
	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write('\nStopping the sandbox…\n');
		stopConversions();
		await n8n.stop();
		fs.rmSync(pidFile, { force: true });
		await Promise.all(trackers.map((t) => t.close().catch(() => undefined)));
		await hub.close().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));

	try {
		const { examples } = await prepareUserFolder(n8n, tarball, trackers, {
			importExamples: firstRun || !args.keep,
		});
		await hub.prepare(n8n);
		await n8n.start();
		fs.writeFileSync(pidFile, String(n8n.pid ?? ''));
		await n8n.ensureOwner(DEFAULT_OWNER);
		await hub.activate(n8n);

		const keitaro = trackers.find((t) => t.key === 'keitaro');
		if (keitaro && args.conversions) {
			stopConversions = driveKeitaroConversions(keitaro.mock as KeitaroMock, {
				onConversion: (text) => log(text),
			});
			driveKeitaroPostbacks(keitaro.mock as KeitaroMock, { onPostback: (text) => log(text) });
		}

		const lines = [
			'',
			`n8n ${N8N_VERSION} (Node ${NODE_VERSION}) is running with n8n-nodes-affiliate-trackers loaded as a community package.`,
			'',
			`  Editor:    ${n8n.baseUrl}`,
			`  Login:     ${DEFAULT_OWNER.email}  /  ${DEFAULT_OWNER.password}`,
			'',
			'  Credentials (Overview → Credentials), pointing at local tracker mocks:',
			...trackers.map((t) => `    • ${t.credential.name} (${t.credential.type})`),
			...trackers.flatMap((t) => t.lines.map((l) => `      ${l}`)),
			'',
			...hub.lines,
			'',
			'  Example workflows (Overview → Workflows):',
			...examples.map((e) => `    • ${e.name}  ${n8n.baseUrl}/workflow/${e.id}`),
			'',
			args.conversions && keitaro
				? '  New Keitaro conversions arrive every 20–60 s (logged below).'
				: '',
			`  User folder: ${path.relative(process.cwd(), n8n.userFolder)} (${args.keep ? 'kept' : 'fresh; use --keep to keep your work'}), n8n log: ${path.relative(process.cwd(), n8n.logFile)}`,
			`  Ready in ${((Date.now() - t0) / 1000).toFixed(0)} s. Press Ctrl-C to stop.`,
			'',
		];
		process.stdout.write(`${lines.join('\n')}\n`);

		// n8n dying on its own ends the sandbox.
		for (;;) {
			await sleep(1000);
			if (!n8n.running) {
				process.stderr.write(
					`n8n stopped unexpectedly; last output:\n${n8n.output.slice(-3000)}\n`,
				);
				await shutdown(1);
			}
		}
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n`);
		await shutdown(1);
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});

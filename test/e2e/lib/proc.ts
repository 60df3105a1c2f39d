/** Child processes and logging for the sandbox and e2e tooling (no dependencies). */
import { spawn, type SpawnOptions } from 'node:child_process';
import net from 'node:net';

const started = Date.now();

/** Progress line on stderr, with the seconds since start-up. */
export function log(message: string): void {
	if (process.env.E2E_QUIET === '1') return;
	const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
	process.stderr.write(`[e2e ${t}s] ${message}\n`);
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Kill the process (and fail) after this many ms. Default 10 minutes. */
	timeoutMs?: number;
	/** Resolve with the result instead of throwing when the exit code is not 0. */
	allowFailure?: boolean;
	/** Stream the child's output to our stderr as it comes (long installs). */
	echo?: boolean;
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export class CommandError extends Error {
	constructor(
		message: string,
		readonly result: RunResult,
	) {
		super(message);
		this.name = 'CommandError';
	}
}

const tail = (text: string, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** Runs a command to completion, collecting stdout and stderr. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	const t0 = Date.now();
	return new Promise((resolve, reject) => {
		const spawnOptions: SpawnOptions = {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group, so a timeout kills the whole tree
		};
		const child = spawn(command, args, spawnOptions);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (options.echo) process.stderr.write(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			if (options.echo) process.stderr.write(chunk);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
		}, options.timeoutMs ?? 600_000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const result: RunResult = { code, signal, stdout, stderr, ms: Date.now() - t0 };
			const label = `${command} ${args.join(' ')}`;
			if (timedOut) {
				reject(
					new CommandError(`Timed out after ${options.timeoutMs ?? 600_000} ms: ${label}`, result),
				);
			} else if (code !== 0 && !options.allowFailure) {
				reject(
					new CommandError(
						`Command failed (exit ${code ?? signal}): ${label}\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`,
						result,
					),
				);
			} else {
				resolve(result);
			}
		});
	});
}

/** Signals a process group started with `detached: true`; ignores a group that is already gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* already exited */
		}
	}
}

/** A free TCP port on 127.0.0.1 (ephemeral range). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined> | T | undefined,
	{ timeoutMs = 60_000, intervalMs = 500 } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
		}
		await sleep(intervalMs);
	}
}

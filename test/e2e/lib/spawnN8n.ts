/**
 * One n8n process (`n8n start`, `n8n worker`, `n8n webhook`) of the pinned n8n, in its own process
 * group (so killGroup ends its task runner too), its stdout and stderr appended to a log file and
 * kept in memory (the last ~100 kB). Shared by `N8n.start` (test/e2e/lib/n8n.ts) and the queue
 * cluster's workers and webhook processor (test/e2e/queue/cluster.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

import { N8N_BIN, NODE24 } from './paths';
import { waitFor } from './proc';

export interface SpawnedN8n {
	readonly child: ChildProcess;
	/** Its output so far (the last ~100 kB of stdout and stderr, interleaved). */
	readonly text: string;
	/** "n8n <command> exited (<code or signal>)" once it has exited. */
	readonly exited: string | undefined;
	/**
	 * Resolves once `marker` is in the output; throws with the output's tail if the process exits
	 * first or `timeoutMs` passes.
	 */
	waitForOutput(marker: string, what: string, timeoutMs: number): Promise<void>;
}

export function spawnN8n(
	command: string,
	{
		cwd,
		env,
		logFile,
		onExit,
	}: {
		cwd: string;
		env: NodeJS.ProcessEnv;
		logFile: string;
		/** Called once the process has exited (after its log file is closed). */
		onExit?: (child: ChildProcess) => void;
	},
): SpawnedN8n {
	const out = fs.createWriteStream(logFile, { flags: 'a' });
	const child = spawn(NODE24, [N8N_BIN, command], {
		cwd,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let text = '';
	let exited: string | undefined;
	const onData = (chunk: Buffer) => {
		out.write(chunk);
		text += chunk.toString();
		if (text.length > 200_000) text = text.slice(-100_000);
	};
	child.stdout?.on('data', onData);
	child.stderr?.on('data', onData);
	child.on('exit', (code, signal) => {
		exited = `n8n ${command} exited (${code ?? signal})`;
		out.end();
		onExit?.(child);
	});
	return {
		child,
		get text() {
			return text;
		},
		get exited() {
			return exited;
		},
		async waitForOutput(marker, what, timeoutMs) {
			await waitFor(
				what,
				() => {
					if (exited) throw new Error(`${exited}:\n${text.slice(-4000)}`);
					return text.includes(marker) ? true : undefined;
				},
				{ timeoutMs, intervalMs: 250 },
			);
		},
	};
}

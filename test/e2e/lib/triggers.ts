/**
 * Helpers of the polling-trigger e2e test: make sure the installed package lists the trigger
 * nodes, and read what a trigger emitted from the executions the public API lists.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { ExecutionSummary, Items } from './n8n';
import { log } from './proc';

/**
 * Ensures `n8n.nodes` of the package installed in a user folder lists `nodeFiles` (paths inside
 * the package, e.g. `dist/nodes/Keitaro/KeitaroTrigger.node.js`). Returns the files it had to
 * add: n8n only loads the nodes a community package lists, so a node the repository's
 * package.json does not list yet would be an unknown type. The repository's package.json is left
 * alone; the caller reports what was added.
 */
export function ensureNodesListed(packageDir: string, nodeFiles: string[]): string[] {
	const file = path.join(packageDir, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		n8n: { nodes: string[] };
	};
	const added: string[] = [];
	for (const nodeFile of nodeFiles) {
		if (pkg.n8n.nodes.includes(nodeFile)) continue;
		if (!fs.existsSync(path.join(packageDir, nodeFile)))
			throw new Error(`The packed package has no ${nodeFile}: did the build include it?`);
		pkg.n8n.nodes.push(nodeFile);
		added.push(nodeFile);
	}
	if (added.length) {
		fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
		log(
			`WARNING: package.json does not list ${added.join(', ')}; added to the installed copy only`,
		);
	}
	return added;
}

/** Output items of `node` in one execution (every run of the node, first main output). */
export function nodeItems(execution: ExecutionSummary, node: string): Items {
	const runs = execution.data?.resultData.runData[node] ?? [];
	return runs.flatMap((r) => r.data?.main?.[0] ?? []);
}

/** Every item `node` emitted across the executions, oldest execution first. */
export function itemsAcross(
	executions: ExecutionSummary[],
	node: string,
): Array<{ execution: string; json: Record<string, unknown> }> {
	return [...executions]
		.sort((a, b) => Number(a.id) - Number(b.id))
		.flatMap((e) => nodeItems(e, node).map((i) => ({ execution: e.id, json: i.json })));
}

/** How many times each value of `key` occurs among the items. */
export function countBy(
	items: Array<{ json: Record<string, unknown> }>,
	key: string,
): Map<string, number> {
	const counts = new Map<string, number>();
	for (const i of items) {
		const k = String(i.json[key]);
		counts.set(k, (counts.get(k) ?? 0) + 1);
	}
	return counts;
}

/** The server log lines that mention errors or the given words (for failure messages). */
export function logExcerpt(output: string, words: string[] = [], max = 60): string {
	const re = new RegExp(
		['error', 'warn', 'fail', 'problem', ...words].map((w) => w.replace(/\W/g, '\\$&')).join('|'),
		'i',
	);
	return output
		.split('\n')
		.filter((l) => re.test(l))
		.slice(-max)
		.join('\n');
}

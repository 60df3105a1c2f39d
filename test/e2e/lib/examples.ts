/** The example workflows in examples/*.json, and which of them the sandbox can run offline. */
import fs from 'node:fs';
import path from 'node:path';

import { EXAMPLES_DIR, NODE_TYPE_PREFIX } from './paths';

export interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface Example {
	file: string;
	id: string;
	name: string;
	nodes: ExampleNode[];
	/** Starts with a Manual Trigger (what `n8n execute --id` needs). */
	manual: boolean;
	/** Manual, and every node is offline-safe and uses only sandbox credentials. */
	runnable: boolean;
	/** Why it is not runnable in the sandbox, if it is not. */
	notRunnableBecause?: string;
}

/** nodes-base types that need no outside service. */
const OFFLINE_NODE_TYPES = new Set(
	[
		'manualTrigger',
		'code',
		'set',
		'stickyNote',
		'noOp',
		'if',
		'filter',
		'switch',
		'merge',
		'aggregate',
		'splitOut',
		'sort',
		'limit',
		'summarize',
		'removeDuplicates',
		'dateTime',
		'splitInBatches',
	].map((t) => `n8n-nodes-base.${t}`),
);

export function listExamples(sandboxCredentialIds: string[]): Example[] {
	if (!fs.existsSync(EXAMPLES_DIR)) return [];
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const file = path.join(EXAMPLES_DIR, f);
			const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
				id?: string;
				name?: string;
				nodes?: ExampleNode[];
			};
			if (!json.id)
				throw new Error(`${f} has no "id": the examples need fixed ids (n8n execute --id)`);
			const nodes = json.nodes ?? [];
			const manual = nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger');
			let why: string | undefined;
			if (!manual) why = 'no Manual Trigger';
			for (const n of nodes) {
				if (why) break;
				if (!n.type.startsWith(NODE_TYPE_PREFIX) && !OFFLINE_NODE_TYPES.has(n.type))
					why = `node "${n.name}" (${n.type}) needs an outside service`;
				for (const [type, ref] of Object.entries(n.credentials ?? {})) {
					if (!sandboxCredentialIds.includes(ref.id))
						why = `node "${n.name}" uses ${type} credential "${ref.id}", which the sandbox does not create`;
				}
			}
			return {
				file,
				id: json.id,
				name: json.name ?? f,
				nodes,
				manual,
				runnable: !why,
				notRunnableBecause: why,
			};
		});
}

/**
 * Every node of the package and every property of its description, nested ones included
 * (collections, fixed collections), for the editor tests: what the n8n editor will show.
 */
import fs from 'node:fs';
import path from 'node:path';

import type {
	INodeProperties,
	INodePropertyCollection,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export function nodeFiles(): string[] {
	const out: string[] = [];
	for (const folder of fs.readdirSync(path.join(ROOT, 'nodes'))) {
		const dir = path.join(ROOT, 'nodes', folder);
		if (folder === 'shared' || !fs.statSync(dir).isDirectory()) continue;
		for (const f of fs.readdirSync(dir)) if (f.endsWith('.node.ts')) out.push(path.join(dir, f));
	}
	return out.sort();
}

export function loadDescription(file: string): INodeTypeDescription {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(file) as Record<string, new () => INodeType>;
	const Cls = Object.values(mod).find((v) => typeof v === 'function')!;
	return new Cls().description;
}

export interface Found {
	node: string;
	/** Display path, e.g. "Options › Time Zone". */
	where: string;
	property: INodeProperties;
}

function isCollectionGroup(o: unknown): o is INodePropertyCollection {
	return (
		typeof o === 'object' && o !== null && Array.isArray((o as INodePropertyCollection).values)
	);
}

export function walk(
	properties: INodeProperties[],
	node: string,
	trail = '',
	out: Found[] = [],
): Found[] {
	for (const p of properties) {
		const where = trail ? `${trail} › ${p.displayName}` : p.displayName;
		out.push({ node, where, property: p });
		if (p.type === 'collection' && Array.isArray(p.options)) {
			walk(p.options as INodeProperties[], node, where, out);
		} else if (p.type === 'fixedCollection' && Array.isArray(p.options)) {
			for (const group of p.options) {
				if (isCollectionGroup(group))
					walk(group.values, node, `${where} › ${group.displayName}`, out);
			}
		}
	}
	return out;
}

/** Every property of every node, with the node's file name. */
export function allProperties(): Found[] {
	const out: Found[] = [];
	for (const file of nodeFiles())
		walk(loadDescription(file).properties, path.basename(file, '.node.ts'), '', out);
	return out;
}

/**
 * Smoke test of packed packages in a real n8n, for the n8n line this process selects (E2E_N8N_LINE:
 * the 2.x pin by default, 1 for the newest 1.x):
 *
 * 1. installs each tarball as a community package into one fresh user folder;
 * 2. with the all-in-one package (or the Keitaro package) among them: imports the Keitaro sandbox
 *    credential and example 01 (list campaigns), runs it with `n8n execute` against the Keitaro mock
 *    and checks it returned every campaign of the mock;
 * 3. starts `n8n start` and checks that n8n serves every node type each package lists in
 *    package.json → n8n.nodes: the editor's list (`/types/nodes.json`) holds its full name
 *    `<package>.<node name>` at its newest version, and `POST /rest/node-types` for that full name
 *    answers the node's description (whose `name` is the short node name: n8n does not prefix it
 *    there), then stops it.
 *
 * CLI (builds and packs the all-in-one package when no tarball is given; E2E_SKIP_BUILD=1 reuses
 * the last one):  E2E_N8N_LINE=1 ts-node --transpile-only test/e2e/lib/smoke.ts [--no-example] [tarball ...]
 * (`npm run test:e2e:1x`)
 */
import fs from 'node:fs';
import path from 'node:path';

import type { KeitaroMock } from '../../mock-servers/keitaro/server';
import { listExamples } from './examples';
import { keitaroCall } from './mock-api';
import { N8n } from './n8n';
import { installPackageInto } from './package';
import { N8N_VERSION, NODE_VERSION, WORK_DIR } from './paths';
import { log, run, sleep } from './proc';
import { prepareArtefact } from './setup';
import { startKeitaro, type RunningTracker } from './trackers';

const EXAMPLE_ID = 'KtListCampaigns1';

interface PackedPackage {
	tarball: string;
	name: string;
	/** n8n node types (`<package>.<node name>`) with their newest version. */
	types: Array<{ name: string; version: number }>;
}

/**
 * Reads a tarball's package.json and loads its built node classes to list its node types. It is
 * extracted under test/e2e/.work so the node files resolve `n8n-workflow` from the project.
 */
export async function describeTarball(tarball: string): Promise<PackedPackage> {
	fs.mkdirSync(WORK_DIR, { recursive: true });
	const dir = fs.mkdtempSync(path.join(WORK_DIR, 'describe-'));
	try {
		await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
		const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
			name: string;
			n8n: { nodes: string[] };
		};
		const types: PackedPackage['types'] = [];
		for (const rel of pkg.n8n.nodes) {
			const mod = (await import(path.join(dir, rel))) as Record<string, unknown>;
			for (const C of Object.values(mod)) {
				if (typeof C !== 'function') continue;
				const description = (new (C as new () => { description?: NodeDescription })()).description;
				if (!description?.name) continue;
				const versions = ([] as number[]).concat(description.version);
				types.push({ name: `${pkg.name}.${description.name}`, version: Math.max(...versions) });
			}
		}
		return { tarball, name: pkg.name, types };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

interface NodeDescription {
	name: string;
	version: number | number[];
}

export async function smoke(
	tarballs: string[],
	{ example = true }: { example?: boolean } = {},
): Promise<void> {
	const t0 = Date.now();
	const packages = await Promise.all(tarballs.map(describeTarball));
	const n8n = new N8n({ name: `smoke-n8n-${N8N_VERSION}` });
	for (const p of packages) await installPackageInto(n8n.userFolder, p.tarball, p.name);
	log(`n8n ${N8N_VERSION} (Node ${NODE_VERSION}): installed ${packages.map((p) => p.name).join(', ')}`);

	const keitaroPackage = packages.find((p) => p.types.some((t) => t.name.endsWith('.keitaro')));
	if (example && keitaroPackage) {
		let keitaro: RunningTracker<KeitaroMock> | undefined;
		try {
			keitaro = await startKeitaro();
			await n8n.importCredentials([keitaro.credential]);
			const ex = listExamples([keitaro.credential.id]).find((e) => e.id === EXAMPLE_ID);
			if (!ex) throw new Error(`example ${EXAMPLE_ID} not found in examples/`);
			// The example refers to the all-in-one package's node types; a per-tracker package has its own.
			const wf = fs
				.readFileSync(ex.file, 'utf8')
				.split('"n8n-nodes-affiliate-trackers.')
				.join(`"${keitaroPackage.name}.`);
			const wfFile = path.join(n8n.userFolder, 'smoke-example.json');
			fs.writeFileSync(wfFile, wf);
			await n8n.importWorkflows([wfFile]);
			const result = await n8n.execute(EXAMPLE_ID);
			if (!result.ok) throw new Error(`example ${EXAMPLE_ID} failed: ${result.error}`);
			const items = result.items('Get campaigns');
			// What the tracker's API lists (archived campaigns are not listed).
			const expected = (await keitaroCall<unknown[]>(keitaro.mock, 'GET', '/campaigns')).length;
			if (items.length !== expected)
				throw new Error(`example ${EXAMPLE_ID} returned ${items.length} campaigns, the mock has ${expected}`);
			log(`example ${EXAMPLE_ID} ran in n8n ${N8N_VERSION}: ${items.length} campaigns`);
		} finally {
			await keitaro?.close();
		}
	}

	await n8n.start();
	try {
		await n8n.ensureOwner();
		// The editor's list of node types holds the full names (`<package>.<node name>`); the
		// description `POST /rest/node-types` returns for a full name carries the node's own short name.
		const listed = await onceMore(() =>
			n8n.typesFile<Array<{ name: string; version: number | number[] }>>('nodes'),
		);
		const listedVersions = new Map<string, number[]>();
		for (const t of listed)
			listedVersions.set(t.name, [...(listedVersions.get(t.name) ?? []), ...([] as number[]).concat(t.version)]);
		const problems: string[] = [];
		for (const p of packages) {
			const listedTypes = p.types.filter((t) => listedVersions.get(t.name)?.includes(t.version));
			for (const t of p.types)
				if (!listedTypes.includes(t)) problems.push(`${t.name} v${t.version} is not in /types/nodes.json`);
			// One request per package; n8n answers the descriptions in the order asked (or fails).
			const descriptions = await onceMore(() => n8n.nodeTypes(listedTypes));
			for (const [i, t] of listedTypes.entries()) {
				const description = descriptions[i];
				const short = t.name.slice(p.name.length + 1);
				if (description?.name !== short)
					problems.push(`POST /rest/node-types for ${t.name} answered ${JSON.stringify(description?.name)}, not "${short}"`);
			}
			if (!problems.length) log(`n8n ${N8N_VERSION} serves all ${p.types.length} node type(s) of ${p.name}`);
		}
		if (problems.length) throw new Error(`n8n ${N8N_VERSION}: ${problems.join('; ')}`);
	} finally {
		await n8n.stop();
	}
	log(
		`smoke: ${packages.length} package(s) load in n8n ${N8N_VERSION} (Node ${NODE_VERSION}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
	);
}

if (require.main === module) {
	const args = process.argv.slice(2);
	const tarballs = args.filter((a) => a.endsWith('.tgz')).map((a) => path.resolve(a));
	(async () => {
		// E2E_SKIP_BUILD=1 reuses the tarball the e2e run packed (test/e2e/.work/pack).
		if (!tarballs.length) tarballs.push(await prepareArtefact());
		else await prepareArtefactInstallOnly();
		await smoke(tarballs, { example: !args.includes('--no-example') });
	})().then(
		() => process.exit(0),
		(error: Error) => {
			process.stderr.write(`smoke FAILED: ${error.stack ?? error.message}\n`);
			process.exit(1);
		},
	);
}

/**
 * A REST call once more after a dropped connection (`fetch failed`: on a loaded machine n8n 1.x
 * closed an idle keep-alive socket just as the next request went out); an HTTP error is not retried.
 */
async function onceMore<T>(call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (!(error instanceof TypeError && /fetch failed/.test(error.message))) throw error;
		log(`${error.message} (${String((error as { cause?: unknown }).cause)}): once more`);
		await sleep(1000);
		return await call();
	}
}

async function prepareArtefactInstallOnly(): Promise<void> {
	const { installAll } = await import('./install');
	await installAll();
}

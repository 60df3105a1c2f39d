#!/usr/bin/env node
/*
 * `npm run build:packages`: writes one n8n-Cloud-eligible package per tracker into .packages/<slug>/
 * and packs each, plus the all-in-one package (this repository's root) for self-hosted n8n, into
 * .packages/tarballs/. Run after `npm run build` (it reads the built classes to find which
 * credentials each node uses).
 *
 * n8n Cloud installs only verified community nodes, and verification allows one third-party service
 * per package (plus that service's triggers). So each tracker folder nodes/<Tracker>/ becomes a
 * package @affiliate-trackers/n8n-nodes-<slug> holding:
 *   - every node of that folder: the ones package.json → n8n.nodes lists under dist/nodes/<Tracker>/,
 *     plus any nodes/<Tracker>/*.node.ts not listed yet (so a node another engineer adds is picked up);
 *   - the credentials those nodes declare (matched by credential name against credentials/*.ts);
 *   - nodes/shared/ as source, compiled into the package (no runtime dependencies; the only peer is
 *     n8n-workflow);
 *   - n8n's template eslint.config.mjs with "strict": true, the project's tsconfig, README, LICENSE.
 * With --tsc (the publish workflow) each package is built on its own as `n8n-node build` builds: tsc,
 * then @n8n/node-cli's own copyStaticFiles (icons and __schema__ files). Without it (CI, fast) the
 * same compiled files are copied from the root build. Either way every relative require() of the
 * package must resolve inside it, and other requires must be modules n8n supplies. Codex files name
 * the package's own node type.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.packages');
const TARBALLS = path.join(OUT, 'tarballs');
const SCOPE = '@affiliate-trackers';
const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ALL_IN_ONE = rootPkg.name;

const rel = (p) => path.relative(ROOT, p).split(path.sep).join('/');
const fail = (msg) => {
	console.error(`build:packages: ${msg}`);
	process.exit(1);
};

function copy(from, to) {
	fs.mkdirSync(path.dirname(to), { recursive: true });
	fs.cpSync(from, to, { recursive: true });
}

/** Instances of the classes a built file exports. */
function instances(distFile) {
	const mod = require(distFile);
	return Object.values(mod)
		.filter((v) => typeof v === 'function')
		.map((C) => new C());
}

/** credential type name → source file (credentials/X.credentials.ts), from the built classes. */
function credentialFiles() {
	const map = new Map();
	for (const f of fs.readdirSync(path.join(ROOT, 'credentials'))) {
		if (!f.endsWith('.credentials.ts')) continue;
		const dist = path.join(ROOT, 'dist', 'credentials', f.replace(/\.ts$/, '.js'));
		if (!fs.existsSync(dist)) fail(`${rel(dist)} is missing: run npm run build first`);
		for (const c of instances(dist)) if (c.name) map.set(c.name, `credentials/${f}`);
	}
	return map;
}

/** Tracker folder → node source files (relative, .ts), from package.json's list and the folder. */
function trackers() {
	const byTracker = new Map();
	const add = (tracker, file) => {
		if (!byTracker.has(tracker)) byTracker.set(tracker, new Set());
		byTracker.get(tracker).add(file);
	};
	for (const built of rootPkg.n8n.nodes) {
		const m = /^dist\/nodes\/([^/]+)\/(.+)\.node\.js$/.exec(built);
		if (!m) fail(`unexpected node path in package.json: ${built}`);
		if (m[1] === 'shared') fail(`${built}: nodes/shared must not hold nodes`);
		add(m[1], `nodes/${m[1]}/${m[2]}.node.ts`);
	}
	for (const dir of fs.readdirSync(path.join(ROOT, 'nodes'))) {
		if (dir === 'shared' || !fs.statSync(path.join(ROOT, 'nodes', dir)).isDirectory()) continue;
		for (const f of fs.readdirSync(path.join(ROOT, 'nodes', dir)))
			if (f.endsWith('.node.ts')) add(dir, `nodes/${dir}/${f}`);
	}
	return byTracker;
}

// @n8n/node-cli exports only ./eslint: reach its files by path (the version is pinned exactly).
const NODE_CLI = path.join(ROOT, 'node_modules', '@n8n', 'node-cli');
const TEMPLATE_ESLINT = fs.readFileSync(
	path.join(NODE_CLI, 'dist/template/templates/shared/default/eslint.config.mjs'),
	'utf8',
);

function packageJson(tracker, slug, nodes, credentials) {
	return {
		name: `${SCOPE}/n8n-nodes-${slug}`,
		version: rootPkg.version,
		description: `n8n nodes for ${tracker}: ${nodes
			.map((n) => path.basename(n, '.node.ts'))
			.join(', ')} (from n8n-nodes-affiliate-trackers, one package per service for n8n Cloud)`,
		keywords: ['n8n-community-node-package', 'n8n', slug, 'affiliate', 'tracker'],
		license: rootPkg.license,
		homepage: rootPkg.homepage,
		author: rootPkg.author,
		repository: rootPkg.repository,
		engines: rootPkg.engines,
		scripts: { build: 'n8n-node build', lint: 'n8n-node lint' },
		files: ['dist'],
		n8n: {
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: credentials.map((c) => `dist/${c.replace(/\.ts$/, '.js')}`),
			nodes: nodes.map((n) => `dist/${n.replace(/\.ts$/, '.js')}`),
		},
		peerDependencies: { 'n8n-workflow': '*' },
		devDependencies: {
			'@n8n/node-cli': rootPkg.devDependencies['@n8n/node-cli'],
			eslint: rootPkg.devDependencies.eslint,
			typescript: rootPkg.devDependencies.typescript,
		},
	};
}

function readme(tracker, pkg) {
	return `# ${pkg.name}

n8n community nodes for **${tracker}**, from
[n8n-nodes-affiliate-trackers](${rootPkg.homepage}), packaged one service per package so it can be
verified for n8n Cloud. Nodes: ${pkg.n8n.nodes.map((n) => `\`${path.basename(n, '.node.js')}\``).join(', ')}.
Credentials: ${pkg.n8n.credentials.map((c) => `\`${path.basename(c, '.credentials.js')}\``).join(', ')}.

Self-hosted n8n with several trackers can install the all-in-one package \`${ALL_IN_ONE}\` instead
(the same nodes; do not install both, their credential types have the same names).
Documentation: ${rootPkg.homepage}.

License: MIT
`;
}

const WITH_TSC = process.argv.includes('--tsc');

/** Every relative require() of every built file resolves to a file inside the package's dist/. */
function checkSelfContained(name, distDir) {
	const walk = (d) =>
		fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
			e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)],
		);
	for (const file of walk(distDir).filter((f) => f.endsWith('.js'))) {
		const src = fs.readFileSync(file, 'utf8');
		for (const m of src.matchAll(/require\("([^"]+)"\)/g)) {
			const spec = m[1];
			if (!spec.startsWith('.')) {
				if (!['n8n-workflow', 'crypto', 'node:crypto', 'zod', 'luxon', 'lodash'].includes(spec.split('/')[0]))
					fail(`${name}: ${rel(file)} requires "${spec}" (not supplied by n8n)`);
				continue;
			}
			const target = path.resolve(path.dirname(file), spec);
			const found = ['', '.js', '.json', '/index.js'].some((ext) => fs.existsSync(target + ext));
			if (!found || !target.startsWith(distDir + path.sep))
				fail(`${name}: ${rel(file)} requires "${spec}", which is not inside the package`);
		}
	}
}

async function main() {
	if (!fs.existsSync(path.join(ROOT, 'dist'))) fail('dist/ is missing: run npm run build first');
	const { copyStaticFiles } = require(path.join(NODE_CLI, 'dist/commands/build.js'));
	const tsc = require.resolve('typescript/bin/tsc');
	const creds = credentialFiles();
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(TARBALLS, { recursive: true });
	const written = [];

	for (const [tracker, nodeSet] of [...trackers()].sort(([a], [b]) => a.localeCompare(b))) {
		const slug = tracker.toLowerCase();
		const dir = path.join(OUT, slug);
		const nodes = [...nodeSet].sort();
		const credentials = new Set();
		for (const n of nodes) {
			const dist = path.join(ROOT, 'dist', n.replace(/\.ts$/, '.js'));
			if (!fs.existsSync(dist)) fail(`${rel(dist)} is missing: run npm run build first`);
			for (const inst of instances(dist))
				for (const c of inst.description?.credentials ?? []) {
					const file = creds.get(c.name);
					if (!file) fail(`${n} uses credential ${c.name}, which no credentials/*.ts defines`);
					credentials.add(file);
				}
		}
		const credList = [...credentials].sort();
		const pkg = packageJson(tracker, slug, nodes, credList);

		copy(path.join(ROOT, 'nodes', tracker), path.join(dir, 'nodes', tracker));
		copy(path.join(ROOT, 'nodes', 'shared'), path.join(dir, 'nodes', 'shared'));
		for (const c of credList) copy(path.join(ROOT, c), path.join(dir, c));
		// Codex files name the node type of this package.
		for (const n of nodes) {
			const codex = path.join(dir, n.replace(/\.ts$/, '.json'));
			if (!fs.existsSync(codex)) continue;
			const json = JSON.parse(fs.readFileSync(codex, 'utf8'));
			if (typeof json.node === 'string')
				json.node = json.node.replace(`${ALL_IN_ONE}.`, `${pkg.name}.`);
			fs.writeFileSync(codex, `${JSON.stringify(json, null, '\t')}\n`);
		}
		fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
		fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), TEMPLATE_ESLINT);
		const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
		tsconfig.compilerOptions.incremental = false;
		fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, '\t')}\n`);
		fs.writeFileSync(path.join(dir, 'README.md'), readme(tracker, pkg));
		copy(path.join(ROOT, 'LICENSE'), path.join(dir, 'LICENSE'));

		if (WITH_TSC) {
			// n8n-node build: tsc, then its own copy of the static files.
			try {
				execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, stdio: 'pipe' });
			} catch (e) {
				fail(`${pkg.name} does not compile on its own:\n${e.stdout}${e.stderr}`);
			}
			const cwd = process.cwd();
			process.chdir(dir);
			try {
				await copyStaticFiles();
			} finally {
				process.chdir(cwd);
			}
		} else {
			// The same files, compiled with the same tsconfig by the root build: copy them.
			for (const part of [`nodes/${tracker}`, 'nodes/shared', 'package.json'])
				copy(path.join(ROOT, 'dist', part), path.join(dir, 'dist', part));
			for (const c of credList) {
				const base = c.replace(/\.ts$/, '');
				for (const ext of ['.js', '.d.ts', '.js.map'])
					if (fs.existsSync(path.join(ROOT, 'dist', base + ext)))
						copy(path.join(ROOT, 'dist', base + ext), path.join(dir, 'dist', base + ext));
			}
			for (const n of nodes) {
				const codex = path.join(dir, n.replace(/\.ts$/, '.json'));
				if (fs.existsSync(codex)) copy(codex, path.join(dir, 'dist', n.replace(/\.ts$/, '.json')));
			}
		}
		checkSelfContained(pkg.name, path.join(dir, 'dist'));
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', TARBALLS], {
				cwd: dir,
				encoding: 'utf8',
			}),
		)[0];
		written.push({ name: pkg.name, nodes: nodes.length, credentials: credList.length, tarball: packed.filename });
	}

	const root = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', TARBALLS], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	)[0];
	written.push({
		name: ALL_IN_ONE,
		nodes: rootPkg.n8n.nodes.length,
		credentials: rootPkg.n8n.credentials.length,
		tarball: root.filename,
	});
	for (const w of written)
		console.log(
			`${w.name.padEnd(48)} ${String(w.nodes).padStart(2)} node(s) ${String(w.credentials).padStart(2)} credential(s)  .packages/tarballs/${w.tarball}`,
		);
	console.log(`build:packages: ${written.length} packages in .packages/ (tarballs in .packages/tarballs/)`);
}

main().catch((e) => fail(e.stack || e.message));

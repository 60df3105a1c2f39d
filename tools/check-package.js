#!/usr/bin/env node
/* Checks the publishable artefact: `npm pack` holds only dist/, README, LICENSE and package.json,
 * every node and credential listed in package.json exists in dist/ and loads, and each exposes the
 * class n8n expects. Run after `npm run build`. */
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const fs = require('fs');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
let failed = 0;
const fail = (msg) => {
	failed++;
	console.error(`FAIL ${msg}`);
};

const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
const files = JSON.parse(out)[0].files.map((f) => f.path);
const allowed = (f) => f.startsWith('dist/') || ['README.md', 'LICENSE', 'package.json'].includes(f);
const extra = files.filter((f) => !allowed(f));
if (extra.length) fail(`npm pack contains files outside dist/, README, LICENSE: ${extra.join(', ')}`);
if (!files.includes('README.md')) fail('README.md missing from the package');
if (!files.includes('LICENSE')) fail('LICENSE missing from the package');
if (files.some((f) => f.startsWith('dist/test/') || f.includes('mock-servers'))) fail('tests leaked into dist/');

/** Words people search the node picker for (issue 14): every codex must list them as `alias`. */
const REQUIRED_ALIASES = ['affiliate', 'tracker', 'conversion', 'postback', 'cost', 'roi', 'campaign', 'media buying'];
function checkCodexAliases(rel, codexPath) {
	let codex;
	try {
		codex = JSON.parse(fs.readFileSync(codexPath, 'utf8'));
	} catch (e) {
		fail(`${rel}: codex file is not JSON (${e && e.message})`);
		return;
	}
	const alias = Array.isArray(codex.alias) ? codex.alias.map((a) => String(a).toLowerCase()) : [];
	const missing = REQUIRED_ALIASES.filter((w) => !alias.includes(w));
	if (missing.length) fail(`${rel}: codex alias list lacks ${missing.join(', ')}`);
}

for (const kind of ['credentials', 'nodes']) {
	for (const rel of pkg.n8n[kind]) {
		const abs = path.join(root, rel);
		if (!fs.existsSync(abs)) {
			fail(`${rel} is listed in package.json but was not built`);
			continue;
		}
		if (!files.includes(rel)) fail(`${rel} is not in the npm package`);
		try {
			const mod = require(abs);
			const classes = Object.values(mod).filter((v) => typeof v === 'function');
			if (classes.length === 0) fail(`${rel} exports no class`);
			for (const C of classes) {
				const inst = new C();
				if (kind === 'nodes' && !inst.description) fail(`${rel}: ${C.name} has no description`);
				if (kind === 'credentials' && !(inst.name && inst.properties)) continue;
				if (kind === 'nodes') {
					const icon = inst.description.icon;
					for (const file of typeof icon === 'string' ? [icon] : Object.values(icon ?? {})) {
						const iconPath = path.join(path.dirname(abs), String(file).replace(/^file:/, ''));
						if (!fs.existsSync(iconPath)) fail(`${rel}: icon ${file} not found in dist`);
					}
					const codex = abs.replace(/\.js$/, '.json');
					if (!fs.existsSync(codex)) fail(`${rel}: codex file ${path.basename(codex)} missing`);
					else checkCodexAliases(rel, codex);
				}
				if (kind === 'credentials') {
					for (const file of Object.values(inst.icon ?? {})) {
						const iconPath = path.join(path.dirname(abs), String(file).replace(/^file:/, ''));
						if (!fs.existsSync(iconPath)) fail(`${rel}: icon ${file} not found in dist`);
					}
				}
			}
			console.log(`ok   ${rel}`);
		} catch (e) {
			fail(`${rel} does not load: ${e && e.message}`);
		}
	}
}
console.log(`package files: ${files.length}`);
if (failed) {
	console.error(`${failed} package check(s) failed`);
	process.exit(1);
}
console.log('package check passed');

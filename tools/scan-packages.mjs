#!/usr/bin/env node
/*
 * `npm run scan:packages`: the lint checks of n8n's verification scanner (@n8n/scan-community-package,
 * its own exported ESLint configuration and `analyzePackage`, inline eslint-disable comments ignored)
 * over every package `npm run build:packages` wrote: the package source (package.json and
 * {nodes,credentials}/**\/*.{js,ts,json}, as the scanner lints the provenance-attested source) and the
 * `npm pack` tarball (**\/*.js and package.json, as it lints the published artefact). The all-in-one
 * package's source is this repository's root.
 * Not done here (needs the public registry and GitHub): the provenance check and fetching the source
 * at the attested commit; the publish workflow (.github/workflows/publish.yml) provides provenance.
 * Prints `scanner: N packages, E errors` and exits 1 when E > 0.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.packages');
const TARBALLS = path.join(OUT, 'tarballs');

if (!fs.existsSync(TARBALLS)) {
	console.error('scan:packages: run npm run build:packages first');
	process.exit(1);
}

/** package name → source folder. */
const sources = new Map();
const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
sources.set(rootPkg.name, ROOT);
for (const d of fs.readdirSync(OUT)) {
	const pj = path.join(OUT, d, 'package.json');
	if (fs.existsSync(pj)) sources.set(JSON.parse(fs.readFileSync(pj, 'utf8')).name, path.join(OUT, d));
}

const errorCount = (result) => {
	if (result.passed) return 0;
	const m = /(\d+) errors?/.exec(result.details ?? '');
	return m ? Number(m[1]) : 1;
};

let packages = 0;
let errors = 0;
for (const tgz of fs.readdirSync(TARBALLS).filter((f) => f.endsWith('.tgz')).sort()) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
	try {
		execFileSync('tar', ['-xzf', path.join(TARBALLS, tgz), '-C', tmp, '--strip-components=1']);
		const name = JSON.parse(fs.readFileSync(path.join(tmp, 'package.json'), 'utf8')).name;
		const sourceDir = sources.get(name);
		if (!sourceDir) throw new Error(`${tgz}: no source folder for ${name}`);
		const source = await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS);
		const dist = await analyzePackage(tmp, ['**/*.js', 'package.json']);
		const e = errorCount(source) + errorCount(dist);
		errors += e;
		packages++;
		console.log(`${e ? 'FAIL' : 'ok  '} ${name} (source ${path.relative(ROOT, sourceDir) || '.'}, tarball ${tgz}): ${e} error(s)`);
		for (const r of [source, dist]) if (!r.passed) console.log(r.message, r.details ?? '');
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}
console.log(`scanner: ${packages} packages, ${errors} errors`);
process.exit(errors ? 1 : 0);

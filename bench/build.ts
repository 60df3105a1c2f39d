/**
 * Transpiles the sources the benchmark runs (nodes, credentials, the test Harness, the mock, the
 * bench itself) to plain JavaScript under bench/.tmp/build, so the measured processes run without
 * ts-node and the TypeScript compiler in memory. Transpile-only (types are checked by
 * `npm run typecheck`); JSON files are copied.
 */
import {
	copyFileSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
export const BUILD_DIR = path.join(__dirname, '.tmp', 'build');
const SOURCES = [
	'nodes',
	'credentials',
	'test/helpers',
	'test/mock-servers',
	'test/unit/keitaro/trigger',
	'bench',
];

function walk(dir: string, out: string[]): void {
	for (const name of readdirSync(dir)) {
		if (name === '.tmp' || name === 'node_modules') continue;
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) walk(full, out);
		else out.push(full);
	}
}

export function build(): string {
	rmSync(BUILD_DIR, { recursive: true, force: true });
	const files: string[] = [];
	for (const dir of SOURCES) walk(path.join(ROOT, dir), files);
	for (const file of files) {
		const rel = path.relative(ROOT, file);
		const target = path.join(BUILD_DIR, rel);
		mkdirSync(path.dirname(target), { recursive: true });
		if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
			const out = ts.transpileModule(readFileSync(file, 'utf8'), {
				compilerOptions: {
					module: ts.ModuleKind.CommonJS,
					target: ts.ScriptTarget.ES2019,
					esModuleInterop: true,
					resolveJsonModule: true,
				},
				fileName: file,
			});
			writeFileSync(target.replace(/\.ts$/, '.js'), out.outputText);
		} else if (file.endsWith('.json')) {
			copyFileSync(file, target);
		}
	}
	return BUILD_DIR;
}

if (require.main === module) console.log(`built ${build()}`);

/**
 * Builds this package and installs the real artefact (`npm pack`) into an n8n user folder as a
 * community package, the way n8n's own installer leaves it:
 * `$N8N_USER_FOLDER/.n8n/nodes/node_modules/n8n-nodes-affiliate-trackers/`. n8n scans that folder
 * at start-up, so node types are `n8n-nodes-affiliate-trackers.<node name>`.
 */
import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME, ROOT, WORK_DIR } from './paths';
import { log, run } from './proc';

/** The system Node/npm environment (drops the project-local Node 24 if a caller put it on PATH). */
function rootEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (key.startsWith('npm_lifecycle_') || key === 'npm_config_nodedir') delete env[key];
	}
	return env;
}

/** `npm run build` (`n8n-node build`: tsc + icons) in the project root. */
export async function buildPackage(): Promise<void> {
	const t0 = Date.now();
	log('npm run build');
	try {
		await run('npm', ['run', 'build'], { cwd: ROOT, env: rootEnv(), timeoutMs: 10 * 60_000 });
	} catch (error) {
		throw new Error(
			`${(error as Error).message}\nThe package does not build. Fix it, or set E2E_SKIP_BUILD=1 to reuse the last packed tarball.`,
		);
	}
	log(`build done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** `npm pack` into test/e2e/.work/<folder> (the sandbox and the tests use their own); returns the tarball. */
export async function packPackage(folder = 'pack'): Promise<string> {
	const dest = path.join(WORK_DIR, folder);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	const result = await run(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', dest],
		{
			cwd: ROOT,
			env: rootEnv(),
			timeoutMs: 120_000,
		},
	);
	const start = result.stdout.indexOf('[');
	const info = JSON.parse(result.stdout.slice(start)) as Array<{
		filename: string;
		files: unknown[];
	}>;
	const file = path.join(dest, info[0].filename);
	if (!fs.existsSync(file)) throw new Error(`npm pack did not write ${file}`);
	log(`packed ${info[0].filename} (${info[0].files.length} files)`);
	return file;
}

/**
 * Extracts the tarball as `<userFolder>/.n8n/nodes/node_modules/<package>/` (several packages may be
 * installed side by side: each call adds its package to the folder's package.json).
 */
export async function installPackageInto(
	userFolder: string,
	tarball: string,
	packageName = PACKAGE_NAME,
): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', packageName);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	const pkg = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) as {
		version: string;
	};
	// What n8n's installer keeps next to the packages it downloaded.
	const manifestFile = path.join(nodesDir, 'package.json');
	const manifest = fs.existsSync(manifestFile)
		? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { dependencies?: Record<string, string> })
		: {};
	fs.writeFileSync(
		manifestFile,
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { ...manifest.dependencies, [packageName]: pkg.version },
			},
			null,
			2,
		),
	);
	return target;
}

// n8n's own ESLint config, exactly as `n8n-node lint` applies it (@n8n/node-cli's `config`: @eslint/js,
// typescript-eslint, eslint-plugin-import-x, the community-nodes `recommended` set with n8n Cloud's
// restricted imports and globals, no-console, eslint-plugin-n8n-nodes-base's community/credentials/nodes
// sets), plus one project block: tests, mocks, benchmarks and tools are not shipped to n8n (n8n's
// scanner does not read them either), so they may use Node globals, axios, child processes, the
// console, fixture keys and plain errors. Every other rule still applies to them, and nodes/ and
// credentials/ get n8n's config untouched. Because of that one block the file is not the CLI's
// template, so package.json says "strict": false (n8n-node lint then skips its template check).
// The generated per-tracker packages (tools/build-packages.ts) use the template itself, strict.
import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [
	...config,
	globalIgnores([
		'dist',
		'node_modules',
		'coverage',
		'packages',
		'test/e2e/.work',
		'test/e2e/out',
		'.n8n-sandbox',
		'bench/.tmp',
	]),
	{
		files: ['test/**/*.{ts,js}', 'bench/**/*.{ts,js}', 'tools/**/*.{ts,js}', '*.js'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-console': 'off',
		},
	},
];

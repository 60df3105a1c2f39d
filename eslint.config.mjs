// Mirrors the flat config that `n8n-node lint` applies (@n8n/node-cli 0.48): @eslint/js and
// typescript-eslint recommended, the community-nodes `recommended` set, no-console, and
// eslint-plugin-n8n-nodes-base's community/credentials/nodes sets. Left out: eslint-plugin-import-x
// (import hygiene only, not applied by n8n's verification scanner): its native resolver's platform
// packages are missing from the registry this project installs from, which breaks `npm ci`. The official CLI cannot be
// installed from the registry reachable here (see README "Development"), so it is reproduced.
// The only project-specific block is the last one: tests, mocks, benchmarks and tools are not
// shipped to n8n (n8n's scanner ignores them too), so they may use Node globals, axios, child
// processes, the console, fixture keys and plain errors; every other rule still applies.
import eslint from '@eslint/js';
import { globalIgnores } from 'eslint/config';
import n8nNodesPlugin from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', 'coverage', 'test/e2e/.work', 'test/e2e/out', '.n8n-sandbox', 'bench/.tmp']),
	{
		files: ['**/*.ts'],
		extends: [
			eslint.configs.recommended,
			tseslint.configs.recommended,
		],
		rules: {
			'prefer-spread': 'off',
		},
	},
	n8nCommunityNodesPlugin.configs.recommended,
	{
		rules: { 'no-console': 'error' },
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesPlugin },
	},
	{
		files: ['package.json'],
		rules: {
			...n8nNodesPlugin.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: {
				extraFileExtensions: ['.json'],
			},
		},
	},
	{
		files: ['./credentials/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['./nodes/**/*.ts'],
		rules: {
			...n8nNodesPlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
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
);

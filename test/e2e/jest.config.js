/**
 * End-to-end tests against a real n8n (`npm run test:e2e`). The global setup installs Node 24 and
 * the pinned n8n into ~/.cache/n8n-nodes-affiliate-trackers/ the first time (minutes), builds and packs the package once;
 * each test file then starts its own n8n with a fresh user folder under test/e2e/.work/.
 */
module.exports = {
	rootDir: '../..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	testTimeout: 5 * 60 * 1000,
	// Each file runs an n8n (~1 GB, CPU-heavy start): one at a time on a 2-core machine.
	maxWorkers: 1,
	verbose: true,
};

'use strict';
/**
 * Runs the contract scenarios (test/e2e/contract/n8n-core.test.ts) through the REAL n8n: n8n-core's
 * request helpers (`getRequestHelperFunctions` → `httpRequestWithAuthentication`, `httpRequest`:
 * n8n-core's authentication flow and @n8n/backend-network's HTTP client) and the n8n CLI's
 * `CredentialsHelper` (`authenticate`: generic header/query properties resolved as expressions, or
 * the credential's own function; `preAuthentication`: on an empty expirable field and after a 401,
 * saved back to the stored credential). Only storage is stood in (a Map instead of the database).
 *
 * Run by the test with the cached n8n's Node, cwd = that n8n install:
 *   node n8n-core-driver.js <input.json>   → prints {"results": [...]} on its last stdout line.
 */
const path = require('node:path');
const fs = require('node:fs');

const n8nDir = process.cwd();
const need = (id) => require(require.resolve(id, { paths: [n8nDir] }));
need('reflect-metadata');
const { Workflow } = need('n8n-workflow');
const { CredentialsHelper } = need('n8n/dist/credentials-helper');
const { getRequestHelperFunctions } = need(
	'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/factory',
);
const normalize = require('./normalize');

async function runScenario(input, scenario) {
	const mod = require(
		path.join(input.credentialsDir, `${scenario.credentialClass}.credentials.js`),
	);
	const credentialType = new mod[scenario.credentialClass]();
	const type = credentialType.name;
	// The stored (decrypted) credential; n8n reads it afresh for each request.
	let stored = { ...scenario.data };
	const credentialRef = { id: 'c1', name: 'contract' };
	const node = {
		id: 'n1',
		name: 'Contract',
		type: 'CUSTOM.contract',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: credentialRef },
	};
	const nodeTypes = {
		getByName: () => ({ description: { properties: [] } }),
		getByNameAndVersion: () => ({ description: { properties: [] } }),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'w1',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	// The real CredentialsHelper; its database access (credential read/update) goes to `stored`.
	const helper = Object.create(CredentialsHelper.prototype);
	helper.credentialTypes = {
		getByName: (name) => {
			if (name !== type) throw new Error(`unknown credential type ${name}`);
			return credentialType;
		},
		getParentTypes: () => [],
	};
	helper.getCredentials = async () => ({ getData: async () => ({ ...stored }) });
	helper.updateCredentials = async (_ref, _type, data) => {
		stored = { ...data };
	};
	const additionalData = { credentialsHelper: helper };
	const helpers = getRequestHelperFunctions(workflow, node, additionalData);
	const logger = { debug() {}, info() {}, warn() {}, error() {} };
	const context = {
		helpers,
		logger,
		getNode: () => node,
		getCredentials: async () => ({ ...stored }),
	};
	helpers.httpRequestWithAuthentication = helpers.httpRequestWithAuthentication.bind(context);
	const results = [];
	for (const request of scenario.requests) {
		const options = JSON.parse(JSON.stringify(request.options));
		try {
			const value = request.unauthenticated
				? await helpers.httpRequest(options)
				: await helpers.httpRequestWithAuthentication(type, options);
			results.push({
				ok: true,
				value: await normalize.answer(value, !!options.returnFullResponse),
			});
		} catch (error) {
			results.push({ ok: false, error: await normalize.error(error) });
		}
	}
	return { results, stored };
}

(async () => {
	const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
	const out = [];
	for (const scenario of input.scenarios) out.push(await runScenario(input, scenario));
	process.stdout.write(`\n${JSON.stringify({ results: out })}\n`);
})().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	},
);

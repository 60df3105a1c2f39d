/**
 * The Tracker Hub part of the sandbox and of test/e2e/hub.test.ts: a second Keitaro mock (the
 * "EU" instance, for the multi-instance examples) with its own credential, and the Postgres
 * credential of the sandbox database (lib/postgres.ts). Credential ids are fixed: examples
 * 22–… refer to them (test/unit/examples/examples.test.ts reads them from this file).
 */
import type { KeitaroMock } from '../../mock-servers/keitaro/server';
import type { CredentialSpec } from './n8n';
import { POSTGRES_CREDENTIAL_ID, POSTGRES_CREDENTIAL_NAME } from './postgres';
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

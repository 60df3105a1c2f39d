/**
 * Test kit for hostile-server and bad-input tests (test-only, not shipped): the six trackers'
 * profiles and credentials with distinctive secrets, a scriptable server on 127.0.0.1 that records
 * everything it receives, and a scanner that looks for any secret in a serialized value.
 */
import type * as http from 'node:http';
import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions } from 'n8n-workflow';

import { BeMobApi } from '../../../credentials/BeMobApi.credentials';
import { BinomApi } from '../../../credentials/BinomApi.credentials';
import { KeitaroApi } from '../../../credentials/KeitaroApi.credentials';
import { RedTrackApi } from '../../../credentials/RedTrackApi.credentials';
import { TgTrackerApi } from '../../../credentials/TgTrackerApi.credentials';
import { VoluumApi } from '../../../credentials/VoluumApi.credentials';
import { beMobProfile } from '../../../nodes/BeMob/transport/profile';
import { binomProfile } from '../../../nodes/Binom/transport/profile';
import { keitaroProfile } from '../../../nodes/Keitaro/transport/profile';
import { redTrackProfile } from '../../../nodes/RedTrack/transport/profile';
import { tgTrackerProfile } from '../../../nodes/TgTracker/transport/profile';
import { voluumProfile } from '../../../nodes/Voluum/transport/profile';
import type { TrackerProfile } from '../../../nodes/shared/transport';
import { Harness } from '../../helpers/n8n';
import { startHttpServer, type StartedServer } from '../../mock-servers/shared/http';

/** Distinctive secret values: any of them found in an error, a log or an output is a leak. */
export const SECRET = {
	apiKey: 'KEY-s3cr3t-4f9a1c77e2',
	secretKey: 'SECRET-s3cr3t-b81d0e55aa',
	password: 'PASS-s3cr3t-77c0de19f3',
	sessionToken: 'TOKEN-s3cr3t-0a9b8c7d6e',
	urlUser: 'urluser-s3cr3t',
	urlPassword: 'URLPW-s3cr3t-9e8d7c',
};
export const ALL_SECRETS = Object.values(SECRET);

export interface TrackerCase {
	name: string;
	profile: TrackerProfile;
	credential: ICredentialType;
	/** Credential data pointing at `url`; the expirable field is filled so requests go straight out. */
	data(url: string, extra?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject;
}

export const TRACKERS: TrackerCase[] = [
	{
		name: 'Keitaro',
		profile: keitaroProfile,
		credential: new KeitaroApi(),
		data: (url, extra) => ({ url, apiKey: SECRET.apiKey, authMode: 'apiKeyHeader', connectionCheck: 'ok', ...extra }),
	},
	{
		name: 'Keitaro (Bearer)',
		profile: keitaroProfile,
		credential: new KeitaroApi(),
		data: (url, extra) => ({ url, apiKey: SECRET.apiKey, authMode: 'bearer', connectionCheck: 'ok', ...extra }),
	},
	{
		name: 'Voluum',
		profile: voluumProfile,
		credential: new VoluumApi(),
		data: (url, extra) => ({
			url,
			authType: 'accessKey',
			accessId: 'access-id-1',
			secretKey: SECRET.secretKey,
			email: 'me@example.com',
			password: SECRET.password,
			sessionToken: SECRET.sessionToken,
			...extra,
		}),
	},
	{
		name: 'RedTrack',
		profile: redTrackProfile,
		credential: new RedTrackApi(),
		data: (url, extra) => ({ url, apiKey: SECRET.apiKey, connectionCheck: 'ok', ...extra }),
	},
	{
		name: 'BeMob',
		profile: beMobProfile,
		credential: new BeMobApi(),
		data: (url, extra) => ({ url, apiKey: SECRET.apiKey, secretKey: SECRET.secretKey, connectionCheck: 'ok', ...extra }),
	},
	{
		name: 'Binom',
		profile: binomProfile,
		credential: new BinomApi(),
		data: (url, extra) => ({ url, apiKey: SECRET.apiKey, connectionCheck: 'ok', ...extra }),
	},
	{
		name: 'TG Tracker',
		profile: tgTrackerProfile,
		credential: new TgTrackerApi(),
		data: (url, extra) => ({ url, apiKey: SECRET.apiKey, authMode: 'bearer', connectionCheck: 'ok', ...extra }),
	},
	{
		name: 'TG Tracker (query key)',
		profile: tgTrackerProfile,
		credential: new TgTrackerApi(),
		data: (url, extra) => ({ url, apiKey: SECRET.apiKey, authMode: 'query', connectionCheck: 'ok', ...extra }),
	},
];

export interface Received {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export interface HostileServer extends StartedServer {
	received: Received[];
	/** Bytes the server managed to write before the client went away (streaming handlers). */
	bytesWritten: number;
	handle(h: (req: http.IncomingMessage, res: http.ServerResponse, server: HostileServer) => unknown): void;
}

/** A server that records every request and answers with whatever handler is set (default 200 []). */
export async function startHostile(): Promise<HostileServer> {
	let handler: (req: http.IncomingMessage, res: http.ServerResponse, server: HostileServer) => unknown = (_q, res) => {
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end('[]');
	};
	const received: Received[] = [];
	const ref: { self?: HostileServer } = {};
	const started = await startHttpServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
		await handler(req, res, ref.self as HostileServer);
	});
	const self: HostileServer = Object.assign(started, {
		received,
		bytesWritten: 0,
		handle(h: typeof handler) {
			handler = h;
		},
	});
	ref.self = self;
	return self;
}

/** Writes `total` bytes of `chunk` repeatedly, honouring back-pressure, until done or the client leaves. */
export async function streamOut(res: http.ServerResponse, server: HostileServer, chunk: Buffer, total: number): Promise<void> {
	let closed = false;
	res.on('close', () => (closed = true));
	while (!closed && server.bytesWritten < total) {
		const ok = res.write(chunk);
		server.bytesWritten += chunk.length;
		if (!ok) {
			await new Promise<void>((resolve) => {
				const done = () => {
					res.removeListener('drain', done);
					res.removeListener('close', done);
					resolve();
				};
				res.on('drain', done);
				res.on('close', done);
			});
		}
	}
	if (!closed) res.end();
}

/** Every secret found in a text (JSON.stringify of an error, logs, output). */
export function leaks(text: string, secrets: string[] = ALL_SECRETS): string[] {
	return secrets.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)));
}

/** JSON.stringify of an error with its non-enumerable message and stack, and its cause chain. */
export function serializeError(error: unknown): string {
	const seen = new WeakSet<object>();
	const walk = (v: unknown, depth: number): unknown => {
		if (v === null || typeof v !== 'object') return v;
		if (seen.has(v) || depth > 15) return '[seen]';
		seen.add(v);
		if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
		const out: Record<string, unknown> = {};
		for (const k of Object.getOwnPropertyNames(v)) {
			try {
				out[k] = walk((v as Record<string, unknown>)[k], depth + 1);
			} catch {
				out[k] = '[unreadable]';
			}
		}
		return out;
	};
	let plain = '';
	try {
		plain = JSON.stringify(error) ?? '';
	} catch {
		plain = '';
	}
	return `${plain}\n${JSON.stringify(walk(error, 0))}\n${String(error)}`;
}

/** Runs a credential's preAuthentication (the probe) as n8n does while testing it. */
export async function runProbe(harness: Harness, tc: TrackerCase, data: ICredentialDataDecryptedObject): Promise<unknown> {
	const helper = { helpers: { httpRequest: (o: IHttpRequestOptions) => harness.httpRequest(o) } };
	const pre = tc.credential.preAuthentication as (this: unknown, c: ICredentialDataDecryptedObject) => Promise<unknown>;
	return await pre.call(helper, { ...data });
}

/** The value of a promise's rejection, or a thrown error saying it resolved. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
	try {
		await p;
	} catch (e) {
		return e as Error & Record<string, unknown>;
	}
	throw new Error('expected a failure, got a result');
}

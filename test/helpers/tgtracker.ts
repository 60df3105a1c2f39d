/**
 * Runs the TG Tracker action node against the TGTrack mock (reports + bot API) with a credential
 * holding the mock's keys and URLs; `credential` overrides any field.
 */
import type { INodeParameters } from 'n8n-workflow';

import { TgTrackerApi } from '../../credentials/TgTrackerApi.credentials';
import { TgTracker } from '../../nodes/TgTracker/TgTracker.node';
import type { TgTrackerMock } from '../mock-servers/tgtracker/server';
import { callLines, runAction, type RunOptions, type RunResult } from './run-action';

export interface TgRun extends RunResult {
	/** `METHOD /path` without `/api` (reports) or `/v1/{bot key}` (bot API). */
	calls: string[];
}

export async function runTgTracker(
	mock: TgTrackerMock,
	parameters: INodeParameters,
	options: RunOptions = {},
): Promise<TgRun> {
	const r = await runAction({
		node: new TgTracker(),
		credential: new TgTrackerApi(),
		credentialData: {
			url: mock.url,
			apiKey: mock.apiKey,
			authMode: 'bearer',
			botApiKey: mock.botApiKey,
			botApiUrl: mock.botUrl,
			connectionCheck: 'done',
			...(options.credential ?? {}),
		},
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
	return { ...r, calls: callLines(r.requests, /^\/api/, /^\/v1\/[^/]+/) };
}

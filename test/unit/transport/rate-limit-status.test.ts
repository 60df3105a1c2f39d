/**
 * `TrackerProfile.rateLimitStatuses`: a tracker that answers "too many requests" with a
 * non-standard status (TG Tracker: 452) is classified, retried and reported like a 429.
 */
import type { INode } from 'n8n-workflow';

import { TgTrackerApi } from '../../../credentials/TgTrackerApi.credentials';
import { tgTrackerProfile } from '../../../nodes/TgTracker/transport/profile';
import type { TrackerProfile } from '../../../nodes/shared/transport';
import {
	failureFromError,
	failureFromResponse,
	isRetryable,
	toNodeError,
	trackerRequestFull,
} from '../../../nodes/shared/transport';
import { Harness, createContext } from '../../helpers/n8n';
import { startTgTrackerMock, type TgTrackerMock } from '../../mock-servers/tgtracker/server';

const node: INode = {
	id: '1',
	name: 'TG',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ctx = { getNode: () => node } as never;

describe('rateLimitStatuses (pure)', () => {
	const opts = { hasEntity: false, rateLimitStatuses: [452] };

	it('classifies a listed status as rate limited, with Retry-After', () => {
		const f = failureFromResponse(452, 'too many requests', { 'Retry-After': '3' }, opts);
		expect(f.kind).toBe('rateLimited');
		expect(f.status).toBe(452);
		expect(f.retryAfterMs).toBe(3000);
		expect(isRetryable(f, true)).toBe(true);
		expect(isRetryable(f, false)).toBe(true);
	});

	it('leaves the status alone for profiles that do not list it', () => {
		expect(failureFromResponse(452, 'too many requests', {}, { hasEntity: false }).kind).toBe(
			'badRequest',
		);
		expect(failureFromResponse(429, '', {}, { hasEntity: false }).kind).toBe('rateLimited');
	});

	it('reads the status through an axios-like error chain', () => {
		const err = { message: 'x', cause: { response: { status: 452, data: 'too many requests' } } };
		expect(failureFromError(err, opts).kind).toBe('rateLimited');
		expect(failureFromError(err, { hasEntity: false }).kind).toBe('badRequest');
	});

	it('reports httpCode 429 (what n8n reads as rate limiting) and keeps the real status', () => {
		const profile: TrackerProfile = { ...tgTrackerProfile };
		const f = failureFromResponse(452, 'too many requests', {}, opts);
		const e = toNodeError(ctx, profile, f, { method: 'GET', path: '/get_chat_members.php' });
		expect(e.httpCode).toBe('429');
		expect(e.message).toBe('TG Tracker is limiting how often n8n may call it (HTTP 452)');
		expect((e.errorResponse as Record<string, unknown>).httpStatus).toBe(452);
		const plain = toNodeError(ctx, profile, failureFromResponse(429, '', {}, opts), {
			method: 'GET',
			path: '/x',
		});
		expect(plain.httpCode).toBe('429');
		expect((plain.errorResponse as Record<string, unknown>).httpStatus).toBeUndefined();
	});

	it('the TG Tracker profile lists 452', () => {
		expect(tgTrackerProfile.rateLimitStatuses).toEqual([452]);
	});
});

describe('rateLimitStatuses over HTTP (TG Tracker mock)', () => {
	let mock: TgTrackerMock;
	beforeEach(async () => {
		mock = await startTgTrackerMock({ seedData: false, rateLimit: false });
	});
	afterEach(async () => await mock.close());

	function context() {
		const harness = new Harness().addCredential(new TgTrackerApi(), {
			url: mock.url,
			apiKey: mock.apiKey,
			authMode: 'bearer',
			connectionCheck: 'done',
		});
		return createContext({ harness });
	}
	const req = {
		method: 'GET' as const,
		path: '/get_tags.php',
		qs: { ver: '1.0', platform: 'api', format: 'csv' },
		responseType: 'text' as const,
		retry: { baseDelayMs: 5, maxDelayMs: 50, maxTotalMs: 2000 },
	};

	it('retries a 452 and succeeds', async () => {
		mock.faults.add({
			path: '/api/get_tags.php',
			status: 452,
			body: 'too many requests',
			times: 2,
		});
		const res = await trackerRequestFull.call(context(), tgTrackerProfile, req);
		expect(res.status).toBe(200);
		expect(res.attempts).toBe(3);
	});

	it('gives up with a rate-limit error (httpCode 429, real status in the message)', async () => {
		mock.faults.add({ path: '/api/get_tags.php', status: 452, body: 'too many requests' });
		const err = (await trackerRequestFull.call(context(), tgTrackerProfile, req).then(
			() => undefined,
			(e: unknown) => e,
		)) as { message: string; httpCode: string } | undefined;
		expect(err?.message).toBe('TG Tracker is limiting how often n8n may call it (HTTP 452)');
		expect(err?.httpCode).toBe('429');
		expect(mock.requests.entries.filter((e) => e.path === '/api/get_tags.php').length).toBe(4);
	});
});

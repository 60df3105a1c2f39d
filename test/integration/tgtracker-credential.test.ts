/**
 * The TG Tracker credential test checks the optional Bot API Key too (when it is set), against the
 * bot API mock over real HTTP, exact under each error style and each "no such user" answer the mock
 * offers; a wrong bot key gets a plain sentence, and the key is in no message, error or log line.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { TgTrackerApi } from '../../credentials/TgTrackerApi.credentials';
import { Harness } from '../helpers/n8n';
import {
	startTgTrackerMock,
	type TgBotOptions,
	type TgTrackerMock,
} from '../mock-servers/tgtracker/server';
import { serializeError } from '../unit/transport/hostile';

const T0 = Date.UTC(2025, 5, 16, 12, 0, 0);
// Characters that need URL encoding: the key travels encoded, and both forms must be masked.
const BOT_KEY = 'BOTKEY-s3cr3t/+ ?&=x9';
const WRONG = 'wrong-bot-key-8e1f2a';

describe('TG Tracker credential test: the Bot API Key', () => {
	let mock: TgTrackerMock;
	const start = async (bot: TgBotOptions = {}) => {
		mock = await startTgTrackerMock({
			seedData: false,
			now: T0,
			rateLimit: false,
			botApiKey: BOT_KEY,
			bot,
		});
	};
	afterEach(async () => await mock?.close());

	const creds = (extra: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
		url: mock.url,
		apiKey: mock.apiKey,
		authMode: 'bearer',
		botApiKey: BOT_KEY,
		botApiUrl: mock.botUrl,
		...extra,
	});
	const test = async (extra: ICredentialDataDecryptedObject = {}) => {
		const harness = new Harness().addCredential(new TgTrackerApi(), creds(extra));
		return { result: await harness.testCredential('tgTrackerApi'), harness };
	};
	/** preAuthentication alone, to see the whole error object it throws. */
	const preAuthError = async (extra: ICredentialDataDecryptedObject = {}) => {
		const harness = new Harness();
		const helper = {
			helpers: { httpRequest: async (o: IHttpRequestOptions) => await harness.httpRequest(o) },
		};
		try {
			await new TgTrackerApi().preAuthentication.call(helper as never, creds(extra));
		} catch (error) {
			return error as Error;
		}
		return undefined;
	};
	const botEntries = () => mock.requests.entries.filter((e) => e.path.startsWith('/v1/'));
	const leaks = (text: string) =>
		[BOT_KEY, encodeURIComponent(BOT_KEY), WRONG].filter((k) => text.includes(k));

	const cells: TgBotOptions[] = [];
	for (const errors of ['http', 'envelope'] as const)
		for (const userNotFound of ['error', 'nullData', 'emptyArray'] as const)
			cells.push({ errors, userNotFound });

	it.each(cells)('accepts the right bot key and refuses a wrong one under %j', async (cell) => {
		await start(cell);
		const right = await test();
		expect(right.result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(botEntries().length).toBeGreaterThanOrEqual(1);

		const wrong = await test({ botApiKey: WRONG });
		expect(wrong.result.status).toBe('Error');
		expect(wrong.result.message).toMatch(/^TG Tracker’s bot API rejected the Bot API Key/);
		expect(wrong.result.message).toMatch(/empty the field if you do not use User → Get Info/);
		expect(leaks(wrong.result.message)).toEqual([]);
		expect(leaks(wrong.harness.logs.join('\n'))).toEqual([]);
		const error = await preAuthError({ botApiKey: WRONG });
		expect(error?.message).toMatch(/bot API rejected the Bot API Key/);
		expect(leaks(serializeError(error))).toEqual([]);
	});

	it('says which HTTP status refused the key when the bot API answers 401', async () => {
		await start({ errors: 'http' });
		const { result } = await test({ botApiKey: WRONG });
		expect(result.message).toMatch(/rejected the Bot API Key \(HTTP 401\)/);
	});

	it('without a Bot API Key the test sends nothing to the bot API', async () => {
		await start();
		const { result } = await test({ botApiKey: '' });
		expect(result.status).toBe('OK');
		expect(botEntries()).toEqual([]);
	});

	it('the reports key is still checked first, and never reaches the bot host', async () => {
		await start();
		const { result } = await test({ apiKey: 'wrong-report-key-1234' });
		expect(result.status).toBe('Error');
		expect(result.message).not.toMatch(/Bot API Key/);
		await test();
		for (const e of botEntries())
			expect(JSON.stringify([e.path, e.query, e.headers, e.body])).not.toContain(mock.apiKey);
	});

	it('a refusal that echoes the key, a web page and a bad Bot API URL fail without the key', async () => {
		await start();
		mock.faults.add({
			path: `/v1/${encodeURIComponent(BOT_KEY)}/get_user_info`,
			status: 403,
			body: { status: 'ERROR', error: `key ${BOT_KEY} at /v1/${encodeURIComponent(BOT_KEY)}` },
			times: 1,
		});
		const echoed = await preAuthError();
		expect(echoed?.message).toMatch(/rejected the Bot API Key \(HTTP 403\)/);
		expect(leaks(serializeError(echoed))).toEqual([]);

		const page = await preAuthError({ botApiUrl: `${mock.botUrl}/somewhere` });
		expect(page).toBeDefined();
		expect(page?.message).not.toMatch(/rejected the Bot API Key/);
		expect(leaks(serializeError(page))).toEqual([]);

		const bad = await test({ botApiUrl: 'bot-api.example' });
		expect(bad.result.status).toBe('Error');
		expect(leaks(bad.result.message)).toEqual([]);
	});
});

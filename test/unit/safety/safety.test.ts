/**
 * The shared write guard (nodes/shared/safety): the credential's "Allow Write Operations" switch,
 * the sample marker, and the field every tracker credential carries.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { ICredentialType, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	ALLOW_WRITES_FIELD,
	SAMPLE_MARKER,
	actOnSampleItemsProperty,
	allowWriteOperationsProperty,
	assertWriteAllowed,
	isSampleItem,
	markSampleItems,
	writesAllowedBy,
} from '../../../nodes/shared/safety';

const SECRET = 'sk-very-secret-key-123';

function ctx(credentials: IDataObject | Error, items: INodeExecutionData[]): IExecuteFunctions {
	return {
		getNode: () => ({ id: 'n', name: 'Keitaro', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => {
			if (credentials instanceof Error) throw credentials;
			return credentials;
		},
		getInputData: () => items,
	} as unknown as IExecuteFunctions;
}

const what = { tracker: 'Keitaro', credentialType: 'keitaroApi', operation: 'Disable a flow' };

async function refusal(p: Promise<void>): Promise<NodeOperationError> {
	try {
		await p;
	} catch (e) {
		return e as NodeOperationError;
	}
	throw new Error('expected a refusal');
}

describe('assertWriteAllowed', () => {
	it('lets a real item through with a write-enabled credential (switch on or absent)', async () => {
		const items = [{ json: { id: 1 } }];
		await expect(assertWriteAllowed(ctx({ apiKey: SECRET, allowWriteOperations: true }, items), 0, what)).resolves.toBeUndefined();
		// a credential saved before the field existed has no value: the default (on) applies
		await expect(assertWriteAllowed(ctx({ apiKey: SECRET }, items), 0, what)).resolves.toBeUndefined();
	});

	it('refuses every write with a read-only credential, in a plain sentence without the key', async () => {
		const items = [{ json: { id: 1 } }];
		const e = await refusal(assertWriteAllowed(ctx({ apiKey: SECRET, allowWriteOperations: false }, items), 0, what));
		expect(e).toBeInstanceOf(NodeOperationError);
		expect(e.message).toBe(
			'Refused to disable a flow: this Keitaro credential is read-only ("Allow Write Operations" is off)',
		);
		expect(e.context.itemIndex).toBe(0);
		expect(JSON.stringify({ m: e.message, d: e.description, c: e.context })).not.toContain(SECRET);
		// allowSample does not bypass the credential switch
		await expect(
			assertWriteAllowed(ctx({ allowWriteOperations: false }, items), 0, { ...what, allowSample: true }),
		).rejects.toThrow(/read-only/);
	});

	it('refuses an item carrying the sample marker, names the item, unless allowSample', async () => {
		const items = [{ json: { id: 1 } }, { json: { id: 2, [SAMPLE_MARKER]: true } }];
		await expect(assertWriteAllowed(ctx({}, items), 0, what)).resolves.toBeUndefined();
		const e = await refusal(assertWriteAllowed(ctx({}, items), 1, what));
		expect(e.message).toBe('Refused to disable a flow: input item 2 is sample data from a test fetch, not a real event');
		expect(e.context.itemIndex).toBe(1);
		expect(e.description).toMatch(/Nothing was sent/);
		await expect(assertWriteAllowed(ctx({}, items), 1, { ...what, allowSample: true })).resolves.toBeUndefined();
	});

	it('only a literal true marks a sample; a string or a nested marker does not', async () => {
		expect(isSampleItem({ _sample: true })).toBe(true);
		expect(isSampleItem({ _sample: 'true' })).toBe(false);
		expect(isSampleItem({ data: { _sample: true } })).toBe(false);
		expect(isSampleItem(undefined)).toBe(false);
	});

	it('treats false, "false" and 0 as off and everything else as on', () => {
		expect(writesAllowedBy({ [ALLOW_WRITES_FIELD]: false })).toBe(false);
		expect(writesAllowedBy({ [ALLOW_WRITES_FIELD]: 'false' })).toBe(false);
		expect(writesAllowedBy({ [ALLOW_WRITES_FIELD]: 0 })).toBe(false);
		expect(writesAllowedBy({ [ALLOW_WRITES_FIELD]: true })).toBe(true);
		expect(writesAllowedBy({})).toBe(true);
		expect(writesAllowedBy(undefined)).toBe(true);
	});

	it('a missing credential is left to the request to report (the guard still checks the marker)', async () => {
		await expect(assertWriteAllowed(ctx(new Error('no credential'), [{ json: {} }]), 0, what)).resolves.toBeUndefined();
		await expect(
			assertWriteAllowed(ctx(new Error('no credential'), [{ json: { _sample: true } }]), 0, what),
		).rejects.toThrow(/sample data/);
	});

	it('markSampleItems copies, never mutates', () => {
		const items = [{ json: { a: 1 } as IDataObject }];
		const marked = markSampleItems(items);
		expect(marked[0].json).toEqual({ a: 1, _sample: true });
		expect(items[0].json).toEqual({ a: 1 });
	});

	it('the Act on Sample Items switch is off by default', () => {
		expect(actOnSampleItemsProperty()).toMatchObject({ type: 'boolean', default: false });
	});
});

describe('every tracker credential carries "Allow Write Operations"', () => {
	const dir = path.resolve(__dirname, '../../../credentials');
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.credentials.ts'));

	it('finds the six credentials', () => {
		expect(files).toHaveLength(6);
	});

	it.each(files)('%s: boolean, default on, with a visible hint for AI-agent users', (file) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(path.join(dir, file)) as Record<string, new () => ICredentialType>;
		const Cls = Object.values(mod).find((v) => typeof v === 'function' && /Api$/.test(v.name))!;
		const cred = new Cls();
		const field = cred.properties.find((p) => p.name === ALLOW_WRITES_FIELD);
		expect(field).toEqual(allowWriteOperationsProperty());
		expect(field?.hint).toMatch(/AI agent/);
		expect(field?.hint).toMatch(/read-only/);
		// where to find the key is visible text (a hint), not only a tooltip
		const keyHints = cred.properties.filter((p) => p.typeOptions?.password && p.hint).map((p) => p.hint!);
		expect(keyHints.length).toBeGreaterThan(0);
		for (const h of keyHints) expect(h).toMatch(/^In [A-Z]/);
	});
});

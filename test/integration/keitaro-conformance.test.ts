/**
 * Conformance of the whole Keitaro node with the official Admin API spec: EVERY operation of the
 * node runs against the Keitaro mock over real HTTP (n8n stand-in harness), every request it sends
 * is matched to a spec operation and checked (path template and typed path parameters, required
 * query parameters, JSON body against the requestBody schema with ajv), and the matched spec
 * operations are counted: `keitaro spec coverage: N/107 operations`. Operations outside the 2022
 * spec are only allowed when listed in conformance/extras.ts (documented newer-version ones).
 */
import { resources } from '../../nodes/Keitaro/actions';
import { startKeitaroMock } from '../mock-servers/keitaro/server';
import { NEWER_VERSION_OPERATIONS, matchExtra } from './conformance/extras';
import type { Fixture } from './conformance/fixtures';
import { fixtures, makeEnv } from './conformance/fixtures';
import type { RunResult } from './conformance/runner';
import { runNode } from './conformance/runner';
import { KeitaroSpec, SPEC_ERRATA } from './conformance/spec';

type Mock = Awaited<ReturnType<typeof startKeitaroMock>>;

interface Run extends RunResult {
	/** 'resource.operation' */
	op: string;
	fixture: string;
	declared: string[];
	mayBeUnrouted: boolean;
}

const spec = new KeitaroSpec();

/**
 * What a request is: a spec operation or a documented extra one. The most literal template wins,
 * so GET /offers/deleted (extra) is not taken for GET /offers/{id} with id "deleted".
 */
function resolve(method: string, apiPath: string): { key: string; extra: boolean } | undefined {
	const op = spec.match(method, apiPath);
	const extra = matchExtra(method, apiPath);
	if (extra && (!op || extra.literal > op.literal)) return { key: extra.key, extra: true };
	return op ? { key: op.key, extra: false } : undefined;
}
const allOps = resources.flatMap((r) =>
	Object.entries(r.operations).map(([value, op]) => ({ key: `${r.option.value}.${value}`, op })),
);

describe('Keitaro node ↔ Admin API spec conformance', () => {
	let mock: Mock;
	const runs: Run[] = [];
	const covered = new Set<string>();
	const extrasUsed = new Set<string>();

	beforeAll(async () => {
		mock = await startKeitaroMock({ extraRoutes: true, seedData: { days: 3, clicksPerDay: 100 } });
		const env = makeEnv(mock);
		for (const { key, op } of allOps) {
			const list: Fixture[] = fixtures[key] ?? [];
			for (const [n, fixture] of list.entries()) {
				let result: RunResult;
				try {
					const parameters = await fixture.parameters(env);
					result = await runNode(mock, parameters, fixture.items);
				} catch (error) {
					result = { output: [], requests: [], error: error as Error };
				}
				runs.push({
					...result,
					op: key,
					fixture: fixture.name ?? `#${n + 1}`,
					declared: op.spec,
					mayBeUnrouted: fixture.mayBeUnrouted === true,
				});
			}
		}
		for (const run of runs) {
			for (const req of run.requests) {
				const hit = resolve(req.method, req.path);
				if (hit) (hit.extra ? extrasUsed : covered).add(hit.key);
			}
		}
	}, 120_000);
	afterAll(async () => await mock?.close());

	it('the spec has the 107 operations of the 2022 edition', () => {
		expect(spec.operations).toHaveLength(107);
	});

	it('the checker itself catches violations', () => {
		const check = (method: string, path: string, query: Record<string, unknown>, body: unknown) =>
			spec.check(spec.match(method, path)!, path, query, body);
		expect(spec.match('GET', '/campaigns/deleted')?.key).toBe('GET /campaigns/deleted');
		expect(spec.match('GET', '/campaigns/12')?.key).toBe('GET /campaigns/{id}');
		expect(spec.match('GET', '/campaign/12')).toBeUndefined();
		expect(check('POST', '/campaigns/abc/clone', {}, undefined)).toEqual([
			'path parameter {id} must be an integer, got "abc"',
		]);
		expect(check('GET', '/report/labels', { campaign_id: 1, ref_name: 'ip' }, undefined)).toEqual([
			'required query parameter "label_name" is missing',
		]);
		expect(check('POST', '/campaigns/1/enable', {}, { state: 'active' })[0]).toContain(
			'sends a body',
		);
		expect(check('POST', '/campaigns/1/enable', {}, {})).toEqual([]);
		expect(check('POST', '/clicks/update_costs', {}, { campaign_ids: [1] })[0]).toContain(
			"must have required property 'costs'",
		);
		expect(
			check('POST', '/clicks/update_costs', {}, { campaign_ids: ['x'], costs: [] })[0],
		).toContain('must be integer');
		expect(
			check(
				'POST',
				'/clicks/update_costs',
				{},
				{
					campaign_ids: [1],
					costs: [{ start_date: 'a', end_date: 'b', timezone: 'UTC', currency: 'USD', cost: 5 }],
				},
			)[0],
		).toContain('/costs/0/cost must be string');
		expect(
			check('POST', '/report/build', {}, { sort: [{ name: 'clicks', order: 'down' }] })[0],
		).toContain('allowed values');
		expect(
			check(
				'POST',
				'/report/build',
				{},
				{ filters: [{ name: 'x', operator: 'IN_LIST', expression: ['a'] }] },
			),
		).toEqual([]);
		expect(check('POST', '/clicks/clean', {}, {})[0]).toContain('required');
	});

	it('every operation of the node has at least one fixture', () => {
		const missing = allOps.filter(({ key }) => !fixtures[key]?.length).map(({ key }) => key);
		const unknown = Object.keys(fixtures).filter((k) => !allOps.some((o) => o.key === k));
		expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
	});

	it('every operation runs against the mock without error', () => {
		const failed = runs
			.filter((r) => r.error)
			.filter((r) => {
				// A documented newer-version endpoint the mock does not serve ends in its "no route" 400.
				const unrouted = /does not match any route|has no API at this address/i.test(
					`${r.error?.message} ${r.error?.description ?? ''}`,
				);
				return !(r.mayBeUnrouted && unrouted);
			})
			.map(
				(r) =>
					`${r.op} (${r.fixture}): ${r.error?.message}${r.error?.description ? ` | ${r.error.description}` : ''}`,
			);
		expect(failed).toEqual([]);
	});

	it('every operation sends at least one request (none when its spec list is empty: local helpers)', () => {
		const wrong = runs
			.filter(
				(r) =>
					!r.error && (r.declared.length === 0 ? r.requests.length > 0 : r.requests.length === 0),
			)
			.map(
				(r) =>
					`${r.op} (${r.fixture}): ${r.requests.length} requests, declares ${r.declared.length}`,
			);
		expect(wrong).toEqual([]);
	});

	it('every request is a spec operation (or a documented newer-version one) and conforms to it', () => {
		const problems: string[] = [];
		for (const run of runs) {
			for (const req of run.requests) {
				const where = `${run.op} (${run.fixture}): ${req.method} ${req.path}`;
				const hit = resolve(req.method, req.path);
				if (!hit) {
					problems.push(`${where}: matches no spec operation and no documented newer-version one`);
					continue;
				}
				if (hit.extra) continue;
				const op = spec.find(hit.key)!;
				for (const p of spec.check(op, req.path, req.query, req.body))
					problems.push(`${where} [${op.key}]: ${p}`);
			}
		}
		expect(problems).toEqual([]);
	});

	it("each operation's declared `spec` strings are real and match what it sends", () => {
		const problems: string[] = [];
		for (const { key, op } of allOps) {
			for (const s of op.spec) {
				if (!spec.find(s) && !NEWER_VERSION_OPERATIONS[s])
					problems.push(`${key}: declares "${s}", which is not a spec operation`);
			}
			for (const run of runs.filter((r) => r.op === key)) {
				for (const req of run.requests) {
					const hit = resolve(req.method, req.path)?.key;
					if (hit && !op.spec.includes(hit)) {
						problems.push(
							`${key} (${run.fixture}): sends ${hit}, which its spec list does not declare`,
						);
					}
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it('covers all 107 spec operations', () => {
		const uncovered = spec.operations.map((o) => o.key).filter((k) => !covered.has(k));
		const declaredOnly = allOps
			.flatMap(({ op }) => op.spec)
			.filter((s) => spec.find(s) && !covered.has(s));
		const lines = [
			`keitaro spec coverage: ${covered.size}/${spec.operations.length} operations`,
			`node operations: ${allOps.length}; fixtures run: ${runs.length}; requests checked: ${runs.reduce((n, r) => n + r.requests.length, 0)}`,
			`documented newer-version operations used: ${[...extrasUsed].sort().join(', ') || 'none'}`,
			`spec errata applied: ${SPEC_ERRATA.map((e) => e.id).join('; ')}`,
		];
		if (uncovered.length)
			lines.push(`uncovered (${uncovered.length}):\n  ${uncovered.join('\n  ')}`);
		if (declaredOnly.length)
			lines.push(
				`declared by an operation but never sent: ${[...new Set(declaredOnly)].join(', ')}`,
			);
		console.log(lines.join('\n'));
		expect(uncovered).toEqual([]);
		expect(covered.size).toBe(107);
	});
});

/**
 * The official Keitaro Admin API spec (test/mock-servers/keitaro/openapi.json, 2022 edition) as
 * a request checker: which spec operation a request is, whether its required query parameters and
 * typed path parameters are there, and whether its JSON body validates against the operation's
 * requestBody schema (ajv, `$ref`s resolved into components.schemas, OpenAPI `nullable`,
 * strict: false). Independent of the mock's own validation code on purpose.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = Record<string, unknown>;

export const SPEC_FILE = path.join(__dirname, '../../mock-servers/keitaro/openapi.json');
export const API_PREFIX = '/admin_api/v1';

interface Parameter {
	name: string;
	in: string;
	required?: boolean;
	schema?: Json;
}

export interface SpecOperation {
	/** 'METHOD /path' exactly as in the spec, e.g. 'POST /campaigns/{id}/clone'. */
	key: string;
	method: string;
	path: string;
	/** Number of literal (non-parameter) segments: more literal wins when two templates match. */
	literal: number;
	regex: RegExp;
	pathParams: Parameter[];
	queryParams: Parameter[];
	bodySchema?: Json;
	bodyRequired: boolean;
}

/**
 * Documented errors of the 2022 spec, fixed before validating. Each one cites the project's API
 * reference (keitaro-admin-api.md); nothing else is relaxed.
 */
export const SPEC_ERRATA: Array<{
	id: string;
	why: string;
	apply(schemas: Record<string, Json>): void;
}> = [
	{
		id: 'FilterRequest.expression accepts arrays',
		why: '§3.2: IN_LIST/NOT_IN_LIST take an array, BETWEEN [min, max]: the spec\'s own operator table (POST /report/build) says "Array", its schema says string|number',
		apply(schemas) {
			const props = schemas.FilterRequest.properties as Json;
			props.expression = {
				anyOf: [
					{ type: 'string' },
					{ type: 'number' },
					{ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
				],
			};
		},
	},
];

function loadDocument(): Json {
	return JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as Json;
}

const HTTP = ['get', 'post', 'put', 'delete', 'patch'];

function resolveParam(doc: Json, p: Json): Parameter {
	if (typeof p.$ref === 'string') {
		const name = p.$ref.split('/').pop() as string;
		return ((doc.components as Json).parameters as Json)[name] as unknown as Parameter;
	}
	return p as unknown as Parameter;
}

export class KeitaroSpec {
	readonly doc: Json;
	readonly operations: SpecOperation[];
	private readonly ajv: Ajv;
	private readonly validators = new Map<string, ValidateFunction>();

	constructor() {
		this.doc = loadDocument();
		const schemas = JSON.parse(JSON.stringify((this.doc.components as Json).schemas)) as Record<
			string,
			Json
		>;
		for (const e of SPEC_ERRATA) e.apply(schemas);
		this.ajv = new Ajv({ strict: false, allErrors: true });
		addFormats(this.ajv);
		for (const f of ['int32', 'int64', 'float', 'double']) this.ajv.addFormat(f, true);
		this.ajv.addSchema({ $id: 'keitaro', components: { schemas } });
		this.operations = [];
		for (const [p, item] of Object.entries(this.doc.paths as Json)) {
			for (const [m, raw] of Object.entries(item as Json)) {
				if (!HTTP.includes(m)) continue;
				const op = raw as Json;
				const params = ((op.parameters as Json[]) ?? []).map((x) => resolveParam(this.doc, x));
				const rb = op.requestBody as Json | undefined;
				const segments = p.split('/').filter(Boolean);
				this.operations.push({
					key: `${m.toUpperCase()} ${p}`,
					method: m.toUpperCase(),
					path: p,
					literal: segments.filter((s) => !s.startsWith('{')).length,
					regex: new RegExp(
						`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`,
					),
					pathParams: params.filter((x) => x.in === 'path'),
					queryParams: params.filter((x) => x.in === 'query'),
					bodySchema: ((rb?.content as Json | undefined)?.['application/json'] as Json | undefined)
						?.schema as Json | undefined,
					bodyRequired: rb?.required === true,
				});
			}
		}
	}

	/** The spec operation a request is (the most literal template wins: /campaigns/deleted). */
	match(method: string, apiPath: string): SpecOperation | undefined {
		const hits = this.operations.filter(
			(o) => o.method === method.toUpperCase() && o.regex.test(apiPath),
		);
		return hits.sort((a, b) => b.literal - a.literal)[0];
	}

	find(key: string): SpecOperation | undefined {
		return this.operations.find((o) => o.key === key);
	}

	private validator(op: SpecOperation): ValidateFunction {
		let fn = this.validators.get(op.key);
		if (!fn) {
			const rewrite = (node: unknown): unknown => {
				if (Array.isArray(node)) return node.map(rewrite);
				if (node && typeof node === 'object') {
					const out: Json = {};
					for (const [k, v] of Object.entries(node as Json)) {
						out[k] =
							k === '$ref' && typeof v === 'string' && v.startsWith('#/')
								? `keitaro${v}`
								: rewrite(v);
					}
					return out;
				}
				return node;
			};
			fn = this.ajv.compile(rewrite(op.bodySchema) as Json);
			this.validators.set(op.key, fn);
		}
		return fn;
	}

	/** Problems of one request against its spec operation (empty when it conforms). */
	check(
		op: SpecOperation,
		apiPath: string,
		query: Record<string, unknown>,
		body: unknown,
	): string[] {
		const problems: string[] = [];
		const values = op.regex.exec(apiPath)?.slice(1) ?? [];
		op.pathParams.forEach((p, k) => {
			const v = decodeURIComponent(values[k] ?? '');
			if (p.schema?.type === 'integer' && !/^\d+$/.test(v)) {
				problems.push(`path parameter {${p.name}} must be an integer, got "${v}"`);
			}
		});
		for (const p of op.queryParams) {
			const v = query[p.name];
			if (p.required && (v === undefined || v === null || v === '')) {
				problems.push(`required query parameter "${p.name}" is missing`);
			} else if (v !== undefined && p.schema?.type === 'integer' && !/^-?\d+$/.test(String(v))) {
				problems.push(`query parameter "${p.name}" must be an integer, got "${String(v)}"`);
			}
		}
		const emptyBody =
			body === undefined ||
			body === null ||
			(typeof body === 'object' &&
				!Array.isArray(body) &&
				Object.keys(body as object).length === 0);
		if (!op.bodySchema) {
			if (!emptyBody)
				problems.push(
					`sends a body, but the spec defines none: ${JSON.stringify(body).slice(0, 200)}`,
				);
			return problems;
		}
		if (emptyBody && op.bodyRequired) {
			const fn = this.validator(op);
			if (!fn({})) problems.push(`the request body is required: ${describeErrors(fn.errors)}`);
			return problems;
		}
		const fn = this.validator(op);
		if (!fn(body))
			problems.push(`body does not match the spec schema: ${describeErrors(fn.errors)}`);
		return problems;
	}
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
	return (errors ?? [])
		.map(
			(e) =>
				`${e.instancePath || '(body)'} ${e.message ?? ''}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`,
		)
		.join('; ');
}

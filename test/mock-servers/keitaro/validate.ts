/**
 * Request-body validation of the Keitaro mock against the vendored official OpenAPI document
 * (`openapi.json`, 2022 edition, docs §0 [SPEC]). Each operation's `requestBody` schema (mostly
 * `components.schemas.*Request` / `*Object`) is compiled with ajv (strict: false: the spec has
 * `example`, `x-*` and HTML descriptions) and errors become Keitaro's 406/422 shape
 * `{field: [messages]}` (docs §1.2).
 *
 * `nullable: true` (OpenAPI 3.0) is understood natively by ajv 8 next to `type`; the 2022 spec
 * has none, but the overrides below use it where live trackers send null.
 *
 * The spec is not always what the live API accepts; where the docs say so, the schema is relaxed
 * (each override cites its section). Everything else is validated as written, because a mock that
 * accepts what the real API would reject hides bugs.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

type JsonObject = { [key: string]: unknown };

export interface OpenApiOperation {
	parameters?: Array<{ name?: string; in?: string; required?: boolean; $ref?: string }>;
	requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
	responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
	openapi: string;
	servers: Array<{ url: string }>;
	paths: Record<string, Record<string, OpenApiOperation>>;
	components: { schemas: Record<string, JsonObject> };
}

export type FieldErrors = Record<string, string[]>;

const SPEC_ID = 'keitaro-admin-api';
export const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

let specCache: OpenApiDocument | undefined;

/** The vendored spec (parsed once per process). */
export function loadSpec(): OpenApiDocument {
	specCache ??= JSON.parse(
		fs.readFileSync(path.join(__dirname, 'openapi.json'), 'utf8'),
	) as OpenApiDocument;
	return specCache;
}

/** All (METHOD, path) pairs of the spec, e.g. `['POST', '/campaigns/{id}/clone']`. */
export function specOperations(): Array<[method: string, path: string]> {
	const out: Array<[string, string]> = [];
	for (const [p, item] of Object.entries(loadSpec().paths)) {
		for (const m of Object.keys(item)) {
			if ((HTTP_METHODS as readonly string[]).includes(m)) out.push([m.toUpperCase(), p]);
		}
	}
	return out;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Rewrites local `#/...` refs so they resolve inside the schema registered as SPEC_ID. */
function rewriteRefs(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(rewriteRefs);
	if (node && typeof node === 'object') {
		const out: JsonObject = {};
		for (const [k, v] of Object.entries(node as JsonObject)) {
			out[k] =
				k === '$ref' && typeof v === 'string' && v.startsWith('#/')
					? `${SPEC_ID}${v}`
					: rewriteRefs(v);
		}
		return out;
	}
	return node;
}

const stringOrInteger = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
const integerOrBoolean = { anyOf: [{ type: 'integer' }, { type: 'boolean' }] };

/** Documented deviations of the live API from the 2022 spec. */
function applyOverrides(schemas: Record<string, JsonObject>): void {
	const props = (name: string): JsonObject => {
		const schema = schemas[name];
		if (!schema?.properties) throw new Error(`Spec schema ${name} has no properties`);
		return schema.properties as JsonObject;
	};
	// docs §1.5: `group_id` is a string on write, an integer on read in the spec — "send either".
	props('CampaignRequest').group_id = stringOrInteger;
	props('LandingRequest').group_id = stringOrInteger;
	props('OfferRequest').group_id = stringOrInteger;
	// docs §7.1: bind_visitors is `s|sl|slo|null/""` live.
	props('CampaignRequest').bind_visitors = { type: 'string', nullable: true };
	// docs §3.2: IN_LIST / NOT_IN_LIST / BETWEEN take arrays; IS_* none. The spec's
	// `string|number` is too narrow; the report engine checks the type per operator.
	props('FilterRequest').expression = {};
	// docs §3.3 + §1.2: order is case-insensitive and a bad one is 400 "Incorrect order X",
	// which the report engine produces; the schema keeps only the type.
	props('SortRequest').order = { type: 'string' };
	// [SRC9] answers a filter without operator with 400 "Filter X must contain 'operator'" (docs
	// §1.2); the grid engine produces those messages, so `required` is left to it.
	delete schemas.FilterRequest.required;
	delete schemas.SortRequest.required;
	// docs §4.3: only_campaign_uniques is 1/0 in the spec, clients also send booleans (and the
	// campaign variant is a boolean in the spec but 0/1 elsewhere).
	props('ClicksUpdateCostsRequest').only_campaign_uniques = integerOrBoolean;
	props('CampaignCostRequest').only_campaign_uniques = integerOrBoolean;
	// docs §7.2: filter `payload` is an array on write but a string on read — accept both.
	props('FilterStreamRequest').payload = {
		anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
	};
	// docs §3.1 / §6: the current dialect (`dimensions`/`measures`) and UI extras are accepted.
	Object.assign(props('ReportsRequest'), {
		dimensions: { type: 'array', items: { type: 'string' } },
		measures: { type: 'array', items: { type: 'string' } },
		columns: { type: 'array', items: { type: 'string' } },
		summary: { type: 'boolean' },
		limit: { type: 'number' },
		offset: { type: 'number' },
	});
}

let ajvInstance: Ajv | undefined;

function getAjv(): Ajv {
	if (ajvInstance) return ajvInstance;
	const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, code: { optimize: false } });
	addFormats(ajv);
	for (const f of ['int32', 'int64', 'float', 'double']) ajv.addFormat(f, true);
	const schemas = clone(loadSpec().components.schemas);
	applyOverrides(schemas);
	ajv.addSchema(rewriteRefs({ $id: SPEC_ID, components: { schemas } }) as JsonObject);
	ajvInstance = ajv;
	return ajv;
}

const validators = new Map<string, ValidateFunction | null>();

/** The JSON request-body schema of an operation (undefined when the operation takes none). */
export function requestBodySchema(method: string, specPath: string): unknown {
	const op = loadSpec().paths[specPath]?.[method.toLowerCase()];
	return op?.requestBody?.content?.['application/json']?.schema;
}

function validatorFor(method: string, specPath: string): ValidateFunction | null {
	const key = `${method.toUpperCase()} ${specPath}`;
	if (validators.has(key)) return validators.get(key) ?? null;
	const schema = requestBodySchema(method, specPath);
	const fn = schema ? getAjv().compile(rewriteRefs(schema) as JsonObject) : null;
	validators.set(key, fn);
	return fn;
}

/** Compiles every operation's validator up front (optional; compilation is lazy otherwise). */
export function warmUpValidators(): void {
	for (const [m, p] of specOperations()) validatorFor(m, p);
}

/** Validates `body` against the operation's request schema; null when valid (or no schema). */
export function validateBody(method: string, specPath: string, body: unknown): FieldErrors | null {
	const fn = validatorFor(method, specPath);
	if (!fn || fn(body)) return null;
	return toFieldErrors(fn.errors ?? []);
}

export function humanize(field: string): string {
	const words = field.replace(/_/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

function pathLabel(segments: string[]): string {
	return segments.reduce(
		(acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg),
		'',
	);
}

/** ajv errors → `{field: [messages]}` keyed by the top-level body field. */
export function toFieldErrors(errors: ErrorObject[]): FieldErrors {
	const out: FieldErrors = {};
	const add = (field: string, message: string) => {
		const list = (out[field] ??= []);
		if (!list.includes(message)) list.push(message);
	};
	// Alternatives of an anyOf/oneOf are summarised by the anyOf/oneOf error itself.
	const unions = errors
		.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
		.map((e) => `${e.schemaPath}/`);
	for (const e of errors) {
		if (unions.some((prefix) => e.schemaPath.startsWith(prefix))) continue;
		const segments = e.instancePath
			.split('/')
			.filter(Boolean)
			.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
		const label = pathLabel(segments) || 'Body';
		switch (e.keyword) {
			case 'required': {
				const missing = String((e.params as { missingProperty?: string }).missingProperty);
				const all = [...segments, missing];
				add(
					all[0],
					all.length === 1 ? `${humanize(missing)} is required` : `${pathLabel(all)} is required`,
				);
				break;
			}
			case 'type':
				add(
					segments[0] ?? 'body',
					`${label} must be of type ${String((e.params as { type?: string }).type)}`,
				);
				break;
			case 'enum': {
				const allowed = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(
					String,
				);
				add(
					segments[0] ?? 'body',
					`Incorrect value '${String(e.data)}' for ${label}. Allowed values: ${allowed.join(', ')}`,
				);
				break;
			}
			case 'anyOf':
			case 'oneOf':
				add(segments[0] ?? 'body', `${label} has an incorrect type`);
				break;
			default:
				add(segments[0] ?? 'body', `${label} ${e.message ?? 'is invalid'}`);
		}
	}
	return out;
}

/**
 * The action runner (now test/helpers/run-action, re-exported here for the tests that import it from
 * this file), plus a small Swagger 2 matcher for the trackers whose spec we hold (RedTrack).
 */
export { runAction, type RunResult, type SentRequest } from '../helpers/run-action';

interface SwaggerParam {
	in: string;
	name: string;
	required?: boolean;
	type?: string;
	schema?: { $ref?: string };
}
interface Swagger {
	paths: Record<string, Record<string, { parameters?: SwaggerParam[] }>>;
	definitions: Record<string, { properties?: Record<string, { type?: string }> }>;
}

/** Matches a request to a Swagger 2 operation and lists what does not conform. */
export class SwaggerChecker {
	constructor(private readonly spec: Swagger) {}

	match(method: string, path: string): { key: string; params: SwaggerParam[] } | undefined {
		let best: { key: string; params: SwaggerParam[]; literal: number } | undefined;
		for (const [template, ops] of Object.entries(this.spec.paths)) {
			const op = ops[method.toLowerCase()];
			if (!op) continue;
			const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
			if (!re.test(path)) continue;
			const literal = template.replace(/\{[^}]+\}/g, '').length;
			if (!best || literal > best.literal)
				best = { key: `${method.toUpperCase()} ${template}`, params: op.parameters ?? [], literal };
		}
		return best;
	}

	check(method: string, path: string, query: Record<string, unknown>, body: unknown): string[] {
		const op = this.match(method, path);
		if (!op) return [`${method} ${path} is not a spec operation`];
		const problems: string[] = [];
		for (const p of op.params) {
			if (p.in === 'query' && p.required && (query[p.name] === undefined || query[p.name] === ''))
				problems.push(`required query parameter "${p.name}" is missing`);
			if (
				p.in === 'query' &&
				query[p.name] !== undefined &&
				(p.type === 'number' || p.type === 'integer') &&
				!Number.isFinite(Number(query[p.name]))
			)
				problems.push(`query parameter "${p.name}" must be a number`);
			if (p.in === 'body' && p.schema?.$ref) {
				const model = this.spec.definitions[p.schema.$ref.replace('#/definitions/', '')];
				if (!body || typeof body !== 'object' || Array.isArray(body))
					problems.push('body must be a JSON object');
				else
					for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
						const prop = model?.properties?.[k];
						if (!prop) problems.push(`body field "${k}" is not in the spec model`);
						else if (prop.type === 'number' && typeof v !== 'number')
							problems.push(`body field "${k}" must be a number`);
						else if (prop.type === 'string' && typeof v !== 'string')
							problems.push(`body field "${k}" must be a string`);
					}
			}
		}
		const known = new Set(op.params.filter((p) => p.in === 'query').map((p) => p.name));
		for (const k of Object.keys(query))
			if (!known.has(k)) problems.push(`query parameter "${k}" is not in the spec`);
		return problems;
	}
}

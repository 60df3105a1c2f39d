import type { INodeParameters } from 'n8n-workflow';

/**
 * A trigger's parameters as a workflow saved with node version `version` holds them: version 1
 * keeps the `moved` parameters at the top level, version 2 (the shared trigger layout,
 * nodes/shared/trigger/layout.ts) under Options.
 */
export function savedAs(
	version: 1 | 2,
	parameters: INodeParameters,
	moved: string[] = ['statusMap'],
): INodeParameters {
	if (version === 1) return parameters;
	const out: INodeParameters = { ...parameters };
	const options: INodeParameters = {
		...((parameters.options as INodeParameters | undefined) ?? {}),
	};
	for (const name of moved) {
		if (!(name in out)) continue;
		options[name] = out[name];
		delete out[name];
	}
	out.options = options;
	return out;
}

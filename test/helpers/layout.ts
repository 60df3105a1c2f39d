import type { INodeParameters } from 'n8n-workflow';

/**
 * A trigger's parameters as a workflow saved with node version `version` holds them: version 1
 * keeps the `moved` parameters at the top level and the `filters` entries under Options, version 2
 * (the shared trigger layout, nodes/shared/trigger/layout.ts) the `moved` parameters under Options
 * and the `filters` entries under Filters. `parameters` are given as version 1 holds them.
 */
export function savedAs(
	version: 1 | 2,
	parameters: INodeParameters,
	moved: string[] = ['statusMap'],
	filters: string[] = [],
): INodeParameters {
	if (version === 1) return parameters;
	const out: INodeParameters = { ...parameters };
	const options: INodeParameters = {
		...((parameters.options as INodeParameters | undefined) ?? {}),
	};
	const filterValues: INodeParameters = {
		...((parameters.filters as INodeParameters | undefined) ?? {}),
	};
	for (const name of filters) {
		if (!(name in options)) continue;
		filterValues[name] = options[name];
		delete options[name];
	}
	for (const name of moved) {
		if (!(name in out)) continue;
		options[name] = out[name];
		delete out[name];
	}
	out.options = options;
	if (Object.keys(filterValues).length > 0 || 'filters' in parameters) out.filters = filterValues;
	return out;
}

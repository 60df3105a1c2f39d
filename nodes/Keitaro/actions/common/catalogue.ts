import type { IExecuteFunctions } from 'n8n-workflow';

import { keitaroApiRequest } from '../../transport';
import type { KeitaroOperation } from '../types';
import { returnAllLimit } from './descriptions';
import { applyLimit, asArray, getListOptions } from './utils';

/** A read-only catalogue list (flow types, schemas, actions, filters): one item per entry. */
export function catalogueOperation(options: {
	name: string;
	value: string;
	description: string;
	action: string;
	path: string;
}): KeitaroOperation {
	return {
		option: {
			name: options.name,
			value: options.value,
			description: options.description,
			action: options.action,
		},
		properties: [...returnAllLimit],
		spec: [`GET ${options.path}`],
		async execute(this: IExecuteFunctions, i: number) {
			const { limit } = getListOptions(this, i);
			const data = await keitaroApiRequest.call(this, 'GET', options.path, { itemIndex: i });
			return applyLimit(asArray(data), limit);
		},
	};
}

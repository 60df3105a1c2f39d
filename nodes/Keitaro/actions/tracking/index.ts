import type { KeitaroResource } from '../types';
import { applyParameters } from './apply';
import { buildMapping } from './buildMapping';
import { generateParameters } from './generate';
import { syncCosts } from './syncCosts';

export const resource: KeitaroResource = {
	option: {
		name: 'Tracking',
		value: 'tracking',
		description: 'Ad-network glue: tracking templates, campaign ID mapping and cost sync',
	},
	defaultOperation: 'generateParameters',
	operations: { applyParameters, buildMapping, generateParameters, syncCosts },
};

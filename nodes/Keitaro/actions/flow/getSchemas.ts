import { catalogueOperation } from '../common/catalogue';

export const getSchemas = catalogueOperation({
	name: 'Get Schemas',
	value: 'getSchemas',
	description: 'Get the flow schemas (landing pages and offers, redirect, action)',
	action: 'Get flow schemas',
	path: '/stream_schemas',
});
